"""The vocabulary of a suite: rules as data, turned into Great Expectations objects only when run.

A suite validates one table (a DataFrame read from DuckDB with `query`), in one layer; its
Dagster check belongs to the asset that builds the table (`orchestration/assets/quality.py`).
No suite blocks publishing: what blocks is a dbt test of severity error (docs/auditors_guide.md,
"Severity"); a failed GX rule is reported with its severity and failing keys.
A rule names a Great Expectations expectation class and its arguments, so this module (and every
suite) imports without Great Expectations: the Dagster definitions stay fast to load and GX
(~8 s to import) is imported once, in the check step.

Domain rules that compare rows (98 municipalities per list, parts ≈ total) are written as a
derived column in the suite's SQL plus a simple expectation on that column, so Data Docs show the
rule, the observed value and the failing rows by their business keys.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]
Layer = Literal["raw", "staging", "intermediate", "marts"]


@dataclass(frozen=True)
class RunParams:
    """What a rule may depend on besides the table: thresholds and the previous run."""

    thresholds: Mapping[str, float]
    previous_row_count: int | None = None


@dataclass(frozen=True)
class Rule:
    """One check. `kwargs` may be a function of `RunParams` (thresholds, history)."""

    rule_id: str  # unique within the suite; the full id is "<suite>.<rule_id>"
    expectation: str  # class name in great_expectations.expectations
    kwargs: Mapping[str, Any] | Callable[[RunParams], Mapping[str, Any] | None]
    description: str
    threshold: str  # the limit as a reader would say it ("= 98", "within 0–100")
    keys: tuple[str, ...] = ()  # business keys reported for failing rows
    severity: Severity = "error"
    columns: tuple[str, ...] = ()  # columns the rule needs; missing → the rule is skipped

    def resolve(self, params: RunParams) -> Mapping[str, Any] | None:
        """The expectation's arguments, or None when the rule cannot apply (no history yet)."""
        return self.kwargs(params) if callable(self.kwargs) else self.kwargs


@dataclass(frozen=True)
class Suite:
    name: str  # "<schema>.<table>", e.g. "marts.fct_benchmark"
    layer: Layer
    query: str  # SQL run against the warehouse; the frame GX validates
    rules: tuple[Rule, ...]
    description: str = ""
    key_columns: tuple[str, ...] = field(default=())  # default business keys of a row

    @property
    def relation(self) -> str:
        return self.name

    @property
    def table(self) -> str:
        return self.name.split(".", 1)[1]

    @property
    def check_name(self) -> str:
        return "gx_" + self.name.replace(".", "__")


# -- rule helpers ---------------------------------------------------------------------------


def not_null(column: str, keys: tuple[str, ...] = ()) -> Rule:
    return Rule(
        f"{column}_not_null",
        "ExpectColumnValuesToNotBeNull",
        {"column": column},
        f"{column} is never NULL",
        "0 NULL values",
        keys=keys,
        columns=(column,),
    )


def between(
    rule_id: str,
    column: str,
    low: float | None,
    high: float | None,
    description: str,
    keys: tuple[str, ...] = (),
    severity: Severity = "error",
) -> Rule:
    if low is not None and high is not None:
        threshold = f"= {low:g}" if low == high else f"within {low:g} … {high:g}"
    elif low is not None:
        threshold = f">= {low:g}"
    else:
        threshold = f"<= {high:g}"
    return Rule(
        rule_id,
        "ExpectColumnValuesToBeBetween",
        {"column": column, "min_value": low, "max_value": high},
        description,
        threshold,
        keys=keys,
        severity=severity,
        columns=(column,),
    )


def within_tolerance(
    rule_id: str, column: str, tolerance_key: str, description: str, keys: tuple[str, ...]
) -> Rule:
    """|column| <= thresholds[tolerance_key] (the column is a residual computed in SQL)."""

    def kwargs(params: RunParams) -> Mapping[str, Any]:
        tol = float(params.thresholds[tolerance_key])
        return {"column": column, "min_value": -tol, "max_value": tol}

    return Rule(
        rule_id,
        "ExpectColumnValuesToBeBetween",
        kwargs,
        description,
        f"|{column}| <= {tolerance_key}",
        keys=keys,
        columns=(column,),
    )


def unique(rule_id: str, columns: tuple[str, ...], description: str) -> Rule:
    return Rule(
        rule_id,
        "ExpectCompoundColumnsToBeUnique",
        {"column_list": list(columns)},
        description,
        f"no two rows share ({', '.join(columns)})",
        keys=columns,
        columns=columns,
    )


def in_set(
    rule_id: str, column: str, values: list[Any], description: str, keys: tuple[str, ...] = ()
) -> Rule:
    return Rule(
        rule_id,
        "ExpectColumnValuesToBeInSet",
        {"column": column, "value_set": values},
        description,
        f"in {values}",
        keys=keys,
        columns=(column,),
    )


def row_count_drop() -> Rule:
    """Row count fell more than `row_count_drop_warn_share` below the previous run: a warning."""

    def kwargs(params: RunParams) -> Mapping[str, Any] | None:
        if not params.previous_row_count:
            return None  # first run: nothing to compare with
        drop = float(params.thresholds["row_count_drop_warn_share"])
        return {"min_value": int(params.previous_row_count * (1 - drop))}

    return Rule(
        "row_count_drop",
        "ExpectTableRowCountToBeBetween",
        kwargs,
        "Row count has not dropped by more than the threshold since the previous run (a drop is "
        "a warning: a withdrawn period or a smaller delivery can be legitimate)",
        ">= previous run × (1 − row_count_drop_warn_share)",
        severity="warning",
    )

"""A suite for any registered source table, derived from its `TableSpec`: keys present and
unique per load, counts not negative, percentages within 0–100, period codes of the spec's types,
and the row-count drop warning. Source-specific modules add their domain rules to it."""

from __future__ import annotations

from expectations.base import Rule, Suite, between, not_null, row_count_drop, unique
from orchestration.tables import TableSpec

_SIGNED = ("diff", "change", "gap")  # integer columns that may be negative


def base_rules(spec: TableSpec, extra_keys: tuple[str, ...] = ()) -> tuple[Rule, ...]:
    row = ("load_id", *extra_keys, *spec.key)
    rules: list[Rule] = [not_null(c, row) for c in spec.key if not spec.column(c).suppressible]
    rules.append(
        unique(
            "row_unique",
            ("load_id", *spec.key),
            f"One row per load and key ({', '.join(spec.key)})",
        )
    )
    for col in spec.columns:
        if col.kind == "integer" and not any(s in col.name for s in _SIGNED):
            rules.append(
                between(f"{col.name}_non_negative", col.name, 0, None, f"{col.name} ≥ 0", row)
            )
        elif col.kind == "decimal" and col.name.endswith("_pct"):
            rules.append(
                between(f"{col.name}_range", col.name, 0, 100, f"{col.name} within 0–100 %", row)
            )
        elif col.kind == "period":
            rules.append(
                Rule(
                    f"{col.name}_format",
                    "ExpectColumnValuesToMatchRegex",
                    {"column": col.name, "regex": spec.period_regex.pattern},
                    f"{col.name} is a period code of type {'/'.join(spec.period_types)}",
                    f"matches {spec.period_regex.pattern}",
                    keys=row,
                    columns=(col.name,),
                )
            )
    rules.append(row_count_drop())
    return tuple(rules)


def suite_for_spec(
    spec: TableSpec,
    *,
    extra_rules: tuple[Rule, ...] = (),
    derived_columns: str = "",
    extra_keys: tuple[str, ...] = (),
    description: str = "",
) -> Suite:
    """The generic suite of `spec`, plus domain rules on `derived_columns` (SQL select items);
    `extra_keys` are derived columns named in every failing key (e.g. kommunekode)."""
    derived = f", {derived_columns}" if derived_columns else ""
    numeric = ", ".join(
        f"cast({c.name} as double) as {c.name}" if c.kind == "decimal" else c.name
        for c in spec.columns
    )
    return Suite(
        name=spec.raw_relation,
        layer="raw",
        description=description or spec.description,
        key_columns=("load_id", *extra_keys, *spec.key),
        query=f"select load_id, source_row_number, {numeric}{derived} from {spec.raw_relation}",
        rules=base_rules(spec, extra_keys) + extra_rules,
    )

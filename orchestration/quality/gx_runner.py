"""Run the Great Expectations suites of `expectations/` against the warehouse, in one go.

1. Read one DataFrame per suite from DuckDB (read-only where the process allows it) and close the
   connection before validating: DuckDB has one writer per file.
2. Validate every frame with an in-memory (ephemeral) GX context, so GX keeps no working files;
   its only output is the Data Docs site, rebuilt from scratch in `<data>/quality/` every run.
3. Turn every rule's result into a `CheckRow` (run id, git commit, data version, rule id, layer,
   asset, status, observed value, threshold, failing business keys, checked at).

A suite whose table does not exist (yet) or is empty is reported as skipped with "not enough
data", as is a rule whose columns are missing or that needs a previous run: a source that has
not delivered, or a mart that needs a kind of list not loaded yet (fct_supervision_risk needs a
calendar-year list), is neither an error nor a warning.
"""

from __future__ import annotations

import math
import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from expectations import all_suites, thresholds
from expectations.base import Rule, RunParams, Suite
from orchestration.quality.run_info import RunInfo, run_info
from orchestration.quality.store import CheckRow
from orchestration.settings import Settings

MAX_FAILING_KEYS = 50


def docs_dir(settings: Settings) -> Path:
    """Where Data Docs go: `<data>/quality/index.html` (README)."""
    return settings.data_dir / "quality"


NOT_ENOUGH_DATA = "not enough data"


def row_count_rule(_suite: Suite) -> Rule:
    """The table's row count, recorded every run as the base of the next run's row-count drop.
    An empty table never gets here: its suite is "not enough data" (see `run_suites`)."""
    return Rule(
        "row_count",
        "ExpectTableRowCountToBeBetween",
        {"min_value": 1},
        "Row count of the table (the base of the next run's row-count drop)",
        ">= 1 row",
        severity="warning",
    )


@dataclass
class SuiteOutcome:
    suite: Suite
    status: str  # pass | fail | warn | skipped | error
    rows: list[CheckRow] = field(default_factory=list)
    row_count: int | None = None
    message: str | None = None

    @property
    def failed_rules(self) -> list[CheckRow]:
        return [r for r in self.rows if r.status in ("fail", "error")]

    @property
    def warned_rules(self) -> list[CheckRow]:
        return [r for r in self.rows if r.status == "warn"]


@dataclass
class QualityRun:
    info: RunInfo
    outcomes: list[SuiteOutcome]
    docs_index: Path | None
    seconds: float

    @property
    def rows(self) -> list[CheckRow]:
        return [row for outcome in self.outcomes for row in outcome.rows]

    def outcome(self, suite_name: str) -> SuiteOutcome:
        return next(o for o in self.outcomes if o.suite.name == suite_name)


def _connect_for_reading(path: Path) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.ConnectionException:
        # Same process already holds the file with the default (read-write) configuration
        # (TOOLCHAIN P5): DuckDB refuses a second configuration, so use the same one.
        return duckdb.connect(str(path))


def _table_exists(con: duckdb.DuckDBPyConnection, relation: str) -> bool:
    schema, table = relation.split(".", 1)
    from orchestration.quality.store import scalar

    return bool(
        scalar(
            con,
            "select count(*) from information_schema.tables "
            "where table_schema = ? and table_name = ?",
            [schema, table],
        )
    )


def _previous_row_counts(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, int]:
    if not _table_exists(con, "quality.check_result"):
        return {}
    from orchestration.quality.store import previous_row_counts

    return previous_row_counts(con, run_id)


def _jsonable(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()  # numpy scalar
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _failing_keys(result: dict[str, Any], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    seen: dict[tuple, dict[str, Any]] = {}
    for item in result.get("unexpected_index_list") or []:
        if not isinstance(item, dict):
            continue
        record = {k: _jsonable(item.get(k)) for k in keys if k in item}
        seen.setdefault(tuple(record.items()), record)
    return list(seen.values())


def _observed(result: dict[str, Any]) -> tuple[str | None, int | None]:
    if "observed_value" in result:
        value = _jsonable(result["observed_value"])
        return (None if value is None else str(value)), None
    if "unexpected_count" in result:
        count = int(result["unexpected_count"] or 0)
        return f"{count} of {result.get('element_count', '?')} rows fail", count
    return None, None


def read_frames(
    settings: Settings, suites: Iterable[Suite], run_id: str | None
) -> tuple[
    RunInfo,
    dict[str, pd.DataFrame | str | None],
    dict[str, int],
    tuple[str, list[dict[str, Any]]],
]:
    """Each suite's frame (None: table missing; str: the query failed), run info, history, and
    the run's dbt results (for their Data Docs page)."""
    from orchestration.quality.dbt_docs import dbt_results

    frames: dict[str, pd.DataFrame | str | None] = {}
    con = _connect_for_reading(settings.warehouse_path)
    try:
        info = run_info(con, run_id)
        assert info.run_id is not None  # run_info() always names the run
        history = _previous_row_counts(con, info.run_id)
        dbt_rows = dbt_results(con, info.run_id)  # (run id, rows)
        for suite in suites:
            if not _table_exists(con, suite.relation):
                frames[suite.name] = None
                continue
            try:
                frames[suite.name] = con.execute(suite.query).df()
            except duckdb.Error as exc:
                frames[suite.name] = f"{type(exc).__name__}: {exc}"
    finally:
        con.close()
    return info, frames, history, dbt_rows


def _gx_context(site_dir: Path):
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    for name, site in dict(context.variables.data_docs_sites or {}).items():
        # the default site is a random temp dir GX has just created: remove both
        context.delete_data_docs_site(name)
        temp_dir = Path(site.get("store_backend", {}).get("base_directory", ""))
        if temp_dir.name.startswith("tmp") and temp_dir.is_dir() and not any(temp_dir.iterdir()):
            temp_dir.rmdir()
    context.add_data_docs_site(
        site_name="quality",
        site_config={
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(site_dir),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    return gx, context


def run_suites(
    settings: Settings,
    *,
    run_id: str | None = None,
    suites: Iterable[Suite] | None = None,
    build_docs: bool = True,
    log: Callable[[str], None] = lambda _msg: None,
) -> QualityRun:
    started = time.perf_counter()
    suites = list(suites if suites is not None else all_suites())
    info, frames, history, (dbt_run_id, dbt_rows) = read_frames(settings, suites, run_id)
    recorded_run_id = info.run_id
    assert recorded_run_id is not None  # run_info() always names the run
    limits = thresholds()

    def row(suite: Suite, rule: Rule | None, status: str, **extra: Any) -> CheckRow:
        return CheckRow(
            run_id=recorded_run_id,
            git_commit=info.git_commit,
            data_version=info.data_version,
            check_source="great_expectations",
            suite=suite.name,
            rule_id=f"{suite.name}.{rule.rule_id if rule else 'suite'}",
            rule_description=rule.description if rule else suite.description,
            layer=suite.layer,
            asset=suite.relation,
            status=status,
            severity=rule.severity if rule else None,
            **{"threshold": rule.threshold if rule else None, **extra},
        )

    outcomes: list[SuiteOutcome] = []
    to_validate: list[tuple[Suite, pd.DataFrame]] = []
    for suite in suites:
        frame = frames[suite.name]
        if frame is None:
            message = f"{NOT_ENOUGH_DATA}: table {suite.relation} does not exist (yet)"
            outcomes.append(
                SuiteOutcome(
                    suite,
                    "skipped",
                    [row(suite, None, "skipped", message=message)],
                    message=message,
                )
            )
            log(message)
        elif isinstance(frame, str):
            message = f"could not read {suite.relation}: {frame}"
            outcomes.append(
                SuiteOutcome(
                    suite, "error", [row(suite, None, "error", message=message)], message=message
                )
            )
            log(message)
        elif frame.empty and not history.get(suite.name):
            # empty and never had rows: nothing to check yet (a table that had rows in an
            # earlier run and is empty now is validated: its row-count drop warns)
            message = f"{NOT_ENOUGH_DATA}: {suite.relation} is empty"
            outcomes.append(
                SuiteOutcome(
                    suite,
                    "skipped",
                    [
                        row(suite, rule, "skipped", message=message, observed_value="0")
                        for rule in (row_count_rule(suite), *suite.rules)
                    ],
                    row_count=0,
                    message=message,
                )
            )
            log(message)
        else:
            to_validate.append((suite, frame))

    site_dir = docs_dir(settings)
    docs_index: Path | None = None
    if to_validate:
        gx, context = _gx_context(site_dir)
        source = context.data_sources.add_pandas("warehouse")
        for suite, frame in to_validate:
            params = RunParams(thresholds=limits, previous_row_count=history.get(suite.name))
            gx_suite = context.suites.add(gx.ExpectationSuite(name=suite.name))
            rows: list[CheckRow] = []
            applied: list[Rule] = []
            resolved_threshold: dict[str, str] = {}
            for rule in (row_count_rule(suite), *suite.rules):
                missing = [c for c in rule.columns if c not in frame.columns]
                kwargs = None if missing else rule.resolve(params)
                if missing or kwargs is None:
                    why = (
                        f"column(s) {', '.join(missing)} not in {suite.relation}"
                        if missing
                        else f"{NOT_ENOUGH_DATA}: no previous run to compare with"
                    )
                    rows.append(row(suite, rule, "skipped", message=why))
                    continue
                expectation_class = getattr(gx.expectations, rule.expectation)
                gx_suite.add_expectation(
                    expectation_class(
                        **kwargs,
                        description=rule.description,
                        severity=rule.severity.replace("error", "critical"),
                        meta={
                            "rule_id": f"{suite.name}.{rule.rule_id}",
                            "threshold": rule.threshold,
                        },
                    )
                )
                applied.append(rule)
                if callable(rule.kwargs):  # show the limit this run actually applied
                    limits_applied = ", ".join(
                        f"{k}={kwargs[k]:g}"
                        for k in ("min_value", "max_value")
                        if kwargs.get(k) is not None
                    )
                    resolved_threshold[rule.rule_id] = f"{rule.threshold} ({limits_applied})"
            index_columns = [
                c
                for c in dict.fromkeys([*suite.key_columns, *(k for r in applied for k in r.keys)])
                if c in frame.columns
            ]
            batch = source.add_dataframe_asset(
                name=suite.name
            ).add_batch_definition_whole_dataframe("whole")
            definition = context.validation_definitions.add(
                gx.ValidationDefinition(name=suite.name, data=batch, suite=gx_suite)
            )
            result = definition.run(
                batch_parameters={"dataframe": frame},
                result_format={
                    "result_format": "COMPLETE",
                    "unexpected_index_column_names": index_columns,
                    "partial_unexpected_count": 20,
                },
                run_id=gx.RunIdentifier(run_name=info.run_id),
            )
            by_rule_id = {r.expectation_config.meta["rule_id"]: r for r in result.results}
            row_count = None
            for rule in applied:
                res = by_rule_id[f"{suite.name}.{rule.rule_id}"]
                observed, failing_count = _observed(res.result)
                if rule.rule_id == "row_count" and observed is not None:
                    row_count = int(observed)
                exception = (res.exception_info or {}).get("exception_message")
                if exception:
                    status = "error"
                elif res.success:
                    status = "pass"
                else:
                    status = "warn" if rule.severity == "warning" else "fail"
                keys = _failing_keys(res.result, rule.keys or suite.key_columns)
                rows.append(
                    row(
                        suite,
                        rule,
                        status,
                        threshold=resolved_threshold.get(rule.rule_id, rule.threshold),
                        observed_value=observed,
                        failing_count=failing_count
                        if failing_count is not None
                        else (0 if status == "pass" else None),
                        failing_keys=keys[:MAX_FAILING_KEYS] if status != "pass" else None,
                        message=exception
                        or (f"{len(keys)} failing key(s)" if status != "pass" and keys else None),
                    )
                )
            statuses = {r.status for r in rows}
            status = (
                "fail" if statuses & {"fail", "error"} else "warn" if "warn" in statuses else "pass"
            )
            outcomes.append(SuiteOutcome(suite, status, rows, row_count=row_count))
            log(f"{suite.name}: {status} ({len(rows)} rules, {row_count} rows)")
        if build_docs:
            for stale in ("validations", "expectations", "index.html", "dbt_tests.html"):
                target = site_dir / stale
                if target.is_dir():
                    shutil.rmtree(target)
                elif target.exists():
                    target.unlink()
            context.build_data_docs(site_names=["quality"])
            from orchestration.quality.dbt_docs import write_page
            from orchestration.quality.offline_docs import make_offline

            write_page(site_dir, dbt_run_id, dbt_rows)
            make_offline(site_dir)
            docs_index = site_dir / "index.html"
    order = {s.name: i for i, s in enumerate(suites)}
    outcomes.sort(key=lambda o: order[o.suite.name])
    return QualityRun(info, outcomes, docs_index, time.perf_counter() - started)

"""Data quality in Dagster: the Great Expectations suites as asset checks, and the check history.

- `quality/check_result` and `quality/data_version_load` (one step): the history tables,
  created before dbt builds `marts.fct_data_quality` on them. Rows
  are appended by the checks themselves, so a failing (blocking) check is recorded even though
  the assets after it do not run; dbt test results are appended by the dbt asset after
  `dbt build` (`orchestration/assets/dbt.py`).
- `great_expectations_suites` (one multi-asset check, one step, so GX is imported once): one check
  per suite of `expectations/` on the asset that builds its table. The severity model
  (docs/auditors_guide.md): a failed rule of severity error gives the check severity ERROR,
  which stops the serving copy (`failed_blocking_checks` in assets/outputs.py); a warning gives
  WARN and never stops it; a suite with "not enough data" (its table empty or missing, no
  previous run) passes with that said. A suite whose table has no asset yet gets no check and
  is recorded as skipped.
"""

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckKey,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    Definitions,
    MaterializeResult,
    MetadataValue,
    multi_asset,
    multi_asset_check,
)
from dagster_dbt import get_asset_key_for_model

from expectations import all_suites
from expectations.base import Suite
from orchestration.assets.dbt import jobcenter_dbt_assets
from orchestration.settings import Settings
from orchestration.tables import all_specs


def asset_key_of(suite: Suite) -> AssetKey | None:
    """The asset that builds the suite's table: a raw asset, or a dbt model (None: none yet)."""
    if suite.layer == "raw":
        for spec in all_specs():
            if spec.raw_relation == suite.relation:
                return AssetKey([spec.source, spec.table])
        return None
    try:
        return get_asset_key_for_model([jobcenter_dbt_assets], suite.table)
    except Exception:
        return None


def _plan() -> tuple[dict[str, tuple[Suite, AssetCheckSpec]], list[Suite]]:
    checked: dict[str, tuple[Suite, AssetCheckSpec]] = {}
    without_asset: list[Suite] = []
    for suite in all_suites():
        key = asset_key_of(suite)
        if key is None:
            without_asset.append(suite)
            continue
        spec = AssetCheckSpec(
            name=suite.check_name,
            asset=key,
            description=(
                f"Great Expectations suite {suite.name} ({suite.layer}, {len(suite.rules) + 1} "
                f"rules): {suite.description}"
            ),
        )
        checked[suite.name] = (suite, spec)
    return checked, without_asset


CHECKED, WITHOUT_ASSET = _plan()


HISTORY = AssetKey(["quality", "check_result"])
DATA_VERSION_LOADS = AssetKey(["quality", "data_version_load"])


@multi_asset(
    name="check_result_history",
    specs=[
        AssetSpec(
            HISTORY,
            group_name="quality",
            kinds={"python", "duckdb"},
            description=(
                "Check history: quality.check_result (one row per check and run, GX rules and "
                "dbt tests alike, appended, never overwritten). Exposed to BI as "
                "marts.fct_data_quality."
            ),
        ),
        AssetSpec(
            DATA_VERSION_LOADS,
            group_name="quality",
            kinds={"python", "duckdb"},
            description=(
                "quality.data_version_load: the loads (landed files) each data version consists "
                "of, recorded once per version by the first run that checks it "
                "(docs/data_version.md)."
            ),
        ),
    ],
)
def check_result_history(context: AssetExecutionContext):
    from orchestration.quality.record import ensure_history

    rows = ensure_history(Settings.from_env())
    context.log.info(f"quality.check_result holds {rows} check result(s) of earlier runs")
    yield MaterializeResult(asset_key=HISTORY, metadata={"rows_before_run": rows})
    yield MaterializeResult(asset_key=DATA_VERSION_LOADS)


def _result(outcome, spec: AssetCheckSpec) -> AssetCheckResult:
    from orchestration.quality.gx_runner import docs_dir

    failed = outcome.failed_rules
    warned = outcome.warned_rules
    if outcome.status in ("pass", "skipped"):  # skipped: not enough data, said in the text
        passed, severity = True, AssetCheckSeverity.ERROR
    elif outcome.status in ("fail", "error"):
        passed, severity = False, AssetCheckSeverity.ERROR
    else:  # warn
        passed, severity = False, AssetCheckSeverity.WARN
    lines = [
        f"{r.rule_id.rsplit('.', 1)[-1]}: {'warning' if r.status == 'warn' else r.status} "
        f"(observed {r.observed_value}; threshold {r.threshold})"
        + (f" keys {r.failing_keys[:5]}" if r.failing_keys else "")
        for r in failed + warned
    ]
    return AssetCheckResult(
        asset_key=spec.asset_key,
        check_name=spec.name,
        passed=passed,
        severity=severity,
        description=outcome.message
        or ("; ".join(lines[:5]) if lines else f"all {len(outcome.rows)} rules passed"),
        metadata={
            "status": outcome.status,
            "rules": len(outcome.rows),
            "rules_failed": len(failed),
            "rules_warned": len(warned),
            "rules_skipped": sum(r.status == "skipped" for r in outcome.rows),
            "row_count": outcome.row_count if outcome.row_count is not None else -1,
            "failures": MetadataValue.md("\n".join(f"- {x}" for x in lines) or "none"),
            "data_docs": MetadataValue.path(str(docs_dir(Settings.from_env()) / "index.html")),
        },
    )


def build_suite_checks(
    checked: dict[str, tuple[Suite, AssetCheckSpec]], without_asset: list[Suite]
) -> AssetChecksDefinition:
    """One multi-asset check (one step) running the given suites; tests build their own."""

    @multi_asset_check(
        name="great_expectations_suites",
        specs=[spec for _, spec in checked.values()],
        can_subset=True,
        description=(
            "Runs every Great Expectations suite of expectations/ in one step, writes Data Docs "
            "to <data>/quality/index.html and appends one row per rule to quality.check_result."
        ),
    )
    def great_expectations_suites(context: AssetCheckExecutionContext):
        from orchestration.quality.gx_runner import run_suites
        from orchestration.quality.record import record_rows

        settings = Settings.from_env()
        selected: set[AssetCheckKey] = set(context.selected_asset_check_keys)
        wanted = [
            suite
            for suite, spec in checked.values()
            if AssetCheckKey(spec.asset_key, spec.name) in selected
        ]
        if len(wanted) == len(checked):
            wanted += without_asset  # a full run also reports the suites with no table yet
        quality_run = run_suites(
            settings, run_id=context.run.run_id, suites=wanted, log=context.log.info
        )
        written = record_rows(settings, quality_run.info, quality_run.rows)
        context.log.info(
            f"{written} check result(s) recorded for data version "
            f"{quality_run.info.data_version} in {quality_run.seconds:.1f} s; "
            f"Data Docs: {quality_run.docs_index}"
        )
        for outcome in quality_run.outcomes:
            if outcome.suite.name in checked:
                yield _result(outcome, checked[outcome.suite.name][1])

    return great_expectations_suites


great_expectations_suites = build_suite_checks(CHECKED, WITHOUT_ASSET)

defs = Definitions(assets=[check_result_history], asset_checks=[great_expectations_suites])

"""Write check results to the history: the one place that opens the warehouse for writing."""

from __future__ import annotations

from pathlib import Path

from orchestration import raw_store
from orchestration.quality import dbt_results, store
from orchestration.quality.run_info import RunInfo, run_info
from orchestration.quality.store import CheckRow
from orchestration.settings import Settings


def ensure_history(settings: Settings) -> int:
    """Create the history tables if needed; returns the number of rows held."""
    with raw_store.connect(settings.warehouse_path) as con:
        store.ensure_tables(con)
        return con.execute("select count(*) from quality.check_result").fetchone()[0]


def record_rows(settings: Settings, info: RunInfo, rows: list[CheckRow]) -> int:
    with raw_store.connect(settings.warehouse_path) as con:
        store.ensure_tables(con)
        if info.data_version:
            store.record_data_version(con, info.data_version, list(info.load_ids))
        return store.append(con, rows)


def record_dbt_invocation(settings: Settings, target_path: Path, run_id: str) -> int:
    """Append the tests of one dbt invocation to the history (after dbt has exited)."""
    with raw_store.connect(settings.warehouse_path) as con:
        info = run_info(con, run_id)
    rows = dbt_results.check_rows(target_path, info)
    return record_rows(settings, info, rows) if rows else 0


def record_dbt_tests(context, target_path: Path) -> None:
    """Called by the dbt asset after `dbt build` (passed or failed); never raises, so it cannot
    hide dbt's own error."""
    try:
        written = record_dbt_invocation(Settings.from_env(), Path(target_path), context.run_id)
        context.log.info(f"{written} dbt test result(s) recorded in quality.check_result")
    except Exception as exc:
        context.log.warning(f"could not record dbt test results: {type(exc).__name__}: {exc}")


def record_asset_check(
    context,
    *,
    asset: str,
    rule_id: str,
    description: str,
    passed: bool,
    observed_value: str,
    threshold: str,
    failing_keys: list[dict] | None = None,
) -> None:
    """One of our Python asset checks (check_source 'dagster') into the history, beside the GX
    rules and dbt tests; like `record_dbt_tests` it never raises, so the check's own result
    still reaches Dagster."""
    try:
        settings = Settings.from_env()
        with raw_store.connect(settings.warehouse_path) as con:
            info = run_info(con, context.run.run_id)  # an asset-check context has no run_id
        row = CheckRow(
            run_id=info.run_id,
            git_commit=info.git_commit,
            data_version=info.data_version,
            check_source="dagster",
            suite=f"dagster.{asset.split('.', 1)[-1]}",
            rule_id=f"dagster.{rule_id}",
            rule_description=description,
            layer=asset.split(".", 1)[0],
            asset=asset,
            status="pass" if passed else "fail",
            severity="error",
            observed_value=observed_value,
            threshold=threshold,
            failing_count=len(failing_keys or []),
            failing_keys=(failing_keys or [])[:50] or None,
        )
        record_rows(settings, info, [row])
    except Exception as exc:
        context.log.warning(f"could not record check {rule_id}: {type(exc).__name__}: {exc}")

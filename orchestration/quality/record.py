"""Write check results to the history: the one place that opens the warehouse for writing."""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestration import raw_store
from orchestration.quality import dbt_results, store
from orchestration.quality.run_info import RunInfo, run_info
from orchestration.quality.store import CheckRow
from orchestration.settings import Settings


def ensure_history(settings: Settings) -> int:
    """Create the history tables if needed; returns the number of rows held."""
    with raw_store.connect(settings.warehouse_path) as con:
        store.ensure_tables(con)
        return store.scalar(con, "select count(*) from quality.check_result")


def record_rows(settings: Settings, info: RunInfo, rows: list[CheckRow]) -> int:
    with raw_store.connect(settings.warehouse_path) as con:
        store.ensure_tables(con)
        if info.data_version:
            store.record_data_version(con, info.data_version, list(info.load_ids))
        return store.append(con, rows)


def record_dbt_invocation(settings: Settings, target_path: Path, run_id: str) -> int:
    """Append the tests of one dbt invocation to the history (after dbt has exited), with the
    failing rows of every test that failed or warned."""
    with raw_store.connect(settings.warehouse_path) as con:
        info = run_info(con, run_id)

        def failing_rows(compiled_sql: str) -> list[dict] | None:
            try:
                cursor = con.execute(
                    f"select * from ({compiled_sql}) as failing "
                    f"limit {dbt_results.MAX_FAILING_ROWS}"
                )
            except duckdb.Error:
                return None  # the check row still says how many rows failed
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

        rows = dbt_results.check_rows(target_path, info, failing_rows)
    return record_rows(settings, info, rows) if rows else 0


def record_dbt_tests(context, target_path: Path) -> None:
    """Called by the dbt asset after `dbt build` (passed or failed); never raises, so it cannot
    hide dbt's own error."""
    try:
        written = record_dbt_invocation(Settings.from_env(), Path(target_path), context.run_id)
        context.log.info(f"{written} dbt test result(s) recorded in quality.check_result")
    except Exception as exc:
        context.log.warning(f"could not record dbt test results: {type(exc).__name__}: {exc}")

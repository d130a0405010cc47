"""What users take away, as Dagster assets: the serving copy, the exports, the committee reports;
and when the refresh job runs by itself (schedules).

`serving_warehouse` depends on every dbt asset, so it runs after dbt has built and tested all
models; if a dbt test fails (or any asset check of the run with severity ERROR), it does not run,
or refuses to publish, and the previous serving copy stays as it was. The exports and reports
are made from the serving copy, never from the build file.
"""

import os
from pathlib import Path

from dagster import (
    AssetExecutionContext,
    DagsterEventType,
    DefaultScheduleStatus,
    Definitions,
    Failure,
    MaterializeResult,
    MetadataValue,
    ScheduleDefinition,
    asset,
)

from orchestration.assets.dbt import jobcenter_dbt_assets
from orchestration.project import dbt_project
from orchestration.publish.exports import export_marts, exports_dir
from orchestration.publish.serving import publish_serving_copy, serving_path
from orchestration.quality.run_info import read_run_info
from orchestration.settings import Settings

REFRESH_JOB = "refresh"
TIMEZONE = "Europe/Copenhagen"


def _target_path() -> Path:
    return Path(dbt_project.target_path)


def failed_blocking_checks(context: AssetExecutionContext) -> list[str]:
    """Asset checks of this run that failed with severity ERROR (dbt tests, GX suites, …)."""
    records = context.instance.get_records_for_run(
        context.run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION
    ).records
    failed = []
    for record in records:
        event = record.event_log_entry.dagster_event
        evaluation = event.event_specific_data if event else None
        if evaluation is None or evaluation.passed:
            continue
        if str(getattr(evaluation.severity, "value", evaluation.severity)).upper() == "ERROR":
            failed.append(f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}")
    return failed


@asset(
    deps=list(jobcenter_dbt_assets.keys),
    group_name="outputs",
    kinds={"duckdb"},
    description=(
        "Read-only serving copy of the warehouse for BI tools: data/serving/warehouse.duckdb, "
        "in a storage format DuckDB 1.x drivers open, without person-level data. Written to a "
        "temporary file in the same folder, verified, then renamed over the previous copy "
        "(atomic), only when every blocking check of the run passed."
    ),
)
def serving_warehouse(context: AssetExecutionContext) -> MaterializeResult:
    failed = failed_blocking_checks(context)
    if failed:
        raise Failure(
            description=(
                f"{len(failed)} blocking check(s) failed; the previous serving copy is kept: "
                + ", ".join(sorted(failed)[:20])
            )
        )
    result = publish_serving_copy(
        Settings.from_env(), run_id=context.run_id, target_path=_target_path()
    )
    context.log.info(
        f"published {result.path} ({result.size_bytes:,} bytes, DuckDB storage "
        f"{result.storage_version}) in {result.seconds:.1f} s: {result.marts}"
    )
    for leftover in result.removed_leftovers:
        context.log.info(f"removed {leftover}, left by a run that died while publishing")
    for relation in result.left_out:
        context.log.info(f"not in the serving copy: {relation}")
    return MaterializeResult(
        metadata={
            "path": MetadataValue.path(str(result.path)),
            "size_bytes": result.size_bytes,
            "storage_version": result.storage_version,
            "marts": MetadataValue.json(result.marts),
            "left_out": MetadataValue.json(result.left_out),
            "run_id": context.run_id,
            "data_version": result.run_info.data_version or "",
            "check_summary": result.run_info.check_summary,
        }
    )


@asset(
    deps=[serving_warehouse],
    group_name="outputs",
    kinds={"parquet", "excel"},
    description=(
        "Every mart (schema marts, fct_data_quality included) as "
        "data/exports/parquet/<mart>.parquet and one workbook data/exports/marts.xlsx: rows "
        "sorted by the mart's key, Danish labels beside coded values, a sheet per mart as an "
        "Excel table with Danish headers from the dbt project, and a sheet 'Om data' with run "
        "id, data version and check summary."
    ),
)
def mart_exports(context: AssetExecutionContext) -> MaterializeResult:
    import duckdb

    settings = Settings.from_env()
    source = serving_path(settings)
    with duckdb.connect(str(source), read_only=True) as con:
        run_info = read_run_info(con)  # as recorded in the copy when it was published
    result = export_marts(
        source,
        exports_dir(settings),
        manifest_path=Path(dbt_project.manifest_path),
        run_info=run_info,
    )
    for leftover in result.removed_leftovers:
        context.log.info(f"removed {leftover}, left by a run that died while exporting")
    return MaterializeResult(
        metadata={
            "xlsx": MetadataValue.path(str(result.xlsx)),
            "parquet_files": len(result.parquet),
            "rows": MetadataValue.json(result.rows),
            "check_summary": run_info.check_summary,
        }
    )


@asset(
    deps=[serving_warehouse],
    group_name="outputs",
    kinds={"html"},
    description=(
        "The committee follow-up report (data/reports/<kommunekode>_<period>.html) for every "
        "municipality, for the latest benchmark list. JOBCENTER_REPORTS=707,751 limits it to "
        "some municipalities; JOBCENTER_REPORTS=none skips it."
    ),
)
def committee_reports(context: AssetExecutionContext) -> MaterializeResult:
    from orchestration.report.report import write_reports

    choice = os.environ.get("JOBCENTER_REPORTS", "all").strip().lower()
    if choice == "none":
        context.log.info("JOBCENTER_REPORTS=none: no reports made")
        return MaterializeResult(metadata={"reports": 0})
    codes = None if choice in ("", "all") else [int(c) for c in choice.split(",") if c.strip()]
    results = write_reports(Settings.from_env(), codes)
    return MaterializeResult(
        metadata={
            "reports": len(results),
            "period": results[0].period_code if results else "",
            "folder": MetadataValue.path(str(results[0].path.parent)) if results else "",
            "is_synthetic": bool(results and results[0].is_synthetic),
        }
    )


# Schedules. They start STOPPED: switch them on in the UI (Automation) or with
# `dagster schedule start`; `dagster dev` runs the daemon that fires them.
monthly_refresh_schedule = ScheduleDefinition(
    name="monthly_refresh",
    job_name=REFRESH_JOB,
    # jobindsats and Statbank publish monthly; the 2nd at 06:00 picks up the month's release.
    cron_schedule="0 6 2 * *",
    execution_timezone=TIMEZONE,
    default_status=DefaultScheduleStatus.STOPPED,
    description="Full refresh once a month (new monthly figures from jobindsats and Statbank).",
)

defs = Definitions(
    assets=[serving_warehouse, mart_exports, committee_reports],
    schedules=[monthly_refresh_schedule],
)

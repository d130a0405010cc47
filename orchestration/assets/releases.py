"""When a new benchmark list is due: a sensor that polls by the next update jobindsats announces
for Y30R21 in its own catalogue, instead of a schedule over the months lists usually come in.

Release dates vary (a QMAT04 list usually in March, once in June; a QMAT02 list in October or
November; docs/domain.md), and the catalogue says when the next one is planned (`NextUpdate`,
marts.dim_source_table.next_update from the newest catalogue landed with
`jobcenter ingest jobindsats --table catalogue`). The sensor reads it from the read-only serving
copy (never the file a build writes) and, once the day has come, requests one `refresh` run per
announced date (the run key is the date, so a date triggers one run however often the sensor
polls). It starts STOPPED, like the schedules: switch it on in the UI (Automation).
"""

from __future__ import annotations

from datetime import date

import duckdb
from dagster import (
    DefaultSensorStatus,
    Definitions,
    RunRequest,
    SensorEvaluationContext,
    SkipReason,
    sensor,
)

from orchestration.publish.serving import serving_path
from orchestration.settings import Settings

REFRESH_JOB = "refresh"
BENCHMARK_TABLE_KEY = "y30r21"
POLL_SECONDS = 6 * 3600


def announced_next_update(settings: Settings, key: str = BENCHMARK_TABLE_KEY) -> date | None:
    """The next update the newest landed catalogue announces for a table (None: none known)."""
    path = serving_path(settings)
    if not path.exists():
        return None
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            row = con.execute(
                "select next_update from marts.dim_source_table where source_table_key = ?",
                [key],
            ).fetchone()
    except duckdb.Error:
        return None  # a serving copy from before dim_source_table existed
    return row[0] if row and row[0] else None


def release_decision(next_update: date | None, today: date) -> RunRequest | SkipReason:
    """A run once the announced day has come, keyed by that day; else the reason to wait."""
    if next_update is None:
        return SkipReason(
            "no next update known for Y30R21: land jobindsats' catalogue with "
            "`jobcenter ingest jobindsats --table catalogue` and build"
        )
    if today < next_update:
        return SkipReason(f"the next Y30R21 list is announced for {next_update.isoformat()}")
    return RunRequest(
        run_key=f"{BENCHMARK_TABLE_KEY}-next-update-{next_update.isoformat()}",
        tags={"jobcenter/trigger": "benchmark_release", "jobcenter/next_update": str(next_update)},
    )


@sensor(
    name="benchmark_release_sensor",
    job_name=REFRESH_JOB,
    minimum_interval_seconds=POLL_SECONDS,
    default_status=DefaultSensorStatus.STOPPED,
    description=(
        "Requests a refresh once the day jobindsats announces as Y30R21's next update "
        "(NextUpdate in its catalogue, marts.dim_source_table) has come; one run per date."
    ),
)
def benchmark_release_sensor(context: SensorEvaluationContext) -> RunRequest | SkipReason:
    return release_decision(announced_next_update(Settings.from_env()), date.today())


defs = Definitions(sensors=[benchmark_release_sensor])

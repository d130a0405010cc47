"""The one Dagster `Definitions` of the warehouse.

Each area of the warehouse keeps its own assets, checks, jobs, schedules and sensors in its own
module with a module-level `defs`; this file only merges them. To add an area, add its module to
`_AREAS`.
"""

from __future__ import annotations

from dagster import AssetSelection, Definitions, define_asset_job, in_process_executor

# Modules, not their `defs`: Dagster's loader refuses a module with more than one
# `Definitions` object at module scope, so only the merged `defs` below may be one here.
from orchestration.assets import drop, outputs, quality, releases
from orchestration.assets.dbt import jobcenter_dbt_assets
from orchestration.assets.raw import load_record, raw_assets
from orchestration.dbt_cli import WarehouseDbtCliResource
from orchestration.dbt_parse import DBT_CHILD_EXECUTABLE
from orchestration.project import dbt_project

# DuckDB allows one writer per file: run the steps of a refresh one after another in one process
# so a raw load never races dbt for the write lock (TOOLCHAIN.md P3).
refresh_job = define_asset_job(
    name="refresh",
    selection=AssetSelection.all(),
    executor_def=in_process_executor,
    description="Full refresh: landed files → raw → dbt seeds, models and tests → outputs.",
)

_AREAS = [outputs, drop, quality, releases]

defs = Definitions.merge(
    Definitions(
        assets=[*raw_assets, load_record, jobcenter_dbt_assets],
        jobs=[refresh_job],
        resources={
            # The dbt installed beside this Python, whether or not the venv is on PATH, started
            # so that it dies with the process that runs the job (orchestration/processes.py)
            "dbt": WarehouseDbtCliResource(
                project_dir=dbt_project, dbt_executable=DBT_CHILD_EXECUTABLE
            ),
        },
    ),
    *(area.defs for area in _AREAS),
)

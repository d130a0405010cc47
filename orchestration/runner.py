"""Run a Dagster job from the command line with a short progress line per step."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from dagster import DagsterEventType, DagsterInstance, Field, logger

from orchestration.console import console
from orchestration.dbt_parse import DbtParse, prepare_dbt_project
from orchestration.settings import Settings


def _progress_handler(emit: Callable[[str], None]) -> logging.Handler:
    class StepProgress(logging.Handler):
        """Prints step start, success and failure; everything else stays in the Dagster log."""

        def emit(self, record: logging.LogRecord) -> None:
            meta = getattr(record, "dagster_meta", None) or {}
            event = meta.get("dagster_event")
            if event is None:
                return
            step = event.step_key or ""
            if event.event_type == DagsterEventType.STEP_START:
                emit(f"  … {step}")
            elif event.event_type == DagsterEventType.STEP_SUCCESS:
                seconds = event.event_specific_data.duration_ms / 1000
                emit(f"  ✓ {step} ({seconds:.1f} s)")
            elif event.event_type == DagsterEventType.STEP_FAILURE:
                error = event.event_specific_data.error
                emit(f"  ✗ {step}: {error.message.strip() if error else 'failed'}")
            elif event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION:
                data = event.event_specific_data
                if not data.passed:
                    emit(f"  ! check {data.check_name} on {data.asset_key.to_user_string()} failed")

    return StepProgress()


@logger(
    config_schema={"quiet": Field(bool, default_value=False)},
    description="One line per step: started, finished with its time, or failed.",
)
def step_progress_logger(init_context) -> logging.Logger:
    log = logging.getLogger("jobcenter.progress")
    log.setLevel(logging.DEBUG)
    log.propagate = False
    log.handlers.clear()
    if not init_context.logger_config["quiet"]:
        log.addHandler(_progress_handler(lambda line: console.print(line)))
    return log


def prepare_instance(settings: Settings) -> DagsterInstance:
    """A persistent Dagster instance, so `dagster dev` shows the CLI's runs too.

    $DAGSTER_HOME when set (created if missing: Dagster itself refuses a missing folder), else
    data/dagster_home.
    """
    home = Path(os.environ.get("DAGSTER_HOME") or settings.dagster_home)
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(home)
    return DagsterInstance.get()


def run_job(job_name: str, settings: Settings, parse: DbtParse | None = None) -> bool:
    """Execute a job in-process; returns whether it succeeded.

    `parse`: a `dbt parse` the caller started in the background (`start_dbt_parse`), waited
    for here; without one the manifest is brought up to date first.
    """
    settings.export_to_environment()
    started = time.perf_counter()
    if parse is not None:
        parse.wait()
        console.print(f"  ✓ dbt parse (background; waited {time.perf_counter() - started:.1f} s)")
    else:
        prepare_dbt_project()
        console.print(f"  ✓ dbt parse ({time.perf_counter() - started:.1f} s)")
    from orchestration.definitions import defs

    job = defs.resolve_job_def(job_name).with_logger_defs({"progress": step_progress_logger})
    with prepare_instance(settings) as instance:
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config={"loggers": {"progress": {"config": {"quiet": False}}}},
        )
    console.print(
        f"{'✓' if result.success else '✗'} job {job_name} "
        f"{'succeeded' if result.success else 'FAILED'} in {time.perf_counter() - started:.1f} s "
        f"(run id {result.run_id})"
    )
    return result.success

"""Run a Dagster job from the command line with a short progress line per step."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from dagster import DagsterEventType, DagsterInstance, Field, logger

from orchestration import processes
from orchestration.console import console
from orchestration.dbt_parse import DbtParse, prepare_dbt_project
from orchestration.secrets import scrub_handler, scrub_logging
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
                emit(f"  ✗ {step}: {_root_cause(event.event_specific_data.error)}")
            elif event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION:
                line = check_line(event.event_specific_data)
                if line:
                    emit(line)

    return StepProgress()


def check_line(evaluation) -> str | None:
    """The line a user sees for an asset check that did not pass, in the words of the severity
    model (docs/auditors_guide.md): a warning is "! warning" and never "failed"; an error is
    "✗ … failed" (it stops the serving copy). A passed check prints nothing."""
    if evaluation.passed:
        return None
    where = f"{evaluation.check_name} on {evaluation.asset_key.to_user_string()}"
    failed_rows = (evaluation.metadata or {}).get("dagster_dbt/failed_row_count")
    detail = evaluation.description or (
        f"{getattr(failed_rows, 'value', failed_rows)} failing rows" if failed_rows else ""
    )
    if len(detail) > 300:
        detail = detail[:300] + " …"
    suffix = f": {detail}" if detail else ""
    if str(getattr(evaluation.severity, "value", evaluation.severity)).upper() == "WARN":
        return f"  ! warning {where}{suffix}"
    return f"  ✗ check {where} failed{suffix}"


def _root_cause(error) -> str:
    """The innermost error of a step failure: Dagster wraps what the asset raised in
    "Error occurred while executing op …", which says nothing about what went wrong."""
    if error is None:
        return "failed"
    while error.cause is not None:
        error = error.cause
    message = error.message.strip()
    return message if len(message) <= 600 else message[:600] + " …"


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
        log.addHandler(scrub_handler(_progress_handler(lambda line: console.print(line))))
    return log


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# dbt's per-node lines as dagster-dbt re-prints them: "12 of 268 START …", "12 of 268 PASS …"
_DBT_NODE = re.compile(r"^(\d+) of (\d+) (START|OK|PASS|SUCCESS|NO-OP|SKIP|RUN)\b")
_DBT_CHATTER = (
    "Running with dbt=",
    "Registered adapter:",
    "Concurrency:",
    "1 of 1 START hook",
    "1 of 1 OK hook",
    "Finished running",
    "Completed successfully",
)


class DbtOutputSummary:
    """Stands in for stdout while a job runs from the command line: dagster-dbt re-prints
    every dbt log line (about 540 for the demo), which buries the step lines. Passes on what a
    user must see (failures, warnings, errors, dbt's final counts) and turns the per-node lines
    into a progress line at each quarter. Everything stays in dbt's own log
    (<target>/<invocation>/dbt.log) and in Dagster's run log."""

    def __init__(self, out, emit: Callable[[str], None]) -> None:
        self._out = out
        self._emit = emit
        self._buffer = ""
        self._next_quarter = 1

    def write(self, text: str) -> int:
        self._buffer += text
        *lines, self._buffer = self._buffer.split("\n")
        for line in lines:
            self._line(line)
        return len(text)

    def _line(self, raw: str) -> None:
        line = _ANSI.sub("", raw).strip()
        if not line or line.startswith(_DBT_CHATTER):
            return
        node = _DBT_NODE.match(line)
        if node:
            done, total = int(node.group(1)), int(node.group(2))
            if node.group(3) != "START" and done * 4 >= self._next_quarter * total:
                self._emit(f"    dbt: {done} of {total} nodes")
                self._next_quarter = done * 4 // total + 1
            return
        self._out.write(raw + "\n")

    def flush(self) -> None:
        self._out.flush()

    def __getattr__(self, name: str):  # isatty, encoding, fileno, … of the real stdout
        return getattr(self._out, name)


@contextlib.contextmanager
def summarised_dbt_output(verbose: bool) -> Iterator[None]:
    if verbose:
        yield
        return
    real = sys.stdout
    sys.stdout = DbtOutputSummary(real, lambda line: console.print(line))
    try:
        yield
    finally:
        sys.stdout = real


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


# Tags on every run the CLI executes: the process that runs it, so the next start can tell a run
# whose process is gone (killed) from one still going.
PID_TAG = "jobcenter/pid"
PROCESS_START_TAG = "jobcenter/process_start"


def _process_tags() -> dict[str, str]:
    return {PID_TAG: str(os.getpid()), PROCESS_START_TAG: processes.start_time(os.getpid()) or ""}


def mark_killed_runs_failed(instance: DagsterInstance) -> list[str]:
    """Runs the CLI started whose process is gone while Dagster still shows them as running
    (the process was killed: nothing could record the end). Marked failed, with why; returns
    their run ids."""
    from dagster import DagsterRunStatus, RunsFilter

    marked = []
    unfinished = instance.get_runs(
        filters=RunsFilter(
            statuses=[DagsterRunStatus.STARTED, DagsterRunStatus.STARTING],
        )
    )
    for run in unfinished:
        pid = run.tags.get(PID_TAG)
        if not pid:
            continue  # not the CLI's (e.g. `dagster dev`'s own runs, which it monitors)
        same_process = processes.is_alive(int(pid)) and processes.start_time(int(pid)) == (
            run.tags.get(PROCESS_START_TAG) or None
        )
        if same_process:
            continue
        instance.report_run_failed(
            run,
            message=(
                f"The process that ran this job (PID {pid}) ended without finishing it (killed); "
                "marked failed at the next jobcenter start."
            ),
        )
        marked.append(run.run_id)
    return marked


def run_job(
    job_name: str, settings: Settings, parse: DbtParse | None = None, verbose: bool = False
) -> bool:
    """Execute a job in-process; returns whether it succeeded.

    `parse`: a `dbt parse` the caller started in the background (`start_dbt_parse`), waited
    for here; without one the manifest is brought up to date first. `verbose`: every dbt log
    line, not the summary.
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
    scrub_logging()  # the handlers Dagster and dbt's imports installed
    with prepare_instance(settings) as instance, summarised_dbt_output(verbose):
        for run_id in mark_killed_runs_failed(instance):
            console.print(f"  ! run {run_id} was killed before it finished: marked failed")
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config={"loggers": {"progress": {"config": {"quiet": False}}}},
            tags=_process_tags(),
        )
    console.print(
        f"{'✓' if result.success else '✗'} job {job_name} "
        f"{'succeeded' if result.success else 'FAILED'} in {time.perf_counter() - started:.1f} s "
        f"(run id {result.run_id})"
    )
    print_warnings(settings, result.run_id)
    return result.success


def print_warnings(settings: Settings, run_id: str) -> None:
    """The run's warnings with the municipalities they name, after the job's last line: a
    warning is recorded and published, never a failure (docs/auditors_guide.md)."""
    import duckdb

    from orchestration.quality.warnings import run_warnings

    try:
        with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
            warnings = run_warnings(con, run_id)
    except duckdb.Error:
        return  # no warehouse or no check history: nothing was recorded to show
    if not warnings:
        return
    console.print(
        f"! {len(warnings)} warning(s), recorded in marts.fct_data_quality (run {run_id}); "
        "warnings do not stop publishing:"
    )
    for warning in warnings:
        console.print(f"  ! warning {warning.name}: {warning.observed_value or ''}")

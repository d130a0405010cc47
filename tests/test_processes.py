"""Killing the CLI ends its dbt; a lock held by our own orphan is cleared, one held by another
jobcenter command is waited for, and a killed run is marked failed at the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from dagster import DagsterInstance, DagsterRunStatus

from orchestration.processes import is_alive
from tests.conftest import JOBCENTER, REAL_2020_LISTS, REPO_ROOT, isolated_env, run_cli

_HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
"""


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in text.split()]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_sigkill_of_build_at_the_dbt_step_ends_dbt_and_the_next_build_starts(tmp_path: Path):
    data_dir = tmp_path / "data"
    assert run_cli(["load", *map(str, REAL_2020_LISTS)], data_dir).returncode == 0
    log = (tmp_path / "build.log").open("w")
    build = subprocess.Popen(
        [JOBCENTER, "build"], cwd=REPO_ROOT, env=isolated_env(data_dir), stdout=log, stderr=log
    )
    try:
        dbt = _wait_for(
            # jobcenter-dbt has become dbt (exec): the same PID, dbt's command line
            lambda: [p for p in _children(build.pid) if "/dbt build" in _cmdline(p)],
            300,
            "dbt build to start",
        )[0]
        time.sleep(3)  # dbt is writing models
        build.send_signal(signal.SIGKILL)
        build.wait()
        _wait_for(lambda: not is_alive(dbt), 5, "dbt to die with its parent")
    finally:
        if build.poll() is None:
            build.kill()
    started = time.monotonic()
    second = subprocess.Popen(
        [JOBCENTER, "build"],
        cwd=REPO_ROOT,
        env=isolated_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    for line in second.stdout:  # the run starts (and says so) without waiting for any lock
        lines.append(line)
        if "marked failed" in line:
            break
    starts_after = time.monotonic() - started
    output = "".join(lines) + second.communicate(timeout=900)[0]
    assert second.returncode == 0, output[-3000:]
    assert "in use by another process" not in output and "waiting for" not in output
    assert "was killed before it finished: marked failed" in output
    print(f"second build started its run {starts_after:.1f} s after the kill")
    assert starts_after < 60
    os.environ["DAGSTER_HOME"] = str(data_dir / "dagster_home")
    try:
        with DagsterInstance.get() as instance:
            statuses = sorted(r.status.value for r in instance.get_runs())
    finally:
        del os.environ["DAGSTER_HOME"]
    assert statuses == sorted([DagsterRunStatus.FAILURE.value, DagsterRunStatus.SUCCESS.value])


def _holder(tmp_path: Path, name: str, warehouse: Path, seconds: float) -> subprocess.Popen:
    """A process named `name` (dbt, jobcenter) holding the warehouse's write lock."""
    script = tmp_path / name
    script.write_text(_HOLD)
    holder = subprocess.Popen(
        [sys.executable, str(script), str(warehouse), str(seconds)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "holding"
    return holder


def test_a_lock_held_by_an_orphaned_dbt_of_ours_is_cleared(tmp_path: Path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    orphan = _holder(tmp_path, "dbt", data_dir / "warehouse.duckdb", 300)
    try:
        result = run_cli(["load", str(REAL_2020_LISTS[0])], data_dir)
        output = " ".join((result.stdout + result.stderr).split())
        assert result.returncode == 0, output
        assert f"held by a dbt left running by a killed `jobcenter` (PID {orphan.pid}" in output
        assert "stopped it" in output
        assert orphan.wait(timeout=10) is not None  # ended by the CLI
        assert "392 rows" in output
    finally:
        orphan.kill()


def test_a_lock_held_by_another_jobcenter_command_is_waited_for(tmp_path: Path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    other = _holder(tmp_path, "jobcenter", data_dir / "warehouse.duckdb", 4)
    try:
        result = run_cli(["load", str(REAL_2020_LISTS[0])], data_dir)
        output = " ".join((result.stdout + result.stderr).split())
        assert result.returncode == 0, output
        assert f"waiting for another jobcenter command (PID {other.pid}" in output
        assert other.wait(timeout=10) == 0  # it finished on its own: never signalled
        assert "392 rows" in output
    finally:
        other.kill()

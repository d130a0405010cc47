"""What the command line says when something outside the data goes wrong."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
from dagster._utils.error import SerializableErrorInfo

from orchestration.raw_store import lock_conflict
from orchestration.runner import _root_cause
from tests.conftest import run_cli

_HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(120)
"""


def test_a_warehouse_held_by_another_process_stops_the_cli_before_any_work(tmp_path: Path):
    data_dir = tmp_path / "data"
    warehouse = data_dir / "warehouse.duckdb"
    data_dir.mkdir()
    duckdb.connect(str(warehouse)).close()
    assert lock_conflict(warehouse) is None
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(warehouse)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        conflict = lock_conflict(warehouse)
        assert conflict and f"PID {holder.pid}" in conflict
        for args in (
            ["build"],
            ["demo"],
            ["load", str(tmp_path / "any.csv")],
            ["check"],
            ["ingest", "statbank"],
        ):
            result = run_cli(args, data_dir, timeout=120)
            output = result.stdout + result.stderr
            assert result.returncode == 1, (args, output)
            assert "the warehouse is in use by another process" in output, output
            assert f"PID {holder.pid}" in output and "serving copy" in output
            assert "Traceback" not in output
        # nothing was started: no landing zone, no Dagster run
        assert not (data_dir / "landing").exists()
        assert not (data_dir / "dagster_home").exists()
    finally:
        holder.kill()
        holder.wait()
    assert lock_conflict(warehouse) is None


def test_a_failed_step_shows_what_the_asset_raised_not_dagsters_wrapper():
    inner = SerializableErrorInfo("IO Error: Could not set lock on file x\n", [], "IOException")
    wrapper = SerializableErrorInfo(
        'Error occurred while executing op "statbank__folk1a":',
        [],
        "DagsterExecutionStepExecutionError",
        cause=inner,
    )
    assert _root_cause(wrapper) == "IO Error: Could not set lock on file x"
    assert _root_cause(None) == "failed"
    assert _root_cause(SerializableErrorInfo("x" * 700, [], "E")).endswith(" …")

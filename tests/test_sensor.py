"""The drop-folder sensor: a file copied to data/drop/<source>/<table>/ is landed, a refresh run
is requested, and after that run its rows are in the marts. Also: rejected, half-written and
unknown-folder files, and the schedules."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
from dagster import DagsterInstance, RunRequest, SensorResult, SkipReason, build_sensor_context

from orchestration.assets.drop import drop_folder_sensor, process_drop_folder
from tests.conftest import JOBCENTER, REPO_ROOT, isolated_env


def _drop(settings, source: str, table: str, src: Path, *, name: str | None = None) -> Path:
    folder = settings.drop_dir / source / table
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name or src.name)
    shutil.copyfile(src, target)
    past = time.time() - 60  # settled: not being written any more
    os.utime(target, (past, past))
    return target


def _evaluate(instance: DagsterInstance):
    return drop_folder_sensor(build_sensor_context(instance=instance))


def test_dropped_file_is_landed_and_ends_up_in_the_marts(settings, y30r21_2020q4_path):
    dropped = _drop(settings, "jobindsats", "y30r21", y30r21_2020q4_path)
    with DagsterInstance.ephemeral() as instance:
        result = _evaluate(instance)
    assert isinstance(result, SensorResult)
    assert len(result.run_requests) == 1
    request: RunRequest = result.run_requests[0]
    assert request.job_name in (None, "refresh")  # the sensor's job is `refresh`
    assert drop_folder_sensor.job_name == "refresh"
    assert request.tags["jobcenter/trigger"] == "drop_folder"
    # landed, loaded into raw, and gone from the drop folder
    assert not dropped.exists()
    landed = list((settings.landing_dir / "jobindsats" / "y30r21").glob("*/_load.json"))
    assert len(landed) == 1
    load_id = json.loads(landed[0].read_text())["load_id"]
    assert request.run_key == f"drop:{load_id}"
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        assert con.execute("select count(*) from raw_jobindsats.y30r21").fetchone()[0] == 392

    # The requested run: the refresh job, as the daemon would launch it.
    env = isolated_env(settings.data_dir)
    env["JOBCENTER_REPORTS"] = "707"  # one report is enough here
    build = subprocess.run(
        [JOBCENTER, "build"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    serving = settings.serving_dir / "warehouse.duckdb"
    with duckdb.connect(str(serving), read_only=True) as con:
        ranks = dict(
            con.execute(
                "select municipality_name, rank_national from marts.fct_benchmark "
                "where period_code = '2020QMAT04' and benefit_group = 'total'"
            ).fetchall()
        )
        loads = {
            r[0] for r in con.execute("select distinct load_id from marts.fct_benchmark").fetchall()
        }
    assert ranks["Gladsaxe"] == 1
    assert ranks["Fredericia"] == 94
    assert len(ranks) == 98
    assert loads == {load_id}

    # Nothing left to do on the next tick.
    with DagsterInstance.ephemeral() as instance:
        again = _evaluate(instance)
    assert isinstance(again, SkipReason)


def test_same_bytes_again_request_no_run(settings, y30r21_2020q4_path):
    _drop(settings, "jobindsats", "y30r21", y30r21_2020q4_path)
    assert len(process_drop_folder(settings).loaded) == 1
    second = _drop(settings, "jobindsats", "y30r21", y30r21_2020q4_path, name="copy.csv")
    with DagsterInstance.ephemeral() as instance:
        result = _evaluate(instance)
    assert isinstance(result, SkipReason)
    assert not second.exists()


def test_bad_file_is_quarantined_and_requests_no_run(settings, y30r21_2020q4_path, tmp_path):
    bad = tmp_path / "y30r21_2020QMAT04.csv"
    text = y30r21_2020q4_path.read_text(encoding="utf-8")
    bad.write_text(text.replace("Gladsaxe;", "Atlantis;", 1), encoding="utf-8")
    dropped = _drop(settings, "jobindsats", "y30r21", bad)
    scan = process_drop_folder(settings)
    assert scan.loaded == []
    assert len(scan.rejected) == 1
    assert "Atlantis" in scan.rejected[0]
    assert not dropped.exists()
    assert any(settings.quarantine_dir.rglob("REASON.txt"))
    assert not (settings.landing_dir / "jobindsats" / "y30r21").exists() or not any(
        (settings.landing_dir / "jobindsats" / "y30r21").glob("*/_load.json")
    )


def test_file_being_written_and_unknown_folders_are_left_alone(settings, y30r21_2020q4_path):
    fresh = settings.drop_dir / "jobindsats" / "y30r21" / "y30r21_2020QMAT04.csv"
    fresh.parent.mkdir(parents=True)
    shutil.copyfile(y30r21_2020q4_path, fresh)  # mtime now: may still be being copied
    partial = _drop(settings, "jobindsats", "y30r21", y30r21_2020q4_path, name="x.csv.part")
    unknown = _drop(settings, "nosuchsource", "nosuchtable", y30r21_2020q4_path)
    scan = process_drop_folder(settings, settle_seconds=30)
    assert scan.loaded == []
    assert scan.waiting == [str(fresh)]
    assert len(scan.unknown) == 1
    assert fresh.exists() and partial.exists() and unknown.exists()
    # once settled, it is loaded
    assert len(process_drop_folder(settings, settle_seconds=0).loaded) == 1


def test_schedules_and_sensor_are_in_the_definitions(demo_warehouse: Path):
    """Read from the merged Definitions, as `dagster dev` loads them."""
    code = (
        "from orchestration.definitions import defs\n"
        "repo = defs.get_repository_def()\n"
        "for s in repo.schedule_defs:\n"
        "    print('schedule', s.name, s.job_name, s.cron_schedule, s.execution_timezone)\n"
        "for s in repo.sensor_defs:\n"
        "    print('sensor', s.name, s.job_name)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env=isolated_env(demo_warehouse),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert "schedule monthly_refresh refresh 0 6 2 * * Europe/Copenhagen" in lines
    assert not any("benchmark_release_refresh" in line for line in lines)  # polls instead
    assert "sensor benchmark_release_sensor refresh" in lines
    assert "sensor drop_folder_sensor refresh" in lines

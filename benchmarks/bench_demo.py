"""Time the demo main job end to end and per step, and dbt against plain DuckDB.

    .venv/bin/python benchmarks/bench_demo.py [--workdir /tmp/bench] [--skip-end-to-end]

1. **End to end**: `jobcenter demo` in a fresh data folder, as a user runs it (process start,
   generate, land, dbt parse, the whole `refresh` job), wall-clock.
2. **Per step**, in-process in a second fresh folder:
   - generate: the synthetic files (orchestration/demo/generator.py) in memory;
   - land: every demo part (landing zone + raw load, parsing included);
   - the `refresh` job, split by its Dagster steps into raw sync, dbt (seeds, models, data and
     unit tests) and the other steps (quality checks, outputs), from the run's step events.
3. **dbt vs plain DuckDB** on the same data in the same run: `dbt build` (CLI) over the built
   warehouse, then the SQL dbt compiled for it (models and data tests, in dependency order)
   executed by plain DuckDB on a byte copy of the same warehouse. Seeds and unit tests are not in
   the DuckDB side (seeds are already loaded; unit tests need dbt's fixtures): the ratio is the
   overhead of dbt around the same SQL.

Figures are printed as a table; nothing is written outside --workdir.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from orchestration.settings import isolated_environment

REPO = Path(__file__).resolve().parent.parent

VENV_BIN = Path(sys.executable).parent


def end_to_end(data_dir: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [str(VENV_BIN / "jobcenter"), "demo"],
        cwd=REPO,
        env=isolated_environment(data_dir),
        capture_output=True,
        text=True,
        check=False,
    )
    took = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"jobcenter demo failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return took


def per_step(data_dir: Path) -> dict[str, float]:
    os.environ.update(isolated_environment(data_dir))
    (data_dir / "dagster_home").mkdir(parents=True, exist_ok=True)
    from dagster import DagsterEventType

    from orchestration.demo.bundled_data import DEMO_PARTS
    from orchestration.demo.generator import generate
    from orchestration.project import prepare_dbt_project
    from orchestration.runner import prepare_instance
    from orchestration.settings import Settings

    settings = Settings.from_env()
    settings.export_to_environment()
    steps: dict[str, float] = {}

    started = time.perf_counter()
    generate()
    steps["generate (synthetic benchmark + population files)"] = time.perf_counter() - started

    started = time.perf_counter()
    for part in DEMO_PARTS:
        part_started = time.perf_counter()
        part(settings)
        steps[f"  land part: {part.__name__}"] = time.perf_counter() - part_started
    steps["land (all demo parts; includes generating again)"] = time.perf_counter() - started

    started = time.perf_counter()
    prepare_dbt_project()
    steps["dbt parse (manifest)"] = time.perf_counter() - started

    from orchestration.definitions import defs

    job = defs.resolve_job_def("refresh")
    started = time.perf_counter()
    with prepare_instance(settings) as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False)
    steps["refresh job (wall)"] = time.perf_counter() - started
    if not result.success:
        sys.exit("the refresh job failed; run `jobcenter demo` to see why")
    groups = {"raw sync": 0.0, "dbt build (seeds, models, tests)": 0.0, "checks + outputs": 0.0}
    for event in result.all_events:
        if event.event_type != DagsterEventType.STEP_SUCCESS:
            continue
        seconds = event.event_specific_data.duration_ms / 1000
        key = event.step_key or ""
        if "dbt" in key:
            groups["dbt build (seeds, models, tests)"] += seconds
        elif key.startswith(("raw", "jobindsats", "statbank", "local")) or "raw" in key:
            groups["raw sync"] += seconds
        else:
            groups["checks + outputs"] += seconds
        steps[f"    {key}"] = seconds
    for name, seconds in groups.items():
        steps[f"  step group: {name}"] = seconds
    steps.update(check_seconds(result, groups["dbt build (seeds, models, tests)"]))
    return steps


def check_seconds(result, dbt_step_seconds: float) -> dict[str, float]:
    """What the checks cost: dbt's data and unit tests (their share of the dbt step, from the
    invocation's run_results.json: dbt runs 2 threads, so the share of summed execution times is
    applied to the step's wall time), the Great Expectations step and every Python asset-check
    step."""
    from dagster import DagsterEventType

    from orchestration.dbt_parse import target_path

    results = max(target_path().glob("*/run_results.json"), key=lambda p: p.stat().st_mtime)
    timed = json.loads(results.read_text())["results"]
    total = sum(r.get("execution_time") or 0 for r in timed)
    tests = sum(
        r.get("execution_time") or 0
        for r in timed
        if r["unique_id"].startswith(("test.", "unit_test."))
    )
    dbt_tests = dbt_step_seconds * tests / total if total else 0.0
    other = sum(
        event.event_specific_data.duration_ms / 1000
        for event in result.all_events
        if event.event_type == DagsterEventType.STEP_SUCCESS
        and "dbt" not in (event.step_key or "")
        and ("great_expectations" in (event.step_key or "") or "__" in (event.step_key or ""))
        and not (event.step_key or "").startswith(("jobindsats", "statbank", "local", "quality"))
    )
    return {
        "checks: dbt data + unit tests (share of the dbt step)": dbt_tests,
        "checks: Great Expectations + Python asset checks (steps)": other,
        "checks: total": dbt_tests + other,
    }


def _topological(nodes: dict[str, dict]) -> list[str]:
    order: list[str] = []
    seen: set[str] = set()

    def visit(uid: str) -> None:
        if uid in seen or uid not in nodes:
            return
        seen.add(uid)
        for dep in nodes[uid].get("depends_on", {}).get("nodes", []):
            visit(dep)
        order.append(uid)

    for uid in sorted(nodes):
        visit(uid)
    return order


def dbt_vs_duckdb(data_dir: Path) -> dict[str, float]:
    import duckdb

    warehouse = data_dir / "warehouse.duckdb"
    target = data_dir / "bench_dbt_target"
    env = isolated_environment(data_dir)
    env["JOBCENTER_WAREHOUSE"] = str(warehouse)
    env["DBT_PROFILES_DIR"] = str(REPO)
    # the copy for DuckDB, taken before dbt touches the file again: same data, same catalog name
    plain_dir = data_dir / "plain_duckdb"
    plain_dir.mkdir(exist_ok=True)
    shutil.copy2(warehouse, plain_dir / warehouse.name)

    started = time.perf_counter()
    result = subprocess.run(
        [str(VENV_BIN / "dbt"), "build", "--quiet", "--target-path", str(target)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    dbt_seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"dbt build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")

    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    nodes = {
        uid: node
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] in ("model", "test") and node.get("compiled_code")
    }
    models = tests = 0
    started = time.perf_counter()
    with duckdb.connect(str(plain_dir / warehouse.name)) as con:
        for uid in _topological(nodes):
            node = nodes[uid]
            sql = node["compiled_code"]
            if node["resource_type"] == "model":
                kind = node["config"]["materialized"]
                if kind == "ephemeral":
                    continue
                relation = node["relation_name"]
                what = "view" if kind == "view" else "table"
                con.execute(f"create or replace {what} {relation} as {sql}")
                models += 1
            else:
                con.execute(f"select count(*) from ({sql}) as dbt_test").fetchone()
                tests += 1
    duckdb_seconds = time.perf_counter() - started
    return {
        "dbt build (CLI, seeds + models + tests)": dbt_seconds,
        f"plain DuckDB, same compiled SQL ({models} models, {tests} tests)": duckdb_seconds,
        "ratio dbt / plain DuckDB": dbt_seconds / duckdb_seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--skip-end-to-end", action="store_true")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench_demo_"))
    workdir.mkdir(parents=True, exist_ok=True)
    figures: dict[str, float] = {}
    if not args.skip_end_to_end:
        figures["END TO END: jobcenter demo, fresh folder (s)"] = end_to_end(workdir / "e2e")
    figures.update(per_step(workdir / "steps"))
    figures.update(dbt_vs_duckdb(workdir / "steps"))
    print(f"\nDemo benchmark ({os.cpu_count()} CPUs visible, workdir {workdir})")
    width = max(len(k) for k in figures)
    for name, value in figures.items():
        unit = "×" if name.startswith("ratio") else "s"
        print(f"  {name:<{width}}  {value:8.2f} {unit}")


if __name__ == "__main__":
    main()

"""The person-level workload at national scale: dbt against hand-written DuckDB, on the same data.

    .venv/bin/python benchmarks/bench_national.py --scale S [--workdir DIR] [--months N]

In one run, in a fresh data folder (`<workdir>/data`, its own warehouse and dbt target):

1. **generate + land** months 0..N-1 of the synthetic person-level data (orchestration/persons:
   `generate_months` from 2020-01, `land_person_month`); month N is generated too and kept back.
2. **dbt full build**: `jobcenter-dbt build --select +tag:person_level --indirect-selection
   cautious --full-refresh` (the person-level models, the seeds they read, their data tests) as
   one whole process, start-up included: wall seconds and peak RSS.
3. **hand-written**: benchmarks/national_handwritten.sql, the same results straight from the
   landing zone's Parquet files, in a fresh Python + DuckDB process with dbt's threads and memory
   settings (profiles.yml): the lower bound.
4. **compare** the unsuppressed per-kommune results of both, cell by cell.
5. **incremental**: land month N, `dbt build` without --full-refresh; then the hand-written SQL
   over all N+1 months, and the incremental tables compared with it.
6. a table of the figures, and last one line:
   `ratio dbt/handwritten: R; incremental/full: I; peak GiB: P; results identical: yes|no`

Peak RSS is the kernel's high-water mark of the measured child, read with os.wait4 (exact, not
sampled; the largest single process of the child's tree: dbt runs DuckDB in its own process, so
that is dbt's). docs/person_level.md explains every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
HANDWRITTEN_SQL = REPO / "benchmarks" / "national_handwritten.sql"
VENV_BIN = Path(sys.executable).parent
START_MONTH = "2020-01"
DATASETS = ("benefit_weeks", "samtaler", "offers", "ordinary_hours")
# The person-level models (tag person_level) and everything they are built from: the seeds
# person_benefits, focus_goal_thresholds and municipalities come in as their ancestors.
DBT_SELECT = "+tag:person_level"
# dbt var of the same name (dbt_project.yml); the hand-written SQL gets the same value
FOKUS_MIN_ANCIENNITET_MONTHS = 12
GIB = 1024**3

# The hand-written side's process: DuckDB in memory with dbt's settings, the SQL file, the two
# results written as Parquet for the comparison (the writing is timed too: dbt writes tables).
_HANDWRITTEN_RUNNER = """
import json, sys
import duckdb
job = json.loads(sys.argv[1])
con = duckdb.connect(":memory:")
con.execute(f"set threads = {int(job['threads'])}")
con.execute("set temp_directory = ?", [job["temp_directory"]])
for name, value in job["settings"].items():
    con.execute(f"set {name} = ?", [value])
for name, value in job["variables"].items():
    con.execute(f"set variable {name} = ?", [value])
con.execute(open(job["sql"], encoding="utf-8").read())
for table, path in job["outputs"].items():
    con.execute(f"copy {table} to '{path}' (format parquet)")
"""


@dataclass
class Step:
    name: str
    rows: int | None
    seconds: float
    peak_bytes: int | None


@dataclass
class Measured:
    seconds: float
    peak_bytes: int


def run_measured(command: list[str], *, env: dict[str, str], cwd: Path, log: Path) -> Measured:
    """Run a command to its end, its output into `log`; wall seconds (start-up included) and
    peak RSS. os.wait4 returns the child's own rusage: ru_maxrss is the high-water mark of the
    child or of the largest of its waited-for descendants (kB on Linux). Exits naming the
    command and the log's tail when it fails."""
    started = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
        sys.exit(f"{' '.join(command[:3])} … failed ({process.returncode}); {log}:\n{tail}")
    return Measured(seconds=seconds, peak_bytes=usage.ru_maxrss * 1024)


# -- 1. generate and land ----------------------------------------------------------------------


@dataclass
class Month:
    """One generated month: its four tables, by dataset."""

    month: str
    tables: dict[str, Any]

    @property
    def rows(self) -> int:
        return sum(table.num_rows for table in self.tables.values())


def generated_months(scale: float, months: int) -> Iterator[tuple[Month, float]]:
    """The generator's output grouped by month, with the seconds spent generating each."""
    from orchestration.persons.generator import generate_months

    produced = iter(generate_months(scale, start_month=START_MONTH, months=months))
    current: Month | None = None
    seconds = 0.0
    while True:
        started = time.perf_counter()
        item = next(produced, None)
        seconds += time.perf_counter() - started
        if item is not None and current is not None and item[1] == current.month:
            current.tables[item[0]] = item[2]
            continue
        if current is not None:
            yield current, seconds
            seconds = 0.0
        if item is None:
            return
        current = Month(month=item[1], tables={item[0]: item[2]})


def lander(data_dir: Path) -> Any:
    """The landing of synthetic person-level months into `data_dir` (one warehouse connection
    for all of them, as `jobcenter persons load` lands them)."""
    from orchestration.persons.landing import PersonLander
    from orchestration.settings import Settings

    settings = Settings(data_dir=data_dir, warehouse_path=data_dir / "warehouse.duckdb")
    return PersonLander(settings, is_synthetic=True)


def land(into: Any, month: Month, scale: float) -> None:
    """Land a month's four files as the contract lays them out, with their load records."""
    for dataset, table in month.tables.items():
        into.land_table(dataset, month.month, table, {"scale": scale})


def generate_and_land(scale: float, months: int, data_dir: Path) -> tuple[list[Step], Month]:
    """Months 0..months-1 landed in `data_dir`; month `months` generated and returned unlanded.
    Prints rows and seconds per year as it goes."""
    generate_seconds = land_seconds = 0.0
    rows_by_year: Counter[str] = Counter()
    year_seconds: defaultdict[str, float] = defaultdict(float)
    generated_rows = landed_rows = 0
    held_back: Month | None = None
    with lander(data_dir) as into:
        for index, (month, took) in enumerate(generated_months(scale, months + 1)):
            generate_seconds += took
            generated_rows += month.rows
            if index == months:
                held_back = month
                break
            started = time.perf_counter()
            land(into, month, scale)
            if month.month.endswith("-12") or index == months - 1:
                into.commit()  # the load records, one transaction a year (timed with the land)
            landed = time.perf_counter() - started
            land_seconds += landed
            year = month.month[:4]
            rows_by_year[year] += month.rows
            year_seconds[year] += took + landed
            landed_rows += month.rows
            if month.month.endswith("-12") or index == months - 1:
                print(
                    f"  {year}: {rows_by_year[year]:>12,} rows "
                    f"({year_seconds[year]:6.1f} s generate + land)",
                    flush=True,
                )
    if held_back is None:
        sys.exit(f"the generator gave fewer than {months + 1} months")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    steps = [
        Step(f"generate ({months + 1} months)", generated_rows, generate_seconds, peak),
        Step(f"land ({months} months)", landed_rows, land_seconds, peak),
    ]
    return steps, held_back


# -- 2 and 5. dbt ------------------------------------------------------------------------------


def dbt_build(data_dir: Path, select: str, *, full_refresh: bool, log: Path) -> Measured:
    """`jobcenter-dbt build` (dbt that dies with this process, orchestration/processes.py) in the
    repo root with the data folder's own warehouse and target path."""
    from orchestration.settings import isolated_environment

    env = isolated_environment(data_dir)
    env["DBT_PROFILES_DIR"] = str(REPO)
    # cautious: the data tests whose every parent is selected; the default (eager) also takes
    # the tests between a seed and models outside the selection (municipalities' relationships
    # with the jobindsats staging models), which fail on a warehouse without those
    command = [
        str(VENV_BIN / "jobcenter-dbt"),
        "build",
        "--select",
        select,
        "--indirect-selection",
        "cautious",
    ]
    if full_refresh:
        command.append("--full-refresh")
    return run_measured(command, env=env, cwd=REPO, log=log)


def dbt_run_seconds(data_dir: Path) -> float:
    """The last build's own elapsed time as dbt reports it (run_results.json): from the start of
    execution on, so wall seconds minus this is start-up, parse and the graph before it."""
    results = data_dir / "dbt_target" / "run_results.json"
    return float(json.loads(results.read_text(encoding="utf-8"))["elapsed_time"])


# -- 3. hand-written -------------------------------------------------------------------------


def current_files(data_dir: Path) -> dict[str, list[str]]:
    """Per dataset, the Parquet file of each month's newest load (load ids sort by time of
    receipt; the month is the one in the file name)."""
    from orchestration.landing import LandingZone

    zone = LandingZone(data_dir / "landing")
    found: dict[str, list[str]] = {}
    for dataset in DATASETS:
        newest: dict[str, Path] = {}
        for _record, path in zone.records("persons", dataset):
            month = path.stem.removeprefix(f"{dataset}_")
            newest[month] = path  # oldest first: a later load of the month replaces it
        if not newest:
            sys.exit(f"no landed {dataset} files under {zone.table_dir('persons', dataset)}")
        found[dataset] = [str(newest[month]) for month in sorted(newest)]
    return found


def profile_settings() -> tuple[int, dict[str, Any]]:
    """threads and DuckDB settings of profiles.yml's duckdb output, the ones dbt builds with."""
    import yaml

    output = yaml.safe_load((REPO / "profiles.yml").read_text(encoding="utf-8"))["jobcenter"][
        "outputs"
    ]["duckdb"]
    return int(output.get("threads", 1)), dict(output.get("settings") or {})


def handwritten(data_dir: Path, out_dir: Path, log: Path) -> tuple[Measured, dict[str, Path]]:
    out_dir.mkdir(parents=True, exist_ok=True)
    threads, settings = profile_settings()
    outputs = {
        "handwritten_fokus": out_dir / "fokus.parquet",
        "handwritten_full_time": out_dir / "full_time.parquet",
    }
    job = {
        "sql": str(HANDWRITTEN_SQL),
        "threads": threads,
        "settings": settings,
        "temp_directory": str(out_dir / "duckdb.tmp"),
        "variables": {
            **{f"{dataset}_files": files for dataset, files in current_files(data_dir).items()},
            "person_benefits_csv": str(REPO / "seeds" / "person_benefits.csv"),
            "thresholds_csv": str(REPO / "seeds" / "focus_goal_thresholds.csv"),
            "fokus_min_anciennitet_months": FOKUS_MIN_ANCIENNITET_MONTHS,
        },
        "outputs": {table: str(path) for table, path in outputs.items()},
    }
    measured = run_measured(
        [sys.executable, "-c", _HANDWRITTEN_RUNNER, json.dumps(job)],
        env=dict(os.environ),
        cwd=out_dir,
        log=log,
    )
    return measured, outputs


# -- 4. compare --------------------------------------------------------------------------------

# The dbt side of each comparison: the unsuppressed per-kommune results, from the person-level
# models ({model} is the model's relation, looked up in dbt's manifest).
DBT_FOKUS = """
    select
        kommunekode,
        month_start,
        count(*) as persons_count,
        count(*) filter (where meets_samtaler) as samtaler_meeting_count,
        count(*) filter (where meets_tilbud) as tilbud_meeting_count
    from {model}
    group by kommunekode, month_start
"""
DBT_FULL_TIME = """
    select kommunekode, benefit_group, quarter_code as quarter, person_weeks, persons_count
    from {model}
"""
COMPARISONS = {
    "fokusmål (kommune x month)": (
        "int_persons__fokus_target_group",
        DBT_FOKUS,
        "fokus.parquet",
        ("kommunekode", "month_start"),
        ("persons_count", "samtaler_meeting_count", "tilbud_meeting_count"),
    ),
    "full-time persons (kommune x benefit_group x quarter)": (
        "int_persons__full_time_persons",
        DBT_FULL_TIME,
        "full_time.parquet",
        ("kommunekode", "benefit_group", "quarter"),
        ("person_weeks", "persons_count"),
    ),
}


def relation_of(data_dir: Path, model: str) -> str:
    """The model's relation as dbt built it (schema and name from the run's manifest)."""
    manifest_path = data_dir / "dbt_target" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and node["name"] == model:
            return str(node["relation_name"])
    sys.exit(f"{manifest_path}: no model {model} (the comparison reads it)")


def compare(data_dir: Path, out_dir: Path, label: str) -> bool:
    """Rows that differ between dbt's tables and the hand-written results (a cell on one side
    only, or any value unequal), per result; prints them and a few examples. True if none."""
    import duckdb

    identical = True
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        for name, (model, dbt_sql, file, keys, values) in COMPARISONS.items():
            hand = str(out_dir / file)
            on = " and ".join(f"d.{k} = h.{k}" for k in keys)
            differs = " or ".join(
                [f"d.{keys[0]} is null", f"h.{keys[0]} is null"]
                + [f"d.{v} is distinct from h.{v}" for v in values]
            )
            cells = ", ".join(f"coalesce(d.{k}, h.{k}) as {k}" for k in keys)
            pairs = ", ".join(f"d.{v} as dbt_{v}, h.{v} as hand_{v}" for v in values)
            dbt_side = dbt_sql.format(model=relation_of(data_dir, model))
            query = (
                f"select {cells}, {pairs} from ({dbt_side}) as d "
                f"full outer join read_parquet(?) as h on {on} where {differs} order by all"
            )
            rows = con.execute(query, [hand]).fetchall()
            (total,) = con.execute("select count(*) from read_parquet(?)", [hand]).fetchone()
            print(f"  {label}, {name}: {len(rows)} of {total} rows differ")
            for row in rows[:5]:
                print(f"    {row}")
            identical = identical and not rows
    return identical


# -- 6. report ---------------------------------------------------------------------------------


def gib(size: int | None) -> str:
    return "" if size is None else f"{size / GIB:.2f}"


def print_table(steps: list[Step], handwritten_seconds: float) -> None:
    print(f"\n{'step':<44} {'rows':>13} {'seconds':>9} {'ratio':>7} {'peak GiB':>9}")
    for step in steps:
        rows = "" if step.rows is None else f"{step.rows:,}"
        print(
            f"{step.name:<44} {rows:>13} {step.seconds:>9.1f} "
            f"{step.seconds / handwritten_seconds:>7.2f} {gib(step.peak_bytes):>9}"
        )
    print("(ratio: seconds / the hand-written step's seconds; generate and land run in this")
    print(" process, their peak is this process's peak over both)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, required=True, help="1 = national size")
    parser.add_argument("--workdir", type=Path, default=None, help="kept; default: a temp dir")
    parser.add_argument(
        "--months", type=int, default=60, help="months in the full build (one more is landed)"
    )
    parser.add_argument("--select", default=DBT_SELECT, help="dbt selection of the models")
    args = parser.parse_args()
    if args.months < 13:
        parser.error("--months must be at least 13 (the fokusmål needs 12 months of anciennitet)")
    if args.scale <= 0:
        parser.error("--scale must be > 0")
    workdir = (args.workdir or Path(tempfile.mkdtemp(prefix="bench_national_"))).resolve()
    data_dir = workdir / "data"
    if data_dir.exists():
        shutil.rmtree(data_dir)  # a fresh warehouse and landing zone every run
    data_dir.mkdir(parents=True)
    logs = workdir / "logs"
    logs.mkdir(exist_ok=True)
    print(f"bench_national: scale {args.scale}, {args.months} + 1 months, workdir {workdir}")
    print(f"{os.cpu_count()} CPUs visible; dbt threads and DuckDB settings from profiles.yml")

    print("\n1. generate + land", flush=True)
    steps, held_back = generate_and_land(args.scale, args.months, data_dir)
    landed_rows = steps[-1].rows or 0

    print(f"\n2. dbt build --select {args.select} --full-refresh", flush=True)
    full = dbt_build(data_dir, args.select, full_refresh=True, log=logs / "dbt_full.log")
    steps.append(Step("dbt full build", landed_rows, full.seconds, full.peak_bytes))
    full_run = dbt_run_seconds(data_dir)
    steps.append(Step("  of which dbt's run (run_results.json)", None, full_run, None))
    print(
        f"  {full.seconds:.1f} s ({full_run:.1f} s dbt's run, the rest start-up and parse), "
        f"peak {gib(full.peak_bytes)} GiB (log {logs / 'dbt_full.log'})"
    )

    print("\n3. hand-written DuckDB SQL", flush=True)
    hand, _ = handwritten(data_dir, workdir / "handwritten", logs / "handwritten.log")
    steps.append(Step("hand-written DuckDB", landed_rows, hand.seconds, hand.peak_bytes))
    print(f"  {hand.seconds:.1f} s, peak {gib(hand.peak_bytes)} GiB")

    print("\n4. compare", flush=True)
    identical = compare(data_dir, workdir / "handwritten", "full build")

    print(f"\n5. land month {args.months} + incremental dbt build", flush=True)
    started = time.perf_counter()
    with lander(data_dir) as into:
        land(into, held_back, args.scale)
        into.commit()
    steps.append(Step("land (1 month)", held_back.rows, time.perf_counter() - started, None))
    incremental = dbt_build(
        data_dir, args.select, full_refresh=False, log=logs / "dbt_incremental.log"
    )
    steps.append(
        Step(
            "dbt incremental build (1 month)",
            held_back.rows,
            incremental.seconds,
            incremental.peak_bytes,
        )
    )
    incremental_run = dbt_run_seconds(data_dir)
    steps.append(Step("  of which dbt's run (run_results.json)", None, incremental_run, None))
    print(
        f"  {incremental.seconds:.1f} s ({incremental_run:.1f} s dbt's run), "
        f"peak {gib(incremental.peak_bytes)} GiB"
    )
    hand_all, _ = handwritten(data_dir, workdir / "handwritten_all", logs / "handwritten_all.log")
    steps.append(
        Step(
            f"hand-written DuckDB ({args.months + 1} months)",
            landed_rows + held_back.rows,
            hand_all.seconds,
            hand_all.peak_bytes,
        )
    )
    identical = compare(data_dir, workdir / "handwritten_all", "incremental") and identical

    print_table(steps, hand.seconds)
    peak = max(full.peak_bytes, incremental.peak_bytes, hand.peak_bytes, hand_all.peak_bytes)
    if not args.workdir:
        shutil.rmtree(workdir)
    print(
        f"ratio dbt/handwritten: {full.seconds / hand.seconds:.2f}; "
        f"incremental/full: {incremental.seconds / full.seconds:.2f}; "
        f"peak GiB: {peak / GIB:.1f}; results identical: {'yes' if identical else 'no'}"
    )


if __name__ == "__main__":
    main()

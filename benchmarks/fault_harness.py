"""Rerun the review's fault counts: kill points, bad inputs, API faults. Prints three tables.

    .venv/bin/python benchmarks/fault_harness.py [--workdir DIR] [--skip-kills]

1. **Kill points**: the two real 2020 lists loaded and built once; then `jobcenter build` is
   killed with SIGKILL at 11 points spread over a build (while dbt parses, in the raw sync, five
   times inside dbt, in the quality checks, while the serving copy is written, in the reports and
   the exports). After each kill: no process of the killed build is left (dbt died with it), the
   serving copy opens read-only and holds the marts it held before, the landing zone and the
   quarantine are byte-identical, and the next build starts at once (its run begins instead of
   waiting for a lock) and succeeds. About 20 minutes on a 2-core machine.
2. **Bad inputs**: every rejected file of tests/corpus and the hostile cases of
   tests/test_hostile_inputs.py through `jobcenter load` on a loaded warehouse: rejected naming
   file, line and field, kept byte-identical in the quarantine, the build file byte-identical.
3. **API faults**: every scenario of tests/api_faults.py (recorded responses, fake clock): time
   spent on the fake clock, nothing landed from a bad body, the key never printed.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from orchestration.settings import isolated_environment  # noqa: E402

JOBCENTER = str(Path(sys.executable).parent / "jobcenter")
LISTS = [REPO / "tests" / "fixtures" / "jobindsats" / f"y30r21_2020QMAT0{q}.csv" for q in (2, 4)]

# (what, the step whose start line is waited for, seconds after it); None: after the CLI starts
KILL_POINTS = [
    ("dbt parse, before the run", None, 1.0),
    ("raw sync", "jobindsats__y30r21", 0.0),
    ("dbt +1 s", "jobcenter_dbt_assets", 1.0),
    ("dbt +5 s", "jobcenter_dbt_assets", 5.0),
    ("dbt +10 s", "jobcenter_dbt_assets", 10.0),
    ("dbt +20 s", "jobcenter_dbt_assets", 20.0),
    ("dbt +30 s", "jobcenter_dbt_assets", 30.0),
    ("quality checks", "great_expectations_suites", 1.0),
    ("serving copy", "serving_warehouse", 0.1),
    ("committee reports", "committee_reports", 1.0),
    ("exports", "mart_exports", 0.5),
]


def _tree(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")) if root.exists() else []:
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _serving_marts(data_dir: Path) -> tuple[int, int] | str:
    """(rows of fct_benchmark, rows of fct_goal_fulfilment) of the serving copy, or the error."""
    try:
        with duckdb.connect(str(data_dir / "serving" / "warehouse.duckdb"), read_only=True) as con:
            return tuple(
                con.execute(f"select count(*) from marts.{t}").fetchone()[0]
                for t in ("fct_benchmark", "fct_goal_fulfilment")
            )
    except duckdb.Error as exc:
        return f"ERROR {exc}"


def _processes_of(data_dir: Path) -> list[int]:
    """PIDs of processes working in this data folder (the build's dbt, …)."""
    marker = f"JOBCENTER_DATA_DIR={data_dir}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if marker in (proc / "environ").read_bytes().split(b"\0"):
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def _build(data_dir: Path, kill: tuple[str | None, float] | None, log: Path):
    """Run `jobcenter build`; kill it with SIGKILL at `kill`. Returns (return code, seconds
    until its run started, whether the kill point was reached)."""
    out = log.open("w")
    started = time.monotonic()
    proc = subprocess.Popen(
        [JOBCENTER, "build"],
        cwd=REPO,
        env=isolated_environment(data_dir),
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    run_started = None
    reached = False
    while proc.poll() is None:
        text = log.read_text(errors="replace")
        if run_started is None and "… " in text:
            run_started = time.monotonic() - started
        if kill is not None and not reached:
            step, delay = kill
            if step is None or f"… {step}" in text:
                reached = True
                time.sleep(delay)
                proc.send_signal(signal.SIGKILL)
        time.sleep(0.05)
    proc.wait()
    out.close()
    return proc.returncode, run_started, reached


def kill_points(workdir: Path) -> list[str]:
    data_dir = workdir / "kills" / "data"
    load = subprocess.run(
        [JOBCENTER, "load", *map(str, LISTS)],
        cwd=REPO,
        env=isolated_environment(data_dir),
        capture_output=True,
        text=True,
        check=False,
    )
    assert load.returncode == 0, load.stdout + load.stderr
    code, _, _ = _build(data_dir, None, workdir / "build-0.log")
    assert code == 0, (workdir / "build-0.log").read_text()[-3000:]
    marts = _serving_marts(data_dir)
    landing, quarantine = _tree(data_dir / "landing"), _tree(data_dir / "quarantine")
    rows = [
        "| # | kill point | reached | left running | serving copy | landing, quarantine | "
        "next build starts after | next build |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for number, (what, step, delay) in enumerate(KILL_POINTS, start=1):
        log = workdir / f"kill-{number}.log"
        code, _, reached = _build(data_dir, (step, delay), log)
        time.sleep(1.0)  # what dies with the build has died by now
        left = _processes_of(data_dir)
        serving = _serving_marts(data_dir)
        same = (
            _tree(data_dir / "landing") == landing and _tree(data_dir / "quarantine") == quarantine
        )
        next_code, next_start, _ = _build(data_dir, None, workdir / f"after-{number}.log")
        outcome = "succeeded" if next_code == 0 else f"FAILED ({next_code})"
        rows.append(
            f"| {number} | {what} | {'yes' if reached else 'no (build ended first)'} | "
            f"{len(left)} | {'intact ' + str(serving) if serving == marts else serving} | "
            f"{'unchanged' if same else 'CHANGED'} | "
            f"{f'{next_start:.1f} s' if next_start is not None else 'never'} | {outcome} |"
        )
        for pid in left:
            subprocess.run(["kill", "-9", str(pid)], check=False)
    return rows


def bad_inputs(workdir: Path) -> list[str]:
    sys.path.insert(0, str(REPO))
    from tests.test_corpus import REJECTED
    from tests.test_hostile_inputs import CLI_CASES

    data_dir = workdir / "bad" / "data"
    env = isolated_environment(data_dir)
    subprocess.run(
        [JOBCENTER, "load", str(LISTS[0])], cwd=REPO, env=env, check=True, capture_output=True
    )
    warehouse = data_dir / "warehouse.duckdb"
    cases = [
        (f"corpus/{name}", [], REPO / "tests" / "corpus" / name, line, field)
        for name, (line, field, _) in sorted(REJECTED.items())
    ]
    scratch = workdir / "bad" / "files"
    for name, (args, make, line, field, _) in sorted(CLI_CASES.items()):
        folder = scratch / name.replace(" ", "_")
        folder.mkdir(parents=True, exist_ok=True)
        cases.append((name, args, make(folder), line, field))
    rows = [
        "| input | rejected, file/line/field named | quarantined byte-identical | "
        "warehouse byte-identical |",
        "|---|---|---|---|",
    ]
    counts = [0, 0, 0]
    for name, args, path, line, field in cases:
        before = hashlib.sha256(warehouse.read_bytes()).hexdigest()
        kept_before = set((data_dir / "quarantine").rglob("payload/*"))
        result = subprocess.run(
            [JOBCENTER, "load", *args, str(path)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        output = " ".join((result.stdout + result.stderr).split())
        where = (
            f"{path}" + (f", line {line}" if line else "") + (f", field '{field}'" if field else "")
        )
        named = result.returncode == 1 and f"rejected {where}:" in output
        kept = set((data_dir / "quarantine").rglob("payload/*")) - kept_before
        identical = len(kept) == 1 and next(iter(kept)).read_bytes() == path.read_bytes()
        unchanged = hashlib.sha256(warehouse.read_bytes()).hexdigest() == before
        for i, ok in enumerate((named, identical, unchanged)):
            counts[i] += ok
        rows.append(
            f"| {name} | {'yes' if named else 'NO'} | {'yes' if identical else 'NO'} | "
            f"{'yes' if unchanged else 'NO'} |"
        )
    rows.append(f"| **{len(cases)} inputs** | {counts[0]} | {counts[1]} | {counts[2]} |")
    return rows


def api_faults(workdir: Path) -> list[str]:
    from tests.api_faults import KEY, SCENARIOS, run

    rows = [
        "| scenario | outcome | fake time | requests | landed | quarantined | key printed |",
        "|---|---|---|---|---|---|---|",
    ]
    for number, scenario in enumerate(SCENARIOS, start=1):
        outcome = run(scenario, workdir / "api" / str(number))
        printed = KEY in outcome.message or KEY in outcome.printed
        result = "loaded" if not outcome.message else outcome.message.split(": ", 1)[-1][:70]
        rows.append(
            f"| {scenario.name} | {result} | {outcome.fake_seconds:g} s | {outcome.calls} | "
            f"{outcome.landed} | {outcome.quarantined} | {'YES' if printed else 'no'} |"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--skip-kills", action="store_true")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="fault-harness-"))
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    print("## API faults\n")
    print("\n".join(api_faults(workdir)))
    print("\n## Bad inputs through `jobcenter load`\n")
    print("\n".join(bad_inputs(workdir)))
    if not args.skip_kills:
        print("\n## Kill points (SIGKILL of `jobcenter build`)\n")
        print("\n".join(kill_points(workdir)))
    print(f"\n(work folder {workdir})")


if __name__ == "__main__":
    main()

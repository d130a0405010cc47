"""Time the publishing steps (serving copy, exports) of this checkout, against another checkout.

    .venv/bin/python benchmarks/bench_publish.py [--data DIR] [--baseline-src DIR] [--rounds 5]

- `--data`: a data folder with a built warehouse (default: `jobcenter demo` into a temporary
  folder first). It is copied; nothing in it changes.
- `--baseline-src`: the source tree of another revision to compare with, e.g.
  `git archive main | tar -x -C /tmp/main-src`. Both are timed by the same driver in a fresh
  process each round, interleaved (baseline, this, baseline, …), so a busy machine slows both
  alike; the table gives medians and the ratio this/baseline.

Per process: the serving copy (`publish_serving_copy`), then the exports (`export_marts` of
that copy), wall-clock and CPU time (all threads; less sensitive than wall-clock to a machine
shared with other work), and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_demo import end_to_end  # benchmarks/ is on sys.path when run as a script

REPO = Path(__file__).resolve().parent.parent

# Runs in a fresh interpreter with the checkout to time first on sys.path; imports the module
# layout of this checkout (orchestration.publish.serving) or of the one before the split.
DRIVER = r"""
import json, resource, sys, time
from pathlib import Path
data = Path(sys.argv[1])
import orchestration
assert str(Path(orchestration.__file__).resolve()).startswith(sys.argv[2]), orchestration.__file__
try:
    from orchestration.publish.serving import publish_serving_copy
    from orchestration.publish.exports import export_marts
    from orchestration.quality.run_info import read_run_info
except ImportError:
    from orchestration.publish import publish_serving_copy, export_marts, read_run_info
import duckdb
from orchestration.settings import Settings
settings = Settings(data_dir=data, warehouse_path=data / "warehouse.duckdb")
started, cpu = time.perf_counter(), time.process_time()
result = publish_serving_copy(settings, run_id="bench")
serving, serving_cpu = time.perf_counter() - started, time.process_time() - cpu
with duckdb.connect(str(result.path), read_only=True) as con:
    info = read_run_info(con)
started, cpu = time.perf_counter(), time.process_time()
export_marts(result.path, data / "exports", manifest_path=data / "dbt_target" / "manifest.json",
             run_info=info)
exports, exports_cpu = time.perf_counter() - started, time.process_time() - cpu
print(json.dumps({
    "serving_s": serving, "serving_cpu_s": serving_cpu,
    "exports_s": exports, "exports_cpu_s": exports_cpu, "serving_bytes": result.path.stat().st_size,
    "xlsx_bytes": (data / "exports" / "marts.xlsx").stat().st_size,
    "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def _one(src: Path, data: Path, scratch: Path) -> dict[str, float]:
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(data, scratch, ignore=shutil.ignore_patterns("reports", "dagster_home"))
    env = dict(os.environ, PYTHONPATH=str(src))
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, str(scratch), str(src.resolve())],
        cwd=src,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"publishing with {src} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="data folder with a built warehouse")
    parser.add_argument("--baseline-src", type=Path, help="source tree to compare with")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as work:
        work_dir = Path(work)
        data = args.data
        if data is None:
            data = work_dir / "demo"
            end_to_end(data)  # a fresh `jobcenter demo`, as bench_demo.py runs it
        trees = {"this": REPO}
        if args.baseline_src:
            trees = {"baseline": args.baseline_src, **trees}
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
        for _ in range(args.rounds):
            for name, src in trees.items():
                runs[name].append(_one(src, data, work_dir / "scratch"))
    print(f"{args.rounds} rounds, medians (data: {args.data or 'a fresh jobcenter demo'})")
    print(f"{'measure':<16}" + "".join(f"{name:>12}" for name in trees) + "   ratio")
    measures = ("serving_s", "serving_cpu_s", "exports_s", "exports_cpu_s")
    for measure in (*measures, "serving_bytes", "xlsx_bytes", "peak_rss_mib"):
        medians = {n: statistics.median(r[measure] for r in runs[n]) for n in trees}
        ratio = f"{medians['this'] / medians['baseline']:7.2f}" if medians.get("baseline") else ""
        cells = "".join(
            f"{medians[n]:12.2f}" if measure.endswith("_s") else f"{medians[n]:12.0f}"
            for n in trees
        )
        print(f"{measure:<16}{cells}   {ratio}")


if __name__ == "__main__":
    main()

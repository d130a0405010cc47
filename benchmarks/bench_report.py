"""Time the committee reports (all municipalities of the latest list) of this checkout, against
another checkout.

    .venv/bin/python benchmarks/bench_report.py --data DIR [--baseline-src DIR] [--rounds 5]

- `--data`: a data folder with a built warehouse and serving copy (e.g. one `jobcenter demo`
  wrote). The reports are written into a copy; nothing in it changes.
- `--baseline-src`: the source tree of another revision, e.g.
  `git archive main | tar -x -C /tmp/main-src`. Both run in a fresh process each round,
  interleaved (baseline, this, baseline, …), so a busy machine slows both alike; the table
  gives medians and the ratio this/baseline.
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

REPO = Path(__file__).resolve().parent.parent

DRIVER = r"""
import json, resource, sys, time
from pathlib import Path
import orchestration
assert str(Path(orchestration.__file__).resolve()).startswith(sys.argv[2]), orchestration.__file__
from orchestration.report.report import write_reports
from orchestration.settings import Settings
data = Path(sys.argv[1])
settings = Settings(data_dir=data, warehouse_path=data / "warehouse.duckdb")
started, cpu = time.perf_counter(), time.process_time()
results = write_reports(settings, None)
print(json.dumps({
    "reports": len(results), "wall_s": time.perf_counter() - started,
    "cpu_s": time.process_time() - cpu,
    "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def run(src: Path, data: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", DRIVER, str(data), str(src.resolve())],
        cwd=src,  # the checkout's own package first (the editable install maps to this one)
        env=dict(os.environ, PYTHONPATH=str(src)),
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        raise SystemExit(f"{src}: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--baseline-src", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        scratch = Path(tmp) / "data"
        shutil.copytree(
            args.data, scratch, ignore=shutil.ignore_patterns("reports", "dagster_home", "landing")
        )
        trees = {"this": REPO} | ({"baseline": args.baseline_src} if args.baseline_src else {})
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
        for _ in range(args.rounds):
            for name, src in reversed(trees.items()):
                runs[name].append(run(src, scratch))
    print(f"{'checkout':10} {'reports':>7} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9}")
    medians = {}
    for name, values in runs.items():
        medians[name] = {k: statistics.median(v[k] for v in values) for k in values[0]}
        m = medians[name]
        print(
            f"{name:10} {m['reports']:7.0f} {m['wall_s']:8.2f} {m['cpu_s']:8.2f} "
            f"{m['peak_rss_mib']:9.0f}"
        )
    if "baseline" in medians:
        ratio = {k: medians["this"][k] / medians["baseline"][k] for k in ("wall_s", "cpu_s")}
        print(f"this/baseline: wall {ratio['wall_s']:.2f}, cpu {ratio['cpu_s']:.2f}")


if __name__ == "__main__":
    main()

"""benchmarks/bench_national.py at its smallest scale: it runs end to end (generate, land, dbt
full and incremental builds, the hand-written SQL), its last line has the fixed form the lead
reads, and dbt and the hand-written SQL give the same results."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
LAST_LINE = re.compile(
    r"^ratio dbt/handwritten: \d+\.\d\d; incremental/full: \d+\.\d\d; "
    r"peak GiB: \d+\.\d; results identical: (yes|no)$"
)


def test_bench_national_smallest_scale(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "benchmarks" / "bench_national.py"),
            "--scale",
            "0.001",
            "--months",
            "26",
            "--workdir",
            str(tmp_path),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    last = result.stdout.rstrip("\n").splitlines()[-1]
    assert LAST_LINE.match(last), last
    # the comparison printed its counts, and found no cell that differs
    assert "rows differ" in result.stdout
    assert last.endswith("results identical: yes"), result.stdout[-3000:]
    # what a run leaves for a look afterwards: the dbt logs and the hand-written results
    assert (tmp_path / "logs" / "dbt_full.log").is_file()
    assert (tmp_path / "handwritten" / "fokus.parquet").is_file()

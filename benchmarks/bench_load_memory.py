"""Peak memory of loading one big file, against the file's size.

    .venv/bin/python benchmarks/bench_load_memory.py [--mb 19] [--code PATH] [--workdir DIR]

Writes a valid Y30R21 file of about --mb MB (the real 2020QMAT04 list repeated for made-up
period codes, so every key is new) and runs `jobcenter load` on it in a fresh data folder,
once per --code tree (default: this checkout; give another checkout, e.g. an export of main,
to compare). Prints the file size, the peak RSS of the load process (getrusage of the child),
the RSS of the same process after its imports only, and both ratios to the file size.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REAL = REPO / "tests" / "fixtures" / "jobindsats" / "y30r21_2020QMAT04.csv"

_LOAD = """
import resource, sys
from pathlib import Path
from orchestration.ingest import ingest_file
from orchestration.settings import Settings
if sys.argv[2] == "imports-only":
    print("RSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, 0)
    raise SystemExit
data = Path(sys.argv[1])
settings = Settings(data_dir=data, warehouse_path=data / "warehouse.duckdb")
result = ingest_file(Path(sys.argv[2]), source="jobindsats", table="y30r21", settings=settings)
print("RSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, result.rows_loaded)
"""


def big_file(path: Path, megabytes: float) -> int:
    header, *rows = REAL.read_bytes().rstrip(b"\r\n").split(b"\r\n")
    with path.open("wb") as out:
        out.write(header + b"\r\n")
        year = 1000
        while out.tell() < megabytes * 1e6:
            for quarter in (b"2", b"4"):
                period = b"%dQMAT0" % year + quarter
                out.write(b"".join(r.replace(b"2020QMAT04", period) + b"\r\n" for r in rows))
            year += 1
    return path.stat().st_size


def measure(code: Path, file: Path, workdir: Path) -> tuple[int, int, int]:
    """(peak RSS kB of the load, RSS kB after imports, rows loaded)."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    runs = []
    for mode in ("imports-only", str(file)):
        data = Path(tempfile.mkdtemp(dir=workdir))
        out = subprocess.run(
            [sys.executable, "-c", _LOAD, str(data), mode],
            cwd=code,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            raise SystemExit(f"load failed with {code}:\n{out.stderr[-2000:]}")
        (line,) = [ln for ln in out.stdout.splitlines() if ln.startswith("RSS ")]
        runs.append(line.split()[1:])
    return int(runs[1][0]), int(runs[0][0]), int(runs[1][1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=19.0)
    parser.add_argument("--code", type=Path, action="append")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-load-memory-"))
    workdir.mkdir(parents=True, exist_ok=True)
    file = workdir / "y30r21_big.csv"
    size = big_file(file, args.mb)
    print(f"file: {file} {size / 1e6:.1f} MB")
    print(
        f"{'code':<40} {'rows':>9} {'peak MB':>8} {'imports MB':>10} {'peak/file':>9} "
        f"{'(peak-imports)/file':>20}"
    )
    for code in args.code or [REPO]:
        peak, imports, rows = measure(code.resolve(), file, workdir)
        print(
            f"{code!s:<40} {rows:>9} {peak / 1024:>8.0f} {imports / 1024:>10.0f} "
            f"{peak * 1024 / size:>9.1f} {(peak - imports) * 1024 / size:>20.1f}"
        )
    if not args.workdir:
        shutil.rmtree(workdir)


if __name__ == "__main__":
    main()

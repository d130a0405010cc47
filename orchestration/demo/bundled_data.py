"""The demo data set: every part lands its files like any other file would be landed.

A part is a function `(settings) -> str` (a one-line summary) registered in `DEMO_PARTS`. Until
the synthetic generator exists the only part is the real, published Y30R21 benchmark for
2020QMAT02 and 2020QMAT04 (shared/data/jobindsats, DOMAIN §2.5).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from orchestration.ingest import ingest_file
from orchestration.settings import Settings

BUNDLED_DIR = Path(__file__).resolve().parent / "bundled"


def land_bundled_benchmark(settings: Settings) -> str:
    new = already = rows = 0
    for path in sorted((BUNDLED_DIR / "jobindsats").glob("y30r21_*.csv")):
        result = ingest_file(path, source="jobindsats", table="y30r21", settings=settings)
        new += result.is_new
        already += not result.is_new
        rows += result.rows_loaded
    return f"benchmark: {new} new file(s) with {rows} rows, {already} already loaded"


DEMO_PARTS: list[Callable[[Settings], str]] = [land_bundled_benchmark]


def land_demo_data(settings: Settings) -> list[str]:
    return [part(settings) for part in DEMO_PARTS]

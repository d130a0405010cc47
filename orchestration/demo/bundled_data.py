"""The demo data set: every part lands its files like any other file would be landed.

A part is a function `(settings) -> str` (a one-line summary) registered in `DEMO_PARTS`. The
benchmark and population part is the deterministic synthetic generator
(`orchestration/demo/generator.py`); the real, published Y30R21 lists for 2020QMAT02 and
2020QMAT04 (tests/fixtures/jobindsats/README.md says where they come from) stay bundled for
`land_bundled_benchmark` and the tests.
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


def land_synthetic_benchmark_and_population(settings: Settings) -> str:
    # The deterministic SYNTHETIC generator (all 98 kommuner, 2018QMAT02 … 2025QMAT02, FOLK1A);
    # the real 2020 files stay in bundled/ and tests/fixtures/ (`jobcenter load` them).
    from orchestration.demo.generator import land_synthetic_demo

    return land_synthetic_demo(settings)


DEMO_PARTS: list[Callable[[Settings], str]] = [land_synthetic_benchmark_and_population]


def land_synthetic_goal_data(settings: Settings) -> str:
    # Synthetic goal measurements for all 98 kommuner (fokusmål, OTIJ01, local templates).
    from orchestration.demo.goals_generator import land_synthetic_goal_data as land_goals

    return land_goals(settings)


DEMO_PARTS.append(land_synthetic_goal_data)


# The person-level part: all 98 kommuner at 3 % of their size (København about 1,700 persons on
# support in a month, Norddjurs about 105, some 40–55 of them with 12 months' anciennitet or more),
# 2022-01 … 2025-09. The published fokusmål end in June 2025, so the last three months exist
# only as the locally computed fokusmål. Generating and landing it takes about 1.5 s; 5 % took
# the demo over its 60 s target.
DEMO_PERSON_SCALE = 0.03
DEMO_PERSON_START_MONTH = "2022-01"
DEMO_PERSON_MONTHS = 45
DEMO_PERSON_SEED = 16


def land_synthetic_person_data(settings: Settings) -> str:
    # The deterministic SYNTHETIC person-level months (orchestration/persons/generator.py),
    # landed as Parquet under landing/persons/ (dbt reads them in place).
    from orchestration.persons.generator import generate_months
    from orchestration.persons.landing import land_person_months

    new = already = rows = 0
    generated = generate_months(
        DEMO_PERSON_SCALE,
        start_month=DEMO_PERSON_START_MONTH,
        months=DEMO_PERSON_MONTHS,
        seed=DEMO_PERSON_SEED,
    )
    params = {"scale": DEMO_PERSON_SCALE, "seed": DEMO_PERSON_SEED}
    for _, _, table, landed in land_person_months(
        settings, generated, is_synthetic=True, request_params=params
    ):
        new += landed.is_new
        already += not landed.is_new
        rows += table.num_rows if landed.is_new else 0
    return (
        f"SYNTHETIC person-level data (scale {DEMO_PERSON_SCALE:g}, {DEMO_PERSON_START_MONTH} + "
        f"{DEMO_PERSON_MONTHS} months): {new} new file(s) with {rows} rows, {already} already "
        "landed"
    )


DEMO_PARTS.append(land_synthetic_person_data)


def land_demo_data(settings: Settings) -> list[str]:
    return [part(settings) for part in DEMO_PARTS]

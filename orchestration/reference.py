"""Reference data the Python side needs before dbt runs: read straight from the dbt seeds, so the
seed CSVs stay the single source of municipality names and benefit-group labels."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from orchestration.settings import SEEDS_DIR


@dataclass(frozen=True)
class Municipality:
    kommunekode: int
    name: str
    region: str
    landsdel: str
    population: int


@cache
def municipalities() -> tuple[Municipality, ...]:
    with (SEEDS_DIR / "municipalities.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(
            Municipality(
                kommunekode=int(row["kommunekode"]),
                name=row["kommune"],
                region=row["region"],
                landsdel=row["landsdel"],
                population=int(row["population_2024_01_01"]),
            )
            for row in csv.DictReader(fh)
        )


@cache
def municipality_by_name() -> dict[str, Municipality]:
    return {m.name: m for m in municipalities()}


@cache
def municipality_by_code() -> dict[int, Municipality]:
    return {m.kommunekode: m for m in municipalities()}


@cache
def benefit_group_labels() -> dict[str, str]:
    """Danish Y30R21 label → English benefit_group code."""
    with (SEEDS_DIR / "benefit_groups.csv").open(encoding="utf-8", newline="") as fh:
        return {row["benefit_group_label_da"]: row["benefit_group"] for row in csv.DictReader(fh)}


@cache
def benchmark_area_benefits() -> dict[str, str | None]:
    """PTVA02 benefit label → the benchmark area (benefit_group) it counts in, None when it is
    outside the benchmark (seed benchmark_area_benefits)."""
    with (SEEDS_DIR / "benchmark_area_benefits.csv").open(encoding="utf-8", newline="") as fh:
        return {row["benefit_label_da"]: row["benefit_group"] or None for row in csv.DictReader(fh)}

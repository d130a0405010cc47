"""Deterministic synthetic demo data: Y30R21 for all 98 municipalities 2018QMAT02 … 2025QMAT02,
the monthly actuals behind it (PTVA02, 2019M07 … 2025M12) and FOLK1A population aged 16–66 per
kommune and quarter, written in the sources' real formats.

Everything here is SYNTHETIC. It is calibrated to be realistic, to move from list to list as the
real lists do (docs/benchmark_forecast.md, benchmarks/bench_list_dynamics.py), and to reproduce
the published stories users will check; every file it writes is landed with
`is_synthetic=True`, which the marts carry as `is_synthetic`.

How the numbers are made (all from one seed, so the same seed gives the same bytes):
- **Population 16–66** per kommune and quarter 2017K3 … 2025K2: the level implied by the real
  2020QMAT04 file (forventet antal ÷ forventet andel), grown at the kommune's 2024→2026 rate
  (seeds/municipalities.csv) less 0.2 %/year for ageing (kept per age 16 … 66 with an urban/rural
  age profile). Written as the Statbank FOLK1A CSV (BOM, `;`, `valuePresentation=Code`, ALDER
  summed into the group `16-66`, one row per kommune × quarter), exactly what
  `orchestration.sources.statbank` receives.
- **Denominator of a list**: the mean of the four quarterly populations 16–66 of the QMAT window
  (QMAT02 of year Y = Y-1K3 … YK2; QMAT04 = YK1 … YK4), rounded to a whole person.
- **Actual side, monthly** per kommune and area (`_monthly_actuals`): the real 2020QMAT04 actual
  share × the national level of the area (NATIONAL_LEVEL, interpolated between the lists' window
  midpoints: COVID peak in dagpenge 2020–21, slowly rising sygedagpenge, falling kontanthjælp)
  × the kommune's own deviation (a monthly AR(1) per area plus one its areas share) × a season,
  × the population. A list's actual count is the mean of its 12 months, so the monthly PTVA02
  files reconcile with the lists. The months are split over the area's benefits
  (DEMO_BENEFIT_WEIGHTS; which benefit counts in which area: seeds/benchmark_area_benefits.csv),
  plus førtidspension outside the benchmark.
- **Expected side**, the ministry's model as far as a list shows it: the real expected share ×
  the national level, plus a quarter of the real 2020 gap (PERSISTENT_GAP_WEIGHT: the rest stays
  the kommune's own), plus the share of the kommune's own movement the model re-absorbs
  (MODEL_ABSORPTION), plus the model's own list-level AR(1) noise; then calibrated so that Σ
  expected = Σ actual nationally in every list and area (`_calibrate_nationally`).
- **Stories** are pinned (`STORY_RANKS`, the 2021QMAT04 Jutland order, Billund's −130 in
  2023QMAT04) by re-assigning the same set of list values to a different order, through the
  expected side only (the actuals stay the monthly means).
- **Published figures** as jobindsats does it: counts are the unrounded full-time persons rounded
  to the nearest 10 (`diff = actual − expected` of the rounded counts); shares are the unrounded
  counts ÷ population 16–66 × 100 rounded to 0.01; ranks 1 … 98 strictly by the unrounded
  pct.-point difference (ties in the published, rounded difference may therefore be in either
  order, as in the real lists). The total is the sum of the three areas before
  rounding, so it matches the sum of the published areas within rounding (± 20). PTVA02 figures
  are whole full-time persons per benefit and month.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from orchestration.reference import Municipality, municipalities
from orchestration.settings import Settings
from orchestration.sources.jobindsats_specs import PTVA02_SEX_TOTAL

DEFAULT_SEED = 20240307
BUNDLED_2020Q4 = (
    Path(__file__).resolve().parent / "bundled" / "jobindsats" / "y30r21_2020QMAT04.csv"
)

AREAS = ("A-dagpenge mv.", "Sygedagpenge mv.", "Kontanthjælp mv.")
TOTAL = "Ydelsesgrupper i alt"
GROUP_ORDER = (TOTAL, *AREAS)

PERIODS: tuple[str, ...] = tuple(
    f"{year}QMAT0{q}" for year in range(2018, 2026) for q in (2, 4) if (year, q) != (2025, 4)
)
QUARTERS: tuple[str, ...] = tuple(
    f"{year}K{q}"
    for year in range(2017, 2026)
    for q in (1, 2, 3, 4)
    if (2017, 3) <= (year, q) <= (2025, 2)
)
AGES = tuple(range(16, 67))

_COUNT = "Forventet og faktisk antal fuldtidspersoner på offentlig forsørgelse: "
_SHARE = "Forventet og faktisk andel fuldtidspersoner på offentlig forsørgelse: "
Y30R21_HEADER = (
    "Area",
    "Periode",
    "Ydelsesgrupper",
    _COUNT + "Forventet antal",
    _COUNT + "Faktisk antal",
    _COUNT + "Forskel mellem forventet og faktisk antal",
    _SHARE + "Forventet andel (pct.)",
    _SHARE + "Faktisk andel (pct.)",
    _SHARE + "Forskel mellem forventet og faktisk andel (pct. point)",
    "Placering på benchmarkranglisten",
)
FOLK1A_HEADER = ("OMRÅDE", "KØN", "ALDER", "TID", "INDHOLD")

# National level of the expected share per area, relative to 2020QMAT04, one value per period
# (2018QMAT02 … 2025QMAT02).
NATIONAL_LEVEL: dict[str, tuple[float, ...]] = {
    "A-dagpenge mv.": (
        0.88, 0.86, 0.85, 0.86, 0.92, 1.00, 1.02, 0.85, 0.73, 0.72, 0.76, 0.80, 0.83, 0.85, 0.86,
    ),
    "Sygedagpenge mv.": (
        0.92, 0.93, 0.95, 0.96, 0.92, 1.00, 1.04, 1.06, 1.08, 1.08, 1.07, 1.07, 1.08, 1.09, 1.10,
    ),
    "Kontanthjælp mv.": (
        1.12, 1.09, 1.06, 1.03, 1.00, 1.00, 0.99, 0.97, 0.94, 0.92, 0.91, 0.90, 0.90, 0.91, 0.92,
    ),
}  # fmt: skip

# Published stories (the news items behind docs/domain.md) and plausible paths between them:
# rank in the overall list per period. Norddjurs 69th in the first list, 17th on 2021, 10th on
# 2023 (24th and 21st in 2020 as in the real lists); Fredericia 94th in both 2020 lists and near
# the bottom; Billund 1st on 2023.
STORY_RANKS: dict[str, tuple[int, ...]] = {
    "Norddjurs": (69, 62, 55, 41, 24, 21, 19, 17, 15, 13, 12, 10, 9, 11, 8),
    "Fredericia": (88, 90, 92, 93, 94, 94, 92, 90, 91, 89, 88, 86, 87, 85, 84),
    "Billund": (30, 27, 24, 20, 13, 11, 15, 20, 9, 5, 3, 1, 2, 3, 2),
}
# 2021QMAT04: Norddjurs 1st in Østjylland and 4th in Jutland, behind exactly these three.
JUTLAND = frozenset({"Sydjylland", "Vestjylland", "Østjylland", "Nordjylland"})
JUTLAND_AHEAD_OF_NORDDJURS = ("Brønderslev", "Thisted", "Vesthimmerlands")
# 2021QMAT04: strong on sygedagpenge and dagpenge, a bit below the middle on kontanthjælp.
NORDDJURS_2021Q4_AREA_RANKS = {"Sygedagpenge mv.": 5, "A-dagpenge mv.": 11}
NORDDJURS_2021Q4_KONTANTHJAELP_RANK = 54
# 2023QMAT04: Billund 1st with about 130 fewer full-time persons than expected.
BILLUND_2023Q4_DIFF_COUNT = -130

# The months of the monthly actuals: the first list's window (2017M07) to the end of 2025, the
# half-year after the last list, so the next list's new months are there to nowcast. The lists
# are the means of all of them; the PTVA02 files hold those from PUBLISHED_MONTHS_FROM on (a pull
# of the last years, as a municipality would fetch: the lists from 2020QMAT02 on, and the
# year-earlier months the nowcast compares with, fewer rows to land and check).
MONTHS: tuple[str, ...] = tuple(
    f"{year}M{month:02d}"
    for year in range(2017, 2026)
    for month in range(1, 13)
    if (year, month) >= (2017, 7)
)
PUBLISHED_MONTHS_FROM = "2019M07"
# Dynamics, tuned so the lists move as the six real lists 2020QMAT02 … 2022QMAT04 do (docs/
# benchmark_forecast.md): consecutive ranks correlate 0.92–0.95, and the changes of expected and
# actual shares 0.54–0.81, because the model re-absorbs part of a kommune's own movement.
MONTHLY_RHO = 0.97  # a kommune's deviation from its level, month to month
OWN_DEVIATION_SD = {"A-dagpenge mv.": 0.11, "Sygedagpenge mv.": 0.05, "Kontanthjælp mv.": 0.06}
SHARED_DEVIATION_SD = 0.035  # the part of the deviation its three areas share
SEASON = {"A-dagpenge mv.": 0.06, "Sygedagpenge mv.": 0.02, "Kontanthjælp mv.": 0.01}
# share of a kommune's own movement in actual share that the model's expected share follows
MODEL_ABSORPTION = {"A-dagpenge mv.": 0.62, "Sygedagpenge mv.": 0.45, "Kontanthjælp mv.": 0.5}
MODEL_NOISE_SD = 0.024  # the model's own noise, relative to the expected level
MODEL_NOISE_RHO = 0.75
# share of the real 2020QMAT04 gap that stays the kommune's own, list after list
PERSISTENT_GAP_WEIGHT = 0.75


@dataclass(frozen=True)
class GeneratedFile:
    source: str
    table: str
    name: str
    content: bytes
    fmt: str
    request_params: dict


@dataclass
class BenchmarkRow:
    municipality: Municipality
    period: str
    group: str
    expected_true: float
    actual_true: float
    population: int
    rank: int = 0

    @property
    def gap_pp(self) -> float:
        return (self.actual_true - self.expected_true) / self.population * 100


def period_quarters(period: str) -> tuple[str, ...]:
    """The four quarters of a QMAT window: QMAT02 of Y = Y-1K3 … YK2, QMAT04 = YK1 … YK4."""
    year, q = int(period[:4]), int(period[-1])
    quarters = [(year, k) for k in range(1, q + 1)]
    quarters = [(year - 1, k) for k in range(q + 1, 5)] + quarters
    return tuple(f"{y}K{k}" for y, k in quarters)


def _round_half_up(value: float, exponent: str) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(exponent), rounding=ROUND_HALF_UP)


def round10(value: float) -> int:
    return int(_round_half_up(value / 10, "1")) * 10


def share_text(value: float) -> str:
    text = f"{_round_half_up(value, '0.01'):.2f}".replace(".", ",")
    return "0,00" if text == "-0,00" else text


def _read_real_2020q4() -> dict[tuple[str, str], tuple[float, float]]:
    """(kommune, group) → (expected share, gap in pct. points) from the real 2020QMAT04 list."""
    text = BUNDLED_2020Q4.read_text(encoding="utf-8")
    out = {}
    for row in list(csv.reader(io.StringIO(text), delimiter=";"))[1:]:
        if row:
            expected = float(row[6].replace(",", "."))
            gap = float(row[8].replace(",", "."))
            out[(row[0], row[2])] = (expected, gap)
    return out


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.munis = sorted(municipalities(), key=lambda m: m.kommunekode)
        self.real = _read_real_2020q4()
        self.population = self._population()  # (code, quarter) → {age: persons}

    # -- population -----------------------------------------------------------------------------
    def _population(self) -> dict[tuple[int, str], dict[int, int]]:
        out: dict[tuple[int, str], dict[int, int]] = {}
        seeds_2026 = _population_2026()
        for m in self.munis:
            expected, _ = self.real[(m.name, TOTAL)]
            count = _real_total_expected_count(m.name)
            implied = count / expected * 100  # population 16-66, mean of 2020
            ratio = min(max(implied / m.population, 0.56), 0.72)
            level_2020 = ratio * m.population * (1 - 0.004 * 3.5)
            growth = (seeds_2026[m.kommunekode] / m.population) ** 0.5 - 1 - 0.002
            urban = min(max((ratio - 0.62) / 0.05, -1.0), 1.5)
            profile = [
                1.0
                + 0.22 * urban * math.exp(-(((age - 27) / 6) ** 2))
                - 0.08 * urban * (age >= 55)
                + self.rng.uniform(-0.04, 0.04)
                for age in AGES
            ]
            drift = 0.0
            for i, quarter in enumerate(QUARTERS):
                # 2020K3 is the middle of 2020 (index 12 in QUARTERS)
                drift += self.rng.gauss(0, 0.0006)
                total = level_2020 * (1 + growth) ** ((i - 12) / 4) * (1 + drift)
                out[(m.kommunekode, quarter)] = _allocate(round(total), profile)
        return out

    def population_16_66(self, code: int, quarter: str) -> int:
        return sum(self.population[(code, quarter)].values())

    def list_population(self, code: int, period: str) -> int:
        quarters = period_quarters(period)
        return round(sum(self.population_16_66(code, q) for q in quarters) / len(quarters))

    # -- benchmark ------------------------------------------------------------------------------
    def benchmark(self) -> dict[str, list[BenchmarkRow]]:
        """The lists, built from the monthly actuals: a list's actual count is the mean of its
        12 months (`self.monthly`), its expected count the model's answer to them."""
        rng = self.rng
        names = [m.name for m in self.munis]
        self.monthly = self._monthly_actuals()
        period_index = {p: t for t, p in enumerate(PERIODS)}
        # the model's own noise: a list-level AR(1) per kommune and area, relative to its level
        model_noise = {(n, a): rng.gauss(0, MODEL_NOISE_SD) for n in names for a in AREAS}
        by_period: dict[str, list[BenchmarkRow]] = {}
        for period in PERIODS:
            t = period_index[period]
            months = period_months(period)
            actual: dict[tuple[str, str], float] = {}
            gap: dict[tuple[str, str], float] = {}
            for m in self.munis:
                pop = self.list_population(m.kommunekode, period)
                for a in AREAS:
                    key = (m.name, a)
                    series = self.monthly[(m.kommunekode, a)]
                    actual[key] = sum(series[MONTHS.index(mo)] for mo in months) / 12 / pop * 100
                    base_e, base_gap = self.real[key]
                    level = NATIONAL_LEVEL[a][t]
                    base_a = (base_e + base_gap) * level
                    noise = model_noise[key]
                    model_noise[key] = MODEL_NOISE_RHO * noise + rng.gauss(
                        0, MODEL_NOISE_SD * math.sqrt(1 - MODEL_NOISE_RHO**2)
                    )
                    # the model re-absorbs a share of the kommune's own movement (its inputs move
                    # with the local labour market); the rest, and its own noise, is the gap
                    expected = (
                        (base_e + (1 - PERSISTENT_GAP_WEIGHT) * base_gap) * level
                        + MODEL_ABSORPTION[a] * (actual[key] - base_a)
                        + noise * base_e * level
                    )
                    gap[key] = actual[key] - expected
            _calibrate_nationally(gap, actual, self.munis, period, self.list_population)
            self._pin_stories(t, period, names, actual, gap)
            by_period[period] = self._rows(period, actual, gap)
        return by_period

    def _monthly_actuals(self) -> dict[tuple[int, str], list[float]]:
        """Full-time persons per kommune, area and month (unrounded), MONTHS long: the real
        2020QMAT04 actual share × the national level × the kommune's own deviation (an AR(1)
        per area plus one shared by its areas) × the season, × its population 16-66."""
        rng = self.rng
        national = {a: _monthly_national_level(a) for a in AREAS}
        out: dict[tuple[int, str], list[float]] = {}
        for m in self.munis:
            shared = rng.gauss(0, SHARED_DEVIATION_SD)
            own = {a: rng.gauss(0, OWN_DEVIATION_SD[a]) for a in AREAS}
            series: dict[str, list[float]] = {a: [] for a in AREAS}
            for i, month in enumerate(MONTHS):
                shared = MONTHLY_RHO * shared + rng.gauss(
                    0, SHARED_DEVIATION_SD * math.sqrt(1 - MONTHLY_RHO**2)
                )
                pop = self.population_16_66(m.kommunekode, _month_quarter(month))
                calendar_month = int(month[-2:])
                for a in AREAS:
                    own[a] = MONTHLY_RHO * own[a] + rng.gauss(
                        0, OWN_DEVIATION_SD[a] * math.sqrt(1 - MONTHLY_RHO**2)
                    )
                    base_e, base_gap = self.real[(m.name, a)]
                    share = (
                        (base_e + base_gap)
                        * national[a][i]
                        * (1 + own[a] + shared)
                        * (1 + SEASON[a] * math.cos((calendar_month - 1) / 12 * 2 * math.pi))
                        * (1 + rng.gauss(0, 0.004))
                    )
                    series[a].append(max(share, 0.05) * pop / 100)
            for a in AREAS:
                out[(m.kommunekode, a)] = series[a]
        return out

    def _pin_stories(
        self,
        t: int,
        period: str,
        names: list[str],
        actual: dict[tuple[str, str], float],
        gap: dict[tuple[str, str], float],
    ) -> None:
        """Re-order the overall list so the story ranks hold, keeping the list's values. Only
        the expected side moves (expected = actual − gap): the actuals stay the means of the
        monthly series."""
        pop = {m.name: self.list_population(m.kommunekode, period) for m in self.munis}
        total = {n: sum(gap[(n, a)] for a in AREAS) for n in names}
        pins = {name: ranks[t] for name, ranks in STORY_RANKS.items()}
        if period == "2023QMAT04":
            # Billund 1st with exactly 130 fewer than expected (its expected count a round
            # 130 above its rounded actual): shrink the list's spread if the runner-up would
            # otherwise beat that.
            a_total = sum(actual[("Billund", a)] for a in AREAS) * pop["Billund"] / 100
            target = (a_total - round10(a_total) + BILLUND_2023Q4_DIFF_COUNT) / pop["Billund"] * 100
            others = sorted(v for n, v in total.items() if n != "Billund")
            if others[0] < 0.9 * target:
                factor = 0.9 * target / others[0]
                for key in gap:
                    gap[key] *= factor
                total = {n: v * factor for n, v in total.items()}
        natural = sorted((n for n in names if n not in pins), key=lambda n: total[n])
        if period == "2021QMAT04":
            natural = _jutland_order(natural, self.munis, top=pins["Norddjurs"] - 1, pins=pins)
        order: list[str | None] = [None] * len(names)
        for name, rank in pins.items():
            order[rank - 1] = name
        rest = iter(natural)
        order = [slot if slot is not None else next(rest) for slot in order]
        values = sorted(total.values())
        new_total = {name: values[i] for i, name in enumerate(order)}
        if period == "2023QMAT04":
            new_total["Billund"] = target
        for n in names:
            if n == "Norddjurs" and period == "2021QMAT04":
                continue  # set last, against everyone else's final area values
            weight = sum(actual[(n, a)] for a in AREAS)
            for a in AREAS:
                gap[(n, a)] += (new_total[n] - total[n]) * actual[(n, a)] / weight
        if period == "2021QMAT04":
            self._norddjurs_areas(names, gap, new_total["Norddjurs"])

    @staticmethod
    def _norddjurs_areas(names: list[str], gap: dict[tuple[str, str], float], total: float) -> None:
        """Norddjurs 2021QMAT04: sygedagpenge and dagpenge ranks as near NORDDJURS_2021Q4_AREA_RANKS
        as keeps kontanthjælp near NORDDJURS_2021Q4_KONTANTHJAELP_RANK, the total as pinned."""
        others = {a: sorted(gap[(n, a)] for n in names if n != "Norddjurs") for a in AREAS}

        def value_at(area: str, rank: int) -> float:
            ranked = others[area]
            above = ranked[rank - 2] if rank > 1 else ranked[0] - 0.05
            return (above + ranked[rank - 1]) / 2

        (syg, syg_rank), (dag, dag_rank) = NORDDJURS_2021Q4_AREA_RANKS.items()
        rest = next(a for a in AREAS if a not in NORDDJURS_2021Q4_AREA_RANKS)
        best = None
        for r_syg in range(1, 11):
            for r_dag in range(1, 16):
                remainder = total - value_at(syg, r_syg) - value_at(dag, r_dag)
                r_rest = 1 + sum(v < remainder for v in others[rest])
                score = (
                    abs(r_rest - NORDDJURS_2021Q4_KONTANTHJAELP_RANK),
                    abs(r_syg - syg_rank) + abs(r_dag - dag_rank),
                )
                if best is None or score < best[0]:
                    best = (score, r_syg, r_dag, remainder)
        assert best is not None  # the search space is never empty
        _, r_syg, r_dag, remainder = best
        gap[("Norddjurs", syg)] = value_at(syg, r_syg)
        gap[("Norddjurs", dag)] = value_at(dag, r_dag)
        gap[("Norddjurs", rest)] = remainder

    def _rows(
        self,
        period: str,
        actual: dict[tuple[str, str], float],
        gap: dict[tuple[str, str], float],
    ) -> list[BenchmarkRow]:
        rows: list[BenchmarkRow] = []
        for group in GROUP_ORDER:
            group_rows = []
            for m in self.munis:
                pop = self.list_population(m.kommunekode, period)
                areas = AREAS if group == TOTAL else (group,)
                a_share = sum(actual[(m.name, a)] for a in areas)
                e_share = sum(actual[(m.name, a)] - gap[(m.name, a)] for a in areas)
                group_rows.append(
                    BenchmarkRow(m, period, group, e_share * pop / 100, a_share * pop / 100, pop)
                )
            group_rows.sort(key=lambda r: (r.gap_pp, r.municipality.kommunekode))
            for rank, row in enumerate(group_rows, start=1):
                row.rank = rank
            rows.extend(group_rows)
        return rows


def period_months(period: str) -> tuple[str, ...]:
    """The 12 months of a QMAT window, e.g. 2021QMAT02 = 2020M07 … 2021M06."""
    year, q = int(period[:4]), int(period[-1])
    last = year * 12 + 3 * q - 1  # months since year 0, zero-based month
    return tuple(f"{m // 12}M{m % 12 + 1:02d}" for m in range(last - 11, last + 1))


def _month_quarter(month: str) -> str:
    """The FOLK1A quarter of a month; after the last generated quarter, the last one."""
    quarter = f"{month[:4]}K{(int(month[-2:]) - 1) // 3 + 1}"
    return quarter if quarter <= QUARTERS[-1] else QUARTERS[-1]


def _monthly_national_level(area: str) -> list[float]:
    """NATIONAL_LEVEL per month: linear between the lists' window midpoints, flat outside."""
    points = []
    for t, period in enumerate(PERIODS):
        end = MONTHS.index(period_months(period)[-1])
        points.append((end - 5.5, NATIONAL_LEVEL[area][t]))
    levels = []
    for i in range(len(MONTHS)):
        if i <= points[0][0]:
            levels.append(points[0][1])
        elif i >= points[-1][0]:
            levels.append(points[-1][1])
        else:
            (x0, y0), (x1, y1) = next(
                (p, q) for p, q in itertools.pairwise(points) if p[0] <= i <= q[0]
            )
            levels.append(y0 + (y1 - y0) * (i - x0) / (x1 - x0))
    return levels


def _calibrate_nationally(
    gap: dict[tuple[str, str], float],
    actual: dict[tuple[str, str], float],
    munis: list[Municipality],
    period: str,
    list_population,
) -> None:
    """The ministry calibrates the model to the national level each half-year (Σ expected ≈
    Σ actual): remove the population-weighted mean gap of every area, and keep every expected
    share positive."""
    pop = {m.name: list_population(m.kommunekode, period) for m in munis}
    total_pop = sum(pop.values())
    for a in AREAS:
        mean = sum(gap[(m.name, a)] * pop[m.name] for m in munis) / total_pop
        for m in munis:
            key = (m.name, a)
            gap[key] = min(gap[key] - mean, 0.6 * actual[key])


def _jutland_order(
    natural: list[str], munis: list[Municipality], *, top: int, pins: dict[str, int]
) -> list[str]:
    """Order for 2021QMAT04: above Norddjurs only the three named Jutland kommuner."""
    landsdel = {m.name: m.landsdel for m in munis}
    slots = top - sum(1 for r in pins.values() if r <= top)
    ahead = [n for n in natural if n in JUTLAND_AHEAD_OF_NORDDJURS]
    others_top = [n for n in natural if landsdel[n] not in JUTLAND][: slots - len(ahead)]
    head = sorted(ahead + others_top, key=natural.index)
    return head + [n for n in natural if n not in head]


def _allocate(total: int, weights: list[float]) -> dict[int, int]:
    """Split `total` over the ages in proportion to `weights` (largest remainder, exact sum)."""
    raw = [total * w / sum(weights) for w in weights]
    counts = [math.floor(x) for x in raw]
    short = total - sum(counts)
    for i in sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))[:short]:
        counts[i] += 1
    return dict(zip(AGES, counts, strict=True))


def _population_2026() -> dict[int, int]:
    from orchestration.settings import SEEDS_DIR

    with (SEEDS_DIR / "municipalities.csv").open(encoding="utf-8", newline="") as fh:
        return {int(r["kommunekode"]): int(r["population_2026_01_01"]) for r in csv.DictReader(fh)}


def _real_total_expected_count(name: str) -> int:
    text = BUNDLED_2020Q4.read_text(encoding="utf-8")
    for row in csv.reader(io.StringIO(text), delimiter=";"):
        if row and row[0] == name and row[2] == TOTAL:
            return int(row[3])
    raise KeyError(name)


# How the demo splits an area's full-time persons over the benefits PTVA02 publishes (the area
# each benefit counts in comes from seeds/benchmark_area_benefits.csv), persons per full-time
# person, and one benefit outside the benchmark as a share of the population 16-66.
DEMO_BENEFIT_WEIGHTS = {
    "A-dagpenge": 1.0,
    "Sygedagpenge": 0.74,
    "Jobafklaringsforløb": 0.26,
    "Kontanthjælp": 0.42,
    "Uddannelseshjælp": 0.15,
    "Selvforsørgelses- og hjemrejseydelse mv.": 0.08,
    "Ressourceforløb": 0.22,
    "Ledighedsydelse": 0.13,
}
PERSONS_PER_FULLTIME = {
    "A-dagpenge": 1.35,
    "Sygedagpenge": 1.30,
    "Jobafklaringsforløb": 1.05,
    "Kontanthjælp": 1.10,
    "Uddannelseshjælp": 1.12,
    "Selvforsørgelses- og hjemrejseydelse mv.": 1.10,
    "Ressourceforløb": 1.03,
    "Ledighedsydelse": 1.15,
    "Førtidspension": 1.01,
}
OUTSIDE_BENCHMARK_SHARE_PCT = {"Førtidspension": 4.6}
PTVA02_HEADER = (
    "Area",
    "Periode",
    "Ydelsesgrupper",
    "Køn",
    "Antal personer",
    "Antal fuldtidspersoner",
    "Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år",
    "Fuldtidspersoner i pct. af befolkningen 16-66 år",
)


# -- writers -------------------------------------------------------------------------------------
def y30r21_csv(rows: list[BenchmarkRow]) -> bytes:
    """The jobindsats v2 CSV export byte format: `;`, UTF-8 without BOM, CRLF, decimal comma."""
    lines = [";".join(Y30R21_HEADER)]
    for r in rows:
        e_count, a_count = round10(r.expected_true), round10(r.actual_true)
        e_share = r.expected_true / r.population * 100
        a_share = r.actual_true / r.population * 100
        lines.append(
            ";".join(
                (
                    r.municipality.name,
                    r.period,
                    r.group,
                    str(e_count),
                    str(a_count),
                    str(a_count - e_count),
                    share_text(e_share),
                    share_text(a_share),
                    share_text(a_share - e_share),
                    str(r.rank),
                )
            )
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def folk1a_csv(gen: _Generator, quarters: tuple[str, ...], *, per_age: bool = False) -> bytes:
    """The Statbank `/v1/data` CSV (BOM, `;`, CRLF, valuePresentation=Code, lang=da) for the
    request `orchestration.sources.statbank` sends: ALDER summed by Statbank into the group
    `16-66`, one row per kommune × quarter. `per_age=True` gives one row per age 16 … 66 instead
    (the answer to `ALDER=>=16<=66`)."""
    lines = [";".join(FOLK1A_HEADER)]
    for m in gen.munis:
        for quarter in quarters:
            ages = gen.population[(m.kommunekode, quarter)]
            if per_age:
                lines.extend(f"{m.kommunekode:03d};TOT;{age};{quarter};{ages[age]}" for age in AGES)
            else:
                lines.append(f"{m.kommunekode:03d};TOT;16-66;{quarter};{sum(ages.values())}")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def ptva02_rows(gen: _Generator, seed: int) -> list[tuple[str, Municipality, str, float, int]]:
    """(month, kommune, benefit, full-time persons unrounded, population 16-66) for every month
    of MONTHS: each area's monthly series (`gen.monthly`, which the lists are the 12-month means
    of) split over its benefits, plus the benefits outside the benchmark."""
    from orchestration.reference import benchmark_area_benefits

    area_of = benchmark_area_benefits()
    code_of_area = {
        TOTAL: "total",
        **dict(
            zip(
                AREAS,
                ("unemployment_benefit", "sickness_benefit", "social_assistance"),
                strict=True,
            )
        ),
    }
    by_area: dict[str, list[str]] = {a: [] for a in AREAS}
    for label in DEMO_BENEFIT_WEIGHTS:
        area = next(a for a in AREAS if code_of_area[a] == area_of[label])
        by_area[area].append(label)
    rng = random.Random(f"{seed}-ptva02")
    rows: list[tuple[str, Municipality, str, float, int]] = []
    for m in gen.munis:
        tilt = {label: max(0.3, 1 + rng.gauss(0, 0.15)) for label in DEMO_BENEFIT_WEIGHTS}
        outside = {
            label: share * rng.uniform(0.7, 1.4)
            for label, share in (OUTSIDE_BENCHMARK_SHARE_PCT.items())
        }
        for i, month in enumerate(MONTHS):
            pop = gen.population_16_66(m.kommunekode, _month_quarter(month))
            for area in AREAS:
                labels = by_area[area]
                weights = [
                    DEMO_BENEFIT_WEIGHTS[b] * tilt[b] * (1 + rng.gauss(0, 0.02)) for b in labels
                ]
                value = gen.monthly[(m.kommunekode, area)][i]
                rows.extend(
                    (month, m, b, value * w / sum(weights), pop)
                    for b, w in zip(labels, weights, strict=True)
                )
            rows.extend(
                (month, m, b, share * pop / 100 * (1 + rng.gauss(0, 0.003)), pop)
                for b, share in outside.items()
            )
    return rows


def ptva02_csv(rows: list[tuple[str, Municipality, str, float, int]], seed: int) -> bytes:
    """The jobindsats v2 CSV export of PTVA02 for the request the client sends (`_kon` = "Køn i
    alt"): `;`, UTF-8, CRLF, decimal comma; counts as whole persons, shares to 0.01."""
    rng = random.Random(f"{seed}-ptva02-persons")
    labour_force_ratio = {m.kommunekode: 0.74 + 0.08 * rng.random() for m in municipalities()}
    lines = [";".join(PTVA02_HEADER)]
    for month, m, benefit, fulltime, pop in rows:
        persons = fulltime * PERSONS_PER_FULLTIME[benefit]
        lines.append(
            ";".join(
                (
                    m.name,
                    month,
                    benefit,
                    PTVA02_SEX_TOTAL,
                    str(round(persons)),
                    str(round(fulltime)),
                    share_text(fulltime / (pop * labour_force_ratio[m.kommunekode]) * 100),
                    share_text(fulltime / pop * 100),
                )
            )
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def generate(seed: int = DEFAULT_SEED) -> list[GeneratedFile]:
    """All demo files, population first: 9 FOLK1A files (one per year), 15 Y30R21 lists and 9
    PTVA02 files of monthly actuals (one per year, 2019M07 … 2025M12)."""
    gen = _Generator(seed)
    files: list[GeneratedFile] = []
    for year in sorted({q[:4] for q in QUARTERS}):
        quarters = tuple(q for q in QUARTERS if q.startswith(year))
        files.append(
            GeneratedFile(
                source="statbank",
                table="folk1a",
                name=f"folk1a_{quarters[0]}-{quarters[-1]}.csv",
                content=folk1a_csv(gen, quarters),
                fmt="statbank_csv",
                request_params={"synthetic_seed": seed, "quarters": list(quarters)},
            )
        )
    for period, rows in gen.benchmark().items():
        files.append(
            GeneratedFile(
                source="jobindsats",
                table="y30r21",
                name=f"y30r21_{period}.csv",
                content=y30r21_csv(rows),
                fmt="jobindsats_v2_csv",
                request_params={"synthetic_seed": seed, "period": [period]},
            )
        )
    monthly = [r for r in ptva02_rows(gen, seed) if r[0] >= PUBLISHED_MONTHS_FROM]
    published = [month for month in MONTHS if month >= PUBLISHED_MONTHS_FROM]
    for year in sorted({month[:4] for month in published}):
        months = [month for month in published if month.startswith(year)]
        files.append(
            GeneratedFile(
                source="jobindsats",
                table="ptva02",
                name=f"ptva02_{months[0]}-{months[-1]}.csv",
                content=ptva02_csv([r for r in monthly if r[0].startswith(year)], seed),
                fmt="jobindsats_v2_csv",
                request_params={"synthetic_seed": seed, "period": months},
            )
        )
    return files


def write_files(folder: Path, seed: int = DEFAULT_SEED) -> list[tuple[GeneratedFile, Path]]:
    """Write the demo files into `folder/<source>/`; returns each file with its path."""
    written = []
    for f in generate(seed):
        path = folder / f.source / f.name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != f.content:
            path.write_bytes(f.content)
        written.append((f, path))
    return written


def land_synthetic_demo(settings: Settings, seed: int = DEFAULT_SEED) -> str:
    """Demo part: write the synthetic files to `<data>/demo_files/` and land each through the
    normal ingest path, marked `is_synthetic=True`. The same seed gives the same bytes, so a
    second run lands nothing new."""
    from orchestration.ingest import ingest_bytes
    from orchestration.landing import LandingZone, sha256_of

    zone = LandingZone(settings.landing_dir)
    new = already = rows = 0
    for generated, path in write_files(settings.data_dir / "demo_files", seed):
        if zone.find_by_sha(generated.source, generated.table, sha256_of(generated.content)):
            already += 1  # landed before; the build's raw sync loads it if raw lacks it
            continue
        result = ingest_bytes(
            generated.content,
            file_name=str(path),
            source=generated.source,
            table=generated.table,
            settings=settings,
            fmt=generated.fmt,
            is_synthetic=True,
            request_params=generated.request_params,
        )
        new += result.is_new
        already += not result.is_new
        rows += result.rows_loaded
    return (
        f"SYNTHETIC demo data (seed {seed}): {new} new file(s) with {rows} rows, "
        f"{already} already loaded"
    )

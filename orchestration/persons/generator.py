"""The deterministic SYNTHETIC national generator of person-level data (docs/person_level.md).

A pool of pseudonymous persons, spread over the 98 kommuner in proportion to their population
(seeds/municipalities.csv), is simulated week by week. Each person is either off support or on
one benefit (seeds/person_benefits.csv codes); a state lasts a duration drawn when it begins
(a-dagpenge months, sygedagpenge weeks to a year, kontanthjælp and ressourceforløb long), and when
it ends the person moves on: to another benefit (sygedagpenge → jobafklaring, selvforsørgelse →
kontanthjælp, kontanthjælp → ressourceforløb → ledighedsydelse, …) or off support for a gap that
is sometimes short (a month or two, then often back on the same benefit) and mostly long.
While on support a person has samtaler (a person's own rhythm, one every 1–3 months for most,
fewer for some), starts active offers (dated spells; some persons never get one) and may work
ordinary hours; a person who has just left support often works. A few persons move kommune.
Kommuner differ in how many of their inhabitants are on support (as in the real benchmark list
2020QMAT04) and in how often their jobcentre
holds samtaler and gives offers.

Why a week-by-week simulation (and not a table of spells drawn up front): the data of month k
then depends only on the weeks up to the end of month k, never on how many months are asked for,
so a benchmark can land 60 months, build, and land the 61st for an incremental build. Every week
and month draws from its own random stream (seed, stream, week), so the same arguments give the
same bytes. The simulation starts BURN_IN_WEEKS before the first month (not written), so the
first month already holds a stock of long-term recipients as a real first month would; their
anciennitet in the data still counts from the first month delivered.

Memory: the state of the pool (about 1.8 million persons at scale 1, some 40 bytes each) plus
one month of rows. Nothing here prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from orchestration.persons.datasets import (
    BENEFIT_CODES,
    BENEFIT_WEEKS,
    OFFERS,
    ORDINARY_HOURS,
    SAMTALER,
    SCHEMAS,
    add_months,
    month_text,
    parse_month,
)
from orchestration.reference import Municipality, municipalities

MIN_SCALE = 0.001
MAX_SCALE = 1.0
# Persons in the pool per inhabitant: the pool is everyone who may be on support during the
# years simulated (at scale 1 about 2 million of 5.96 million inhabitants).
POOL_PER_INHABITANT = 0.33
# A kommune with fewer persons than this in its pool still gets this many, so that every kommune
# is present even at the smallest scales.
MIN_POOL_PER_KOMMUNE = 5
BURN_IN_WEEKS = 208
OFF = -1

# Random streams: each a separate sequence of the seed, so adding draws to one never moves
# another.
_STREAM_POOL = 1
_STREAM_WEEK = 2
_STREAM_HOURS = 3

Int = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]

_CODE = {code: i for i, code in enumerate(BENEFIT_CODES)}
A_DAGPENGE = _CODE["a_dagpenge"]
SYGEDAGPENGE = _CODE["sygedagpenge"]

# Duration of a benefit state in weeks: lognormal (median, sigma), capped.
DURATION_WEEKS: dict[str, tuple[float, float, int]] = {
    "a_dagpenge": (13.0, 0.9, 104),
    "kontantydelse": (20.0, 0.6, 52),
    "sygedagpenge": (9.0, 1.0, 70),
    "jobafklaring": (30.0, 0.7, 104),
    "kontanthjaelp": (60.0, 1.1, 520),
    "uddannelseshjaelp": (45.0, 0.9, 260),
    "selvforsoergelse": (52.0, 0.8, 260),
    "revalidering": (40.0, 0.6, 156),
    "ressourceforloeb": (70.0, 0.6, 260),
    "ledighedsydelse": (20.0, 0.9, 156),
}

# Where a benefit state leads when it ends: another benefit straight away, or off support.
NEXT_STATE: dict[str, dict[str, float]] = {
    "a_dagpenge": {"off": 0.88, "kontanthjaelp": 0.04, "kontantydelse": 0.03, "sygedagpenge": 0.05},
    "kontantydelse": {"off": 0.8, "kontanthjaelp": 0.2},
    "sygedagpenge": {
        "off": 0.85,
        "jobafklaring": 0.07,
        "ressourceforloeb": 0.02,
        "a_dagpenge": 0.04,
        "kontanthjaelp": 0.02,
    },
    "jobafklaring": {
        "off": 0.5,
        "sygedagpenge": 0.15,
        "ressourceforloeb": 0.12,
        "ledighedsydelse": 0.05,
        "kontanthjaelp": 0.1,
    },
    "kontanthjaelp": {
        "off": 0.79,
        "ressourceforloeb": 0.05,
        "sygedagpenge": 0.05,
        "uddannelseshjaelp": 0.03,
        "revalidering": 0.03,
        "ledighedsydelse": 0.05,
    },
    "uddannelseshjaelp": {
        "off": 0.75,
        "kontanthjaelp": 0.15,
        "sygedagpenge": 0.05,
        "ressourceforloeb": 0.05,
    },
    "selvforsoergelse": {"kontanthjaelp": 0.35, "off": 0.55, "uddannelseshjaelp": 0.1},
    "revalidering": {"off": 0.8, "ledighedsydelse": 0.1, "kontanthjaelp": 0.1},
    "ressourceforloeb": {
        "off": 0.4,
        "ressourceforloeb": 0.1,
        "ledighedsydelse": 0.25,
        "kontanthjaelp": 0.25,
    },
    "ledighedsydelse": {"off": 0.9, "ressourceforloeb": 0.05, "sygedagpenge": 0.05},
}

# The benefit a person starts on when coming onto support, by profile.
ENTRY_BENEFIT: dict[str, dict[str, float]] = {
    "insured": {
        "a_dagpenge": 0.50,
        "sygedagpenge": 0.44,
        "kontanthjaelp": 0.03,
        "revalidering": 0.01,
        "ressourceforloeb": 0.01,
        "jobafklaring": 0.01,
    },
    "young": {
        "uddannelseshjaelp": 0.50,
        "sygedagpenge": 0.22,
        "kontanthjaelp": 0.18,
        "revalidering": 0.03,
        "ressourceforloeb": 0.02,
        "ledighedsydelse": 0.02,
    },
    "uninsured": {
        "kontanthjaelp": 0.42,
        "sygedagpenge": 0.40,
        "ressourceforloeb": 0.03,
        "revalidering": 0.03,
        "ledighedsydelse": 0.07,
        "jobafklaring": 0.05,
    },
    "newcomer": {"selvforsoergelse": 0.75, "kontanthjaelp": 0.15, "sygedagpenge": 0.10},
}
PROFILES: tuple[str, ...] = ("insured", "young", "uninsured", "newcomer")
PROFILE_SHARES = (0.62, 0.16, 0.17, 0.05)

# Off support: the share of exits followed by a short gap (2–9 weeks) after which the person
# usually comes back on the same benefit; the rest wait for the person's own entry hazard.
SHORT_GAP_SHARE: dict[str, float] = {
    "a_dagpenge": 0.35,
    "kontantydelse": 0.1,
    "sygedagpenge": 0.08,
    "jobafklaring": 0.15,
    "kontanthjaelp": 0.25,
    "uddannelseshjaelp": 0.2,
    "selvforsoergelse": 0.2,
    "revalidering": 0.1,
    "ressourceforloeb": 0.15,
    "ledighedsydelse": 0.3,
}
SAME_BENEFIT_AFTER_SHORT_GAP = 0.75
# Weekly hazard of coming onto support for a person of propensity 1 in a kommune of factor 1.
BASE_ENTRY_HAZARD = 0.009
MOVE_AT_ENTRY = 0.02  # a person coming onto support has moved kommune since the last time
MOVE_PER_WEEK = 0.0003  # … or moves while on support
# Offers are rarer during sickness (the sygedagpenge law asks less of the sick).
OFFER_BENEFIT_FACTOR = {"sygedagpenge": 0.4, "jobafklaring": 0.7}


@dataclass
class _Pool:
    person_id: Int
    kommune: npt.NDArray[np.int32]
    profile: npt.NDArray[np.int8]
    entry_hazard: npt.NDArray[np.float64]
    samtale_rate: npt.NDArray[np.float64]  # per week on support
    offer_rate: npt.NDArray[np.float64]  # per week on support without an offer running
    works_on_support: Bool
    # mutable state
    code: npt.NDArray[np.int8]  # OFF or an index into BENEFIT_CODES
    until: Int  # week index at which the current state ends
    last_code: npt.NDArray[np.int8]
    short_gap: Bool  # the current off-support gap is a short one
    offer_until: Int
    off_since: Int


def _cumulative(table: dict[str, dict[str, float]], keys: tuple[str, ...]) -> npt.NDArray:
    """Rows of cumulative probabilities over `keys` ("off" → OFF) for np.searchsorted."""
    rows = []
    for row_key in table:
        weights = np.array([table[row_key].get(k, 0.0) for k in keys])
        rows.append(np.cumsum(weights / weights.sum()))
    return np.array(rows)


_NEXT_KEYS: tuple[str, ...] = ("off", *BENEFIT_CODES)
_NEXT_CUM = _cumulative({c: NEXT_STATE[c] for c in BENEFIT_CODES}, _NEXT_KEYS)
_ENTRY_CUM = _cumulative({p: ENTRY_BENEFIT[p] for p in PROFILES}, BENEFIT_CODES)
_DUR = np.array([DURATION_WEEKS[c] for c in BENEFIT_CODES])
_SHORT_GAP = np.array([SHORT_GAP_SHARE[c] for c in BENEFIT_CODES])
_OFFER_FACTOR = np.array([OFFER_BENEFIT_FACTOR.get(c, 1.0) for c in BENEFIT_CODES])
_CODE_STRINGS = pa.array(BENEFIT_CODES, type=pa.string())


def _pick(cum: npt.NDArray, rows: Int, u: npt.NDArray[np.float64]) -> Int:
    """For each i: the first column of cum[rows[i]] above u[i] (a categorical draw per row)."""
    picked = (cum[rows] <= u[:, None]).sum(axis=1)
    return np.minimum(picked, cum.shape[1] - 1).astype(np.int64)


def _person_ids(n: int, seed: int) -> Int:
    """Pseudonymous int64 ids: an odd multiplier modulo 2^40 is a bijection, so the ids are
    distinct and look unrelated to the person's place in the pool; sorted, so that a week's rows
    (taken in pool order) come in id order."""
    mask = np.uint64(2**40 - 1)
    mixed = (np.arange(1, n + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4B)) & mask
    mixed ^= np.uint64((seed * 0x5851F42D4C957F2D) & (2**40 - 1))
    return np.sort(mixed.astype(np.int64) + 10**12)


def _real_support_levels(kommuner: tuple[Municipality, ...]) -> npt.NDArray[np.float64]:
    """Each kommune's share of its inhabitants on support relative to the country's, from the
    real published 2020QMAT04 benchmark list (actual = expected + gap, all benefit groups): so
    Lolland has many recipients and Gentofte few, as in reality."""
    from orchestration.demo.generator import TOTAL, _read_real_2020q4

    real = _read_real_2020q4()
    actual = np.array([sum(real[(m.name, TOTAL)]) for m in kommuner])
    population = np.array([m.population for m in kommuner], dtype=np.float64)
    national = float((actual * population).sum() / population.sum())
    # mypy: the division of arrays is an array
    levels: npt.NDArray[np.float64] = actual / national
    return levels


def _pool(scale: float, seed: int) -> tuple[_Pool, npt.NDArray[np.int32], npt.NDArray]:
    rng = np.random.default_rng([seed, _STREAM_POOL])
    kommuner = municipalities()
    codes = np.array([m.kommunekode for m in kommuner], dtype=np.int32)
    population = np.array([m.population for m in kommuner], dtype=np.float64)
    sizes = np.maximum(
        np.rint(population * scale * POOL_PER_INHABITANT).astype(np.int64), MIN_POOL_PER_KOMMUNE
    )
    n = int(sizes.sum())
    # a kommune's own level: support rates (the real ones, a little blurred), samtale and offer
    # practice
    support_factor = _real_support_levels(kommuner) * rng.lognormal(0.0, 0.08, len(codes))
    samtale_factor = rng.lognormal(0.1, 0.15, len(codes))
    offer_factor = rng.lognormal(0.0, 0.35, len(codes))
    home = np.repeat(np.arange(len(codes)), sizes)
    rng.shuffle(home)  # a person's place in the pool (and so its id) says nothing of its kommune
    drawn = np.searchsorted(np.cumsum(PROFILE_SHARES), rng.random(n), side="right")
    profile = np.minimum(drawn, len(PROFILES) - 1).astype(np.int8)
    # heterogeneous propensity: most rarely come onto support, a few come back again and again
    propensity = rng.lognormal(-0.72, 1.2, n)
    entry_hazard = np.minimum(BASE_ENTRY_HAZARD * propensity * support_factor[home], 0.5)
    # samtaler: every 4–12 weeks for most, every 12–22 weeks for some, almost none for a few
    rhythm = rng.random(n)
    interval = np.where(
        rhythm < 0.8,
        rng.uniform(4, 12, n),
        np.where(rhythm < 0.97, rng.uniform(12, 22, n), rng.uniform(40, 80, n)),
    )
    samtale_rate = np.minimum(samtale_factor[home] / interval, 0.9)
    offer_rate = np.where(
        rng.random(n) < 0.22, 0.0, rng.uniform(1 / 40, 1 / 12, n) * offer_factor[home]
    )
    works = rng.random(n) < 0.3
    # start off support, each person at its own (memoryless) point; the burn-in does the rest
    until = np.ceil(rng.exponential(1.0, n) / np.maximum(entry_hazard, 1e-9)).astype(np.int64)
    pool = _Pool(
        person_id=_person_ids(n, seed),
        kommune=codes[home],
        profile=profile,
        entry_hazard=entry_hazard,
        samtale_rate=samtale_rate,
        offer_rate=np.minimum(offer_rate, 0.5),
        works_on_support=works,
        code=np.full(n, OFF, dtype=np.int8),
        until=np.minimum(until, 10**9),
        last_code=np.full(n, OFF, dtype=np.int8),
        short_gap=np.zeros(n, dtype=np.bool_),
        offer_until=np.zeros(n, dtype=np.int64),
        off_since=np.full(n, -(10**6), dtype=np.int64),
    )
    return pool, codes, population / population.sum()


def _duration(rng: np.random.Generator, codes: Int) -> Int:
    median, sigma, cap = _DUR[codes, 0], _DUR[codes, 1], _DUR[codes, 2]
    weeks = np.rint(median * np.exp(sigma * rng.standard_normal(len(codes))))
    return np.clip(weeks, 1, cap).astype(np.int64)


@dataclass(frozen=True)
class _WeekRows:
    on: Int  # pool indices on support this week
    samtale: Int
    samtale_offset: Int
    samtale_kommune: npt.NDArray[np.int32]
    offer: Int
    offer_offset: Int
    offer_days: Int
    offer_kommune: npt.NDArray[np.int32]


class _Simulation:
    def __init__(self, scale: float, seed: int) -> None:
        self.seed = seed
        self.pool, self.kommune_codes, self.kommune_weights = _pool(scale, seed)

    def step(
        self, week: int, days_left: int, *, samtaler: bool = True, offers: bool = True
    ) -> _WeekRows:
        """Advance to `week` (absolute index, 0 = the first burn-in week) and draw its events.
        `days_left`: days from the Monday to the end of its month, minus one (an event is kept
        in the month of the week it is drawn in). The burn-in draws no samtaler (nothing
        depends on them) and offers only in its last year (an offer running into the first
        month keeps its person from starting another)."""
        p = self.pool
        rng = np.random.default_rng([self.seed, _STREAM_WEEK, week])
        ending = np.flatnonzero(p.until <= week)
        if len(ending):
            self._transition(rng, ending, week)
        on = np.flatnonzero(p.code >= 0)
        # a few move while on support
        movers = on[rng.random(len(on)) < MOVE_PER_WEEK]
        if len(movers):
            p.kommune[movers] = self._random_kommune(rng, len(movers))
        samtale = on[rng.random(len(on)) < p.samtale_rate[on]] if samtaler else on[:0]
        free = on[p.offer_until[on] <= week] if offers else on[:0]
        offer_p = p.offer_rate[free] * _OFFER_FACTOR[p.code[free]]
        offer = free[rng.random(len(free)) < offer_p]
        offer_days = np.clip(np.rint(rng.lognormal(np.log(56), 0.7, len(offer))), 5, 365)
        offer_days = offer_days.astype(np.int64)
        p.offer_until[offer] = week + (offer_days + 6) // 7
        last = min(4, days_left)
        return _WeekRows(
            on=on,
            samtale=samtale,
            samtale_offset=rng.integers(0, last + 1, len(samtale)),
            samtale_kommune=p.kommune[samtale],
            offer=offer,
            offer_offset=rng.integers(0, last + 1, len(offer)),
            offer_days=offer_days,
            offer_kommune=p.kommune[offer],
        )

    def _random_kommune(self, rng: np.random.Generator, n: int) -> npt.NDArray[np.int32]:
        picked = np.searchsorted(np.cumsum(self.kommune_weights), rng.random(n), side="right")
        return self.kommune_codes[np.minimum(picked, len(self.kommune_codes) - 1)]

    def _transition(self, rng: np.random.Generator, ending: Int, week: int) -> None:
        p = self.pool
        was_on = ending[p.code[ending] >= 0]
        was_off = ending[p.code[ending] < 0]
        # benefit → next benefit or off support
        if len(was_on):
            old = p.code[was_on].astype(np.int64)
            nxt = _pick(_NEXT_CUM, old, rng.random(len(was_on))) - 1  # column 0 is "off"
            going_off = nxt < 0
            cont = was_on[~going_off]
            self._start_benefit(rng, cont, nxt[~going_off], week)
            off = was_on[going_off]
            old_off = old[going_off]
            short = rng.random(len(off)) < _SHORT_GAP[old_off]
            hazard = p.entry_hazard[off]
            long_gap = np.ceil(rng.exponential(1.0, len(off)) / np.maximum(hazard, 1e-9))
            gap = np.where(short, rng.integers(2, 10, len(off)), np.maximum(long_gap, 4))
            p.last_code[off] = old_off
            p.code[off] = OFF
            p.short_gap[off] = short
            p.off_since[off] = week
            p.until[off] = week + np.minimum(gap, 10**9).astype(np.int64)
        # off support → a benefit: after a short gap usually the one left, else by profile
        if len(was_off):
            by_profile = _pick(
                _ENTRY_CUM, p.profile[was_off].astype(np.int64), rng.random(len(was_off))
            )
            same = p.short_gap[was_off] & (p.last_code[was_off] >= 0)
            same &= rng.random(len(was_off)) < SAME_BENEFIT_AFTER_SHORT_GAP
            entry = np.where(same, p.last_code[was_off].astype(np.int64), by_profile)
            moving = was_off[rng.random(len(was_off)) < MOVE_AT_ENTRY]
            if len(moving):
                p.kommune[moving] = self._random_kommune(rng, len(moving))
            self._start_benefit(rng, was_off, entry, week)

    def _start_benefit(self, rng: np.random.Generator, who: Int, codes: Int, week: int) -> None:
        p = self.pool
        p.code[who] = codes.astype(np.int8)
        p.until[who] = week + _duration(rng, codes)
        p.short_gap[who] = False

    def hours(self, month_index: int, on_in_month: Bool, last_week: int) -> tuple[Int, Int]:
        """Ordinary hours of the month: (pool indices, hours in hundredths)."""
        p = self.pool
        rng = np.random.default_rng([self.seed, _STREAM_HOURS, month_index])
        n = len(p.code)
        u = rng.random(n)
        # part-time work beside the benefit (a few hours to a few days a month)
        beside = on_in_month & p.works_on_support & (u < 0.5)
        # a person who left support in the last half year has often found work
        recently_off = (p.code < 0) & (p.off_since >= last_week - 26) & ~on_in_month
        in_job = recently_off & (u < 0.55)
        who = np.flatnonzero(beside | in_job)
        shape = np.where(in_job[who], 3.0, 2.0)
        scale = np.where(in_job[who], 40.0, 12.0)
        hours = np.maximum(np.rint(rng.gamma(shape, scale) * 4) * 25, 25).astype(np.int64)
        return who, hours


def _mondays(first_day: date) -> tuple[int, int]:
    """(day number of the first Monday in the month, number of Mondays in it)."""
    start = int(np.datetime64(first_day, "D").astype(np.int64))
    end = int(np.datetime64(add_months(first_day, 1), "D").astype(np.int64))
    first_monday = start + (4 - start) % 7  # day 4 (1970-01-05) was a Monday
    return first_monday, (end - first_monday + 6) // 7


def _date32(days: Int | int, n: int | None = None) -> pa.Array:
    values = np.full(n, days, dtype=np.int32) if n is not None else np.asarray(days, np.int32)
    return pa.array(values, type=pa.int32()).cast(pa.date32())


def generate_months(
    scale: float, *, start_month: str = "2020-01", months: int = 60, seed: int = 16
) -> Iterator[tuple[str, str, pa.Table]]:
    """Yield (dataset, "YYYY-MM", table) for each month from `start_month`, all four datasets of
    a month (benefit_weeks, samtaler, offers, ordinary_hours) before the next month, each table
    with exactly the schema of orchestration/persons/datasets.py. The same arguments give the
    same tables; month k is the same whatever `months` is."""
    if not MIN_SCALE <= scale <= MAX_SCALE:
        raise ValueError(f"scale must be between {MIN_SCALE} and {MAX_SCALE}, not {scale}")
    if months < 0:
        raise ValueError(f"months must be 0 or more, not {months}")
    first = parse_month(start_month)
    sim = _Simulation(scale, seed)
    first_monday, _ = _mondays(first)
    for week in range(BURN_IN_WEEKS):
        sim.step(week, 6, samtaler=False, offers=week >= BURN_IN_WEEKS - 52)
    week = BURN_IN_WEEKS
    p = sim.pool
    for k in range(months):
        month_first = add_months(first, k)
        month_day = int(np.datetime64(month_first, "D").astype(np.int64))
        month_end = int(np.datetime64(add_months(month_first, 1), "D").astype(np.int64)) - 1
        monday, count = _mondays(month_first)
        assert monday == first_monday + 7 * (week - BURN_IN_WEEKS)
        on_in_month = np.zeros(len(p.code), dtype=np.bool_)
        weeks: list[tuple[int, _WeekRows, Int, npt.NDArray[np.int32]]] = []
        for i in range(count):
            day = monday + 7 * i
            rows = sim.step(week, month_end - day)
            on_in_month[rows.on] = True
            weeks.append((day, rows, p.code[rows.on].astype(np.int64), p.kommune[rows.on].copy()))
            week += 1
        label = month_text(month_first)
        yield BENEFIT_WEEKS, label, _benefit_weeks(sim, weeks, month_day)
        yield SAMTALER, label, _events(sim, weeks, month_day, "samtale")
        yield OFFERS, label, _events(sim, weeks, month_day, "offer")
        who, hundredths = sim.hours(k, on_in_month, week - 1)
        yield (
            ORDINARY_HOURS,
            label,
            pa.Table.from_arrays(
                [
                    pa.array(p.person_id[who], type=pa.int64()),
                    _date32(month_day, len(who)),
                    pa.array(hundredths / 100.0, type=pa.float64()),
                ],
                schema=SCHEMAS[ORDINARY_HOURS],
            ),
        )


def _benefit_weeks(
    sim: _Simulation,
    weeks: list[tuple[int, _WeekRows, Int, npt.NDArray[np.int32]]],
    month_day: int,
) -> pa.Table:
    p = sim.pool
    on = np.concatenate([rows.on for _, rows, _, _ in weeks]) if weeks else np.zeros(0, np.int64)
    days = np.concatenate(
        [np.full(len(rows.on), day, np.int64) for day, rows, _, _ in weeks]
        or [np.zeros(0, np.int64)]
    )
    codes = np.concatenate([c for _, _, c, _ in weeks] or [np.zeros(0, np.int64)])
    kommune = np.concatenate([k for _, _, _, k in weeks] or [np.zeros(0, np.int32)])
    return pa.Table.from_arrays(
        [
            pa.array(p.person_id[on], type=pa.int64()),
            pa.array(kommune, type=pa.int32()),
            _date32(days.astype(np.int64)),
            _CODE_STRINGS.take(pa.array(codes, type=pa.int64())),
            _date32(month_day, len(on)),
        ],
        schema=SCHEMAS[BENEFIT_WEEKS],
    )


def _events(
    sim: _Simulation,
    weeks: list[tuple[int, _WeekRows, Int, npt.NDArray[np.int32]]],
    month_day: int,
    kind: str,
) -> pa.Table:
    p = sim.pool
    who_parts, day_parts, kommune_parts, end_parts = [], [], [], []
    for day, rows, _, _ in weeks:
        samtale = kind == "samtale"
        who_parts.append(rows.samtale if samtale else rows.offer)
        day_parts.append(day + (rows.samtale_offset if samtale else rows.offer_offset))
        # the kommune of the person in that week (a person may move later in the month)
        kommune_parts.append(rows.samtale_kommune if samtale else rows.offer_kommune)
        if kind == "offer":
            end_parts.append(day + rows.offer_offset + rows.offer_days - 1)
    who = np.concatenate(who_parts or [np.zeros(0, np.int64)]).astype(np.int64)
    days = np.concatenate(day_parts or [np.zeros(0, np.int64)]).astype(np.int64)
    kommune = np.concatenate(kommune_parts or [np.zeros(0, np.int32)]).astype(np.int32)
    columns = [pa.array(p.person_id[who], type=pa.int64()), pa.array(kommune, type=pa.int32())]
    columns.append(_date32(days))
    if kind == "offer":
        columns.append(_date32(np.concatenate(end_parts or [np.zeros(0, np.int64)])))
    columns.append(_date32(month_day, len(who)))
    return pa.Table.from_arrays(columns, schema=SCHEMAS[SAMTALER if kind == "samtale" else OFFERS])

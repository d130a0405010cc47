"""The synthetic demo generator: real formats, internal consistency, the published stories."""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter, defaultdict
from decimal import Decimal
from functools import cache

import pytest

from orchestration.demo.generator import (
    DEFAULT_SEED,
    PERIODS,
    generate,
    period_quarters,
)
from orchestration.parsing import parse
from orchestration.reference import municipality_by_name
from orchestration.tables import get_spec
from tests.conftest import FIXTURES

TOTAL, DAG, SYG, KTH = (
    "Ydelsesgrupper i alt",
    "A-dagpenge mv.",
    "Sygedagpenge mv.",
    "Kontanthjælp mv.",
)


@cache
def _files() -> tuple:
    return tuple(generate(DEFAULT_SEED))


@cache
def _lists() -> dict[str, dict[tuple[str, str], list[str]]]:
    """period → (kommune, group) → cells."""
    out = {}
    for f in _files():
        if f.table == "y30r21":
            rows = list(csv.reader(io.StringIO(f.content.decode("utf-8")), delimiter=";"))[1:]
            out[rows[0][1]] = {(r[0], r[2]): r for r in rows if r}
    return out


@cache
def _population() -> dict[tuple[int, str], int]:
    """(kommunekode, quarter) → population 16-66 from the generated FOLK1A files."""
    pop: dict[tuple[int, str], int] = defaultdict(int)
    for f in _files():
        if f.table == "folk1a":
            text = f.content.decode("utf-8-sig")
            for row in list(csv.reader(io.StringIO(text), delimiter=";"))[1:]:
                if row:
                    pop[(int(row[0]), row[3])] += int(row[4])
    return pop


def _rank(name: str, period: str, group: str = TOTAL) -> int:
    return int(_lists()[period][(name, group)][9])


def _num(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def test_the_files_are_exactly_the_real_formats() -> None:
    real = (FIXTURES / "jobindsats" / "y30r21_2020QMAT04.csv").read_bytes()
    y30 = [f for f in _files() if f.table == "y30r21"]
    assert [f.name for f in y30] == [f"y30r21_{p}.csv" for p in PERIODS]
    assert PERIODS[0] == "2018QMAT02" and PERIODS[-1] == "2025QMAT02" and len(PERIODS) == 15
    for f in y30:
        assert f.content.split(b"\r\n")[0] == real.split(b"\r\n")[0]  # same header bytes
        assert f.content.endswith(b"\r\n") and b"\n" not in f.content.replace(b"\r\n", b"")
        assert not f.content.startswith(b"\xef\xbb\xbf")
        assert len(f.content.split(b"\r\n")) == 1 + 392 + 1
        parsed = parse(f.content, f.name, get_spec("jobindsats", "y30r21"), f.fmt)
        assert parsed.row_count == 392
    folk = [f for f in _files() if f.table == "folk1a"]
    assert folk[0].content.startswith("\ufeffOMRÅDE;KØN;ALDER;TID;INDHOLD\r\n".encode())
    first_row = folk[0].content.split(b"\r\n")[1].decode()
    assert first_row.startswith("101;TOT;16-66;2017K3;") and first_row.rsplit(";")[-1].isdigit()
    assert len(folk[0].content.split(b"\r\n")) == 1 + 98 * 2 + 1  # 2017K3 and 2017K4
    quarters = sorted({q for (_, q) in _population()})
    assert quarters[0] == "2017K3" and quarters[-1] == "2025K2" and len(quarters) == 32
    for f in folk:
        parse(f.content, f.name, get_spec("statbank", "folk1a"), f.fmt)


def test_same_seed_same_bytes_other_seed_other_numbers() -> None:
    again = generate(DEFAULT_SEED)
    assert [f.content for f in again] == [f.content for f in _files()]
    other = generate(DEFAULT_SEED + 1)
    assert other[-1].content != _files()[-1].content


def test_counts_shares_and_differences_are_consistent() -> None:
    pop = _population()
    munis = municipality_by_name()
    for period, rows in _lists().items():
        for (name, _group), r in rows.items():
            expected, actual, diff = int(r[3]), int(r[4]), int(r[5])
            e_share, a_share, d_share = _num(r[6]), _num(r[7]), _num(r[8])
            assert expected % 10 == 0 and actual % 10 == 0 and diff == actual - expected
            assert abs(d_share - (a_share - e_share)) <= Decimal("0.01")
            # shares = unrounded count ÷ mean population 16-66 of the window × 100
            code = munis[name].kommunekode
            quarters = period_quarters(period)
            denominator = round(sum(pop[(code, q)] for q in quarters) / len(quarters))
            tolerance = Decimal(5) / denominator * 100 + Decimal("0.006")
            assert abs(Decimal(expected) / denominator * 100 - e_share) <= tolerance, r
            assert abs(Decimal(actual) / denominator * 100 - a_share) <= tolerance, r
        for name in munis:
            for col in (3, 4):
                areas = sum(int(rows[(name, g)][col]) for g in (DAG, SYG, KTH))
                assert abs(int(rows[(name, TOTAL)][col]) - areas) <= 20


def test_ranks_follow_the_ranking_rule() -> None:
    for rows in _lists().values():
        for group in (TOTAL, DAG, SYG, KTH):
            ranked = sorted((int(r[9]), _num(r[8])) for (_, g), r in rows.items() if g == group)
            assert [rank for rank, _ in ranked] == list(range(1, 99))
            diffs = [d for _, d in ranked]
            assert diffs == sorted(diffs)  # ties only within the rounded value


def test_the_published_stories() -> None:
    assert _rank("Norddjurs", "2018QMAT02") == 69
    assert _rank("Norddjurs", "2021QMAT04") == 17
    assert _rank("Norddjurs", "2023QMAT04") == 10
    assert _rank("Fredericia", "2020QMAT02") == 94
    assert _rank("Fredericia", "2020QMAT04") == 94
    assert _rank("Billund", "2023QMAT04") == 1
    assert int(_lists()["2023QMAT04"][("Billund", TOTAL)][5]) == -130


def test_norddjurs_2021_first_in_oestjylland_fourth_in_jutland() -> None:
    munis = municipality_by_name()
    jutland = {"Sydjylland", "Vestjylland", "Østjylland", "Nordjylland"}
    rows = _lists()["2021QMAT04"]
    order = sorted(
        (int(r[9]), name)
        for (name, g), r in rows.items()
        if g == TOTAL and munis[name].landsdel in jutland
    )
    assert [n for _, n in order[:4]][3] == "Norddjurs"
    assert {n for _, n in order[:3]} == {"Brønderslev", "Thisted", "Vesthimmerlands"}
    oestjylland = [n for _, n in order if munis[n].landsdel == "Østjylland"]
    assert oestjylland[0] == "Norddjurs"
    # strong on sygedagpenge and dagpenge, a bit below the middle on kontanthjælp
    assert _rank("Norddjurs", "2021QMAT04", SYG) <= 10
    assert _rank("Norddjurs", "2021QMAT04", DAG) <= 15
    assert 50 <= _rank("Norddjurs", "2021QMAT04", KTH) <= 65


@pytest.mark.parametrize("name", ["Norddjurs", "Billund"])
def test_climbers_climb_gradually(name: str) -> None:
    ranks = [_rank(name, p) for p in PERIODS]
    assert ranks[0] > 25 and min(ranks[-4:]) <= 10
    assert all(abs(a - b) <= 25 for a, b in itertools.pairwise(ranks))


def test_some_municipalities_stay_near_the_bottom() -> None:
    bottom = Counter(
        name
        for period, rows in _lists().items()
        for (name, g), r in rows.items()
        if g == TOTAL and int(r[9]) >= 80
    )
    stayers = [name for name, n in bottom.items() if n >= 12]
    assert "Fredericia" in stayers and len(stayers) >= 3


def test_population_is_plausible() -> None:
    pop = _population()
    assert 21_000 < pop[(707, "2024K1")] < 25_000  # Norddjurs, 36,773 inhabitants
    assert 400_000 < pop[(101, "2024K1")] < 520_000  # København
    national = sum(v for (code, q), v in pop.items() if q == "2024K1")
    assert 3_600_000 < national < 4_000_000

"""The what-if mart on the real published lists: how many fewer full-time persons would have put
a municipality at a target place (exact arithmetic on the published figures)."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from tests.conftest import REAL_LISTS, build_real_benchmark_mart


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory):
    settings = build_real_benchmark_mart(
        tmp_path_factory.mktemp("what_if") / "data",
        select="+fct_benchmark_what_if",
        lists=REAL_LISTS,
    )
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as connection:
        yield connection


def _target(con, name: str, period: str, target: str, group: str = "total") -> tuple:
    return con.execute(
        """
        select rank_national, target_status, target_rank, target_municipality_name,
               fewer_persons_needed, fewer_persons_needed_low, fewer_persons_needed_high,
               estimated_value_dkk
        from marts.fct_benchmark_what_if
        where municipality_name = ? and period_code = ? and target_code = ? and benefit_group = ?
        """,
        [name, period, target, group],
    ).fetchone()


def test_norddjurs_to_the_top_10_on_the_real_2020_lists(con) -> None:
    # 2020QMAT04: Norddjurs 21st at −0.25 pp, Vallensbæk 10th at −0.40; P = 2,370 ÷ 10.20 × 100
    # = 23,235; 0.15 pp × 23,235 = 34.9 (0.14 pp × 23,175 … 0.16 pp × 23,296)
    rank, status, target_rank, holder, fewer, low, high, value = _target(
        con, "Norddjurs", "2020QMAT04", "top_10"
    )
    assert (rank, status, target_rank, holder) == (21, "needs_fewer", 10, "Vallensbæk")
    assert (fewer, low, high) == (Decimal("34.9"), Decimal("32.4"), Decimal("37.3"))
    assert value == 35 * 300_000
    # 2020QMAT02: 24th at −0.19 pp, Ringsted 10th at −0.45: 0.26 pp × 23,378 = 60.8
    _, status, _, holder, fewer, low, high, _ = _target(con, "Norddjurs", "2020QMAT02", "top_10")
    assert (status, holder, fewer, low, high) == (
        "needs_fewer",
        "Ringsted",
        Decimal("60.8"),
        Decimal("58.3"),
        Decimal("63.3"),
    )


def test_municipalities_already_in_the_target_need_no_one_fewer(con) -> None:
    rows = con.execute(
        """
        select rank_national, target_status, fewer_persons_needed, fewer_persons_needed_high
        from marts.fct_benchmark_what_if
        where target_code = 'top_10' and benefit_group = 'total'
        """
    ).fetchall()
    assert len(rows) == 6 * 98
    top = [r for r in rows if r[0] <= 10]
    assert len(top) == 60
    assert {(status, fewer, high) for _, status, fewer, high in top} == {
        ("already_there", Decimal(0), Decimal(0))
    }
    assert all(
        status == "needs_fewer" and fewer >= 0 for rank, status, fewer, _ in rows if rank > 10
    )


def test_every_target_on_every_list_and_group(con) -> None:
    counts = dict(
        con.execute(
            "select target_code, count(*) from marts.fct_benchmark_what_if group by 1"
        ).fetchall()
    )
    assert counts == {
        code: 6 * 4 * 98
        for code in (
            "top_10",
            "top_third",
            "next_place",
            "better_than_expected",
            "first_in_landsdel",
            "peer_group_median",
        )
    }
    # the first of every list has no place above it: 6 lists × 4 groups
    assert con.execute(
        "select count(*), min(rank_national), max(rank_national) from marts.fct_benchmark_what_if "
        "where target_code = 'next_place' and target_status = 'no_target'"
    ).fetchone() == (24, 1, 1)
    # Bornholm is alone in its landsdel, so always first there
    assert con.execute(
        "select distinct target_status from marts.fct_benchmark_what_if "
        "where municipality_name = 'Bornholm' and target_code = 'first_in_landsdel'"
    ).fetchall() == [("already_there",)]


def test_every_peer_group_has_its_anchor_first_and_the_mart_aggregates_its_members(con) -> None:
    """int_benchmark__peer_group_members is the one home of the nearness rule: every anchor is
    its own nearest member, each group has var('peer_group_size') members, and fct_benchmark's
    group size and member names are those of the member list."""
    anchors_not_first = con.execute(
        "select count(*) from intermediate.int_benchmark__peer_group_members "
        "where nearness = 1 and member_kommunekode <> kommunekode"
    ).fetchone()
    assert anchors_not_first == (0,)
    norddjurs = con.execute(
        """
        select peer_group_size, peer_group_members
        from marts.fct_benchmark
        where kommunekode = 707 and period_code = '2020QMAT04' and benefit_group = 'total'
        """
    ).fetchone()
    assert norddjurs[0] == 10 and "Norddjurs" in norddjurs[1].split(", ")
    listed = con.execute(
        """
        select count(*) from intermediate.int_benchmark__peer_group_members
        where kommunekode = 707 and period_code = '2020QMAT04' and benefit_group = 'total'
        """
    ).fetchone()
    assert listed == (10,)

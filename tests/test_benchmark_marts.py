"""The benchmark marts on the six REAL published Y30R21 lists 2020QMAT02 … 2022QMAT04, loaded and
built as a user does it (`jobcenter load` + `jobcenter build`, the session fixture
`real_warehouse`): national rank, sub-ranks, peer group, rank change, value of the gap, the "why"
row, and the marts' contracts."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest


def _rows(data_dir: Path, sql: str, params: list | None = None) -> list[dict]:
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        cursor = con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _benchmark(data_dir: Path, name: str, period: str, group: str = "total") -> dict:
    rows = _rows(
        data_dir,
        "select * from marts.fct_benchmark "
        "where municipality_name = ? and period_code = ? and benefit_group = ?",
        [name, period, group],
    )
    assert len(rows) == 1
    return rows[0]


def test_fredericia_is_94th_the_same_as_last_time(real_warehouse: Path) -> None:
    row = _benchmark(real_warehouse, "Fredericia", "2020QMAT04")
    assert row["rank_national"] == 94 == row["published_rank"]
    # "94th, the same as November last year": the previous list of either type is 2020QMAT02
    assert row["previous_period_code_any"] == "2020QMAT02"
    assert row["previous_rank_any"] == 94
    assert row["rank_change_previous_any"] == 0
    # no earlier QMAT04 list is loaded
    assert row["previous_period_code_same_type"] is None
    assert row["rank_change_previous"] is None
    assert (row["region"], row["landsdel"], row["jutland_or_islands"]) == (
        "Region Syddanmark",
        "Sydjylland",
        "Jylland",
    )
    sub_ranks = (row["rank_region"], row["rank_landsdel"], row["rank_jutland_or_islands"])
    assert sub_ranks == (21, 11, 39)
    assert row["rank_in_peer_group"] == 10  # last of its 10 nearest in expected share
    assert row["peer_group_members"].endswith(", Fredericia")


def test_norddjurs_17th_first_in_ostjylland_fourth_in_jutland(real_warehouse: Path) -> None:
    """The April 2022 news item on the 2021QMAT04 list: "17th of 98, number 1 in Østjylland,
    4th in Jutland"; the rise since the first list loaded here (2020QMAT02, 24th) is +7."""
    row = _benchmark(real_warehouse, "Norddjurs", "2021QMAT04")
    assert (row["rank_national"], row["rank_landsdel"], row["rank_jutland_or_islands"]) == (
        17,
        1,
        4,
    )
    assert (row["first_period_code"], row["first_rank"], row["rank_change_first"]) == (
        "2020QMAT02",
        24,
        7,
    )
    assert (row["previous_period_code_same_type"], row["rank_change_previous"]) == (
        "2020QMAT04",
        4,
    )


def test_norddjurs_sub_ranks_and_peer_group(real_warehouse: Path) -> None:
    row = _benchmark(real_warehouse, "Norddjurs", "2020QMAT04")
    assert row["rank_national"] == 21
    assert (row["rank_region"], row["rank_landsdel"], row["rank_jutland_or_islands"]) == (3, 2, 6)
    assert row["municipalities_in_landsdel"] == 11
    assert row["municipalities_in_jutland_or_islands"] == 42
    assert row["peer_group_id"] == "2020QMAT04-total-707"
    assert row["peer_group_size"] == 10
    assert row["rank_in_peer_group"] == 3
    assert row["peer_group_members"].split(", ")[:3] == ["Ballerup", "Mariagerfjord", "Norddjurs"]
    assert row["rank_change_previous_any"] == 3  # 24th in 2020QMAT02
    sickness = _benchmark(real_warehouse, "Norddjurs", "2020QMAT04", "sickness_benefit")
    assert (sickness["rank_national"], sickness["rank_landsdel"]) == (3, 1)


def test_sub_ranks_follow_the_national_order(real_warehouse: Path) -> None:
    """In every list and subset the sub-ranks are 1..n in the order of rank_national."""
    bad = _rows(
        real_warehouse,
        """
        select period_code, benefit_group, landsdel
        from marts.fct_benchmark
        group by period_code, benefit_group, landsdel
        having max(rank_landsdel) <> count(*) or count(distinct rank_landsdel) <> count(*)
        """,
    )
    assert bad == []
    out_of_order = _rows(
        real_warehouse,
        """
        select a.kommunekode, b.kommunekode as other
        from marts.fct_benchmark as a
        inner join marts.fct_benchmark as b
            on a.period_code = b.period_code and a.benefit_group = b.benefit_group
            and a.jutland_or_islands = b.jutland_or_islands
        where a.rank_national < b.rank_national
            and a.rank_jutland_or_islands > b.rank_jutland_or_islands
        """,
    )
    assert out_of_order == []
    halves = _rows(
        real_warehouse,
        "select jutland_or_islands, count(*) as n from marts.fct_benchmark "
        "where period_code = '2020QMAT04' and benefit_group = 'total' group by 1 order by 1",
    )
    assert [(h["jutland_or_islands"], h["n"]) for h in halves] == [("Jylland", 42), ("Øerne", 56)]


def test_value_of_the_gap(real_warehouse: Path) -> None:
    billund = _benchmark(real_warehouse, "Billund", "2020QMAT04")
    assert billund["diff_count"] == -60
    assert billund["value_per_fulltime_person_dkk"] == 300_000
    assert billund["value_price_year"] == 2021
    assert billund["estimated_value_dkk"] == 18_000_000  # 60 fewer × 300,000 kr
    assert billund["estimated_municipal_saving_low_dkk"] == 6_900_000
    assert billund["estimated_municipal_saving_high_dkk"] == 9_240_000
    fredericia = _benchmark(real_warehouse, "Fredericia", "2020QMAT04")
    assert fredericia["estimated_value_dkk"] == -111_000_000  # 370 more than expected: a cost


def test_population_falls_back_to_expected_share(real_warehouse: Path) -> None:
    row = _benchmark(real_warehouse, "Norddjurs", "2020QMAT04")
    # no FOLK1A loaded: 2,370 expected ÷ 10.20 % × 100
    assert row["population_source"] == "derived_from_expected_share"
    assert row["population_16_66"] == 23_235
    assert float(row["diff_per_1000_pop_16_66"]) == pytest.approx(-60 / 23_235 * 1000, abs=0.005)


def test_why_norddjurs_ranks_where_it_does(real_warehouse: Path) -> None:
    row = _rows(
        real_warehouse,
        "select * from marts.fct_benchmark_explained "
        "where municipality_name = 'Norddjurs' and period_code = '2020QMAT04'",
    )[0]
    assert (row["rank_national"], row["rank_sickness_benefit"]) == (21, 3)
    assert (row["rank_unemployment_benefit"], row["rank_social_assistance"]) == (61, 63)
    assert row["strongest_benefit_group"] == "sickness_benefit"
    assert row["position_sickness_benefit"] == "top quarter"
    assert row["position_social_assistance"] == "below middle"
    shares = [
        row["gap_share_unemployment_benefit_pct"],
        row["gap_share_sickness_benefit_pct"],
        row["gap_share_social_assistance_pct"],
    ]
    assert float(sum(shares)) == pytest.approx(100, abs=0.2)
    assert float(row["gap_share_sickness_benefit_pct"]) == pytest.approx(136.0)  # -0.34 of -0.25


def test_periods_top_bottom_and_trajectory(real_warehouse: Path) -> None:
    periods = _rows(real_warehouse, "select * from marts.dim_period order by list_sequence")
    assert [(p["period_code"], p["period_label_da"]) for p in periods[:2]] == [
        ("2020QMAT02", "3. kvartal 2019 – 2. kvartal 2020"),
        ("2020QMAT04", "1. halvår 2020 – 2. halvår 2020"),
    ]
    assert [p["period_code"] for p in periods[2:]] == [
        "2021QMAT02",
        "2021QMAT04",
        "2022QMAT02",
        "2022QMAT04",
    ]
    assert str(periods[1]["approx_publication_month"]) == "2021-03-01"
    top = _rows(
        real_warehouse,
        "select municipality_name from marts.fct_benchmark_top_bottom where period_code = "
        "'2020QMAT04' and benefit_group = 'total' and list_end = 'top' order by position_from_end",
    )
    assert len(top) == 10 and top[0]["municipality_name"] == "Gladsaxe"
    bottom = _rows(
        real_warehouse,
        "select municipality_name, rank_national from marts.fct_benchmark_top_bottom "
        "where period_code = '2020QMAT04' and benefit_group = 'total' and list_end = 'bottom' "
        "and municipality_name = 'Fredericia'",
    )
    assert bottom == [{"municipality_name": "Fredericia", "rank_national": 94}]
    path = _rows(
        real_warehouse,
        "select period_end_month, rank_national, best_rank_so_far "
        "from marts.fct_benchmark_trajectory "
        "where municipality_name = 'Norddjurs' and benefit_group = 'total' "
        "order by period_end_month",
    )
    assert [(str(p["period_end_month"]), p["rank_national"]) for p in path] == [
        ("2020-06-01", 24),
        ("2020-12-01", 21),
        ("2021-06-01", 23),
        ("2021-12-01", 17),
        ("2022-06-01", 20),
        ("2022-12-01", 29),
    ]
    assert [p["best_rank_so_far"] for p in path] == [24, 21, 21, 17, 17, 17]


def test_every_mart_has_an_enforced_contract_and_described_columns(real_warehouse: Path) -> None:
    manifest = json.loads((real_warehouse / "dbt_target" / "manifest.json").read_text())
    mine = [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["name"].split("_")[0] in {"fct", "dim"}
        and ("benchmark" in node["name"] or node["path"].startswith("marts/core"))
    ]
    assert {n["name"] for n in mine} >= {
        "fct_benchmark",
        "fct_benchmark_explained",
        "fct_benchmark_top_bottom",
        "fct_benchmark_trajectory",
        "dim_municipality",
        "dim_period",
        "dim_benefit_group",
    }
    for node in mine:
        assert node["config"]["contract"]["enforced"], node["name"]
        assert node["description"].strip(), node["name"]
        for column in node["columns"].values():
            assert column["description"].strip(), (node["name"], column["name"])
            assert column["data_type"], (node["name"], column["name"])

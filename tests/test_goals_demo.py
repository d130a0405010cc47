"""Goal fulfilment on the demo warehouse (`jobcenter demo`, built once per session): every goal of
Norddjurs' plan 2024 has a status, named goals have the status their synthetic data gives, and
the supervision risk covers all 98 municipalities."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

PLAN_GOALS = [
    "M1",
    "M2",
    "M3",
    "M4",
    "M5",
    "1.1",
    "1.2",
    "1.3",
    "2.1",
    "2.2",
    *(f"6.{n}" for n in range(1, 14)),
]


@pytest.fixture(scope="module")
def con(demo_warehouse: Path):
    with duckdb.connect(str(demo_warehouse / "warehouse.duckdb"), read_only=True) as connection:
        yield connection


def _year_status(con) -> dict[str, tuple]:
    rows = con.execute(
        """
        select goal_code, status, period_code, measured_value, target_value, gap, is_synthetic
        from marts.fct_goal_fulfilment
        where kommunekode = 707 and plan_year = 2024 and is_last_period_of_year
        """
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


def test_every_goal_of_norddjurs_2024_has_one_status_for_the_year(con) -> None:
    year = _year_status(con)
    assert sorted(year) == sorted(PLAN_GOALS)  # 23 goals: M1–M5, 1.1–1.3, 2.1, 2.2, 6.1–6.13
    assert {s for s, *_ in year.values()} <= {"met", "not_met", "no_data", "not_yet_due"}
    # the catalogue's cadence decides the periods, whatever the data
    periods = dict(
        con.execute(
            "select goal_code, list(period_code order by period_code) from "
            "marts.fct_goal_fulfilment where kommunekode = 707 and plan_year = 2024 group by 1"
        ).fetchall()
    )
    assert periods["1.1"] == ["2024QMAT02", "2024QMAT04"]
    assert periods["1.2"] == ["2024M06", "2024M12"]
    assert periods["2.1"] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]
    assert periods["6.3"] == ["2024"]
    assert con.execute(
        "select count(*) from marts.fct_goal_fulfilment where kommunekode = 707"
    ).fetchone() == (36,)


def test_named_goals_have_the_status_of_their_synthetic_data(con) -> None:
    year = _year_status(con)
    # fokusmål: samtaler 12-month mean ≈ 85.8 % ≥ 80 %; tilbud ≈ 68.6 % < 70 %
    assert year["1.2"][0] == "met" and year["1.2"][2] > 80
    assert year["1.3"][0] == "not_met" and year["1.3"][2] < 70
    assert year["1.3"][5] is True  # synthetic, and says so
    assert year["6.8"][0] == "not_met"  # share of big firms cooperating ≤ 80 %
    assert year["6.6"][0] == "met"  # ≥ 90 % (target year 2030)
    assert year["6.3"][0] == "not_met"  # 34.2 % < 35 %
    assert year["M4"][0] == "no_data"  # no local goal serves ministermål 4 in the plan text
    assert year["M1"][0] == "not_met"  # 2.1 ends the year above last year's Q4
    assert year["1.1"][0] in {"met", "not_met", "no_data"}  # depends on the benchmark demo


def test_gap_trend_and_national_value(con) -> None:
    row = con.execute(
        """
        select measured_value, national_value, required_value, gap, trend, status
        from marts.fct_goal_fulfilment
        where kommunekode = 707 and goal_code = '6.11' and period_code = '2024Q4'
        """
    ).fetchone()
    value, national, required, gap, trend, status = row
    assert required == national + 4  # national_plus_pp: at most national + 4 pp
    assert gap == value - required
    assert trend in {"improving", "worsening", "unchanged"}
    assert status == ("met" if value <= national + 4 else "not_met")


def test_measurements_carry_lineage(con) -> None:
    rows = con.execute(
        """
        select source_table, count(*), bool_and(load_id is not null), bool_and(is_synthetic)
        from marts.fct_goal_measurement where kommunekode = 707 and plan_year = 2024
        group by 1 order by 1
        """
    ).fetchall()
    sources = {r[0] for r in rows}
    assert {"jobindsats/fokusmaal", "jobindsats/otij01", "local/job_orders"} <= sources
    assert {"local/apprentices", "local/goal_measurements"} <= sources
    assert all(r[2] for r in rows)
    assert all(r[3] for r in rows if r[0] != "jobindsats/y30r21")


def test_supervision_risk_covers_98_a_year_and_explains_itself(con) -> None:
    per_year = con.execute(
        "select risk_year, count(*) from marts.fct_supervision_risk group by 1 order by 1"
    ).fetchall()
    assert per_year and all(n == 98 for _, n in per_year)
    at_risk = con.execute(
        """
        select reason_da, reason_en, is_worse_than_expected, are_focus_goals_met
        from marts.fct_supervision_risk where risk_status = 'at_risk'
        """
    ).fetchall()
    for reason_da, reason_en, worse, met in at_risk:
        assert worse is True and met is False
        assert reason_da.startswith("Risiko for skærpet tilsyn")
        assert "fokusmål not met" in reason_en
    hours = dict(
        con.execute(
            "select risk_year, max(tilbud_hours_rule) from marts.fct_supervision_risk "
            "where risk_year in (2021, 2024) group by 1"
        ).fetchall()
    )
    assert hours == {2021: 225, 2024: 100}


def test_cli_prints_the_years_goal_statuses(demo_warehouse: Path) -> None:
    from tests.conftest import run_cli

    result = run_cli(["goals", "--municipality", "707", "--year", "2024"], demo_warehouse)
    assert result.returncode == 0, result.stderr[-2000:]
    output = result.stdout + result.stderr
    assert "23 goals:" in output and "SYNTHETIC" in output
    assert "1.3" in output and "not_met" in output
    missing = run_cli(["goals", "--municipality", "101"], demo_warehouse)
    assert missing.returncode == 1
    assert "no goals for kommunekode 101" in missing.stdout + missing.stderr

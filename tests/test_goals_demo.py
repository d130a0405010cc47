"""Goal fulfilment on the demo warehouse (`jobcenter demo`, built once per session): every goal of
Norddjurs' plan 2024 has a status, named goals have the status their synthetic data gives and
the plan's words demand (docs/goals.md), and the supervision risk covers all 98 municipalities."""

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
    from orchestration.goal_statuses import goal_status_labels

    year = _year_status(con)
    assert sorted(year) == sorted(PLAN_GOALS)  # 23 goals: M1–M5, 1.1–1.3, 2.1, 2.2, 6.1–6.13
    assert {s for s, *_ in year.values()} <= set(goal_status_labels())
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
    # "orienteres to gange årligt": two follow-ups in 2024, the year's verdict in the second
    for goal in ("6.3", "6.4", "6.5", "6.6", "6.7", "6.9"):
        assert periods[goal] == ["2024Q2", "2024Q4"], goal
        assert year[goal][1] == "2024Q4"
    assert con.execute(
        "select count(*) from marts.fct_goal_fulfilment where kommunekode = 707"
    ).fetchone() == (42,)


def test_named_goals_have_the_status_the_plan_demands(con) -> None:
    year = _year_status(con)
    # fokusmål: samtaler 12-month mean ≈ 85.8 % ≥ 80 %; tilbud ≈ 68.6 % < 70 %
    assert year["1.2"][0] == "met" and year["1.2"][2] > 80
    assert year["1.3"][0] == "not_met" and year["1.3"][2] < 70
    assert year["1.3"][5] is True  # synthetic, and says so
    assert year["6.8"][0] == "not_met"  # share of big firms cooperating ≤ 80 %
    assert year["6.3"][0] == "not_met"  # 33.6 % < 35 % in the second half-year
    # M2, M3, M5: the plan sets no target: the ministry's indicator without a verdict
    assert [year[g][0] for g in ("M2", "M3", "M5")] == ["context_only"] * 3
    assert year["M4"][0] == "no_data"  # no local goal serves ministermål 4 in the plan
    assert year["M1"][0] == "not_met"  # the roll-up of 2.1 and 2.2, neither met
    assert year["1.1"][0] in {"met", "not_met", "no_data"}  # depends on the benchmark demo
    # 6.6 "I 2030 skal mindst 90 %": on the path in the first half-year, off it in the second
    six_six = con.execute(
        """
        select period_code, status, measured_value, required_value, baseline_period_code
        from marts.fct_goal_fulfilment
        where kommunekode = 707 and goal_code = '6.6' order by period_code
        """
    ).fetchall()
    assert [(p, s) for p, s, *_ in six_six] == [("2024Q2", "on_track"), ("2024Q4", "off_track")]
    # from 86.0 % at the end of 2023 to 90 % at the end of 2030: 86 + 4 × 6 / 84 in 2024Q2
    assert float(six_six[0][3]) == pytest.approx(86 + 4 * 6 / 84, abs=1e-4)
    assert six_six[0][4] == "2023Q4"


def test_job_orders_are_judged_on_both_conditions_against_jobindsats(con) -> None:
    rows = con.execute(
        """
        select period_code, condition_number, status, measured_value, national_value,
               required_value, months_in_window, source_table
        from marts.fct_goal_condition
        where kommunekode = 707 and goal_code = '6.1' order by period_code, condition_number
        """
    ).fetchall()
    by_key = {(r[0], r[1]): r for r in rows}
    fill, orders = by_key[("2024M12", 1)], by_key[("2024M12", 2)]
    national = con.execute(
        """
        select measured_value from intermediate.int_goals__measurements
        where kommunekode = 0 and measure_code = 'job_order_fill_rate' and period_code = '2024M12'
        """
    ).fetchone()[0]
    assert fill[4] == national and fill[5] == national  # jobindsats' Hele landet, no tolerance
    assert fill[2] == ("met" if fill[3] >= national else "not_met")
    assert orders[5] == 50 and orders[2] == ("met" if orders[3] >= 50 else "not_met")
    assert fill[7] == "local/job_orders"  # Norddjurs' own file (jobindsats has no row for it)
    # the national value comes from jobindsats, not from the municipalities that delivered
    sources = con.execute(
        """
        select distinct source_table from intermediate.int_goals__measurements
        where kommunekode = 0 and measure_code = 'job_order_fill_rate'
        """
    ).fetchall()
    assert sources == [("jobindsats/jobordrer",)]
    # Norddjurs' CRM starts in January 2024: the first half-year has 6 of 12 months
    assert by_key[("2024M06", 1)][2] == "incomplete" and by_key[("2024M06", 1)][6] == 6
    goal = con.execute(
        "select period_code, status, conditions_count, conditions_met_count "
        "from marts.fct_goal_fulfilment where kommunekode = 707 and goal_code = '6.1' "
        "order by period_code"
    ).fetchall()
    assert goal[0][1] == "incomplete" and goal[1][2] == 2
    assert goal[1][1] == ("met" if goal[1][3] == 2 else "not_met")


def test_two_conditions_of_2_2_each_on_its_own_row(con) -> None:
    rows = con.execute(
        """
        select condition_number, measure_code, status, measured_value, baseline_value
        from marts.fct_goal_condition
        where kommunekode = 707 and goal_code = '2.2' and period_code = '2024'
        order by condition_number
        """
    ).fetchall()
    assert [r[1] for r in rows] == [
        "temporary_support_over_2y_count",
        "temporary_support_over_2y_share",
    ]
    for _, _, status, value, baseline in rows:
        assert status == ("met" if value < baseline else "not_met")
    goal = _year_status(con)["2.2"][0]
    assert goal == ("met" if all(r[2] == "met" for r in rows) else "not_met")


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


def test_no_supervision_verdict_before_2021_and_70_pct_is_not_enough(con) -> None:
    before = con.execute(
        "select distinct risk_status from marts.fct_supervision_risk where risk_year < 2021"
    ).fetchall()
    assert before == [("not_applicable",)]
    # Haderslev has exactly 70.0 % with an offer in 2024: 30.0 % without is not "mindre end 30"
    tonder = con.execute(
        """
        select tilbud_share_pct, tilbud_share_without_pct, is_tilbud_met, is_worse_than_expected,
               risk_status, risk_status_label_da
        from marts.fct_supervision_risk where kommunekode = 510 and risk_year = 2024
        """
    ).fetchone()
    assert tonder[:3] == (70, 30, False)
    assert tonder[3] is True and tonder[4:] == ("at_risk", "Risiko for skærpet tilsyn")


def test_cli_prints_the_years_goal_statuses(demo_warehouse: Path) -> None:
    from tests.conftest import run_cli

    result = run_cli(["goals", "--municipality", "707", "--year", "2024"], demo_warehouse)
    assert result.returncode == 0, result.stderr[-2000:]
    output = result.stdout + result.stderr
    assert "23 goals:" in output and "SYNTHETIC" in output
    assert "1.3" in output and "not_met" in output and "3 context_only" in output
    missing = run_cli(["goals", "--municipality", "101"], demo_warehouse)
    assert missing.returncode == 1
    assert "no goals for kommunekode 101" in missing.stdout + missing.stderr


def test_every_table_read_has_its_next_update_and_status_prints_it(
    con, demo_warehouse: Path
) -> None:
    from tests.conftest import run_cli

    tables = dict(
        con.execute(
            "select source_table_key, (table_id, next_update, is_in_catalogue, loads_count) "
            "from marts.dim_source_table"
        ).fetchall()
    )
    # found by the published name in the (synthetic) catalogue, with the announced next update
    assert tables["fokus_tilbud"][0] == "y30f02" and tables["fokus_tilbud"][2] is True
    assert str(tables["y30r21"][1]) == "2025-10-30" and tables["y30r21"][3] > 0
    assert tables["jobordrer"][0] == "jo01"
    result = run_cli(["status"], demo_warehouse)
    assert result.returncode == 0, result.stderr[-2000:]
    output = " ".join((result.stdout + result.stderr).split())
    assert "jobindsats/y30r21 y30r21 next update 2025-10-30" in output
    assert "Næste opdatering: 2025-07-01 (mm13, mm17, otij01); benchmark (Y30R21) 2025-10-30" in (
        output
    )
    report = next((demo_warehouse / "reports").glob("707_*.html")).read_text(encoding="utf-8")
    assert "<dt>Næste opdatering</dt><dd>Benchmark (Y30R21): 30-10-2025" in report
    assert "Baggrund – ikke et mål i planen" in report  # the seed's label, not the code

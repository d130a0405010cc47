"""The anciennitet and fokusmål rules on hand-made person histories (tests/person_histories.py),
built by dbt on DuckDB from Parquet files in the landing layout; and the incremental build of
one more month, which must equal a full build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.settings import isolated_environment
from tests.person_histories import AARHUS, NORDDJURS, land_tables, rule_histories

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT = str(Path(sys.executable).parent / "dbt")
JUNE_2024 = 2024 * 12 + 6
APRIL_2024 = 2024 * 12 + 4


def dbt_build(data_dir: Path, *extra: str) -> None:
    result = subprocess.run(
        [DBT, "build", "--select", "+tag:person_level", "--indirect-selection", "cautious", *extra],
        cwd=REPO_ROOT,
        env=isolated_environment(data_dir),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    data_dir = tmp_path_factory.mktemp("persons") / "data"
    land_tables(data_dir / "landing", rule_histories().monthly_tables())
    dbt_build(data_dir)
    con = duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True)
    yield con
    con.close()


def anciennitet(con, person: int, month_index: int) -> int:
    return con.execute(
        "select anciennitet_months from persons.int_persons__anciennitet "
        "where person_id = ? and month_index = ?",
        [person, month_index],
    ).fetchone()[0]


def target_row(con, person: int, month_index: int = JUNE_2024) -> dict | None:
    cursor = con.execute(
        "select * from persons.int_persons__fokus_target_group "
        "where person_id = ? and month_index = ?",
        [person, month_index],
    )
    row = cursor.fetchone()
    return None if row is None else dict(zip([d[0] for d in cursor.description], row, strict=True))


def test_a_full_calendar_month_without_the_benefit_breaks_the_spell(built):
    assert anciennitet(built, 1, APRIL_2024) == 11
    assert anciennitet(built, 1, JUNE_2024) == 13
    assert target_row(built, 1, APRIL_2024) is None
    assert target_row(built, 1) is not None


def test_a_change_of_benefit_starts_a_new_spell_except_the_continued_one(built):
    assert anciennitet(built, 2, JUNE_2024) == 18  # selvforsørgelse → kontanthjælp continues
    assert anciennitet(built, 3, JUNE_2024) == 12  # kontanthjælp → uddannelseshjælp: new


def test_exactly_the_minimum_samtaler_meets_the_goal_and_one_fewer_does_not(built):
    assert target_row(built, 4)["samtaler_last_12_months"] == 4
    assert target_row(built, 4)["meets_samtaler"] is True
    assert target_row(built, 5)["samtaler_last_12_months"] == 3
    assert target_row(built, 5)["meets_samtaler"] is False


def test_exactly_the_minimum_hours_meets_the_tilbud_goal(built):
    assert float(target_row(built, 6)["ordinary_hours_last_12_months"]) == 100.0
    assert target_row(built, 6)["meets_tilbud"] is True
    assert float(target_row(built, 7)["ordinary_hours_last_12_months"]) == 99.5
    assert target_row(built, 7)["meets_tilbud"] is False


def test_an_offer_reaching_into_the_window_meets_the_tilbud_goal(built):
    assert target_row(built, 8)["has_offer_last_12_months"] is True
    assert target_row(built, 8)["meets_tilbud"] is True


def test_a_person_moving_municipality_keeps_the_spell_and_counts_where_the_month_ends(built):
    assert anciennitet(built, 9, JUNE_2024) == 18
    assert target_row(built, 9)["kommunekode"] == AARHUS
    assert target_row(built, 9, 2024 * 12 + 2)["kommunekode"] == NORDDJURS
    assert target_row(built, 9)["meets_samtaler"] is True  # samtaler held in Norddjurs count


def test_sygedagpenge_break_on_one_missing_week_and_a_dagpenge_add_up(built):
    assert anciennitet(built, 10, JUNE_2024) == 9
    assert target_row(built, 10) is None
    assert anciennitet(built, 11, JUNE_2024) == 15


def test_the_marts_apply_the_discretion_rule(built):
    # Norddjurs, June 2024: 8 persons in the target group (9 has moved to Aarhus); 1 meets the
    # samtale goal (4) and 2 the tilbud goal (6, 8): parts below 3 are suppressed, never 0,
    # and the total is shown (it differs from each part by more than 2)
    rows = built.execute(
        "select measure_code, persons_count, meeting_count, share_meeting_pct, is_suppressed "
        "from marts.fct_fokusmaal_computed where kommunekode = ? and period_code = '2024M06' "
        "order by measure_code",
        [NORDDJURS],
    ).fetchall()
    assert rows == [
        ("fokus_samtaler_share", 8, None, None, True),
        ("fokus_tilbud_share", 8, None, None, True),
    ]
    # Aarhus has one person: nothing of it is shown
    aarhus = built.execute(
        "select persons_count, meeting_count, is_suppressed from marts.fct_fokusmaal_computed "
        "where kommunekode = ? and period_code = '2024M06'",
        [AARHUS],
    ).fetchall()
    assert aarhus == [(None, None, True), (None, None, True)]
    schemas = {
        r[0]
        for r in built.execute(
            "select distinct table_schema from information_schema.tables "
            "where table_name like '%persons%' or table_name like 'stg_persons%'"
        ).fetchall()
    }
    assert "marts" in schemas  # the discreet aggregates


TABLES_COMPARED = {
    "persons.int_persons__benefit_weeks_monthly": (
        "person_id, month_index, kommunekode, benefit_code"
    ),
    "persons.int_persons__anciennitet": "person_id, month_index",
    "persons.int_persons__fokus_target_group": "person_id, month_index",
    "persons.int_persons__full_time_persons": "kommunekode, benefit_group, quarter_code",
    "marts.fct_fokusmaal_computed": "kommunekode, period_code, measure_code",
}


def test_an_incremental_build_of_new_months_equals_a_full_build(tmp_path: Path):
    every_month = list(rule_histories().monthly_tables())
    first, rest = every_month[: 4 * 15], every_month[4 * 15 :]  # Jan 2023 – Mar 2024, then 3
    incremental = tmp_path / "incremental"
    land_tables(incremental / "landing", first)
    dbt_build(incremental)
    land_tables(incremental / "landing", rest)
    dbt_build(incremental)
    dbt_build(incremental)  # nothing new: recomputes nothing, changes nothing
    full = tmp_path / "full"
    land_tables(full / "landing", every_month)
    dbt_build(full)
    con = duckdb.connect()
    con.execute(f"attach '{incremental / 'warehouse.duckdb'}' as inc (read_only)")
    con.execute(f"attach '{full / 'warehouse.duckdb'}' as ful (read_only)")
    for table, key in TABLES_COMPARED.items():
        columns = [
            r[0]
            for r in con.execute(
                "select column_name from information_schema.columns where table_catalog = 'ful'"
                " and table_schema || '.' || table_name = ? "
                "and column_name not in ('built_through_load_id', 'load_id')",
                [table],
            ).fetchall()
        ]
        select = ", ".join(columns)
        differing = con.execute(
            f"select count(*) from ((select {select} from inc.{table} except all "
            f"select {select} from ful.{table}) union all (select {select} from ful.{table} "
            f"except all select {select} from inc.{table}))"
        ).fetchone()[0]
        total = con.execute(f"select count(*) from ful.{table}").fetchone()[0]
        assert total > 0, table
        assert differing == 0, f"{table}: {differing} rows differ (key {key})"

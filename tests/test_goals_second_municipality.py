"""Another municipality adopts the warehouse by adding rows, not code: Syddjurs (706) drops its
own goal catalogue as a file; after a dbt build its goals are evaluated beside Norddjurs'."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from orchestration.ingest import ingest_bytes
from orchestration.settings import Settings

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT = str(Path(sys.executable).parent / "dbt")

# the columns of seeds/goal_catalogue.csv, in its order
with (REPO_ROOT / "seeds" / "goal_catalogue.csv").open(encoding="utf-8") as _seed:
    HEADER = next(csv.reader(_seed))

SYDDJURS = [
    [706, 2024, "1", 1, 1, "fokusmål", "fokus", "Samtaler", "", "Mindst 85 % har haft 4 samtaler",
     "", "", "fokus_samtaler_share", "pct", "higher_is_better", ">=", "85", "", "",
     "half_yearly", "M", "jobindsats", "jobindsats/fokusmaal", "Jobcentret", 45, "false", "", ""],
    [706, 2024, "2", 1, 2, "lokalt mål", "5", "Erhvervsuddannelse", "", "Mindst 30 %", "", "",
     "vocational_choice_share", "pct", "higher_is_better", ">=", "30", "", "", "annual", "Q",
     "local", "local/goal_measurements", "Ungeindsatsen", 60, "false", "", ""],
    [706, 2024, "3", 1, 3, "lokalt mål", "5", "Lærlinge", "", "Flere end året før", "", "",
     "apprentices_hired", "persons", "higher_is_better", "increase_vs_baseline", "", "",
     "same_period_previous_year", "half_yearly", "Q", "local", "local/apprentices", "HR", 30,
     "true", "Læst som: flere end samme halvår året før.", ""],
    [706, 2024, "3", 2, 3, "lokalt mål", "5", "Lærlinge", "", "Flere end året før", "", "",
     "apprentices_hired", "persons", "higher_is_better", ">", "0", "", "", "half_yearly", "Q",
     "local", "local/apprentices", "HR", 30, "false", "", ""],
]  # fmt: skip


def test_a_second_municipality_is_rows_in_a_dropped_catalogue(
    demo_warehouse: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(demo_warehouse / "warehouse.duckdb", warehouse)
    settings = Settings(data_dir=tmp_path / "data", warehouse_path=warehouse)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([HEADER, *SYDDJURS])
    loaded = ingest_bytes(
        buffer.getvalue().encode("utf-8"),
        file_name="syddjurs_beskaeftigelsesplan_2024.csv",
        source="local",
        table="goal_catalogue",
        settings=settings,
    )
    assert loaded.rows_loaded == 4
    env = dict(os.environ, JOBCENTER_WAREHOUSE=str(warehouse))
    build = subprocess.run(
        [DBT, "build", "--select", "int_goals__conditions+", "--project-dir", str(REPO_ROOT),
         "--profiles-dir", str(REPO_ROOT), "--target-path", str(tmp_path / "dbt_target")],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert build.returncode == 0, build.stdout[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            """
            select goal_code, period_code, status, measured_value, target_value, baseline_value
            from marts.fct_goal_fulfilment where kommunekode = 706 order by goal_code, period_code
            """
        ).fetchall()
        norddjurs = con.execute(
            "select count(distinct goal_code) from marts.fct_goal_fulfilment "
            "where kommunekode = 707"
        ).fetchone()[0]
        source = con.execute(
            "select distinct catalogue_source from marts.dim_goal where kommunekode = 706"
        ).fetchall()
        conditions = con.execute(
            "select condition_number, comparator from marts.fct_goal_condition "
            "where kommunekode = 706 and goal_code = '3' and period_code = '2024Q4' order by 1"
        ).fetchall()
    assert [(r[0], r[1]) for r in rows] == [
        ("1", "2024M06"),
        ("1", "2024M12"),
        ("2", "2024Q4"),
        ("3", "2024Q2"),
        ("3", "2024Q4"),
    ]
    for goal, _, status, value, target, baseline in rows:
        assert value is not None
        if goal in ("1", "2"):
            assert status == ("met" if value >= target else "not_met")
        else:  # two conditions: more than the year before AND more than none
            assert status == ("met" if value > baseline and value > 0 else "not_met")
    assert norddjurs == 23  # the seed's plan is untouched
    assert source == [("local/goal_catalogue",)]
    assert conditions == [(1, "increase_vs_baseline"), (2, ">")]

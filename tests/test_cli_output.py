"""The first hour at the command line: results on stdout in the format asked for (table, CSV,
JSON) and never cut, `jobcenter query` for read-only SQL on the serving copy, and a demo whose
closing hint runs as printed."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shlex
import subprocess
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from orchestration.settings import isolated_environment
from orchestration.tabular_output import OutputFormat, print_rows
from tests.conftest import REPO_ROOT, demo_output, run_cli


def _serving(data_dir: Path) -> Path:
    return data_dir / "serving" / "warehouse.duckdb"


def _goals_2024(data_dir: Path) -> dict[str, tuple[str, str]]:
    with duckdb.connect(str(_serving(data_dir)), read_only=True) as con:
        rows = con.execute(
            "select goal_code, title_da, status from marts.fct_goal_fulfilment "
            "where kommunekode = 707 and plan_year = 2024 and is_last_period_of_year"
        ).fetchall()
    return {code: (title, status) for code, title, status in rows}


def test_goals_csv_on_stdout_with_whole_titles(demo_warehouse: Path):
    result = run_cli(
        ["goals", "--municipality", "707", "--year", "2024", "--format", "csv"], demo_warehouse
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    expected = _goals_2024(demo_warehouse)
    assert {r["goal"]: (r["title"], r["status"]) for r in rows} == expected
    assert max(len(title) for title, _ in expected.values()) > 40  # long titles, uncut
    # the summary is for the reader (stderr), never mixed into the rows
    assert re.search(r"^\d+ goals: \d+ ", result.stderr, re.M) and "goals:" not in result.stdout


def test_goals_json_holds_numbers_and_statuses(demo_warehouse: Path):
    result = run_cli(["goals", "--format", "json"], demo_warehouse)
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    expected = _goals_2024(demo_warehouse)
    assert {r["goal"]: r["status"] for r in records} == {k: v[1] for k, v in expected.items()}
    m1 = next(r for r in records if r["goal"] == "M1")
    assert m1["title"] == expected["M1"][0]
    assert isinstance(m1["value"], int | float) or m1["value"] is None


def test_goals_table_on_stdout_is_never_cut(demo_warehouse: Path):
    result = run_cli(["goals"], demo_warehouse)
    assert result.returncode == 0, result.stderr
    assert "…" not in result.stdout
    for title, _ in _goals_2024(demo_warehouse).values():
        assert title in result.stdout  # a pipe gets each row on one line


def test_a_table_in_a_narrow_terminal_folds_titles_instead_of_cutting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    title = "Andelen af unge under 25 år, der er i uddannelse eller job efter et forløb"
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    print_rows(
        ["goal", "title", "status", "gap"],
        [("2.1", title, "not_met", Decimal("-180.25"))],
        OutputFormat.table,
        wrap=["title", "status"],
    )
    out = re.sub(r"\x1b\[[0-9;]*m", "", capsys.readouterr().out)  # a terminal gets bold headers
    assert "…" not in out and "not_met" in out
    assert max(len(line) for line in out.splitlines()) <= 60
    assert "-180.25" in out  # a figure is never folded
    folded = " ".join(re.sub(r"[│┌┐└┘├┤┬┴┼─]", " ", out).split())
    assert all(word in folded.split() for word in title.split())


def test_query_prints_the_serving_copy_in_every_format(demo_warehouse: Path):
    sql = (
        "select period_code, rank_national from marts.fct_benchmark where kommunekode = 707 "
        "and benefit_group = 'total' and period_code = '2021QMAT04'"
    )
    as_json = run_cli(["query", sql, "--format", "json"], demo_warehouse)
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout) == [{"period_code": "2021QMAT04", "rank_national": 17}]
    as_csv = run_cli(["query", sql, "--format", "csv"], demo_warehouse)
    assert as_csv.stdout == "period_code,rank_national\n2021QMAT04,17\n"
    table = run_cli(["query", sql], demo_warehouse)
    assert re.search(r"│ 2021QMAT04\s+│\s+17 │", table.stdout), table.stdout


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("create table marts.x (a int)", "read-only"),
        ("delete from marts.fct_benchmark", "read-only"),
        ("copy (select 1) to '{out}'", "disabled"),
        ("attach '{out}' as other", "disabled"),
    ],
)
def test_query_cannot_write(demo_warehouse: Path, tmp_path: Path, sql: str, message: str):
    out = tmp_path / "written"
    before = hashlib.sha256(_serving(demo_warehouse).read_bytes()).hexdigest()
    result = run_cli(["query", sql.format(out=out)], demo_warehouse)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output and len(output.strip().splitlines()) == 1
    assert output.startswith("error: the query failed: ") and message in output.lower()
    assert not out.exists()
    assert hashlib.sha256(_serving(demo_warehouse).read_bytes()).hexdigest() == before


def test_query_of_a_table_that_is_not_there_names_it(demo_warehouse: Path):
    result = run_cli(["query", "select * from marts.fct_nothing"], demo_warehouse)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and len(output.strip().splitlines()) == 1
    assert "fct_nothing does not exist" in output


def test_query_before_any_build_is_one_line(tmp_path: Path):
    data_dir = tmp_path / "data"
    result = run_cli(["query", "select 1"], data_dir)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output and len(output.strip().splitlines()) == 1
    assert f"there is no serving copy at {_serving(data_dir)} yet" in output
    assert not data_dir.exists()


def test_the_demos_closing_hint_runs_as_printed(demo_warehouse: Path):
    printed = demo_output(demo_warehouse).read_text(encoding="utf-8")
    assert "duckdb -readonly" not in printed  # no CLI the setup does not install
    lines = printed.splitlines()
    hint = lines[next(i for i, line in enumerate(lines) if "Query the marts" in line) + 1]
    argv = shlex.split(hint.strip())
    assert Path(argv[0]).name == "jobcenter" and argv[1] == "query"
    result = subprocess.run(
        argv,
        cwd=REPO_ROOT,
        env=isolated_environment(demo_warehouse),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # the demo pins Norddjurs' story: 17th on the 2021QMAT04 list
    assert re.search(r"│ 2021QMAT04\s+│\s+17 │", result.stdout), result.stdout

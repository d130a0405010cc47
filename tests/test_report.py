"""The committee follow-up report: written by `jobcenter report`, self-contained, with the
figures of the marts, rendered in headless Chromium (screenshot), and honest about what is
missing ("ikke tilgængelig")."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

import duckdb
import pytest

from orchestration.quality.run_info import RunInfo
from orchestration.report.charts import format_number
from orchestration.report.report import (
    ReportError,
    SourceWarnings,
    goal_period_label,
    label_in_sentence,
    plural_da,
    render_report,
)
from tests.conftest import run_cli

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium() -> str:
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    # Not a skip: .ci/run installs Debian's chromium, so a missing browser is a broken setup.
    pytest.fail("no Chromium found (apt-get install chromium); the report test needs a browser")


def headless(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def norddjurs_report(demo_warehouse: Path) -> Path:
    result = run_cli(["report", "--municipality", "707", "--period", "2024QMAT04"], demo_warehouse)
    assert result.returncode == 0, result.stdout + result.stderr
    path = demo_warehouse / "reports" / "707_2024QMAT04.html"
    assert str(path) in result.stderr.replace("\n", "")
    return path


def _mart(demo_warehouse: Path, sql: str, params: list | None = None):
    serving = demo_warehouse / "serving" / "warehouse.duckdb"
    with duckdb.connect(str(serving), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_report_has_the_marts_figures(norddjurs_report: Path, demo_warehouse: Path):
    html = norddjurs_report.read_text(encoding="utf-8")
    trajectory = _mart(
        demo_warehouse,
        "select period_code, period_label_da, rank_national from marts.fct_benchmark_trajectory "
        "where kommunekode = 707 and benefit_group = 'total' and period_code <= '2024QMAT04' "
        "order by list_sequence",
    )
    (first_period, first_label, first_rank), (_, label, rank) = trajectory[0], trajectory[-1]
    assert label == "1. halvår 2024 – 2. halvår 2024"  # dim_period's label of 2024QMAT04
    assert "Norddjurs Kommune" in html
    assert f"benchmarklisten for {label}" in html
    assert f'<div class="v">{rank} af 98</div><div class="l">Placering, {label}' in html
    assert (
        f'<div class="v">{first_rank}</div><div class="l">Placering på første liste '
        f"({first_label})" in html
    )
    assert first_period == "2018QMAT02"  # the trajectory starts at the first list
    # every section is there, with its chart where it has one
    for heading in (
        "1. Placering på benchmarklisten siden første liste",
        f"2. Faktisk og forventet antal på offentlig forsørgelse, {label}",
        "3. Norddjurs ved siden af sammenlignelige kommuner og landsdelen",
        "4. Målene i beskæftigelsesplanen",
        "5. Risiko for skærpet tilsyn",
    ):
        assert heading in html
    assert html.count("<svg") == 3
    # ranks within the region and landsdel, as the mart has them
    landsdel_rank, landsdel_size, landsdel = _mart(
        demo_warehouse,
        "select rank_landsdel, municipalities_in_landsdel, landsdel from marts.fct_benchmark "
        "where kommunekode = 707 and period_code = '2024QMAT04' and benefit_group = 'total'",
    )[0]
    assert (
        f'<td>Landsdel ({landsdel})</td><td class="num">{landsdel_rank} af {landsdel_size}' in html
    )
    # synthetic demo data says so, at the top and in the footer
    assert 'id="synthetic-banner">SYNTETISKE DATA' in html
    run_id = _mart(demo_warehouse, "select run_id from serving_meta.publication")[0][0]
    assert f"<dt>Kørsels-id</dt><dd>{run_id}</dd>" in html
    assert re.search(r"<dt>Kontroller</dt><dd>\d+ bestået", html)


def test_report_speaks_danish_not_codes(norddjurs_report: Path):
    """No period code (2024QMAT04, 2024M12, 2024Q4) and no English status or trend code is
    printed: the committee reads dim_period's labels and the seeds' Danish words."""
    html = norddjurs_report.read_text(encoding="utf-8")
    visible = re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", "", html, flags=re.S))
    assert not re.findall(r"\d{4}(?:QMAT0\d|M\d\d|Q\d|H\d)", html)
    for code in ("not_met", "no_data", "not_yet_due", "improving", "worsening", "unchanged"):
        assert code not in visible
    assert "december 2024" in visible or "4. kvartal 2024" in visible  # goal periods in words
    # a gap between percentages is in percentage points, never '%'
    assert not re.search(r"[+\u2212]\d+,\d %", visible)
    # a one-line legend under every table saying what a sign means
    assert html.count('class="small legend"') == 4


def test_the_value_of_the_gap_renders_from_estimated_value_dkk(
    norddjurs_report: Path, demo_warehouse: Path
):
    html = norddjurs_report.read_text(encoding="utf-8")
    (value,) = _mart(
        demo_warehouse,
        "select estimated_value_dkk from marts.fct_benchmark "
        "where kommunekode = 707 and period_code = '2024QMAT04' and benefit_group = 'total'",
    )[0]
    assert value is not None and value != 0
    shown = format_number(float(value))
    shown = shown if shown.startswith("\u2212") else "+" + shown
    assert "<th>Værdi af forskel (kr.)</th>" in html
    row = re.search(r"<tr><td>Ydelsesgrupper i alt</td>(.*?)</tr>", html).group(1)
    assert row.endswith(f'<td class="num">{shown}</td>')


def test_one_sentence_says_which_benefit_area_carries_the_rank(
    norddjurs_report: Path, demo_warehouse: Path
):
    html = norddjurs_report.read_text(encoding="utf-8")
    rank, strongest, weakest = _mart(
        demo_warehouse,
        "select explained.rank_national, strong.benefit_group_label_da, "
        "weak.benefit_group_label_da from marts.fct_benchmark_explained as explained "
        "join marts.dim_benefit_group as strong "
        "on explained.strongest_benefit_group = strong.benefit_group "
        "join marts.dim_benefit_group as weak "
        "on explained.weakest_benefit_group = weak.benefit_group "
        "where kommunekode = 707 and period_code = '2024QMAT04'",
    )[0]
    sentence = re.search(r'<p id="forklaring">(.*?)</p>', html).group(1)
    assert sentence.startswith(
        f"Placeringen som nr. {rank} bæres især af {label_in_sentence(strongest)} (nr. "
    )
    assert f"mens {label_in_sentence(weakest)} (nr. " in sentence and "trækker ned" in sentence


def test_goal_table_and_supervision_verdict(norddjurs_report: Path, demo_warehouse: Path):
    html = norddjurs_report.read_text(encoding="utf-8")
    goals = _mart(
        demo_warehouse,
        "select distinct goal_code from marts.fct_goal_fulfilment "
        "where kommunekode = 707 and plan_year = 2024",
    )
    assert len(goals) > 0
    for (code,) in goals:
        assert f"<td><strong>{code}</strong></td>" in html  # no goal left out
    statuses = re.findall(r'<span class="status (\w+)">', html)
    assert len(statuses) == len(goals)
    assert set(statuses) <= {"met", "not_met", "no_data", "other"}
    # the previous value beside the trend arrow, in the goal's unit
    arrows = re.findall(r'<td class="nowrap">([↗↘→]) (\w+)<br><span class="small">forrige: ', html)
    assert arrows and {label for _, label in arrows} <= {"Bedre", "Dårligere", "Uændret"}
    label, reason = _mart(
        demo_warehouse,
        "select risk_status_label_da, reason_da from marts.fct_supervision_risk "
        "where kommunekode = 707 and risk_year = 2024",
    )[0]
    assert f"<strong>{label}</strong>" in html
    # the mart's reason, with its list named by the list's label rather than its code
    reason = reason.replace("2024QMAT04", "1. halvår 2024 – 2. halvår 2024")
    assert reason.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in html


def test_report_is_self_contained(norddjurs_report: Path):
    html = norddjurs_report.read_text(encoding="utf-8")
    assert "<script" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "@import" not in html


def test_report_opens_in_headless_chromium(norddjurs_report: Path, tmp_path: Path):
    profile = Path(tempfile.mkdtemp(prefix="jobcenter-chromium-"))
    try:
        dom = headless(["--dump-dom", norddjurs_report.as_uri()], profile)
        assert dom.returncode == 0, dom.stderr[-2000:]
        assert "Opfølgning på beskæftigelsesindsatsen" in dom.stdout
        assert dom.stdout.count("<svg") == 3
        shot = tmp_path / "report.png"
        result = headless(
            ["--window-size=1100,2600", f"--screenshot={shot}", norddjurs_report.as_uri()], profile
        )
        assert result.returncode == 0, result.stderr[-2000:]
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1100, 2600)
    assert len(data) > 100_000  # charts and tables, not a blank page


def test_a_warehouse_without_a_contracted_mart_is_a_clear_error(
    demo_warehouse: Path, tmp_path: Path
):
    """The report trusts the marts' contracts: a warehouse built without one of them is a
    ReportError naming the missing table, not a report that guesses."""
    small = tmp_path / "small.duckdb"
    serving = demo_warehouse / "serving" / "warehouse.duckdb"
    with duckdb.connect(str(small)) as con:
        con.execute(f"attach '{serving}' as src (read_only)")
        con.execute("create schema marts")
        for table in ("fct_benchmark", "dim_period", "dim_benefit_group"):
            con.execute(f"create table marts.{table} as select * from src.marts.{table}")
        con.execute("detach src")
    with (
        duckdb.connect(str(small), read_only=True) as con,
        pytest.raises(ReportError, match=r"fct_benchmark_trajectory.*jobcenter build"),
    ):
        render_report(con, 707, "2024QMAT04", run_info=RunInfo())


def test_a_goal_value_computed_locally_is_marked_as_such(demo_warehouse: Path, tmp_path: Path):
    """A fokusmål for a month jobindsats has not published is computed from the person-level
    data (source_kind computed_locally): the report says so beside the value and explains it
    once; the published values carry no mark."""
    copy = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo_warehouse / "serving" / "warehouse.duckdb", copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(
            "update marts.fct_goal_fulfilment set source_kind = 'computed_locally' "
            "where kommunekode = 707 and goal_code = '1.2'"
        )
    with duckdb.connect(str(copy), read_only=True) as con:
        html = render_report(con, 707, "2024QMAT04", run_info=RunInfo())[0]
    rows = re.findall(r"<tr>\s*<td><strong>([^<]+)</strong>(.*?)</tr>", html, re.S)
    marked = [code for code, cells in rows if "beregnet lokalt*" in cells]
    assert marked == ["1.2"], marked
    assert 'id="beregnet-lokalt"' in html and "endnu ikke har offentliggjort" in html
    with duckdb.connect(
        str(demo_warehouse / "serving" / "warehouse.duckdb"), read_only=True
    ) as con:
        plain = render_report(con, 707, "2024QMAT04", run_info=RunInfo())[0]
    assert "beregnet lokalt*" not in plain and 'id="beregnet-lokalt"' not in plain


def test_no_goals_section_without_a_plan_for_the_lists_year(real_warehouse: Path):
    """The real 2020 lists: the catalogue's plan is Norddjurs' 2024 plan, so the 2020 report
    has no goal table (no rows of 'Ingen data'), and one sentence says why."""
    result = run_cli(["report", "--municipality", "707", "--period", "2020QMAT04"], real_warehouse)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (real_warehouse / "reports" / "707_2020QMAT04.html").read_text(encoding="utf-8")
    assert 'class="goals"' not in html and '<span class="status' not in html
    sentence = re.search(r'<p class="na" id="ingen-plan">(.*?)</p>', html).group(1)
    assert sentence == (
        "Målkataloget har ingen beskæftigelsesplan for Norddjurs for 2020 eller tidligere "
        "(planer: 2024), så der er ingen mål at følge op på for denne liste."
    )
    assert "SYNTETISKE DATA" not in html
    # the real lists' own inconsistencies are named in the footer, with a Danish plural
    assert re.search(r'id="kildedata-advarsler">\d+ advarsler i kildedata: Aarhus', html)


def test_danish_plurals():
    assert plural_da(1, "advarsel", "advarsler") == "1 advarsel"
    assert plural_da(10, "advarsel", "advarsler") == "10 advarsler"
    assert plural_da(0, "liste", "lister") == "0 lister"
    one = SourceWarnings(1, (("Aarhus", ("2021QMAT04",)),))
    assert one.text == "1 advarsel i kildedata: Aarhus (2021QMAT04)"


def test_labels_inside_a_sentence():
    assert label_in_sentence("Sygedagpenge mv.") == "sygedagpenge mv."
    assert label_in_sentence("A-dagpenge mv.") == "A-dagpenge mv."


def test_goal_periods_in_danish():
    assert goal_period_label("2024M12") == "december 2024"
    assert goal_period_label("2024Q4") == "4. kvartal 2024"
    assert goal_period_label("2024H1") == "1. halvår 2024"
    assert goal_period_label("2024") == "2024"

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
from orchestration.report.report import render_report
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
        "select period_code, rank_national from marts.fct_benchmark "
        "where kommunekode = 707 and benefit_group = 'total' and period_code <= '2024QMAT04' "
        "order by period_code",
    )
    (first_period, first_rank), (_, rank) = trajectory[0], trajectory[-1]
    assert "Norddjurs Kommune" in html
    assert f'<div class="v">{rank}</div><div class="l">Placering 2024QMAT04 (af 98)' in html
    assert (
        f'<div class="v">{first_rank}</div><div class="l">Placering på første liste '
        f"({first_period})" in html
    )
    assert first_period == "2018QMAT02"  # the trajectory starts at the first list
    # every section is there, with its chart where it has one
    for heading in (
        "1. Placering på benchmarklisten siden første liste",
        "2. Faktisk og forventet antal på offentlig forsørgelse, 2024QMAT04",
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
    assert f"Landsdel ({landsdel})" in html
    assert f"{landsdel_rank} af {landsdel_size}" in html
    # synthetic demo data says so, at the top and in the footer
    assert 'id="synthetic-banner">SYNTETISKE DATA' in html
    run_id = _mart(demo_warehouse, "select run_id from serving_meta.publication")[0][0]
    assert f"<dt>Kørsels-id</dt><dd>{run_id}</dd>" in html
    assert re.search(r"<dt>Kontroller</dt><dd>\d+ bestået", html)


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
    risk, reason = _mart(
        demo_warehouse,
        "select risk_status, reason_da from marts.fct_supervision_risk "
        "where kommunekode = 707 and risk_year = 2024",
    )[0]
    headline = {
        "at_risk": "Risiko for skærpet tilsyn",
        "not_at_risk": "Ingen risiko for skærpet tilsyn",
    }.get(risk, "Ikke vurderet")
    assert f"<strong>{headline}" in html
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


def test_missing_marts_say_ikke_tilgaengelig(demo_warehouse: Path, tmp_path: Path):
    """Only the benchmark mart with its first columns: every other section says so plainly."""
    small = tmp_path / "small.duckdb"
    serving = demo_warehouse / "serving" / "warehouse.duckdb"
    with duckdb.connect(str(small)) as con:
        con.execute(f"attach '{serving}' as src (read_only)")
        con.execute("create schema marts")
        con.execute(
            "create table marts.fct_benchmark as select kommunekode, municipality_name, "
            "period_code, benefit_group, rank_national, diff_share_pp, municipalities_in_list, "
            "is_synthetic from src.marts.fct_benchmark"
        )
        con.execute("detach src")
    with duckdb.connect(str(small), read_only=True) as con:
        html, name, synthetic = render_report(con, 707, "2024QMAT04", run_info=RunInfo())
    assert name == "Norddjurs"
    assert synthetic is True
    assert "Faktisk og forventet: ikke tilgængelig" in html
    assert "Målopfølgning: ikke tilgængelig" in html
    assert "Tilsynsvurdering: ikke tilgængelig" in html
    assert "<dt>Kørsels-id</dt><dd>ikke tilgængelig</dd>" in html
    assert html.count("<svg") == 1  # the rank trajectory still renders
    assert "Region" in html and "ikke tilgængelig" in html

"""The main job as a user runs it: `jobcenter demo` (synthetic data), then queries against the
marts; and the real published 2020 lists loaded with `jobcenter load` + `jobcenter build`."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from tests.conftest import run_cli


def _query(data_dir: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _rank(data_dir: Path, name: str, period: str, group: str = "total") -> int:
    return _query(
        data_dir,
        "select rank_national from marts.fct_benchmark "
        "where municipality_name = ? and period_code = ? and benefit_group = ?",
        [name, period, group],
    )[0][0]


def _marts_fingerprint(data_dir: Path) -> str:
    rows = _query(
        data_dir,
        "select * exclude (load_id) from marts.fct_benchmark "
        "order by period_code, benefit_group, kommunekode",
    )
    return hashlib.sha256(repr(rows).encode()).hexdigest()


# -- the real published lists -------------------------------------------------------------------
def test_real_files_give_the_published_ranks(real_warehouse: Path) -> None:
    assert _query(real_warehouse, "select count(*) from marts.fct_benchmark")[0][0] == 6 * 392
    assert _rank(real_warehouse, "Fredericia", "2020QMAT04") == 94  # "94th, same as last time"
    assert _rank(real_warehouse, "Fredericia", "2020QMAT02") == 94
    assert _rank(real_warehouse, "Fredericia", "2022QMAT04") == 93
    assert _rank(real_warehouse, "Gladsaxe", "2020QMAT04") == 1
    assert _query(real_warehouse, "select bool_or(is_synthetic) from marts.fct_benchmark") == [
        (False,)
    ]


def test_every_real_published_rank_lies_in_its_tie_band(real_warehouse: Path) -> None:
    rows = _query(
        real_warehouse,
        "select count(*) from marts.fct_benchmark where published_rank "
        "not between rank_band_low and rank_band_high",
    )
    assert rows[0][0] == 0


# -- the synthetic demo -------------------------------------------------------------------------
def test_demo_builds_15_lists_for_all_98_municipalities(demo_warehouse: Path) -> None:
    [(rows, lists, kommuner, first, last)] = _query(
        demo_warehouse,
        "select count(*), count(distinct period_code), count(distinct kommunekode), "
        "min(period_code), max(period_code) from marts.fct_benchmark",
    )
    assert (rows, lists, kommuner) == (5880, 15, 98)
    assert (first, last) == ("2018QMAT02", "2025QMAT02")


def test_demo_is_marked_synthetic_everywhere(demo_warehouse: Path) -> None:
    assert _query(
        demo_warehouse,
        "select bool_and(is_synthetic), count(*) from marts.fct_benchmark",
    ) == [(True, 5880)]
    assert _query(demo_warehouse, "select bool_and(is_synthetic) from raw_meta.load_record") == [
        (True,)
    ]
    assert _query(
        demo_warehouse,
        "select count(*) from raw_meta.load_record where table_name in ('y30r21', 'folk1a')",
    ) == [(24,)]


def test_demo_tells_the_published_stories(demo_warehouse: Path) -> None:
    assert _rank(demo_warehouse, "Norddjurs", "2018QMAT02") == 69
    assert _rank(demo_warehouse, "Norddjurs", "2021QMAT04") == 17
    assert _rank(demo_warehouse, "Norddjurs", "2023QMAT04") == 10
    assert _rank(demo_warehouse, "Fredericia", "2020QMAT02") == 94
    assert _rank(demo_warehouse, "Fredericia", "2020QMAT04") == 94
    assert _rank(demo_warehouse, "Billund", "2023QMAT04") == 1
    [(diff,)] = _query(
        demo_warehouse,
        "select diff_count from marts.fct_benchmark where municipality_name = 'Billund' "
        "and period_code = '2023QMAT04' and benefit_group = 'total'",
    )
    assert diff == -130


def test_every_demo_published_rank_lies_in_its_tie_band(demo_warehouse: Path) -> None:
    rows = _query(
        demo_warehouse,
        "select count(*) from marts.fct_benchmark where published_rank "
        "not between rank_band_low and rank_band_high",
    )
    assert rows[0][0] == 0


def test_demo_population_is_staged_per_kommune_and_quarter(demo_warehouse: Path) -> None:
    [(rows, kommuner, first, last)] = _query(
        demo_warehouse,
        "select count(*), count(distinct kommunekode), min(quarter_code), max(quarter_code) "
        "from staging.stg_statbank__population",
    )
    assert (rows, kommuner, first, last) == (98 * 32, 98, "2017K3", "2025K2")
    [(start, population)] = _query(
        demo_warehouse,
        "select quarter_start, population_16_66 from staging.stg_statbank__population "
        "where kommunekode = 707 and quarter_code = '2024K1'",
    )
    assert str(start) == "2024-01-01" and 21_000 < population < 25_000


def test_second_demo_run_lands_nothing_and_leaves_marts_identical(demo_warehouse: Path) -> None:
    before = _marts_fingerprint(demo_warehouse)
    result = run_cli(["demo"], demo_warehouse)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "0 new file(s)" in result.stderr and "31 already loaded" in result.stderr
    assert _marts_fingerprint(demo_warehouse) == before


def test_load_of_doubled_file_fails_and_changes_nothing(
    demo_warehouse: Path, y30r21_2020q4_path: Path, tmp_path: Path
) -> None:
    before = _marts_fingerprint(demo_warehouse)
    raw_before = _query(demo_warehouse, "select count(*) from raw_jobindsats.y30r21")
    lines = y30r21_2020q4_path.read_bytes().split(b"\r\n")
    doubled = tmp_path / "y30r21_doubled.csv"
    doubled.write_bytes(b"\r\n".join([*lines[:-1], *lines[1:]]))
    result = run_cli(["load", str(doubled)], demo_warehouse)
    assert result.returncode == 1
    assert "y30r21_doubled.csv, line 394" in result.stderr and "duplicate row" in result.stderr
    assert _query(demo_warehouse, "select count(*) from raw_jobindsats.y30r21") == raw_before
    assert _marts_fingerprint(demo_warehouse) == before


def test_load_of_key_error_body_fails_with_a_clear_message(
    demo_warehouse: Path, tmp_path: Path
) -> None:
    body = tmp_path / "y30r21.csv"
    body.write_text("Forkert nøgle eller nøglen er udløbet.", encoding="utf-8")
    result = run_cli(["load", str(body)], demo_warehouse)
    assert result.returncode == 1
    assert "y30r21.csv, line 1" in result.stderr and "key was rejected" in result.stderr

"""Revisions: a re-published period with changed numbers is landed as a new version; the history
keeps both (intermediate.int_benchmark__versions) and the marts use the newest."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.conftest import FIXTURES, run_cli

ORIGINAL = FIXTURES / "jobindsats" / "y30r21_2020QMAT04.csv"
# The revision: Gladsaxe's expected and actual counts both 10 higher (difference unchanged).
BEFORE = b"Gladsaxe;2020QMAT04;Ydelsesgrupper i alt;3950;3380;-570;"
AFTER = b"Gladsaxe;2020QMAT04;Ydelsesgrupper i alt;3960;3390;-570;"


@pytest.fixture(scope="module")
def revised_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("revisions") / "data"
    revised = data_dir.parent / "republished" / "y30r21_2020QMAT04.csv"
    revised.parent.mkdir(parents=True)
    content = ORIGINAL.read_bytes()
    assert content.count(BEFORE) == 1
    revised.write_bytes(content.replace(BEFORE, AFTER))
    for args in (["load", str(ORIGINAL)], ["load", str(revised)], ["build"]):
        result = run_cli(args, data_dir)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return data_dir


def _query(data_dir: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_both_versions_are_in_the_history(revised_warehouse: Path) -> None:
    assert _query(
        revised_warehouse,
        "select version_number, count(*), bool_and(is_current_version) "
        "from intermediate.int_benchmark__versions where period_code = '2020QMAT04' "
        "group by version_number order by version_number",
    ) == [(1, 392, False), (2, 392, True)]


def test_the_marts_use_the_newest_version(revised_warehouse: Path) -> None:
    assert _query(
        revised_warehouse,
        "select expected_count, actual_count, diff_count, version_number, rank_national "
        "from marts.fct_benchmark where municipality_name = 'Gladsaxe' "
        "and period_code = '2020QMAT04' and benefit_group = 'total'",
    ) == [(3960, 3390, -570, 2, 1)]
    assert _query(revised_warehouse, "select count(*) from marts.fct_benchmark") == [(392,)]


def test_what_changed_between_two_publications_is_queryable(revised_warehouse: Path) -> None:
    changed = _query(
        revised_warehouse,
        """
        select old.municipality_name, old.benefit_group, old.expected_count, new.expected_count
        from intermediate.int_benchmark__versions as old
        inner join intermediate.int_benchmark__versions as new
            on old.kommunekode = new.kommunekode
            and old.period_code = new.period_code
            and old.benefit_group = new.benefit_group
            and new.version_number = old.version_number + 1
        where old.expected_count <> new.expected_count or old.actual_count <> new.actual_count
            or old.published_rank <> new.published_rank
        """,
    )
    assert changed == [("Gladsaxe", "total", 3950, 3960)]


def test_reloading_the_same_bytes_is_not_a_new_version(revised_warehouse: Path) -> None:
    result = run_cli(["load", str(ORIGINAL)], revised_warehouse)
    assert result.returncode == 0 and "already loaded" in result.stderr
    assert _query(
        revised_warehouse,
        "select count(*) from raw_meta.load_record where table_name = 'y30r21'",
    ) == [(2,)]

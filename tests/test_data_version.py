"""The data version is a hash of the input files' content hashes only (docs/data_version.md):
the same files loaded into two folders, at other times and in another order, give the same
data version; one changed byte gives another."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest import ingest_file
from orchestration.quality.run_info import data_version_of, run_info
from orchestration.settings import Settings
from tests.conftest import REAL_2020_LISTS, REAL_LISTS

GLADSAXE_2020Q4 = "Gladsaxe;2020QMAT04;Ydelsesgrupper i alt;3950;3380;-570"


def _load(data_dir: Path, files: list[Path]) -> tuple[str | None, tuple[str, ...]]:
    """Land the files into a new warehouse in `data_dir`; its (data version, load ids)."""
    settings = Settings(data_dir=data_dir, warehouse_path=data_dir / "warehouse.duckdb")
    for path in files:
        result = ingest_file(path, source="jobindsats", table="y30r21", settings=settings)
        assert result.is_new
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        info = run_info(con, "run")
    return info.data_version, info.load_ids


def test_same_files_in_two_folders_give_the_same_data_version(tmp_path: Path):
    first, first_loads = _load(tmp_path / "a", list(REAL_2020_LISTS))
    time.sleep(0.01)  # another time of receipt, so other load ids
    second, second_loads = _load(tmp_path / "b", list(reversed(REAL_2020_LISTS)))
    assert first is not None and len(first) == 16
    assert set(first_loads).isdisjoint(second_loads)  # the load ids differ …
    assert second == first  # … the data version does not


def test_a_changed_file_gives_another_data_version(tmp_path: Path):
    original = _load(tmp_path / "a", list(REAL_2020_LISTS))[0]
    text = REAL_2020_LISTS[1].read_text(encoding="utf-8")
    assert GLADSAXE_2020Q4 in text
    changed = tmp_path / REAL_2020_LISTS[1].name  # same name, one figure revised
    changed.write_text(
        text.replace(GLADSAXE_2020Q4, "Gladsaxe;2020QMAT04;Ydelsesgrupper i alt;3960;3380;-580"),
        encoding="utf-8",
    )
    revised = _load(tmp_path / "b", [REAL_2020_LISTS[0], changed])[0]
    assert revised != original
    # a file more is another data version too
    assert _load(tmp_path / "c", list(REAL_LISTS[:3]))[0] not in (original, revised)


def test_data_version_is_the_hash_of_the_sorted_content_hashes():
    hashes = ["b" * 64, "A" * 64]
    assert data_version_of(hashes) == data_version_of(reversed(hashes))
    assert data_version_of(hashes) == data_version_of(["a" * 64, "b" * 64])  # hex case
    assert data_version_of(hashes) != data_version_of(hashes[:1])
    assert data_version_of([]) is None


@pytest.mark.parametrize("where", ["serving_meta.publication", "marts.fct_data_quality"])
def test_a_build_records_the_data_version_of_its_files(real_warehouse: Path, tmp_path, where):
    """`jobcenter load` + `jobcenter build` of the six real lists (the session's real
    warehouse) records the data version that the same six files have in any other folder."""
    elsewhere, _ = _load(tmp_path / "elsewhere", list(REAL_LISTS))
    serving = real_warehouse / "serving" / "warehouse.duckdb"
    with duckdb.connect(str(serving), read_only=True) as con:
        rows = con.execute(f"select distinct data_version from {where}").fetchall()
    assert {r[0] for r in rows} == {elsewhere}

"""Landing and raw loading: idempotent, versioned, and all-or-nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from orchestration.errors import InputError
from orchestration.ingest import ingest_file, sync_table


def _raw_fingerprint(warehouse: Path) -> str:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select * from raw_jobindsats.y30r21 order by load_id, source_row_number"
        ).fetchall()
        loads = con.execute(
            "select load_id, sha256 from raw_meta.load_record order by 1"
        ).fetchall()
    return hashlib.sha256(repr((rows, loads)).encode()).hexdigest()


def test_same_file_twice_is_a_no_op(settings, y30r21_2020q4_path: Path) -> None:
    first = ingest_file(y30r21_2020q4_path, source="jobindsats", table="y30r21", settings=settings)
    second = ingest_file(y30r21_2020q4_path, source="jobindsats", table="y30r21", settings=settings)
    assert (first.is_new, first.rows_loaded) == (True, 392)
    assert (second.is_new, second.rows_loaded) == (False, 0)
    assert second.record.load_id == first.record.load_id
    landed = list((settings.landing_dir / "jobindsats" / "y30r21").iterdir())
    assert len(landed) == 1
    stored = landed[0] / "payload" / "y30r21_2020QMAT04.csv"
    assert stored.read_bytes() == y30r21_2020q4_path.read_bytes()  # unchanged bytes


def test_revised_file_is_a_new_version(settings, y30r21_2020q4_path: Path, tmp_path: Path) -> None:
    ingest_file(y30r21_2020q4_path, source="jobindsats", table="y30r21", settings=settings)
    revised = tmp_path / "y30r21_2020QMAT04.csv"
    revised.write_bytes(y30r21_2020q4_path.read_bytes().replace(b";3380;-570;", b";3390;-560;"))
    result = ingest_file(revised, source="jobindsats", table="y30r21", settings=settings)
    assert result.is_new
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        assert con.execute("select count(*) from raw_meta.load_record").fetchone()[0] == 2
        assert con.execute("select count(*) from raw_jobindsats.y30r21").fetchone()[0] == 784


def test_rejected_file_changes_nothing_and_is_quarantined(
    settings, y30r21_2020q4_path: Path, y30r21_2020q2_path: Path, tmp_path: Path
) -> None:
    ingest_file(y30r21_2020q2_path, source="jobindsats", table="y30r21", settings=settings)
    before = _raw_fingerprint(settings.warehouse_path)
    bad = tmp_path / "bad.csv"
    # a good file with one broken cell far down: nothing of it may be loaded
    bad.write_bytes(y30r21_2020q4_path.read_bytes().replace(b";-0,25;21\r\n", b";-0,25;x21\r\n"))
    with pytest.raises(InputError) as info:
        ingest_file(bad, source="jobindsats", table="y30r21", settings=settings)
    assert "Placering på benchmarkranglisten" in info.value.field
    assert _raw_fingerprint(settings.warehouse_path) == before
    reasons = list(settings.quarantine_dir.rglob("REASON.txt"))
    assert len(reasons) == 1 and "x21" in reasons[0].read_text(encoding="utf-8")
    assert len(list((settings.landing_dir / "jobindsats" / "y30r21").iterdir())) == 1


def test_raw_is_rebuilt_from_the_landing_zone(settings, y30r21_2020q4_path: Path) -> None:
    ingest_file(y30r21_2020q4_path, source="jobindsats", table="y30r21", settings=settings)
    settings.warehouse_path.unlink()
    result = sync_table("jobindsats", "y30r21", settings)
    assert (result.loads_added, result.rows_added) == (1, 392)
    assert sync_table("jobindsats", "y30r21", settings).loads_added == 0


@pytest.mark.parametrize("first_synthetic", [True, False])
def test_synthetic_and_real_data_never_mix_in_one_table(
    settings, y30r21_2020q4_path: Path, y30r21_2020q2_path: Path, first_synthetic: bool
) -> None:
    ingest_file(
        y30r21_2020q2_path,
        source="jobindsats",
        table="y30r21",
        settings=settings,
        is_synthetic=first_synthetic,
    )
    before = _raw_fingerprint(settings.warehouse_path)
    with pytest.raises(InputError) as info:
        ingest_file(
            y30r21_2020q4_path,
            source="jobindsats",
            table="y30r21",
            settings=settings,
            is_synthetic=not first_synthetic,
        )
    message = str(info.value)
    assert message.startswith(str(y30r21_2020q4_path))
    assert ("holds the SYNTHETIC demo data" if first_synthetic else "holds real data") in message
    assert "JOBCENTER_DATA_DIR=" in message  # says how to do it instead
    assert _raw_fingerprint(settings.warehouse_path) == before
    assert len(list((settings.landing_dir / "jobindsats" / "y30r21").iterdir())) == 1
    reasons = list(settings.quarantine_dir.rglob("REASON.txt"))  # the file is kept, with why
    assert len(reasons) == 1 and "mix" in reasons[0].read_text(encoding="utf-8")

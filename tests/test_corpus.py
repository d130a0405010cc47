"""The bad-input corpus (tests/corpus/): every kind of damaged file is rejected with its file, line
and field named, nothing in the warehouse changes, and the file is kept in quarantine with its
reason. Two kinds load on purpose: a UTF-8 byte-order mark is dropped, and suppressed cells load
as NULL with the column named in `suppressed_fields`.

The corpus files are the real 2020QMAT04 export with one kind of damage each
(`tests/corpus/make_corpus.py` writes them).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.errors import InputError
from orchestration.ingest import ingest_file
from orchestration.settings import Settings
from tests.conftest import build_real_benchmark_mart

DBT = str(Path(sys.executable).parent / "dbt")
CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
_COUNT = "Forventet og faktisk antal fuldtidspersoner på offentlig forsørgelse: "
_SHARE = "Forventet og faktisk andel fuldtidspersoner på offentlig forsørgelse: "

# file -> (line, field, words the problem must contain). line/field None: a problem of the whole
# file (empty, no data rows), where no single row or field is to blame.
REJECTED: dict[str, tuple[int | None, str | None, str]] = {
    "duplicated_rows.csv": (394, None, "duplicate row for {'area_name': 'Vallensbæk'"),
    "key_error_body.csv": (1, None, "key error 'Forkert nøgle"),
    "unknown_area.csv": (5, "Area", "unknown area name 'Nyborg Kommune'"),
    "missing_column.csv": (
        1,
        "Placering på benchmarkranglisten",
        "missing column 'Placering på benchmarkranglisten'",
    ),
    "extra_column.csv": (1, "Kommentar", "unexpected column 'Kommentar'"),
    "mixed_decimal.csv": (7, _SHARE + "Forventet andel (pct.)", "mixed decimal separators"),
    "latin1.csv": (1, _COUNT + "Forventet antal", "not valid UTF-8 (byte 0xe5"),
    "empty.csv": (None, None, "the file is empty"),
    "truncated.csv": (201, _COUNT + "Faktisk antal", "row has 4 fields, the header has 10"),
    "text_in_number.csv": (9, _COUNT + "Faktisk antal", "'ca. 1900' is not a whole number"),
    "bad_period.csv": (13, "Periode", "'2020H2' is not a period code"),
    "header_only.csv": (None, None, "header but no data rows"),
    "unknown_benefit_group.csv": (100, "Ydelsesgrupper", "'Ledighedsydelse' is not one of"),
    "overflow_count.csv": (
        21,
        _COUNT + "Faktisk antal",
        "'99999999999999999999999' is too large for a whole-number field",
    ),
    "overflow_decimal.csv": (
        22,
        _SHARE + "Forskel mellem forventet og faktisk andel (pct. point)",
        "'123456789012345,5' is too large for a decimal field",
    ),
    "too_many_decimals.csv": (
        23,
        _SHARE + "Forventet andel (pct.)",
        "'8,123456' has more than 4 decimals",
    ),
    "negative_count.csv": (
        30,
        _COUNT + "Forventet antal",
        "-5 is outside the range of expected_count (at least 0)",
    ),
    "share_over_100.csv": (
        40,
        _SHARE + "Faktisk andel (pct.)",
        "150.00 is outside the range of actual_share_pct (0 to 100)",
    ),
    "rank_zero.csv": (
        50,
        "Placering på benchmarkranglisten",
        "0 is outside the range of published_rank (1 to 98)",
    ),
    "utf16.csv": (1, None, "the file is UTF-16 LE encoded"),
    "multiline_cell.csv": (60, "Area", "unknown area name"),
}
LOADED = ("bom.csv", "suppressed_cells.csv")


def test_corpus_is_complete() -> None:
    on_disk = {p.name for p in CORPUS_DIR.glob("*.csv")}
    assert on_disk == set(REJECTED) | set(LOADED)
    assert len(on_disk) >= 20


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A warehouse with raw tables and the benchmark mart built from the two real files, private
    to this module so rejections can be compared byte for byte. Only `+fct_benchmark` is built,
    so work in progress elsewhere in the dbt project cannot break these tests."""
    settings = build_real_benchmark_mart(tmp_path_factory.mktemp("corpus") / "data")
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_benchmark").fetchone()[0] == 784
    return settings


def _state(settings: Settings) -> tuple[str, list[str]]:
    """The warehouse file's bytes (raw tables and marts alike) and the landing zone's contents."""
    digest = hashlib.sha256(settings.warehouse_path.read_bytes()).hexdigest()
    landed = sorted(
        str(p.relative_to(settings.landing_dir)) for p in settings.landing_dir.rglob("*")
    )
    return digest, landed


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_bad_file_is_rejected_and_changes_nothing(name: str, built: Settings) -> None:
    line, field, problem = REJECTED[name]
    path = CORPUS_DIR / name
    before = _state(built)
    quarantined_before = set(built.quarantine_dir.rglob("REASON.txt"))

    with pytest.raises(InputError) as info:
        ingest_file(path, source="jobindsats", table="y30r21", settings=built)

    error = info.value
    message = str(error)
    assert message.startswith(str(path))  # names the file
    assert (error.line, error.field) == (line, field)
    if line is not None:
        assert f", line {line}" in message
    if field is not None:
        assert f"field '{field}'" in message
    assert problem in message
    # raw tables, marts and landing zone are exactly as they were
    assert _state(built) == before
    # the file is kept, byte for byte, beside its reason
    (reason,) = set(built.quarantine_dir.rglob("REASON.txt")) - quarantined_before
    assert reason.read_text(encoding="utf-8").startswith(message + "\n")
    assert (reason.parent / "payload" / name).read_bytes() == path.read_bytes()
    assert reason.parent.parent == built.quarantine_dir / "jobindsats" / "y30r21"


def _raw_rows(settings: Settings, sql: str) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_bom_prefixed_file_loads_like_the_real_one(settings: Settings) -> None:
    # Decision: a UTF-8 BOM (Excel's "CSV UTF-8") is harmless, so it is dropped, not rejected.
    result = ingest_file(
        CORPUS_DIR / "bom.csv", source="jobindsats", table="y30r21", settings=settings
    )
    assert (result.is_new, result.rows_loaded) == (True, 392)
    rows = _raw_rows(
        settings,
        "select area_name, published_rank from raw_jobindsats.y30r21 where source_row_number = 2",
    )
    assert rows == [("Gladsaxe", 1)]  # first column read as 'Area', not '\ufeffArea'
    assert not list(settings.quarantine_dir.rglob("REASON.txt"))


def test_suppressed_cells_load_as_null_with_a_flag(settings: Settings) -> None:
    result = ingest_file(
        CORPUS_DIR / "suppressed_cells.csv", source="jobindsats", table="y30r21", settings=settings
    )
    assert result.rows_loaded == 392
    rows = _raw_rows(
        settings,
        "select source_row_number, area_name, expected_count, actual_count, actual_share_pct, "
        "suppressed_fields from raw_jobindsats.y30r21 where suppressed_fields is not null "
        "order by source_row_number",
    )
    assert [(r[0], r[1], r[5]) for r in rows] == [
        (4, "Frederiksberg", "expected_count"),  # '..'
        (5, "Nyborg", "actual_count"),  # '-'
        (6, "Ballerup", "actual_share_pct"),  # empty
    ]
    assert rows[0][2] is None and rows[1][3] is None and rows[2][4] is None
    assert rows[0][3] == 5450  # the other cells of the row are kept

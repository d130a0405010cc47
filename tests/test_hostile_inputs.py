"""Hostile and unlucky inputs as a user meets them: `jobcenter load` and the drop folder.

Each rejected file is named with its line and field, kept byte for byte in the quarantine, and
leaves the build file byte-identical; no file name can overwrite what the warehouse keeps
beside it; one file can never wedge the drop folder.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from dagster import DagsterInstance, SensorResult, SkipReason, build_sensor_context
from openpyxl import Workbook

from orchestration import parsing
from orchestration.assets import drop
from orchestration.ingest import ingest_file, sync_table
from orchestration.landing import LOAD_RECORD_FILE, PAYLOAD_DIR, REASON_FILE
from orchestration.parsing import ParsedTable
from orchestration.settings import REPO_ROOT, Settings
from tests.conftest import FIXTURES, run_cli

CORPUS = REPO_ROOT / "tests" / "corpus"
GOOD = FIXTURES / "jobindsats" / "y30r21_2020QMAT04.csv"
OTHER_GOOD = FIXTURES / "jobindsats" / "y30r21_2020QMAT02.csv"
_COUNT = "Forventet og faktisk antal fuldtidspersoner på offentlig forsørgelse: "


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tree(root: Path) -> dict[str, str]:
    """Every file under root with the hash of its bytes."""
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): _digest(p) for p in sorted(root.rglob("*")) if p.is_file()}


def _quarantined(settings: Settings) -> list[Path]:
    """The kept payload files, newest last."""
    return sorted(settings.quarantine_dir.rglob(f"{PAYLOAD_DIR}/*"))


@pytest.fixture
def loaded(tmp_path: Path) -> Settings:
    """A data folder with one real list loaded through the CLI."""
    data_dir = tmp_path / "data"
    result = run_cli(["load", str(OTHER_GOOD)], data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return Settings(data_dir=data_dir, warehouse_path=data_dir / "warehouse.duckdb")


def _job_orders_xlsx(path: Path, orders_created: object) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["Kommunekode", "Måned", "Oprettede jobordrer", "Besatte jobordrer"])
    sheet.append([707, "2024M01", 61, 40])
    sheet.append([707, "2024M02", orders_created, 41])
    book.save(path)
    return path


def _goal_catalogue_csv(path: Path, **changes: str) -> Path:
    """Norddjurs' first goal with a percentage unit, as a `;` template file, changed."""
    with (REPO_ROOT / "seeds" / "goal_catalogue.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    row = next(r for r in rows if r["unit"] == "pct" and r["target_value"])
    row.update(changes)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row), delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerow(row)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


# (args, file maker, line, field, words of the problem)
CLI_CASES = {
    "y30r21 count beyond int64": (
        [],
        lambda d: CORPUS / "overflow_count.csv",
        21,
        _COUNT + "Faktisk antal",
        "'99999999999999999999999' is too large for a whole-number field",
    ),
    "xlsx count cell 1e30": (
        ["--source", "local", "--table", "job_orders"],
        lambda d: _job_orders_xlsx(d / "jobordrer.xlsx", 1e30),
        3,
        "Oprettede jobordrer",
        "'1e+30' is too large for a whole-number field",
    ),
    "negative job-order count": (
        ["--source", "local", "--table", "job_orders"],
        lambda d: _job_orders_xlsx(d / "jobordrer.xlsx", -3),
        3,
        "Oprettede jobordrer",
        "-3 is outside the range of orders_created (at least 0)",
    ),
    "plan_year -2024": (
        ["--source", "local", "--table", "goal_catalogue"],
        lambda d: _goal_catalogue_csv(d / "plan.csv", plan_year="-2024"),
        2,
        "plan_year",
        "-2024 is outside the range of plan_year (2000 to 2100)",
    ),
    "a 150 % target": (
        ["--source", "local", "--table", "goal_catalogue"],
        lambda d: _goal_catalogue_csv(d / "plan.csv", target_value="150"),
        2,
        "target_value",
        "150 is outside the range of target_value (0 to 100 where unit is 'pct')",
    ),
    "utf-16 file": (
        [],
        lambda d: CORPUS / "utf16.csv",
        1,
        None,
        "the file is UTF-16 LE encoded",
    ),
    "quoted cell over two lines": (
        [],
        lambda d: CORPUS / "multiline_cell.csv",
        60,
        "Area",
        "unknown area name 'Ode\\r\\nnse'",
    ),
}


@pytest.mark.parametrize("case", sorted(CLI_CASES))
def test_cli_rejects_with_file_line_field_keeps_the_bytes_and_changes_nothing(
    case: str, loaded: Settings, tmp_path: Path
) -> None:
    args, make, line, field, problem = CLI_CASES[case]
    bad = make(tmp_path)
    warehouse, landing = _digest(loaded.warehouse_path), _tree(loaded.landing_dir)

    result = run_cli(["load", *args, str(bad)], loaded.data_dir)

    output = " ".join((result.stdout + result.stderr).split())  # undo the console's wrapping
    assert result.returncode == 1, output
    assert "Traceback" not in output
    where = f"{bad}, line {line}" + (f", field '{field}'" if field else "")
    assert f"rejected {where}: " in output, output
    assert problem in output, output
    # the build file and the landing zone are byte-identical; the bytes are in the quarantine
    assert _digest(loaded.warehouse_path) == warehouse
    assert _tree(loaded.landing_dir) == landing
    (kept,) = _quarantined(loaded)
    assert kept.read_bytes() == bad.read_bytes() and kept.name == bad.name
    assert f"a copy and the reason are in {kept.parent.parent}" in output
    with duckdb.connect(str(loaded.warehouse_path), read_only=True) as con:
        schemas = {r[0] for r in con.execute("select schema_name from duckdb_schemas()").fetchall()}
    assert "raw_local" not in schemas  # no empty table left behind by a failed load


def test_cli_load_of_a_missing_path_claims_no_quarantine_copy(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    result = run_cli(["load", str(tmp_path / "nope.csv")], data_dir)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert f"{tmp_path / 'nope.csv'}: no such file" in output
    assert "nothing was loaded from it" in output
    assert "quarantine" not in output and "copy" not in output
    assert not (data_dir / "quarantine").exists()


def test_cli_refuses_a_file_beyond_the_size_limit_without_reading_it(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    big = tmp_path / "y30r21_huge.csv"
    with big.open("wb") as fh:
        fh.write(GOOD.read_bytes())
        fh.truncate(21 * 1024 * 1024)
    result = run_cli(["load", str(big)], data_dir)
    output = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == 1
    assert f"{big}: the file is 21.0 MiB, more than the 20 MiB a jobindsats/y30r21 file" in output
    assert not (data_dir / "warehouse.duckdb").exists()


@pytest.mark.parametrize("name", [LOAD_RECORD_FILE, REASON_FILE, PAYLOAD_DIR, ".."])
def test_a_file_named_like_our_own_records_is_landed_intact_and_rebuilds(
    name: str, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    source = tmp_path / "in"
    source.mkdir()
    dropped = source / (name if name != ".." else "x..")
    shutil.copyfile(GOOD, dropped)
    result = run_cli(["load", "--format", "jobindsats_v2_csv", str(dropped)], data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    settings = Settings(data_dir=data_dir, warehouse_path=data_dir / "warehouse.duckdb")
    (payload,) = settings.landing_dir.rglob(f"{PAYLOAD_DIR}/*")
    load_dir = payload.parent.parent
    assert (load_dir / PAYLOAD_DIR / dropped.name).read_bytes() == GOOD.read_bytes()
    assert '"file_name": "' + dropped.name + '"' in (load_dir / LOAD_RECORD_FILE).read_text()
    # the landing zone alone rebuilds raw
    settings.warehouse_path.unlink()
    rebuilt = sync_table("jobindsats", "y30r21", settings)
    assert (rebuilt.loads_added, rebuilt.rows_added) == (1, 392)


@pytest.mark.parametrize("name", [REASON_FILE, LOAD_RECORD_FILE])
def test_a_rejected_file_named_like_the_reason_keeps_its_bytes(name: str, settings) -> None:
    bad = CORPUS / "negative_count.csv"
    folder = settings.drop_dir / "jobindsats" / "y30r21"
    folder.mkdir(parents=True)
    dropped = folder / name
    shutil.copyfile(bad, dropped)
    past = time.time() - 60
    os.utime(dropped, (past, past))
    with DagsterInstance.ephemeral() as instance:
        result = drop.drop_folder_sensor(build_sensor_context(instance=instance))
    assert isinstance(result, SkipReason) and "1 rejected" in result.skip_message
    assert not dropped.exists()
    (kept,) = _quarantined(settings)
    assert kept.name == name and kept.read_bytes() == bad.read_bytes()
    reason = (kept.parent.parent / REASON_FILE).read_text(encoding="utf-8")
    assert reason.startswith(str(dropped)) and f"file: {dropped}" in reason


def test_a_landing_zone_in_the_old_layout_still_rebuilds_raw(settings) -> None:
    """Loads landed before payload/ (the file beside _load.json) are read as they are."""
    ingest_file(GOOD, source="jobindsats", table="y30r21", settings=settings)
    (payload,) = settings.landing_dir.rglob(f"{PAYLOAD_DIR}/*")
    load_dir = payload.parent.parent
    payload.rename(load_dir / payload.name)
    (load_dir / PAYLOAD_DIR).rmdir()
    settings.warehouse_path.unlink()
    rebuilt = sync_table("jobindsats", "y30r21", settings)
    assert (rebuilt.loads_added, rebuilt.rows_added) == (1, 392)
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        rank = con.execute(
            "select published_rank from raw_jobindsats.y30r21 where area_name = 'Norddjurs' "
            "and benefit_group_label = 'Ydelsesgrupper i alt'"
        ).fetchone()[0]
    assert rank == 21  # Norddjurs' published rank on the real 2020QMAT04 list


def test_a_file_landed_before_a_range_existed_still_rebuilds_raw(settings) -> None:
    """Ranges guard the door: a landed file (accepted under the rules of its day) rebuilds raw
    as it did, even where it breaks a range declared since."""
    ingest_file(GOOD, source="jobindsats", table="y30r21", settings=settings)
    (payload,) = settings.landing_dir.rglob(f"{PAYLOAD_DIR}/*")
    payload.write_bytes((CORPUS / "negative_count.csv").read_bytes())  # as landed long ago
    settings.warehouse_path.unlink()
    rebuilt = sync_table("jobindsats", "y30r21", settings)
    assert (rebuilt.loads_added, rebuilt.rows_added) == (1, 392)
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        assert con.execute("select min(expected_count) from raw_jobindsats.y30r21").fetchone() == (
            -5,
        )


def test_a_stored_name_never_leaves_its_folder() -> None:
    from orchestration.landing import stored_name

    assert [stored_name(n) for n in ("..", ".", "", "/a/b/c.csv", "../../x.csv")] == [
        "file",
        "file",
        "file",
        "c.csv",
        "x.csv",
    ]


def _drop_settled(settings: Settings, name: str, content: bytes) -> Path:
    folder = settings.drop_dir / "jobindsats" / "y30r21"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content)
    past = time.time() - 60
    os.utime(path, (past, past))
    return path


def test_no_file_can_wedge_the_drop_folder(settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sorted before the good file: an overflow, a reader that crashes on its file (a bug, not
    an input error), a file beyond the size limit. One sensor tick: each bad one is in the
    quarantine with its bytes, the good one is loaded, the drop folder is empty."""
    overflow = _drop_settled(
        settings, "a_overflow.csv", (CORPUS / "overflow_count.csv").read_bytes()
    )
    crashing = _drop_settled(settings, "b_crash.csv", OTHER_GOOD.read_bytes())
    huge = _drop_settled(settings, "c_huge.csv", b"")
    with huge.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)
    os.utime(huge, (time.time() - 60,) * 2)
    good = _drop_settled(settings, "d_good.csv", GOOD.read_bytes())
    real_reader = parsing.READERS["jobindsats_v2_csv"]

    def crash_on_b(content: bytes, file: str, **kwargs):
        if file.endswith("b_crash.csv"):
            raise RuntimeError("reader bug")
        return real_reader(content, file, **kwargs)

    monkeypatch.setitem(parsing.READERS, "jobindsats_v2_csv", crash_on_b)
    with DagsterInstance.ephemeral() as instance:
        result = drop.drop_folder_sensor(build_sensor_context(instance=instance))
    assert isinstance(result, SensorResult) and len(result.run_requests) == 1
    assert not any(p.exists() for p in (overflow, crashing, huge, good))
    kept = {p.name: p for p in _quarantined(settings)}
    assert set(kept) == {"a_overflow.csv", "b_crash.csv", "c_huge.csv"}
    assert kept["a_overflow.csv"].read_bytes() == (CORPUS / "overflow_count.csv").read_bytes()
    assert kept["b_crash.csv"].read_bytes() == OTHER_GOOD.read_bytes()
    assert kept["c_huge.csv"].stat().st_size == 21 * 1024 * 1024
    reasons = {n: (p.parent.parent / REASON_FILE).read_text() for n, p in kept.items()}
    assert "line 21" in reasons["a_overflow.csv"]
    assert "could not be read (RuntimeError: reader bug)" in reasons["b_crash.csv"]
    assert "more than the 20 MiB" in reasons["c_huge.csv"]
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        assert con.execute("select count(*) from raw_jobindsats.y30r21").fetchone()[0] == 392


def test_nothing_escapes_a_sensor_tick(settings, monkeypatch: pytest.MonkeyPatch) -> None:
    _drop_settled(settings, "y30r21_2020QMAT04.csv", GOOD.read_bytes())

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(drop, "process_drop_folder", full_disk)
    with DagsterInstance.ephemeral() as instance:
        result = drop.drop_folder_sensor(build_sensor_context(instance=instance))
    assert isinstance(result, SkipReason)
    assert "No space left on device" in result.skip_message


def test_check_before_any_build_is_one_line_and_fails(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    result = run_cli(["check"], data_dir)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output and len(output.strip().splitlines()) == 1
    assert "there is no warehouse at" in output and "jobcenter build" in output
    assert not (data_dir / "warehouse.duckdb").exists()


def test_check_on_a_loaded_but_never_built_warehouse_fails(loaded: Settings) -> None:
    before = _digest(loaded.warehouse_path)
    result = run_cli(["check"], loaded.data_dir)
    output = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == 1
    assert "Traceback" not in output
    assert "has never been built (no marts): run `jobcenter build` first" in output
    assert _digest(loaded.warehouse_path) == before


def test_a_load_the_warehouse_refuses_leaves_the_build_file_byte_identical(
    settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Below the typing step: should a value still reach DuckDB that it cannot store, the
    table's DDL and the rows roll back together, and the file is quarantined."""
    ingest_file(GOOD, source="jobindsats", table="y30r21", settings=settings)
    before = _digest(settings.warehouse_path)
    real_table = ParsedTable.arrow_table

    def unstorable(self, load_id):
        table = real_table(self, load_id)
        if self.spec.table != "job_orders":
            return table
        # a count DuckDB cannot cast to bigint, as the typing step let 1e30 through before
        position = table.column_names.index("orders_created")
        return table.set_column(position, "orders_created", pa.array(["1e30"] * table.num_rows))

    monkeypatch.setattr(ParsedTable, "arrow_table", unstorable)
    xlsx = _job_orders_xlsx(tmp_path / "jobordrer.xlsx", 62)
    with pytest.raises(parsing.InputError) as info:
        ingest_file(xlsx, source="local", table="job_orders", settings=settings)
    assert "the warehouse refused its rows" in str(info.value)
    assert info.value.quarantine_path is not None
    assert _digest(settings.warehouse_path) == before
    assert not (settings.landing_dir / "local").exists() or not any(
        (settings.landing_dir / "local").rglob(LOAD_RECORD_FILE)
    )

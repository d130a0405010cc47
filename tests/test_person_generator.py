"""The synthetic person-level generator and the landing of person-level Parquet
(orchestration/persons/; docs/person_level.md)."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from orchestration.errors import InputError
from orchestration.landing import LandingZone
from orchestration.persons.datasets import BENEFIT_CODES, DATASETS, DATE_COLUMN, SCHEMAS, SOURCE
from orchestration.persons.generator import generate_months
from orchestration.persons.landing import (
    land_person_month,
    land_person_months,
    load_person_file,
    parquet_bytes,
    sync_person_records,
)
from orchestration.quality.run_info import input_loads
from orchestration.reference import municipalities
from tests.conftest import REPO_ROOT, run_cli


def _months(scale: float = 0.001, months: int = 3, start: str = "2023-11"):
    return list(generate_months(scale, start_month=start, months=months))


def test_the_same_arguments_give_the_same_bytes():
    first = [(d, m, parquet_bytes(t)) for d, m, t in _months()]
    second = [(d, m, parquet_bytes(t)) for d, m, t in _months()]
    assert first == second
    other_seed = list(generate_months(0.001, start_month="2023-11", months=1, seed=17))
    assert parquet_bytes(other_seed[0][2]) != first[0][2]


def test_a_month_does_not_depend_on_how_many_months_are_asked_for():
    short = _months(months=3)
    longer = _months(months=4)
    assert len(longer) == len(short) + 4
    for (d1, m1, t1), (d2, m2, t2) in zip(short, longer, strict=False):
        assert (d1, m1) == (d2, m2)
        assert t1.equals(t2), (d1, m1)
    assert {m for _, m, _ in longer[-4:]} == {"2024-02"}


def test_each_month_yields_the_four_datasets_with_exactly_the_contracts_schema():
    generated = _months()
    assert [(d, m) for d, m, _ in generated] == [
        (d, m) for m in ("2023-11", "2023-12", "2024-01") for d in DATASETS
    ]
    for dataset, _, table in generated:
        assert table.schema.equals(SCHEMAS[dataset]), dataset
        assert table.schema.names == SCHEMAS[dataset].names
        assert table.num_rows > 0, dataset


def test_every_row_is_in_the_month_of_its_file():
    for dataset, month, table in _months():
        first = date(int(month[:4]), int(month[5:]), 1)
        assert set(table.column("month_start").to_pylist()) == {first}, (dataset, month)
        days = table.column(DATE_COLUMN[dataset]).to_pylist()
        assert {(d.year, d.month) for d in days} == {(first.year, first.month)}, dataset
        for column in table.column_names:
            assert table.column(column).null_count == 0, (dataset, column)
        if dataset == "benefit_weeks":
            assert {d.weekday() for d in days} == {0}  # Mondays
            assert set(table.column("benefit_code").to_pylist()) <= set(BENEFIT_CODES)
            keys = table.group_by(["person_id", "week_start"]).aggregate([])
            assert keys.num_rows == table.num_rows  # one benefit per person and week
        if dataset == "offers":
            assert pc.all(pc.greater_equal(table["offer_end"], table["offer_start"])).as_py()
        if dataset == "ordinary_hours":
            assert pc.min(table["ordinary_hours"]).as_py() > 0
            assert len(set(table.column("person_id").to_pylist())) == table.num_rows


def test_the_landing_knows_the_benefit_codes_the_models_have_rules_for():
    """The landing refuses a code outside BENEFIT_CODES, and the staging models have no test of
    their own (models/staging/persons/): the codes must be exactly the seed's."""
    seed = (REPO_ROOT / "seeds" / "person_benefits.csv").read_text(encoding="utf-8").splitlines()
    codes = {line.split(",")[0] for line in seed[1:] if line}
    assert set(BENEFIT_CODES) == codes


def test_all_98_kommuner_are_present_at_scale_0_01():
    kommuner = set()
    for dataset, _, table in generate_months(0.01, start_month="2024-01", months=3):
        if dataset == "benefit_weeks":
            kommuner |= set(table.column("kommunekode").to_pylist())
    assert kommuner == {m.kommunekode for m in municipalities()}


def test_the_scale_is_checked():
    with pytest.raises(ValueError, match="scale"):
        next(generate_months(2.0))
    with pytest.raises(ValueError, match="YYYY-MM"):
        next(generate_months(0.01, start_month="2024-13"))


def _records(settings) -> list[tuple]:
    if not settings.warehouse_path.exists():
        return []
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        rows = con.execute(
            "select load_id, source, table_name, file_name, row_count, fmt, is_synthetic, "
            "request_params from raw_meta.load_record order by load_id"
        ).fetchall()
    return [(*row[:7], json.loads(row[7])) for row in rows]


def _landed_files(settings) -> list[Path]:
    return sorted(p for p in (settings.landing_dir / SOURCE).rglob("*") if p.is_file())


def test_landing_writes_the_layout_and_load_records_and_a_second_landing_is_a_no_op(settings):
    generated = _months(months=2)
    landed = list(
        land_person_months(settings, generated, is_synthetic=True, request_params={"scale": 0.001})
    )
    assert all(load.is_new for *_, load in landed)
    records = _records(settings)
    assert len(records) == 8
    by_name = {r[3]: r for r in records}
    row = by_name["benefit_weeks_2023-11.parquet"]
    assert row[1:3] == ("persons", "benefit_weeks") and row[5:7] == ("parquet", True)
    assert row[7] == {"month": "2023-11", "dataset": "benefit_weeks", "scale": 0.001}
    for dataset, month, table, load in landed:
        path = load.path
        assert path.parts[-5:] == (SOURCE, dataset, load.record.load_id, "payload", path.name)
        assert path.name == f"{dataset}_{month}.parquet"
        assert (path.parent.parent / "_load.json").is_file()
        assert pq.read_table(path).equals(table)
        assert load.record.row_count == table.num_rows
    files = _landed_files(settings)
    # the same months again: nothing new, nothing changed
    again = list(land_person_months(settings, _months(months=2), is_synthetic=True))
    assert not any(load.is_new for *_, load in again)
    single = land_person_month(settings, *generated[0], is_synthetic=True)
    assert not single.is_new
    assert _records(settings) == records
    assert _landed_files(settings) == files


def test_a_lost_load_record_is_written_again(settings):
    list(land_person_months(settings, _months(months=1), is_synthetic=True))
    records = _records(settings)
    settings.warehouse_path.unlink()
    assert sync_person_records(settings) == 4
    assert _records(settings) == records
    assert sync_person_records(settings) == 0


def _good_file(tmp_path: Path, dataset: str = "benefit_weeks") -> tuple[Path, pa.Table]:
    table = next(t for d, _, t in _months(months=1) if d == dataset)
    path = tmp_path / f"{dataset}_2023-11.parquet"
    pq.write_table(table, path)
    return path, table


def _write(tmp_path: Path, name: str, table: pa.Table) -> Path:
    path = tmp_path / name
    pq.write_table(table, path)
    return path


def _bad_files(tmp_path: Path) -> list[tuple[Path, str, int | None]]:
    _, table = _good_file(tmp_path)
    wrong_type = table.set_column(1, "kommunekode", table["kommunekode"].cast(pa.int64()))
    other_month = table.to_pylist()
    other_month[4]["month_start"] = date(2023, 12, 1)
    missing = table.drop_columns(["benefit_code"])
    doubled = pa.concat_tables([table.slice(0, 3), table.slice(1, 1)])
    return [
        (_write(tmp_path, "benefit_weeks_2023-11.parquet", wrong_type), "kommunekode", None),
        (
            _write(
                tmp_path / "other",
                "benefit_weeks_2023-11.parquet",
                pa.Table.from_pylist(other_month, schema=table.schema),
            ),
            "month_start",
            5,
        ),
        (_write(tmp_path, "benefit_weeks_2023-10.parquet", missing), "benefit_code", None),
        (_write(tmp_path, "benefit_weeks_2023-09.parquet", table), "month_start", 1),
        (_write(tmp_path, "doubled_benefit_weeks_2023-11.parquet", doubled), "person_id", 4),
    ]


def test_a_bad_user_file_is_rejected_with_file_row_and_field_and_quarantined(settings, tmp_path):
    (tmp_path / "other").mkdir()
    good, _ = _good_file(tmp_path / "other")
    first = load_person_file(settings, good)
    assert first.is_new and not first.record.is_synthetic
    before = (_records(settings), _landed_files(settings))
    cases = _bad_files(tmp_path)
    for path, field, row in cases:
        content = path.read_bytes()
        # the dataset from the file name's prefix, or given (as --dataset)
        dataset = None if path.name.startswith("benefit_weeks") else "benefit_weeks"
        with pytest.raises(InputError) as caught:
            load_person_file(settings, path, dataset=dataset)
        error = caught.value
        assert error.file == str(path) and error.field == field, str(error)
        assert error.line == row, str(error)
        assert str(path) in str(error) and f"field '{field}'" in str(error)
        kept = error.quarantine_path
        assert kept is not None and kept.parts[-3:-1] == (SOURCE, "benefit_weeks")
        assert (kept / "payload" / path.name).read_bytes() == content  # byte for byte
        assert str(error) in (kept / "REASON.txt").read_text(encoding="utf-8")
        assert (_records(settings), _landed_files(settings)) == before  # nothing changed


@pytest.mark.parametrize("dataset", ["samtaler", "offers"])
def test_a_repeated_samtale_or_offer_is_refused_with_its_row(settings, tmp_path, dataset):
    _, table = _good_file(tmp_path, dataset)
    doubled = _write(tmp_path, f"{dataset}_2023-11.parquet", pa.concat_tables([table, table]))
    with pytest.raises(InputError) as caught:
        load_person_file(settings, doubled)
    assert caught.value.field == "person_id" and "repeats row" in str(caught.value)
    assert caught.value.line is not None and caught.value.line > table.num_rows // 2


def test_a_user_file_of_any_name_lands_under_the_name_the_models_read(settings, tmp_path):
    """A case system's export named anything, with --dataset: it lands as <dataset>_<YYYY-MM>
    (the staging models find a month by that name), its own name kept in the load record; a
    revised month is a second load of the same file name, the newer one current."""
    path, table = _good_file(tmp_path, "samtaler")
    exported = path.rename(tmp_path / "Export fra fagsystem (nov).parquet")
    first = load_person_file(settings, exported, dataset="samtaler")
    assert first.record.file_name == "samtaler_2023-11.parquet"
    assert first.path.name == "samtaler_2023-11.parquet"
    assert first.path.parent.name == "payload"
    assert first.record.request_params["original_file_name"] == exported.name
    revised = _write(tmp_path, "samtaler_2023-11.parquet", table.slice(1))
    second = load_person_file(settings, revised)
    assert second.is_new and second.record.file_name == first.record.file_name
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        # the data version counts the current file of the month, not the revised one
        assert [load_id for load_id, _ in input_loads(con)] == [second.record.load_id]


def test_a_user_file_of_an_unknown_dataset_or_not_parquet_is_refused(settings, tmp_path):
    odd = tmp_path / "persons_2023-11.parquet"
    odd.write_bytes(b"PAR1 not really")
    with pytest.raises(InputError, match="which person dataset"):
        load_person_file(settings, odd)
    with pytest.raises(InputError, match="not a readable Parquet"):
        load_person_file(settings, odd, dataset="samtaler")
    assert _records(settings) == []


def test_a_real_file_is_refused_beside_the_synthetic_data(settings, tmp_path):
    list(land_person_months(settings, _months(months=1), is_synthetic=True))
    path, _ = _good_file(tmp_path)
    buffer = io.BytesIO()
    table = pq.read_table(path)
    pq.write_table(table.slice(1), buffer)  # other bytes than the synthetic file
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputError, match="SYNTHETIC"):
        load_person_file(settings, path)
    assert len(LandingZone(settings.landing_dir).records(SOURCE, "benefit_weeks")) == 1


def test_the_cli_loads_a_good_file_and_rejects_a_bad_one(tmp_path):
    data_dir = tmp_path / "data"
    good, table = _good_file(tmp_path)
    bad = _write(tmp_path, "samtaler_2023-11.parquet", table)  # benefit weeks named samtaler
    result = run_cli(["persons", "load", str(good), str(bad)], data_dir, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    output = " ".join((result.stdout + result.stderr).split())
    assert "rows → persons/benefit_weeks 2023-11" in output
    assert "✗ rejected" in output and "samtaler_2023-11.parquet" in output
    assert "quarantine" in output

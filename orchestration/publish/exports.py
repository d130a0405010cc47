"""The exports: every mart of the serving copy as `data/exports/parquet/<mart>.parquet` and all of
them in one workbook `data/exports/marts.xlsx`, for a BI user who opens them without cleaning.

Each mart is read with one query (orchestration/publish/marts.py): rows sorted by the mart's key,
a Danish label beside every coded column; the Parquet file and the sheet hold the same columns.
The workbook adds a sheet "Om data" (run id, data version, checks, rows per sheet) and a sheet
"Kolonner" (technical name, Danish header and description of every column).

Everything is written into a temporary folder beside the exports (locked while in use; one left
by a killed run is removed at the next run, orchestration/publish/leftovers.py) and moved into
place file by file with `os.replace`: a reader sees a complete old or new file, never half.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.duckdb_sql import relation
from orchestration.publish.leftovers import locked_temporary_folder, remove_dead_leftovers
from orchestration.publish.marts import MART_SCHEMA, ExportColumn, export_query, mart_specs
from orchestration.publish.xlsx import EXCEL_MAX_ROWS, Sheet, Workbook
from orchestration.quality.run_info import NOT_AVAILABLE_DA, RunInfo
from orchestration.settings import Settings

XLSX_FILE = "marts.xlsx"
PARQUET_FOLDER = "parquet"
TEMP_PREFIX = ".export-"


def exports_dir(settings: Settings) -> Path:
    return settings.data_dir / "exports"


@dataclass(frozen=True)
class ExportResult:
    parquet: dict[str, Path]
    xlsx: Path
    rows: dict[str, int] = field(default_factory=dict)
    removed_leftovers: list[Path] = field(default_factory=list)


def _marts(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The tables and views of schema marts (fct_data_quality is a view). Read from the serving
    copy, which never holds person-level data (orchestration/publish/serving.py)."""
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = ? "
        "order by table_name",
        [MART_SCHEMA],
    ).fetchall()
    return [r[0] for r in rows]


def _unique(labels: list[str], names: list[str]) -> list[str]:
    """Excel tables need distinct headers: a header that occurs twice gets its column name."""
    seen: dict[str, int] = {}
    for label in labels:
        seen[label.lower()] = seen.get(label.lower(), 0) + 1
    return [
        f"{label} ({name})" if seen[label.lower()] > 1 else label
        for label, name in zip(labels, names, strict=True)
    ]


def export_marts(
    source: Path,
    out_dir: Path,
    *,
    manifest_path: Path | None,
    run_info: RunInfo,
) -> ExportResult:
    """Every table and view in schema `marts` of `source` to Parquet and to one XLSX workbook."""
    out_dir.mkdir(parents=True, exist_ok=True)
    removed = remove_dead_leftovers(out_dir, f"{TEMP_PREFIX}*")
    specs = mart_specs(manifest_path)
    with locked_temporary_folder(out_dir, TEMP_PREFIX, "") as staging:
        (staging / PARQUET_FOLDER).mkdir()
        with duckdb.connect(str(source), read_only=True) as con:
            queries = {
                mart: export_query(mart, _column_names(con, mart), specs.get(mart))
                for mart in _marts(con)
            }
            rows = {
                mart: _write_parquet(con, mart, sql, staging / PARQUET_FOLDER / f"{mart}.parquet")
                for mart, (sql, _) in queries.items()
            }
            book = Workbook(staging / XLSX_FILE)
            book.add(_about_sheet(run_info, rows))
            for mart, (sql, columns) in queries.items():
                cursor = con.execute(sql)
                book.add(
                    Sheet(
                        name=mart,
                        headers=_headers(columns),
                        duckdb_types=[str(d[1]) for d in cursor.description],
                        rows=_fetch_in_batches(cursor),
                    )
                )
        book.add(
            Sheet(
                name="Kolonner",
                headers=["Ark", "Kolonne", "Overskrift", "Beskrivelse"],
                duckdb_types=["VARCHAR"] * 4,
                rows=[
                    (mart, column.name, header, column.description)
                    for mart, (_, columns) in queries.items()
                    for column, header in zip(columns, _headers(columns), strict=True)
                ],
                widths=[28, 28, 28, 100],
            )
        )
        book.close()
        written = _move_into_place(staging, out_dir, list(queries))
    return ExportResult(
        parquet=written, xlsx=out_dir / XLSX_FILE, rows=rows, removed_leftovers=removed
    )


def _column_names(con: duckdb.DuckDBPyConnection, mart: str) -> list[str]:
    return [
        d[0]
        for d in con.execute(f"select * from {relation(MART_SCHEMA, mart)} limit 0").description
    ]


def _headers(columns: list[ExportColumn]) -> list[str]:
    return _unique([c.header or c.name for c in columns], [c.name for c in columns])


def _write_parquet(con: duckdb.DuckDBPyConnection, mart: str, sql: str, path: Path) -> int:
    """Write the export query's rows; returns their number, which must be the mart's (a label
    seed with a code twice would repeat rows)."""
    con.execute(f"copy ({sql}) to ? (format parquet, compression zstd)", [str(path)])
    written = con.execute("select count(*) from read_parquet(?)", [str(path)]).fetchall()[0][0]
    expected = con.execute(f"select count(*) from {relation(MART_SCHEMA, mart)}").fetchall()[0][0]
    if written != expected:
        raise RuntimeError(
            f"export of {MART_SCHEMA}.{mart}: {written} rows instead of {expected}; a seed "
            "named in a column's meta.code_labels has a code more than once"
        )
    return written


def _about_sheet(run_info: RunInfo, rows: dict[str, int]) -> Sheet:
    about = [
        ("Kørsels-id (run id)", run_info.run_id or NOT_AVAILABLE_DA),
        ("Dataversion", run_info.data_version or NOT_AVAILABLE_DA),
        ("Git-commit", run_info.git_commit or NOT_AVAILABLE_DA),
        ("Kontroller (checks)", run_info.check_summary),
        ("Publiceret (UTC)", run_info.published_at),
        ("Data", "SYNTETISKE DATA (demo)" if run_info.is_synthetic else "Offentliggjorte data"),
    ]
    for mart, count in rows.items():
        if count < EXCEL_MAX_ROWS:
            about.append((f"Ark {mart}", f"{count} rækker"))
        else:
            shown = EXCEL_MAX_ROWS - 1
            about.append(
                (f"Ark {mart}", f"de første {shown} af {count} rækker (alle i {mart}.parquet)")
            )
    return Sheet(
        name="Om data",
        headers=["Felt", "Værdi"],
        duckdb_types=["VARCHAR", "VARCHAR"],
        rows=about,
        widths=[28, 60],
    )


def _move_into_place(staging: Path, out_dir: Path, marts: list[str]) -> dict[str, Path]:
    """Each os.replace is atomic: readers see the old or the new file."""
    final_parquet = out_dir / PARQUET_FOLDER
    final_parquet.mkdir(exist_ok=True)
    written: dict[str, Path] = {}
    for mart in marts:
        target = final_parquet / f"{mart}.parquet"
        os.replace(staging / PARQUET_FOLDER / f"{mart}.parquet", target)
        written[mart] = target
    for stale in final_parquet.glob("*.parquet"):
        if stale.stem not in marts:
            stale.unlink()
    os.replace(staging / XLSX_FILE, out_dir / XLSX_FILE)
    return written


def _fetch_in_batches(cursor: duckdb.DuckDBPyConnection, size: int = 10_000):
    while batch := cursor.fetchmany(size):
        yield from batch

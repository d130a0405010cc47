"""Local files dropped by the municipality: the XLSX reader and the loader of local templates.

A local template is CSV (`;`-separated, UTF-8, decimal comma, like a jobindsats export) or XLSX
(the first sheet, header in its first non-blank row). XLSX rows are reported by their sheet row
number, so an error says "line 7" for the row Excel shows as 7.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

from orchestration.errors import InputError
from orchestration.parsing import RawTable
from orchestration.settings import Settings
from orchestration.tables import BIGINT_MAX


def _cell(value: Any) -> Any:
    # Excel stores every number as a float: 61.0 is the count 61. A float beyond any integer
    # type stays a float, so the typing step reports it as the user typed it (1e+30).
    if isinstance(value, float) and value.is_integer() and abs(value) <= BIGINT_MAX:
        return int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    return value


def read_xlsx(content: bytes, file: str) -> RawTable:
    """Read the first sheet of a workbook: header row, then one row per record."""
    from openpyxl import load_workbook

    if not content.strip():
        raise InputError(file, "the file is empty")
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(file, f"not a readable XLSX workbook ({exc})") from None
    try:
        sheet = workbook.worksheets[0]
        header: list[str] | None = None
        rows: list[tuple[int, list[Any]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell(v) for v in values]
            if all(c is None or c == "" for c in cells):
                continue
            if header is None:
                while cells and (cells[-1] is None or cells[-1] == ""):
                    cells.pop()
                if any(c is None or c == "" for c in cells):
                    raise InputError(file, "the header row has an empty column label", line=number)
                header = [str(c) for c in cells]
                continue
            extra = [c for c in cells[len(header) :] if c not in (None, "")]
            if extra:
                raise InputError(
                    file,
                    f"row has a value beyond the {len(header)} header columns ('{extra[0]}')",
                    line=number,
                )
            cells = (cells + [None] * len(header))[: len(header)]
            rows.append((number, cells))
    finally:
        workbook.close()
    if header is None:
        raise InputError(file, "the first sheet is empty: no header row")
    return RawTable(file=file, header=header, rows=rows, decimal_separator=",")


def ingest_local_file(path: Path, *, table: str, settings: Settings, is_synthetic: bool = False):
    """Land and load one local template file (CSV or XLSX) into `raw_local.<table>`."""
    from orchestration.ingest import ingest_file

    fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "jobindsats_v2_csv"
    return ingest_file(
        path, source="local", table=table, settings=settings, fmt=fmt, is_synthetic=is_synthetic
    )

"""Rows a command prints as its result (`jobcenter goals`, `jobcenter query`): on stdout, as a
table for a reader, CSV or JSON for a pipe. Progress and errors go to the console (stderr), so
`jobcenter query … --format csv > file.csv` holds the rows alone."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _plain(value: Any) -> Any:
    """A value as JSON holds it: decimals as numbers, dates as ISO text."""
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def print_rows(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    fmt: OutputFormat,
    *,
    wrap: Sequence[str] = (),
) -> None:
    """Print `rows` under `columns` on stdout. In a table, the columns named in `wrap` (long
    text) fold onto more lines in a narrow terminal; every other cell stays on one line. A table
    written to a pipe or file is as wide as its widest row: nothing is ever cut."""
    if fmt is OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(["" if v is None else _plain(v) for v in row] for row in rows)
        return
    if fmt is OutputFormat.json:
        records = [dict(zip(columns, map(_plain, row), strict=True)) for row in rows]
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
        return
    out = Console(highlight=False, width=None if sys.stdout.isatty() else 100_000)
    table = Table(box=box.SQUARE, show_edge=True, header_style="bold")
    cells = [["NULL" if v is None else str(v) for v in row] for row in rows]
    for i, column in enumerate(columns):
        values = [row[i] for row in rows if row[i] is not None]
        numeric = bool(values) and all(
            isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in values
        )
        folds = column in wrap
        table.add_column(
            column,
            justify="right" if numeric else "left",
            no_wrap=not folds,
            overflow="fold",
            # a column that may not fold keeps its widest cell: the folding ones give way
            min_width=None if folds else max(len(column), *(len(row[i]) for row in cells)),
        )
    for row in cells:
        table.add_row(*row)
    if out.width >= 100_000:
        # not a terminal: each row on one line, no padding out to the console's width
        out = Console(highlight=False, width=out.measure(table).maximum)
    out.print(table)

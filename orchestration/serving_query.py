"""Read-only SQL on the serving copy, for `jobcenter query`: the file is opened read-only and
the connection can reach no other file (no `attach`, `copy … to`, `read_csv` of a local path,
extension install), so a query can neither change the warehouse nor write beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb


class QueryError(Exception):
    """The query cannot run: no serving copy yet, or DuckDB refused the SQL (its message)."""


def run_read_only(serving: Path, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """(column names, rows) of `sql` on `serving`."""
    if not serving.exists():
        raise QueryError(
            f"there is no serving copy at {serving} yet: run `jobcenter demo` or "
            "`jobcenter build` first"
        )
    config: dict[str, str | bool | int | float | list[str]] = {
        "enable_external_access": False,
        "lock_configuration": True,
    }
    try:
        with duckdb.connect(str(serving), read_only=True, config=config) as con:
            result = con.execute(sql)
            if result.description is None:
                return [], []
            return [d[0] for d in result.description], result.fetchall()
    except duckdb.Error as exc:
        # DuckDB's message names the table, column or token; its first line is the point
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QueryError(f"the query failed: {first}") from None

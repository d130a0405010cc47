"""The raw layer in DuckDB: one table per source table, typed, with load id and source row.

All rows of a load are inserted in one transaction together with the load record and the DDL
that creates their tables, so a failure leaves the raw layer (and the file) exactly as it was.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from orchestration.landing import LoadRecord
from orchestration.parsing import ParsedTable
from orchestration.tables import RAW_TYPES, TableSpec

LOAD_RECORD_DDL = """
create schema if not exists raw_meta;
create table if not exists raw_meta.load_record (
    load_id varchar primary key,
    source varchar not null,
    table_name varchar not null,
    file_name varchar not null,
    sha256 varchar not null,
    row_count bigint not null,
    received_at timestamptz not null,
    fmt varchar not null,
    is_synthetic boolean not null,
    request_params json,
    loaded_at timestamptz not null default current_timestamp
);
"""


def connect(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only)


def lock_conflict(path: Path) -> str | None:
    """DuckDB's message naming the process that holds the warehouse file open (one writer per
    file, and no reader beside it), or None when this process can open it for writing."""
    if not path.exists():
        return None
    try:
        duckdb.connect(str(path)).close()
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            return str(exc).removeprefix("IO Error: ").split(". See also")[0]
        raise
    return None


def ensure_table(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> None:
    con.execute(LOAD_RECORD_DDL)
    columns = ",\n    ".join(f"{c.name} {RAW_TYPES[c.kind][0]}" for c in spec.columns)
    con.execute(f"create schema if not exists {spec.raw_schema}")
    con.execute(
        f"""
        create table if not exists {spec.raw_relation} (
            load_id varchar not null,
            source_row_number integer not null,
            {columns},
            suppressed_fields varchar
        )
        """
    )


def is_lock_error(exc: BaseException) -> bool:
    """DuckDB refusing the file because another process holds it (retry later, not a fault)."""
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def loaded_ids(con: duckdb.DuckDBPyConnection, source: str, table: str) -> set[str]:
    """Load ids of a table in raw (none before the first load: nothing is created here)."""
    exists = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'raw_meta' and table_name = 'load_record'"
    ).fetchall()[0][0]
    if not exists:
        return set()
    rows = con.execute(
        "select load_id from raw_meta.load_record where source = ? and table_name = ?",
        [source, table.lower()],
    ).fetchall()
    return {r[0] for r in rows}


def insert_load_record(con: duckdb.DuckDBPyConnection, record: LoadRecord) -> None:
    """The load record's row in raw_meta.load_record (inside the caller's transaction)."""
    con.execute(
        """
        insert into raw_meta.load_record
            (load_id, source, table_name, file_name, sha256, row_count, received_at, fmt,
             is_synthetic, request_params)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            record.load_id,
            record.source,
            record.table_name,
            record.file_name,
            record.sha256,
            record.row_count,
            record.received_at,
            record.fmt,
            record.is_synthetic,
            json.dumps(record.request_params, ensure_ascii=False),
        ],
    )


def insert_load(con: duckdb.DuckDBPyConnection, record: LoadRecord, parsed: ParsedTable) -> int:
    """Insert a parsed load, its record and any table it needs in one transaction. Returns the
    number of rows inserted: 0 when raw already holds the load."""
    spec = parsed.spec
    incoming = parsed.arrow_table(record.load_id)
    names = incoming.column_names
    con.execute("begin transaction")
    try:
        ensure_table(con, spec)
        if record.load_id in loaded_ids(con, record.source, record.table_name):
            con.execute("rollback")
            return 0
        insert_load_record(con, record)
        con.register("_incoming", incoming)
        con.execute(
            f"insert into {spec.raw_relation} ({', '.join(names)}) "
            f"select {', '.join(names)} from _incoming"
        )
        con.unregister("_incoming")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return incoming.num_rows

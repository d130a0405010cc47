"""The serving copy `data/serving/warehouse.duckdb`: what BI tools, the exports and the report read.

DuckDB allows one writer per file, so BI tools must never read the file being built. After a
successful build (every blocking check passed) the build file is copied to the serving folder
**atomically**: the copy is written to a temporary file in the same folder, opened read-only to
verify it, and only then renamed over the previous copy with `os.replace`. A reader that has the
old copy open keeps reading it (the old inode lives on until it closes); a reader that opens the
path afterwards gets the new copy; nobody ever sees half a file. A failed run never reaches this
step, so the previous serving copy stays untouched.

The copy is not the build file's bytes but a database written table by table:

- in the **oldest storage format that keeps every type of the marts** (`STORAGE_VERSION`), so a
  BI driver built on DuckDB 1.x opens it, not only DuckDB 2 (docs/bi.md has the versions);
- with the layers a reader needs: marts, reference (seeds), staging, and the tables dbt reads
  as sources (raw_*, raw_meta, quality: `jobcenter postgres` copies them from here, and the
  auditors' guide goes from a check result to the load records); every view written as a table
  of the same rows, since each DuckDB release binds a stored view again with its own rules;
- without the intermediate layer (the models' working steps) and **never with person-level
  data**: a schema whose name starts with `persons` or `raw_persons` is not written to the file,
  and a view that reads files outside the database (how person-level Parquet is read) is left
  out, so the copy is self-contained;
- with NOT NULL constraints, without primary keys: the build enforces the keys, the copy is
  read-only, and an index written by DuckDB 2 is what DuckDB 1.0 cannot read.

A mart that cannot be copied stops the publication with its reason (the previous copy stays).
The copy gets `serving_meta.publication` (run id, data version, check summary, synthetic flag,
time), written before the rename, so the facts travel with the data.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.duckdb_sql import quote_identifier, relation
from orchestration.person_level import is_person_level
from orchestration.publish.leftovers import locked_temporary_folder, remove_dead_leftovers
from orchestration.quality.run_info import RunInfo, read_run_info, write_publication
from orchestration.settings import Settings

SERVING_FILE = "warehouse.duckdb"
MART_SCHEMA = "marts"
# DuckDB 2 can write the storage format of older releases. v1.0.0 (storage number 64) is the
# oldest that has every type the marts use (DECIMAL, DATE, TIMESTAMP WITH TIME ZONE, JSON,
# lists); DuckDB 0.10 and every 1.x read it (tests/test_serving_compatibility.py opens a copy
# with DuckDB 1.0.0).
STORAGE_VERSION = "v1.0.0"
# dbt's intermediate layer: views that recompute the marts' logic on every query, read by no
# consumer (BI, exports and the report read marts), and bound again by each DuckDB release with
# its own type rules (DuckDB 1.0 and 1.1 refuse one of them).
WORKING_STEP_SCHEMAS = ("intermediate",)
# the folder a copy is written in before it is renamed into place (publish/leftovers.py)
TEMP_PREFIX, TEMP_SUFFIX = ".warehouse-", ".duckdb.tmp"
_SOURCE, _COPY = "build", "serving"


def serving_path(settings: Settings) -> Path:
    return settings.serving_dir / SERVING_FILE


@dataclass(frozen=True)
class PublishResult:
    path: Path
    size_bytes: int
    marts: dict[str, int]  # mart name → row count in the published copy
    run_info: RunInfo
    storage_version: str
    left_out: list[str] = field(default_factory=list)  # relations not copied, and why
    removed_leftovers: list[Path] = field(default_factory=list)
    seconds: float = 0.0


def publish_serving_copy(
    settings: Settings, *, run_id: str | None = None, target_path: Path | None = None
) -> PublishResult:
    """Write the serving copy of the build file atomically and return what was published.

    Must run when no other process writes the build file (the refresh job runs its steps one
    after another). Temporary copies of dead runs are removed first; a concurrent publisher's
    is left alone (orchestration/publish/leftovers.py).
    """
    started = time.perf_counter()
    source = settings.warehouse_path
    if not source.exists():
        raise FileNotFoundError(f"no warehouse to publish at {source}")
    target = serving_path(settings)
    target.parent.mkdir(parents=True, exist_ok=True)
    # The trailing * also takes the write-ahead log an earlier version left beside its file.
    removed = remove_dead_leftovers(target.parent, f"{TEMP_PREFIX}*{TEMP_SUFFIX}*")
    # Everything committed into the main file, not only into the write-ahead log.
    with duckdb.connect(str(source)) as con:
        con.execute("checkpoint")
    with locked_temporary_folder(target.parent, TEMP_PREFIX, TEMP_SUFFIX) as folder:
        tmp = folder / SERVING_FILE
        info, left_out = _write_copy(source, folder, run_id=run_id, target_path=target_path)
        marts = _verify(tmp, source)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    _fsync_dir(target.parent)
    return PublishResult(
        path=target,
        size_bytes=target.stat().st_size,
        marts=marts,
        run_info=info,
        storage_version=STORAGE_VERSION,
        left_out=left_out,
        removed_leftovers=removed,
        seconds=time.perf_counter() - started,
    )


def left_out_because(schema: str) -> str | None:
    """Why a schema of the warehouse is not in the serving copy (None: it is)."""
    if is_person_level(schema):
        return "person-level data"
    if schema.lower() in WORKING_STEP_SCHEMAS:
        return "the models' working steps (views no reader needs)"
    return None


def _write_copy(
    source: Path, folder: Path, *, run_id: str | None, target_path: Path | None
) -> tuple[RunInfo, list[str]]:
    """Write the copy to `folder`/warehouse.duckdb; what DuckDB spills to disk stays in `folder`
    too, so a killed run leaves nothing outside it."""
    tmp = folder / SERVING_FILE
    left_out: list[str] = []
    with duckdb.connect(config={"temp_directory": str(folder / "spill")}) as con:
        con.execute(f"attach ? as {_SOURCE} (read_only)", [str(source)])
        con.execute(f"attach ? as {_COPY} (storage_version '{STORAGE_VERSION}')", [str(tmp)])
        con.execute(f"use {_COPY}")
        schemas = [
            schema
            for (schema,) in con.execute(
                "select schema_name from duckdb_schemas() "
                "where database_name = ? and not internal order by schema_name",
                [_SOURCE],
            ).fetchall()
        ]
        left_out += [f"{s}.*: {reason}" for s in schemas if (reason := left_out_because(s))]
        copied = [s for s in schemas if not left_out_because(s)]
        # One transaction per phase: a commit per statement would cost a write-ahead-log flush
        # each. Views are created one by one outside of it, since a view that fails to bind
        # would abort the transaction.
        con.execute("begin transaction")
        _copy_tables(con, copied)
        con.execute("commit")
        # From here on no file outside the two databases can be read: a view that reads one
        # (person-level Parquet, a CSV in the landing zone) fails to bind, as does a view on a
        # relation left out, and is not copied.
        con.execute("set enable_external_access = false")
        left_out += _copy_views(con, copied)
        unpublished = [r for r in left_out if r.startswith(f"{MART_SCHEMA}.")]
        if unpublished:
            raise RuntimeError(f"marts that cannot be published: {'; '.join(unpublished)}")
        con.execute("begin transaction")
        _materialise_views(con)
        info = read_run_info(con, run_id=run_id, target_path=target_path)
        write_publication(con, info)
        con.execute("commit")
        con.execute(f"checkpoint {_COPY}")
    return info, left_out


def _copy_tables(con: duckdb.DuckDBPyConnection, schemas: list[str]) -> None:
    columns: dict[tuple[str, str], list[str]] = {}
    for schema, table, name, data_type, nullable in con.execute(
        "select c.schema_name, c.table_name, c.column_name, c.data_type, c.is_nullable "
        "from duckdb_columns() as c join duckdb_tables() as t on c.table_oid = t.table_oid "
        "where c.database_name = ? and not t.temporary "
        "order by c.schema_name, c.table_name, c.column_index",
        [_SOURCE],
    ).fetchall():
        if schema in schemas:
            definition = f"{quote_identifier(name)} {data_type}{'' if nullable else ' not null'}"
            columns.setdefault((schema, table), []).append(definition)
    for schema in schemas:
        con.execute(f"create schema if not exists {quote_identifier(schema)}")
    for (schema, table), definitions in columns.items():
        con.execute(f"create table {relation(schema, table)} ({', '.join(definitions)})")
        con.execute(
            f"insert into {relation(schema, table)} "
            f"select * from {_SOURCE}.{relation(schema, table)}"
        )


def _copy_views(con: duckdb.DuckDBPyConnection, schemas: list[str]) -> list[str]:
    """Every view of `schemas`, in an order where each finds the views it reads (DuckDB binds a
    view when it is created): create what can be created, then the rest again, until nothing
    changes. Returns the views that do not bind in the copy, with DuckDB's reason."""
    pending = con.execute(
        "select schema_name, view_name, sql from duckdb_views() "
        "where database_name = ? and not internal and not temporary order by view_oid",
        [_SOURCE],
    ).fetchall()
    pending = [view for view in pending if view[0] in schemas]
    reasons: dict[tuple[str, str], str] = {}
    while pending:
        failed = []
        for schema, name, sql in pending:
            try:
                con.execute(sql)
            except duckdb.Error as exc:
                reasons[schema, name] = str(exc).splitlines()[0][:200]
                failed.append((schema, name, sql))
        if len(failed) == len(pending):
            break
        pending = failed
    return [f"{schema}.{name}: {reasons[schema, name]}" for schema, name, _ in pending]


def _materialise_views(con: duckdb.DuckDBPyConnection) -> None:
    """Every view of the copy becomes a table of the same name and rows: a DuckDB release binds
    a stored view again with its own type rules (DuckDB 1.0 and 1.1 refuse a view of 2.0 whose
    column types they infer otherwise), a table it only reads. In creation order, so that each
    view reads the tables its upstream views have already become."""
    views = con.execute(
        "select schema_name, view_name from duckdb_views() "
        "where database_name = ? and not internal order by view_oid",
        [_COPY],
    ).fetchall()
    for schema, name in views:
        staged = f"{name}__materialised"
        con.execute(
            f"create table {relation(schema, staged)} as select * from {relation(schema, name)}"
        )
        con.execute(f"drop view {relation(schema, name)}")
        con.execute(f"alter table {relation(schema, staged)} rename to {quote_identifier(name)}")


def _verify(tmp: Path, source: Path) -> dict[str, int]:
    """Open the copy read-only as a BI tool would; it must have the marts."""
    with duckdb.connect(str(tmp), read_only=True) as con:
        marts = {
            name: con.execute(f"select count(*) from {relation(MART_SCHEMA, name)}").fetchall()[0][
                0
            ]
            for (name,) in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = ? order by table_name",
                [MART_SCHEMA],
            ).fetchall()
        }
    if not marts:
        raise RuntimeError(f"the build file {source} has no tables in schema {MART_SCHEMA}")
    return marts


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

"""The same warehouse on PostgreSQL, for municipalities whose BI reads from a database server.

Python loads the raw layer into DuckDB (the landing zone and parsers are the same for both
targets); this module copies the tables dbt reads as sources (`raw_<source>`, `raw_meta`, and
the check history `quality`) from DuckDB into PostgreSQL, then runs
`dbt build --target postgres`: seeds, models, contracts and tests, exactly as on DuckDB.

DuckDB's own postgres extension would do the copy in one statement, but it is downloaded at
first use, and this machine (and CI) has no access to extensions.duckdb.org. So: DuckDB writes
each table as CSV, psycopg2 streams it in with `COPY ... FROM STDIN`, all tables in one
transaction (a BI user never sees half a raw layer).

Connection: the `postgres` target of profiles.yml, from JOBCENTER_PG_HOST, _PORT, _USER,
_PASSWORD, _DATABASE (and _SCHEMA for the default schema).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import psycopg2
from psycopg2 import sql

from orchestration.person_level import is_person_level
from orchestration.settings import REPO_ROOT, Settings

# Schemas copied even without a manifest (the manifest's sources are the exact list).
DEFAULT_SOURCE_SCHEMAS = ("raw_meta", "quality")

# DuckDB type (information_schema.columns.data_type) → PostgreSQL type.
_TYPE_MAP = {
    "VARCHAR": "text",
    "BOOLEAN": "boolean",
    "TINYINT": "smallint",
    "SMALLINT": "smallint",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "HUGEINT": "numeric(38, 0)",
    "UTINYINT": "smallint",
    "USMALLINT": "integer",
    "UINTEGER": "bigint",
    "UBIGINT": "numeric(20, 0)",
    "FLOAT": "real",
    "DOUBLE": "double precision",
    "DATE": "date",
    "TIME": "time",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamp with time zone",
    "JSON": "jsonb",
    "UUID": "uuid",
    "BLOB": "bytea",
    "INTERVAL": "interval",
}


def pg_type(duckdb_type: str) -> str:
    upper = duckdb_type.upper()
    if upper.startswith("DECIMAL"):
        return upper.replace("DECIMAL", "numeric").lower()
    return _TYPE_MAP.get(upper, "text")


@dataclass(frozen=True)
class PgConnection:
    host: str = "localhost"
    port: int = 5432
    user: str = "jobcenter"
    password: str = ""
    dbname: str = "jobcenter"

    @classmethod
    def from_env(cls) -> PgConnection:
        return cls(
            host=os.environ.get("JOBCENTER_PG_HOST", "localhost"),
            port=int(os.environ.get("JOBCENTER_PG_PORT", "5432")),
            user=os.environ.get("JOBCENTER_PG_USER", "jobcenter"),
            password=os.environ.get("JOBCENTER_PG_PASSWORD", ""),
            dbname=os.environ.get("JOBCENTER_PG_DATABASE", "jobcenter"),
        )

    def connect(self):
        return psycopg2.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password or None,
            dbname=self.dbname,
        )

    def env(self) -> dict[str, str]:
        """Environment for the dbt subprocess (profiles.yml reads these)."""
        return {
            "JOBCENTER_PG_HOST": self.host,
            "JOBCENTER_PG_PORT": str(self.port),
            "JOBCENTER_PG_USER": self.user,
            "JOBCENTER_PG_PASSWORD": self.password,
            "JOBCENTER_PG_DATABASE": self.dbname,
        }


def source_schemas(manifest_path: Path | None) -> set[str]:
    """The schemas dbt reads sources from (every `raw_*`, raw_meta, quality, …)."""
    schemas = set(DEFAULT_SOURCE_SCHEMAS)
    if manifest_path and Path(manifest_path).exists():
        manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
        schemas |= {s["schema"] for s in manifest.get("sources", {}).values()}
    return schemas


def _tables_to_copy(
    con: duckdb.DuckDBPyConnection, schemas: set[str]
) -> list[tuple[str, str, list[tuple[str, str]]]]:
    rows = con.execute(
        "select c.table_schema, c.table_name, c.column_name, c.data_type "
        "from information_schema.columns c join information_schema.tables t "
        "on c.table_schema = t.table_schema and c.table_name = t.table_name "
        "where t.table_type = 'BASE TABLE' "
        "order by c.table_schema, c.table_name, c.ordinal_position"
    ).fetchall()
    tables: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for schema, table, column, data_type in rows:
        if (schema.startswith("raw_") or schema in schemas) and not is_person_level(schema):
            tables.setdefault((schema, table), []).append((column, data_type))
    return [(s, t, cols) for (s, t), cols in sorted(tables.items())]


@dataclass(frozen=True)
class CopyResult:
    tables: dict[str, int]  # "schema.table" → rows copied


def copy_sources_to_postgres(
    warehouse_path: Path, pg: PgConnection, *, manifest_path: Path | None = None
) -> CopyResult:
    """Replace the source tables in PostgreSQL by those of the DuckDB warehouse (one transaction).

    Reads the warehouse read-only: run it when no build is writing it (or on the serving copy).
    """
    schemas = source_schemas(manifest_path)
    copied: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="jobcenter-pg-") as folder:
        files = []
        with duckdb.connect(str(warehouse_path), read_only=True) as con:
            for schema, table, columns in _tables_to_copy(con, schemas):
                path = Path(folder) / f"{schema}.{table}.csv"
                select = ", ".join(
                    f'cast("{c}" as varchar) as "{c}"' if t.upper() == "JSON" else f'"{c}"'
                    for c, t in columns
                )
                con.execute(
                    f'copy (select {select} from "{schema}"."{table}") to ? '
                    "(header, delimiter ',', quote '\"')",
                    [path.as_posix()],
                )
                files.append((schema, table, columns, path))
        pg_con = pg.connect()
        try:
            _load_files(pg_con, files, copied)
        finally:
            pg_con.close()
    return CopyResult(tables=copied)


def _load_files(pg_con, files, copied: dict[str, int]) -> None:
    # `with connection` commits on success and rolls back on any error: all tables or none
    with pg_con, pg_con.cursor() as cur:
        for schema, table, columns, path in files:
            relation = sql.Identifier(schema, table)
            cur.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(schema)))
            # cascade: the staging views on it go too; dbt build recreates them
            cur.execute(sql.SQL("drop table if exists {} cascade").format(relation))
            cur.execute(
                sql.SQL("create table {} ({})").format(
                    relation,
                    sql.SQL(", ").join(
                        sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(pg_type(t)))
                        for c, t in columns
                    ),
                )
            )
            with path.open("r", encoding="utf-8") as handle:
                cur.copy_expert(
                    sql.SQL("copy {} ({}) from stdin with (format csv, header true)")
                    .format(
                        relation,
                        sql.SQL(", ").join(sql.Identifier(c) for c, _ in columns),
                    )
                    .as_string(pg_con),
                    handle,
                )
            copied[f"{schema}.{table}"] = cur.rowcount


@dataclass(frozen=True)
class PostgresBuildResult:
    copied: CopyResult
    returncode: int
    output: str
    target_path: Path

    @property
    def success(self) -> bool:
        return self.returncode == 0


def build_on_postgres(
    settings: Settings,
    pg: PgConnection,
    *,
    dbt_target_path: Path | None = None,
    source: Path | None = None,
) -> PostgresBuildResult:
    """Copy the sources from DuckDB (the serving copy when there is one), then dbt build there."""
    from orchestration.project import DBT_EXECUTABLE, dbt_project, prepare_dbt_project

    prepare_dbt_project()
    if source is None:
        serving = settings.serving_dir / "warehouse.duckdb"
        source = serving if serving.exists() else settings.warehouse_path
    copied = copy_sources_to_postgres(source, pg, manifest_path=Path(dbt_project.manifest_path))
    duckdb_target = Path(dbt_project.target_path)
    target_path = dbt_target_path or duckdb_target.with_name(duckdb_target.name + "_postgres")
    env = {**os.environ, **pg.env(), "JOBCENTER_TARGET": "postgres"}
    result = subprocess.run(
        [
            DBT_EXECUTABLE,
            "build",
            "--target",
            "postgres",
            "--project-dir",
            str(REPO_ROOT),
            "--profiles-dir",
            str(REPO_ROOT),
            "--target-path",
            str(target_path),
            # dbt unit tests (the logic on fixed inputs) run on DuckDB in every refresh. On
            # PostgreSQL dbt compares their expected rows as text, so a decimal(18, 4) 80.0000
            # "differs" from an expected 80; the data tests and contracts all run here.
            "--exclude-resource-type",
            "unit_test",
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return PostgresBuildResult(
        copied=copied,
        returncode=result.returncode,
        output=result.stdout + result.stderr,
        target_path=target_path,
    )

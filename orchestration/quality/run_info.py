"""Run id, git commit and data version: what ties a mart row, a check result, a published copy,
its exports and a report together. The one `RunInfo`.

- run id: the Dagster run id inside Dagster, otherwise a fresh UUID;
- git commit: `git rev-parse HEAD` of the checkout (None outside a git checkout), `+dirty` when
  tracked files differ from it;
- data version: a SHA-256 over the SHA-256 content hashes of the input files the marts were
  built from, nothing else (docs/data_version.md): the same files give the same data version in
  any folder, at any time; a changed byte gives another one.

The facts of a publication (run id, data version, checks, synthetic flag, time) are written into
the serving copy as `serving_meta.publication` and read back from there by the exports and the
report (`write_publication`, `read_run_info`).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import duckdb

from orchestration.duckdb_sql import quote_identifier
from orchestration.persons.datasets import SOURCE as PERSON_SOURCE
from orchestration.settings import REPO_ROOT

PUBLICATION_SCHEMA = "serving_meta"
PUBLICATION_TABLE = f"{PUBLICATION_SCHEMA}.publication"
NOT_AVAILABLE_DA = "ikke tilgængelig"
CHECK_STATUS_DA = {
    "pass": "bestået",
    "passed": "bestået",
    "success": "bestået",
    "fail": "fejlet",
    "failed": "fejlet",
    "failure": "fejlet",
    "error": "fejl",
    "warn": "advarsel",
    "warning": "advarsel",
    "skipped": "sprunget over",
}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class RunInfo:
    run_id: str | None = None
    git_commit: str | None = None
    data_version: str | None = None
    load_ids: tuple[str, ...] = ()  # the loads (landed files) of the data version
    published_at: str = field(default_factory=_now)
    checks: dict[str, int] = field(default_factory=dict)  # check status → count
    is_synthetic: bool | None = None

    @property
    def check_summary(self) -> str:
        if not self.checks:
            return NOT_AVAILABLE_DA
        return ", ".join(
            f"{count} {CHECK_STATUS_DA.get(status, status)}"
            for status, count in sorted(self.checks.items())
        )


def new_run_id() -> str:
    return uuid.uuid4().hex


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=10, check=True
    ).stdout.strip()


@cache
def git_commit() -> str | None:
    try:
        head = _git("rev-parse", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}+dirty" if dirty else head


# --- data version ---------------------------------------------------------------------------


def _relation_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    sql = "select count(*) from information_schema.tables where table_schema = ? and table_name = ?"
    return bool(con.execute(sql, [schema, table]).fetchone()[0])


def input_loads(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(load id, SHA-256 of the file) of every load the marts were built from, by load id.

    For a source table whose loads appear in a mart's `load_id` column: exactly those loads (a
    superseded revision is not an input). For a source table no mart names loads of (its marts
    aggregate them away): every load of it, since all of them were available to the build. The
    person-level datasets are read one file per month, the newest load of each month (a later
    one is a revision), and a mart row built from many months names only the newest of them:
    their inputs are the current load of each file name.
    """
    if not _relation_exists(con, "raw_meta", "load_record"):
        return []
    tables = con.execute(
        "select table_name from information_schema.columns "
        "where table_schema = 'marts' and column_name = 'load_id'"
    ).fetchall()
    used = (
        " union ".join(f"select load_id from marts.{quote_identifier(t)}" for (t,) in tables)
        if tables
        else "select null as load_id where false"
    )
    rows = con.execute(
        f"""
        with used as ({used}),
        loads as (
            select load_id, sha256, source, table_name, file_name from raw_meta.load_record
        ),
        file_loads as (
            select load_id, sha256, source, table_name from loads
            where source = $person_source
            qualify load_id = max(load_id) over (partition by table_name, file_name)
        ),
        table_loads as (select * exclude (file_name) from loads where source <> $person_source),
        used_tables as (
            select distinct source, table_name from table_loads
            where load_id in (select load_id from used)
        )
        select load_id, sha256 from table_loads
        where load_id in (select load_id from used)
            or (source, table_name) not in (select source, table_name from used_tables)
        union all
        select load_id, sha256 from file_loads
        order by load_id
        """,
        {"person_source": PERSON_SOURCE},
    ).fetchall()
    return [(load_id, sha256) for load_id, sha256 in rows]


def mart_load_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The loads the marts were built from (see `input_loads`)."""
    return [load_id for load_id, _ in input_loads(con)]


def data_version_of(content_hashes: Iterable[str]) -> str | None:
    """The data version of input files with these SHA-256 content hashes: order, load ids,
    times of receipt and folders play no part. None when there are no inputs."""
    hashes = sorted(h.lower() for h in content_hashes)
    if not hashes:
        return None
    return hashlib.sha256("\n".join(hashes).encode("ascii")).hexdigest()[:16]


def run_info(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> RunInfo:
    """The run information of a warehouse as it is now (the quality recorder's view)."""
    loads = input_loads(con)
    return RunInfo(
        run_id=run_id or new_run_id(),
        git_commit=git_commit(),
        data_version=data_version_of(sha for _, sha in loads),
        load_ids=tuple(load_id for load_id, _ in loads),
    )


# --- what a published copy records ----------------------------------------------------------


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, table],
    ).fetchall()
    return [r[0] for r in rows]


def write_publication(con: duckdb.DuckDBPyConnection, info: RunInfo) -> None:
    """Record the run information inside a copy being published (`serving_meta.publication`),
    so the facts travel with the data."""
    con.execute(f"create schema if not exists {PUBLICATION_SCHEMA}")
    con.execute(
        f"""
        create or replace table {PUBLICATION_TABLE} (
            run_id varchar,
            data_version varchar,
            published_at varchar,
            checks json,
            check_summary varchar,
            is_synthetic boolean,
            git_commit varchar
        )
        """
    )
    con.execute(
        f"insert into {PUBLICATION_TABLE} values (?, ?, ?, ?, ?, ?, ?)",
        [
            info.run_id,
            info.data_version,
            info.published_at,
            json.dumps(info.checks),
            info.check_summary,
            info.is_synthetic,
            info.git_commit,
        ],
    )


def _published(con: duckdb.DuckDBPyConnection) -> RunInfo | None:
    columns = _columns(con, PUBLICATION_SCHEMA, "publication")
    if not columns:
        return None
    wanted = ["run_id", "data_version", "published_at", "checks", "is_synthetic", "git_commit"]
    select = ", ".join(c if c in columns else f"null as {c}" for c in wanted)
    row = con.execute(f"select {select} from {PUBLICATION_TABLE} limit 1").fetchone()
    if not row:
        return None
    return RunInfo(
        run_id=row[0],
        data_version=row[1],
        published_at=row[2],
        checks={k: int(v) for k, v in json.loads(row[3] or "{}").items()},
        is_synthetic=row[4],
        git_commit=row[5],
    )


def read_run_info(
    con: duckdb.DuckDBPyConnection, *, run_id: str | None = None, target_path: Path | None = None
) -> RunInfo:
    """Run id, data version and check summary from what the warehouse and dbt have recorded.

    On a published copy without an explicit run id: its `serving_meta.publication` row. Else the
    check history (`quality.check_result`, then `marts.fct_data_quality`) for the run (the newest
    run when none is given), and the dbt `run_results.json` of the build for the check summary
    when the history has nothing. A data version not recorded is computed from the inputs.
    """
    if run_id is None and (published := _published(con)) is not None:
        return published
    info = RunInfo(run_id=run_id, git_commit=git_commit())
    for schema, table in (("quality", "check_result"), ("marts", "fct_data_quality")):
        recorded = _recorded_checks(con, schema, table, info.run_id)
        if recorded is not None:
            info = replace(info, **recorded)
            break
    if not info.checks and target_path is not None:
        info = replace(info, checks=dbt_check_summary(target_path))
    if info.data_version is None:
        loads = input_loads(con)
        info = replace(
            info,
            data_version=data_version_of(sha for _, sha in loads),
            load_ids=tuple(load_id for load_id, _ in loads),
        )
    return replace(info, is_synthetic=_is_synthetic(con))


def _recorded_checks(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, run_id: str | None
) -> dict | None:
    """Run id, check counts and data version of a run in one check-history relation."""
    columns = _columns(con, schema, table)
    if not {"run_id", "status"} <= set(columns):
        return None
    relation = f"{schema}.{table}"
    if run_id is None:
        order = next((c for c in ("checked_at", "recorded_at") if c in columns), "run_id")
        row = con.execute(
            f"select run_id from {relation} order by {order} desc nulls last limit 1"
        ).fetchone()
        run_id = row[0] if row else None
    if run_id is None:
        return None
    rows = con.execute(
        f"select lower(cast(status as varchar)), count(*) from {relation} "
        "where run_id = ? group by 1",
        [run_id],
    ).fetchall()
    if not rows:
        return None
    recorded: dict = {"run_id": run_id, "checks": {str(s): int(n) for s, n in rows}}
    for column in ("data_version", "git_commit"):
        if column in columns:
            row = con.execute(
                f"select max({column}) from {relation} where run_id = ?", [run_id]
            ).fetchone()
            if row and row[0] is not None:
                recorded[column] = str(row[0])
    return recorded


def _is_synthetic(con: duckdb.DuckDBPyConnection) -> bool | None:
    if "is_synthetic" in _columns(con, "marts", "fct_benchmark"):
        row = con.execute("select bool_or(is_synthetic) from marts.fct_benchmark").fetchone()
        return bool(row[0]) if row and row[0] is not None else None
    return None


def dbt_check_summary(target_path: Path) -> dict[str, int]:
    """Count dbt test and unit-test results by status from run_results.json."""
    # dagster-dbt writes each invocation's artefacts to a subfolder of the target path.
    candidates = [p for p in Path(target_path).glob("**/run_results.json") if p.is_file()]
    if not candidates:
        return {}
    path = max(candidates, key=lambda p: p.stat().st_mtime)
    results = json.loads(path.read_text(encoding="utf-8")).get("results", [])
    counts: dict[str, int] = {}
    for result in results:
        unique_id = result.get("unique_id", "")
        if unique_id.startswith(("test.", "unit_test.")):
            status = str(result.get("status", "unknown"))
            counts[status] = counts.get(status, 0) + 1
    return counts

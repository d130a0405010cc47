"""Run id, git commit and data version: what ties a mart row, a check result and a report together.

- run id: the Dagster run id inside Dagster, otherwise a fresh UUID;
- git commit: `git rev-parse HEAD` of the checkout (None outside a git checkout), `+dirty` when
  tracked files differ from it;
- data version: a SHA-256 over the sorted load ids the marts were built from (see
  `mart_load_ids`). The same input files give the same data version, whenever and wherever the
  build runs.
"""

from __future__ import annotations

import hashlib
import subprocess
import uuid
from dataclasses import dataclass
from functools import cache

import duckdb

from orchestration.settings import REPO_ROOT


@dataclass(frozen=True)
class RunInfo:
    run_id: str
    git_commit: str | None
    data_version: str | None
    load_ids: tuple[str, ...]


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


def mart_load_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The loads the marts were built from.

    For a source table whose loads appear in a mart's `load_id` column: exactly those loads (a
    superseded revision is not an input). For a source table no mart names loads of (its marts
    aggregate them away): every load of it, since all of them were available to the build.
    """
    has_records = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'raw_meta' and table_name = 'load_record'"
    ).fetchone()[0]
    if not has_records:
        return []
    tables = con.execute(
        """
        select table_name from information_schema.columns
        where table_schema = 'marts' and column_name = 'load_id'
        """
    ).fetchall()
    used = (
        " union ".join(f'select load_id from marts."{t}"' for (t,) in tables)
        if tables
        else "select null as load_id where false"
    )
    rows = con.execute(
        f"""
        with used as ({used}),
        loads as (select load_id, source, table_name from raw_meta.load_record),
        used_tables as (
            select distinct source, table_name from loads
            where load_id in (select load_id from used)
        )
        select load_id from loads
        where load_id in (select load_id from used)
            or (source, table_name) not in (select source, table_name from used_tables)
        """
    ).fetchall()
    return sorted(r[0] for r in rows)


def data_version_of(load_ids: list[str]) -> str | None:
    if not load_ids:
        return None
    return hashlib.sha256("\n".join(sorted(load_ids)).encode()).hexdigest()[:16]


def run_info(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> RunInfo:
    ids = mart_load_ids(con)
    return RunInfo(
        run_id=run_id or new_run_id(),
        git_commit=git_commit(),
        data_version=data_version_of(ids),
        load_ids=tuple(ids),
    )

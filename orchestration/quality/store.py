"""The check history: `quality.check_result`, appended to by every run, never overwritten.

One row per check and run, Great Expectations rules and dbt tests alike; `marts.fct_data_quality`
is a view over it. `quality.data_version_load` maps each data version to the loads (files) it
consists of, so an auditor can go from a check result to the input files.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import duckdb
import pandas as pd

from orchestration.settings import REPO_ROOT

# The one definition of the history tables is the dbt on-run-start macro (so a plain
# `dbt build` creates them too); Python runs the same statements.
HISTORY_MACRO = REPO_ROOT / "macros" / "quality" / "create_quality_history.sql"
DDL = (
    HISTORY_MACRO.read_text(encoding="utf-8")
    .split("{% macro create_quality_history() %}")[1]
    .split("{% endmacro %}")[0]
    .strip()
)

STATUSES = ("pass", "fail", "warn", "error", "skipped")
COLUMNS = (
    "check_result_id",
    "run_id",
    "git_commit",
    "data_version",
    "check_source",
    "suite",
    "rule_id",
    "rule_description",
    "layer",
    "asset",
    "status",
    "severity",
    "observed_value",
    "threshold",
    "failing_count",
    "failing_keys",
    "message",
    "checked_at",
)


@dataclass
class CheckRow:
    """One check result. `failing_keys` are business keys (kommunekode, period, goal …)."""

    run_id: str
    git_commit: str | None
    data_version: str | None
    check_source: str  # great_expectations | dbt | dagster
    rule_id: str
    status: str
    suite: str | None = None
    rule_description: str | None = None
    layer: str | None = None
    asset: str | None = None
    severity: str | None = None
    observed_value: str | None = None
    threshold: str | None = None
    failing_count: int | None = None
    failing_keys: list[dict[str, Any]] | None = None
    message: str | None = None
    checked_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    check_result_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["failing_keys"] = (
            json.dumps(self.failing_keys, ensure_ascii=False, default=str)
            if self.failing_keys
            else None
        )
        return {c: record[c] for c in COLUMNS}


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    """The single value of a query that always returns one row (a count, an aggregate)."""
    row = con.execute(sql, params or []).fetchone()
    if row is None:
        raise ValueError(f"no row from {sql!r}")
    return row[0]


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)


def append(con: duckdb.DuckDBPyConnection, rows: list[CheckRow]) -> int:
    """Append check results (one transaction)."""
    ensure_tables(con)
    if not rows:
        return 0
    for row in rows:
        if row.status not in STATUSES:
            raise ValueError(f"unknown check status {row.status!r} for {row.rule_id}")
    frame = pd.DataFrame([r.as_record() for r in rows], columns=list(COLUMNS), dtype=object)
    con.execute("begin transaction")
    try:
        con.register("_check_rows", frame)
        con.execute(
            f"insert into quality.check_result ({', '.join(COLUMNS)}) "
            f"select {', '.join(COLUMNS)} from _check_rows"
        )
        con.unregister("_check_rows")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return len(rows)


def record_data_version(
    con: duckdb.DuckDBPyConnection, data_version: str, load_ids: list[str]
) -> None:
    """Remember which loads a data version consists of (once per version)."""
    ensure_tables(con)
    known = scalar(
        con, "select count(*) from quality.data_version_load where data_version = ?", [data_version]
    )
    if known or not load_ids:
        return
    con.executemany(
        "insert into quality.data_version_load (data_version, load_id) values (?, ?)",
        [[data_version, load_id] for load_id in load_ids],
    )


def previous_row_counts(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, int]:
    """Row count of each suite's table in the latest earlier run that measured it (the
    history table must exist; the connection may be read-only)."""
    rows = con.execute(
        """
        select suite, observed_value from (
            select suite, observed_value,
                row_number() over (partition by suite order by checked_at desc) as recency
            from quality.check_result
            where rule_id = suite || '.row_count' and run_id <> ? and status = 'pass'
        ) where recency = 1
        """,
        [run_id],
    ).fetchall()
    return {suite: int(value) for suite, value in rows if value is not None}

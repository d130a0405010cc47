"""The warnings of a run: check results stored with status `warn`, read back for the CLI (the
lines after `jobcenter build`) and the committee report's footer ("n advarsler i kildedata").

A warning is the source's own inconsistency or an anomaly rounding cannot explain; it never stops
the serving copy (docs/auditors_guide.md, "Severity"). Read from marts.fct_data_quality, which
the build file and the serving copy both have.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import duckdb

from orchestration.quality.store import scalar


@dataclass(frozen=True)
class CheckWarning:
    rule_id: str
    rule_description: str | None
    observed_value: str | None
    failing_keys: tuple[dict[str, Any], ...]

    @property
    def name(self) -> str:
        """The rule's own name: a dbt test's name without its `test.<project>.` prefix and
        hash, a GX rule's `<suite>.<rule>`."""
        parts = self.rule_id.split(".")
        return parts[2] if parts[0] == "test" and len(parts) >= 3 else self.rule_id

    @property
    def municipality_keys(self) -> tuple[dict[str, Any], ...]:
        """The failing keys that name a municipality: each is one warning about the source."""
        return tuple(k for k in self.failing_keys if isinstance(k, dict) and "kommunekode" in k)


def run_warnings(con: duckdb.DuckDBPyConnection, run_id: str | None) -> list[CheckWarning]:
    """Every warning of `run_id` (none when there is no check history or no such run)."""
    exists = scalar(
        con,
        "select count(*) from information_schema.tables "
        "where table_schema = 'marts' and table_name = 'fct_data_quality'",
    )
    if not run_id or not exists:
        return []
    rows = con.execute(
        "select rule_id, rule_description, observed_value, failing_keys "
        "from marts.fct_data_quality where run_id = ? and status = 'warn' order by rule_id",
        [run_id],
    ).fetchall()
    return [
        CheckWarning(rule_id, description, observed, tuple(json.loads(keys) if keys else ()))
        for rule_id, description, observed, keys in rows
    ]

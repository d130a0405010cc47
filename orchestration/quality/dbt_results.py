"""dbt tests as check rows: parse `run_results.json` (+ `manifest.json`) of a dbt invocation.

dagster-dbt runs each invocation in its own target folder (`<DBT_TARGET_PATH>/<op>-<run>-<id>/`);
`orchestration/assets/dbt.py` hands that folder over after `dbt build`, whether it passed or not,
so failed tests are recorded too.

The failing rows: a data test that failed or warned is run again, right after the build, from
the SQL dbt compiled for it (`compiled_code` in run_results.json), on the same warehouse file dbt
has just written, so the rows are the ones dbt counted. Their business keys (kommunekode,
municipality name, period, benefit group, …) become `failing_keys` and their residuals the
observed value. Only failing tests are re-run: a passing build costs nothing, unlike dbt's
`store_failures`, which would write an audit table per test on every run.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from orchestration.quality.run_info import RunInfo
from orchestration.quality.store import CheckRow

_STATUS = {"pass": "pass", "success": "pass", "fail": "fail", "warn": "warn", "error": "error"}
_CHECK_TYPES = ("test", "unit_test")
# Columns of a failing row that say who and what it is about, in the order a reader names them
BUSINESS_KEYS = (
    "kommunekode",
    "municipality_name",
    "period_code",
    "benefit_group",
    "quarter_code",
    "risk_year",
    "plan_year",
    "goal_code",
)
MAX_FAILING_ROWS = 50
# The failing rows of a test's compiled SQL (None: they could not be read)
FailingRows = Callable[[str], list[dict[str, Any]] | None]


def _is_measure(column: str) -> bool:
    """A residual or the limit it was held to: what a failing row says beyond its keys."""
    return column == "residual" or column.endswith("_residual") or column == "tolerance"


def _plain(value: Any) -> Any:
    """A JSON number for a decimal (residuals are decimals in the warehouse)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def failing_keys_of(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Business keys and residuals of failing rows; every column where a row has no key."""
    keys: list[dict[str, Any]] = []
    for row in rows:
        picked = {c: row[c] for c in BUSINESS_KEYS if c in row}
        picked.update({c: v for c, v in row.items() if _is_measure(c)})
        keys.append({c: _plain(v) for c, v in (picked or row).items()})
    return keys


def _observed(failures: int | None, keys: list[dict[str, Any]]) -> str | None:
    if failures is None:
        return None
    if not failures or not keys:
        return f"{failures} failing rows"
    shown = []
    for key in keys[:5]:
        who = " ".join(
            str(key[c])
            for c in ("municipality_name", "period_code", "benefit_group")
            if key.get(c) is not None
        )
        residuals = ", ".join(
            f"{c}={v}" for c, v in key.items() if _is_measure(c) and c != "tolerance"
        )
        shown.append(f"{who} ({residuals})" if residuals else who)
    more = f"; … {failures - 5} more" if failures > 5 else ""
    return f"{failures} failing rows: " + "; ".join(s for s in shown if s) + more


def _layer(node: dict[str, Any]) -> str:
    if node.get("resource_type") == "source":
        return "raw"
    if node.get("resource_type") == "seed":
        return "reference"
    fqn = node.get("fqn") or []
    return fqn[1] if len(fqn) > 2 else "dbt"


def _relation(node: dict[str, Any]) -> str:
    name = node.get("identifier") or node.get("alias") or node.get("name")
    return f"{node.get('schema')}.{name}"


def _tested_node(test: dict[str, Any], manifest: dict[str, Any]) -> dict[str, Any] | None:
    lookup = {**manifest.get("nodes", {}), **manifest.get("sources", {})}
    attached = test.get("attached_node")
    if attached and attached in lookup:
        return lookup[attached]
    if test.get("resource_type") == "unit_test":
        model = test.get("model")
        return next(
            (
                n
                for n in lookup.values()
                if n.get("name") == model and n["resource_type"] == "model"
            ),
            None,
        )
    for dep in (test.get("depends_on") or {}).get("nodes", []):
        if dep in lookup:
            return lookup[dep]
    return None


def _description(test: dict[str, Any]) -> str:
    if test.get("description"):
        return test["description"]
    meta = test.get("test_metadata") or {}
    if meta:
        kwargs = {k: v for k, v in (meta.get("kwargs") or {}).items() if k != "model"}
        args = ", ".join(f"{k}={v}" for k, v in kwargs.items())
        return f"dbt test {meta.get('name')}" + (f" ({args})" if args else "")
    return f"dbt {test.get('resource_type', 'test')} {test.get('name')}"


def check_rows(
    target_path: Path, info: RunInfo, failing_rows: FailingRows | None = None
) -> list[CheckRow]:
    """One row per dbt data test and unit test in the invocation's run_results.json;
    `failing_rows` reads the rows of a failed or warned data test (see the module doc)."""
    if info.run_id is None:
        raise ValueError("check rows need the run's id (RunInfo.run_id)")
    results_file = target_path / "run_results.json"
    manifest_file = target_path / "manifest.json"
    if not results_file.exists() or not manifest_file.exists():
        return []
    results = json.loads(results_file.read_text(encoding="utf-8"))
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    tests = {**manifest.get("nodes", {}), **manifest.get("unit_tests", {})}
    generated = results.get("metadata", {}).get("generated_at")
    checked_at = (
        datetime.fromisoformat(generated.replace("Z", "+00:00")) if generated else datetime.now(UTC)
    )
    rows: list[CheckRow] = []
    for result in results.get("results", []):
        unique_id = result.get("unique_id", "")
        test = tests.get(unique_id)
        if test is None or test.get("resource_type") not in _CHECK_TYPES:
            continue
        tested = _tested_node(test, manifest) or {}
        status = _STATUS.get(str(result.get("status")), "skipped")
        failures = result.get("failures")
        severity = str((test.get("config") or {}).get("severity", "error")).lower()
        keys: list[dict[str, Any]] = []
        if (
            failing_rows is not None
            and test["resource_type"] == "test"
            and status in ("fail", "warn")
            and result.get("compiled_code")
        ):
            keys = failing_keys_of(failing_rows(result["compiled_code"]) or [])
        rows.append(
            CheckRow(
                run_id=info.run_id,
                git_commit=info.git_commit,
                data_version=info.data_version,
                check_source="dbt",
                suite=f"dbt.{tested.get('name', 'project')}",
                rule_id=unique_id,
                rule_description=_description(test),
                layer=_layer(tested) if tested else None,
                asset=_relation(tested) if tested else None,
                status=status,
                severity="warning" if severity == "warn" else "error",
                observed_value=_observed(failures, keys),
                threshold="0 failing rows" if test["resource_type"] == "test" else "expected rows",
                failing_count=failures,
                failing_keys=keys or None,
                message=result.get("message") if status != "pass" else None,
                checked_at=checked_at,
            )
        )
    return rows

"""dbt tests as check rows: parse `run_results.json` (+ `manifest.json`) of a dbt invocation.

dagster-dbt runs each invocation in its own target folder (`<DBT_TARGET_PATH>/<op>-<run>-<id>/`);
`orchestration/assets/dbt.py` hands that folder over after `dbt build`, whether it passed or not,
so failed tests are recorded too. dbt keeps no failing rows, so `failing_keys` stays empty and
`failing_count` is dbt's `failures`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from orchestration.quality.run_info import RunInfo
from orchestration.quality.store import CheckRow

_STATUS = {"pass": "pass", "success": "pass", "fail": "fail", "warn": "warn", "error": "error"}
_CHECK_TYPES = ("test", "unit_test")


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


def check_rows(target_path: Path, info: RunInfo) -> list[CheckRow]:
    """One row per dbt data test and unit test in the invocation's run_results.json."""
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
                observed_value=None if failures is None else f"{failures} failing rows",
                threshold="0 failing rows" if test["resource_type"] == "test" else "expected rows",
                failing_count=failures,
                message=result.get("message") if status != "pass" else None,
                checked_at=checked_at,
            )
        )
    return rows

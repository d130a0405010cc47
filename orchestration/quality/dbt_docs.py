"""The dbt tests of a run as a page of the Data Docs site: `<data>/quality/dbt_tests.html`.

Great Expectations renders only its own validations; the invariants of the models are dbt tests
(docs/auditors_guide.md, "Severity"), recorded in quality.check_result by the dbt step with their
failing keys. This page shows them beside the GX pages, from that record: one row per test with
its severity, status, observed value (who, and the residuals) and description, failures and
warnings first. The index page links to it.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import duckdb

from orchestration.goal_statuses import check_status_labels

PAGE = "dbt_tests.html"
_ORDER = {"fail": 0, "error": 0, "warn": 1}


def dbt_results(con: duckdb.DuckDBPyConnection, run_id: str) -> tuple[str, list[dict[str, Any]]]:
    """The dbt rows of `run_id` in the check history, or, for a run without dbt (`jobcenter
    check`), those of the latest run that has them: (that run's id, rows); no rows when the
    history holds no dbt results at all."""
    exists = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'quality' and table_name = 'check_result'"
    ).fetchone()
    if not exists or not exists[0]:
        return run_id, []
    latest = con.execute(
        "select run_id from quality.check_result where check_source = 'dbt' "
        "order by (run_id = ?) desc, checked_at desc limit 1",
        [run_id],
    ).fetchone()
    if latest is None:
        return run_id, []
    cursor = con.execute(
        "select rule_id, suite, asset, severity, status, observed_value, failing_keys, "
        "rule_description from quality.check_result where run_id = ? and check_source = 'dbt'",
        [latest[0]],
    )
    names = [d[0] for d in cursor.description]
    return latest[0], [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _name(rule_id: str) -> str:
    """A dbt test's name: `test.<project>.<name>[.<hash>]` → `<name>`."""
    parts = rule_id.split(".")
    return parts[2] if parts[0] == "test" and len(parts) >= 3 else rule_id


def _status(code: str) -> str:
    """The status in English with its Danish label (seeds/check_statuses.csv)."""
    english, danish = check_status_labels().get(code, (code, ""))
    return html.escape(f"{english} ({danish})" if danish else english)


def _keys(failing_keys: str | None) -> str:
    if not failing_keys:
        return ""
    keys = json.loads(failing_keys)
    shown = "; ".join(", ".join(f"{k}={v}" for k, v in key.items()) for key in keys[:10])
    return shown + (f"; … {len(keys) - 10} more" if len(keys) > 10 else "")


def write_page(site_dir: Path, run_id: str, rows: list[dict[str, Any]]) -> Path | None:
    """Write the page and link it from the index; None when the run has no dbt results."""
    if not rows:
        return None
    rows = sorted(rows, key=lambda r: (_ORDER.get(r["status"], 2), _name(r["rule_id"])))
    counts = {
        s: sum(r["status"] == s for r in rows) for s in ("fail", "error", "warn", "pass", "skipped")
    }
    summary = (
        f"{len(rows)} dbt tests of run {run_id}: {counts['pass']} passed, "
        f"{counts['warn']} warning(s), {counts['fail'] + counts['error']} failed"
        + (f", {counts['skipped']} not run (after a failure)" if counts["skipped"] else "")
    )
    body = "\n".join(
        "<tr class='{cls}'><td>{name}</td><td>{asset}</td><td>{severity}</td><td>{status}</td>"
        "<td>{observed}</td><td>{keys}</td><td>{description}</td></tr>".format(
            cls={"warn": "table-warning", "fail": "table-danger", "error": "table-danger"}.get(
                r["status"], ""
            ),
            name=html.escape(_name(r["rule_id"])),
            asset=html.escape(r["asset"] or ""),
            severity=html.escape(r["severity"] or ""),
            status=_status(r["status"]),
            observed=html.escape(r["observed_value"] or ""),
            keys=html.escape(_keys(r["failing_keys"])),
            description=html.escape(r["rule_description"] or ""),
        )
        for r in rows
    )
    page = site_dir / PAGE
    page.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>dbt tests</title>"
        "<link rel='stylesheet' href='static/vendor/bootstrap.min.css'>"
        "<style>table { table-layout: fixed; width: 100%; } td { overflow-wrap: anywhere; "
        "font-size: 0.85rem; } th:nth-child(1) { width: 16%; } th:nth-child(2) { width: 9%; } "
        "th:nth-child(3), th:nth-child(4) { width: 6%; } th:nth-child(5) { width: 22%; } "
        "th:nth-child(6) { width: 18%; }</style></head><body>"
        "<div class='container-fluid'><h2>dbt tests</h2>"
        f"<p>{html.escape(summary)}. The invariants of the models: an error stops publishing, a "
        "warning (the source's own inconsistency) is published as it is. Also in "
        "marts.fct_data_quality. <a href='index.html'>Great Expectations validations</a></p>"
        "<table class='table table-sm'><thead><tr><th>test</th><th>table</th><th>severity</th>"
        "<th>status</th><th>observed</th><th>failing keys</th><th>description</th></tr>"
        f"</thead><tbody>\n{body}\n</tbody></table></div></body></html>",
        encoding="utf-8",
    )
    index = site_dir / "index.html"
    if index.exists():
        text = index.read_text(encoding="utf-8")
        link = (
            f"<div class='alert alert-secondary' id='dbt-tests-link'><a href='{PAGE}'>"
            f"{html.escape(summary)}</a></div>"
        )
        index.write_text(text.replace("<body>", "<body>" + link, 1), encoding="utf-8")
    return page

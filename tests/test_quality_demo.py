"""The main job as a user runs it (`jobcenter demo`): Data Docs and a `fct_data_quality` row for
every check, Great Expectations rules and dbt tests alike, tied to the run id and data version;
every dbt test with its description."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from expectations import all_suites


def _query(data_dir: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _latest_run(data_dir: Path) -> str:
    return _query(
        data_dir,
        "select run_id from marts.fct_data_quality where check_source = 'great_expectations' "
        "order by checked_at desc limit 1",
    )[0][0]


def test_demo_writes_data_docs(demo_warehouse: Path) -> None:
    index = demo_warehouse / "quality" / "index.html"
    assert index.exists()
    text = index.read_text(encoding="utf-8")
    assert "marts.fct_benchmark" in text and "raw_jobindsats.y30r21" in text
    # the dbt tests of the run, linked from the index
    assert "<a href='dbt_tests.html'>" in text and "0 warning(s), 0 failed" in text
    page = (demo_warehouse / "quality" / "dbt_tests.html").read_text(encoding="utf-8")
    assert "<td>fct_benchmark_covers_every_municipality_and_benefit_group</td>" in page
    # the status words come from seeds/check_statuses.csv, with the Danish label beside
    assert "<td>passed (Bestået)</td>" in page


def test_every_gx_rule_has_a_row_in_fct_data_quality(demo_warehouse: Path) -> None:
    run_id = _latest_run(demo_warehouse)
    rows = _query(
        demo_warehouse,
        "select rule_id, status from marts.fct_data_quality "
        "where run_id = ? and check_source = 'great_expectations'",
        [run_id],
    )
    recorded = dict(rows)
    assert len(recorded) == len(rows)  # one row per rule
    for suite in all_suites():
        if f"{suite.name}.suite" in recorded:  # table not there: one 'skipped' row for the suite
            assert recorded[f"{suite.name}.suite"] == "skipped"
            continue
        for rule in ("row_count", *(r.rule_id for r in suite.rules)):
            assert f"{suite.name}.{rule}" in recorded, (suite.name, rule)
    assert recorded["raw_jobindsats.y30r21.row_unique"] == "pass"
    assert recorded["raw_jobindsats.y30r21.expected_share_pct_range"] == "pass"
    assert recorded["marts.fct_benchmark.row_count"] == "pass"
    assert not [rule for rule, status in rows if status in ("fail", "error")]


def test_every_dbt_test_has_a_row_in_fct_data_quality(demo_warehouse: Path) -> None:
    manifest = json.loads((demo_warehouse / "dbt_target" / "manifest.json").read_text())
    tests = {uid for uid in manifest["nodes"] if uid.startswith("test.")}
    tests |= set(manifest.get("unit_tests", {}))
    run_id = _latest_run(demo_warehouse)
    rows = _query(
        demo_warehouse,
        "select rule_id, status, layer, data_version, input_load_count from marts.fct_data_quality "
        "where run_id = ? and check_source = 'dbt'",
        [run_id],
    )
    assert {r[0] for r in rows} == tests
    assert {r[1] for r in rows} == {"pass"}
    assert {"raw", "staging", "intermediate", "marts"} <= {r[2] for r in rows}
    # the dbt rows carry the same data version as the GX rows of the run, with its input files
    versions = _query(
        demo_warehouse,
        "select distinct data_version from marts.fct_data_quality where run_id = ?",
        [run_id],
    )
    assert len(versions) == 1 and versions[0][0] is not None
    assert {r[4] for r in rows} == {
        _query(demo_warehouse, "select count(*) from raw_meta.load_record")[0][0]
    }


def test_every_dbt_test_is_described_where_dagster_and_auditors_read_it(
    demo_warehouse: Path,
) -> None:
    """The benchmark's rules, incl. the goal rules moved from Dagster and Great Expectations
    into dbt, pass on the demo, each recorded with its description (not "dbt test not_null")."""
    run_id = _latest_run(demo_warehouse)
    rows = {
        rule.split(".")[2]: (status, description)
        for rule, status, description in _query(
            demo_warehouse,
            "select rule_id, status, rule_description from marts.fct_data_quality "
            "where run_id = ? and check_source = 'dbt' and rule_id like 'test.%'",
            [run_id],
        )
    }
    for rule in (
        "fct_benchmark_area_counts_sum_to_total",
        "fct_benchmark_covers_every_municipality_and_benefit_group",
        "assert_published_rank_within_tie_band",
        "assert_supervision_risk_covers_every_municipality",
        "assert_supervision_risk_follows_its_rule",
        "assert_goal_verdicts_rest_on_a_valid_value",
    ):
        status, description = rows[rule]
        assert status == "pass", rule
        assert not description.startswith("dbt test"), (rule, description)
    assert "four half-units (±20 persons)" in rows["fct_benchmark_area_counts_sum_to_total"][1]
    assert not _query(
        demo_warehouse,
        "select count(*) from marts.fct_data_quality where run_id = ? and check_source = 'dagster'",
        [run_id],
    )[0][0]


def test_data_docs_index_lists_the_validations_in_a_browser(demo_warehouse: Path) -> None:
    """Offline, in headless Chromium, the index page's scripts run without an error and fill its
    table with the validations (a missing vendored date picker once stopped the script half-way
    and the table showed nothing)."""
    import re
    import shutil
    import tempfile

    from tests.test_report import headless

    index = demo_warehouse / "quality" / "index.html"
    profile = Path(tempfile.mkdtemp(prefix="jobcenter-chromium-"))
    try:
        dom = headless(
            [
                "--enable-logging=stderr",
                "--v=0",
                "--virtual-time-budget=5000",
                "--dump-dom",
                index.as_uri(),
            ],
            profile,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert dom.returncode == 0, dom.stderr[-2000:]
    console_errors = [line for line in dom.stderr.splitlines() if "Uncaught" in line]
    assert console_errors == []
    rows = re.findall(r"<tr[^>]*data-index=", dom.stdout)
    assert len(rows) >= 10, dom.stdout[-2000:]
    assert "marts.fct_benchmark" in dom.stdout

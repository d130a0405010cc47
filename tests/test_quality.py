"""Great Expectations suites, the check history and the blocking mart check.

A small warehouse (the two real Y30R21 files, `+fct_benchmark` built) is made once per session;
tests that damage data work on copies of it.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import duckdb
import pytest

from expectations import all_suites, thresholds
from orchestration.quality import store
from orchestration.quality.dbt_results import check_rows
from orchestration.quality.gx_runner import run_suites
from orchestration.quality.record import record_rows
from orchestration.quality.run_info import RunInfo, data_version_of
from orchestration.settings import REPO_ROOT, Settings
from orchestration.tables import all_specs
from tests.conftest import FIXTURES, REAL_2020_LISTS, build_real_benchmark_mart

DBT = str(Path(sys.executable).parent / "dbt")
SUITES = {s.name: s for s in all_suites()}
BENCHMARK_SUITES = [SUITES["raw_jobindsats.y30r21"], SUITES["marts.fct_benchmark"]]


@pytest.fixture(scope="session")
def small_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = build_real_benchmark_mart(tmp_path_factory.mktemp("quality") / "data")
    return settings


def _copy(settings: Settings, tmp_path: Path) -> Settings:
    data_dir = tmp_path / "data"
    shutil.copytree(settings.data_dir, data_dir, ignore=shutil.ignore_patterns("dbt_target"))
    return Settings(data_dir=data_dir, warehouse_path=data_dir / "warehouse.duckdb")


def _execute(settings: Settings, sql: str) -> None:
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute(sql)


def _rule(run, suite: str, rule: str):
    return next(r for r in run.outcome(suite).rows if r.rule_id == f"{suite}.{rule}")


# -- the suites ---------------------------------------------------------------------------------


def test_every_source_table_and_mart_has_a_suite() -> None:
    for spec in all_specs():
        assert spec.raw_relation in SUITES, spec.raw_relation
    for mart in ("fct_benchmark", "fct_goal_fulfilment", "fct_supervision_risk"):
        assert SUITES[f"marts.{mart}"].blocking
    assert not any(s.blocking for s in SUITES.values() if s.layer != "marts")
    rules = {r.rule_id for r in SUITES["marts.fct_benchmark"].rules}
    assert {
        "municipalities_per_list",
        "expected_share_range",
        "diff_count_is_actual_minus_expected",
        "diff_share_is_actual_minus_expected",
        "published_rank_range",
        "published_rank_unique_per_list",
        "expected_count_parts_sum_to_total",
        "row_count_drop",
    } <= rules


def test_sum_tolerances_hold_on_the_real_files_with_room_for_rounding() -> None:
    """|benefit groups − total| on the real Y30R21 files: counts 10 at most, shares 0.00."""
    worst_count = worst_share = 0.0
    for path in REAL_2020_LISTS:
        with duckdb.connect() as con:
            rows = con.execute(
                f"""
                with f as (
                    select * from read_csv('{path}', delim=';', decimal_separator=',', header=true)
                )
                select
                    max(abs(parts.e - total.e)), max(abs(parts.es - total.es))
                from (select "Area" as area, sum(columns('Forventet antal$')) as e,
                             sum(columns('Forventet andel \\(pct\\.\\)$')) as es
                      from f where "Ydelsesgrupper" <> 'Ydelsesgrupper i alt' group by 1) as parts
                join (select "Area" as area, columns('Forventet antal$') as e,
                             columns('Forventet andel \\(pct\\.\\)$') as es
                      from f where "Ydelsesgrupper" = 'Ydelsesgrupper i alt') as total
                    using (area)
                """
            ).fetchone()
        worst_count, worst_share = max(worst_count, rows[0]), max(worst_share, rows[1])
    limits = thresholds()
    assert worst_count == 10  # observed: each count is rounded to 10
    assert worst_share < 0.005
    assert worst_count <= limits["count_sum_tolerance"] <= 20
    assert worst_share <= limits["share_sum_tolerance_pp"] <= 0.02


def test_suites_pass_on_the_real_benchmark_and_docs_read_offline(
    small_warehouse: Settings, tmp_path: Path
) -> None:
    settings = _copy(small_warehouse, tmp_path)
    run = run_suites(
        settings, run_id="run-real", suites=[*BENCHMARK_SUITES, SUITES["marts.fct_goal_fulfilment"]]
    )
    assert [o.status for o in run.outcomes] == ["pass", "pass", "skipped"]
    assert run.outcome("marts.fct_benchmark").row_count == 784
    assert _rule(run, "marts.fct_benchmark", "municipalities_per_list").status == "pass"
    assert _rule(run, "marts.fct_benchmark", "row_count_drop").status == "skipped"  # no history
    skipped = run.outcome("marts.fct_goal_fulfilment").rows
    assert len(skipped) == 1 and "does not exist" in skipped[0].message
    # every row carries the run id, the data version of the two loads and the rule's threshold
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        content_hashes = [
            r[0] for r in con.execute("select sha256 from raw_meta.load_record").fetchall()
        ]
    assert run.info.data_version == data_version_of(content_hashes)
    assert {r.run_id for r in run.rows} == {"run-real"}
    assert {r.data_version for r in run.rows} == {run.info.data_version}
    # Data Docs: index and one validation page per suite, no CDN needed
    index = settings.data_dir / "quality" / "index.html"
    assert run.docs_index == index and index.exists()
    pages = list((settings.data_dir / "quality").rglob("*.html"))
    assert len([p for p in pages if "validations" in p.parts]) == 2
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", text), page
        for target in re.findall(r'(?:src|href)="([^"#?]+)', text):
            if not target.startswith(("http", "mailto:", "javascript:")):
                assert (page.parent / target).resolve().exists(), (page, target)
    assert (settings.data_dir / "quality" / "static" / "vendor" / "jquery.min.js").exists()
    assert "marts.fct_benchmark" in index.read_text(encoding="utf-8")


def test_corrupted_mart_value_fails_with_its_business_keys(
    small_warehouse: Settings, tmp_path: Path
) -> None:
    settings = _copy(small_warehouse, tmp_path)
    _execute(
        settings,
        "update marts.fct_benchmark set diff_count = diff_count + 100 "
        "where kommunekode = 607 and period_code = '2020QMAT04' and benefit_group = 'total'",
    )
    run = run_suites(settings, run_id="run-corrupt", suites=BENCHMARK_SUITES, build_docs=False)
    assert run.outcome("raw_jobindsats.y30r21").status == "pass"
    assert run.outcome("marts.fct_benchmark").status == "fail"
    failed = _rule(run, "marts.fct_benchmark", "diff_count_is_actual_minus_expected")
    assert (failed.status, failed.severity, failed.failing_count) == ("fail", "error", 1)
    assert failed.observed_value == "1 of 784 rows fail"
    assert failed.failing_keys == [
        {"kommunekode": 607, "period_code": "2020QMAT04", "benefit_group": "total"}
    ]
    assert [
        r.rule_id.rsplit(".", 1)[1] for r in run.outcome("marts.fct_benchmark").failed_rules
    ] == ["diff_count_is_actual_minus_expected"]


def test_missing_municipality_fails_the_list_count(
    small_warehouse: Settings, tmp_path: Path
) -> None:
    settings = _copy(small_warehouse, tmp_path)
    _execute(
        settings,
        "delete from marts.fct_benchmark where kommunekode = 751 "  # Aarhus
        "and period_code = '2020QMAT02' and benefit_group = 'sickness_benefit'",
    )
    run = run_suites(
        settings, run_id="run-97", suites=[SUITES["marts.fct_benchmark"]], build_docs=False
    )
    rule = _rule(run, "marts.fct_benchmark", "municipalities_per_list")
    assert rule.status == "fail"
    assert rule.failing_keys == [{"period_code": "2020QMAT02", "benefit_group": "sickness_benefit"}]
    parts = _rule(run, "marts.fct_benchmark", "expected_count_parts_sum_to_total")
    assert parts.status == "fail"
    assert parts.failing_keys == [{"kommunekode": 751, "period_code": "2020QMAT02"}]


def test_row_count_drop_is_a_warning_not_a_failure(
    small_warehouse: Settings, tmp_path: Path
) -> None:
    settings = _copy(small_warehouse, tmp_path)
    first = run_suites(
        settings, run_id="run-1", suites=[SUITES["marts.fct_benchmark"]], build_docs=False
    )
    record_rows(settings, first.info, first.rows)
    # the next build has lost one of the two periods
    _execute(settings, "delete from marts.fct_benchmark where period_code = '2020QMAT02'")
    second = run_suites(
        settings, run_id="run-2", suites=[SUITES["marts.fct_benchmark"]], build_docs=False
    )
    drop = _rule(second, "marts.fct_benchmark", "row_count_drop")
    assert (drop.status, drop.severity, drop.observed_value) == ("warn", "warning", "392")
    assert second.outcome("marts.fct_benchmark").status == "warn"  # warns, does not block


def test_history_is_appended_and_maps_data_versions_to_files(
    small_warehouse: Settings, tmp_path: Path
) -> None:
    settings = _copy(small_warehouse, tmp_path)
    for run_id in ("run-a", "run-b"):
        run = run_suites(settings, run_id=run_id, suites=BENCHMARK_SUITES, build_docs=False)
        record_rows(settings, run.info, run.rows)
    per_run = len(run.rows)
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        counts = dict(
            con.execute("select run_id, count(*) from quality.check_result group by 1").fetchall()
        )
        files = con.execute(
            "select l.file_name from quality.data_version_load v "
            "join raw_meta.load_record l using (load_id) where v.data_version = ? order by 1",
            [run.info.data_version],
        ).fetchall()
    assert counts == {"run-a": per_run, "run-b": per_run}
    assert files == [("y30r21_2020QMAT02.csv",), ("y30r21_2020QMAT04.csv",)]


def test_history_ddl_matches_the_dbt_hook() -> None:
    macro = (REPO_ROOT / "macros" / "quality" / "create_quality_history.sql").read_text()
    body = macro.split("{% macro create_quality_history() %}")[1].split("{% endmacro %}")[0]

    def normalise(sql: str) -> str:
        return re.sub(r"\s+", " ", sql).strip()

    assert normalise(body) == normalise(store.DDL)


def test_dbt_run_results_become_check_rows(tmp_path: Path) -> None:
    manifest = {
        "nodes": {
            "model.jobcenter.fct_benchmark": {
                "resource_type": "model",
                "name": "fct_benchmark",
                "schema": "marts",
                "alias": "fct_benchmark",
                "fqn": ["jobcenter", "marts", "benchmark", "fct_benchmark"],
            },
            "test.jobcenter.expr_fct_benchmark.abc": {
                "resource_type": "test",
                "name": "expr_fct_benchmark",
                "attached_node": "model.jobcenter.fct_benchmark",
                "test_metadata": {
                    "name": "expression_is_true",
                    "kwargs": {"expression": "diff_count = actual_count - expected_count"},
                },
                "config": {"severity": "ERROR"},
            },
        },
        "sources": {},
        "unit_tests": {},
    }
    results = {
        "metadata": {"generated_at": "2026-11-23T10:00:00Z"},
        "results": [
            {"unique_id": "model.jobcenter.fct_benchmark", "status": "success"},
            {
                "unique_id": "test.jobcenter.expr_fct_benchmark.abc",
                "status": "fail",
                "failures": 3,
                "message": "Got 3 results, configured to fail if != 0",
            },
        ],
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    (tmp_path / "run_results.json").write_text(json.dumps(results))
    info = RunInfo(run_id="r", git_commit="abc", data_version="v1", load_ids=("l1",))
    (row,) = check_rows(tmp_path, info)
    assert (row.check_source, row.layer, row.asset, row.status, row.failing_count) == (
        "dbt",
        "marts",
        "marts.fct_benchmark",
        "fail",
        3,
    )
    assert row.rule_description == (
        "dbt test expression_is_true (expression=diff_count = actual_count - expected_count)"
    )
    assert (row.run_id, row.data_version, row.git_commit) == ("r", "v1", "abc")


def test_raw_rule_names_the_municipality_by_code(small_warehouse: Settings, tmp_path: Path) -> None:
    settings = _copy(small_warehouse, tmp_path)
    _execute(
        settings,
        "update raw_jobindsats.y30r21 set diff_count = diff_count - 10 where area_name = "
        "'Fredericia' and period_code = '2020QMAT04' and benefit_group_label = 'Kontanthjælp mv.'",
    )
    run = run_suites(
        settings, run_id="run-raw", suites=[SUITES["raw_jobindsats.y30r21"]], build_docs=False
    )
    rule = _rule(run, "raw_jobindsats.y30r21", "diff_count_is_actual_minus_expected")
    assert rule.status == "fail"
    ((key),) = rule.failing_keys
    assert {
        k: key[k] for k in ("kommunekode", "area_name", "period_code", "benefit_group_label")
    } == {
        "kommunekode": 607,
        "area_name": "Fredericia",
        "period_code": "2020QMAT04",
        "benefit_group_label": "Kontanthjælp mv.",
    }
    assert key["load_id"].endswith(
        hashlib_prefix(FIXTURES / "jobindsats" / "y30r21_2020QMAT04.csv")
    )


def hashlib_prefix(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]

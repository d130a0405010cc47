"""Great Expectations suites (raw layer, the marts' drift), the check history and dbt results.

A small warehouse (the two real Y30R21 files, `+fct_benchmark` built) is made once per session;
tests that damage data work on copies of it.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import yaml

from expectations import all_suites
from orchestration.quality import store
from orchestration.quality.dbt_results import check_rows
from orchestration.quality.gx_runner import run_suites
from orchestration.quality.record import record_rows
from orchestration.quality.run_info import RunInfo, data_version_of
from orchestration.settings import REPO_ROOT, Settings
from orchestration.tables import all_specs
from tests.conftest import FIXTURES, REAL_LISTS, build_real_benchmark_mart

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


def test_every_source_table_and_mart_has_a_suite_and_the_marts_only_drift() -> None:
    for spec in all_specs():
        assert spec.raw_relation in SUITES, spec.raw_relation
    for mart in ("fct_benchmark", "fct_goal_fulfilment", "fct_supervision_risk"):
        # the marts' invariants are dbt tests; GX compares a mart with the previous run
        assert [r.rule_id for r in SUITES[f"marts.{mart}"].rules] == ["row_count_drop"]
    assert not [s for s in SUITES.values() if s.layer in ("staging", "intermediate")]
    raw = {r.rule_id for r in SUITES["raw_jobindsats.y30r21"].rules}
    assert {"row_unique", "expected_count_non_negative", "expected_share_pct_range"} <= raw
    assert not raw & {"municipalities_per_list", "expected_count_parts_sum_to_total"}


def test_rounding_alone_explains_every_real_list_but_the_sources_own_seven() -> None:
    """Counts are rounded to 10 and shares to 0.01 pp, each figure on its own, so three areas
    and their total may be four half-units apart (±20 persons, ±0.02 pp: the dbt vars in
    dbt_project.yml). Straight from the six real CSV files, without the warehouse: every
    municipality-list is within that, except the seven the source itself publishes apart."""
    units = yaml.safe_load((REPO_ROOT / "dbt_project.yml").read_text())["vars"]
    count_bound = 4 * units["y30r21_count_rounding_unit"] / 2
    share_bound = 4 * units["y30r21_share_rounding_unit_pp"] / 2
    sums: dict[tuple[str, str], list[float]] = {}
    for path in REAL_LISTS:
        _header, *lines = path.read_text(encoding="utf-8").splitlines()
        for line in lines:
            area, period, group, expected, actual, _, e_share, a_share, *_ = line.split(";")
            sign = -1 if group == "Ydelsesgrupper i alt" else 1
            figures = [float(x.replace(",", ".")) for x in (expected, actual, e_share, a_share)]
            residual = sums.setdefault((area, period), [0.0, 0.0, 0.0, 0.0])
            for k, figure in enumerate(figures):
                residual[k] += sign * figure
    assert len(sums) == 6 * 98
    beyond = [
        key
        for key, (e, a, es, as_) in sums.items()
        if max(abs(e), abs(a)) > count_bound or max(abs(es), abs(as_)) > share_bound + 1e-9
    ]
    assert sorted(beyond) == [
        ("Aarhus", "2021QMAT04"),
        ("Aarhus", "2022QMAT02"),
        ("Aarhus", "2022QMAT04"),
        ("Furesø", "2021QMAT04"),
        ("Herlev", "2021QMAT04"),
        ("København", "2021QMAT04"),
        ("København", "2022QMAT04"),
    ]


def test_suites_pass_on_the_real_benchmark_and_docs_read_offline(
    small_warehouse: Settings, tmp_path: Path
) -> None:
    settings = _copy(small_warehouse, tmp_path)
    run = run_suites(
        settings, run_id="run-real", suites=[*BENCHMARK_SUITES, SUITES["marts.fct_goal_fulfilment"]]
    )
    assert [o.status for o in run.outcomes] == ["pass", "pass", "skipped"]
    assert run.outcome("marts.fct_benchmark").row_count == 784
    assert _rule(run, "raw_jobindsats.y30r21", "row_unique").status == "pass"
    drop = _rule(run, "marts.fct_benchmark", "row_count_drop")
    assert (drop.status, drop.message) == (
        "skipped",
        "not enough data: no previous run to compare with",
    )
    skipped = run.outcome("marts.fct_goal_fulfilment").rows
    assert len(skipped) == 1 and skipped[0].message.startswith("not enough data")
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


def test_impossible_raw_value_fails_naming_the_municipality_by_code(
    small_warehouse: Settings, tmp_path: Path
) -> None:
    settings = _copy(small_warehouse, tmp_path)
    _execute(
        settings,
        "update raw_jobindsats.y30r21 set expected_count = -10 where area_name = "
        "'Fredericia' and period_code = '2020QMAT04' and benefit_group_label = 'Kontanthjælp mv.'",
    )
    run = run_suites(
        settings, run_id="run-raw", suites=[SUITES["raw_jobindsats.y30r21"]], build_docs=False
    )
    rule = _rule(run, "raw_jobindsats.y30r21", "expected_count_non_negative")
    assert (rule.status, rule.severity, rule.failing_count) == ("fail", "error", 1)
    assert rule.observed_value == "1 of 784 rows fail"
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
    assert run.outcome("raw_jobindsats.y30r21").status == "fail"


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


def test_an_empty_table_is_not_enough_data_unless_it_had_rows(
    small_warehouse: Settings, tmp_path: Path
) -> None:
    settings = _copy(small_warehouse, tmp_path)
    suite = [SUITES["marts.fct_benchmark"]]
    _execute(settings, "create table marts.saved as select * from marts.fct_benchmark")
    _execute(settings, "delete from marts.fct_benchmark")
    empty = run_suites(settings, run_id="run-empty", suites=suite, build_docs=False)
    outcome = empty.outcome("marts.fct_benchmark")
    assert outcome.status == "skipped"
    assert outcome.message == "not enough data: marts.fct_benchmark is empty"
    assert {r.status for r in outcome.rows} == {"skipped"}
    # a table that had rows in an earlier run and is empty now is a drop: a warning
    _execute(settings, "insert into marts.fct_benchmark select * from marts.saved")
    full = run_suites(settings, run_id="run-full", suites=suite, build_docs=False)
    record_rows(settings, full.info, full.rows)
    _execute(settings, "delete from marts.fct_benchmark")
    emptied = run_suites(settings, run_id="run-emptied", suites=suite, build_docs=False)
    assert emptied.outcome("marts.fct_benchmark").status == "warn"
    assert _rule(emptied, "marts.fct_benchmark", "row_count_drop").status == "warn"


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


def test_a_dbt_warning_names_its_municipalities_and_residuals(tmp_path: Path) -> None:
    """A warned test's failing rows (its compiled SQL run again) become business keys with the
    residuals; the observed value says who and by how much; a passed test is not re-run."""
    manifest = {
        "nodes": {
            "model.jobcenter.fct_benchmark": {
                "resource_type": "model",
                "name": "fct_benchmark",
                "schema": "marts",
                "fqn": ["jobcenter", "marts", "benchmark", "fct_benchmark"],
            },
            **{
                f"test.jobcenter.{name}.h": {
                    "resource_type": "test",
                    "name": name,
                    "description": f"{name} described",
                    "attached_node": "model.jobcenter.fct_benchmark",
                    "config": {"severity": severity},
                }
                for name, severity in (("area_counts", "warn"), ("pk", "ERROR"))
            },
        },
        "sources": {},
        "unit_tests": {},
    }
    results = {
        "metadata": {"generated_at": "2026-12-01T10:00:00Z"},
        "results": [
            {
                "unique_id": "test.jobcenter.area_counts.h",
                "status": "warn",
                "failures": 2,
                "compiled_code": "select 'the failing rows' as sql",
            },
            {
                "unique_id": "test.jobcenter.pk.h",
                "status": "pass",
                "failures": 0,
                "compiled_code": "select 1",
            },
        ],
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    (tmp_path / "run_results.json").write_text(json.dumps(results))
    asked: list[str] = []

    def failing_rows(sql: str) -> list[dict]:
        asked.append(sql)
        return [
            {
                "kommunekode": 751,
                "municipality_name": "Aarhus",
                "period_code": "2022QMAT02",
                "parts": 3,
                "expected_count_residual": Decimal("0"),
                "actual_count_residual": Decimal("-30"),
                "tolerance": 20.0,
            },
            {
                "kommunekode": 190,
                "municipality_name": "Furesø",
                "period_code": "2021QMAT04",
                "parts": 3,
                "expected_count_residual": Decimal("0.33"),
                "actual_count_residual": Decimal("0.32"),
                "tolerance": 0.02,
            },
        ]

    info = RunInfo(run_id="r", git_commit=None, data_version=None, load_ids=())
    warned, passed = check_rows(tmp_path, info, failing_rows)
    assert asked == ["select 'the failing rows' as sql"]  # the passed test is not re-run
    assert (warned.status, warned.severity, warned.failing_count) == ("warn", "warning", 2)
    assert warned.failing_keys == [
        {
            "kommunekode": 751,
            "municipality_name": "Aarhus",
            "period_code": "2022QMAT02",
            "expected_count_residual": 0,
            "actual_count_residual": -30,
            "tolerance": 20.0,
        },
        {
            "kommunekode": 190,
            "municipality_name": "Furesø",
            "period_code": "2021QMAT04",
            "expected_count_residual": 0.33,
            "actual_count_residual": 0.32,
            "tolerance": 0.02,
        },
    ]
    assert warned.observed_value == (
        "2 failing rows: Aarhus 2022QMAT02 (expected_count_residual=0, "
        "actual_count_residual=-30); Furesø 2021QMAT04 (expected_count_residual=0.33, "
        "actual_count_residual=0.32)"
    )
    assert warned.rule_description == "area_counts described"
    assert (passed.status, passed.severity, passed.failing_keys) == ("pass", "error", None)


def hashlib_prefix(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]

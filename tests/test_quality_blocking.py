"""The severity model at the Dagster step that publishes: a Great Expectations rule that fails
with severity error stops the real `serving_warehouse` asset (the previous serving copy stays
byte for byte); a warning (here the row-count drop of a mart) never does, and the copy is
published. Both are recorded in the history with their keys.

Runs the real multi-asset check (`build_suite_checks`) and the real `serving_warehouse` asset in a
small Dagster job, with stand-ins for the raw and dbt assets (the tables are already built).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest
from dagster import (
    AssetCheckSpec,
    AssetSelection,
    DagsterInstance,
    Definitions,
    asset,
    define_asset_job,
    in_process_executor,
)

from expectations import all_suites
from orchestration.assets.outputs import serving_warehouse
from orchestration.assets.quality import asset_key_of, build_suite_checks
from orchestration.publish.serving import publish_serving_copy, serving_path
from orchestration.quality.gx_runner import run_suites
from orchestration.quality.record import record_rows
from orchestration.settings import Settings
from tests.test_quality import small_warehouse  # noqa: F401 - the session fixture

SUITES = {s.name: s for s in all_suites()}
CHECKED = ("raw_jobindsats.y30r21", "marts.fct_benchmark")


def _job():
    checked = {}
    for name in CHECKED:
        suite = SUITES[name]
        checked[name] = (suite, AssetCheckSpec(name=suite.check_name, asset=asset_key_of(suite)))

    @asset(key=asset_key_of(SUITES["raw_jobindsats.y30r21"]))
    def raw_y30r21() -> None:
        """Stand-in for the raw asset: the table is already loaded."""

    @asset(key=asset_key_of(SUITES["marts.fct_benchmark"]), deps=[raw_y30r21])
    def fct_benchmark() -> None:
        """Stand-in for the dbt model: the table is already built."""

    defs = Definitions(
        assets=[raw_y30r21, fct_benchmark, serving_warehouse],
        asset_checks=[build_suite_checks(checked, [])],
        jobs=[define_asset_job("t", AssetSelection.all(), executor_def=in_process_executor)],
    )
    return defs.resolve_job_def("t")


@pytest.fixture
def warehouse(small_warehouse: Settings, tmp_path: Path, monkeypatch) -> Settings:  # noqa: F811
    data_dir = tmp_path / "data"
    shutil.copytree(small_warehouse.data_dir, data_dir)
    monkeypatch.setenv("JOBCENTER_DATA_DIR", str(data_dir))
    monkeypatch.setenv("DBT_TARGET_PATH", str(data_dir / "dbt_target"))
    monkeypatch.delenv("JOBCENTER_WAREHOUSE", raising=False)
    settings = Settings.from_env()
    publish_serving_copy(settings)  # yesterday's good copy
    return settings


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _execute(settings: Settings, sql: str) -> None:
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute(sql)


def _history(settings: Settings, run_id: str, rule_id: str) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute(
            "select status, severity, failing_keys from quality.check_result "
            "where run_id = ? and rule_id = ?",
            [run_id, rule_id],
        ).fetchall()


def test_a_warning_never_stops_the_serving_copy(warehouse: Settings) -> None:
    # the previous run saw both periods; this one has lost 2020QMAT02: a drift warning
    earlier = run_suites(
        warehouse, run_id="earlier", suites=[SUITES["marts.fct_benchmark"]], build_docs=False
    )
    record_rows(warehouse, earlier.info, earlier.rows)
    _execute(warehouse, "delete from marts.fct_benchmark where period_code = '2020QMAT02'")
    before = _sha(serving_path(warehouse))

    result = _job().execute_in_process(instance=DagsterInstance.ephemeral(), raise_on_error=False)

    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    drift = evaluations["gx_marts__fct_benchmark"]
    assert not drift.passed and drift.severity.value == "WARN"
    assert "row_count_drop: warning" in drift.description
    assert evaluations["gx_raw_jobindsats__y30r21"].passed
    assert result.success
    assert result.asset_materializations_for_node("serving_warehouse")
    assert _sha(serving_path(warehouse)) != before  # published
    assert _history(warehouse, result.run_id, "marts.fct_benchmark.row_count_drop") == [
        ("warn", "warning", None)
    ]


def test_an_error_keeps_the_previous_serving_copy(warehouse: Settings) -> None:
    before = _sha(serving_path(warehouse))
    _execute(
        warehouse,
        "update raw_jobindsats.y30r21 set actual_share_pct = 101 where area_name = 'Norddjurs' "
        "and period_code = '2020QMAT04' and benefit_group_label = 'Ydelsesgrupper i alt'",
    )

    result = _job().execute_in_process(instance=DagsterInstance.ephemeral(), raise_on_error=False)

    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    raw = evaluations["gx_raw_jobindsats__y30r21"]
    assert not raw.passed and raw.severity.value == "ERROR"
    assert "actual_share_pct_range: fail" in raw.description and "707" in raw.description
    assert not result.success
    assert not result.asset_materializations_for_node("serving_warehouse")
    assert _sha(serving_path(warehouse)) == before  # BI still reads the last good copy
    (row,) = _history(warehouse, result.run_id, "raw_jobindsats.y30r21.actual_share_pct_range")
    assert row[:2] == ("fail", "error")
    assert '"kommunekode": 707' in row[2] and '"period_code": "2020QMAT04"' in row[2]

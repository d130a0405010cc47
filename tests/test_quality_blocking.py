"""A failed mart suite is a BLOCKING Dagster asset check: what depends on the mart (the serving
copy) does not run, and the serving copy BI tools read is not replaced. The check's own result is
recorded in the history all the same.

Runs the real multi-asset check (`build_suite_checks`) for the fct_benchmark suite in a small
Dagster job: a stand-in for the dbt mart asset (the table is already built), the check, and a
downstream asset that publishes the serving copy with orchestration/publish/serving.py.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest
from dagster import (
    AssetCheckSpec,
    AssetKey,
    AssetSelection,
    DagsterInstance,
    Definitions,
    asset,
    define_asset_job,
    in_process_executor,
)

from expectations import all_suites
from orchestration.assets.quality import build_suite_checks
from orchestration.publish.serving import publish_serving_copy, serving_path
from orchestration.settings import Settings
from tests.test_quality import small_warehouse  # noqa: F401 - the session fixture

MART = AssetKey(["marts", "fct_benchmark"])


def _job():
    suite = next(s for s in all_suites() if s.name == "marts.fct_benchmark")
    spec = AssetCheckSpec(name=suite.check_name, asset=MART, blocking=suite.blocking)

    @asset(key=MART)
    def fct_benchmark() -> None:
        """Stand-in for the dbt model: the table is already in the warehouse."""

    @asset(deps=[MART])
    def serving_copy() -> None:
        publish_serving_copy(Settings.from_env())

    defs = Definitions(
        assets=[fct_benchmark, serving_copy],
        asset_checks=[build_suite_checks({suite.name: (suite, spec)}, [])],
        jobs=[define_asset_job("t", AssetSelection.all(), executor_def=in_process_executor)],
    )
    return defs.resolve_job_def("t")


@pytest.fixture
def warehouse(small_warehouse: Settings, tmp_path: Path, monkeypatch) -> Settings:  # noqa: F811
    data_dir = tmp_path / "data"
    shutil.copytree(small_warehouse.data_dir, data_dir, ignore=shutil.ignore_patterns("dbt_target"))
    monkeypatch.setenv("JOBCENTER_DATA_DIR", str(data_dir))
    monkeypatch.delenv("JOBCENTER_WAREHOUSE", raising=False)
    return Settings.from_env()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_passing_check_lets_the_serving_copy_be_published(warehouse: Settings) -> None:
    result = _job().execute_in_process(instance=DagsterInstance.ephemeral(), raise_on_error=False)
    assert result.success
    (evaluation,) = result.get_asset_check_evaluations()
    assert evaluation.passed
    assert result.asset_materializations_for_node("serving_copy")
    assert serving_path(warehouse).exists()


def test_corrupted_mart_blocks_the_serving_copy(warehouse: Settings) -> None:
    publish_serving_copy(warehouse)  # yesterday's good copy
    before = _sha(serving_path(warehouse))
    with duckdb.connect(str(warehouse.warehouse_path)) as con:
        con.execute(
            "update marts.fct_benchmark set diff_count = diff_count + 100 "
            "where kommunekode = 607 and period_code = '2020QMAT04' and benefit_group = 'total'"
        )

    result = _job().execute_in_process(instance=DagsterInstance.ephemeral(), raise_on_error=False)

    (evaluation,) = result.get_asset_check_evaluations()
    assert not evaluation.passed
    assert evaluation.severity.value == "ERROR"
    assert "diff_count_is_actual_minus_expected" in evaluation.description
    assert "607" in evaluation.description  # the failing business key, in the check itself
    assert not result.asset_materializations_for_node("serving_copy")  # did not run
    assert _sha(serving_path(warehouse)) == before  # BI still reads the last good copy
    # the failure is in the history, with its run id and business keys
    with duckdb.connect(str(warehouse.warehouse_path), read_only=True) as con:
        rows = con.execute(
            "select status, failing_keys from quality.check_result where run_id = ? "
            "and rule_id = 'marts.fct_benchmark.diff_count_is_actual_minus_expected'",
            [result.run_id],
        ).fetchall()
    assert rows == [
        ("fail", '[{"kommunekode": 607, "period_code": "2020QMAT04", "benefit_group": "total"}]')
    ]

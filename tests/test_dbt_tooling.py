"""The dbt plumbing around Dagster: the background `dbt parse` and the dbt CLI resource that
skips dagster-dbt's start-up work this project does not need (orchestration/dbt_cli.py)."""

from __future__ import annotations

import inspect
import re
import subprocess
from pathlib import Path

import pytest
from dagster_dbt import DbtCliResource

from orchestration import dbt_parse
from orchestration.dbt_cli import WarehouseDbtCliResource
from orchestration.project import DBT_EXECUTABLE, dbt_project


def test_overridden_members_still_exist_and_are_used_by_dagster_dbt():
    """An upgrade of dagster-dbt that renames them must fail here, not silently slow down."""
    members = vars(DbtCliResource)
    assert "_cli_version" in members
    assert "_initialize_dbt_core_adapter" in members
    source = inspect.getsource(DbtCliResource.cli)
    assert "self._cli_version" in source
    assert "self._initialize_dbt_core_adapter(" in source


def test_resource_reports_the_version_of_the_dbt_executable_it_runs():
    resource = WarehouseDbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)
    output = subprocess.run(
        [DBT_EXECUTABLE, "--version"], capture_output=True, text=True, check=True
    ).stdout
    core = re.search(r"(?:Core|installed):\s*(\d+\.\d+\.\d+)", output)
    assert core, output
    assert str(resource._cli_version) == core.group(1)
    assert resource._cli_version.major < 2  # dbt Core, so dagster-dbt takes its Core code path
    assert resource._initialize_dbt_core_adapter(["build"]) is None


def test_background_parse_writes_the_manifest_then_is_not_needed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    monkeypatch.setenv("JOBCENTER_DATA_DIR", str(tmp_path))
    assert dbt_parse.manifest_is_stale()
    parse = dbt_parse.start_dbt_parse()
    assert parse is not None
    parse.wait()
    assert (tmp_path / "target" / "manifest.json").exists()
    assert not dbt_parse.manifest_is_stale()
    assert dbt_parse.start_dbt_parse() is None


def test_failed_parse_raises_with_dbt_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    monkeypatch.setattr(dbt_parse, "DBT_EXECUTABLE", "false")
    parse = dbt_parse.start_dbt_parse(force=True)
    assert parse is not None
    with pytest.raises(RuntimeError, match="dbt parse failed"):
        parse.wait()


def test_dbt_output_summary_keeps_failures_and_turns_node_lines_into_quarters():
    import io

    from orchestration.runner import DbtOutputSummary

    out, progress = io.StringIO(), []
    summary = DbtOutputSummary(out, progress.append)
    summary.write("Running with dbt=1.11.16\nConcurrency: 2 threads (target='duckdb')\n\n")
    summary.write("1 of 1 START hook: jobcenter.on-run-start.0 .... [RUN]\n")
    summary.write("1 of 1 OK hook: jobcenter.on-run-start.0 ...... [OK in 0.02s]\n")
    for n in range(1, 9):
        summary.write(f"{n} of 8 START test t{n} .... [RUN]\n")
        status = "\x1b[31mFAIL 3\x1b[0m" if n == 5 else "\x1b[32mPASS\x1b[0m"
        summary.write(f"{n} of 8 {status} t{n} ...... [{status} in 0.02s]\n")
    summary.write("Failure in test t5 (models/x.yml)\n  Got 3 results, configured to fail if != 0")
    summary.write("\nDone. PASS=7 WARN=0 ERROR=1 SKIP=0 NO-OP=0 TOTAL=8\n")
    shown = out.getvalue()
    assert "Running with dbt" not in shown and "START" not in shown and "PASS\x1b" not in shown
    assert "5 of 8 \x1b[31mFAIL 3" in shown  # a failing node is never summarised away
    assert "Failure in test t5" in shown and "Got 3 results" in shown
    assert "Done. PASS=7 WARN=0 ERROR=1" in shown
    assert progress == [f"    dbt: {n} of 8 nodes" for n in (2, 4, 6, 8)]


def test_a_warning_is_printed_as_a_warning_and_an_error_as_failed():
    """The CLI's words follow the severity model: `! warning …` for a check stored as a
    warning (never "failed"), `✗ … failed` for an error, nothing for a pass."""
    from dagster import AssetCheckEvaluation, AssetCheckSeverity, AssetKey

    from orchestration.runner import check_line

    def evaluation(passed: bool, severity: AssetCheckSeverity, **extra):
        return AssetCheckEvaluation(
            asset_key=AssetKey(["marts", "fct_benchmark"]),
            check_name="fct_benchmark_area_counts_sum_to_total",
            passed=passed,
            severity=severity,
            **extra,
        )

    warned = evaluation(
        False, AssetCheckSeverity.WARN, metadata={"dagster_dbt/failed_row_count": 5}
    )
    assert check_line(warned) == (
        "  ! warning fct_benchmark_area_counts_sum_to_total on marts/fct_benchmark: 5 failing rows"
    )
    failed = evaluation(False, AssetCheckSeverity.ERROR, description="Aarhus missing")
    assert check_line(failed) == (
        "  ✗ check fct_benchmark_area_counts_sum_to_total on marts/fct_benchmark failed: "
        "Aarhus missing"
    )
    assert check_line(evaluation(True, AssetCheckSeverity.ERROR)) is None

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

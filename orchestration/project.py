"""The dbt project as Dagster sees it. Kept apart from definitions.py on purpose: preparing the
project (dbt parse → target/manifest.json, in orchestration/dbt_parse.py) must not import the
@dbt_assets that need the manifest (TOOLCHAIN.md P2)."""

from __future__ import annotations

from dagster_dbt import DbtProject

from orchestration.dbt_parse import DBT_EXECUTABLE, prepare_dbt_project, target_path
from orchestration.settings import REPO_ROOT

__all__ = ["DBT_EXECUTABLE", "dbt_project", "prepare_dbt_project"]

dbt_project = DbtProject(
    project_dir=REPO_ROOT,
    profiles_dir=REPO_ROOT,
    # Parallel runs (tests, CI) keep their dbt artefacts apart through DBT_TARGET_PATH.
    target_path=target_path(),
)

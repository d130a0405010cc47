"""The dbt project as Dagster sees it. Kept apart from definitions.py on purpose: preparing the
project (dbt parse → target/manifest.json) must not import the @dbt_assets that need the
manifest (TOOLCHAIN.md P2)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from orchestration.settings import REPO_ROOT

dbt_project = DbtProject(
    project_dir=REPO_ROOT,
    profiles_dir=REPO_ROOT,
    # Parallel runs (tests, CI) keep their dbt artefacts apart through DBT_TARGET_PATH.
    target_path=os.environ.get("DBT_TARGET_PATH", "target"),
)

DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")

_WATCHED = ("models", "seeds", "macros", "snapshots", "tests/dbt")


def manifest_is_stale() -> bool:
    manifest = dbt_project.manifest_path
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    files = [REPO_ROOT / "dbt_project.yml", REPO_ROOT / "profiles.yml"]
    for folder in _WATCHED:
        files.extend(p for p in (REPO_ROOT / folder).rglob("*") if p.is_file())
    return any(f.stat().st_mtime > built for f in files if f.exists())


def prepare_dbt_project(force: bool = False) -> None:
    """Parse the dbt project when the manifest is missing or older than any model or seed."""
    if force or manifest_is_stale():
        # `dbt parse` with the dbt beside this Python: dagster-dbt's own preparer looks for
        # `dbt` on PATH, which an un-activated venv does not have.
        result = subprocess.run(
            [
                DBT_EXECUTABLE,
                "parse",
                "--quiet",
                "--project-dir",
                str(REPO_ROOT),
                "--profiles-dir",
                str(REPO_ROOT),
                "--target-path",
                str(dbt_project.target_path),
            ],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"dbt parse failed:\n{result.stdout}\n{result.stderr}")

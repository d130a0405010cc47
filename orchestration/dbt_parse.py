"""Keeping dbt's manifest current: `dbt parse` when it is missing or older than the project.

Without Dagster imports on purpose: the CLI starts the parse in the background as its very
first step, so it runs while the data is landed and while Dagster and dagster-dbt are imported
(`jobcenter demo` on a fresh clone: the parse alone takes about 8 s).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from orchestration.processes import die_with_parent
from orchestration.settings import REPO_ROOT

# The dbt installed beside this Python, whether or not the venv is on PATH.
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")
# The same dbt, started so that it dies with the process that started it (processes.py); the
# plain dbt where the venv predates the `jobcenter-dbt` entry point (re-run scripts/setup.sh).
_DBT_CHILD = Path(sys.executable).parent / "jobcenter-dbt"
DBT_CHILD_EXECUTABLE = str(_DBT_CHILD) if _DBT_CHILD.exists() else DBT_EXECUTABLE

_WATCHED = ("models", "seeds", "macros", "snapshots", "tests/dbt")


def target_path() -> Path:
    """dbt's target folder: $DBT_TARGET_PATH (parallel runs keep their artefacts apart), else
    target/ in the project."""
    return REPO_ROOT / os.environ.get("DBT_TARGET_PATH", "target")


def manifest_is_stale() -> bool:
    manifest = target_path() / "manifest.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    files = [REPO_ROOT / "dbt_project.yml", REPO_ROOT / "profiles.yml"]
    for folder in _WATCHED:
        files.extend(p for p in (REPO_ROOT / folder).rglob("*") if p.is_file())
    return any(f.stat().st_mtime > built for f in files if f.exists())


class DbtParse:
    """A `dbt parse` started in the background; `wait()` raises when it failed."""

    def __init__(self) -> None:
        # `dbt parse` with the dbt beside this Python: dagster-dbt's own preparer looks for
        # `dbt` on PATH, which an un-activated venv does not have.
        self._process = subprocess.Popen(
            [
                DBT_EXECUTABLE,
                "parse",
                "--quiet",
                "--project-dir",
                str(REPO_ROOT),
                "--profiles-dir",
                str(REPO_ROOT),
                "--target-path",
                str(target_path()),
            ],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=die_with_parent,  # killing the CLI ends the parse too
        )

    def wait(self) -> None:
        stdout, stderr = self._process.communicate()
        if self._process.returncode != 0:
            raise RuntimeError(f"dbt parse failed:\n{stdout}\n{stderr}")


def start_dbt_parse(force: bool = False) -> DbtParse | None:
    """Start `dbt parse` when the manifest is missing or stale; None when it is current."""
    return DbtParse() if force or manifest_is_stale() else None


def prepare_dbt_project(force: bool = False) -> None:
    """Parse the dbt project when the manifest is missing or older than any model or seed."""
    parse = start_dbt_parse(force)
    if parse is not None:
        parse.wait()

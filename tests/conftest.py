"""Shared fixtures: real fixture files, and one demo warehouse built once per test session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# a subprocess's environment that builds into its own folder and dbt target path
from orchestration.settings import isolated_environment as isolated_env

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = REPO_ROOT / "tests" / "fixtures"
JOBCENTER = str(Path(sys.executable).parent / "jobcenter")
# The real published lists in tests/fixtures/jobindsats/ (README there): the 2020 pair the first
# fixtures were, and all six consecutive lists 2020QMAT02 … 2022QMAT04.
REAL_2020_LISTS = tuple(FIXTURES / "jobindsats" / f"y30r21_2020QMAT0{q}.csv" for q in (2, 4))
REAL_LISTS = tuple(sorted((FIXTURES / "jobindsats").glob("y30r21_*.csv")))


@pytest.fixture(scope="session")
def y30r21_2020q4_path() -> Path:
    return FIXTURES / "jobindsats" / "y30r21_2020QMAT04.csv"


@pytest.fixture(scope="session")
def y30r21_2020q2_path() -> Path:
    return FIXTURES / "jobindsats" / "y30r21_2020QMAT02.csv"


def run_cli(args: list[str], data_dir: Path, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [JOBCENTER, *args],
        cwd=REPO_ROOT,
        env=isolated_env(data_dir),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Settings of an empty warehouse in a temporary folder (for in-process tests)."""
    from orchestration.settings import Settings

    monkeypatch.setenv("JOBCENTER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("JOBCENTER_WAREHOUSE", raising=False)
    return Settings.from_env()


@pytest.fixture(scope="session")
def real_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The six REAL published Y30R21 lists 2020QMAT02 … 2022QMAT04 (tests/fixtures/jobindsats)
    loaded with `jobcenter load` and built with `jobcenter build`, which publishes them with the
    source's own 7 inconsistencies as warnings; returns the data folder."""
    data_dir = tmp_path_factory.mktemp("real") / "data"
    files = [str(p) for p in REAL_LISTS]
    for args in (["load", *files], ["build"]):
        result = run_cli(args, data_dir)
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return data_dir


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`jobcenter demo` run once, as a user runs it; returns the data folder. What it printed
    is kept beside it (`demo_output(data_dir)`)."""
    data_dir = tmp_path_factory.mktemp("demo") / "data"
    result = run_cli(["demo"], data_dir)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    demo_output(data_dir).write_text(result.stdout + result.stderr, encoding="utf-8")
    return data_dir


def demo_output(data_dir: Path) -> Path:
    """The file holding what `jobcenter demo` printed when it built `data_dir`."""
    return data_dir.parent / "demo_output.txt"


def build_real_benchmark_mart(
    data_dir: Path,
    select: str = "+fct_benchmark",
    lists: tuple[Path, ...] = REAL_2020_LISTS,
):
    """A small warehouse: the two real Y30R21 files loaded (or `lists`), every raw table created
    (empty, as the Dagster raw assets make them), and only `+fct_benchmark` (or `select`) built
    with dbt, so work on other models cannot break the tests that use it. Returns its
    `Settings`."""
    from orchestration.ingest import ingest_file, sync_table
    from orchestration.settings import Settings
    from orchestration.tables import all_specs

    settings = Settings(data_dir=data_dir, warehouse_path=data_dir / "warehouse.duckdb")
    for path in lists:
        ingest_file(path, source="jobindsats", table="y30r21", settings=settings)
    for spec in all_specs():
        sync_table(spec.source, spec.table, settings)
    env = isolated_env(data_dir)
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            "build",
            "--select",
            select,
            "--resource-type",
            "seed",
            "model",
            "--target-path",
            env["DBT_TARGET_PATH"],
            "--quiet",
        ],
        cwd=REPO_ROOT,
        env={
            **env,
            "DBT_PROFILES_DIR": str(REPO_ROOT),
            "JOBCENTER_WAREHOUSE": str(settings.warehouse_path),
        },
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return settings


@pytest.fixture(scope="session")
def parsed_manifest_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The manifest of `dbt parse` into a folder of its own (no build, no warehouse), for the
    tests that read the project's YAML as dbt resolves it."""
    from orchestration import dbt_parse

    target = tmp_path_factory.mktemp("dbt_parse_session")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DBT_TARGET_PATH", str(target))
        dbt_parse.prepare_dbt_project(force=True)  # raises with dbt's output when it fails
    return target / "manifest.json"

"""Where the warehouse keeps its files. Every path comes from one place, so tests, CI and
parallel runs can point a whole run at a temporary folder with one environment variable."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO_ROOT / "seeds"


@dataclass(frozen=True)
class Settings:
    """Resolved paths of one warehouse instance.

    `JOBCENTER_DATA_DIR` moves everything (landing zone, warehouse, serving copy, reports);
    `JOBCENTER_WAREHOUSE` moves only the DuckDB build file.
    """

    data_dir: Path
    warehouse_path: Path

    @classmethod
    def from_env(cls) -> Settings:
        data_dir = Path(os.environ.get("JOBCENTER_DATA_DIR", REPO_ROOT / "data")).resolve()
        warehouse = os.environ.get("JOBCENTER_WAREHOUSE")
        warehouse_path = Path(warehouse).resolve() if warehouse else data_dir / "warehouse.duckdb"
        return cls(data_dir=data_dir, warehouse_path=warehouse_path)

    @property
    def landing_dir(self) -> Path:
        return self.data_dir / "landing"

    @property
    def quarantine_dir(self) -> Path:
        return self.data_dir / "quarantine"

    @property
    def drop_dir(self) -> Path:
        return self.data_dir / "drop"

    @property
    def serving_dir(self) -> Path:
        return self.data_dir / "serving"

    @property
    def dagster_home(self) -> Path:
        return self.data_dir / "dagster_home"

    def export_to_environment(self) -> None:
        """Make dbt (run as a subprocess by Dagster) build into the same DuckDB file."""
        os.environ["JOBCENTER_DATA_DIR"] = str(self.data_dir)
        os.environ["JOBCENTER_WAREHOUSE"] = str(self.warehouse_path)


# The CLI's PID, for its dbt children (orchestration/processes.py): a child whose parent is
# already gone when it starts (the CLI was killed between fork and prctl) exits at once instead
# of running orphaned.
PARENT_PID_ENV = "JOBCENTER_DBT_PARENT_PID"


def isolated_environment(data_dir: Path) -> dict[str, str]:
    """This process's environment for a `jobcenter` subprocess that works in `data_dir` alone:
    its own warehouse, dbt target folder and Dagster home (tests and benchmarks run side by side
    without sharing a DuckDB file)."""
    env = dict(os.environ)
    env.pop("JOBCENTER_WAREHOUSE", None)
    # the PID a `jobcenter-dbt` checks its parent against is this process's own business (a
    # test runner that ran the CLI in-process has it set): a subprocess sets its own
    env.pop(PARENT_PID_ENV, None)
    env["JOBCENTER_DATA_DIR"] = str(data_dir)
    env["DBT_TARGET_PATH"] = str(data_dir / "dbt_target")
    env["DAGSTER_HOME"] = str(data_dir / "dagster_home")
    return env

"""The dbt CLI resource of the warehouse: dagster-dbt's `DbtCliResource` without the two
start-up costs it pays on every `dbt.cli(...)` call for features this project does not use.

Measured with cProfile on the demo's refresh job (dagster-dbt 0.29.27), `DbtCliResource.cli`
spent about 6 s before it started dbt:

- `_cli_version` runs `dbt --version` in a subprocess (about 3.5 s: a second full dbt import)
  only to learn whether the executable is dbt Core or Fusion. Our executable is always the dbt
  Core installed beside this Python (project.DBT_EXECUTABLE), so the installed distribution's
  version answers the same question without a process.
- `_initialize_dbt_core_adapter` loads the profile, project and DuckDB adapter in this process
  (about 2.8 s). dagster-dbt needs that handle only for `fetch_column_metadata()` and
  `fetch_row_counts()`, which our dbt asset does not call; without it `DbtCliInvocation`
  runs unchanged (it accepts `adapter=None`, as with Fusion).

Both override private members of the pinned dagster-dbt; tests/test_dbt_cli.py fails if a new
version renames them, so an upgrade cannot silently bring the cost back or break the build.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import version as distribution_version

from dagster_dbt import DbtCliResource
from packaging import version


class WarehouseDbtCliResource(DbtCliResource):
    """`DbtCliResource` for the dbt Core beside this Python, without column-metadata support."""

    @property
    def _cli_version(self) -> version.Version:
        return version.parse(distribution_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:  # type: ignore[override]
        return None

"""The dbt models, seeds and tests as Dagster assets and asset checks."""

from collections.abc import Mapping, Sequence
from typing import Any

from dagster import AssetCheckSpec, AssetExecutionContext, AssetSpec
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from orchestration.project import dbt_project, prepare_dbt_project
from orchestration.quality.record import record_dbt_tests

# @dbt_assets reads the manifest at import: make sure it describes the models on disk, for
# `dagster dev`, `dagster definitions validate` and the CLI alike (no-op when it is current).
prepare_dbt_project()


class JobcenterTranslator(DagsterDbtTranslator):
    """Group assets by layer: the first folder under models/ (staging, intermediate, marts);
    owners from the model's dbt group (models/_groups.yml: the data team, no personal address);
    every dbt test's asset check says what it checks and its severity."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "dbt"

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> Sequence[str] | None:
        # dagster-dbt passes the group's properties, or only its name
        group = dbt_resource_props.get("group")
        name = group.get("name") if isinstance(group, Mapping) else group
        return [f"team:{name}"] if name else super().get_owners(dbt_resource_props)

    def get_asset_check_spec(
        self,
        asset_spec: AssetSpec,
        manifest: Mapping[str, Any],
        unique_id: str,
        project: DbtProject | None,
    ) -> AssetCheckSpec | None:
        # dagster-dbt takes a check's description from the test's `meta` only; ours are in the
        # test's `description` (dbt's own place, also read by docs and the check history)
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        test = manifest["nodes"].get(unique_id) or {}
        description = (test.get("description") or "").strip()
        if spec is None or spec.description or not description:
            return spec
        severity = str((test.get("config") or {}).get("severity") or "error").lower()
        words = (
            "warning, never stops publishing" if severity == "warn" else "error, blocks publishing"
        )
        return spec._replace(description=f"{description} (severity: {words})")


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=JobcenterTranslator(
        settings=DagsterDbtTranslatorSettings(
            enable_asset_checks=True,
            # dbt tests on sources (raw tables) become checks of the raw assets, not warnings
            enable_source_tests_as_checks=True,
        )
    ),
)
def jobcenter_dbt_assets(context: AssetExecutionContext, dbt: DbtCliResource):
    invocation = dbt.cli(["build"], context=context)
    try:
        yield from invocation.stream()
    finally:
        # dbt tests into the check history (quality.check_result), failed builds included
        record_dbt_tests(context, invocation.target_path)

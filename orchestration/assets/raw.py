"""Raw-layer assets: one per registered source table, keyed as dbt names the source
([source, table]), so the dbt staging models depend on them without extra wiring."""

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    AssetSpec,
    MaterializeResult,
    asset,
)

from orchestration.ingest import sync_table
from orchestration.settings import Settings
from orchestration.tables import TableSpec, all_specs


def build_raw_asset(spec: TableSpec) -> AssetsDefinition:
    @asset(
        key=AssetKey([spec.source, spec.table]),
        group_name="raw",
        description=(
            f"{spec.description}\n\nLoads every file landed under "
            f"data/landing/{spec.source}/{spec.table}/ that raw does not hold yet into "
            f"{spec.raw_relation}."
        ),
        kinds={"python", "duckdb"},
    )
    def _raw_asset(context: AssetExecutionContext) -> MaterializeResult:
        result = sync_table(spec.source, spec.table, Settings.from_env())
        context.log.info(
            f"{spec.raw_relation}: {result.loads_added} new load(s), {result.rows_added} row(s); "
            f"{result.loads_total} load(s) landed in all"
        )
        return MaterializeResult(
            metadata={
                "loads_added": result.loads_added,
                "rows_added": result.rows_added,
                "loads_total": result.loads_total,
            }
        )

    return _raw_asset


# The landing zone's bookkeeping, written in the transaction that inserts a load's rows (by the
# raw assets above and by `jobcenter load`): an asset Dagster shows, but no step of its own.
load_record = AssetSpec(
    AssetKey(["raw_meta", "load_record"]),
    group_name="raw",
    kinds={"duckdb"},
    description=(
        "raw_meta.load_record: one row per landed file (load id, source, table, file name, "
        "sha256, rows, time of receipt, whether synthetic), written with the load's rows "
        "(orchestration/raw_store.py); the lineage of every mart row to data/landing/."
    ),
)


@asset(
    key=AssetKey(["persons", "load_records"]),
    group_name="raw",
    description=(
        "The load records of the person-level Parquet files (data/landing/persons/): dbt reads "
        "the files where they lie, so there is no raw table; this writes every landed file's "
        "record that raw_meta.load_record lacks (a warehouse rebuilt from the landing zone)."
    ),
    kinds={"python", "duckdb"},
)
def person_load_records(context: AssetExecutionContext) -> MaterializeResult:
    from orchestration.persons.landing import sync_person_records

    written = sync_person_records(Settings.from_env())
    context.log.info(f"raw_meta.load_record: {written} person-level load record(s) restored")
    return MaterializeResult(metadata={"records_restored": written})


raw_assets = [*(build_raw_asset(spec) for spec in all_specs()), person_load_records]

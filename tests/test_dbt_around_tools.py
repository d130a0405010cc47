"""dbt knows the tools around it: the outputs as exposures with an owner, the raw sources' freshness
from the load records and the release calendar, every column of every model described; and every
Dagster asset sits in a named group with a description."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from orchestration.raw_store import LOAD_RECORD_DDL
from orchestration.settings import REPO_ROOT

DBT = str(Path(sys.executable).parent / "dbt")


@pytest.fixture(scope="module")
def manifest(parsed_manifest_path: Path) -> dict:
    return json.loads(parsed_manifest_path.read_text(encoding="utf-8"))


def test_the_outputs_are_exposures_owned_by_the_data_team(manifest: dict):
    exposures = {e["name"]: e for e in manifest["exposures"].values()}
    assert set(exposures) == {"committee_report", "mart_exports", "serving_copy"}
    marts = {
        uid
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["schema"] == "marts"
    }
    for name, exposure in exposures.items():
        assert exposure["owner"]["name"] == "Jobcenter data team", name
        assert not exposure["owner"].get("email"), name  # no personal address
        assert exposure["description"].strip(), name
    # the exports and the serving copy hold every mart; the report reads a few of them
    for name in ("mart_exports", "serving_copy"):
        assert set(exposures[name]["depends_on"]["nodes"]) == marts, name
    # the report's exposure lists every mart and seed the report reads
    report_code = (REPO_ROOT / "orchestration" / "report" / "report.py").read_text("utf-8")
    read = set(re.findall(r"\b(?:marts|reference)\.([a-z_]+)", report_code))
    listed = {uid.rsplit(".", 1)[1] for uid in exposures["committee_report"]["depends_on"]["nodes"]}
    assert "fct_benchmark" in read and read <= listed, sorted(read - listed)
    # the marts belong to the data team's group
    assert {manifest["nodes"][uid].get("group") for uid in marts} == {"jobcenter_data"}
    assert manifest["groups"]["group.jobcenter.jobcenter_data"]["owner"] == {
        "name": "Jobcenter data team",
        "email": None,
    }


def _described(columns: dict) -> set[str]:
    return {name for name, column in columns.items() if (column.get("description") or "").strip()}


def test_every_column_of_every_model_is_documented(manifest: dict, demo_warehouse: Path):
    """Each column a model has in the built warehouse is in its YAML with a description
    (staging, intermediate and marts alike)."""
    models = {
        (node["schema"], node.get("alias") or node["name"]): node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
    }
    with duckdb.connect(str(demo_warehouse / "warehouse.duckdb"), read_only=True) as con:
        built: dict[tuple[str, str], set[str]] = {}
        for schema, table, column in con.execute(
            "select table_schema, table_name, column_name from information_schema.columns"
        ).fetchall():
            built.setdefault((schema, table), set()).add(column)
    assert ("intermediate", "int_goals__condition_status") in built
    undocumented = sorted(
        f"{schema}.{table}.{column}"
        for (schema, table), node in models.items()
        for column in built.get((schema, table), set()) - _described(node["columns"])
    )
    assert undocumented == []
    assert all(key in built for key in models), set(models) - set(built)
    # and the YAML describes no column the model does not have
    stale = sorted(
        f"{schema}.{table}.{column}"
        for (schema, table), node in models.items()
        for column in set(node["columns"]) - built[schema, table]
    )
    assert stale == []


# the keys a column entry of a models/ or seeds/ YAML file may have (ours: label_da)
_COLUMN_KEYS = {
    "name",
    "description",
    "data_tests",
    "tests",
    "data_type",
    "meta",
    "config",
    "constraints",
    "quote",
    "tags",
    "label_da",
}


def test_no_column_entry_has_a_key_dbt_does_not_know():
    """An unquoted comma in a one-line entry (`{name: x, description: Unit of value, target}`)
    cuts the description short and makes a key of the rest; a number there (`(1, 2, …)`) made
    an integer key that dbt cannot read back from its partial-parse file, so every dbt command
    parsed the whole project again (about 4 s each)."""
    import yaml

    odd = []
    for path in sorted([*REPO_ROOT.glob("models/**/*.yml"), *REPO_ROOT.glob("seeds/**/*.yml")]):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for kind in ("models", "seeds", "sources"):
            for entry in document.get(kind) or []:
                tables = [entry, *(entry.get("tables") or [])]
                for table in tables:
                    for column in table.get("columns") or []:
                        if isinstance(column, dict) and set(column) - _COLUMN_KEYS:
                            relative = path.relative_to(REPO_ROOT)
                            odd.append(
                                f"{relative}: {column.get('name')} {set(column) - _COLUMN_KEYS}"
                            )
    assert odd == []


def _warehouse_with_loads(path: Path, received: dict[tuple[str, str], datetime]) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute(LOAD_RECORD_DDL)
        for (source, table), at in received.items():
            con.execute(
                "insert into raw_meta.load_record (load_id, source, table_name, file_name, "
                "sha256, row_count, received_at, fmt, is_synthetic) "
                "values (?, ?, ?, 'f.csv', 'x', 1, ?, 'csv', false)",
                [f"{source}-{table}", source, table, at],
            )


def test_source_freshness_follows_each_release_calendar(tmp_path: Path):
    """`dbt source freshness` reads when each raw table last received a load from
    raw_meta.load_record: the benchmark (two lists a year) is fresh after 200 days, the monthly
    fokusmål warn after 50, and Statbank after 600 days is an error."""
    now = datetime.now(UTC)
    warehouse = tmp_path / "warehouse.duckdb"
    _warehouse_with_loads(
        warehouse,
        {
            ("jobindsats", "y30r21"): now - timedelta(days=200),
            ("jobindsats", "fokusmaal"): now - timedelta(days=50),
            ("statbank", "folk1a"): now - timedelta(days=600),
        },
    )
    target = tmp_path / "target"
    sources = ["source:jobindsats.y30r21", "source:jobindsats.fokusmaal", "source:statbank.folk1a"]
    result = subprocess.run(
        [DBT, "source", "freshness", "--target-path", str(target), "--select", *sources],
        cwd=REPO_ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DBT_TARGET_PATH"},
            "DBT_PROFILES_DIR": str(REPO_ROOT),
            "JOBCENTER_WAREHOUSE": str(warehouse),
        },
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 1, result.stdout[-3000:]  # an error-level staleness fails
    results = json.loads((target / "sources.json").read_text(encoding="utf-8"))["results"]
    status = {r["unique_id"].removeprefix("source.jobcenter."): r["status"] for r in results}
    assert status == {
        "jobindsats.y30r21": "pass",
        "jobindsats.fokusmaal": "warn",
        "statbank.folk1a": "error",
    }
    age = {r["unique_id"]: r["max_loaded_at_time_ago_in_s"] for r in results}
    assert age["source.jobcenter.jobindsats.fokusmaal"] == pytest.approx(50 * 86400, rel=0.01)


def test_every_dagster_asset_is_in_a_named_group_with_a_description():
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    keys = graph.get_all_asset_keys()
    assert len(keys) > 80
    without_group = sorted(
        k.to_user_string() for k in keys if graph.get(k).group_name in (None, "default")
    )
    without_description = sorted(
        k.to_user_string() for k in keys if not (graph.get(k).description or "").strip()
    )
    assert without_group == [] and without_description == []
    groups = {graph.get(k).group_name for k in keys}
    assert groups == {"raw", "staging", "intermediate", "marts", "reference", "quality", "outputs"}
    assert graph.get(_key("raw_meta", "load_record")).group_name == "raw"
    assert graph.get(_key("quality", "data_version_load")).group_name == "quality"
    # the dbt marts are owned by the data team's dbt group
    assert graph.get(_key("marts", "fct_benchmark")).owners == ["team:jobcenter_data"]


def _key(*parts: str):
    from dagster import AssetKey

    return AssetKey(list(parts))

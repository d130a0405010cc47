"""The marts' Danish vocabulary has one home, the dbt YAML: every mart column carries
`config: {meta: {label_da, description_da}}`, every coded column names a label seed that has the
columns it names, and the exports read nothing else (checked on the manifest of `dbt parse`, no
build)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from orchestration.publish.marts import MART_SCHEMA, code_labels, column_labels, mart_specs
from orchestration.settings import SEEDS_DIR


@pytest.fixture(scope="module")
def manifest_path(parsed_manifest_path: Path) -> Path:
    return parsed_manifest_path


def _marts(manifest: dict) -> dict[str, dict]:
    return {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == MART_SCHEMA
    }


def _meta(column: dict) -> dict:
    return {**((column.get("config") or {}).get("meta") or {}), **(column.get("meta") or {})}


def columns_without_danish_vocabulary(manifest: dict) -> list[str]:
    """`<mart>.<column>: <missing key>` for every mart column without its Danish label or
    description in the YAML."""
    return [
        f"{mart}.{name}: {key}"
        for mart, node in sorted(_marts(manifest).items())
        for name, column in node["columns"].items()
        for key in ("label_da", "description_da")
        if not str(_meta(column).get(key) or "").strip()
    ]


def test_every_mart_column_has_a_danish_label_and_description(manifest_path: Path):
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    marts = _marts(manifest)
    assert {"fct_benchmark", "fct_goal_fulfilment", "fct_data_quality"} <= set(marts)
    assert sum(len(node["columns"]) for node in marts.values()) > 300
    assert columns_without_danish_vocabulary(manifest) == []
    specs = mart_specs(manifest_path)
    assert specs["fct_benchmark"].columns["diff_share_pp"].header == (
        "Forskel i andel (pct.-point)"
    )
    assert specs["fct_goal_fulfilment"].columns["trend"].header == "Udvikling"
    assert specs["fct_data_quality"].columns["severity"].description.startswith("Fejl")


def test_a_mart_column_without_label_da_is_named(manifest_path: Path):
    """The check above fails, naming mart, column and key, once a label is taken away."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    columns = manifest["nodes"]["model.jobcenter.fct_benchmark"]["columns"]
    for meta in (columns["rank_national"]["config"]["meta"], columns["rank_national"]["meta"]):
        meta.pop("label_da", None)  # dbt writes a column's config.meta into its meta too
    for meta in (columns["diff_count"]["config"]["meta"], columns["diff_count"]["meta"]):
        meta["description_da"] = " "
    assert columns_without_danish_vocabulary(manifest) == [
        "fct_benchmark.diff_count: description_da",
        "fct_benchmark.rank_national: label_da",
    ]


def test_headers_are_distinct_within_each_mart(manifest_path: Path):
    """Excel tables need distinct headers; two columns with one header would confuse a reader."""
    for mart, spec in mart_specs(manifest_path).items():
        counts = Counter(c.header for c in spec.columns.values())
        assert not [h for h, n in counts.items() if n > 1], mart


def test_every_code_label_seed_has_the_columns_it_is_read_by(manifest_path: Path):
    """A coded mart column names a seed with its code, label and (optional) order columns; the
    seed's codes are unique (a code twice would repeat export rows) and every label is set."""
    coded = {
        (mart, name): column.code_labels
        for mart, spec in mart_specs(manifest_path).items()
        for name, column in spec.columns.items()
        if column.code_labels
    }
    assert {
        ("fct_goal_fulfilment", "status"),
        ("fct_goal_fulfilment", "trend"),
        ("fct_supervision_risk", "risk_status"),
        ("fct_data_quality", "severity"),
        ("fct_data_quality", "status"),
        ("fct_benchmark", "benefit_group"),
        ("fct_benchmark_explained", "list_position"),
        ("fct_benchmark_top_bottom", "list_end"),
    } <= set(coded)
    for (mart, name), labels in coded.items():
        with (SEEDS_DIR / f"{labels.seed}.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        wanted = {labels.code, labels.label_da} | ({labels.sort} if labels.sort else set())
        assert wanted <= set(rows[0]), f"{mart}.{name}: {labels.seed} lacks {wanted}"
        codes = [r[labels.code] for r in rows]
        assert len(codes) == len(set(codes)), f"{labels.seed}: a code twice"
        assert all(r[labels.label_da].strip() for r in rows), labels.seed
    with (SEEDS_DIR / "goal_trends.csv").open(encoding="utf-8", newline="") as fh:
        assert {r["trend"]: r["label_da"] for r in csv.DictReader(fh)}["worsening"] == "Dårligere"


def test_the_report_reads_the_same_vocabulary(manifest_path: Path):
    """`column_labels` and `code_labels` are how the report (or any reader) gets the Danish
    headers and code labels, from the manifest and the seed the YAML names."""
    labels = column_labels(manifest_path, "fct_goal_fulfilment")
    assert labels["trend"] == "Udvikling" and labels["gap"] == "Afstand til krav"
    assert column_labels(manifest_path, "fct_unknown") == {}
    with duckdb.connect() as con:
        con.execute("create schema reference")
        con.execute(
            "create table reference.goal_trends as select * from read_csv(?)",
            [str(SEEDS_DIR / "goal_trends.csv")],
        )
        assert code_labels(con, manifest_path, "fct_goal_fulfilment", "trend") == {
            "improving": "Bedre",
            "worsening": "Dårligere",
            "unchanged": "Uændret",
        }
        assert code_labels(con, manifest_path, "fct_goal_fulfilment", "gap") == {}

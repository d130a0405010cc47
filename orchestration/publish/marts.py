"""What the exports know about each mart, read from the dbt manifest (never typed again here).

- its **key**: the columns of its primary-key constraint (contract) or, as in this project, of
  its `unique_combination_of_columns` test; the exports sort the rows by it;
- each column's **Danish header** and **Danish description**: `config: {meta: {label_da: …,
  description_da: …}}` in the mart's YAML, the project's one home of the vocabulary
  (tests/test_mart_vocabulary.py fails for a mart column without them);
- for a **coded column**, the seed that gives its codes Danish labels, named in the column's
  YAML: `config: {meta: {code_labels: {seed: benefit_groups, code: benefit_group, label_da:
  benefit_group_label_da, sort: sort_order}}}` (`sort` optional: the seed's display order,
  used where the column is part of the key). The export keeps the code in its column and puts
  the label in a column beside it (`<column>_label_da`), read from that seed in the serving
  copy. A mart that carries the label itself (fct_goal_fulfilment.status_label_da) keeps its
  own column, moved beside the code.

The report reads the same vocabulary through `column_labels` and `code_labels`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orchestration.duckdb_sql import quote_identifier, relation

MART_SCHEMA = "marts"
PRIMARY_KEY_TEST = "unique_combination_of_columns"
LABEL_SUFFIX = "_label_da"


class MartSpecError(ValueError):
    """The dbt project describes a mart in a way the exports cannot follow."""


@dataclass(frozen=True)
class CodeLabels:
    seed: str
    seed_relation: str  # "schema"."alias" of the seed in the warehouse
    code: str  # the seed's code column
    label_da: str  # the seed's Danish label column
    sort: str | None = None  # the seed's display order column


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    header: str  # meta.label_da; the column name where the YAML gives none
    description: str  # meta.description_da; the English description where the YAML gives none
    description_en: str = ""
    code_labels: CodeLabels | None = None


@dataclass(frozen=True)
class MartSpec:
    name: str
    key: tuple[str, ...]
    columns: dict[str, ColumnSpec]


def _meta(entry: dict[str, Any]) -> dict[str, Any]:
    return {**((entry.get("config") or {}).get("meta") or {}), **(entry.get("meta") or {})}


def _key(node: dict[str, Any], tests: list[dict[str, Any]]) -> tuple[str, ...]:
    for constraint in node.get("constraints") or []:
        if constraint.get("type") == "primary_key" and constraint.get("columns"):
            return tuple(constraint["columns"])
    for name, column in (node.get("columns") or {}).items():
        if any(c.get("type") == "primary_key" for c in column.get("constraints") or []):
            return (name,)
    for test in tests:
        metadata = test.get("test_metadata") or {}
        if metadata.get("name") == PRIMARY_KEY_TEST:
            columns = (metadata.get("kwargs") or {}).get("combination_of_columns") or []
            if columns:
                return tuple(columns)
    return ()


def _code_labels(
    mart: str, column: str, spec: Any, seeds: dict[str, dict[str, Any]]
) -> CodeLabels | None:
    if spec is None:
        return None
    where = f"{MART_SCHEMA}.{mart}.{column}: meta.code_labels"
    if not isinstance(spec, dict) or not all(spec.get(k) for k in ("seed", "code", "label_da")):
        raise MartSpecError(f"{where} must give seed, code and label_da, got {spec!r}")
    seed = seeds.get(spec["seed"])
    if seed is None:
        raise MartSpecError(f"{where} names seed {spec['seed']!r}, which the project lacks")
    return CodeLabels(
        seed=spec["seed"],
        seed_relation=relation(seed["schema"], seed.get("alias") or seed["name"]),
        code=spec["code"],
        label_da=spec["label_da"],
        sort=spec.get("sort"),
    )


def _column_spec(
    mart: str, name: str, column: dict[str, Any], seeds: dict[str, dict[str, Any]]
) -> ColumnSpec:
    meta = _meta(column)
    description_en = " ".join((column.get("description") or "").split())
    return ColumnSpec(
        name=name,
        header=str(meta.get("label_da") or name),
        description=" ".join(str(meta.get("description_da") or description_en).split()),
        description_en=description_en,
        code_labels=_code_labels(mart, name, meta.get("code_labels"), seeds),
    )


def mart_specs(manifest_path: Path | None) -> dict[str, MartSpec]:
    """mart name → its key, columns and code labels, from the dbt manifest."""
    if manifest_path is None or not Path(manifest_path).exists():
        return {}
    manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
    nodes = manifest.get("nodes", {})
    seeds = {n["name"]: n for n in nodes.values() if n.get("resource_type") == "seed"}
    tests_of: dict[str, list[dict[str, Any]]] = {}
    for node in nodes.values():
        if node.get("resource_type") == "test" and node.get("attached_node"):
            tests_of.setdefault(node["attached_node"], []).append(node)
    specs: dict[str, MartSpec] = {}
    for unique_id, node in nodes.items():
        if node.get("resource_type") != "model" or node.get("schema") != MART_SCHEMA:
            continue
        name = node.get("alias") or node["name"]
        columns = {
            col_name: _column_spec(name, col_name, col, seeds)
            for col_name, col in (node.get("columns") or {}).items()
        }
        specs[name] = MartSpec(
            name=name, key=_key(node, tests_of.get(unique_id, [])), columns=columns
        )
    return specs


@dataclass(frozen=True)
class ExportColumn:
    name: str  # technical name (the mart's column, or <column>_label_da)
    header: str
    description: str


def export_query(
    mart: str, names: list[str], spec: MartSpec | None
) -> tuple[str, list[ExportColumn]]:
    """The one query an export reads a mart with: its columns, a Danish label beside each
    coded column, rows sorted by the mart's key (by every column when it has none)."""
    columns = spec.columns if spec else {}
    select: list[str] = []
    joins: list[str] = []
    out: list[ExportColumn] = []
    sort_by: dict[str, str] = {}  # column → the expression it sorts by
    own_labels = {  # label columns the mart carries itself, shown beside their code
        f"{n}{LABEL_SUFFIX}"
        for n in names
        if f"{n}{LABEL_SUFFIX}" in names and columns.get(n) and columns[n].code_labels
    }
    for name in names:
        if name in own_labels:
            continue
        column = columns.get(name)
        code = f"m.{quote_identifier(name)}"
        select.append(code)
        sort_by[name] = code
        labels = column.code_labels if column else None
        if column is None or labels is None:
            out.append(ExportColumn(name, column.header if column else name, _description(column)))
            continue
        out.append(ExportColumn(name, f"{column.header} (kode)", column.description))
        label = f"{name}{LABEL_SUFFIX}"
        if label in own_labels:
            select.append(f"m.{quote_identifier(label)}")
            out.append(ExportColumn(label, column.header, _description(columns.get(label))))
            continue
        alias = f"l{len(joins)}"
        joins.append(
            f"left join {labels.seed_relation} as {alias} "
            f"on {code} = {alias}.{quote_identifier(labels.code)}"
        )
        select.append(f"{alias}.{quote_identifier(labels.label_da)} as {quote_identifier(label)}")
        out.append(
            ExportColumn(
                label,
                column.header,
                f"Dansk tekst for koden i {name} (seed {labels.seed}, kolonne {labels.label_da}).",
            )
        )
        if labels.sort:
            sort_by[name] = f"{alias}.{quote_identifier(labels.sort)}, {code}"
    key = [k for k in (spec.key if spec else ()) if k in names] or names
    sql = (
        f"select {', '.join(select)} from {relation(MART_SCHEMA, mart)} as m "
        + "".join(f" {join}" for join in joins)
        + f" order by {', '.join(sort_by[k] for k in key)}"
    )
    return sql, out


def _description(column: ColumnSpec | None) -> str:
    return column.description if column else ""


def column_labels(manifest_path: Path | None, mart: str) -> dict[str, str]:
    """column name → its Danish header (meta.label_da) for one mart; {} without a manifest.

    For the report and any other reader that shows a mart's columns to a Danish user."""
    spec = mart_specs(manifest_path).get(mart)
    return {name: column.header for name, column in spec.columns.items()} if spec else {}


def code_labels(con: Any, manifest_path: Path | None, mart: str, column: str) -> dict[Any, str]:
    """code → Danish label for a coded mart column, read from the seed its YAML names
    (meta.code_labels) over `con` (the serving copy or the build file); {} when the column
    names no seed."""
    spec = mart_specs(manifest_path).get(mart)
    labels = spec.columns[column].code_labels if spec and column in spec.columns else None
    if labels is None:
        return {}
    rows = con.execute(
        f"select {quote_identifier(labels.code)}, {quote_identifier(labels.label_da)} "
        f"from {labels.seed_relation}"
    ).fetchall()
    return dict(rows)

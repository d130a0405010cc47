"""dbt-project-evaluator's rules, checked on `target/manifest.json` (after `dbt parse`, no build).

The evaluator itself is a dbt package (not installable here: no dbt hub); these are its DAG,
documentation and testing rules as it defines them (dbt-labs/dbt-project-evaluator,
models/marts/dag/*.sql, performance/, documentation/, tests/), over the same graph: every model,
seed, source and snapshot with its direct parents (`depends_on.nodes`). The model type of a node
is its folder under models/ (staging, intermediate, marts), as the evaluator's default folder
names say.

Each violation is a short, stable string `<rule>: <what>`, so a committed baseline can list the
known ones (tests/dbt_project_rules_baseline.yml) and a new one fails the test.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

# The evaluator's defaults (its dbt_project.yml vars)
TOO_MANY_JOINS_THRESHOLD = 7  # a model with this many direct parents or more
CHAINED_VIEWS_THRESHOLD = 5  # more than this many views in a row upstream of a model
PRIMARY_KEY_TESTS = (
    "unique_combination_of_columns",
    "unique",
    # the person-level incremental tables: the key over the months the latest build wrote
    "unique_combination_in_latest_build",
)

_GRAPH_TYPES = ("model", "seed", "snapshot")
_VIEW_LIKE = ("view", "ephemeral")

Manifest = Mapping[str, Any]


def _graph(manifest: Manifest) -> dict[str, dict[str, Any]]:
    """Every node of the DAG that is not a test (models, seeds, snapshots, sources)."""
    nodes = {
        uid: node
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] in _GRAPH_TYPES and node.get("package_name") == _project(manifest)
    }
    nodes.update(manifest.get("sources", {}))
    return nodes


def _project(manifest: Manifest) -> str:
    return manifest["metadata"].get("project_name") or "jobcenter"


def _parents(node: Mapping[str, Any], graph: Mapping[str, Any]) -> list[str]:
    return sorted({p for p in (node.get("depends_on") or {}).get("nodes", []) if p in graph})


def _children(graph: Mapping[str, Any]) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {uid: [] for uid in graph}
    for uid, node in graph.items():
        for parent in _parents(node, graph):
            children[parent].append(uid)
    return children


def model_type(node: Mapping[str, Any]) -> str | None:
    """staging / intermediate / marts from the folder under models/ (None: not a model)."""
    if node["resource_type"] != "model":
        return None
    fqn = node.get("fqn") or []
    return fqn[1] if len(fqn) > 2 and fqn[1] in ("staging", "intermediate", "marts") else "other"


def _name(node: Mapping[str, Any]) -> str:
    if node["resource_type"] == "source":
        return f"source {node['source_name']}.{node['name']}"
    return node["name"]


def _models(graph: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for uid, node in sorted(graph.items(), key=lambda item: _name(item[1])):
        if node["resource_type"] == "model":
            yield uid, node


# -- DAG rules (models/marts/dag/) --------------------------------------------------------------


def direct_join_to_source(graph: Mapping[str, Any]) -> Iterator[str]:
    """fct_direct_join_to_source: a model that reads a source AND another model."""
    for _uid, node in _models(graph):
        kinds = {graph[p]["resource_type"] for p in _parents(node, graph)}
        if {"source", "model"} <= kinds:
            yield f"direct_join_to_source: {node['name']}"


def marts_or_intermediate_dependent_on_source(graph: Mapping[str, Any]) -> Iterator[str]:
    """fct_marts_or_intermediate_dependent_on_source."""
    for _uid, node in _models(graph):
        if model_type(node) in ("intermediate", "marts"):
            for parent in _parents(node, graph):
                if graph[parent]["resource_type"] == "source":
                    yield (
                        "marts_or_intermediate_dependent_on_source: "
                        f"{node['name']} reads {_name(graph[parent])}"
                    )


def _layer_reads(
    graph: Mapping[str, Any], rule: str, child_type: str, parent_types: tuple[str, ...]
) -> Iterator[str]:
    """`rule: <child> reads <parent>` for every model of `child_type` that reads a model of one
    of `parent_types`."""
    for _uid, node in _models(graph):
        if model_type(node) == child_type:
            for parent in _parents(node, graph):
                if model_type(graph[parent]) in parent_types:
                    yield f"{rule}: {node['name']} reads {graph[parent]['name']}"


def staging_dependent_on_staging(graph: Mapping[str, Any]) -> Iterator[str]:
    """fct_staging_dependent_on_staging."""
    return _layer_reads(graph, "staging_dependent_on_staging", "staging", ("staging",))


def staging_dependent_on_downstream(graph: Mapping[str, Any]) -> Iterator[str]:
    """fct_staging_dependent_on_marts_or_intermediate."""
    return _layer_reads(
        graph, "staging_dependent_on_marts_or_intermediate", "staging", ("intermediate", "marts")
    )


def intermediate_dependent_on_marts(graph: Mapping[str, Any]) -> Iterator[str]:
    """Layers flow staging → intermediate → marts: an intermediate model never reads a mart (the
    evaluator's layering, as DESIGN and the dagster-open-platform conventions state it)."""
    return _layer_reads(graph, "intermediate_dependent_on_marts", "intermediate", ("marts",))


def too_many_joins(graph: Mapping[str, Any]) -> Iterator[str]:
    """fct_too_many_joins: TOO_MANY_JOINS_THRESHOLD or more direct parents (models, seeds,
    sources alike)."""
    for _uid, node in _models(graph):
        parents = _parents(node, graph)
        if len(parents) >= TOO_MANY_JOINS_THRESHOLD:
            yield f"too_many_joins: {node['name']} has {len(parents)} parents"


def rejoining_of_upstream_concepts(graph: Mapping[str, Any]) -> Iterator[str]:
    """fct_rejoining_of_upstream_concepts: P → A → C and P → C, where A has no child but C (so A
    could be a CTE of C)."""
    children = _children(graph)
    for parent_uid in sorted(graph, key=lambda uid: _name(graph[uid])):
        direct = set(children[parent_uid])
        for between in sorted(direct):
            if children[between] and len(children[between]) == 1:
                (child,) = children[between]
                if child in direct:
                    yield (
                        "rejoining_of_upstream_concepts: "
                        f"{_name(graph[parent_uid])} → {graph[between]['name']} → "
                        f"{graph[child]['name']} and {_name(graph[parent_uid])} → "
                        f"{graph[child]['name']}"
                    )


def chained_views(graph: Mapping[str, Any]) -> Iterator[str]:
    """fct_chained_views_dependencies: a model with more than CHAINED_VIEWS_THRESHOLD views (or
    ephemeral models) in a row upstream of it; the longest such chain per model."""
    memo: dict[str, int] = {}

    def views_upstream(uid: str) -> int:
        """Length of the longest unbroken chain of views ending at uid (0 if uid is no view)."""
        if uid not in memo:
            node = graph[uid]
            if node["resource_type"] != "model" or node["config"]["materialized"] not in _VIEW_LIKE:
                memo[uid] = 0
            else:
                memo[uid] = 1 + max((views_upstream(p) for p in _parents(node, graph)), default=0)
        return memo[uid]

    for _uid, node in _models(graph):
        longest = max((views_upstream(p) for p in _parents(node, graph)), default=0)
        if longest > CHAINED_VIEWS_THRESHOLD:
            yield f"chained_views: {node['name']} sits on a chain of {longest} views"


# -- documentation and testing (models/marts/documentation/, tests/) ----------------------------


def _tests_of(manifest: Manifest) -> dict[str, list[dict[str, Any]]]:
    by_model: dict[str, list[dict[str, Any]]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] == "test":
            for parent in (node.get("depends_on") or {}).get("nodes", []):
                by_model.setdefault(parent, []).append(node)
    return by_model


def undocumented_models(graph: Mapping[str, Any]) -> Iterator[str]:
    """fct_undocumented_models."""
    for _uid, node in _models(graph):
        if not (node.get("description") or "").strip():
            yield f"undocumented_model: {node['name']}"


def missing_primary_key_tests(manifest: Manifest, graph: Mapping[str, Any]) -> Iterator[str]:
    """fct_missing_primary_key_tests: every model has a uniqueness test (ours is
    unique_combination_of_columns, or dbt's unique on a single key column), or says in its
    YAML where its key is held instead (`meta: primary_key_held_by: <where>`, the way
    dbt-project-evaluator takes exceptions with a reason): the person-level staging views, whose
    key the landing checks in every file, and a view whose own group by is the key, where a
    test would read 125 million rows on every build."""
    tests = _tests_of(manifest)
    for uid, node in _models(graph):
        names = {((t.get("test_metadata") or {}).get("name")) for t in tests.get(uid, [])}
        meta = {**(node.get("meta") or {}), **((node.get("config") or {}).get("meta") or {})}
        held_by = str(meta.get("primary_key_held_by") or "").strip()
        if not names & set(PRIMARY_KEY_TESTS) and not held_by:
            yield f"missing_primary_key_test: {node['name']}"


def undescribed_data_tests(manifest: Manifest) -> Iterator[str]:
    """Every data test says what it checks and what a failure means (Dagster shows it on the
    asset check): a `description`, in the model YAML or a singular test's properties file."""
    for node in sorted(manifest["nodes"].values(), key=lambda n: n["unique_id"]):
        if node["resource_type"] == "test" and not (node.get("description") or "").strip():
            yield f"undescribed_data_test: {node['name']} ({node['original_file_path']})"


def violations(manifest: Manifest) -> list[str]:
    """Every violation of the rules above, sorted."""
    graph = _graph(manifest)
    found = [
        *direct_join_to_source(graph),
        *marts_or_intermediate_dependent_on_source(graph),
        *staging_dependent_on_staging(graph),
        *staging_dependent_on_downstream(graph),
        *intermediate_dependent_on_marts(graph),
        *too_many_joins(graph),
        *rejoining_of_upstream_concepts(graph),
        *chained_views(graph),
        *undocumented_models(graph),
        *missing_primary_key_tests(manifest, graph),
        *undescribed_data_tests(manifest),
    ]
    return sorted(set(found))

"""The dbt DAG and its documentation follow dbt-project-evaluator's rules
(orchestration/quality/project_rules.py), checked on the manifest of `dbt parse` (no build, no
data): a violation that is not in tests/dbt_project_rules_baseline.yml fails, and so does a
baseline entry that no longer occurs (the baseline only shrinks)."""

from __future__ import annotations

import json

import pytest
import yaml

from orchestration import dbt_parse
from orchestration.quality import project_rules
from orchestration.settings import REPO_ROOT

BASELINE = REPO_ROOT / "tests" / "dbt_project_rules_baseline.yml"


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The manifest of `dbt parse` into a folder of its own (no build, no warehouse)."""
    target = tmp_path_factory.mktemp("dbt_parse")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DBT_TARGET_PATH", str(target))
        dbt_parse.prepare_dbt_project(force=True)  # raises with dbt's output when it fails
    return json.loads((target / "manifest.json").read_text(encoding="utf-8"))


def _baseline() -> dict:
    return yaml.safe_load(BASELINE.read_text(encoding="utf-8"))


def _split(found: list[str]) -> tuple[set[str], dict[str, set[str]]]:
    """DAG violations, and the undescribed tests by the file that defines them."""
    dag: set[str] = set()
    undescribed: dict[str, set[str]] = {}
    for violation in found:
        if violation.startswith("undescribed_data_test: "):
            path = violation.rsplit("(", 1)[1].rstrip(")")
            undescribed.setdefault(path, set()).add(violation)
        else:
            dag.add(violation)
    return dag, undescribed


def test_no_violation_beyond_the_baseline(manifest: dict) -> None:
    dag, undescribed = _split(project_rules.violations(manifest))
    baseline = _baseline()
    allowed_files = set(baseline["undescribed_tests_allowed_in"])
    new = sorted(dag - set(baseline["violations"])) + sorted(
        v for path, found in undescribed.items() if path not in allowed_files for v in found
    )
    assert not new, "new dbt project rule violations (fix them, do not baseline them):\n" + (
        "\n".join(new)
    )


def test_the_baseline_lists_only_what_still_occurs(manifest: dict) -> None:
    dag, undescribed = _split(project_rules.violations(manifest))
    baseline = _baseline()
    stale = sorted(set(baseline["violations"]) - dag) + sorted(
        f"undescribed tests in {path}"
        for path in baseline["undescribed_tests_allowed_in"]
        if path not in undescribed
    )
    assert not stale, "fixed: remove from tests/dbt_project_rules_baseline.yml:\n" + (
        "\n".join(stale)
    )


def test_the_baseline_holds_only_the_goals_domain() -> None:
    baseline = _baseline()
    for entry in baseline["violations"]:
        assert "int_goals__" in entry, entry
    for path in baseline["undescribed_tests_allowed_in"]:
        assert any(part in path for part in ("goal", "local", "fokus")), path


def test_the_benchmark_domain_passes_every_rule(manifest: dict) -> None:
    """What this project's own layers look like to the rules (not only "nothing new")."""
    found = project_rules.violations(manifest)
    ours = [v for v in found if "goal" not in v and "local" not in v and "fokus" not in v]
    assert ours == []
    graph = project_rules._graph(manifest)
    population = graph["model.jobcenter.stg_statbank__population"]
    assert project_rules._parents(population, graph) == ["source.jobcenter.statbank.folk1a"]
    assert graph["model.jobcenter.int_benchmark__ranked"]["config"]["materialized"] == "table"


# -- the rules themselves, on a small hand-made manifest ----------------------------------------


def _node(kind: str, name: str, parents: list[str], materialized: str = "view", **extra) -> dict:
    layer = {"stg": "staging", "int": "intermediate", "fct": "marts", "dim": "marts"}
    return {
        "resource_type": kind,
        "name": name,
        "unique_id": f"{kind}.p.{name}",
        "package_name": "p",
        "fqn": ["p", layer.get(name.split("_")[0], "other"), "x", name],
        "config": {"materialized": materialized},
        "depends_on": {"nodes": parents},
        "description": extra.get("description", f"{name} described"),
        "original_file_path": f"models/{name}.yml",
        "test_metadata": extra.get("test_metadata"),
    }


def _manifest(*nodes: dict) -> dict:
    source = {
        "resource_type": "source",
        "source_name": "raw",
        "name": "t",
        "unique_id": "source.p.raw.t",
        "package_name": "p",
        "depends_on": {"nodes": []},
    }
    return {
        "metadata": {"project_name": "p"},
        "nodes": {n["unique_id"]: n for n in nodes},
        "sources": {source["unique_id"]: source},
    }


def _pk(model: str) -> dict:
    return _node(
        "test",
        f"pk_{model}",
        [f"model.p.{model}"],
        test_metadata={"name": "unique_combination_of_columns"},
        description="the key",
    )


def test_each_rule_finds_its_violation() -> None:
    m = _manifest(
        _node("model", "stg_a", ["source.p.raw.t"]),
        _node("model", "stg_b", ["source.p.raw.t", "model.p.stg_a"]),  # source + model, stg-on-stg
        _node("model", "fct_m", ["model.p.stg_a"], "table"),
        _node("model", "int_x", ["model.p.fct_m", "model.p.stg_a"]),  # reads a mart
        _node("model", "int_single", ["model.p.stg_a"]),
        _node("model", "int_rejoin", ["model.p.stg_a", "model.p.int_single"]),
        _node("model", "int_v1", ["source.p.raw.t"], description=""),  # undocumented
        *[_node("model", f"int_v{i}", [f"model.p.int_v{i - 1}"]) for i in range(2, 8)],
        _node("model", "fct_wide", [f"model.p.int_v{i}" for i in range(1, 8)], "table"),
        _node("test", "no_words", ["model.p.stg_a"], description=""),
        {
            **_node("model", "int_keyed_elsewhere", ["model.p.fct_wide"]),
            "config": {"materialized": "view", "meta": {"primary_key_held_by": "its group by"}},
        },
        *(_pk(n) for n in ("stg_a", "stg_b", "fct_m", "int_x", "int_single", "int_rejoin")),
    )
    found = "\n".join(project_rules.violations(m))
    assert "direct_join_to_source: stg_b" in found
    assert "staging_dependent_on_staging: stg_b reads stg_a" in found
    assert "intermediate_dependent_on_marts: int_x reads fct_m" in found
    assert (
        "rejoining_of_upstream_concepts: stg_a → int_single → int_rejoin and stg_a → int_rejoin"
        in found
    )
    assert "too_many_joins: fct_wide has 7 parents" in found
    assert "marts_or_intermediate_dependent_on_source: int_v1 reads source raw.t" in found
    assert "chained_views: int_v7 sits on a chain of 6 views" in found  # int_v1 … int_v6
    assert "chained_views: int_v6 sits" not in found  # 5 views before it: allowed
    assert "undocumented_model: int_v1" in found
    assert "missing_primary_key_test: int_v1" in found
    assert "missing_primary_key_test: stg_a" not in found
    assert "missing_primary_key_test: int_keyed_elsewhere" not in found  # meta says where
    assert "undescribed_data_test: no_words (models/no_words.yml)" in found

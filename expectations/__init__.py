"""Great Expectations suites as code: one per landed source table, and the marts' drift.

Great Expectations owns the raw layer (what each landed file holds), the drift between runs and
the Data Docs; the invariants of the models dbt builds are dbt tests (docs/auditors_guide.md,
"Severity"). `all_suites()` returns the suites without importing Great Expectations (rules are
data, see `expectations/base.py`). Every registered source table gets a suite: a hand-written
one (`raw_<source>__<table>.py`) where the domain has rules of its own, otherwise the generic
suite derived from its `TableSpec`. Thresholds live in `expectations/thresholds.yml`.
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path

import yaml

from expectations.base import Suite

HERE = Path(__file__).resolve().parent
THRESHOLDS_FILE = HERE / "thresholds.yml"

_HAND_WRITTEN = (
    "raw_jobindsats__y30r21",
    "raw_jobindsats__fokusmaal",
    "raw_local__job_orders",
    "marts",
)


def thresholds() -> dict[str, float]:
    return yaml.safe_load(THRESHOLDS_FILE.read_text(encoding="utf-8"))


@cache
def all_suites() -> tuple[Suite, ...]:
    from expectations.raw_generic import suite_for_spec
    from orchestration.errors import UnknownSpecError
    from orchestration.tables import all_specs

    suites: dict[str, Suite] = {}
    for module_name in _HAND_WRITTEN:
        try:
            module = importlib.import_module(f"expectations.{module_name}")
        except UnknownSpecError:
            continue  # the source table is not registered (yet): its generic suite is not either
        for suite in getattr(module, "SUITES", None) or (module.SUITE,):
            suites[suite.name] = suite
    for spec in all_specs():
        if spec.raw_relation not in suites:
            suites[spec.raw_relation] = suite_for_spec(spec)
    layers = {"raw": 0, "staging": 1, "intermediate": 2, "marts": 3}
    return tuple(sorted(suites.values(), key=lambda s: (layers[s.layer], s.name)))

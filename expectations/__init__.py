"""Great Expectations suites as code: one per landed source table and one per mart.

`all_suites()` returns them without importing Great Expectations (rules are data, see
`expectations/base.py`). Every registered source table gets a suite: a hand-written one
(`raw_<source>__<table>.py`) where the domain has rules of its own, otherwise the generic suite
derived from its `TableSpec`. Thresholds live in `expectations/thresholds.yml`.
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
    "raw_statbank__folk1a",
    "raw_local__job_orders",
    "staging__stg_statbank__population",
    "marts__fct_benchmark",
    "marts__fct_goal_fulfilment",
    "marts__fct_supervision_risk",
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
        suites[module.SUITE.name] = module.SUITE
    for spec in all_specs():
        if spec.raw_relation not in suites:
            suites[spec.raw_relation] = suite_for_spec(spec)
    layers = {"raw": 0, "staging": 1, "intermediate": 2, "marts": 3}
    return tuple(sorted(suites.values(), key=lambda s: (layers[s.layer], s.name)))

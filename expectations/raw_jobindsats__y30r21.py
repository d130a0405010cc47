"""raw_jobindsats.y30r21: the benchmark as landed, every load (version) of every period.

The rules every raw table gets from its spec (keys present and unique per load, counts ≥ 0,
shares within 0–100, period codes, the row-count drift), with the municipality's code beside
its name in the failing keys. The list's own identities (complete lists, differences, ranks,
areas against the total) are dbt tests of the published mart, models/marts/benchmark/."""

from expectations.raw_generic import suite_for_spec
from orchestration.tables import get_spec

SPEC = get_spec("jobindsats", "y30r21")

SUITE = suite_for_spec(
    SPEC,
    derived_columns=(
        "(select kommunekode from reference.municipalities where kommune = area_name) "
        "as kommunekode"
    ),
    extra_keys=("kommunekode",),
    description="Y30R21 as loaded: every load of every period, keys, counts and shares.",
)

"""The marts' drift between runs: Great Expectations' part on the published tables.

The marts' invariants (keys, complete lists, ranks, identities, verdicts) are dbt tests, in the
framework that builds the marts (models/marts/**, tests/dbt/). What only a comparison with the
previous run can see is here: a mart whose row count fell by more than the threshold since the
previous run warns (thresholds.yml); its row count is recorded every run as the base of the next
comparison. An empty mart is "not enough data" (e.g. fct_supervision_risk before a calendar-year
list is loaded), never an error: dbt's completeness tests say whether rows are missing.
"""

from expectations.base import Suite, row_count_drop

_MARTS = {
    "fct_benchmark": "The benchmark mart BI tools and the committee report read.",
    "fct_goal_fulfilment": "Is each goal of the plan met, per follow-up period.",
    "fct_supervision_risk": "Risk of skærpet tilsyn per municipality and calendar year.",
}

SUITES = tuple(
    Suite(
        name=f"marts.{mart}",
        layer="marts",
        description=f"{description} Drift since the previous run.",
        query=f"select 1 as row_present from marts.{mart}",
        rules=(row_count_drop(),),
    )
    for mart, description in _MARTS.items()
)

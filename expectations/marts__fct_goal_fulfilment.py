"""marts.fct_goal_fulfilment: is each goal of the plan met. BLOCKING."""

from expectations.base import Suite, in_set, not_null, row_count_drop, unique

_ROW = ("kommunekode", "goal_code", "period_code")

SUITE = Suite(
    name="marts.fct_goal_fulfilment",
    layer="marts",
    blocking=True,
    description="One row per municipality × goal × period with value, target and status.",
    key_columns=_ROW,
    query="select * from marts.fct_goal_fulfilment",
    rules=(
        not_null("kommunekode"),
        not_null("goal_code", _ROW),
        not_null("period_code", _ROW),
        not_null("status", _ROW),
        unique("row_unique", _ROW, "One row per municipality, goal and period"),
        in_set("status_known", "status", ["met", "not_met", "no_data"], "Status vocabulary", _ROW),
        row_count_drop(),
    ),
)

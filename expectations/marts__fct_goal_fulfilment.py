"""marts.fct_goal_fulfilment: is each goal of the plan met. BLOCKING: failures stop publishing."""

from expectations.base import Suite, between, in_set, not_null, row_count_drop, unique
from orchestration.goal_statuses import goal_status_labels

_ROW = ("kommunekode", "plan_year", "goal_code", "period_code")

SUITE = Suite(
    name="marts.fct_goal_fulfilment",
    layer="marts",
    blocking=True,
    description=(
        "One row per municipality × goal × follow-up period: value, target, comparator, status. "
        "A status is only met/not met where there is a value; percentages lie within 0–100."
    ),
    key_columns=_ROW,
    query="""
        select
            kommunekode, plan_year, goal_code, period_code, unit, status,
            cast(measured_value as double) as measured_value,
            cast(target_value as double) as target_value,
            case when unit = 'pct' then cast(measured_value as double) end as measured_pct,
            cast(denominator as double) - cast(numerator as double) as denominator_minus_numerator,
            status in ('met', 'not_met') and measured_value is null as is_judged_without_value
        from marts.fct_goal_fulfilment
    """,
    rules=(
        not_null("kommunekode"),
        not_null("goal_code", _ROW),
        not_null("period_code", _ROW),
        not_null("status", _ROW),
        unique("row_unique", _ROW, "One row per municipality, plan year, goal and period"),
        in_set(
            "status_known",
            "status",
            list(goal_status_labels()),
            "Status is one of seeds/goal_statuses.csv",
            _ROW,
        ),
        in_set(
            "status_has_a_value",
            "is_judged_without_value",
            [False],
            "A goal is only judged met or not met when it has a measured value",
            _ROW,
        ),
        between("pct_value_range", "measured_pct", 0, 100, "Percent values within 0–100", _ROW),
        between(
            "numerator_not_above_denominator",
            "denominator_minus_numerator",
            0,
            None,
            "A share's numerator never exceeds its denominator",
            _ROW,
        ),
        row_count_drop(),
    ),
)

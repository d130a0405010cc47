-- A goal is only judged met or not met on a measured value; a percentage lies within 0-100; a
-- share's numerator never exceeds its denominator. Fails with the goal rows that break one.
select
    kommunekode,
    plan_year,
    goal_code,
    period_code,
    status,
    unit,
    measured_value,
    numerator,
    denominator
from {{ ref('fct_goal_fulfilment') }}
where
    (status in ('met', 'not_met') and measured_value is null)
    or (unit = 'pct' and measured_value not between 0 and 100)
    or numerator > denominator

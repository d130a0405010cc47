-- Every condition of every goal judged on its own: one row per municipality × goal × condition ×
-- follow-up period. 6.1 has two rows per period (besættelsesgrad against jobindsats' national
-- value; at least 50 job orders a month), 2.2 two (the count and the share); a goal is met in
-- fct_goal_fulfilment only when all its conditions are. Roll-up ministermål appear with their one
-- condition, judged on the local goals.
with

condition_status as (
    select * from {{ ref('int_goals__condition_status') }}
),

goal_status as (
    select * from {{ ref('int_goals__goal_status') }}
),

municipalities as (
    select * from {{ ref('municipalities') }}
),

judged_conditions as (
    select
        kommunekode,
        plan_year,
        goal_code,
        condition_number,
        period_code,
        condition_da,
        measure_code,
        unit,
        direction,
        comparator,
        target_value,
        target_year,
        is_last_period_of_year,
        measured_value,
        months_in_window,
        window_months,
        baseline_period_code,
        baseline_value,
        national_value,
        required_value,
        status,
        status_label_da,
        status_reason,
        gap,
        trend,
        source_kind,
        source_table,
        load_id,
        as_of_date,
        is_synthetic
    from condition_status
),

rolled_up_conditions as (
    select
        kommunekode,
        plan_year,
        goal_code,
        1 as condition_number,
        period_code,
        condition_da,
        measure_code,
        unit,
        direction,
        comparator,
        target_value,
        cast(null as integer) as target_year,
        is_last_period_of_year,
        measured_value,
        months_in_window,
        cast(null as integer) as window_months,
        baseline_period_code,
        baseline_value,
        national_value,
        required_value,
        status,
        status_label_da,
        status_reason,
        gap,
        trend,
        source_kind,
        source_table,
        load_id,
        as_of_date,
        is_synthetic
    from goal_status
    where comparator = 'all_local_goals_met'
),

unioned as (
    select * from judged_conditions
    union all
    select * from rolled_up_conditions
),

final as (
    select
        -- keys
        unioned.kommunekode,
        municipalities.kommune as municipality_name,
        unioned.plan_year,
        unioned.goal_code,
        unioned.condition_number,
        unioned.period_code,
        -- the condition
        unioned.condition_da,
        unioned.measure_code,
        unioned.unit,
        unioned.direction,
        unioned.comparator,
        unioned.target_value,
        unioned.target_year,
        unioned.is_last_period_of_year,
        -- value against the bar
        unioned.measured_value,
        unioned.months_in_window,
        unioned.window_months,
        unioned.baseline_period_code,
        unioned.baseline_value,
        unioned.national_value,
        cast(unioned.required_value as decimal(18, 4)) as required_value,
        unioned.status,
        unioned.status_label_da,
        unioned.status_reason,
        cast(unioned.gap as decimal(18, 4)) as gap,
        unioned.trend,
        -- lineage
        unioned.source_kind,
        unioned.source_table,
        unioned.load_id,
        unioned.as_of_date,
        unioned.is_synthetic
    from unioned
    left join municipalities
        on unioned.kommunekode = municipalities.kommunekode
)

select * from final

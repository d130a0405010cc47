-- Goal fulfilment: one row per municipality × goal × follow-up period of the plan year, whether or
-- not there is data (status no_data / not_yet_due then), with value, target, comparator, status
-- over every condition of the goal, gap, trend and national value of its first condition.
with

goal_status as (
    select * from {{ ref('int_goals__goal_status') }}
),

catalogue as (
    select * from {{ ref('int_goals__catalogue') }}
),

municipalities as (
    select * from {{ ref('municipalities') }}
),

final as (
    select
        -- keys
        goal_status.kommunekode,
        municipalities.kommune as municipality_name,
        goal_status.plan_year,
        goal_status.goal_code,
        goal_status.period_code,
        -- the goal
        catalogue.sort_order,
        goal_status.goal_level,
        goal_status.ministermaal,
        catalogue.title_da,
        goal_status.measure_code,
        goal_status.unit,
        goal_status.direction,
        catalogue.is_interpretation,
        -- the period
        goal_status.period_end_date,
        goal_status.due_date,
        goal_status.evaluated_as_of,
        -- value against target (first condition)
        goal_status.measured_value,
        goal_status.numerator,
        goal_status.denominator,
        goal_status.months_in_window,
        goal_status.comparator,
        goal_status.target_value,
        goal_status.baseline_period_code,
        goal_status.baseline_value,
        goal_status.national_value,
        goal_status.national_value_basis,
        cast(goal_status.required_value as decimal(18, 4)) as required_value,
        -- the status over every condition
        goal_status.conditions_count,
        goal_status.conditions_met_count,
        goal_status.status,
        goal_status.status_label_da,
        goal_status.status_reason,
        cast(goal_status.gap as decimal(18, 4)) as gap,
        -- trend
        goal_status.previous_period_code,
        goal_status.previous_value,
        cast(goal_status.change_vs_previous as decimal(18, 4)) as change_vs_previous,
        goal_status.trend,
        -- the goal's status for the year is the one of its last follow-up period
        goal_status.is_last_period_of_year,
        -- lineage
        goal_status.source_kind,
        goal_status.source_table,
        goal_status.load_id,
        goal_status.as_of_date,
        goal_status.is_synthetic
    from goal_status
    inner join catalogue
        on
            goal_status.kommunekode = catalogue.kommunekode
            and goal_status.plan_year = catalogue.plan_year
            and goal_status.goal_code = catalogue.goal_code
    left join municipalities
        on goal_status.kommunekode = municipalities.kommunekode
)

select * from final

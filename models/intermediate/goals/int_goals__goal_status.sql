-- One row per goal × follow-up period of the plan year: the goal's status from its conditions,
-- where every condition must hold (the status of the condition that ranks first in
-- seeds/goal_statuses.csv: not met before off track before missing data … before met), with the
-- value, bar and trend of its first condition. A ministermål judged by the warehouse's roll-up
-- rule (all_local_goals_met) takes the combined year statuses of the local goals serving it.
with

condition_status as (
    select * from {{ ref('int_goals__condition_status') }}
),

grid as (
    select * from {{ ref('int_goals__period_grid') }}
),

conditions as (
    select * from {{ ref('int_goals__conditions') }}
),

statuses as (
    select * from {{ ref('goal_statuses') }}
),

ranked_conditions as (
    -- the condition that decides the goal's status: the first-ranking status, then the lowest
    -- condition number
    select
        condition_status.*,
        row_number() over (
            partition by
                condition_status.kommunekode,
                condition_status.plan_year,
                condition_status.goal_code,
                condition_status.period_code
            order by condition_status.status_rank, condition_status.condition_number
        ) as deciding_rank
    from condition_status
),

combined as (
    select
        kommunekode,
        plan_year,
        goal_code,
        period_code,
        cast(count(*) as integer) as conditions_count,
        cast(sum(case when status = 'met' then 1 else 0 end) as integer) as conditions_met_count,
        min(status_rank) as status_rank,
        max(case when deciding_rank = 1 then condition_number end) as deciding_condition,
        max(case when deciding_rank = 1 then status_reason end) as deciding_reason
    from ranked_conditions
    group by kommunekode, plan_year, goal_code, period_code
),

direct as (
    select
        -- keys
        first_condition.kommunekode,
        first_condition.plan_year,
        first_condition.goal_code,
        first_condition.period_code,
        -- the goal and its first condition
        first_condition.goal_level,
        first_condition.ministermaal,
        first_condition.condition_da,
        first_condition.measure_code,
        first_condition.unit,
        first_condition.direction,
        first_condition.comparator,
        first_condition.target_value,
        -- the period
        first_condition.period_end_date,
        first_condition.due_date,
        first_condition.evaluated_as_of,
        first_condition.is_last_period_of_year,
        -- value against the bar (first condition)
        first_condition.measured_value,
        first_condition.numerator,
        first_condition.denominator,
        first_condition.months_in_window,
        first_condition.baseline_period_code,
        first_condition.baseline_value,
        first_condition.national_value,
        first_condition.national_value_basis,
        first_condition.required_value,
        first_condition.gap,
        -- the status over every condition
        combined.conditions_count,
        combined.conditions_met_count,
        statuses.status,
        case
            when combined.conditions_count = 1 then first_condition.status_reason
            when statuses.status = 'met'
                then 'all ' || cast(combined.conditions_count as varchar) || ' conditions met'
            else
                'condition ' || cast(combined.deciding_condition as varchar) || ' of '
                || cast(combined.conditions_count as varchar) || ': ' || combined.deciding_reason
        end as status_reason,
        -- trend (first condition)
        first_condition.previous_period_code,
        first_condition.previous_value,
        first_condition.change_vs_previous,
        first_condition.trend,
        -- lineage
        first_condition.source_kind,
        first_condition.source_table,
        first_condition.load_id,
        first_condition.as_of_date,
        first_condition.is_synthetic
    from condition_status as first_condition
    inner join combined
        on
            first_condition.kommunekode = combined.kommunekode
            and first_condition.plan_year = combined.plan_year
            and first_condition.goal_code = combined.goal_code
            and first_condition.period_code = combined.period_code
    inner join statuses
        on combined.status_rank = statuses.combine_rank
    where first_condition.condition_number = 1
),

year_statuses as (
    -- each local goal's status for the year, ranked
    select
        direct.kommunekode,
        direct.plan_year,
        direct.ministermaal,
        direct.status,
        statuses.combine_rank as status_rank
    from direct
    inner join statuses
        on direct.status = statuses.status
    where direct.is_last_period_of_year and direct.goal_level = 'lokalt mål'
),

local_goals_of_year as (
    -- per ministermål: the local goals serving it, those met, and their combined status
    select
        kommunekode,
        plan_year,
        ministermaal,
        count(*) as served_goals,
        sum(case when status = 'met' then 1 else 0 end) as met_goals,
        min(status_rank) as status_rank
    from year_statuses
    group by kommunekode, plan_year, ministermaal
),

judged_on as (
    select max(evaluated_as_of) as evaluated_as_of from condition_status
),

rolled_up as (
    select
        -- keys
        grid.kommunekode,
        grid.plan_year,
        grid.goal_code,
        grid.period_code,
        -- the goal
        conditions.goal_level,
        conditions.ministermaal,
        conditions.condition_da,
        conditions.measure_code,
        conditions.unit,
        conditions.direction,
        conditions.comparator,
        conditions.target_value,
        -- the period
        grid.period_end_date,
        grid.due_date,
        judged_on.evaluated_as_of,
        grid.is_last_period_of_year,
        -- local goals met of those serving the ministermål
        cast(local_goals_of_year.met_goals as decimal(18, 4)) as measured_value,
        cast(local_goals_of_year.met_goals as decimal(18, 4)) as numerator,
        cast(local_goals_of_year.served_goals as decimal(18, 4)) as denominator,
        cast(null as integer) as months_in_window,
        cast(null as varchar) as baseline_period_code,
        cast(null as decimal(18, 4)) as baseline_value,
        cast(null as decimal(18, 4)) as national_value,
        cast(null as varchar) as national_value_basis,
        cast(local_goals_of_year.served_goals as decimal(18, 4)) as required_value,
        cast(local_goals_of_year.met_goals - local_goals_of_year.served_goals as decimal(18, 4))
            as gap,
        1 as conditions_count,
        case when rolled_up_status.status = 'met' then 1 else 0 end as conditions_met_count,
        coalesce(rolled_up_status.status, 'no_data') as status,
        case
            when local_goals_of_year.served_goals is null
                then 'no local goal in the catalogue serves ministermål ' || conditions.ministermaal
            else
                cast(local_goals_of_year.met_goals as varchar) || ' of '
                || cast(local_goals_of_year.served_goals as varchar)
                || ' local goals met in their last period of the year'
                || ' (the warehouse''s roll-up rule)'
        end as status_reason,
        grid.previous_period_code,
        cast(null as decimal(18, 4)) as previous_value,
        cast(null as decimal(18, 4)) as change_vs_previous,
        cast(null as varchar) as trend,
        'rollup' as source_kind,
        'int_goals__goal_status' as source_table,
        cast(null as varchar) as load_id,
        cast(null as date) as as_of_date,
        cast(null as boolean) as is_synthetic
    from grid
    inner join conditions
        on
            grid.kommunekode = conditions.kommunekode
            and grid.plan_year = conditions.plan_year
            and grid.goal_code = conditions.goal_code
    left join local_goals_of_year
        on
            conditions.kommunekode = local_goals_of_year.kommunekode
            and conditions.plan_year = local_goals_of_year.plan_year
            and conditions.ministermaal = local_goals_of_year.ministermaal
    left join statuses as rolled_up_status
        on local_goals_of_year.status_rank = rolled_up_status.combine_rank
    cross join judged_on
    where conditions.comparator = 'all_local_goals_met' and conditions.condition_number = 1
),

unioned as (
    select * from direct
    union all
    select * from rolled_up
),

final as (
    select
        unioned.*,
        statuses.label_da as status_label_da
    from unioned
    left join statuses
        on unioned.status = statuses.status
)

select * from final

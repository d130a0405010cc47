-- One row per goal of the catalogue in force: the goal's own columns (plan text, cadence,
-- period type, publication lag), and, for the readers that show one value per goal, the
-- measure, comparator and target of its first condition. Every condition is in
-- int_goals__conditions; conditions_count says how many the goal has.
with

conditions as (
    select * from {{ ref('int_goals__conditions') }}
),

counted as (
    select
        kommunekode,
        plan_year,
        goal_code,
        cast(count(*) as integer) as conditions_count,
        -- a goal is flagged when any of its conditions is our reading rather than the plan's
        max(case when is_interpretation then 1 else 0 end) = 1 as is_interpretation
    from conditions
    group by kommunekode, plan_year, goal_code
),

final as (
    select
        -- keys
        conditions.kommunekode,
        conditions.plan_year,
        conditions.goal_code,
        -- the goal
        conditions.sort_order,
        conditions.goal_level,
        conditions.ministermaal,
        conditions.title_da,
        conditions.measured_da,
        conditions.target_da,
        conditions.follow_up_da,
        conditions.cadence,
        conditions.period_type,
        conditions.publication_lag_days,
        conditions.responsible_unit,
        counted.conditions_count,
        counted.is_interpretation,
        conditions.interpretation_da,
        -- its first condition
        conditions.measure_code,
        conditions.unit,
        conditions.direction,
        conditions.comparator,
        conditions.target_value,
        conditions.target_year,
        conditions.baseline_rule,
        conditions.data_source_kind,
        conditions.data_source,
        conditions.note,
        -- where the row comes from
        conditions.catalogue_source,
        conditions.catalogue_load_id
    from conditions
    inner join counted
        on
            conditions.kommunekode = counted.kommunekode
            and conditions.plan_year = counted.plan_year
            and conditions.goal_code = counted.goal_code
    where conditions.condition_number = 1
)

select * from final

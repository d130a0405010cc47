-- Every goal of the catalogue in force has exactly one fct_goal_fulfilment row per follow-up
-- period of its plan year (cadence × period type), with or without data: a goal never disappears.
-- Fails with the goals whose row count differs. Shown in Dagster as a check on fct_goal_fulfilment.
{{ config(meta={'dagster': {'ref': {'name': 'fct_goal_fulfilment'}}}) }}

with

catalogue as (
    select * from {{ ref('int_goals__catalogue') }}
),

cadence_periods as (
    select * from {{ ref('goal_cadence_periods') }}
),

fulfilment as (
    select * from {{ ref('fct_goal_fulfilment') }}
),

expected as (
    select
        catalogue.kommunekode,
        catalogue.plan_year,
        catalogue.goal_code,
        count(*) as expected_periods
    from catalogue
    inner join cadence_periods
        on
            catalogue.cadence = cadence_periods.cadence
            and catalogue.period_type = cadence_periods.period_type
    group by catalogue.kommunekode, catalogue.plan_year, catalogue.goal_code
),

actual as (
    select
        kommunekode,
        plan_year,
        goal_code,
        count(*) as actual_periods,
        sum(case when is_last_period_of_year then 1 else 0 end) as year_status_rows
    from fulfilment
    group by kommunekode, plan_year, goal_code
),

final as (
    select
        expected.kommunekode,
        expected.plan_year,
        expected.goal_code,
        expected.expected_periods,
        coalesce(actual.actual_periods, 0) as actual_periods,
        coalesce(actual.year_status_rows, 0) as year_status_rows
    from expected
    left join actual
        on
            expected.kommunekode = actual.kommunekode
            and expected.plan_year = actual.plan_year
            and expected.goal_code = actual.goal_code
    where
        coalesce(actual.actual_periods, 0) <> expected.expected_periods
        or coalesce(actual.year_status_rows, 0) <> 1
)

select * from final

-- Goal fulfilment: one row per municipality × goal × follow-up period of the plan year, whether or
-- not there is data (status no_data / not_yet_due then), with value, target, comparator, status,
-- gap, trend and national value.
with

evaluated as (
    select * from {{ ref('int_goals__evaluated') }}
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
        evaluated.kommunekode,
        municipalities.kommune as municipality_name,
        evaluated.plan_year,
        evaluated.goal_code,
        evaluated.period_code,
        -- the goal
        catalogue.sort_order,
        evaluated.goal_level,
        evaluated.ministermaal,
        catalogue.title_da,
        evaluated.measure_code,
        evaluated.unit,
        evaluated.direction,
        -- the period
        evaluated.period_end_date,
        evaluated.due_date,
        evaluated.evaluated_as_of,
        -- value against target
        evaluated.measured_value,
        evaluated.numerator,
        evaluated.denominator,
        evaluated.comparator,
        evaluated.target_value,
        evaluated.baseline_period_code,
        evaluated.baseline_value,
        evaluated.national_value,
        evaluated.national_value_basis,
        cast(evaluated.required_value as decimal(18, 4)) as required_value,
        evaluated.status,
        evaluated.status_reason,
        cast(evaluated.gap as decimal(18, 4)) as gap,
        -- trend
        evaluated.previous_period_code,
        evaluated.previous_value,
        cast(evaluated.change_vs_previous as decimal(18, 4)) as change_vs_previous,
        evaluated.trend,
        -- the goal's status for the year is the one of its last follow-up period
        evaluated.is_last_period_of_year,
        -- lineage
        evaluated.source_table,
        evaluated.load_id,
        evaluated.as_of_date,
        evaluated.is_synthetic
    from evaluated
    inner join catalogue
        on
            evaluated.kommunekode = catalogue.kommunekode
            and evaluated.plan_year = catalogue.plan_year
            and evaluated.goal_code = catalogue.goal_code
    left join municipalities
        on evaluated.kommunekode = municipalities.kommunekode
)

select * from final

-- Every measurement of every goal condition: municipality × goal × condition × period, for all
-- periods with data (not only the follow-up periods), with numerator, denominator, the window it
-- covers, its source and load.
with

conditions as (
    select * from {{ ref('int_goals__conditions') }}
),

measurements as (
    select * from {{ ref('int_goals__measurements') }}
),

municipalities as (
    select * from {{ ref('municipalities') }}
),

final as (
    select
        -- keys
        conditions.kommunekode,
        municipalities.kommune as municipality_name,
        conditions.plan_year,
        conditions.goal_code,
        conditions.condition_number,
        measurements.period_code,
        -- the measurement
        conditions.measure_code,
        conditions.unit,
        measurements.measured_value,
        measurements.numerator,
        measurements.denominator,
        measurements.months_in_window,
        measurements.window_months,
        -- lineage
        measurements.source_kind,
        measurements.source_table,
        measurements.load_id,
        measurements.as_of_date,
        measurements.is_synthetic
    from conditions
    inner join measurements
        on
            conditions.kommunekode = measurements.kommunekode
            and conditions.measure_code = measurements.measure_code
    left join municipalities
        on conditions.kommunekode = municipalities.kommunekode
)

select * from final

-- Every measurement of every goal: municipality × goal × period, for all periods with data (not
-- only the follow-up periods), with numerator, denominator, source, load and as-of date.
with

catalogue as (
    select * from {{ ref('int_goals__catalogue') }}
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
        catalogue.kommunekode,
        municipalities.kommune as municipality_name,
        catalogue.plan_year,
        catalogue.goal_code,
        measurements.period_code,
        -- the measurement
        catalogue.measure_code,
        catalogue.unit,
        measurements.measured_value,
        measurements.numerator,
        measurements.denominator,
        measurements.months_in_window,
        -- lineage
        measurements.source_table,
        measurements.load_id,
        measurements.as_of_date,
        measurements.is_synthetic
    from catalogue
    inner join measurements
        on
            catalogue.kommunekode = measurements.kommunekode
            and catalogue.measure_code = measurements.measure_code
    left join municipalities
        on catalogue.kommunekode = municipalities.kommunekode
)

select * from final

-- One row per municipality × plan year × goal condition × load: goal catalogues dropped as files.
with

source as (
    select * from {{ source('local', 'goal_catalogue') }}
),

renamed as (
    select
        load_id,
        source_row_number,
        cast(kommunekode as integer) as kommunekode,
        cast(plan_year as integer) as plan_year,
        goal_code,
        cast(condition_number as integer) as condition_number,
        cast(sort_order as integer) as sort_order,
        goal_level,
        ministermaal,
        title_da,
        measured_da,
        target_da,
        follow_up_da,
        condition_da,
        measure_code,
        unit,
        direction,
        comparator,
        cast(target_value as decimal(18, 4)) as target_value,
        cast(target_year as integer) as target_year,
        baseline_rule,
        cadence,
        period_type,
        data_source_kind,
        data_source,
        responsible_unit,
        cast(publication_lag_days as integer) as publication_lag_days,
        is_interpretation = 'true' as is_interpretation,
        interpretation_da,
        note
    from source
)

select * from renamed

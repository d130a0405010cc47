-- One row per municipality (0 = Hele landet) × measure × period × load: the generic template.
with

source as (
    select * from {{ source('local', 'goal_measurements') }}
),

renamed as (
    select
        load_id,
        source_row_number,
        cast(kommunekode as integer) as kommunekode,
        measure_code,
        period_code,
        cast(left(period_code, 4) as integer) as period_year,
        cast(value as decimal(18, 4)) as measured_value,
        cast(numerator as decimal(18, 4)) as numerator,
        cast(denominator as decimal(18, 4)) as denominator,
        cast(comparison_value as decimal(18, 4)) as comparison_value,
        suppressed_fields
    from source
)

select * from renamed

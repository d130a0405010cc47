-- One row per municipality × half-year × load: migrant workers in Danish classes (goal 6.12).
with

source as (
    select * from {{ source('local', 'danish_classes') }}
),

renamed as (
    select
        load_id,
        source_row_number,
        cast(kommunekode as integer) as kommunekode,
        period_code,
        cast(left(period_code, 4) as integer) as period_year,
        cast(participants_count as integer) as participants_count
    from source
)

select * from renamed

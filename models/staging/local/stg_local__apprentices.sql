-- One row per municipality × half-year × load: elever and lærlinge hired (goal 6.13).
with

source as (
    select * from {{ source('local', 'apprentices') }}
),

renamed as (
    select
        load_id,
        source_row_number,
        cast(kommunekode as integer) as kommunekode,
        period_code,
        cast(left(period_code, 4) as integer) as period_year,
        cast(hired_count as integer) as hired_count
    from source
)

select * from renamed

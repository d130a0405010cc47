-- One row per municipality × month × load: job orders created and filled (goal 6.1).
with

source as (
    select * from {{ source('local', 'job_orders') }}
),

renamed as (
    select
        load_id,
        source_row_number,
        cast(kommunekode as integer) as kommunekode,
        period_code,
        cast(left(period_code, 4) as integer) as period_year,
        cast(right(period_code, 2) as integer) as period_month,
        cast(orders_created as integer) as orders_created,
        cast(orders_filled as integer) as orders_filled
    from source
)

select * from renamed

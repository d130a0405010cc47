-- One row per municipality × half-year × load: workplaces with more than 50 employees and those
-- the jobcentre cooperates with (goal 6.8).
with

source as (
    select * from {{ source('local', 'firm_cooperation') }}
),

renamed as (
    select
        load_id,
        source_row_number,
        cast(kommunekode as integer) as kommunekode,
        period_code,
        cast(left(period_code, 4) as integer) as period_year,
        cast(firms_count as integer) as firms_count,
        cast(firms_cooperating_count as integer) as firms_cooperating_count
    from source
)

select * from renamed

-- One row per area × month × load: jobindsats' job orders (goal 6.1) renamed and typed, the area
-- mapped to its kommunekode (0 = Hele landet; a jobcentre by its municipality's name).
with

source as (
    select * from {{ source('jobindsats', 'jobordrer') }}
),

municipalities as (
    select * from {{ ref('municipalities') }}
),

renamed as (
    select
        -- keys
        source.load_id,
        source.source_row_number,
        {{ area_kommunekode('source.area_name', 'municipalities.kommunekode') }} as kommunekode,
        source.area_name,
        source.period_code,
        -- period parts
        cast(left(source.period_code, 4) as integer) as period_year,
        cast(right(source.period_code, 2) as integer) as period_month,
        -- measures (NULL where suppressed)
        cast(source.orders_created as integer) as orders_created,
        cast(source.positions_count as integer) as positions_count,
        cast(source.placement_rate_pct as decimal(9, 2)) as placement_rate_pct,
        cast(source.fill_rate_pct as decimal(9, 2)) as fill_rate_pct,
        source.suppressed_fields
    from source
    left join municipalities
        on source.area_name = municipalities.kommune
)

select * from renamed

-- One row per area × month × benefit × sex × load: PTVA02 (full-time persons on public support)
-- renamed and typed, the area name mapped to its kommunekode (0 = Hele landet).
with

source as (
    select * from {{ source('jobindsats', 'ptva02') }}
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
        source.benefit_label as benefit_label_da,
        source.sex_label,
        -- the month
        make_date(
            cast(left(source.period_code, 4) as integer),
            cast(right(source.period_code, 2) as integer),
            1
        ) as month_start,
        -- measures (NULL where suppressed)
        cast(source.persons_count as integer) as persons_count,
        cast(source.fulltime_persons as decimal(18, 2)) as fulltime_persons,
        cast(source.fulltime_share_of_labour_force_pct as decimal(9, 2))
            as fulltime_share_of_labour_force_pct,
        cast(source.fulltime_share_of_population_pct as decimal(9, 2))
            as fulltime_share_of_population_pct,
        source.suppressed_fields
    from source
    left join municipalities
        on source.area_name = municipalities.kommune
)

select * from renamed

-- One row per area × month × ydelsesgruppe × målgruppe × load: OTIJ01 (ordinary hours) renamed
-- and typed, the area name mapped to its kommunekode (0 = Hele landet), and whether the row is
-- one of the counted members of both dimensions (seeds/otij01_dimension_values.csv): a pull
-- that also holds the totals must not count a person twice.
with

source as (
    select * from {{ source('jobindsats', 'otij01') }}
),

municipalities as (
    select * from {{ ref('municipalities') }}
),

dimension_values as (
    select * from {{ ref('otij01_dimension_values') }}
),

renamed as (
    select
        -- keys
        source.load_id,
        source.source_row_number,
        {{ area_kommunekode('source.area_name', 'municipalities.kommunekode') }} as kommunekode,
        source.area_name,
        source.period_code,
        source.benefit_group_label,
        source.target_group_label,
        -- period parts
        cast(left(source.period_code, 4) as integer) as period_year,
        cast(right(source.period_code, 2) as integer) as period_month,
        -- one level of each dimension is counted
        coalesce(benefit_groups.is_counted, false)
        and coalesce(target_groups.is_counted, false) as is_counted,
        -- measures (NULL where suppressed)
        cast(source.persons_count as integer) as persons_count,
        cast(source.persons_with_hours_count as integer) as persons_with_hours_count,
        cast(source.share_with_hours_pct as decimal(9, 2)) as share_with_hours_pct,
        cast(source.avg_hours_per_person as decimal(9, 2)) as avg_hours_per_person,
        cast(source.avg_ordinary_hours_per_month as decimal(9, 2))
            as avg_ordinary_hours_per_month,
        source.suppressed_fields
    from source
    left join municipalities
        on source.area_name = municipalities.kommune
    left join dimension_values as benefit_groups
        on
            benefit_groups.dimension_id = '_ygrp_j01'
            and source.benefit_group_label = benefit_groups.value_label
    left join dimension_values as target_groups
        on
            target_groups.dimension_id = '_maalgrp'
            and source.target_group_label = target_groups.value_label
)

select * from renamed

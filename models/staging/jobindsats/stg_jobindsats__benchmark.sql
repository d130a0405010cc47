-- One row per municipality × period × benefit group × load: Y30R21 renamed and typed, the area
-- name mapped to its kommunekode and the Danish benefit-group label to our code.
with

source as (
    select * from {{ source('jobindsats', 'y30r21') }}
),

municipalities as (
    select * from {{ ref('municipalities') }}
),

benefit_groups as (
    select * from {{ ref('benefit_groups') }}
),

renamed as (
    select
        -- keys
        source.load_id,
        source.source_row_number,
        municipalities.kommunekode,
        source.area_name as municipality_name,
        source.period_code,
        benefit_groups.benefit_group,
        -- period parts
        cast(left(source.period_code, 4) as integer) as period_year,
        substr(source.period_code, 5) as period_type,
        -- counts (full-time persons, rounded to 10 by jobindsats)
        cast(source.expected_count as integer) as expected_count,
        cast(source.actual_count as integer) as actual_count,
        cast(source.diff_count as integer) as diff_count,
        -- shares of the population 16-66, in percent and percentage points
        cast(source.expected_share_pct as decimal(9, 2)) as expected_share_pct,
        cast(source.actual_share_pct as decimal(9, 2)) as actual_share_pct,
        cast(source.diff_share_pp as decimal(9, 2)) as diff_share_pp,
        cast(source.published_rank as integer) as published_rank,
        source.suppressed_fields
    from source
    left join municipalities
        on source.area_name = municipalities.kommune
    left join benefit_groups
        on source.benefit_group_label = benefit_groups.benefit_group_label_da
)

select * from renamed

-- One row per area × month × fokusmål × load: the fokusmål measures renamed and typed, the area
-- name mapped to its kommunekode (0 = Hele landet) and the measure label to our code.
with

source as (
    select * from {{ source('jobindsats', 'fokusmaal') }}
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
        case source.focus_measure_label
            when 'Afholdelse af samtaler' then 'fokus_samtaler_share'
            when 'Deltagelse i aktive tilbud' then 'fokus_tilbud_share'
        end as measure_code,
        source.focus_measure_label,
        -- period parts
        cast(left(source.period_code, 4) as integer) as period_year,
        cast(right(source.period_code, 2) as integer) as period_month,
        -- counts and share (NULL where suppressed)
        cast(source.persons_count as integer) as persons_count,
        cast(source.persons_meeting_count as integer) as persons_meeting_count,
        cast(source.share_meeting_pct as decimal(9, 2)) as published_share_pct,
        cast(
            coalesce(
                100.0 * source.persons_meeting_count / nullif(source.persons_count, 0),
                source.share_meeting_pct
            ) as decimal(9, 4)
        ) as share_meeting_pct,
        source.suppressed_fields
    from source
    left join municipalities
        on source.area_name = municipalities.kommune
)

select * from renamed

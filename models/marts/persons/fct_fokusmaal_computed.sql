-- One row per area (0 = Hele landet) × month × fokusmål computed locally from the person-level
-- data ("beregnet lokalt"): persons in the target group, persons meeting the goal and the share,
-- suppressed by jobindsats' discretion rule, and whether the month's history is complete. The
-- goal marts read the same values as a measure source beside jobindsats' published ones.
with

computed as (
    select * from {{ ref('int_persons__fokusmaal_monthly') }}
),

municipalities as (
    select * from {{ ref('municipalities') }}
),

final as (
    select
        -- keys
        computed.kommunekode,
        computed.period_code,
        computed.measure_code,
        -- the area and month
        coalesce(municipalities.kommune, 'Hele landet') as municipality_name,
        computed.month_start,
        computed.period_year,
        computed.period_month,
        -- the measurement, NULL where suppressed
        computed.persons_count,
        computed.meeting_count,
        computed.share_meeting_pct,
        computed.is_suppressed,
        computed.is_history_complete,
        -- lineage
        'computed_locally' as source_kind,
        computed.load_id,
        {{ person_load_is_synthetic('computed.load_id') }} as is_synthetic
    from computed
    left join municipalities
        on computed.kommunekode = municipalities.kommunekode
)

select * from final

{{ config(materialized='incremental', unique_key='month_index', partition_by=['month_index']) }}
{%- set datasets = ['benefit_weeks', 'samtaler', 'offers', 'ordinary_hours'] -%}
{%- set rebuild_from = person_rebuild_from_month(datasets) -%}
-- One row per person × month in the fokusmål's target group (on a benefit in the month with at
-- least var fokus_min_anciennitet_months months' anciennitet), counted in the municipality of
-- the month, with what the person had over the 12 months ending in the month (in any
-- municipality): samtaler, an active offer, ordinary hours; and whether each fokusmål is met
-- by the thresholds valid on the month's first day (seeds/focus_goal_thresholds.csv: at least
-- samtaler_min_count samtaler; an offer, or at least tilbud_min_ordinary_hours hours).
-- Incremental: recomputes from the earliest month of a new file on, reading the activity of
-- the 11 months before it.
with

anciennitet as (
    select * from {{ ref('int_persons__anciennitet') }}
    where
        anciennitet_months >= {{ var('fokus_min_anciennitet_months') }}
        and {{ months_from('month_index', rebuild_from) }}
),

activity as (
    select * from {{ ref('int_persons__activity_months') }}
    where {{ months_from('month_index', rebuild_from, offset=11) }}
),

thresholds as (
    select * from {{ ref('focus_goal_thresholds') }}
),

month_spine as (
    {{ person_month_spine() }}
),

month_thresholds as (
    select
        month_spine.month_index,
        max(
            case
                when thresholds.threshold_code = 'samtaler_min_count'
                    then thresholds.threshold_value
            end
        ) as samtaler_min_count,
        max(
            case
                when thresholds.threshold_code = 'tilbud_min_ordinary_hours'
                    then thresholds.threshold_value
            end
        ) as tilbud_min_ordinary_hours
    from month_spine
    left join thresholds
        on
            month_spine.month_start >= thresholds.valid_from
            and (month_spine.month_start <= thresholds.valid_to or thresholds.valid_to is null)
            and thresholds.is_applied
    group by month_spine.month_index
),

person_months as (
    -- the target-group months and the activity months of the same persons, one shape
    select
        person_id,
        month_index,
        1 as is_target_group,
        month_start,
        kommunekode,
        benefit_code,
        anciennitet_months,
        0 as samtaler_count,
        cast(0 as decimal(12, 2)) as ordinary_hours,
        0 as has_offer
    from anciennitet
    union all
    select
        person_id,
        month_index,
        0 as is_target_group,
        cast(null as date) as month_start,
        cast(null as integer) as kommunekode,
        cast(null as {{ type_string() }}) as benefit_code,
        cast(null as integer) as anciennitet_months,
        samtaler_count,
        ordinary_hours,
        has_offer
    from activity
),

combined as (
    select
        person_id,
        month_index,
        max(is_target_group) as is_target_group,
        max(month_start) as month_start,
        max(kommunekode) as kommunekode,
        max(benefit_code) as benefit_code,
        max(anciennitet_months) as anciennitet_months,
        sum(samtaler_count) as samtaler_count,
        sum(ordinary_hours) as ordinary_hours,
        max(has_offer) as has_offer
    from person_months
    group by person_id, month_index
),

windowed as (
    select
        combined.*,
        sum(combined.samtaler_count) over last_12_months as samtaler_last_12_months,
        sum(combined.ordinary_hours) over last_12_months as ordinary_hours_last_12_months,
        max(combined.has_offer) over last_12_months as has_offer_last_12_months
    from combined
    window last_12_months as (
        partition by combined.person_id
        order by combined.month_index
        range between 11 preceding and current row
    )
),

final as (
    select
        -- keys
        windowed.person_id,
        windowed.month_index,
        -- the month
        windowed.month_start,
        windowed.kommunekode,
        windowed.benefit_code,
        windowed.anciennitet_months,
        -- the 12 months ending in the month
        cast(windowed.samtaler_last_12_months as integer) as samtaler_last_12_months,
        cast(windowed.ordinary_hours_last_12_months as decimal(12, 2))
            as ordinary_hours_last_12_months,
        windowed.has_offer_last_12_months = 1 as has_offer_last_12_months,
        -- the fokusmål (false while no threshold is valid)
        coalesce(
            windowed.samtaler_last_12_months >= month_thresholds.samtaler_min_count, false
        ) as meets_samtaler,
        coalesce(
            windowed.has_offer_last_12_months = 1
            or windowed.ordinary_hours_last_12_months
            >= month_thresholds.tilbud_min_ordinary_hours,
            false
        ) as meets_tilbud,
        -- lineage
        {{ person_inputs_watermark(datasets) }} as built_through_load_id
    from windowed
    left join month_thresholds
        on windowed.month_index = month_thresholds.month_index
    where windowed.is_target_group = 1
)

select * from final

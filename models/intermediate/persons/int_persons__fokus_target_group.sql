{{ config(
    materialized='incremental',
    unique_key='month_index',
    partition_by=person_partitions('month_index'),
) }}
{%- set datasets = ['benefit_weeks', 'samtaler', 'offers', 'ordinary_hours'] -%}
{%- set rebuild_from = person_rebuild_from_month(datasets) -%}
-- One row per person × month in the fokusmål's target group (on a benefit in the month with at
-- least var fokus_min_anciennitet_months months' anciennitet), counted in the municipality of
-- the month, with what the person had over the 12 months ending in the month (in any
-- municipality): samtaler, an active offer, ordinary hours; and whether each fokusmål is met
-- by the thresholds valid on the month's first day (seeds/focus_goal_thresholds.csv: at least
-- samtaler_min_count samtaler; an offer, or at least tilbud_min_ordinary_hours hours).
-- Incremental: recomputes from the earliest month of a new file on, reading the activity of
-- the 11 months before it and the offers still running then.
with

anciennitet as (
    select * from {{ ref('int_persons__anciennitet') }}
    where
        anciennitet_months >= {{ var('fokus_min_anciennitet_months') }}
        and {{ months_from('month_index', rebuild_from) }}
),

samtale_months as (
    -- from the 11 months before the first recomputed month on (every month on a full build),
    -- of the persons in the target group only: nobody else's activity is counted
    select
        person_id,
        month_index,
        count(*) as samtaler_count,
        cast(0 as decimal(12, 2)) as ordinary_hours,
        cast(null as integer) as offer_end_month_index
    from {{ ref('stg_persons__samtaler') }}
    where
        {{ month_starts_from('month_start', rebuild_from, offset=11) }}
        and person_id in (select anciennitet.person_id from anciennitet)
    group by person_id, month_index
),

hour_months as (
    -- one row per person and month (the landing contract's key)
    select
        person_id,
        month_index,
        0 as samtaler_count,
        cast(ordinary_hours as decimal(12, 2)) as ordinary_hours,
        cast(null as integer) as offer_end_month_index
    from {{ ref('stg_persons__ordinary_hours') }}
    where
        {{ month_starts_from('month_start', rebuild_from, offset=11) }}
        and person_id in (select anciennitet.person_id from anciennitet)
),

offers as (
    -- at the month it started, with the month it ends; on an incremental build the offers
    -- still running in the 11 months before the first recomputed month, whenever they started
    select
        person_id,
        offer_start_month_index as month_index,
        0 as samtaler_count,
        cast(0 as decimal(12, 2)) as ordinary_hours,
        offer_end_month_index
    from {{ ref('stg_persons__offers') }}
    where
        {{ month_starts_from('offer_end', rebuild_from, offset=11) }}
        and person_id in (select anciennitet.person_id from anciennitet)
),

activity as (
    -- the three kinds of activity in one shape
    select * from samtale_months
    union all
    select * from hour_months
    union all
    select * from offers
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
    -- one stream per person: the target-group months and the activity, in one shape; a
    -- month's rows are peers in the windows below, so they need not be combined first
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
        cast(null as integer) as offer_end_month_index
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
        offer_end_month_index
    from activity
),

windowed as (
    -- the 12 months M − 11 … M (RANGE: whole months, whatever rows a month has); an offer runs
    -- in them when one started by M ends in M − 11 or later
    select
        person_months.*,
        sum(person_months.samtaler_count) over last_12_months as samtaler_last_12_months,
        sum(person_months.ordinary_hours) over last_12_months as ordinary_hours_last_12_months,
        max(person_months.offer_end_month_index) over months_so_far
        >= person_months.month_index - 11 as has_offer_last_12_months
    from person_months
    window
        last_12_months as (
            partition by person_months.person_id
            order by person_months.month_index
            range between 11 preceding and current row
        ),
        months_so_far as (
            partition by person_months.person_id
            order by person_months.month_index
            range between unbounded preceding and current row
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
        coalesce(windowed.has_offer_last_12_months, false) as has_offer_last_12_months,
        -- the fokusmål (false while no threshold is valid)
        coalesce(
            windowed.samtaler_last_12_months >= month_thresholds.samtaler_min_count, false
        ) as meets_samtaler,
        coalesce(
            windowed.has_offer_last_12_months
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

{{ config(schema='intermediate') }}
-- One row per area (0 = Hele landet) × month × fokusmål, computed from the person-level data:
-- the persons in the target group, those meeting the goal and the share, with jobindsats'
-- discretion rule applied (macros/persons/discretion.sql), so nothing here can single out a
-- person. The national row sums every municipality's unsuppressed counts. A month is
-- history-complete from the 12th month of the data on: before it neither the 12 months'
-- anciennitet nor the 12-month window can be seen whole.
with

target_group as (
    select * from {{ ref('int_persons__fokus_target_group') }}
),

month_spine as (
    {{ person_month_spine() }}
),

first_month as (
    select min(month_index) as month_index from month_spine
),

by_municipality as (
    select
        kommunekode,
        month_index,
        month_start,
        count(*) as persons_count,
        sum(case when meets_samtaler then 1 else 0 end) as samtaler_meeting_count,
        sum(case when meets_tilbud then 1 else 0 end) as tilbud_meeting_count
    from target_group
    group by kommunekode, month_index, month_start
),

by_area as (
    select * from by_municipality
    union all
    select
        0 as kommunekode,
        month_index,
        month_start,
        sum(persons_count) as persons_count,
        sum(samtaler_meeting_count) as samtaler_meeting_count,
        sum(tilbud_meeting_count) as tilbud_meeting_count
    from by_municipality
    group by month_index, month_start
),

by_measure as (
    select
        kommunekode,
        month_index,
        month_start,
        'fokus_samtaler_share' as measure_code,
        persons_count,
        samtaler_meeting_count as meeting_count
    from by_area
    union all
    select
        kommunekode,
        month_index,
        month_start,
        'fokus_tilbud_share' as measure_code,
        persons_count,
        tilbud_meeting_count as meeting_count
    from by_area
),

final as (
    select
        -- keys
        by_measure.kommunekode,
        by_measure.month_start,
        by_measure.measure_code,
        -- the month (period_code as jobindsats writes a month: 2024M01)
        cast(extract(year from by_measure.month_start) as {{ type_string() }})
        || 'M'
        || lpad(cast(extract(month from by_measure.month_start) as {{ type_string() }}), 2, '0')
            as period_code,
        by_measure.month_index,
        cast(extract(year from by_measure.month_start) as integer) as period_year,
        cast(extract(month from by_measure.month_start) as integer) as period_month,
        -- the counts, NULL where suppressed
        case
            when not {{ hides_total('by_measure.persons_count', 'by_measure.meeting_count') }}
                then cast(by_measure.persons_count as integer)
        end as persons_count,
        case
            when not {{ hides_part('by_measure.persons_count', 'by_measure.meeting_count') }}
                then cast(by_measure.meeting_count as integer)
        end as meeting_count,
        case
            when
                not {{ hides_total('by_measure.persons_count', 'by_measure.meeting_count') }}
                and not {{ hides_part('by_measure.persons_count', 'by_measure.meeting_count') }}
                then cast(
                    round(100.0 * by_measure.meeting_count / by_measure.persons_count, 4)
                    as decimal(9, 4)
                )
        end as share_meeting_pct,
        (
            {{ hides_total('by_measure.persons_count', 'by_measure.meeting_count') }}
            or {{ hides_part('by_measure.persons_count', 'by_measure.meeting_count') }}
        ) as is_suppressed,
        by_measure.month_index >= first_month.month_index + 11 as is_history_complete,
        -- lineage: the month's benefit_weeks file (the target group is the month's people)
        month_spine.load_id
    from by_measure
    cross join first_month
    left join month_spine
        on by_measure.month_index = month_spine.month_index
)

select * from final

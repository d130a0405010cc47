-- One row per benchmark list period present in the warehouse: its months, its Danish label, the
-- month it is usually published, and its place in the sequence of lists (overall and within its
-- type), with the previous list of the same type and of either type. "Previous" means the
-- previous list available here, so a gap in the loaded history is bridged, not left empty.
with

ranked as (
    select * from {{ ref('int_benchmark__ranked') }}
),

list_types as (
    select * from {{ ref('benchmark_list_types') }}
),

periods as (
    select distinct
        period_code,
        period_type,
        period_year
    from ranked
),

dated as (
    select
        periods.period_code,
        periods.period_type,
        periods.period_year,
        list_types.end_quarter,
        make_date(periods.period_year, 3 * list_types.end_quarter, 1) as last_month,
        list_types.first_month_offset_months,
        list_types.typical_publication_month,
        list_types.publication_year_offset,
        replace(
            replace(
                list_types.period_label_da_template,
                '{y-1}', cast(periods.period_year - 1 as varchar)
            ),
            '{y}', cast(periods.period_year as varchar)
        ) as period_label_da,
        replace(
            replace(
                list_types.period_label_en_template,
                '{y-1}', cast(periods.period_year - 1 as varchar)
            ),
            '{y}', cast(periods.period_year as varchar)
        ) as period_label_en
    from periods
    inner join list_types
        on periods.period_type = list_types.period_type
),

sequenced as (
    select
        period_code,
        period_type,
        period_year,
        cast(
            last_month + first_month_offset_months * interval '1 month' as date
        ) as first_month,
        last_month,
        period_label_da,
        period_label_en,
        make_date(
            period_year + publication_year_offset, typical_publication_month, 1
        ) as approx_publication_month,
        cast(row_number() over (order by last_month) as integer) as list_sequence,
        cast(
            row_number() over (partition by period_type order by last_month) as integer
        ) as list_sequence_in_type,
        lag(period_code) over (
            partition by period_type order by last_month
        ) as previous_period_code_same_type,
        lag(period_code) over (order by last_month) as previous_period_code_any
    from dated
),

final as (
    select
        *,
        list_sequence = max(list_sequence) over () as is_latest,
        list_sequence_in_type
        = max(list_sequence_in_type) over (partition by period_type) as is_latest_of_type
    from sequenced
)

select * from final

-- Every pair of lists a nowcast works on: an origin list, the list it predicts (the target)
-- and the horizon (1 = the next list, 2 = the one after it, which is the next list of the
-- other type; up to var('nowcast_max_horizon')). Between loaded lists the target is published:
-- that is the backtest. From the latest list to the lists not published yet: the nowcast,
-- their periods computed from the seed benchmark_list_types. A pair uses only what was known
-- at its origin, so the nowcast models train a pair on the pairs whose target is not later
-- than its origin (training_until_sequence).
with

periods as (
    select * from {{ ref('int_benchmark__periods') }}
),

list_types as (
    select * from {{ ref('benchmark_list_types') }}
),

published_pairs as (
    select
        origin_list.period_code as origin_period_code,
        origin_list.list_sequence as origin_list_sequence,
        origin_list.last_month as origin_last_month,
        target_list.period_code as target_period_code,
        target_list.list_sequence as target_list_sequence,
        target_list.first_month as target_first_month,
        target_list.last_month as target_last_month,
        target_list.list_sequence - origin_list.list_sequence as horizon,
        true as is_target_published
    from periods as origin_list
    inner join periods as target_list
        on
            origin_list.list_sequence < target_list.list_sequence
            and origin_list.list_sequence + {{ var('nowcast_max_horizon') }}
            >= target_list.list_sequence
),

latest as (
    select
        period_code,
        list_sequence,
        period_year,
        last_month
    from periods
    where is_latest
),

-- the lists of the next years, of every type
calendar as (
    {% for year_offset in range(0, (var('nowcast_max_horizon') | int) // 2 + 2) -%}
        select
            latest.period_year + {{ year_offset }} as period_year,
            list_types.period_type,
            list_types.first_month_offset_months,
            make_date(
                latest.period_year + {{ year_offset }}, 3 * list_types.end_quarter, 1
            ) as last_month
        from latest
        cross join list_types
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

future as (
    select
        cast(calendar.period_year as varchar) || calendar.period_type as period_code,
        cast(
            calendar.last_month + calendar.first_month_offset_months * interval '1 month'
            as date
        ) as first_month,
        calendar.last_month,
        row_number() over (order by calendar.last_month) as steps_ahead
    from calendar
    inner join latest
        on calendar.last_month > latest.last_month
),

future_pairs as (
    select
        latest.period_code as origin_period_code,
        latest.list_sequence as origin_list_sequence,
        latest.last_month as origin_last_month,
        future.period_code as target_period_code,
        cast(null as integer) as target_list_sequence,
        future.first_month as target_first_month,
        future.last_month as target_last_month,
        future.steps_ahead as horizon,
        false as is_target_published
    from latest
    cross join future
    where future.steps_ahead <= {{ var('nowcast_max_horizon') }}
),

unioned as (
    select * from published_pairs
    union all
    select * from future_pairs
),

final as (
    select
        origin_period_code,
        target_period_code,
        cast(horizon as integer) as horizon,
        is_target_published,
        cast(origin_list_sequence as integer) as origin_list_sequence,
        cast(target_list_sequence as integer) as target_list_sequence,
        origin_last_month,
        target_first_month,
        target_last_month,
        -- the months of the target's window that the origin's window does not hold
        cast(
            extract(year from target_last_month) * 12 + extract(month from target_last_month)
            - 1 as integer
        ) as target_last_month_index,
        cast(least(
            12,
            (extract(year from target_last_month) - extract(year from origin_last_month)) * 12
            + extract(month from target_last_month) - extract(month from origin_last_month)
        ) as integer) as new_months
    from unioned
)

select * from final

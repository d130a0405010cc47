-- One row per area × windowed measure × month × source: the value of the window of months
-- ending in the month (12 for every monthly goal measure; seeds/goal_measures.csv), combined by
-- the measure's rule: the mean of the monthly values (the fokusmål are STAR's 12-month averages
-- of monthly shares; job orders created per month) or the ratio of the summed numerators and
-- denominators (besættelsesgrad, OTIJ01). months_in_window counts the months with a value, and
-- a window with fewer than the measure's minimum (default: the whole window) is incomplete.
with

monthly as (
    select * from {{ ref('int_goals__monthly_measures') }}
),

measures as (
    select * from {{ ref('goal_measures') }}
),

indexed as (
    select
        monthly.*,
        monthly.period_year * 12 + monthly.period_month as month_index,
        coalesce(measures.window_months, 1) as window_months,
        coalesce(measures.min_months_in_window, measures.window_months, 1)
            as min_months_in_window,
        measures.aggregation_rule
    from monthly
    left join measures
        on monthly.measure_code = measures.measure_code
),

windowed as (
    select
        ending.kommunekode,
        ending.measure_code,
        ending.period_code,
        ending.source_table,
        ending.source_kind,
        ending.source_priority,
        ending.aggregation_rule,
        ending.window_months,
        ending.min_months_in_window,
        ending.load_id,
        avg(window_month.monthly_value) as mean_monthly_value,
        -- a month counts in a ratio only when both its parts are published
        sum(
            case
                when window_month.denominator is not null then window_month.numerator
            end
        ) as numerator_sum,
        sum(
            case
                when window_month.numerator is not null then window_month.denominator
            end
        ) as denominator_sum,
        cast(count(window_month.monthly_value) as integer) as months_in_window,
        max(window_month.received_at) as received_at,
        bool_or(window_month.is_synthetic) as is_synthetic
    from indexed as ending
    inner join indexed as window_month
        on
            ending.kommunekode = window_month.kommunekode
            and ending.measure_code = window_month.measure_code
            and ending.source_table = window_month.source_table
            and window_month.month_index
            between ending.month_index - ending.window_months + 1 and ending.month_index
    group by
        ending.kommunekode,
        ending.measure_code,
        ending.period_code,
        ending.source_table,
        ending.source_kind,
        ending.source_priority,
        ending.aggregation_rule,
        ending.window_months,
        ending.min_months_in_window,
        ending.load_id
),

final as (
    select
        -- keys
        kommunekode,
        measure_code,
        period_code,
        source_table,
        -- the window's value
        cast(
            case
                when aggregation_rule = 'ratio_of_sums'
                    then 100.0 * numerator_sum / nullif(denominator_sum, 0)
                else mean_monthly_value
            end as decimal(18, 4)
        ) as measured_value,
        numerator_sum as numerator,
        denominator_sum as denominator,
        months_in_window,
        window_months,
        months_in_window >= min_months_in_window as is_window_complete,
        -- lineage
        source_kind,
        source_priority,
        load_id,
        received_at,
        is_synthetic
    from windowed
)

select * from final

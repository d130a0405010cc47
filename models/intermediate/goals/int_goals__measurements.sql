-- One row per area (0 = Hele landet) × measure × period: the value a goal is judged on, with its
-- numerator, denominator, source table, load and as-of date. Monthly measures become 12-month
-- values ending in the month (mean of monthly shares for the fokusmål, ratio of sums otherwise);
-- the resultatmål is diff_count of the benchmark (total); the local templates give their value
-- directly. Where a dedicated source and the generic template both hold a key, the dedicated wins.
with

monthly as (
    select * from {{ ref('int_goals__monthly_measures') }}
),

benchmark as (
    select * from {{ ref('fct_benchmark') }}
),

rehab_cases as (
    select * from {{ ref('stg_local__rehab_cases') }}
),

firm_cooperation as (
    select * from {{ ref('stg_local__firm_cooperation') }}
),

danish_classes as (
    select * from {{ ref('stg_local__danish_classes') }}
),

apprentices as (
    select * from {{ ref('stg_local__apprentices') }}
),

generic as (
    select * from {{ ref('stg_local__goal_measurements') }}
),

load_records as (
    select * from {{ ref('stg_raw_meta__load_record') }}
),

monthly_indexed as (
    select
        monthly.*,
        monthly.period_year * 12 + monthly.period_month as month_index
    from monthly
),

rolling as (
    select
        ending.kommunekode,
        ending.measure_code,
        ending.period_code,
        ending.aggregation_rule,
        ending.source_table,
        avg(window_month.share_pct) as mean_share_pct,
        sum(
            case
                when window_month.denominator is not null then window_month.numerator
            end
        ) as numerator,
        sum(
            case
                when window_month.numerator is not null then window_month.denominator
            end
        ) as denominator,
        cast(count(window_month.share_pct) as integer) as months_in_window,
        max(window_month.load_id) as load_id,
        max(window_month.received_at) as received_at,
        bool_or(window_month.is_synthetic) as is_synthetic
    from monthly_indexed as ending
    inner join monthly_indexed as window_month
        on
            ending.kommunekode = window_month.kommunekode
            and ending.measure_code = window_month.measure_code
            and window_month.month_index between ending.month_index - 11 and ending.month_index
    group by
        ending.kommunekode,
        ending.measure_code,
        ending.period_code,
        ending.aggregation_rule,
        ending.source_table
),

rolling_rows as (
    select
        kommunekode,
        measure_code,
        period_code,
        case
            when aggregation_rule = 'mean_of_monthly_shares' then mean_share_pct
            else 100.0 * numerator / nullif(denominator, 0)
        end as measured_value,
        numerator,
        denominator,
        cast(null as decimal(18, 4)) as comparison_value,
        months_in_window,
        source_table,
        load_id,
        1 as source_priority
    from rolling
),

benchmark_rows as (
    select
        kommunekode,
        'benchmark_diff_count' as measure_code,
        period_code,
        diff_count as measured_value,
        actual_count as numerator,
        expected_count as denominator,
        cast(null as decimal(18, 4)) as comparison_value,
        cast(null as integer) as months_in_window,
        'jobindsats/y30r21' as source_table,
        load_id,
        1 as source_priority
    from benchmark
    where benefit_group = 'total'
),

local_rows as (
    select
        kommunekode,
        'rehab_pension_wandering_cases' as measure_code,
        period_code,
        wandering_cases as measured_value,
        wandering_cases as numerator,
        team_cases as denominator,
        cast(null as decimal(18, 4)) as comparison_value,
        cast(null as integer) as months_in_window,
        'local/rehab_cases' as source_table,
        load_id,
        1 as source_priority
    from rehab_cases
    union all
    select
        kommunekode,
        'firm_cooperation_share' as measure_code,
        period_code,
        100.0 * firms_cooperating_count / nullif(firms_count, 0) as measured_value,
        firms_cooperating_count as numerator,
        firms_count as denominator,
        cast(null as decimal(18, 4)) as comparison_value,
        cast(null as integer) as months_in_window,
        'local/firm_cooperation' as source_table,
        load_id,
        1 as source_priority
    from firm_cooperation
    union all
    select
        kommunekode,
        'migrant_workers_danish_classes' as measure_code,
        period_code,
        participants_count as measured_value,
        participants_count as numerator,
        cast(null as integer) as denominator,
        cast(null as decimal(18, 4)) as comparison_value,
        cast(null as integer) as months_in_window,
        'local/danish_classes' as source_table,
        load_id,
        1 as source_priority
    from danish_classes
    union all
    select
        kommunekode,
        'apprentices_hired' as measure_code,
        period_code,
        hired_count as measured_value,
        hired_count as numerator,
        cast(null as integer) as denominator,
        cast(null as decimal(18, 4)) as comparison_value,
        cast(null as integer) as months_in_window,
        'local/apprentices' as source_table,
        load_id,
        1 as source_priority
    from apprentices
    union all
    select
        kommunekode,
        measure_code,
        period_code,
        measured_value,
        numerator,
        denominator,
        comparison_value,
        cast(null as integer) as months_in_window,
        'local/goal_measurements' as source_table,
        load_id,
        2 as source_priority
    from generic
),

unioned as (
    select * from rolling_rows
    union all
    select * from benchmark_rows
    union all
    select * from local_rows
),

versioned as (
    select
        unioned.*,
        load_records.received_at,
        load_records.is_synthetic,
        row_number() over (
            partition by unioned.kommunekode, unioned.measure_code, unioned.period_code
            order by
                unioned.source_priority asc,
                load_records.received_at desc,
                unioned.load_id desc
        ) as version_rank
    from unioned
    left join load_records
        on unioned.load_id = load_records.load_id
),

final as (
    select
        -- keys
        cast(kommunekode as integer) as kommunekode,
        measure_code,
        period_code,
        -- the measurement
        cast(measured_value as decimal(18, 4)) as measured_value,
        cast(numerator as decimal(18, 4)) as numerator,
        cast(denominator as decimal(18, 4)) as denominator,
        comparison_value,
        months_in_window,
        -- lineage
        source_table,
        load_id,
        cast(received_at as date) as as_of_date,
        coalesce(is_synthetic, false) as is_synthetic
    from versioned
    where version_rank = 1
)

select * from final

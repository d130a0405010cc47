-- One row per area (0 = Hele landet) × measure × period: the value a goal condition is judged
-- on, from every source, one version per key. The windowed monthly measures (12-month values
-- ending in each month), the resultatmål (diff_count of the newest benchmark list, Ydelsesgrupper
-- i alt) and the municipality's own files are unioned; per key the source the plan names comes
-- first (jobindsats before the municipality's file, a dedicated template before the generic
-- one), then the newest load.
with

rolling as (
    select * from {{ ref('int_goals__rolling_measures') }}
),

local_measures as (
    select * from {{ ref('int_goals__local_measures') }}
),

benchmark as (
    select * from {{ ref('int_benchmark__current_version') }}
),

rolling_rows as (
    select
        kommunekode,
        measure_code,
        period_code,
        measured_value,
        numerator,
        denominator,
        cast(null as decimal(18, 4)) as comparison_value,
        months_in_window,
        window_months,
        is_window_complete,
        source_kind,
        source_table,
        source_priority,
        load_id,
        received_at,
        is_synthetic
    from rolling
),

benchmark_rows as (
    select
        kommunekode,
        'benchmark_diff_count' as measure_code,
        period_code,
        cast(diff_count as decimal(18, 4)) as measured_value,
        cast(actual_count as decimal(18, 4)) as numerator,
        cast(expected_count as decimal(18, 4)) as denominator,
        cast(null as decimal(18, 4)) as comparison_value,
        cast(null as integer) as months_in_window,
        cast(null as integer) as window_months,
        cast(null as boolean) as is_window_complete,
        'published' as source_kind,
        'jobindsats/y30r21' as source_table,
        1 as source_priority,
        load_id,
        received_at,
        is_synthetic
    from benchmark
    where benefit_group = 'total'
),

local_rows as (
    select
        kommunekode,
        measure_code,
        period_code,
        measured_value,
        numerator,
        denominator,
        comparison_value,
        cast(null as integer) as months_in_window,
        cast(null as integer) as window_months,
        cast(null as boolean) as is_window_complete,
        source_kind,
        source_table,
        source_priority,
        load_id,
        received_at,
        is_synthetic
    from local_measures
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
        {{ load_recency(['kommunekode', 'measure_code', 'period_code'],
            priority='source_priority') }} as load_recency_rank
    from unioned
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
        window_months,
        is_window_complete,
        -- lineage
        source_kind,
        source_table,
        load_id,
        cast(received_at as date) as as_of_date,
        coalesce(is_synthetic, false) as is_synthetic
    from versioned
    where load_recency_rank = 1
)

select * from final

-- Does the monthly PTVA02 reproduce the published actual side of the benchmark? Per
-- municipality, list and benefit group: the mean of the 12 months of the list's window
-- (int_benchmark__rebuilt_actuals) against Y30R21's published "Faktisk antal" (rounded to 10)
-- and "Faktisk andel", in persons and in pct points of the population 16-66. Lists without any
-- month loaded have no row.
with

benchmark as (
    select * from {{ ref('fct_benchmark') }}
),

rebuilt as (
    select * from {{ ref('int_benchmark__rebuilt_actuals') }}
),

compared as (
    select
        benchmark.kommunekode,
        benchmark.municipality_name,
        benchmark.period_code,
        benchmark.benefit_group,
        rebuilt.months_found,
        rebuilt.benefit_months_suppressed,
        rebuilt.first_month_found,
        rebuilt.last_month_found,
        benchmark.actual_count as published_actual_count,
        rebuilt.rebuilt_actual_count,
        benchmark.actual_share_pct as published_actual_share_pct,
        benchmark.population_16_66,
        benchmark.population_source,
        benchmark.is_synthetic
    from benchmark
    inner join rebuilt
        on
            benchmark.kommunekode = rebuilt.kommunekode
            and benchmark.period_code = rebuilt.period_code
            and benchmark.benefit_group = rebuilt.benefit_group
),

final as (
    select
        -- keys
        kommunekode,
        municipality_name,
        period_code,
        benefit_group,
        -- coverage of the window
        months_found,
        benefit_months_suppressed,
        months_found = 12 and benefit_months_suppressed = 0 as is_complete_window,
        first_month_found,
        last_month_found,
        -- persons
        published_actual_count,
        cast(round(rebuilt_actual_count, 1) as decimal(12, 1)) as rebuilt_actual_count,
        cast(
            round(rebuilt_actual_count - published_actual_count, 1) as decimal(12, 1)
        ) as difference_persons,
        abs(rebuilt_actual_count - published_actual_count)
        <= {{ var('y30r21_count_rounding_unit') }} / 2.0 as is_within_published_rounding,
        -- pct points of the population 16-66
        published_actual_share_pct,
        cast(round(
            rebuilt_actual_count * 100 / nullif(population_16_66, 0), 2
        ) as decimal(9, 2)) as rebuilt_actual_share_pct,
        cast(round(
            (rebuilt_actual_count - published_actual_count) * 100
            / nullif(population_16_66, 0),
            3
        ) as decimal(9, 3)) as difference_pp,
        population_16_66,
        population_source,
        -- lineage
        is_synthetic
    from compared
)

select * from final

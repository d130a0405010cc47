-- A municipality's path through the lists, one row per municipality × benefit group × list,
-- with the period's last month as a date for the x-axis and the rank, its movements and the
-- gap for the y-axis. Charts directly in a BI tool (filter on municipality and benefit group).
with

benchmark as (
    select * from {{ ref('fct_benchmark') }}
),

periods as (
    select * from {{ ref('dim_period') }}
),

final as (
    select
        benchmark.kommunekode,
        benchmark.municipality_name,
        benchmark.benefit_group,
        benchmark.period_code,
        periods.period_type,
        periods.last_month as period_end_month,
        periods.period_label_da,
        periods.list_sequence,
        benchmark.rank_national,
        benchmark.rank_landsdel,
        benchmark.rank_jutland_or_islands,
        benchmark.rank_in_peer_group,
        benchmark.rank_change_previous,
        benchmark.rank_change_previous_any,
        benchmark.rank_change_first,
        cast(min(benchmark.rank_national) over (
            partition by benchmark.kommunekode, benchmark.benefit_group
            order by periods.list_sequence
            rows between unbounded preceding and current row
        ) as bigint) as best_rank_so_far,
        benchmark.expected_count,
        benchmark.actual_count,
        benchmark.diff_count,
        benchmark.diff_share_pp,
        benchmark.diff_per_1000_pop_16_66,
        benchmark.estimated_value_dkk,
        periods.is_latest,
        benchmark.is_synthetic
    from benchmark
    inner join periods
        on benchmark.period_code = periods.period_code
)

select * from final

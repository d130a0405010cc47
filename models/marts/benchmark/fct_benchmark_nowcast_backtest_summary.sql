-- How well each nowcast method did in the backtest, per horizon and benefit group, beside the
-- persistence baseline ("same as last list") on exactly the same predictions: coverage of the
-- band (share of published ranks inside rank_low..rank_high), its width, the error of the
-- predicted rank, and the interval score (width + 2 ÷ (1 − band level) × how far a published
-- rank fell outside the band: the proper score of a band, rewarding narrow bands and punishing
-- misses). Only predictions with a band count (a method needs earlier pairs to have one).
-- preference_rank orders the methods for the nowcast: first those calibrated (coverage at
-- least band level − var('nowcast_coverage_tolerance')) over at least
-- var('nowcast_min_backtest_lists') lists, then the lower mean interval score relative to the
-- baseline on the same predictions; the baseline wins a tie.
with

backtest as (
    select * from {{ ref('fct_benchmark_nowcast_backtest') }}
),

methods as (
    select * from {{ ref('benchmark_nowcast_methods') }}
),

banded as (
    select
        method,  -- noqa: RF04
        period_code,
        horizon,
        benefit_group,
        kommunekode,
        published_rank,
        rank_high - rank_low + 1 as band_width,
        case when is_covered then 1.0 else 0.0 end as covered,
        abs_rank_error,
        rank_high - rank_low + 1
        + 2 / (1 - {{ var('nowcast_band_level') }}) * (
            case when published_rank < rank_low then rank_low - published_rank else 0 end
            + case when published_rank > rank_high then published_rank - rank_high else 0 end
        ) as interval_score,
        is_synthetic
    from backtest
    where rank_low is not null
),

paired_with_baseline as (
    select
        banded.method,
        banded.period_code,
        banded.horizon,
        banded.benefit_group,
        banded.band_width,
        banded.covered,
        banded.abs_rank_error,
        banded.interval_score,
        baseline.band_width as baseline_band_width,
        baseline.interval_score as baseline_interval_score,
        baseline.covered as baseline_covered,
        baseline.abs_rank_error as baseline_abs_rank_error,
        banded.is_synthetic
    from banded
    inner join methods
        on banded.method = methods.method
    inner join methods as baseline_method
        on baseline_method.is_baseline
    inner join banded as baseline
        on
            baseline_method.method = baseline.method
            and banded.period_code = baseline.period_code
            and banded.horizon = baseline.horizon
            and banded.benefit_group = baseline.benefit_group
            and banded.kommunekode = baseline.kommunekode
),

summarised as (
    select
        method,  -- noqa: RF04
        horizon,
        benefit_group,
        cast(count(distinct period_code) as integer) as lists_backtested,
        min(period_code) as first_period_code,
        max(period_code) as last_period_code,
        cast(count(*) as integer) as predictions,
        avg(covered) as coverage,
        {{ quantile_cont('band_width', 0.5) }} as median_band_width,
        avg(band_width) as mean_band_width,
        {{ quantile_cont('abs_rank_error', 0.5) }} as median_abs_rank_error,
        {{ quantile_cont('abs_rank_error', 0.9) }} as p90_abs_rank_error,
        avg(abs_rank_error) as mean_abs_rank_error,
        avg(interval_score) as mean_interval_score,
        avg(baseline_covered) as baseline_coverage,
        {{ quantile_cont('baseline_band_width', 0.5) }} as baseline_median_band_width,
        {{ quantile_cont('baseline_abs_rank_error', 0.5) }} as baseline_median_abs_rank_error,
        {{ quantile_cont('baseline_abs_rank_error', 0.9) }} as baseline_p90_abs_rank_error,
        avg(baseline_abs_rank_error) as baseline_mean_abs_rank_error,
        avg(baseline_interval_score) as baseline_mean_interval_score,
        max(case when is_synthetic then 1 else 0 end) = 1 as is_synthetic
    from paired_with_baseline
    group by method, horizon, benefit_group
),

judged as (
    select
        summarised.method,
        summarised.horizon,
        summarised.benefit_group,
        summarised.lists_backtested,
        summarised.first_period_code,
        summarised.last_period_code,
        summarised.predictions,
        summarised.coverage,
        summarised.median_band_width,
        summarised.mean_band_width,
        summarised.median_abs_rank_error,
        summarised.p90_abs_rank_error,
        summarised.mean_abs_rank_error,
        summarised.mean_interval_score,
        summarised.baseline_coverage,
        summarised.baseline_median_band_width,
        summarised.baseline_median_abs_rank_error,
        summarised.baseline_p90_abs_rank_error,
        summarised.baseline_mean_abs_rank_error,
        summarised.baseline_mean_interval_score,
        summarised.is_synthetic,
        methods.label_da as method_label_da,
        methods.is_baseline,
        methods.sort_order,
        methods.is_baseline
        or (
            summarised.coverage
            >= {{ var('nowcast_band_level') }} - {{ var('nowcast_coverage_tolerance') }}
            and summarised.lists_backtested >= {{ var('nowcast_min_backtest_lists') }}
        ) as is_eligible
    from summarised
    inner join methods
        on summarised.method = methods.method
),

final as (
    select
        -- keys
        method,  -- noqa: RF04
        method_label_da,
        horizon,
        benefit_group,
        -- what was backtested
        lists_backtested,
        first_period_code,
        last_period_code,
        predictions,
        cast({{ var('nowcast_band_level') }} as decimal(3, 2)) as band_level,
        -- the method
        cast(round(coverage, 3) as decimal(5, 3)) as coverage,
        cast(median_band_width as decimal(6, 1)) as median_band_width,
        cast(round(mean_band_width, 1) as decimal(6, 1)) as mean_band_width,
        cast(median_abs_rank_error as decimal(6, 1)) as median_abs_rank_error,
        cast(p90_abs_rank_error as decimal(6, 1)) as p90_abs_rank_error,
        cast(round(mean_abs_rank_error, 2) as decimal(6, 2)) as mean_abs_rank_error,
        cast(round(mean_interval_score, 1) as decimal(7, 1)) as mean_interval_score,
        -- the baseline on the same predictions
        cast(round(baseline_coverage, 3) as decimal(5, 3)) as baseline_coverage,
        cast(baseline_median_band_width as decimal(6, 1)) as baseline_median_band_width,
        cast(baseline_median_abs_rank_error as decimal(6, 1))
            as baseline_median_abs_rank_error,
        cast(baseline_p90_abs_rank_error as decimal(6, 1)) as baseline_p90_abs_rank_error,
        cast(round(baseline_mean_abs_rank_error, 2) as decimal(6, 2))
            as baseline_mean_abs_rank_error,
        cast(round(baseline_mean_interval_score, 1) as decimal(7, 1))
            as baseline_mean_interval_score,
        cast(round(mean_abs_rank_error - baseline_mean_abs_rank_error, 2) as decimal(6, 2))
            as mean_abs_rank_error_vs_baseline,
        cast(round(mean_interval_score - baseline_mean_interval_score, 1) as decimal(7, 1))
            as mean_interval_score_vs_baseline,
        -- which the nowcast prefers
        is_baseline,
        is_eligible,
        cast(row_number() over (
            partition by horizon, benefit_group
            order by
                case when is_eligible then 0 else 1 end,
                round(mean_interval_score - baseline_mean_interval_score, 1),
                sort_order
        ) as integer) as preference_rank,
        is_synthetic
    from judged
)

select * from final

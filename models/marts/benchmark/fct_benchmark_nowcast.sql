-- The nowcast: where each municipality is likely to land on the lists not published yet (the
-- next list and the one after, i.e. the next of each type), as a band at var('nowcast_band_
-- level'), from the latest list. The method is the one the backtest prefers
-- (fct_benchmark_nowcast_backtest_summary.preference_rank) among those that can predict the
-- list now (monthly_actuals needs every new month of its window). Experimental: our
-- calculation from the published lists, not a forecast by the ministry.
with

bands as (
    select * from {{ ref('int_benchmark__nowcast_bands') }}
),

summary as (
    select * from {{ ref('fct_benchmark_nowcast_backtest_summary') }}
),

candidates as (
    select
        bands.method,
        bands.origin_period_code,
        bands.target_period_code,
        bands.horizon,
        bands.benefit_group,
        bands.kommunekode,
        bands.municipality_name,
        bands.origin_rank,
        bands.predicted_diff_pp,
        bands.predicted_diff_low_pp,
        bands.predicted_diff_high_pp,
        bands.rank_predicted,
        bands.rank_low,
        bands.rank_high,
        bands.band_training_lists,
        bands.first_training_period_code,
        bands.last_training_period_code,
        bands.months_used,
        bands.is_synthetic,
        summary.method_label_da,
        summary.lists_backtested,
        summary.coverage,
        summary.median_band_width,
        summary.median_abs_rank_error,
        summary.baseline_median_abs_rank_error,
        row_number() over (
            partition by bands.target_period_code, bands.benefit_group, bands.kommunekode
            order by summary.preference_rank
        ) as choice
    from bands
    inner join summary
        on
            bands.method = summary.method
            and bands.horizon = summary.horizon
            and bands.benefit_group = summary.benefit_group
    where not bands.is_target_published and bands.rank_low is not null
),

final as (
    select
        -- keys
        candidates.kommunekode,
        candidates.municipality_name,
        candidates.target_period_code as period_code,
        candidates.benefit_group,
        -- from where, how
        candidates.origin_period_code,
        candidates.horizon,
        candidates.method,  -- noqa: RF04
        candidates.method_label_da,
        cast(candidates.origin_rank as integer) as origin_rank,
        -- the band
        -- doubles rounded as decimals: PostgreSQL has no round(double precision, integer)
        cast(round(cast(candidates.predicted_diff_pp as decimal(18, 6)), 2) as decimal(9, 2))
            as predicted_diff_share_pp,
        cast(round(cast(candidates.predicted_diff_low_pp as decimal(18, 6)), 2) as decimal(9, 2))
            as predicted_diff_share_pp_low,
        cast(round(cast(candidates.predicted_diff_high_pp as decimal(18, 6)), 2) as decimal(9, 2))
            as predicted_diff_share_pp_high,
        candidates.rank_predicted,
        candidates.rank_low,
        candidates.rank_high,
        cast({{ var('nowcast_band_level') }} as decimal(3, 2)) as band_level,
        -- what it used
        candidates.band_training_lists,
        candidates.first_training_period_code,
        candidates.last_training_period_code,
        cast(candidates.months_used as integer) as months_used,
        -- how the method did in the backtest
        candidates.lists_backtested as backtest_lists,
        cast(round(candidates.coverage, 3) as decimal(5, 3)) as backtest_coverage,
        candidates.median_band_width as backtest_median_band_width,
        candidates.median_abs_rank_error as backtest_median_abs_rank_error,
        candidates.baseline_median_abs_rank_error as backtest_baseline_median_abs_rank_error,
        true as is_experimental,
        candidates.is_synthetic
    from candidates
    where candidates.choice = 1
)

select * from final

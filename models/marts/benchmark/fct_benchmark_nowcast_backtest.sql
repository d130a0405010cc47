-- The backtest: every published list predicted, by every method, from each earlier list up to
-- var('nowcast_max_horizon') lists before it, using only what was known at that origin (its
-- parameters and band from the pairs whose target was published by then). One row per
-- municipality, predicted list, horizon, benefit group and method, with the published rank
-- beside the band.
with

bands as (
    select * from {{ ref('int_benchmark__nowcast_bands') }}
),

final as (
    select
        -- keys
        kommunekode,
        target_period_code as period_code,
        origin_period_code,
        horizon,
        benefit_group,
        method,  -- noqa: RF04
        -- the prediction
        rank_predicted,
        rank_low,
        rank_high,
        -- what was published
        cast(target_rank as integer) as published_rank,
        target_rank between rank_low and rank_high as is_covered,
        cast(abs(rank_predicted - target_rank) as integer) as abs_rank_error,
        -- lineage
        is_synthetic
    from bands
    where is_target_published
)

select * from final

{%- set band_level = var('nowcast_band_level') | float -%}
{%- set low_fraction = ((1 - band_level) / 2) | round(6) -%}
{%- set high_fraction = (1 - (1 - band_level) / 2) | round(6) -%}
-- A table, not a view: several models and tests read it, and a view would be computed again
-- for each of them.
{{ config(materialized='table') }}

-- The band of every prediction, from the method's own errors on the pairs known at the
-- origin (same horizon and benefit group, target published by then): the empirical quantiles
-- (1 − var('nowcast_band_level')) ÷ 2 and 1 − that of their residuals, never an assumed
-- distribution. The pct-point interval is the prediction plus those quantiles; the rank band is
-- where the interval falls among the other municipalities' predictions for the same list
-- (rank_low: 1 + those predicted below the interval's low end, rank_high: 1 + those at or
-- below its high end). The predicted rank orders the predictions, ties by the origin rank.
-- No earlier pair, no band.
with

predictions as (
    select * from {{ ref('int_benchmark__nowcast_predictions') }}
),

pair_keys as (
    select distinct
        method,  -- noqa: RF04
        origin_period_code,
        target_period_code,
        horizon,
        benefit_group,
        origin_list_sequence
    from predictions
),

residual_quantiles as (
    select
        pair_keys.method,
        pair_keys.origin_period_code,
        pair_keys.target_period_code,
        pair_keys.benefit_group,
        cast(count(distinct known.target_period_code) as integer) as band_training_lists,
        cast(count(*) as integer) as band_training_residuals,
        {{ quantile_cont('known.residual_pp', low_fraction) }} as residual_low_pp,
        {{ quantile_cont('known.residual_pp', high_fraction) }} as residual_high_pp
    from pair_keys
    inner join predictions as known
        on
            pair_keys.method = known.method
            and pair_keys.horizon = known.horizon
            and pair_keys.benefit_group = known.benefit_group
            and pair_keys.origin_list_sequence >= known.target_list_sequence
    where known.residual_pp is not null
    group by
        pair_keys.method,
        pair_keys.origin_period_code,
        pair_keys.target_period_code,
        pair_keys.benefit_group
),

banded as (
    select
        predictions.method,
        predictions.origin_period_code,
        predictions.target_period_code,
        predictions.benefit_group,
        predictions.kommunekode,
        predictions.predicted_centred_diff_pp,
        predictions.predicted_centred_diff_pp + residual_quantiles.residual_low_pp
            as interval_low_centred_pp,
        predictions.predicted_centred_diff_pp + residual_quantiles.residual_high_pp
            as interval_high_centred_pp
    from predictions
    inner join residual_quantiles
        on
            predictions.method = residual_quantiles.method
            and predictions.origin_period_code = residual_quantiles.origin_period_code
            and predictions.target_period_code = residual_quantiles.target_period_code
            and predictions.benefit_group = residual_quantiles.benefit_group
),

rank_bands as (
    select
        banded.method,
        banded.origin_period_code,
        banded.target_period_code,
        banded.benefit_group,
        banded.kommunekode,
        1 + sum(case
            when neighbour.predicted_centred_diff_pp < banded.interval_low_centred_pp then 1
            else 0
        end) as rank_low,
        1 + sum(case
            when neighbour.predicted_centred_diff_pp <= banded.interval_high_centred_pp then 1
            else 0
        end) as rank_high
    from banded
    inner join predictions as neighbour
        on
            banded.method = neighbour.method
            and banded.origin_period_code = neighbour.origin_period_code
            and banded.target_period_code = neighbour.target_period_code
            and banded.benefit_group = neighbour.benefit_group
            and banded.kommunekode <> neighbour.kommunekode
    group by
        banded.method,
        banded.origin_period_code,
        banded.target_period_code,
        banded.benefit_group,
        banded.kommunekode
),

final as (
    select
        predictions.method,  -- noqa: RF04
        predictions.origin_period_code,
        predictions.target_period_code,
        predictions.horizon,
        predictions.is_target_published,
        predictions.benefit_group,
        predictions.kommunekode,
        predictions.municipality_name,
        predictions.origin_rank,
        predictions.target_rank,
        predictions.target_diff_pp,
        predictions.predicted_centred_diff_pp + predictions.origin_list_mean_diff_pp
            as predicted_diff_pp,
        predictions.predicted_centred_diff_pp + predictions.origin_list_mean_diff_pp
        + residual_quantiles.residual_low_pp as predicted_diff_low_pp,
        predictions.predicted_centred_diff_pp + predictions.origin_list_mean_diff_pp
        + residual_quantiles.residual_high_pp as predicted_diff_high_pp,
        cast(row_number() over (
            partition by
                predictions.method,
                predictions.origin_period_code,
                predictions.target_period_code,
                predictions.benefit_group
            order by predictions.predicted_centred_diff_pp, predictions.origin_rank
        ) as integer) as rank_predicted,
        cast(rank_bands.rank_low as integer) as rank_low,
        cast(rank_bands.rank_high as integer) as rank_high,
        residual_quantiles.band_training_lists,
        residual_quantiles.band_training_residuals,
        predictions.training_pairs,
        predictions.first_training_period_code,
        predictions.last_training_period_code,
        predictions.months_used,
        predictions.is_synthetic
    from predictions
    left join residual_quantiles
        on
            predictions.method = residual_quantiles.method
            and predictions.origin_period_code = residual_quantiles.origin_period_code
            and predictions.target_period_code = residual_quantiles.target_period_code
            and predictions.benefit_group = residual_quantiles.benefit_group
    left join rank_bands
        on
            predictions.method = rank_bands.method
            and predictions.origin_period_code = rank_bands.origin_period_code
            and predictions.target_period_code = rank_bands.target_period_code
            and predictions.benefit_group = rank_bands.benefit_group
            and predictions.kommunekode = rank_bands.kommunekode
)

select * from final

-- A table, not a view: several models and tests read it, and a view would be computed again
-- for each of them.
{{ config(materialized='table') }}

-- Every method's prediction of every municipality's centred pct-point difference on the target
-- list of every pair (seed benchmark_nowcast_methods):
--   persistence      the origin list's centred difference (the baseline)
--   shrinkage        shrinkage_factor × the origin's centred difference
--   monthly_actuals  the origin's centred difference + (1 − absorption_share) × the centred
--                    change of the actual share the monthly actuals show; only where every
--                    new month of the target window is there
-- A method without its parameters (no earlier pair to fit them on) predicts nothing. Where the
-- target is published, residual = what it was − what was predicted.
with

inputs as (
    select * from {{ ref('int_benchmark__forecast_inputs') }}
),

-- The methods' parameters for every pair of lists, fitted only on what was known at the pair's
-- origin: the pairs of the same horizon and benefit group whose target was published by then
-- (rolling origin).
--   shrinkage_factor  least squares through 0 of the target's centred difference on the
--                     origin's: how much of the distance from the middle survives
--   absorption_share  least squares through 0 of the change in centred expected share on the
--                     change in centred actual share: how much of a municipality's own
--                     movement the ministry's model re-absorbs into the expected number
pairs as (
    select distinct
        origin_period_code,
        target_period_code,
        horizon,
        benefit_group,
        origin_list_sequence
    from inputs
),

training as (
    select
        pairs.origin_period_code,
        pairs.target_period_code,
        pairs.benefit_group,
        train.origin_period_code as training_origin_period_code,
        train.target_period_code as training_target_period_code,
        train.origin_centred_diff_pp,
        train.target_centred_diff_pp,
        train.centred_actual_change_pp,
        train.centred_expected_change_pp
    from pairs
    inner join inputs as train
        on
            pairs.horizon = train.horizon
            and pairs.benefit_group = train.benefit_group
            and pairs.origin_list_sequence >= train.target_list_sequence
    where train.is_target_published
),

parameters as (
    select
        origin_period_code,
        target_period_code,
        benefit_group,
        cast(count(distinct training_target_period_code) as integer) as training_pairs,
        min(training_origin_period_code) as first_training_period_code,
        max(training_target_period_code) as last_training_period_code,
        sum(origin_centred_diff_pp * target_centred_diff_pp)
        / nullif(sum(origin_centred_diff_pp * origin_centred_diff_pp), 0) as shrinkage_factor,
        sum(centred_actual_change_pp * centred_expected_change_pp)
        / nullif(sum(centred_actual_change_pp * centred_actual_change_pp), 0)
            as absorption_share
    from training
    group by origin_period_code, target_period_code, benefit_group
),

with_parameters as (
    select
        inputs.origin_period_code,
        inputs.target_period_code,
        inputs.horizon,
        inputs.is_target_published,
        inputs.origin_list_sequence,
        inputs.target_list_sequence,
        inputs.benefit_group,
        inputs.kommunekode,
        inputs.municipality_name,
        inputs.origin_rank,
        inputs.origin_centred_diff_pp,
        inputs.origin_list_mean_diff_pp,
        inputs.target_rank,
        inputs.target_diff_pp,
        inputs.target_centred_diff_pp,
        inputs.new_months,
        inputs.months_used,
        inputs.centred_monthly_actual_change_pp,
        inputs.is_synthetic,
        parameters.training_pairs,
        parameters.first_training_period_code,
        parameters.last_training_period_code,
        parameters.shrinkage_factor,
        parameters.absorption_share
    from inputs
    left join parameters
        on
            inputs.origin_period_code = parameters.origin_period_code
            and inputs.target_period_code = parameters.target_period_code
            and inputs.benefit_group = parameters.benefit_group
),

methods as (
    select * from {{ ref('benchmark_nowcast_methods') }}
),

predicted as (
    select
        methods.method,  -- noqa: RF04
        with_parameters.origin_period_code,
        with_parameters.target_period_code,
        with_parameters.horizon,
        with_parameters.is_target_published,
        with_parameters.origin_list_sequence,
        with_parameters.target_list_sequence,
        with_parameters.benefit_group,
        with_parameters.kommunekode,
        with_parameters.municipality_name,
        with_parameters.origin_rank,
        with_parameters.target_rank,
        with_parameters.target_diff_pp,
        with_parameters.target_centred_diff_pp,
        with_parameters.origin_list_mean_diff_pp,
        with_parameters.training_pairs,
        with_parameters.first_training_period_code,
        with_parameters.last_training_period_code,
        with_parameters.months_used,
        with_parameters.is_synthetic,
        with_parameters.shrinkage_factor,
        with_parameters.absorption_share,
        case
            when methods.method = 'persistence'
                then with_parameters.origin_centred_diff_pp
            when methods.method = 'shrinkage'
                then with_parameters.shrinkage_factor * with_parameters.origin_centred_diff_pp
            when methods.method = 'monthly_actuals'
                then
                    with_parameters.origin_centred_diff_pp
                    + (1 - with_parameters.absorption_share)
                    * with_parameters.centred_monthly_actual_change_pp
        end as predicted_centred_diff_pp
    from with_parameters
    cross join methods
),

final as (
    select
        method,  -- noqa: RF04
        origin_period_code,
        target_period_code,
        horizon,
        is_target_published,
        origin_list_sequence,
        target_list_sequence,
        benefit_group,
        kommunekode,
        municipality_name,
        origin_rank,
        target_rank,
        target_diff_pp,
        origin_list_mean_diff_pp,
        predicted_centred_diff_pp,
        target_centred_diff_pp - predicted_centred_diff_pp as residual_pp,
        case when method = 'persistence' then 0 else training_pairs end as training_pairs,
        case when method <> 'persistence' then first_training_period_code end
            as first_training_period_code,
        case when method <> 'persistence' then last_training_period_code end
            as last_training_period_code,
        case when method = 'monthly_actuals' then months_used end as months_used,
        case when method = 'shrinkage' then shrinkage_factor end as shrinkage_factor,
        case when method = 'monthly_actuals' then absorption_share end as absorption_share,
        is_synthetic
    from predicted
    where predicted_centred_diff_pp is not null
)

select * from final

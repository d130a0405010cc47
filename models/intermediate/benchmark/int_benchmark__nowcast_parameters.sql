-- The parameters of the nowcast methods for every pair of lists, fitted only on what was known
-- at the pair's origin: the pairs of the same horizon and benefit group whose target was
-- published by then (rolling origin).
--   shrinkage_factor  least squares through 0 of the target's centred difference on the
--                     origin's: how much of the distance from the middle survives
--   absorption_share  least squares through 0 of the change in centred expected share on the
--                     change in centred actual share: how much of a municipality's own
--                     movement the ministry's model re-absorbs into the expected number
with

inputs as (
    select * from {{ ref('int_benchmark__forecast_inputs') }}
),

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

final as (
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
)

select * from final

-- A table, not a view: several models and tests read it, and a view would be computed again
-- for each of them.
{{ config(materialized='table') }}

-- What a nowcast knows about each municipality for each pair of lists (int_benchmark__forecast_
-- pairs), per benefit group: its place on the origin list, and, where the target is published,
-- where it landed. Differences are centred on their list's mean: a rank is relative to the
-- other 97 (the model is calibrated to the national level each half-year), so the nowcasts
-- predict the centred difference. The change of actual and expected shares between the two
-- lists trains how much of a municipality's own movement the model re-absorbs. The monthly
-- feature is the change of the actual side that the monthly actuals already show: the target's
-- window drops the origin's oldest months and adds as many new ones, so the change of the
-- 12-month mean is (new months ÷ 12) × the mean change of the new months against the same
-- months a year earlier; complete when every new month is there.
with

pairs as (
    select * from {{ ref('int_benchmark__forecast_pairs') }}
),

ranked as (
    select * from {{ ref('int_benchmark__ranked') }}
),

population as (
    select * from {{ ref('int_benchmark__population') }}
),

monthly as (
    select * from {{ ref('int_benchmark__monthly_actuals') }}
),

centred as (
    select
        kommunekode,
        municipality_name,
        period_code,
        benefit_group,
        rank_national,
        diff_share_pp,
        actual_share_pct,
        expected_share_pct,
        diff_share_pp - avg(diff_share_pp) over (
            partition by period_code, benefit_group
        ) as centred_diff_pp,
        avg(diff_share_pp) over (partition by period_code, benefit_group) as list_mean_diff_pp,
        is_synthetic
    from ranked
),

paired as (
    select
        pairs.origin_period_code,
        pairs.target_period_code,
        pairs.horizon,
        pairs.is_target_published,
        pairs.origin_list_sequence,
        pairs.target_list_sequence,
        pairs.target_last_month_index,
        pairs.new_months,
        origin_list.benefit_group,
        origin_list.kommunekode,
        origin_list.municipality_name,
        origin_list.rank_national as origin_rank,
        origin_list.diff_share_pp as origin_diff_pp,
        origin_list.centred_diff_pp as origin_centred_diff_pp,
        origin_list.list_mean_diff_pp as origin_list_mean_diff_pp,
        population.population_16_66,
        target_list.rank_national as target_rank,
        target_list.diff_share_pp as target_diff_pp,
        target_list.centred_diff_pp as target_centred_diff_pp,
        target_list.actual_share_pct - origin_list.actual_share_pct as actual_change_pp,
        target_list.expected_share_pct - origin_list.expected_share_pct as expected_change_pp,
        origin_list.is_synthetic
    from pairs
    inner join centred as origin_list
        on pairs.origin_period_code = origin_list.period_code
    inner join population
        on
            origin_list.kommunekode = population.kommunekode
            and origin_list.period_code = population.period_code
    left join centred as target_list
        on
            pairs.target_period_code = target_list.period_code
            and origin_list.benefit_group = target_list.benefit_group
            and origin_list.kommunekode = target_list.kommunekode
),

-- the new months of each pair's target window, against the same months a year earlier
new_month_changes as (
    select
        paired.origin_period_code,
        paired.target_period_code,
        paired.benefit_group,
        paired.kommunekode,
        count(*) as months_used,
        avg(new_month.fulltime_persons - year_before.fulltime_persons) as mean_yearly_change
    from paired
    inner join monthly as new_month
        on
            paired.kommunekode = new_month.kommunekode
            and paired.benefit_group = new_month.benefit_group
            and paired.target_last_month_index - paired.new_months < new_month.month_index
            and paired.target_last_month_index >= new_month.month_index
    inner join monthly as year_before
        on
            new_month.kommunekode = year_before.kommunekode
            and new_month.benefit_group = year_before.benefit_group
            and new_month.month_index - 12 = year_before.month_index
    group by
        paired.origin_period_code,
        paired.target_period_code,
        paired.benefit_group,
        paired.kommunekode
),

with_monthly as (
    select
        paired.origin_period_code,
        paired.target_period_code,
        paired.horizon,
        paired.is_target_published,
        paired.origin_list_sequence,
        paired.target_list_sequence,
        paired.new_months,
        paired.benefit_group,
        paired.kommunekode,
        paired.municipality_name,
        paired.origin_rank,
        paired.origin_diff_pp,
        paired.origin_centred_diff_pp,
        paired.origin_list_mean_diff_pp,
        paired.population_16_66,
        paired.target_rank,
        paired.target_diff_pp,
        paired.target_centred_diff_pp,
        paired.actual_change_pp,
        paired.expected_change_pp,
        paired.is_synthetic,
        coalesce(new_month_changes.months_used, 0) as months_used,
        case
            when new_month_changes.months_used = paired.new_months
                then
                    paired.new_months / 12.0 * new_month_changes.mean_yearly_change * 100
                    / nullif(paired.population_16_66, 0)
        end as monthly_actual_change_pp
    from paired
    left join new_month_changes
        on
            paired.origin_period_code = new_month_changes.origin_period_code
            and paired.target_period_code = new_month_changes.target_period_code
            and paired.benefit_group = new_month_changes.benefit_group
            and paired.kommunekode = new_month_changes.kommunekode
),

final as (
    select
        origin_period_code,
        target_period_code,
        horizon,
        is_target_published,
        origin_list_sequence,
        target_list_sequence,
        new_months,
        benefit_group,
        kommunekode,
        municipality_name,
        origin_rank,
        origin_diff_pp,
        origin_centred_diff_pp,
        origin_list_mean_diff_pp,
        population_16_66,
        target_rank,
        target_diff_pp,
        target_centred_diff_pp,
        actual_change_pp,
        expected_change_pp,
        is_synthetic,
        months_used,
        monthly_actual_change_pp,
        -- changes relative to the national movement, as the centred differences are
        actual_change_pp - avg(actual_change_pp) over (
            partition by origin_period_code, target_period_code, benefit_group
        ) as centred_actual_change_pp,
        expected_change_pp - avg(expected_change_pp) over (
            partition by origin_period_code, target_period_code, benefit_group
        ) as centred_expected_change_pp,
        monthly_actual_change_pp - avg(monthly_actual_change_pp) over (
            partition by origin_period_code, target_period_code, benefit_group
        ) as centred_monthly_actual_change_pp
    from with_monthly
)

select * from final

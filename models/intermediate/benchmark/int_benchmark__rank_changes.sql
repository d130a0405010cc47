-- Rank movements of each municipality in each list (period × benefit group), positive = climbed
-- (previous rank − current rank: from 69th to 17th is +52). Compared with:
--   * the previous list of the same type (QMAT04 with the previous QMAT04, QMAT02 with QMAT02),
--   * the previous list of either type (the list published just before),
--   * the first list available in the warehouse for that benefit group.
-- "Previous" is the previous list loaded here (int_benchmark__periods); NULL where there is none.
with

ranked as (
    select * from {{ ref('int_benchmark__ranked') }}
),

periods as (
    select * from {{ ref('int_benchmark__periods') }}
),

first_lists as (
    select
        ranked.benefit_group,
        min(periods.list_sequence) as first_list_sequence
    from ranked
    inner join periods
        on ranked.period_code = periods.period_code
    group by ranked.benefit_group
),

first_periods as (
    select
        first_lists.benefit_group,
        periods.period_code as first_period_code
    from first_lists
    inner join periods
        on first_lists.first_list_sequence = periods.list_sequence
),

final as (
    select
        ranked.kommunekode,
        ranked.period_code,
        ranked.benefit_group,
        periods.previous_period_code_same_type,
        previous_same_type.rank_national as previous_rank_same_type,
        cast(
            previous_same_type.rank_national - ranked.rank_national as integer
        ) as rank_change_previous,
        periods.previous_period_code_any,
        previous_any.rank_national as previous_rank_any,
        cast(
            previous_any.rank_national - ranked.rank_national as integer
        ) as rank_change_previous_any,
        first_periods.first_period_code,
        first_list.rank_national as first_rank,
        cast(first_list.rank_national - ranked.rank_national as integer) as rank_change_first
    from ranked
    inner join periods
        on ranked.period_code = periods.period_code
    inner join first_periods
        on ranked.benefit_group = first_periods.benefit_group
    left join ranked as previous_same_type
        on
            periods.previous_period_code_same_type = previous_same_type.period_code
            and ranked.benefit_group = previous_same_type.benefit_group
            and ranked.kommunekode = previous_same_type.kommunekode
    left join ranked as previous_any
        on
            periods.previous_period_code_any = previous_any.period_code
            and ranked.benefit_group = previous_any.benefit_group
            and ranked.kommunekode = previous_any.kommunekode
    left join ranked as first_list
        on
            first_periods.first_period_code = first_list.period_code
            and ranked.benefit_group = first_list.benefit_group
            and ranked.kommunekode = first_list.kommunekode
)

select * from final

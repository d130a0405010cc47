-- The best var('top_bottom_size') and the worst var('top_bottom_size') municipalities of every
-- list (period × benefit group), ready for a BI table: list_end 'top' counts from the best
-- (position 1 = rank 1), 'bottom' from the worst (position 1 = last place).
with

benchmark as (
    select * from {{ ref('fct_benchmark') }}
),

periods as (
    select * from {{ ref('dim_period') }}
),

positioned as (
    select
        *,
        cast(row_number() over (
            partition by period_code, benefit_group order by rank_national, kommunekode
        ) as integer) as position_from_top,
        cast(row_number() over (
            partition by period_code, benefit_group order by rank_national desc, kommunekode asc
        ) as integer) as position_from_bottom
    from benchmark
),

ends as (
    select
        'top' as list_end,
        position_from_top as position_from_end,
        period_code,
        benefit_group,
        rank_national,
        kommunekode,
        municipality_name,
        landsdel,
        diff_count,
        diff_share_pp,
        estimated_value_dkk,
        rank_change_previous_any,
        is_synthetic
    from positioned
    where position_from_top <= {{ var('top_bottom_size') }}
    union all
    select
        'bottom' as list_end,
        position_from_bottom as position_from_end,
        period_code,
        benefit_group,
        rank_national,
        kommunekode,
        municipality_name,
        landsdel,
        diff_count,
        diff_share_pp,
        estimated_value_dkk,
        rank_change_previous_any,
        is_synthetic
    from positioned
    where position_from_bottom <= {{ var('top_bottom_size') }}
),

final as (
    select
        ends.period_code,
        periods.period_label_da,
        periods.is_latest,
        ends.benefit_group,
        ends.list_end,
        ends.position_from_end,
        ends.rank_national,
        ends.kommunekode,
        ends.municipality_name,
        ends.landsdel,
        ends.diff_count,
        ends.diff_share_pp,
        ends.estimated_value_dkk,
        ends.rank_change_previous_any,
        ends.is_synthetic
    from ends
    inner join periods
        on ends.period_code = periods.period_code
)

select * from final

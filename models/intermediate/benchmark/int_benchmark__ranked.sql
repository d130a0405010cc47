-- The ministry's ranking rule: within a list (period × benefit group), rank by the
-- percentage-point difference between actual and expected share, most negative = 1.
-- The published shares are rounded to 0.01 pp, so municipalities can tie on the rounded value;
-- the ministry orders a tie by unrounded figures we do not have. We therefore compute the tie
-- band [rank_band_low, rank_band_high] every valid rank must lie in, and take the published rank
-- where there is one (a computed rank with a documented tie-break where there is none).
with

benchmark as (
    select * from {{ ref('int_benchmark__current_version') }}
),

ranked as (
    select
        *,
        rank() over (
            partition by period_code, benefit_group order by diff_share_pp
        ) as rank_band_low,
        rank() over (
            partition by period_code, benefit_group order by diff_share_pp
        ) + count(*) over (
            partition by period_code, benefit_group, diff_share_pp
        ) - 1 as rank_band_high,
        -- tie-break when nothing is published: larger gap in persons first, then kommunekode
        row_number() over (
            partition by period_code, benefit_group
            order by diff_share_pp, diff_count, kommunekode
        ) as rank_computed,
        count(*) over (partition by period_code, benefit_group) as municipalities_in_list
    from benchmark
    where diff_share_pp is not null
),

final as (
    select
        *,
        coalesce(published_rank, rank_computed) as rank_national,
        published_rank is not null
        and published_rank between rank_band_low and rank_band_high as is_published_rank_in_band
    from ranked
)

select * from final

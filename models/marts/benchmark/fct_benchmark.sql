-- The benchmark mart: one row per municipality × list (period × benefit group).
with

ranked as (
    select * from {{ ref('int_benchmark__ranked') }}
),

final as (
    select
        -- keys
        kommunekode,
        municipality_name,
        period_code,
        period_type,
        period_year,
        benefit_group,
        -- expected against actual
        expected_count,
        actual_count,
        diff_count,
        expected_share_pct,
        actual_share_pct,
        diff_share_pp,
        diff_share_pp < 0 as is_better_than_expected,
        -- ranks
        published_rank,
        rank_computed,
        rank_band_low,
        rank_band_high,
        rank_national,
        cast(municipalities_in_list as integer) as municipalities_in_list,
        -- lineage
        load_id,
        cast(version_number as integer) as version_number,
        is_synthetic
    from ranked
)

select * from final

-- Reconciliation: every published rank lies inside the band of ranks that the rounded
-- pct-point difference allows (the ranking rule: rank by actual − expected share, most negative
-- first; a tie in the rounded difference may be ordered either way). Fails with the rows whose
-- rank and difference contradict each other.
select
    kommunekode,
    municipality_name,
    period_code,
    benefit_group,
    diff_share_pp,
    published_rank,
    rank_band_low,
    rank_band_high
from {{ ref('fct_benchmark') }}
where
    published_rank is not null
    and published_rank not between rank_band_low and rank_band_high

-- Reconciliation (DOMAIN §2.3): every published rank must lie inside the band of ranks that
-- the rounded pct-point difference allows. A row here means the source and the ranking rule
-- disagree, e.g. a corrupted file or a changed rule.
select
    kommunekode,
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

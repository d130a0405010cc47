"""marts.fct_benchmark: the published benchmark mart. BLOCKING: a failed rule stops publishing."""

from expectations.base import (
    Suite,
    between,
    in_set,
    not_null,
    row_count_drop,
    unique,
)
from expectations.benchmark_rules import (
    list_identity_columns,
    list_identity_rules,
    parts_minus_total_columns,
    parts_sum_to_total_rules,
)

_ROW = ("kommunekode", "period_code", "benefit_group")
_LIST = ("period_code", "benefit_group")
_AREA = ("kommunekode", "period_code")


SUITE = Suite(
    name="marts.fct_benchmark",
    layer="marts",
    blocking=True,
    description=(
        "The benchmark mart BI tools and the committee report read: complete lists, "
        "consistent differences, valid and unique ranks, lineage on every row."
    ),
    key_columns=_ROW,
    query=f"""
        select
            kommunekode, municipality_name, period_code, benefit_group,
            expected_count, actual_count, diff_count,
            cast(expected_share_pct as double) as expected_share_pct,
            cast(actual_share_pct as double) as actual_share_pct,
            cast(diff_share_pp as double) as diff_share_pp,
            published_rank, rank_national, rank_band_low, rank_band_high, load_id,
            {list_identity_columns(_LIST)},
            published_rank is not null
                and published_rank not between rank_band_low and rank_band_high
                as published_rank_outside_tie_band,
            {parts_minus_total_columns("benefit_group", "'total'")}
        from marts.fct_benchmark
        window area_period as (partition by {", ".join(_AREA)})
    """,
    rules=(
        not_null("kommunekode"),
        not_null("period_code", _ROW),
        not_null("benefit_group", _ROW),
        not_null("rank_national", _ROW),
        not_null("load_id", _ROW),
        unique("row_unique", _ROW, "One row per municipality, period and benefit group"),
        in_set(
            "benefit_group_known",
            "benefit_group",
            ["total", "unemployment_benefit", "sickness_benefit", "social_assistance"],
            "The four benefit groups of the benchmark",
            _ROW,
        ),
        *list_identity_rules(
            row_keys=_ROW,
            list_keys=_LIST,
            list_words="period × benefit group",
            rank_unique_columns=("period_code", "benefit_group", "published_rank"),
        ),
        between("rank_national_range", "rank_national", 1, 98, "National rank 1–98", _ROW),
        unique(
            "rank_national_unique_per_list",
            ("period_code", "benefit_group", "rank_national"),
            "No two municipalities share a national rank in one list",
        ),
        in_set(
            "published_rank_within_tie_band",
            "published_rank_outside_tie_band",
            [False],
            "The published rank lies in the tie band of the rounded pct-point difference",
            _ROW,
        ),
        *parts_sum_to_total_rules(_AREA),
        row_count_drop(),
    ),
)

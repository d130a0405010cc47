"""marts.fct_benchmark: the published benchmark mart. BLOCKING: a failed rule stops publishing."""

from expectations.base import (
    Rule,
    Suite,
    between,
    in_set,
    not_null,
    row_count_drop,
    unique,
    within_tolerance,
)
from expectations.benchmark_sums import parts_minus_total_columns, parts_sum_to_total_rules

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
            count(*) over (partition by {", ".join(_LIST)}) as municipalities_in_list,
            actual_count - expected_count - diff_count as diff_count_residual,
            cast(actual_share_pct - expected_share_pct - diff_share_pp as double)
                as diff_share_residual,
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
        Rule(
            "municipalities_per_list",
            "ExpectColumnValuesToBeBetween",
            lambda p: {
                "column": "municipalities_in_list",
                "min_value": p.thresholds["municipalities_per_list"],
                "max_value": p.thresholds["municipalities_per_list"],
            },
            "Every list (period × benefit group) holds all 98 municipalities",
            "= 98 per list",
            keys=_LIST,
            columns=("municipalities_in_list",),
        ),
        between("expected_share_range", "expected_share_pct", 0, 100, "Share 0–100 %", _ROW),
        between("actual_share_range", "actual_share_pct", 0, 100, "Share 0–100 %", _ROW),
        between(
            "diff_count_is_actual_minus_expected",
            "diff_count_residual",
            0,
            0,
            "diff_count = actual_count − expected_count",
            _ROW,
        ),
        within_tolerance(
            "diff_share_is_actual_minus_expected",
            "diff_share_residual",
            "share_diff_tolerance_pp",
            "diff_share_pp = actual − expected share, within rounding (0.01)",
            _ROW,
        ),
        between("published_rank_range", "published_rank", 1, 98, "Published rank 1–98", _ROW),
        unique(
            "published_rank_unique_per_list",
            ("period_code", "benefit_group", "published_rank"),
            "No two municipalities share a published rank in one list",
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

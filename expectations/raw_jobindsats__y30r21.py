"""raw_jobindsats.y30r21: the benchmark as landed, every load (version) of every period."""

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

_ROW = ("load_id", "kommunekode", "area_name", "period_code", "benefit_group_label")
_LIST = ("load_id", "period_code", "benefit_group_label")
_AREA = ("load_id", "kommunekode", "area_name", "period_code")
_TOTAL = "'Ydelsesgrupper i alt'"


SUITE = Suite(
    name="raw_jobindsats.y30r21",
    layer="raw",
    description="Y30R21 as loaded: each load is a complete, internally consistent list.",
    key_columns=_ROW,
    query=f"""
        select
            load_id, source_row_number,
            (select kommunekode from reference.municipalities where kommune = area_name)
                as kommunekode,
            area_name, period_code, benefit_group_label,
            expected_count, actual_count, diff_count,
            cast(expected_share_pct as double) as expected_share_pct,
            cast(actual_share_pct as double) as actual_share_pct,
            cast(diff_share_pp as double) as diff_share_pp,
            published_rank,
            count(*) over (partition by {", ".join(_LIST)}) as municipalities_in_list,
            actual_count - expected_count - diff_count as diff_count_residual,
            cast(actual_share_pct - expected_share_pct - diff_share_pp as double)
                as diff_share_residual,
            {parts_minus_total_columns("benefit_group_label", _TOTAL)}
        from raw_jobindsats.y30r21
        window area_period as (partition by load_id, area_name, period_code)
    """,
    rules=(
        not_null("area_name"),
        not_null("period_code"),
        not_null("benefit_group_label"),
        unique(
            "row_unique",
            ("load_id", "area_name", "period_code", "benefit_group_label"),
            "One row per load, municipality, period and benefit group",
        ),
        Rule(
            "period_code_format",
            "ExpectColumnValuesToMatchRegex",
            {"column": "period_code", "regex": r"^\d{4}QMAT0[24]$"},
            "Benchmark periods are QMAT02 or QMAT04 lists",
            "matches ^\\d{4}QMAT0[24]$",
            keys=_ROW,
            columns=("period_code",),
        ),
        in_set(
            "benefit_group_known",
            "benefit_group_label",
            ["Ydelsesgrupper i alt", "A-dagpenge mv.", "Sygedagpenge mv.", "Kontanthjælp mv."],
            "The four Y30R21 benefit groups",
            keys=_ROW,
        ),
        Rule(
            "municipalities_per_list",
            "ExpectColumnValuesToBeBetween",
            lambda p: {
                "column": "municipalities_in_list",
                "min_value": p.thresholds["municipalities_per_list"],
                "max_value": p.thresholds["municipalities_per_list"],
            },
            "Every list (load × period × benefit group) holds all 98 municipalities",
            "= 98 per list",
            keys=_LIST,
            columns=("municipalities_in_list",),
        ),
        between("expected_share_range", "expected_share_pct", 0, 100, "Share 0–100 %", _ROW),
        between("actual_share_range", "actual_share_pct", 0, 100, "Share 0–100 %", _ROW),
        between("expected_count_non_negative", "expected_count", 0, None, "Count ≥ 0", _ROW),
        between("actual_count_non_negative", "actual_count", 0, None, "Count ≥ 0", _ROW),
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
            ("load_id", "period_code", "benefit_group_label", "published_rank"),
            "No two municipalities share a published rank in one list",
        ),
        *parts_sum_to_total_rules(_AREA),
        row_count_drop(),
    ),
)

"""raw_jobindsats.y30r21: the benchmark as landed, every load (version) of every period."""

from expectations.base import (
    Rule,
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
            {list_identity_columns(_LIST)},
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
        between("expected_count_non_negative", "expected_count", 0, None, "Count ≥ 0", _ROW),
        between("actual_count_non_negative", "actual_count", 0, None, "Count ≥ 0", _ROW),
        *list_identity_rules(
            row_keys=_ROW,
            list_keys=_LIST,
            list_words="load × period × benefit group",
            rank_unique_columns=("load_id", "period_code", "benefit_group_label", "published_rank"),
        ),
        *parts_sum_to_total_rules(_AREA),
        row_count_drop(),
    ),
)

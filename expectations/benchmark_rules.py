"""Y30R21's identities, shared by the raw suite (raw_jobindsats.y30r21) and the mart suite
(marts.fct_benchmark): every list is complete, the differences are actual minus expected, the
published ranks are valid and unique, and the three benefit areas add up to the total. The same
rules and tolerances on both layers; only the key columns and the benefit-group column differ."""

from expectations.base import Rule, between, unique, within_tolerance

# (source column, prefix of the derived column, tolerance key in thresholds.yml, words, whether
# the difference is a decimal that pandas should get as a float)
_MEASURES = (
    ("expected_count", "expected_count", "count_sum_tolerance", "expected counts", False),
    ("actual_count", "actual_count", "count_sum_tolerance", "actual counts", False),
    ("expected_share_pct", "expected_share", "share_sum_tolerance_pp", "expected shares", True),
    ("actual_share_pct", "actual_share", "share_sum_tolerance_pp", "actual shares", True),
)


def parts_minus_total_columns(group_column: str, total_value: str) -> str:
    """Select items `<prefix>_parts_minus_total`: the three areas' sum minus the total, over a
    window named `area_period` that the suite's query defines (one municipality and list)."""
    items = []
    for column, prefix, _, _, as_double in _MEASURES:
        expression = (
            f"sum(case when {group_column} <> {total_value} then {column} end) over area_period"
            f" - max(case when {group_column} = {total_value} then {column} end) over area_period"
        )
        if as_double:
            expression = f"cast({expression} as double)"
        items.append(f"{expression} as {prefix}_parts_minus_total")
    return ",\n            ".join(items)


def parts_sum_to_total_rules(area_keys: tuple[str, ...]) -> tuple[Rule, ...]:
    return tuple(
        within_tolerance(
            f"{prefix}_parts_sum_to_total",
            f"{prefix}_parts_minus_total",
            tolerance,
            f"The three benefit groups' {words} add up to the total, within rounding",
            area_keys,
        )
        for _, prefix, tolerance, words, _ in _MEASURES
    )


def list_identity_columns(list_keys: tuple[str, ...]) -> str:
    """Select items the list identity rules read: the size of the row's list and the residuals
    of the two differences (zero when the published difference is actual minus expected)."""
    return f"""count(*) over (partition by {", ".join(list_keys)}) as municipalities_in_list,
            actual_count - expected_count - diff_count as diff_count_residual,
            cast(actual_share_pct - expected_share_pct - diff_share_pp as double)
                as diff_share_residual"""


def list_identity_rules(
    *,
    row_keys: tuple[str, ...],
    list_keys: tuple[str, ...],
    list_words: str,
    rank_unique_columns: tuple[str, ...],
) -> tuple[Rule, ...]:
    """Complete lists, shares within 0–100 %, consistent differences, valid and unique
    published ranks. `list_words` names what one list is on the layer, e.g. "period × benefit
    group"; `rank_unique_columns` are the list's columns plus published_rank."""
    return (
        Rule(
            "municipalities_per_list",
            "ExpectColumnValuesToBeBetween",
            lambda p: {
                "column": "municipalities_in_list",
                "min_value": p.thresholds["municipalities_per_list"],
                "max_value": p.thresholds["municipalities_per_list"],
            },
            f"Every list ({list_words}) holds all 98 municipalities",
            "= 98 per list",
            keys=list_keys,
            columns=("municipalities_in_list",),
        ),
        between("expected_share_range", "expected_share_pct", 0, 100, "Share 0–100 %", row_keys),
        between("actual_share_range", "actual_share_pct", 0, 100, "Share 0–100 %", row_keys),
        between(
            "diff_count_is_actual_minus_expected",
            "diff_count_residual",
            0,
            0,
            "diff_count = actual_count − expected_count",
            row_keys,
        ),
        within_tolerance(
            "diff_share_is_actual_minus_expected",
            "diff_share_residual",
            "share_diff_tolerance_pp",
            "diff_share_pp = actual − expected share, within rounding (0.01)",
            row_keys,
        ),
        between("published_rank_range", "published_rank", 1, 98, "Published rank 1–98", row_keys),
        unique(
            "published_rank_unique_per_list",
            rank_unique_columns,
            "No two municipalities share a published rank in one list",
        ),
    )

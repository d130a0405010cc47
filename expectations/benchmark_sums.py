"""Y30R21's "the three benefit areas add up to the total" check, shared by the raw and mart
suites: the same four measures, the same tolerances, only the benefit-group column differs."""

from expectations.base import Rule, within_tolerance

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

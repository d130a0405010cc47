"""marts.fct_supervision_risk: resultatmål and fokusmål together (risk of skærpet tilsyn).
BLOCKING: a failed rule stops publishing."""

from expectations.base import Rule, Suite, between, in_set, not_null, row_count_drop, unique
from orchestration.goal_statuses import supervision_risk_status_labels

_ROW = ("kommunekode", "risk_year")

SUITE = Suite(
    name="marts.fct_supervision_risk",
    layer="marts",
    blocking=True,
    description=(
        "One row per municipality and year: at_risk exactly when worse than expected and a "
        "fokusmål not met; shares within 0–100; every municipality in every year."
    ),
    key_columns=_ROW,
    query="""
        select
            kommunekode, risk_year, risk_status, is_worse_than_expected, are_focus_goals_met,
            cast(samtaler_share_pct as double) as samtaler_share_pct,
            cast(tilbud_share_pct as double) as tilbud_share_pct,
            count(*) over (partition by risk_year) as municipalities_in_year,
            case risk_status
                when 'at_risk' then coalesce(
                    is_worse_than_expected and not are_focus_goals_met, false)
                when 'not_at_risk' then coalesce(
                    not (is_worse_than_expected and not are_focus_goals_met), false)
                else true
            end as is_status_consistent
        from marts.fct_supervision_risk
    """,
    rules=(
        not_null("kommunekode"),
        not_null("risk_year", _ROW),
        not_null("risk_status", _ROW),
        unique("row_unique", _ROW, "One row per municipality and year"),
        in_set(
            "risk_status_known",
            "risk_status",
            list(supervision_risk_status_labels()),
            "Risk status is one of seeds/supervision_risk_statuses.csv",
            _ROW,
        ),
        in_set(
            "risk_status_follows_rule",
            "is_status_consistent",
            [True],
            "at_risk exactly when worse than expected AND a fokusmål is not met",
            _ROW,
        ),
        between("samtaler_share_range", "samtaler_share_pct", 0, 100, "Share 0–100 %", _ROW),
        between("tilbud_share_range", "tilbud_share_pct", 0, 100, "Share 0–100 %", _ROW),
        Rule(
            "municipalities_per_year",
            "ExpectColumnValuesToBeBetween",
            lambda p: {
                "column": "municipalities_in_year",
                "min_value": p.thresholds["municipalities_per_list"],
                "max_value": p.thresholds["municipalities_per_list"],
            },
            "Every year assesses all 98 municipalities",
            "= 98 per year",
            keys=("risk_year",),
            columns=("municipalities_in_year",),
        ),
        row_count_drop(),
    ),
)

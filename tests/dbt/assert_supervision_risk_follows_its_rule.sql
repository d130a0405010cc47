-- The verdict follows the rule it states: at_risk exactly when the municipality is worse than
-- expected on the benchmark AND a fokusmål is not met; not_at_risk never when both hold.
-- Shares are percentages (0-100). Fails with the municipality-years that contradict it.
select
    kommunekode,
    municipality_name,
    risk_year,
    risk_status,
    is_worse_than_expected,
    are_focus_goals_met,
    samtaler_share_pct,
    tilbud_share_pct
from {{ ref('fct_supervision_risk') }}
where
    (
        risk_status = 'at_risk'
        and not coalesce(is_worse_than_expected and not are_focus_goals_met, false)
    )
    or (
        risk_status = 'not_at_risk'
        and coalesce(is_worse_than_expected and not are_focus_goals_met, false)
    )
    or samtaler_share_pct not between 0 and 100
    or tilbud_share_pct not between 0 and 100

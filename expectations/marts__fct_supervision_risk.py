"""marts.fct_supervision_risk: resultatmål and fokusmål together (skærpet tilsyn). BLOCKING."""

from expectations.base import Suite, not_null, row_count_drop, unique

_ROW = ("kommunekode", "period_code")

SUITE = Suite(
    name="marts.fct_supervision_risk",
    layer="marts",
    blocking=True,
    description="Risk of skærpet tilsyn per municipality and period.",
    key_columns=_ROW,
    query="select * from marts.fct_supervision_risk",
    rules=(
        not_null("kommunekode"),
        not_null("period_code", _ROW),
        unique("row_unique", _ROW, "One row per municipality and period"),
        row_count_drop(),
    ),
)

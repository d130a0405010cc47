"""raw_statbank.folk1a: population by municipality, sex, age and quarter (Danmarks Statistik)."""

from expectations.base import Rule
from expectations.raw_generic import suite_for_spec
from orchestration.tables import get_spec

SPEC = get_spec("statbank", "folk1a")
_CELL = ("load_id", "quarter_code", "sex_code", "age_code")

SUITE = suite_for_spec(
    SPEC,
    derived_columns=(
        "count(distinct kommunekode) over (partition by load_id, quarter_code, sex_code, "
        "age_code) as municipalities_in_cell"
    ),
    extra_rules=(
        Rule(
            "municipalities_per_quarter",
            "ExpectColumnValuesToBeBetween",
            lambda p: {
                "column": "municipalities_in_cell",
                "min_value": p.thresholds["municipalities_per_list"],
                "max_value": p.thresholds["municipalities_per_list"],
            },
            "Every quarter × sex × age holds all 98 municipalities",
            "= 98 per quarter, sex and age",
            keys=_CELL,
            columns=("municipalities_in_cell",),
        ),
    ),
)

"""staging.stg_statbank__population: population aged 16–66 per municipality and quarter (FOLK1A),
the denominator behind the benchmark shares."""

from expectations.base import Rule, Suite, between, not_null, row_count_drop, unique

_ROW = ("kommunekode", "quarter_code")

SUITE = Suite(
    name="staging.stg_statbank__population",
    layer="staging",
    description="Population 16–66 per municipality and quarter, from FOLK1A.",
    key_columns=_ROW,
    query="""
        select
            kommunekode, quarter_code, population_16_66,
            count(*) over (partition by quarter_code) as municipalities_in_quarter
        from staging.stg_statbank__population
    """,
    rules=(
        not_null("kommunekode"),
        not_null("quarter_code", _ROW),
        not_null("population_16_66", _ROW),
        unique("row_unique", _ROW, "One row per municipality and quarter"),
        between("population_positive", "population_16_66", 1, None, "Population > 0", _ROW),
        Rule(
            "municipalities_per_quarter",
            "ExpectColumnValuesToBeBetween",
            lambda p: {
                "column": "municipalities_in_quarter",
                "min_value": p.thresholds["municipalities_per_list"],
                "max_value": p.thresholds["municipalities_per_list"],
            },
            "Every quarter holds all 98 municipalities",
            "= 98 per quarter",
            keys=("quarter_code",),
            columns=("municipalities_in_quarter",),
        ),
        row_count_drop(),
    ),
)

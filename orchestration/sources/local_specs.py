"""Local file templates: the goal measurements only the municipality has (docs/goal_templates.md).

Each template is a `TableSpec` of source `local`; a drop (CSV `;`-separated with decimal comma, or
XLSX, first sheet) goes through the normal ingest path, so every error names file, row and field,
kommunekode must be one of the 98, a period may appear once per municipality, and text in a number
field is rejected before anything is written.
"""

import csv
from functools import cache
from typing import Any

from orchestration.settings import SEEDS_DIR
from orchestration.tables import Column, TableSpec, register

_KOMMUNE = Column(
    "kommunekode", ("Kommunekode", "kommunekode"), "kommunekode", "Official municipality code"
)


@cache
def catalogue_measure_codes() -> tuple[str, ...]:
    """Every goal measure (seeds/goal_measures.csv): the closed vocabulary of the generic
    template and of a dropped catalogue."""
    with (SEEDS_DIR / "goal_measures.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(sorted({row["measure_code"] for row in csv.DictReader(fh)}))


def _count(name: str, label: str, description: str) -> Column:
    return Column(name, (label,), "integer", description, minimum=0)


# Plan and target years a Beskæftigelsesplan can have (the warehouse's data starts in the 2000s).
_YEAR_RANGE: dict[str, Any] = {"minimum": 2000, "maximum": 2100}


JOB_ORDERS = register(
    TableSpec(
        source="local",
        table="job_orders",
        description=(
            "Goal 6.1 Jobformidling: job orders created and filled per municipality and month "
            "(the jobcentre's CRM / jobordre log)."
        ),
        columns=(
            _KOMMUNE,
            Column("period_code", ("Måned",), "period", "Month, e.g. 2024M01"),
            _count("orders_created", "Oprettede jobordrer", "Job orders created in the month"),
            _count(
                "orders_filled",
                "Besatte jobordrer",
                "Job orders created in the month that were filled",
            ),
        ),
        key=("kommunekode", "period_code"),
        period_types=("M",),
    )
)

REHAB_CASES = register(
    TableSpec(
        source="local",
        table="rehab_cases",
        description=(
            "Goal 2.1 Vandrende sager: cases sent back and forth between the rehabiliteringsteam "
            "and the pensionsnævn, per municipality and quarter (local case system)."
        ),
        columns=(
            _KOMMUNE,
            Column("period_code", ("Kvartal",), "period", "Quarter, e.g. 2024Q1"),
            _count(
                "wandering_cases",
                "Vandrende sager",
                "Cases moving between rehabiliteringsteam and pensionsnævn in the quarter",
            ),
            _count(
                "team_cases",
                "Sager i rehabiliteringsteamet",
                "All cases the rehabiliteringsteam handled in the quarter (context)",
            ),
        ),
        key=("kommunekode", "period_code"),
        period_types=("Q",),
    )
)

FIRM_COOPERATION = register(
    TableSpec(
        source="local",
        table="firm_cooperation",
        description=(
            "Goal 6.8: public and private workplaces (P-numre) with more than 50 employees, and "
            "those with a virksomhedsrettet forløb, småjob or delvis raskmelding, per half-year "
            "(CVR register joined with Fasit)."
        ),
        columns=(
            _KOMMUNE,
            Column("period_code", ("Halvår",), "period", "Half-year by its last quarter: 2024Q2"),
            _count(
                "firms_count",
                "Virksomheder med mere end 50 ansatte",
                "Workplaces (P-numre) with more than 50 employees",
            ),
            _count(
                "firms_cooperating_count",
                "Virksomheder med samarbejde",
                "Of them, workplaces with a forløb, småjob or delvis raskmelding",
            ),
        ),
        key=("kommunekode", "period_code"),
        period_types=("Q",),
    )
)

DANISH_CLASSES = register(
    TableSpec(
        source="local",
        table="danish_classes",
        description=(
            "Goal 6.12: migrant workers (vandrende arbejdstagere) taking Danish classes, per "
            "half-year (Job og Sprog)."
        ),
        columns=(
            _KOMMUNE,
            Column("period_code", ("Halvår",), "period", "Half-year by its last quarter: 2024Q2"),
            _count(
                "participants_count",
                "Vandrende arbejdstagere i danskuddannelse",
                "Migrant workers taking Danish classes in the half-year",
            ),
        ),
        key=("kommunekode", "period_code"),
        period_types=("Q",),
    )
)

APPRENTICES = register(
    TableSpec(
        source="local",
        table="apprentices",
        description=(
            "Goal 6.13: elever and lærlinge hired with the municipality as employer, per "
            "half-year (HR)."
        ),
        columns=(
            _KOMMUNE,
            Column("period_code", ("Halvår",), "period", "Half-year by its last quarter: 2024Q2"),
            _count(
                "hired_count",
                "Nye elever og lærlinge",
                "Elever and lærlinge hired in the half-year",
            ),
        ),
        key=("kommunekode", "period_code"),
        period_types=("Q",),
    )
)

GOAL_MEASUREMENTS = register(
    TableSpec(
        source="local",
        table="goal_measurements",
        description=(
            "Generic goal measurement template: one value (with numerator and denominator where "
            "it is a share) per municipality, measure code of the goal catalogue and period, for "
            "measures without a loader of their own (Ungeindsatsen, Statbank, jobindsats tables "
            "whose id is not pinned). Kommunekode 0 = Hele landet (the national value)."
        ),
        columns=(
            Column(
                "kommunekode",
                ("Kommunekode", "kommunekode"),
                "kommunekode",
                "Municipality code; 0 = Hele landet",
            ),
            Column(
                "measure_code",
                ("Målekode",),
                "text",
                "Measure code from seeds/goal_catalogue.csv",
                allowed=catalogue_measure_codes(),
            ),
            Column("period_code", ("Periode",), "period", "2024, 2024Q2, 2024M06 or 2024QMAT04"),
            Column("value", ("Værdi",), "decimal", "The value in the goal's unit"),
            Column(
                "numerator",
                ("Tæller",),
                "decimal",
                "Numerator of a share",
                suppressible=True,
                minimum=0,
            ),
            Column(
                "denominator",
                ("Nævner",),
                "decimal",
                "Denominator of a share",
                suppressible=True,
                minimum=0,
            ),
            Column(
                "comparison_value",
                ("Sammenligningsværdi",),
                "decimal",
                "Comparison value for the municipality (e.g. an expected benchmark)",
                suppressible=True,
            ),
        ),
        key=("kommunekode", "measure_code", "period_code"),
        period_types=("QMAT", "Q", "M", "Y"),
        allow_national_area=True,
    )
)


@cache
def comparator_codes() -> tuple[str, ...]:
    with (SEEDS_DIR / "goal_comparators.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(row["comparator"] for row in csv.DictReader(fh))


def _text(name: str, description: str, *, optional: bool = False, allowed=None) -> Column:
    return Column(name, (name,), "text", description, suppressible=optional, allowed=allowed)


GOAL_CATALOGUE = register(
    TableSpec(
        source="local",
        table="goal_catalogue",
        description=(
            "A municipality's employment-plan goals as a file, in the columns of "
            "seeds/goal_catalogue.csv: the rows of a kommunekode × plan year in the newest drop "
            "replace the seed's rows for it, so a municipality keeps its plan without touching "
            "the repository."
        ),
        may_be_empty=True,
        columns=(
            Column("kommunekode", ("kommunekode",), "kommunekode", "Municipality code"),
            Column("plan_year", ("plan_year",), "integer", "Plan year", **_YEAR_RANGE),
            _text("goal_code", "Goal code as in the plan"),
            Column(
                "condition_number",
                ("condition_number",),
                "integer",
                "Condition of the goal (1, 2, …): a goal is met when all are",
                minimum=1,
            ),
            Column("sort_order", ("sort_order",), "integer", "Display order", minimum=0),
            _text(
                "goal_level",
                "Goal level",
                allowed=("ministermål", "resultatmål", "fokusmål", "lokalt mål"),
            ),
            _text(
                "ministermaal",
                "Ministermål served",
                allowed=("1", "2", "3", "4", "5", "resultat", "fokus"),
            ),
            _text("title_da", "Hvad følges der op på?"),
            _text("measured_da", "Hvad måles der på?", optional=True),
            _text("target_da", "Mål", optional=True),
            _text("follow_up_da", "Hvornår følges der op?", optional=True),
            _text("condition_da", "The condition in words", optional=True),
            _text("measure_code", "Measure code", allowed=catalogue_measure_codes()),
            _text("unit", "Unit of value, target and gap"),
            _text("direction", "Direction", allowed=("higher_is_better", "lower_is_better")),
            _text("comparator", "Comparator", allowed=comparator_codes()),
            Column(
                "target_value",
                ("target_value",),
                "decimal",
                "Target",
                suppressible=True,
                # a share cannot be targeted above 100 % (or below 0)
                bounds_where=(("unit", "pct", 0, 100),),
            ),
            Column(
                "target_year",
                ("target_year",),
                "integer",
                "Target year",
                suppressible=True,
                **_YEAR_RANGE,
            ),
            _text(
                "baseline_rule",
                "Baseline rule",
                optional=True,
                allowed=("same_period_previous_year", "end_of_year_before_plan"),
            ),
            _text("cadence", "Cadence", allowed=("monthly", "quarterly", "half_yearly", "annual")),
            _text("period_type", "Period type", allowed=("M", "Q", "QMAT", "Y")),
            _text(
                "data_source_kind",
                "Kind of source",
                allowed=("benchmark", "jobindsats", "statbank", "local", "rollup"),
            ),
            _text("data_source", "Source of the value", optional=True),
            _text("responsible_unit", "Responsible unit", optional=True),
            Column(
                "publication_lag_days",
                ("publication_lag_days",),
                "integer",
                "Publication lag",
                minimum=0,
            ),
            _text(
                "is_interpretation",
                "true when the condition is our reading of the plan, not its words",
                allowed=("true", "false"),
            ),
            _text("interpretation_da", "The reading in one Danish sentence", optional=True),
            _text("note", "Note", optional=True),
        ),
        key=("kommunekode", "plan_year", "goal_code", "condition_number"),
        period_types=("Y",),
    )
)

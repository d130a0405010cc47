"""Specifications of the jobindsats measures behind the goal catalogue (issue 6).

- `jobindsats/fokusmaal`: the two fokusmål measures of Jobcenterindblik ("Afholdelse af samtaler.
  Antal og andel personer", "Deltagelse i aktive tilbud. Antal og andel personer"). Their
  jobindsats table ids are not published anywhere we could find (DOMAIN §8.1.2), so the file
  format is ours (docs/goal_templates.md): numerator and denominator per area × month × fokusmål,
  in the jobindsats v2 CSV style, with suppressed cells allowed. The table ids, once known, are
  configuration (`focus_table_ids`), recorded with every load; nothing in the code depends on them.
- `jobindsats/otij01`: "Antal og andel ydelsesmodtagere med ordinære timer" (DOMAIN §8.3.1),
  with the v2 labels Randers Kommune maps (goal 6.10).
"""

import os

from orchestration.tables import Column, TableSpec, register

FOCUS_MEASURES = {
    "samtaler": "Afholdelse af samtaler",
    "tilbud": "Deltagelse i aktive tilbud",
}

# Environment variables that name the jobindsats table of each fokusmål measure (unknown today:
# look them up under subject 1815 in /v2/tables/json and set them; DOMAIN §8.1.2).
FOCUS_TABLE_ENV = {
    "samtaler": "JOBCENTER_FOKUS_SAMTALER_TABLE",
    "tilbud": "JOBCENTER_FOKUS_TILBUD_TABLE",
}


def focus_table_ids() -> dict[str, str | None]:
    """The configured jobindsats table id of each fokusmål measure (None = not configured)."""
    return {key: os.environ.get(env) or None for key, env in FOCUS_TABLE_ENV.items()}


FOKUSMAAL = register(
    TableSpec(
        source="jobindsats",
        table="fokusmaal",
        description=(
            "Fokusmål (Jobcenterindblik): persons with at least 12 months' ydelsesanciennitet, and "
            "of them those who had at least 4 samtaler, or at least one active offer or the "
            "ordinary hours the rule requires, in the last 12 months; per area (98 kommuner and "
            "Hele landet), month and fokusmål. Our documented format (docs/goal_templates.md); "
            "the jobindsats table ids are configuration."
        ),
        columns=(
            Column("area_name", ("Område", "Area"), "area_name", "Kommune or Hele landet"),
            Column("period_code", ("Periode", "Period"), "period", "Month, e.g. 2024M06"),
            Column(
                "focus_measure_label",
                ("Fokusmål",),
                "text",
                "Which fokusmål measure",
                allowed=tuple(FOCUS_MEASURES.values()),
            ),
            Column(
                "persons_count",
                ("Antal personer med mindst 12 måneders anciennitet",),
                "integer",
                "Denominator: persons with ≥ 12 months on benefit in the month",
                suppressible=True,
                minimum=0,
            ),
            Column(
                "persons_meeting_count",
                ("Antal personer der opfylder målet",),
                "integer",
                "Numerator: of them, persons meeting the fokusmål",
                suppressible=True,
                minimum=0,
            ),
            Column(
                "share_meeting_pct",
                ("Andel personer der opfylder målet (pct.)",),
                "decimal",
                "Published share meeting the fokusmål, pct.",
                suppressible=True,
                minimum=0,
                maximum=100,
            ),
        ),
        key=("area_name", "period_code", "focus_measure_label"),
        period_types=("M",),
        allow_national_area=True,
    )
)

OTIJ01 = register(
    TableSpec(
        source="jobindsats",
        table="otij01",
        description=(
            "OTIJ01 Antal og andel ydelsesmodtagere med ordinære timer (subject 2704 "
            "Ydelsesmodtagere med løntimer), per area, month, ydelsesgruppe and målgruppe "
            "(DOMAIN §8.3.1)."
        ),
        columns=(
            Column("area_name", ("Område", "Area"), "area_name", "Kommune or Hele landet"),
            Column("period_code", ("Periode", "Period"), "period", "Month, e.g. 2024M06"),
            Column("benefit_group_label", ("Ydelsesgrupper",), "text", "Ydelsesgruppe"),
            Column("target_group_label", ("Målgruppe",), "text", "Målgruppe"),
            Column(
                "persons_count",
                ("Antal personer i alt",),
                "integer",
                "Antal personer i alt",
                suppressible=True,
                minimum=0,
            ),
            Column(
                "persons_with_hours_count",
                ("Antal personer med ordinære timer",),
                "integer",
                "Antal personer med ordinære timer",
                suppressible=True,
                minimum=0,
            ),
            Column(
                "share_with_hours_pct",
                ("Andel personer med ordinære timer",),
                "decimal",
                "Andel personer med ordinære timer (pct.)",
                suppressible=True,
                minimum=0,
                maximum=100,
            ),
            Column(
                "avg_hours_per_person",
                ("Gennemsnitligt timetal pr person med ordinære timer",),
                "decimal",
                "Gennemsnitligt timetal pr. person med ordinære timer",
                suppressible=True,
                minimum=0,
            ),
            Column(
                "avg_ordinary_hours_per_month",
                ("Gennemsnitligt antal ordinære timer pr. måned",),
                "decimal",
                "Gennemsnitligt antal ordinære timer pr. måned",
                suppressible=True,
                minimum=0,
            ),
        ),
        key=("area_name", "period_code", "benefit_group_label", "target_group_label"),
        period_types=("M",),
        allow_national_area=True,
    )
)

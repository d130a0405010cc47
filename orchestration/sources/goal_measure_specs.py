"""Specifications of the jobindsats measures behind the goal catalogue.

- `jobindsats/fokusmaal`: the two fokusmål measures of Jobcenterindblik, published as the tables
  "Afholdelse af samtaler. Antal og andel personer" and "Deltagelse i aktive tilbud. Antal og
  andel personer". Their ids are not published: the client finds them by these names in
  jobindsats' catalogue (orchestration/sources/jobindsats_catalogue.py). A municipality may also
  deliver the numbers in our documented file format (docs/goal_templates.md): numerator and
  denominator per area × month × fokusmål. An API answer of one fokusmål table has no "Fokusmål"
  column (the table is the measure); its reader adds it from the table that was asked for.
- `jobindsats/otij01`: "Antal og andel ydelsesmodtagere med ordinære timer", with the v2 labels
  Randers Kommune maps (goal 6.10); the dimension values sent and summed are
  seeds/otij01_dimension_values.csv.
- `jobindsats/jobordrer`: job orders (goal 6.1), Hele landet and the jobcentres, monthly, with the
  measures mgrpjo01_1..4 as the catalogue names them.

Where the real answer's exact layout is not public, the spec states our assumption and the
parser stays strict: a column or value other than the assumed one is an error naming it
(tests/fixtures/api/README.md says what is real and what is assumed).
"""

from orchestration.errors import InputError
from orchestration.parsing import READERS, RawTable, read_delimited, read_jobindsats_v3_json
from orchestration.tables import Column, TableSpec, register

FOCUS_MEASURES = {
    "samtaler": "Afholdelse af samtaler",
    "tilbud": "Deltagelse i aktive tilbud",
}
# The benefit-group column of a fokusmål table's answer and the one value the client asks for
# (our assumption of the real layout: the measures are asked for all benefit groups together).
FOCUS_BENEFIT_GROUP_COLUMN = "Ydelsesgrupper"
FOCUS_BENEFIT_GROUP_TOTAL = "Ydelsesgrupper i alt"
FOCUS_MEASURE_COLUMN = "Fokusmål"

# Areas a v3 answer over `hierarchy._nykom` may hold that are not one of the 98 municipalities
# (jobindsats lists "Uoplyst område" in the hierarchy), and the aggregates some tables list when
# asked for every area. They are dropped explicitly and counted in the load record; any other
# unknown area name stays an error.
NON_MUNICIPAL_AREAS = frozenset(
    {
        "Uoplyst område",
        "Region Hovedstaden",
        "Region Sjælland",
        "Region Syddanmark",
        "Region Midtjylland",
        "Region Nordjylland",
    }
)
V3_MUNICIPAL_FORMAT = "jobindsats_v3_json_kommuner"


def _area_index(raw: RawTable) -> int | None:
    return next((i for i, h in enumerate(raw.header) if h.strip() in ("Area", "Område")), None)


def count_non_municipal_areas(raw: RawTable) -> dict[str, int]:
    """Rows per area name of NON_MUNICIPAL_AREAS in a read answer (for the load record)."""
    index = _area_index(raw)
    counts: dict[str, int] = {}
    if index is not None:
        for _, cells in raw.rows:
            name = str(cells[index]).strip()
            if name in NON_MUNICIPAL_AREAS:
                counts[name] = counts.get(name, 0) + 1
    return counts


def read_v3_municipal(content: bytes, file: str) -> RawTable:
    """A v3 answer of a `hierarchy._nykom=*` request, without the NON_MUNICIPAL_AREAS rows."""
    raw = read_jobindsats_v3_json(content, file)
    index = _area_index(raw)
    if index is not None:
        raw.rows = [
            (line, cells)
            for line, cells in raw.rows
            if str(cells[index]).strip() not in NON_MUNICIPAL_AREAS
        ]
    return raw


READERS[V3_MUNICIPAL_FORMAT] = read_v3_municipal


FOKUSMAAL = register(
    TableSpec(
        source="jobindsats",
        table="fokusmaal",
        description=(
            "Fokusmål (Jobcenterindblik): persons with at least 12 months' ydelsesanciennitet, and "
            "of them those who had at least 4 samtaler, or at least one active offer or the "
            "ordinary hours the rule requires, in the last 12 months; per area (98 kommuner and "
            "Hele landet), month and fokusmål: jobindsats' two fokusmål tables (found by name in "
            "its catalogue) or a file in our documented format (docs/goal_templates.md)."
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
            "(docs/domain.md)."
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


JOBORDRER = register(
    TableSpec(
        source="jobindsats",
        table="jobordrer",
        description=(
            "Job orders (jobindsats, published nationally since February 2022): created job "
            "orders, positions in them, formidlingsgrad and besættelsesgrad per area (Hele landet "
            "and jobcentres) and month, for all trades together (goal 6.1)."
        ),
        columns=(
            Column("area_name", ("Area", "Område"), "area_name", "Jobcentre or Hele landet"),
            Column("period_code", ("Periode", "Period"), "period", "Month, e.g. 2024M06"),
            Column(
                "trade_group_label",
                ("Erhvervsområder",),
                "text",
                "Erhvervsområde: the client asks for the total only (label our assumption)",
                allowed=("Erhvervsområder i alt",),
            ),
            Column(
                "orders_created",
                ("Antal oprettede jobordrer",),
                "integer",
                "mgrpjo01_1 Antal oprettede jobordrer",
                suppressible=True,
            ),
            Column(
                "positions_count",
                ("Antal stillinger blandt oprettede jobordrer",),
                "integer",
                "mgrpjo01_2 Antal stillinger blandt oprettede jobordrer",
                suppressible=True,
            ),
            Column(
                "placement_rate_pct",
                ("Formidlingsgrad", "Formidlingsgrad (pct.)"),
                "decimal",
                "mgrpjo01_3 Formidlingsgrad (pct.)",
                suppressible=True,
            ),
            Column(
                "fill_rate_pct",
                ("Besættelsesgrad", "Besættelsesgrad (pct.)"),
                "decimal",
                "mgrpjo01_4 Besættelsesgrad (pct.)",
                suppressible=True,
            ),
        ),
        key=("area_name", "period_code", "trade_group_label"),
        period_types=("M",),
        allow_national_area=True,
        may_be_empty=True,
    )
)


def focus_answer_format(key: str, api_version: str) -> str:
    """The reader format of one fokusmål table's API answer (key: samtaler or tilbud)."""
    suffix = "csv" if api_version == "v2" else "json"
    return f"jobindsats_{api_version}_fokus_{key}_{suffix}"


def _focus_answer_reader(label: str, base):
    def read(content: bytes, file: str) -> RawTable:
        raw = base(content, file)
        if FOCUS_MEASURE_COLUMN in raw.header:
            raise InputError(
                file,
                f"an answer of the fokusmål table '{label}' has no column '{FOCUS_MEASURE_COLUMN}'"
                " (that is our file format: load it with --table fokusmaal and no API format)",
                line=1,
                field=FOCUS_MEASURE_COLUMN,
            )
        # raw.rows is read once, as it streams: the benefit-group check and the added measure
        # column ride on that one pass
        index = (
            raw.header.index(FOCUS_BENEFIT_GROUP_COLUMN)
            if FOCUS_BENEFIT_GROUP_COLUMN in raw.header
            else None
        )
        rows = raw.rows

        def relabelled():
            for line, cells in rows:
                if index is not None:
                    # asked for all benefit groups together: every row must be that total
                    if str(cells[index]).strip() != FOCUS_BENEFIT_GROUP_TOTAL:
                        raise InputError(
                            file,
                            f"'{cells[index]}' where the request asked for "
                            f"'{FOCUS_BENEFIT_GROUP_TOTAL}' only",
                            line=line,
                            field=FOCUS_BENEFIT_GROUP_COLUMN,
                        )
                    cells = [c for i, c in enumerate(cells) if i != index]
                yield line, [*cells, label]

        if index is not None:
            raw.header = [h for i, h in enumerate(raw.header) if i != index]
        raw.header = [*raw.header, FOCUS_MEASURE_COLUMN]
        raw.rows = relabelled()
        return raw

    return read


for _key, _label in FOCUS_MEASURES.items():
    READERS[focus_answer_format(_key, "v2")] = _focus_answer_reader(_label, read_delimited)
    READERS[focus_answer_format(_key, "v3")] = _focus_answer_reader(_label, read_jobindsats_v3_json)

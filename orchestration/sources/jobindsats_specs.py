"""Specifications of the jobindsats tables the warehouse loads (DOMAIN §1.6, §1.7)."""

from orchestration.reference import benefit_group_labels
from orchestration.tables import Column, TableSpec, register

_COUNT = "Forventet og faktisk antal fuldtidspersoner på offentlig forsørgelse: "
_SHARE = "Forventet og faktisk andel fuldtidspersoner på offentlig forsørgelse: "

Y30R21 = register(
    TableSpec(
        source="jobindsats",
        table="y30r21",
        description=(
            "Y30R21 Benchmark: forventet og faktisk antal og andel fuldtidspersoner på offentlig "
            "forsørgelse og placering på benchmarkranglisten, per kommune, periode (QMAT02/QMAT04) "
            "og ydelsesgruppe."
        ),
        columns=(
            Column("area_name", ("Area", "Område"), "area_name", "Kommune (name as published)"),
            Column("period_code", ("Periode", "Period"), "period", "Period code, e.g. 2020QMAT04"),
            Column(
                "benefit_group_label",
                ("Ydelsesgrupper",),
                "text",
                "Ydelsesgruppe label",
                allowed=tuple(benefit_group_labels()),
            ),
            Column(
                "expected_count",
                (_COUNT + "Forventet antal",),
                "integer",
                "Forventet antal fuldtidspersoner",
                suppressible=True,
                minimum=0,
            ),
            Column(
                "actual_count",
                (_COUNT + "Faktisk antal",),
                "integer",
                "Faktisk antal fuldtidspersoner",
                suppressible=True,
                minimum=0,
            ),
            Column(
                "diff_count",
                (_COUNT + "Forskel mellem forventet og faktisk antal",),
                "integer",
                "Forskel (faktisk − forventet)",
                suppressible=True,
            ),
            Column(
                "expected_share_pct",
                (_SHARE + "Forventet andel (pct.)",),
                "decimal",
                "Forventet andel (pct.)",
                suppressible=True,
                minimum=0,
                maximum=100,
            ),
            Column(
                "actual_share_pct",
                (_SHARE + "Faktisk andel (pct.)",),
                "decimal",
                "Faktisk andel (pct.)",
                suppressible=True,
                minimum=0,
                maximum=100,
            ),
            Column(
                "diff_share_pp",
                (_SHARE + "Forskel mellem forventet og faktisk andel (pct. point)",),
                "decimal",
                "Forskel i procentpoint (faktisk − forventet)",
                suppressible=True,
                minimum=-100,
                maximum=100,
            ),
            Column(
                "published_rank",
                ("Placering på benchmarkranglisten",),
                "integer",
                "Placering på benchmarkranglisten",
                suppressible=True,
                # 98 municipalities; ties share a rank
                minimum=1,
                maximum=98,
            ),
        ),
        key=("area_name", "period_code", "benefit_group_label"),
        period_types=("QMAT",),
    )
)

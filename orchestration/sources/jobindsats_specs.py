"""Specifications of the jobindsats tables the warehouse loads (their layouts: docs/domain.md,
Sources)."""

import yaml

from orchestration.reference import benefit_group_labels
from orchestration.settings import REPO_ROOT
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

# PTVA02 "Antal personer og fuldtidspersoner" (subject 1135 Offentligt forsørgede; v3 `ptv_a02`):
# full-time persons per area, month, benefit and sex. The labels are the v2 labels Randers
# Kommune's ETL documentation lists for the table (docs/domain.md); the column order is inferred
# from Y30R21's (area, period, dimensions, measures). The label of both sexes together, which
# the client asks for, is the dbt var ptva02_sex_total_label ("Køn i alt", inferred from
# jobindsats' other totals "Herkomst i alt", "Ydelsesgrupper i alt"): one home for dbt and Python.
PTVA02_SEX_TOTAL: str = yaml.safe_load((REPO_ROOT / "dbt_project.yml").read_text(encoding="utf-8"))[
    "vars"
]["ptva02_sex_total_label"]

PTVA02 = register(
    TableSpec(
        source="jobindsats",
        table="ptva02",
        description=(
            "PTVA02 Antal personer og fuldtidspersoner på offentlig forsørgelse per område, "
            "måned, ydelsesgruppe og køn (subject 1135 Offentligt forsørgede), with full-time "
            "persons as a share of the labour force and of the population aged 16-66."
        ),
        columns=(
            Column("area_name", ("Area", "Område"), "area_name", "Kommune or Hele landet"),
            Column("period_code", ("Periode", "Period"), "period", "Month, e.g. 2024M06"),
            Column("benefit_label", ("Ydelsesgrupper",), "text", "Ydelsesgruppe (benefit)"),
            Column("sex_label", ("Køn",), "text", "Køn (Køn i alt, Kvinder, Mænd)"),
            Column(
                "persons_count",
                ("Antal personer",),
                "integer",
                "Antal personer (persons with at least one day on the benefit)",
                suppressible=True,
            ),
            Column(
                "fulltime_persons",
                ("Antal fuldtidspersoner",),
                "decimal",
                "Antal fuldtidspersoner (full-time equivalents on the benefit)",
                suppressible=True,
            ),
            Column(
                "fulltime_share_of_labour_force_pct",
                ("Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år",),
                "decimal",
                "Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år",
                suppressible=True,
            ),
            Column(
                "fulltime_share_of_population_pct",
                ("Fuldtidspersoner i pct. af befolkningen 16-66 år",),
                "decimal",
                "Fuldtidspersoner i pct. af befolkningen 16-66 år",
                suppressible=True,
            ),
        ),
        key=("area_name", "period_code", "benefit_label", "sex_label"),
        period_types=("M",),
        allow_national_area=True,
    )
)

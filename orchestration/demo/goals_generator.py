"""Synthetic goal measurements for all 98 municipalities (demo part `land_synthetic_goal_data`).

Deterministic: every value is a function of (kommunekode, measure, period) through a sha256-seeded
generator, so the same code writes the same bytes and a second demo run lands nothing new. The
files are in exactly the formats a user drops or the API answers (docs/goal_templates.md,
tests/fixtures/api/README.md): jobindsats' table catalogue (v2 and v3 answers, with the next
update of every table the warehouse reads), the fokusmål and OTIJ01 (totals and members, as a
real pull holds both) and the national job orders as jobindsats v2 CSV (`;`, CRLF, decimal
comma, Danish area names, "Hele landet"), the local templates as CSV or XLSX, the Ungeindsatsen
measures half-yearly. Everything is landed with `is_synthetic=True`.

A few values are pinned so the demo shows every kind of status (docs/goals.md): Norddjurs'
job-order file starts with its new CRM in January 2024 (6.1 is incomplete in the first
half-year), its 25-year-olds' education level is on the path to 90 % in 2030 in the first
half-year and off it in the second (6.6), and Haderslev has exactly 70.0 % with an offer in 2024
(the tilbud fokusmål is then not met: the share without must be below 30 %).

Suppression follows Jobcenterindbliksrapporten (docs/domain.md): counts below 3 are written as
`..`, and a count and its total are both suppressed when they differ by 1 or 2.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from orchestration.ingest import ingest_bytes
from orchestration.reference import Municipality, municipalities
from orchestration.settings import SEEDS_DIR, Settings
from orchestration.sources.goal_measure_specs import FOCUS_MEASURES
from orchestration.sources.jobindsats_catalogue import V2_FORMAT, V3_FORMAT

FIRST_YEAR = 2021
LAST_YEAR = 2025
LAST_MONTH_OF_LAST_YEAR = 6  # the demo's data ends in June 2025
NATIONAL_NAME = "Hele landet"
SUPPRESSED = ".."
NORDDJURS = 707
NORDDJURS_CRM_FIRST_MONTH = (2024, 1)  # its job-order file starts here
# Haderslev: exactly 70.0 % with an offer in 2024, on a benchmark list worse than expected (so
# only the share decides whether it is at risk)
EXACTLY_70_PCT = 510
EXACTLY_70_PCT_YEAR = 2024
JOB_ORDERS_NATIONAL_FROM = (2022, 2)  # jobindsats publishes job orders nationally since then
# Norddjurs' share of 25-year-olds with a youth education (6.6), on the path to 90 % in 2030
# in 2024Q2 and below it in 2024Q4
NORDDJURS_YOUTH_EDUCATION = {
    "2021Q2": 84.9,
    "2021Q4": 85.2,
    "2022Q2": 85.4,
    "2022Q4": 85.6,
    "2023Q2": 85.9,
    "2023Q4": 86.0,
    "2024Q2": 86.8,
    "2024Q4": 86.4,
    "2025Q2": 87.0,
}


def _rng(*key: Any) -> random.Random:
    digest = hashlib.sha256("|".join(str(k) for k in key).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _level(kommune: int, measure: str, low: float, high: float) -> float:
    """A municipality's stable level of a measure, between low and high."""
    return _rng("level", kommune, measure).uniform(low, high)


def _noise(kommune: int, measure: str, period: str, spread: float) -> float:
    return _rng("noise", kommune, measure, period).gauss(0, spread)


def _comma(value: Decimal | float, places: int = 1) -> str:
    quantum = Decimal(1).scaleb(-places)
    return str(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)).replace(".", ",")


def _months(first_year: int = FIRST_YEAR) -> list[tuple[int, int]]:
    return [
        (year, month)
        for year in range(first_year, LAST_YEAR + 1)
        for month in range(1, 13)
        if year < LAST_YEAR or month <= LAST_MONTH_OF_LAST_YEAR
    ]


def _half_years() -> list[tuple[int, int]]:
    return [
        (year, quarter)
        for year in range(FIRST_YEAR, LAST_YEAR + 1)
        for quarter in (2, 4)
        if year < LAST_YEAR or quarter * 3 <= LAST_MONTH_OF_LAST_YEAR
    ]


def _quarters() -> list[tuple[int, int]]:
    return [
        (year, quarter)
        for year in range(FIRST_YEAR, LAST_YEAR + 1)
        for quarter in (1, 2, 3, 4)
        if year < LAST_YEAR or quarter * 3 <= LAST_MONTH_OF_LAST_YEAR
    ]


def _csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


_FIXED_STAMP = "2025-07-01T00:00:00Z"


def _xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], sheet: str) -> bytes:
    """A workbook whose bytes depend only on its cells (fixed zip times and document dates)."""
    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(list(header))
    for row in rows:
        worksheet.append(list(row))
    raw = io.BytesIO()
    workbook.save(raw)
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for name in sorted(src.namelist()):
            data = src.read(name)
            if name == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rb"\g<1>" + _FIXED_STAMP.encode() + rb"\g<2>",
                    data,
                )
            info = zipfile.ZipInfo(name, date_time=(2025, 7, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)
    return fixed.getvalue()


# --- jobindsats-style measures ------------------------------------------------------------------


def _suppress(total: int, part: int) -> tuple[str, str, str]:
    """(total, part, share) as published: small or complementary-small cells suppressed."""
    hide_total = total < 3
    hide_part = part < 3 or 0 < total - part < 3
    if 0 < total - part < 3:
        hide_total = True
    share = "" if total == 0 else _comma(Decimal(part) * 100 / Decimal(total))
    return (
        SUPPRESSED if hide_total else str(total),
        SUPPRESSED if hide_part else str(part),
        SUPPRESSED if hide_total or hide_part else share,
    )


@dataclass(frozen=True)
class _Counts:
    total: int
    part: int


def _focus_counts(kommune: Municipality, key: str, year: int, month: int) -> _Counts:
    base_persons = kommune.population * _level(kommune.kommunekode, "fokus_persons", 0.011, 0.019)
    total = max(0, round(base_persons * (1 + _noise(kommune.kommunekode, key, f"n{year}", 0.04))))
    if key == "samtaler" and kommune.population < 4000:
        # the small islands see nearly everyone: complementary suppression (difference 1 or 2)
        share = _level(kommune.kommunekode, key, 0.93, 0.99)
    elif key == "samtaler":
        share = _level(kommune.kommunekode, key, 0.74, 0.97)
    else:
        share = _level(kommune.kommunekode, key, 0.62, 0.90)
    share += 0.004 * (year - 2022) + _noise(kommune.kommunekode, key, f"{year}M{month}", 0.015)
    share = min(max(share, 0.0), 1.0)
    if key == "tilbud" and kommune.kommunekode == EXACTLY_70_PCT and year == EXACTLY_70_PCT_YEAR:
        total = 10 * round(total / 10)  # 70 % of a multiple of ten is a whole number
        return _Counts(total=total, part=total * 7 // 10)
    return _Counts(total=total, part=round(total * share))


def focus_files() -> dict[str, bytes]:
    """One jobindsats-style fokusmål file per year: 98 kommuner + Hele landet × month × measure."""
    header = [
        "Område",
        "Periode",
        "Fokusmål",
        "Antal personer med mindst 12 måneders anciennitet",
        "Antal personer der opfylder målet",
        "Andel personer der opfylder målet (pct.)",
    ]
    files: dict[str, bytes] = {}
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        rows: list[list[str]] = []
        for y, month in _months():
            if y != year:
                continue
            period = f"{y}M{month:02d}"
            for key, label in FOCUS_MEASURES.items():
                national = _Counts(0, 0)
                for kommune in municipalities():
                    counts = _focus_counts(kommune, key, y, month)
                    national = _Counts(national.total + counts.total, national.part + counts.part)
                    rows.append(
                        [kommune.name, period, label, *_suppress(counts.total, counts.part)]
                    )
                rows.append(
                    [NATIONAL_NAME, period, label, *_suppress(national.total, national.part)]
                )
        files[f"fokusmaal_{year}.csv"] = _csv_bytes(header, rows)
    return files


# OTIJ01's counted members (seeds/otij01_dimension_values.csv) and each one's share of the
# municipality's recipients; a real pull also holds the totals, which must not be summed again
_OTIJ_GROUPS = {
    "Kontanthjælp": 0.40,
    "Uddannelseshjælp": 0.18,
    "Selvforsørgelses- og hjemrejseydelse mv.": 0.07,
    "Jobafklaringsforløb": 0.14,
    "Forrevalidering og revalidering": 0.02,
    "Ressourceforløb": 0.19,
}
_OTIJ_TARGET_GROUP = "Jobparate mv."
_OTIJ_TOTALS = ("Ydelsesgrupper i alt", "Målgrupper i alt")
OTIJ_FIRST_YEAR = 2022  # enough for the 12-month windows of 2023 (the baseline of 6.10)


def otij01_files() -> dict[str, bytes]:
    """OTIJ01 with the v2 labels (docs/domain.md), one file per year: per area and month the six
    counted benefit groups × "Jobparate mv." and the total row, as a pull with totals holds."""
    header = [
        "Periode",
        "Antal personer i alt",
        "Antal personer med ordinære timer",
        "Andel personer med ordinære timer",
        "Gennemsnitligt timetal pr person med ordinære timer",
        "Gennemsnitligt antal ordinære timer pr. måned",
        "Område",
        "Ydelsesgrupper",
        "Målgruppe",
    ]
    files: dict[str, bytes] = {}
    for year in range(OTIJ_FIRST_YEAR, LAST_YEAR + 1):
        rows: list[list[str]] = []
        for y, month in _months(OTIJ_FIRST_YEAR):
            if y != year:
                continue
            period = f"{y}M{month:02d}"
            national: dict[str, list[int]] = {g: [0, 0] for g in _OTIJ_GROUPS}
            areas: list[tuple[str, dict[str, list[int]], float]] = []
            for kommune in municipalities():
                code = kommune.kommunekode
                total = round(kommune.population * _level(code, "otij_persons", 0.018, 0.03))
                share = _level(code, "otij_share", 0.07, 0.16)
                share += 0.003 * (y - 2022) + _noise(code, "otij", period, 0.008)
                groups = {}
                for group, weight in _OTIJ_GROUPS.items():
                    persons = max(1, round(total * weight))
                    tilt = _noise(code, group, period, 0.01)
                    part = round(persons * min(max(share + tilt, 0.0), 1.0))
                    groups[group] = [persons, part]
                    national[group][0] += persons
                    national[group][1] += part
                areas.append((kommune.name, groups, 40 + _level(code, "otij_hours", 0, 30)))
            areas.append((NATIONAL_NAME, national, 55.0))
            for name, groups, hours in areas:
                all_persons = sum(v[0] for v in groups.values())
                all_part = sum(v[1] for v in groups.values())
                rows.append(
                    [period, *_otij_cells(all_persons, all_part, hours), name, *_OTIJ_TOTALS]
                )
                for group, (persons, part) in groups.items():
                    rows.append(
                        [
                            period,
                            *_otij_cells(persons, part, hours),
                            name,
                            group,
                            _OTIJ_TARGET_GROUP,
                        ]
                    )
        files[f"otij01_{year}.csv"] = _csv_bytes(header, rows)
    return files


def _otij_cells(total: int, part: int, hours: float) -> list[str]:
    shown_total, shown_part, share = _suppress(total, part)
    return [shown_total, shown_part, share, _comma(hours), _comma(hours * part / max(total, 1))]


# --- local templates ----------------------------------------------------------------------------


def _job_order_rows() -> list[list[Any]]:
    rows: list[list[Any]] = []
    for kommune in municipalities():
        code = kommune.kommunekode
        per_month = kommune.population / 36773 * 55 * _level(code, "orders", 0.7, 1.3)
        fill = _level(code, "fill", 0.62, 0.86)
        for year, month in _months():
            if code == NORDDJURS and (year, month) < NORDDJURS_CRM_FIRST_MONTH:
                continue
            period = f"{year}M{month:02d}"
            created = max(1, round(per_month * (1 + _noise(code, "orders", period, 0.15))))
            rate = min(max(fill + _noise(code, "fill", period, 0.05), 0.0), 1.0)
            rows.append([code, period, created, round(created * rate)])
    return rows


def _rehab_rows() -> list[list[Any]]:
    rows: list[list[Any]] = []
    for kommune in municipalities():
        code = kommune.kommunekode
        cases = max(4, round(kommune.population / 1000 * _level(code, "rehab_cases", 1.0, 2.0)))
        wandering = _level(code, "wandering", 0.02, 0.08)
        for year, quarter in _quarters():
            period = f"{year}Q{quarter}"
            team = max(1, round(cases * (1 + _noise(code, "team", period, 0.1))))
            share = max(0.0, wandering - 0.004 * (year - 2022) + _noise(code, "w", period, 0.01))
            rows.append([code, period, round(team * share), team])
    return rows


def _firm_rows() -> list[list[Any]]:
    rows: list[list[Any]] = []
    for kommune in municipalities():
        code = kommune.kommunekode
        firms = max(3, round(kommune.population / 600 * _level(code, "firms", 0.7, 1.3)))
        share = _level(code, "coop", 0.68, 0.92)
        for year, quarter in _half_years():
            period = f"{year}Q{quarter}"
            rate = min(1.0, max(0.0, share + _noise(code, "coop", period, 0.03)))
            rows.append([code, period, firms, round(firms * rate)])
    return rows


def _count_rows(measure: str, per_1000: tuple[float, float], growth: float) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for kommune in municipalities():
        code = kommune.kommunekode
        base = kommune.population / 1000 * _level(code, measure, *per_1000)
        for year, quarter in _half_years():
            period = f"{year}Q{quarter}"
            value = base * (1 + growth * (year - 2022) + _noise(code, measure, period, 0.12))
            rows.append([code, period, max(0, round(value))])
    return rows


def _catalogue_generic_measures() -> dict[str, str]:
    """measure_code → period_type of the catalogue measures delivered in the generic template."""
    with (SEEDS_DIR / "goal_catalogue.csv").open(encoding="utf-8", newline="") as fh:
        return {
            row["measure_code"]: row["period_type"]
            for row in csv.DictReader(fh)
            if "goal_measurements" in row["data_source"]
        }


# level range (pct) and yearly drift (pct-points) of each generic measure in the demo
_GENERIC_SHAPES: dict[str, tuple[float, float, float]] = {
    "mm17_upskilling_share": (0.8, 2.5, 0.1),
    "mm13_refugee_employment_share": (35.0, 60.0, 1.0),
    "failed_recruitment_rate": (18.0, 34.0, -1.0),
    "temporary_support_over_2y_share": (20.0, 40.0, -0.8),
    "temporary_support_over_2y_count": (250.0, 450.0, -12.0),
    "youth_job_education_1m_share": (40.0, 65.0, 0.5),
    "vocational_choice_share": (22.0, 42.0, 0.6),
    "status_12m_after_share": (55.0, 75.0, 0.5),
    "upper_secondary_choice_share": (45.0, 68.0, 0.2),
    "youth_education_25y_share": (78.0, 92.0, 0.4),
    "neet_share": (4.0, 10.0, -0.1),
    "partial_sick_return_share": (15.0, 35.0, 0.6),
    "activity_ready_youth_share": (35.0, 65.0, -0.5),
}


def _generic_periods(period_type: str) -> list[str]:
    if period_type == "Y":
        return [str(y) for y in range(FIRST_YEAR, LAST_YEAR)]
    if period_type == "Q":
        return [f"{y}Q{q}" for y, q in _half_years()]
    if period_type == "M":
        return [f"{y}M{m:02d}" for y, m in _months()]
    return [f"{y}QMAT0{q}" for y, q in _half_years()]


def _generic_rows() -> list[list[Any]]:
    rows: list[list[Any]] = []
    for measure, period_type in sorted(_catalogue_generic_measures().items()):
        low, high, drift = _GENERIC_SHAPES.get(measure, (20.0, 60.0, 0.0))
        for period in _generic_periods(period_type):
            year = int(period[:4])
            values: list[float] = []
            for kommune in municipalities():
                code = kommune.kommunekode
                value = _level(code, measure, low, high) + drift * (year - 2022)
                value += _noise(code, measure, period, (high - low) / 25)
                value = max(0.0, value)
                if measure == "youth_education_25y_share" and code == NORDDJURS:
                    value = NORDDJURS_YOUTH_EDUCATION.get(period, value)
                values.append(value)
                comparison = ""
                if measure == "neet_share":  # the ministry's expected share for the municipality
                    comparison = _comma(_level(code, "neet_expected", low, high), 1)
                rows.append([code, measure, period, _comma(value, 1), "", "", comparison])
            national = sum(values) / len(values)
            rows.append([0, measure, period, _comma(national, 1), "", "", ""])
    return rows


GENERIC_HEADER = [
    "Kommunekode",
    "Målekode",
    "Periode",
    "Værdi",
    "Tæller",
    "Nævner",
    "Sammenligningsværdi",
]


def local_files() -> dict[tuple[str, str], bytes]:
    """(table, file name) → bytes of every local template file of the demo."""
    return {
        ("job_orders", "jobordrer.csv"): _csv_bytes(
            ["Kommunekode", "Måned", "Oprettede jobordrer", "Besatte jobordrer"],
            _job_order_rows(),
        ),
        ("rehab_cases", "vandrende_sager.csv"): _csv_bytes(
            ["Kommunekode", "Kvartal", "Vandrende sager", "Sager i rehabiliteringsteamet"],
            _rehab_rows(),
        ),
        ("firm_cooperation", "virksomhedssamarbejde.csv"): _csv_bytes(
            [
                "Kommunekode",
                "Halvår",
                "Virksomheder med mere end 50 ansatte",
                "Virksomheder med samarbejde",
            ],
            _firm_rows(),
        ),
        ("danish_classes", "danskuddannelse.xlsx"): _xlsx_bytes(
            ["Kommunekode", "Halvår", "Vandrende arbejdstagere i danskuddannelse"],
            _count_rows("danish_classes", (0.5, 2.0), 0.05),
            sheet="Danskuddannelse",
        ),
        ("apprentices", "elever_og_laerlinge.xlsx"): _xlsx_bytes(
            ["Kommunekode", "Halvår", "Nye elever og lærlinge"],
            _count_rows("apprentices", (0.6, 1.4), 0.03),
            sheet="Elever og lærlinge",
        ),
        ("goal_measurements", "maalinger.csv"): _csv_bytes(GENERIC_HEADER, _generic_rows()),
    }


# --- jobindsats' catalogue and national job orders -------------------------------------------

# (id, published name, subject, latest update, next update, frequency, periods, dimensions)
# of the demo's catalogue: every jobindsats table of seeds/source_tables.csv, the ids of the
# tables whose real ids are not public invented (Y30F01, Y30F02, JO01, MM13), the dates around
# the demo's end (July 2025).
_CATALOGUE = (
    ("Y30R21", "Benchmark", "Tidlig indsats og skærpet tilsyn", "2025-03-20", "2025-10-30",
     "Halvårlig", ["QMAT"], [("_ygrp_y30r21", "Ydelsesgrupper")]),
    ("Y30F01", "Afholdelse af samtaler. Antal og andel personer", "Tidlig indsats og skærpet "
     "tilsyn", "2025-06-16", "2025-07-15", "Månedlig", ["M"], [("_ygrp_y30f01", "Ydelsesgrupper")]),
    ("Y30F02", "Deltagelse i aktive tilbud. Antal og andel personer", "Tidlig indsats og skærpet "
     "tilsyn", "2025-06-16", "2025-07-15", "Månedlig", ["M"], [("_ygrp_y30f02", "Ydelsesgrupper")]),
    ("OTIJ01", "Antal og andel ydelsesmodtagere med ordinære timer", "Ydelsesmodtagere med "
     "løntimer", "2025-06-02", "2025-07-01", "Månedlig", ["M"],
     [("_ygrp_j01", "Ydelsesgrupper"), ("_maalgrp", "Målgruppe")]),
    ("JO01", "Jobordrer", "Jobordrer", "2025-06-10", "2025-07-10", "Månedlig", ["M", "Q"],
     [("_erhvervsgrp_jo", "Erhvervsområder")]),
    ("MM17", "Antal og andel ydelsesmodtagere, som har påbegyndt et opkvalificeringsforløb",
     "Ministerens mål", "2025-06-02", "2025-07-01", "Månedlig", ["M"], []),
    ("MM13", "Flygtninge og familiesammenførte i ustøttet beskæftigelse", "Ministerens mål",
     "2025-06-02", "2025-07-01", "Månedlig", ["M"], []),
    ("Y25I14", "Virksomhedernes forgæves rekrutteringer", "Rekruttering", "2025-06-27",
     "2025-11-28", "Halvårlig", ["M"], []),
)  # fmt: skip


def catalogue_files() -> dict[str, bytes]:
    """The demo's answers of `/v3/tables?format=json` and `/v2/tables/json`, in that order."""
    v2 = [
        {
            "TableID": table_id,
            "TableName": name,
            "SubjectName": subject,
            "LatestUpdate": f"{latest}T00:00:00",
            "NextUpdate": f"{upcoming}T00:00:00",
            "UpdateFrequency": frequency,
            "PeriodCategory": categories,
            "AreaHierarchy": ["Hele landet", "kom"],
            "Dimensions": [{"DimensionID": i, "DimensionName": n} for i, n in dims],
            "Measurements": [],
        }
        for table_id, name, subject, latest, upcoming, frequency, categories, dims in _CATALOGUE
    ]
    subjects: dict[str, list[dict[str, str]]] = {}
    for table_id, name, subject, latest, upcoming, frequency, *_ in _CATALOGUE:
        subjects.setdefault(subject, []).append(
            {
                "table_id": table_id.lower(),
                "table_name": name,
                "update_latest": latest,
                "update_next": upcoming,
                "update_freq": frequency,
            }
        )
    v3 = [
        {"subject_name": subject, "table_groups": [{"table_group_name": subject, "tables": tables}]}
        for subject, tables in subjects.items()
    ]
    dump = {"ensure_ascii": False, "indent": 1}
    return {
        "tables_v3.json": (json.dumps(v3, **dump) + "\n").encode("utf-8"),
        "tables_v2.json": (json.dumps(v2, **dump) + "\n").encode("utf-8"),
    }


def national_job_order_file() -> bytes:
    """jobindsats' job orders for Hele landet, monthly since February 2022 (v2 CSV, the layout
    assumed in orchestration/sources/goal_measure_specs.py)."""
    rows = []
    for year, month in _months(2022):
        if (year, month) < JOB_ORDERS_NATIONAL_FROM:
            continue
        period = f"{year}M{month:02d}"
        created = round(21000 * (1 + _noise(0, "national_orders", period, 0.06)))
        positions = round(created * (1.75 + _noise(0, "positions", period, 0.05)))
        fill = 74.0 + _noise(0, "national_fill", period, 1.2)
        placement = 61.0 + _noise(0, "national_placement", period, 1.5)
        rows.append(
            [NATIONAL_NAME, period, "Erhvervsområder i alt", created, positions,
             _comma(placement), _comma(fill)]
        )  # fmt: skip
    header = [
        "Area",
        "Periode",
        "Erhvervsområder",
        "Antal oprettede jobordrer",
        "Antal stillinger blandt oprettede jobordrer",
        "Formidlingsgrad",
        "Besættelsesgrad",
    ]
    return _csv_bytes(header, rows)


def land_synthetic_goal_data(settings: Settings) -> str:
    """Demo part: land every synthetic goal file (a no-op for files already landed)."""
    new = rows = files = 0
    jobindsats = [
        ("table_catalogue", name, body, V3_FORMAT if "v3" in name else V2_FORMAT)
        for name, body in catalogue_files().items()
    ]
    jobindsats += [("fokusmaal", n, b, "jobindsats_v2_csv") for n, b in focus_files().items()]
    jobindsats += [("otij01", n, b, "jobindsats_v2_csv") for n, b in otij01_files().items()]
    jobindsats.append(
        ("jobordrer", "jobordrer.csv", national_job_order_file(), "jobindsats_v2_csv")
    )
    for table, name, body, fmt in jobindsats:
        result = ingest_bytes(
            body,
            file_name=name,
            source="jobindsats",
            table=table,
            settings=settings,
            fmt=fmt,
            is_synthetic=True,
            request_params={"synthetic": True},
        )
        files += 1
        new += result.is_new
        rows += result.rows_loaded
    for (table, name), body in local_files().items():
        result = ingest_bytes(
            body,
            file_name=name,
            source="local",
            table=table,
            settings=settings,
            fmt="xlsx" if name.endswith(".xlsx") else "jobindsats_v2_csv",
            is_synthetic=True,
            request_params={"synthetic": True},
        )
        files += 1
        new += result.is_new
        rows += result.rows_loaded
    return f"goal measurements (synthetic): {files} file(s), {new} new with {rows} rows"

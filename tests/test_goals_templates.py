"""Goal measurement templates: the documented example files load, malformed drops are rejected with
file, row and field and change nothing, the demo generator is deterministic and covers all 98."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import duckdb
import pytest

from orchestration.errors import InputError
from orchestration.ingest import ingest_bytes, ingest_file
from orchestration.sources.local_files import ingest_local_file

REPO_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = REPO_ROOT / "docs" / "templates"

# example file → (source, table, rows)
EXAMPLES = {
    "fokusmaal_example.csv": ("jobindsats", "fokusmaal", 6),
    "otij01_example.csv": ("jobindsats", "otij01", 2),
    "jobordrer_example.csv": ("local", "job_orders", 3),
    "jobordrer_example.xlsx": ("local", "job_orders", 3),
    "vandrende_sager_example.csv": ("local", "rehab_cases", 2),
    "virksomhedssamarbejde_example.csv": ("local", "firm_cooperation", 2),
    "danskuddannelse_example.xlsx": ("local", "danish_classes", 2),
    "elever_og_laerlinge_example.xlsx": ("local", "apprentices", 2),
    "maalinger_example.csv": ("local", "goal_measurements", 5),
    "goal_catalogue_example.csv": ("local", "goal_catalogue", 2),
}


def _fingerprint(warehouse: Path) -> str:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema like 'raw_%' order by 1, 2"
        ).fetchall()
        content = [con.execute(f"select * from {s}.{t} order by all").fetchall() for s, t in tables]
    return hashlib.sha256(repr((tables, content)).encode()).hexdigest()


def test_every_documented_template_has_an_example_that_loads(settings) -> None:
    assert sorted(p.name for p in TEMPLATES.iterdir()) == sorted(EXAMPLES)
    for name, (source, table, rows) in EXAMPLES.items():
        result = ingest_file(TEMPLATES / name, source=source, table=table, settings=settings)
        assert (result.is_new, result.rows_loaded) == (True, rows), name
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        # the CSV and the XLSX job-order example hold the same three months of Norddjurs
        assert con.execute(
            "select count(*), sum(orders_created), sum(orders_filled) from raw_local.job_orders"
        ).fetchone() == (6, 328, 256)
        # suppressed cells ('..') load as NULL with a flag, never as 0
        assert con.execute(
            "select persons_count, persons_meeting_count, suppressed_fields "
            "from raw_jobindsats.fokusmaal where area_name = 'Læsø' "
            "and focus_measure_label = 'Afholdelse af samtaler'"
        ).fetchone() == (None, None, "persons_count,persons_meeting_count,share_meeting_pct")
        # XLSX rows are numbered as Excel shows them (header = row 1)
        assert con.execute(
            "select list(source_row_number order by source_row_number) "
            "from raw_local.danish_classes"
        ).fetchone()[0] == [2, 3]


def _csv(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


GOOD = [
    ["Kommunekode", "Måned", "Oprettede jobordrer", "Besatte jobordrer"],
    [707, "2024M01", 54, 41],
    [707, "2024M02", 61, 47],
    [101, "2024M01", 300, 240],
]

# malformed drop → (line, field, words in the message)
MALFORMED = {
    "missing_column": (
        [[c for c in r[:3]] for r in GOOD],
        1,
        "Besatte jobordrer",
        "missing column",
    ),
    "text_in_number": (
        [*GOOD[:2], [707, "2024M02", "mange", 47], GOOD[3]],
        3,
        "Oprettede jobordrer",
        "not a whole number",
    ),
    "unknown_kommunekode": (
        [*GOOD, [999, "2024M01", 10, 5]],
        5,
        "Kommunekode",
        "unknown kommunekode '999'",
    ),
    "duplicate_period": (
        [*GOOD, [707, "2024M02", 62, 48]],
        5,
        None,
        "duplicate row",
    ),
}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_local_file_is_rejected_and_nothing_changes(
    settings, tmp_path: Path, case: str, kind: str
) -> None:
    ingest_file(
        TEMPLATES / "vandrende_sager_example.csv",
        source="local",
        table="rehab_cases",
        settings=settings,
    )
    ingest_bytes(
        _csv(GOOD), file_name="good.csv", source="local", table="job_orders", settings=settings
    )
    before = _fingerprint(settings.warehouse_path)
    rows, line, field, words = MALFORMED[case]
    path = tmp_path / f"jobordrer_{case}.{kind}"
    path.write_bytes(_csv(rows) if kind == "csv" else _xlsx(rows))
    with pytest.raises(InputError) as info:
        ingest_local_file(path, table="job_orders", settings=settings)
    error = info.value
    assert error.file == str(path)
    assert error.line == line
    assert error.field == field
    assert words in error.problem
    assert f"jobordrer_{case}.{kind}, line {line}" in str(error)
    assert _fingerprint(settings.warehouse_path) == before
    quarantined = list((settings.quarantine_dir / "local" / "job_orders").glob("*/REASON.txt"))
    assert len(quarantined) == 1


def test_duplicate_message_names_the_first_line(settings, tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_bytes(_csv([*GOOD, [707, "2024M02", 62, 48]]))
    with pytest.raises(InputError, match=r"same key as line 3"):
        ingest_local_file(path, table="job_orders", settings=settings)


def test_generic_template_rejects_unknown_measure_and_accepts_hele_landet(
    settings, tmp_path: Path
) -> None:
    header = ["Kommunekode", "Målekode", "Periode", "Værdi", "Tæller", "Nævner"]
    header.append("Sammenligningsværdi")
    path = tmp_path / "maalinger.csv"
    path.write_bytes(_csv([header, [707, "lykke_share", "2024", "1,0", "", "", ""]]))
    with pytest.raises(InputError) as info:
        ingest_local_file(path, table="goal_measurements", settings=settings)
    assert (info.value.line, info.value.field) == (2, "Målekode")
    path.write_bytes(_csv([header, [0, "neet_share", "2024", "8,7", "", "", ""]]))
    assert ingest_local_file(path, table="goal_measurements", settings=settings).rows_loaded == 1


def test_demo_goal_files_are_deterministic_and_cover_all_98() -> None:
    from orchestration.demo import goals_generator as gen

    first, second = gen.focus_files(), gen.focus_files()
    assert first == second
    assert gen.local_files() == gen.local_files()  # XLSX bytes too (fixed zip and doc times)
    text = first["fokusmaal_2024.csv"].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    areas = {r[0] for r in rows[1:]}
    assert len(areas) == 99 and "Hele landet" in areas and "Norddjurs" in areas
    assert len(rows) - 1 == 99 * 12 * 2
    assert any(".." in r for r in rows[1:])  # small municipalities are suppressed somewhere
    job_orders = gen.local_files()[("job_orders", "jobordrer.csv")].decode("utf-8")
    codes = {line.split(";")[0] for line in job_orders.splitlines()[1:]}
    assert len(codes) == 98
    # Norddjurs' file starts with its CRM in January 2024 (6.1 incomplete in the first half)
    norddjurs = [line.split(";")[1] for line in job_orders.splitlines()[1:] if line[:4] == "707;"]
    assert norddjurs[0] == "2024M01"
    # OTIJ01 holds the totals and the six counted members, as a real pull with totals does
    otij = gen.otij01_files()["otij01_2024.csv"].decode("utf-8").splitlines()
    norddjurs_june = [r.split(";") for r in otij if r.startswith("2024M06;") and ";Norddjurs;" in r]
    assert len(norddjurs_june) == 7
    assert sorted(r[-1] for r in norddjurs_june) == ["Jobparate mv."] * 6 + ["Målgrupper i alt"]
    catalogue = json.loads(gen.catalogue_files()["tables_v2.json"])
    names = {t["TableName"] for t in catalogue}
    assert "Deltagelse i aktive tilbud. Antal og andel personer" in names

"""jobindsats' own table catalogue as a source, and the tables the warehouse finds by name in it.

The catalogue answers (docs/domain.md, "Sources"):

- v2 `POST /v2/tables/json` (body `{}`, as Randers Kommune's Airflow job calls it): a JSON list,
  one object per table with `TableID`, `TableName`, `SubjectID`, `SubjectName`, `LatestUpdate`,
  `NextUpdate`, `UpdateFrequency`, `FirstPeriod`, `LatestPeriod`, `PeriodCategory` (list),
  `AreaHierarchy` (list), `Dimensions` (`[{DimensionID, DimensionName}]`) and `Measurements`
  (`[{ID, Name}]`); it may arrive JSON-encoded twice, like the v2 table metadata.
- v3 `GET /v3/tables?format=json`: subjects `[{subject_name, table_groups: [{table_group_name,
  tables: [{table_id, table_name, update_latest, update_next, update_freq}]}]}]`.

Both are landed unchanged like any other file (`jobindsats/table_catalogue`, immutable: the same
bytes twice are one load, a changed catalogue a new version) and read by the readers below into
one row per table. The fokusmål, MM13, MM17 and job-order tables have no published ids: their
ids are resolved here **by their published names** (`seeds/source_tables.csv`, the one list of
every table the warehouse reads), and a catalogue without the name is a clear error naming it.

The date format of `LatestUpdate`/`NextUpdate` is not documented publicly: ISO dates (with or
without a time) and Danish `DD-MM-YYYY` are read; anything else is an error naming the field.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from orchestration.errors import InputError, JobcenterError
from orchestration.parsing import READERS, RawTable, _check_auth_body, decode_text
from orchestration.settings import SEEDS_DIR
from orchestration.tables import Column, TableSpec, register

V2_FORMAT = "jobindsats_v2_tables_json"
V3_FORMAT = "jobindsats_v3_tables_json"


def _text(name: str, description: str, *, optional: bool = True, allowed=None) -> Column:
    return Column(name, (name,), "text", description, suppressible=optional, allowed=allowed)


TABLE_CATALOGUE = register(
    TableSpec(
        source="jobindsats",
        table="table_catalogue",
        description=(
            "jobindsats' table catalogue (v2 /v2/tables/json or v3 /v3/tables?format=json): one "
            "row per published table with its id, name, subject, dimensions, measures, area "
            "hierarchy, period categories, first and latest period, latest and next update."
        ),
        columns=(
            _text("api_version", "v2 or v3", optional=False, allowed=("v2", "v3")),
            _text("table_id", "Table id as published (TableID / table_id)", optional=False),
            _text("table_name", "Table name as published", optional=False),
            _text("subject_id", "Subject id (v2)"),
            _text("subject_name", "Subject name"),
            _text("table_group_name", "Table group (v3)"),
            Column("latest_update", ("latest_update",), "date", "Latest update", True),
            Column("next_update", ("next_update",), "date", "Next update", True),
            _text("update_frequency", "Update frequency as published"),
            _text("first_period", "First period (v2)"),
            _text("latest_period", "Latest period"),
            _text("period_categories", "Period types, comma-separated (v2 PeriodCategory)"),
            _text("area_hierarchy", "Area levels, comma-separated (v2 AreaHierarchy)"),
            _text("dimensions", "Dimensions as JSON [{id, name}] (v2)"),
            _text("measurements", "Measures as JSON [{id, name}] (v2)"),
        ),
        key=("api_version", "table_id"),
        period_types=("M",),
        may_be_empty=True,
    )
)
CATALOGUE_COLUMNS = [c.name for c in TABLE_CATALOGUE.columns]

_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y", "%d.%m.%Y")


def _date(value: Any, file: str, position: int, field: str) -> str:
    if value in (None, ""):
        return ""
    text = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text[:19], fmt).date().isoformat()
        except ValueError:
            continue
    raise InputError(
        file,
        f"'{text}' is not a date (expected YYYY-MM-DD, optionally with a time, or DD-MM-YYYY)",
        line=position,
        field=field,
    )


def _load_json(content: bytes, file: str) -> Any:
    text = decode_text(content, file)
    _check_auth_body(text, file)
    try:
        payload = json.loads(text)
        if isinstance(payload, str):  # v2 may answer a JSON-encoded JSON string
            payload = json.loads(payload)
    except json.JSONDecodeError as exc:
        raise InputError(
            file, f"not valid JSON ({exc.msg} at character {exc.pos}); truncated response?"
        ) from None
    return payload


def _listed(value: Any) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def _pairs(value: Any, id_key: str, name_key: str, file: str, position: int, field: str) -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise InputError(file, f"{field} must be a list of objects", line=position, field=field)
    pairs = [{"id": v.get(id_key), "name": v.get(name_key)} for v in value]
    return json.dumps(pairs, ensure_ascii=False, separators=(",", ":"))


def read_v2_catalogue(content: bytes, file: str) -> RawTable:
    """`/v2/tables/json`: a list of table objects → one row per table."""
    payload = _load_json(content, file)
    if not isinstance(payload, list) or not payload:
        raise InputError(file, "expected a non-empty JSON list of tables (jobindsats v2 catalogue)")
    rows: list[tuple[int, list[Any]]] = []
    for position, table in enumerate(payload, start=1):
        if not isinstance(table, dict):
            raise InputError(file, "every element must be a table object", line=position)
        for required in ("TableID", "TableName"):
            if not str(table.get(required) or "").strip():
                raise InputError(file, f"table without {required}", line=position, field=required)
        row = {
            "api_version": "v2",
            "table_id": table["TableID"],
            "table_name": table["TableName"],
            "subject_id": table.get("SubjectID") or "",
            "subject_name": table.get("SubjectName") or "",
            "table_group_name": "",
            "latest_update": _date(table.get("LatestUpdate"), file, position, "LatestUpdate"),
            "next_update": _date(table.get("NextUpdate"), file, position, "NextUpdate"),
            "update_frequency": table.get("UpdateFrequency") or "",
            "first_period": table.get("FirstPeriod") or "",
            "latest_period": table.get("LatestPeriod") or "",
            "period_categories": _listed(table.get("PeriodCategory")),
            "area_hierarchy": _listed(table.get("AreaHierarchy")),
            "dimensions": _pairs(
                table.get("Dimensions"), "DimensionID", "DimensionName", file, position,
                "Dimensions",
            ),
            "measurements": _pairs(
                table.get("Measurements"), "ID", "Name", file, position, "Measurements"
            ),
        }  # fmt: skip
        rows.append((position, [row[c] for c in CATALOGUE_COLUMNS]))
    return RawTable(file=file, header=list(CATALOGUE_COLUMNS), rows=rows, decimal_separator=",")


def read_v3_catalogue(content: bytes, file: str) -> RawTable:
    """`/v3/tables?format=json`: subjects → table groups → tables; one row per table."""
    payload = _load_json(content, file)
    if not isinstance(payload, list) or not payload:
        raise InputError(file, "expected a non-empty JSON list of subjects (jobindsats v3)")
    rows: list[tuple[int, list[Any]]] = []
    position = 0
    for subject in payload:
        if not isinstance(subject, dict) or "table_groups" not in subject:
            raise InputError(file, "every subject must have table_groups", line=position + 1)
        for group in subject["table_groups"] or []:
            for table in (group or {}).get("tables") or []:
                position += 1
                for required in ("table_id", "table_name"):
                    if not str((table or {}).get(required) or "").strip():
                        raise InputError(
                            file, f"table without {required}", line=position, field=required
                        )
                row = {
                    "api_version": "v3",
                    "table_id": table["table_id"],
                    "table_name": table["table_name"],
                    "subject_id": "",
                    "subject_name": subject.get("subject_name") or "",
                    "table_group_name": group.get("table_group_name") or "",
                    "latest_update": _date(
                        table.get("update_latest"), file, position, "update_latest"
                    ),
                    "next_update": _date(table.get("update_next"), file, position, "update_next"),
                    "update_frequency": table.get("update_freq") or "",
                    "first_period": "",
                    "latest_period": "",
                    "period_categories": "",
                    "area_hierarchy": "",
                    "dimensions": "",
                    "measurements": "",
                }
                rows.append((position, [row[c] for c in CATALOGUE_COLUMNS]))
    if not rows:
        raise InputError(file, "the catalogue lists no tables")
    return RawTable(file=file, header=list(CATALOGUE_COLUMNS), rows=rows, decimal_separator=",")


READERS[V2_FORMAT] = read_v2_catalogue
READERS[V3_FORMAT] = read_v3_catalogue


# --- the tables the warehouse reads, and resolution by name ------------------------------------


@dataclass(frozen=True)
class SourceTable:
    """A row of seeds/source_tables.csv."""

    key: str
    source: str
    raw_table: str
    publisher_table_id: str
    publisher_table_name: str
    is_name_verified: bool
    focus_measure_label: str


@cache
def source_tables() -> dict[str, SourceTable]:
    with (SEEDS_DIR / "source_tables.csv").open(encoding="utf-8", newline="") as fh:
        return {
            row["source_table_key"]: SourceTable(
                key=row["source_table_key"],
                source=row["source"],
                raw_table=row["raw_table"],
                publisher_table_id=row["publisher_table_id"],
                publisher_table_name=row["publisher_table_name"],
                is_name_verified=row["is_name_verified"] == "true",
                focus_measure_label=row["focus_measure_label"],
            )
            for row in csv.DictReader(fh)
        }


def normalise_name(name: str) -> str:
    """Compare published table names case- and whitespace-blind (the SQL side does the same)."""
    return re.sub(r"\s+", " ", name).strip().casefold()


@dataclass(frozen=True)
class CatalogueEntry:
    api_version: str
    table_id: str
    table_name: str
    subject_name: str
    next_update: date | None
    latest_update: date | None
    dimensions: tuple[tuple[str, str], ...]  # (id, name)

    def dimension_id(self, name: str) -> str | None:
        """The id of a dimension given by its published name (or by its id)."""
        wanted = normalise_name(name)
        for dim_id, dim_name in self.dimensions:
            if wanted in (normalise_name(dim_name or ""), normalise_name(dim_id or "")):
                return dim_id
        return None


def catalogue_entries(content: bytes, fmt: str, file: str) -> list[CatalogueEntry]:
    """The catalogue's tables, read by the same reader that loads them into raw."""
    raw = READERS[fmt](content, file)
    entries = []
    for _, cells in raw.rows:
        row = dict(zip(raw.header, cells, strict=True))
        dims = json.loads(row["dimensions"]) if row["dimensions"] else []
        entries.append(
            CatalogueEntry(
                api_version=row["api_version"],
                table_id=str(row["table_id"]),
                table_name=str(row["table_name"]),
                subject_name=str(row["subject_name"]),
                next_update=date.fromisoformat(row["next_update"]) if row["next_update"] else None,
                latest_update=(
                    date.fromisoformat(row["latest_update"]) if row["latest_update"] else None
                ),
                dimensions=tuple((d.get("id"), d.get("name")) for d in dims),
            )
        )
    return entries


class TableNotInCatalogueError(JobcenterError):
    """The catalogue has no table of the published name the warehouse looks for."""


def resolve(entries: list[CatalogueEntry], key: str, catalogue_file: str) -> CatalogueEntry:
    """The catalogue entry of one of the warehouse's tables: by its id where the id is
    published, else by its published name. Raises with the name when the catalogue lacks it."""
    table = source_tables()[key]
    if table.publisher_table_id:
        wanted_id = table.publisher_table_id.casefold()
        found = [e for e in entries if e.table_id.casefold() == wanted_id]
        what = f"id '{table.publisher_table_id}'"
    else:
        wanted = normalise_name(table.publisher_table_name)
        found = [e for e in entries if normalise_name(e.table_name) == wanted]
        what = f"name '{table.publisher_table_name}'"
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        ids = ", ".join(sorted(e.table_id for e in found))
        raise TableNotInCatalogueError(
            f"the jobindsats catalogue {catalogue_file} lists several tables with the {what} "
            f"({ids}); set the id in seeds/source_tables.csv (publisher_table_id of {key})"
        )
    close = difflib.get_close_matches(
        table.publisher_table_name or table.publisher_table_id,
        [e.table_name for e in entries] + [e.table_id for e in entries],
        n=3,
        cutoff=0.6,
    )
    hint = f"; closest: {', '.join(repr(c) for c in close)}" if close else ""
    unverified = "" if table.is_name_verified else " (the name is our assumption, not verified)"
    raise TableNotInCatalogueError(
        f"the jobindsats catalogue {catalogue_file} ({len(entries)} tables) has no table with the "
        f"{what}{unverified}, needed for {key}{hint}. Correct the name in "
        "seeds/source_tables.csv if jobindsats renamed the table."
    )

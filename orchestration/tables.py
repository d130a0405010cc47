"""Table specifications: what a landed table must contain and how its columns are typed.

A spec is the single description of a source table that the parser, the raw loader and the
landing zone share. Adding a source table means adding a spec here (or in the source's own module
via `register`), not writing a new parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

import pyarrow as pa

from orchestration.errors import UnknownSpecError

ColumnKind = Literal["text", "integer", "decimal", "period", "area_name", "kommunekode", "date"]
Number = int | Decimal

# The raw column type of each kind: in DuckDB (raw_store's DDL) and in Arrow (the typed chunks
# a parsed file is held in, which DuckDB reads without a copy).
RAW_TYPES: dict[str, tuple[str, pa.DataType]] = {
    "text": ("varchar", pa.string()),
    "integer": ("bigint", pa.int64()),
    "decimal": ("decimal(18, 4)", pa.decimal128(18, 4)),
    "period": ("varchar", pa.string()),
    "area_name": ("varchar", pa.string()),
    "kommunekode": ("integer", pa.int32()),
    "date": ("date", pa.string()),  # ISO text, cast by DuckDB on insert
}

# What those types can hold. A value outside is an input error at typing, like text in a number
# field, instead of an overflow deep in DuckDB.
BIGINT_MAX = 2**63 - 1
DECIMAL_INTEGER_DIGITS = 14  # decimal(18, 4): 18 digits, 4 of them after the point
DECIMAL_SCALE = 4

# The default size limit of one file of a source table: the largest real file is a few hundred
# kB (a Y30R21 list is about 60 kB), so a file this big is a wrong export, not data.
DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024

# Period codes jobindsats and Danmarks Statistik use (docs/domain.md, Sources). QMAT02/QMAT04 are
# moving annual totals ending in Q2/Q4; Statbank writes quarters as 2024K1.
PERIOD_PATTERNS: dict[str, str] = {
    "QMAT": r"\d{4}QMAT0[1-4]",
    "Q": r"\d{4}Q[1-4]",
    "K": r"\d{4}K[1-4]",
    "M": r"\d{4}M(0[1-9]|1[0-2])",
    "Y": r"\d{4}",
}


def normalise_label(label: str) -> str:
    """Canonical form of a source column label.

    Labels drift between API versions (docs/domain.md: "befolkningen16-66 år", trailing spaces),
    so compare labels after collapsing whitespace, stripping, and inserting the missing space
    between a letter and a digit.
    """
    text = label.replace("\ufeff", "")
    text = re.sub(r"(?<=[a-zæøå])(?=\d)", " ", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass(frozen=True)
class Column:
    """One column of a source table.

    `name` is the raw column name in DuckDB; `labels` are the source labels accepted for it
    (the v2 label first; later API versions may add theirs).
    """

    name: str
    labels: tuple[str, ...]
    kind: ColumnKind
    description: str = ""
    # Suppressed or discretionised cells ('', '-', '..') load as NULL with a flag where the
    # source may suppress this column; elsewhere they are an error.
    suppressible: bool = False
    # For text columns with a closed vocabulary (e.g. the four Y30R21 benefit-group labels).
    allowed: tuple[str, ...] | None = None
    # The natural range of a number (counts >= 0, shares 0-100, years); checked at load.
    minimum: Number | None = None
    maximum: Number | None = None
    # Ranges that hold only where another column of the row has a value, e.g. a target
    # between 0 and 100 where `unit` is 'pct': (column, value, minimum, maximum).
    bounds_where: tuple[tuple[str, str, Number | None, Number | None], ...] = ()

    def bounds_for(self, record: dict) -> list[tuple[Number | None, Number | None, str]]:
        """(minimum, maximum, why) of every range that applies to this row."""
        found = []
        if self.minimum is not None or self.maximum is not None:
            found.append((self.minimum, self.maximum, ""))
        for other, value, low, high in self.bounds_where:
            if record.get(other) == value:
                found.append((low, high, f" where {other} is '{value}'"))
        return found


@dataclass(frozen=True)
class TableSpec:
    source: str
    table: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    period_types: tuple[str, ...] = ("QMAT", "Q", "M", "Y")
    allow_national_area: bool = False
    # An override most municipalities never deliver (their data comes from seeds): an empty
    # raw table is normal and gets no "not empty" warning.
    may_be_empty: bool = False
    # Files larger than this are refused before they are read (memory, and a wrong export).
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES

    @property
    def raw_schema(self) -> str:
        return f"raw_{self.source}"

    @property
    def raw_relation(self) -> str:
        return f"{self.raw_schema}.{self.table}"

    @property
    def period_regex(self) -> re.Pattern[str]:
        alternatives = "|".join(PERIOD_PATTERNS[t] for t in self.period_types)
        return re.compile(rf"^(?:{alternatives})$")

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


_REGISTRY: dict[tuple[str, str], TableSpec] = {}


def register(spec: TableSpec) -> TableSpec:
    _REGISTRY[(spec.source, spec.table.lower())] = spec
    return spec


def get_spec(source: str, table: str) -> TableSpec:
    _load_builtin_specs()
    try:
        return _REGISTRY[(source, table.lower())]
    except KeyError:
        known = ", ".join(f"{s}/{t}" for s, t in sorted(_REGISTRY)) or "none"
        raise UnknownSpecError(
            f"no table specification for {source}/{table} (known: {known})"
        ) from None


def all_specs() -> list[TableSpec]:
    _load_builtin_specs()
    return [_REGISTRY[k] for k in sorted(_REGISTRY)]


def _load_builtin_specs() -> None:
    # Importing the spec modules registers their tables; done lazily to avoid import cycles.
    import orchestration.sources.goal_measure_specs
    import orchestration.sources.jobindsats_catalogue
    import orchestration.sources.jobindsats_specs
    import orchestration.sources.local_specs
    import orchestration.sources.statbank_specs  # noqa: F401

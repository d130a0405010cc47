"""Parse landed files into typed rows, or fail with an error naming file, line and field.

Two stages keep formats and typing apart:
1. a *reader* turns bytes of one format (jobindsats v2 CSV, v2 JSON, …) into a `RawTable`:
   header labels and cells, each row with the line (or array position) it came from;
2. `coerce` checks a `RawTable` against a `TableSpec`: header, types, Danish decimal commas,
   suppressed cells, period codes, area names, closed vocabularies and duplicate keys.
Nothing is written anywhere: callers load only a table that parsed completely.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import pyarrow as pa

from orchestration.errors import AuthenticationBodyError, InputError
from orchestration.reference import municipality_by_code, municipality_by_name
from orchestration.tables import (
    BIGINT_MAX,
    DECIMAL_INTEGER_DIGITS,
    DECIMAL_SCALE,
    RAW_TYPES,
    Column,
    Number,
    TableSpec,
    normalise_label,
)

AUTH_ERROR_BODY = "Forkert nøgle"
SUPPRESSED_MARKERS = frozenset({"", "-", "..", "."})
NATIONAL_AREA_NAMES = frozenset({"Hele landet", "All Denmark"})
_INTEGER_RE = re.compile(r"^-?\d+$")
_DECIMAL_COMMA_RE = re.compile(r"^-?\d+(,\d+)?$")
_DECIMAL_POINT_RE = re.compile(r"^-?\d+(\.\d+)?$")
# One physical line with its ending (\r\n, \n or a lone \r), as the csv module wants them
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")


@dataclass
class RawTable:
    """Cells as text (or JSON scalars), before typing. `rows` may be read once only: the
    delimited reader yields its rows as `coerce` types them, so a file's cells never all sit
    in memory at once."""

    file: str
    header: list[str]
    rows: Iterable[tuple[int, list[Any]]]  # (line or array position, cells)
    decimal_separator: str = ","


# Rows typed in Python objects before they are packed into Arrow arrays (bounds the memory of
# a big file: a Python value costs about ten times its Arrow form)
CHUNK_ROWS = 20_000


@dataclass
class ParsedTable:
    """Typed rows ready for the raw layer, held by column in Arrow arrays of the raw types
    (`source_row_number`, the spec's columns, `suppressed_fields`)."""

    spec: TableSpec
    file: str
    row_count: int = 0
    _pending: dict[str, list[Any]] = field(default_factory=dict, repr=False)
    _chunks: dict[str, list[pa.Array]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._types = {
            "source_row_number": pa.int32(),
            **{c.name: RAW_TYPES[c.kind][1] for c in self.spec.columns},
            "suppressed_fields": pa.string(),
        }
        self._pending = {name: [] for name in self._types}
        self._chunks = {name: [] for name in self._types}

    def append(self, record: dict[str, Any]) -> None:
        for name, values in self._pending.items():
            values.append(record[name])
        self.row_count += 1
        if self.row_count % CHUNK_ROWS == 0:
            self._pack()

    def _pack(self) -> None:
        for name, values in self._pending.items():
            if values:
                self._chunks[name].append(pa.array(values, self._types[name]))
                values.clear()

    def arrow_table(self, load_id: str) -> pa.Table:
        """The rows with their load id, as the raw table's columns."""
        self._pack()
        columns = {name: pa.chunked_array(c, self._types[name]) for name, c in self._chunks.items()}
        return pa.table({"load_id": pa.array([load_id] * self.row_count, pa.string()), **columns})

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The rows as dicts (for reading a small table; the loader uses `arrow_table`)."""
        return self.arrow_table("").drop_columns("load_id").to_pylist()


def _lines(text: str) -> Iterator[str]:
    """The physical lines of `text` with their endings, one at a time (no list of them all)."""
    return (m.group() for m in _LINE_RE.finditer(text))


def _check_auth_body(text: str, file: str) -> None:
    for number, line in enumerate(_lines(text), start=1):
        if line.strip().strip('"').startswith(AUTH_ERROR_BODY):
            raise AuthenticationBodyError(
                file,
                "the body is jobindsats' key error 'Forkert nøgle eller nøglen er udløbet.' "
                "instead of data: the API key was rejected or has expired, so this is not a data "
                "file (get a valid key from jobindsats@star.dk)",
                line=number,
            )


def _column_at(content: bytes, offset: int, delimiter: str) -> str | None:
    """Header label of the delimited column that holds byte `offset` (for error messages)."""
    first = content.split(b"\n", 1)[0].rstrip(b"\r").removeprefix(b"\xef\xbb\xbf")
    try:
        header = first.decode("utf-8").split(delimiter)
    except UnicodeDecodeError:
        header = first.decode("latin-1").split(delimiter)
    start = content.rfind(b"\n", 0, offset) + 1
    column = content[start:offset].count(delimiter.encode())
    return header[column] if column < len(header) else None


def _utf16_kind(content: bytes) -> str | None:
    """'UTF-16 LE'/'UTF-16 BE' for a UTF-16 file (by its byte-order mark, or the zero byte
    beside every ASCII character when it has none); None otherwise. UTF-8 never holds a zero
    byte in text, so this cannot mistake a UTF-8 or Latin-1 file."""
    if content.startswith(b"\xff\xfe"):
        return "UTF-16 LE"
    if content.startswith(b"\xfe\xff"):
        return "UTF-16 BE"
    head = content[:200]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):
        return "UTF-16 LE" if head[1] == 0 else "UTF-16 BE"
    return None


def decode_text(content: bytes, file: str, *, delimiter: str | None = None) -> str:
    """Decode UTF-8 strictly (a BOM is allowed and dropped); name the line of a bad byte
    (and, for a delimited file, its column)."""
    if not content.strip():
        raise InputError(file, "the file is empty")
    utf16 = _utf16_kind(content)
    if utf16:
        raise InputError(
            file,
            f"the file is {utf16} encoded (Excel's 'Unicode text' export): re-export it as "
            "UTF-8 ('CSV UTF-8')",
            line=1,
        )
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise InputError(
            file,
            f"not valid UTF-8 (byte 0x{content[exc.start]:02x} at offset {exc.start}); the file "
            "looks Latin-1/Windows-1252 encoded: re-export it as UTF-8",
            line=line,
            field=_column_at(content, exc.start, delimiter) if delimiter else None,
        ) from None
    return text.removeprefix("\ufeff")


def read_delimited(content: bytes, file: str, *, delimiter: str = ";") -> RawTable:
    """Read a jobindsats-style CSV export: `;`-separated, header of labels, decimal comma.

    The header is read at once; the rows are yielded as they are read (see `RawTable`)."""
    import csv

    text = decode_text(content, file, delimiter=delimiter)
    _check_auth_body(text, file)
    # lines one at a time: io.StringIO would hold a second, four-bytes-a-character copy
    reader = csv.reader(_lines(text), delimiter=delimiter, strict=True)
    line = 1  # the line a record starts on: a quoted cell may hold a line break

    def records() -> Iterator[tuple[int, list[str]]]:
        nonlocal line
        try:
            for cells in reader:
                start, line = line, reader.line_num + 1
                if cells and any(c.strip() for c in cells):
                    yield start, cells
                # else: a blank line (e.g. a trailing CRLF)
        except csv.Error as exc:
            raise InputError(file, f"malformed CSV: {exc}", line=line) from None

    found = records()
    first = next(found, None)
    if first is None:
        raise InputError(file, "the file has no header line")
    header = first[1]
    if len(header) == 1:
        raise InputError(file, f"the header has no '{delimiter}' separator", line=1)

    def rows() -> Iterator[tuple[int, list[str]]]:
        for start, cells in found:
            if len(cells) != len(header):
                raise InputError(
                    file,
                    f"row has {len(cells)} fields, the header has {len(header)}: the file is "
                    "truncated or the row is malformed",
                    line=start,
                    field=header[len(cells)] if len(cells) < len(header) else None,
                )
            yield start, cells

    return RawTable(file=file, header=header, rows=rows(), decimal_separator=",")


def read_jobindsats_v2_json(content: bytes, file: str) -> RawTable:
    """Read a v2 `/data/<id>/json` response: `[{"Variables": [{"Label": …}], "Data": [[…]]}]`.

    The body may arrive JSON-encoded twice (a quoted string, as jobindsats' v2 JSON export
    does); that is unwrapped.
    """
    text = decode_text(content, file)
    _check_auth_body(text, file)
    try:
        payload = json.loads(text)
        if isinstance(payload, str):
            payload = json.loads(payload)
    except json.JSONDecodeError as exc:
        raise InputError(
            file,
            f"not valid JSON ({exc.msg} at character {exc.pos}); truncated response?",
            line=exc.lineno,
        ) from None
    if not isinstance(payload, list) or not payload or not isinstance(payload[0], dict):
        raise InputError(file, "expected a JSON list whose first element holds Variables and Data")
    block = payload[0]
    if "Variables" not in block or "Data" not in block:
        raise InputError(file, f"JSON block lacks Variables/Data (keys: {sorted(block)})")
    try:
        header = [str(v["Label"]) for v in block["Variables"]]
    except (TypeError, KeyError):
        raise InputError(file, "every element of Variables must have a Label") from None
    rows: list[tuple[int, list[Any]]] = []
    for position, cells in enumerate(block["Data"], start=1):
        if not isinstance(cells, list) or len(cells) != len(header):
            raise InputError(
                file,
                f"data row {position} has {len(cells) if isinstance(cells, list) else 'no'} "
                f"values, Variables has {len(header)}",
                line=position,
            )
        rows.append((position, cells))
    return RawTable(file=file, header=header, rows=rows, decimal_separator=",")


def _match_header(raw: RawTable, spec: TableSpec) -> list[int]:
    """Position of each spec column in the file's header; missing or extra labels are errors."""
    positions = {normalise_label(label): i for i, label in enumerate(raw.header)}
    if len(positions) != len(raw.header):
        raise InputError(raw.file, "the header repeats a column label", line=1)
    index: list[int] = []
    used: set[int] = set()
    for col in spec.columns:
        found = next(
            (
                positions[normalise_label(lb)]
                for lb in col.labels
                if normalise_label(lb) in positions
            ),
            None,
        )
        if found is None:
            raise InputError(
                raw.file,
                f"missing column '{col.labels[0]}' required by {spec.source}/{spec.table}",
                line=1,
                field=col.labels[0],
            )
        index.append(found)
        used.add(found)
    extra = [raw.header[i] for i in range(len(raw.header)) if i not in used]
    if extra:
        raise InputError(
            raw.file,
            f"unexpected column '{extra[0]}' not in {spec.source}/{spec.table}; the table layout "
            "has changed or this is another table",
            line=1,
            field=extra[0],
        )
    return index


def _to_number(value: Any, kind: str, decimal_separator: str) -> Number:
    """The number a cell holds, within what the raw column type can store."""
    number = _parse_number(value, kind, decimal_separator)
    shown = value if isinstance(value, str) else repr(value)
    if kind == "integer" and abs(number) > BIGINT_MAX:
        raise ValueError(
            f"'{shown}' is too large for a whole-number field (at most {BIGINT_MAX}); "
            "a count this big is a wrong export"
        )
    if kind == "decimal":
        if number.adjusted() >= DECIMAL_INTEGER_DIGITS:
            raise ValueError(
                f"'{shown}' is too large for a decimal field (less than "
                f"10^{DECIMAL_INTEGER_DIGITS}); a value this big is a wrong export"
            )
        step = Decimal(1).scaleb(-DECIMAL_SCALE)
        if not isinstance(value, float) and number != number.quantize(step):
            raise ValueError(
                f"'{shown}' has more than {DECIMAL_SCALE} decimals, the most the warehouse keeps"
            )
        # a float from a workbook cell carries binary noise (0.30000000000000004): the raw
        # column keeps 4 decimals, as DuckDB would round it
        number = number.quantize(step) if isinstance(value, float) else number
    return number


def _parse_number(value: Any, kind: str, decimal_separator: str) -> Number:
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(value, int):
        return value if kind == "integer" else Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} is not a number")
        if kind == "integer":
            if not value.is_integer():
                raise ValueError(f"{value} is not a whole number")
            return int(value)
        return Decimal(repr(value))
    text = str(value).strip()
    if kind == "integer":
        if not _INTEGER_RE.match(text):
            raise ValueError(f"'{text}' is not a whole number")
        return int(text)
    pattern = _DECIMAL_COMMA_RE if decimal_separator == "," else _DECIMAL_POINT_RE
    if not pattern.match(text):
        other = "." if decimal_separator == "," else ","
        if other in text:
            raise ValueError(
                f"'{text}' uses '{other}' as decimal separator but this file uses "
                f"'{decimal_separator}' (mixed decimal separators)"
            )
        raise ValueError(f"'{text}' is not a number")
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"'{text}' is not a number") from None


def _check_bounds(raw: RawTable, spec: TableSpec, record: dict[str, Any], line: int) -> None:
    """Every number within its column's natural range (declared on the `Column`)."""
    for col in spec.columns:
        value = record.get(col.name)
        if value is None or col.kind not in ("integer", "decimal"):
            continue
        for low, high, where in col.bounds_for(record):
            if (low is not None and value < low) or (high is not None and value > high):
                raise InputError(
                    raw.file,
                    f"{value} is outside the range of {col.name} ({_range_text(low, high)}{where})",
                    line=line,
                    field=_label_of(raw, col),
                )


def _range_text(low: Number | None, high: Number | None) -> str:
    if low is not None and high is not None:
        return f"{low} to {high}"
    return f"at least {low}" if low is not None else f"at most {high}"


def _label_of(raw: RawTable, col: Column) -> str:
    """The column's label as this file spells it."""
    wanted = {normalise_label(label) for label in col.labels}
    return next((h for h in raw.header if normalise_label(h) in wanted), col.labels[0])


def coerce(raw: RawTable, spec: TableSpec, *, check_ranges: bool = True) -> ParsedTable:
    """Type every cell of `raw` by `spec`; the first problem raises an `InputError`.

    `check_ranges=False` skips the natural ranges (not the type bounds): for files landed
    before a range was declared, which must still rebuild raw as they did."""
    index = _match_header(raw, spec)
    period_re = spec.period_regex
    by_name = municipality_by_name()
    by_code = municipality_by_code()
    seen: dict[tuple[Any, ...], int] = {}
    parsed = ParsedTable(spec=spec, file=raw.file)
    # Repeated text (area names, period codes, labels) kept once, not once per row
    shared: dict[str, str] = {}
    for line, cells in raw.rows:
        record: dict[str, Any] = {"source_row_number": line}
        suppressed: list[str] = []
        for col, pos in zip(spec.columns, index, strict=True):
            value = cells[pos]
            label = raw.header[pos]
            text = "" if value is None else str(value).strip()
            if text in SUPPRESSED_MARKERS and not isinstance(value, int | float):
                if col.suppressible:
                    record[col.name] = None
                    suppressed.append(col.name)
                    continue
                raise InputError(
                    raw.file, f"required value is missing ('{text}')", line=line, field=label
                )
            if col.kind in ("integer", "decimal"):
                try:
                    record[col.name] = _to_number(value, col.kind, raw.decimal_separator)
                except ValueError as exc:
                    raise InputError(raw.file, str(exc), line=line, field=label) from None
            elif col.kind == "period":
                if not period_re.match(text):
                    raise InputError(
                        raw.file,
                        f"'{text}' is not a period code of type {'/'.join(spec.period_types)} "
                        "(e.g. 2020QMAT04, 2024M01)",
                        line=line,
                        field=label,
                    )
                record[col.name] = shared.setdefault(text, text)
            elif col.kind == "area_name":
                if text not in by_name and not (
                    spec.allow_national_area and text in NATIONAL_AREA_NAMES
                ):
                    raise InputError(
                        raw.file,
                        f"unknown area name '{text}': not one of the 98 municipalities in "
                        "seeds/municipalities.csv",
                        line=line,
                        field=label,
                    )
                record[col.name] = shared.setdefault(text, text)
            elif col.kind == "kommunekode":
                code = text.lstrip("0") or "0"
                if not code.isdigit() or (
                    int(code) not in by_code and not (spec.allow_national_area and int(code) == 0)
                ):
                    raise InputError(
                        raw.file,
                        f"unknown kommunekode '{text}': not one of the 98 municipality codes",
                        line=line,
                        field=label,
                    )
                record[col.name] = int(code)
            else:
                if col.allowed is not None and text not in col.allowed:
                    raise InputError(
                        raw.file,
                        f"'{text}' is not one of {', '.join(repr(a) for a in col.allowed)}",
                        line=line,
                        field=label,
                    )
                record[col.name] = shared.setdefault(text, text)
        if check_ranges:
            _check_bounds(raw, spec, record, line)
        key = tuple(record[k] for k in spec.key)
        if key in seen:
            raise InputError(
                raw.file,
                f"duplicate row for {dict(zip(spec.key, key, strict=True))}: same key as line "
                f"{seen[key]}; a file must hold each key once (was it appended twice?)",
                line=line,
            )
        seen[key] = line
        record["suppressed_fields"] = ",".join(suppressed) or None
        parsed.append(record)
    if not parsed.row_count:
        raise InputError(raw.file, "the file has a header but no data rows")
    return parsed


def sniff_format(content: bytes, file_name: str) -> str:
    """Guess the reader from the name, then the first byte."""
    lower = file_name.lower()
    if lower.endswith(".xlsx"):
        return "xlsx"
    if lower.endswith(".json"):
        return "jobindsats_v2_json"
    if lower.endswith(".csv"):
        return "jobindsats_v2_csv"
    head = content.lstrip(b"\xef\xbb\xbf \r\n\t")[:1]
    return "jobindsats_v2_json" if head in (b"[", b'"', b"{") else "jobindsats_v2_csv"


def read_jobindsats_v3_json(content: bytes, file: str) -> RawTable:
    """Read a v3 `/v3/data/<id>?format=json` response: `{"columns": [...], "rows": [[...]]}`."""
    text = decode_text(content, file)
    _check_auth_body(text, file)
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            file, f"not valid JSON ({exc.msg} at character {exc.pos}); truncated response?"
        ) from None
    if not isinstance(payload, dict) or "columns" not in payload or "rows" not in payload:
        raise InputError(file, "expected a JSON object with 'columns' and 'rows' (jobindsats v3)")
    header = [str(c["name"] if isinstance(c, dict) else c) for c in payload["columns"]]
    rows: list[tuple[int, list[Any]]] = []
    for position, cells in enumerate(payload["rows"], start=1):
        if not isinstance(cells, list) or len(cells) != len(header):
            raise InputError(file, f"data row {position} does not match the columns", line=position)
        rows.append((position, cells))
    return RawTable(file=file, header=header, rows=rows, decimal_separator=".")


# Statbank OMRÅDE codes that are not one of the 98 municipalities: the national total, the five
# regions and Christiansø. A FOLK1A file may hold them (OMRÅDE=*); they are dropped explicitly.
STATBANK_NON_MUNICIPALITY_CODES = frozenset({"000", "081", "082", "083", "084", "085", "411"})


def read_statbank_csv(content: bytes, file: str) -> RawTable:
    """Read a Statbank `/v1/data` CSV (UTF-8 with BOM, `;`, valuePresentation=Code).

    Rows for the national total, the regions and Christiansø (`STATBANK_NON_MUNICIPALITY_CODES`)
    are dropped: the warehouse keeps municipalities only and derives any aggregate itself.
    """
    raw = read_delimited(content, file, delimiter=";")
    area = next(
        (i for i, h in enumerate(raw.header) if normalise_label(h) in ("område", "omrade")), None
    )
    if area is not None:
        raw.rows = (
            (line, cells)
            for line, cells in raw.rows
            if str(cells[area]).strip() not in STATBANK_NON_MUNICIPALITY_CODES
        )
    return raw


# format name → reader of a body (bytes, file name for errors) into header and cells
READERS: dict[str, Callable[[bytes, str], RawTable]] = {
    "jobindsats_v2_csv": read_delimited,
    "jobindsats_v2_json": read_jobindsats_v2_json,
    "jobindsats_v3_json": read_jobindsats_v3_json,
    "statbank_csv": read_statbank_csv,
}


def read_xlsx(content: bytes, file: str) -> RawTable:
    """XLSX local templates: the reader lives in orchestration/sources/local_files.py."""
    from orchestration.sources.local_files import read_xlsx as read_local_xlsx

    return read_local_xlsx(content, file)


READERS["xlsx"] = read_xlsx


def parse(
    content: bytes,
    file: str,
    spec: TableSpec,
    fmt: str | None = None,
    *,
    check_ranges: bool = True,
) -> ParsedTable:
    """Read and type a file of a known format."""
    fmt = fmt or sniff_format(content, file)
    try:
        reader = READERS[fmt]
    except KeyError:
        raise InputError(file, f"unknown format '{fmt}' (known: {', '.join(READERS)})") from None
    return coerce(reader(content, file), spec, check_ranges=check_ranges)

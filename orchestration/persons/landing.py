"""Landing person-level Parquet: one file per dataset and month, one landing load each
(`<data>/landing/persons/<dataset>/<load_id>/payload/<dataset>_<YYYY-MM>.parquet`) and one row
in raw_meta.load_record. There is no raw table of the rows: dbt reads the Parquet files where
they lie (macro read_person_dataset), so the warehouse holds only the bookkeeping.

A load is the file in the landing zone AND its record in the warehouse, or neither: the record
is written in one transaction after the landing, and a landing whose record cannot be written
is removed again. The same bytes landed twice are one load (the second time only repairs a
missing record, e.g. after the warehouse file was deleted).

A user's own file (`jobcenter persons load FILE`) is checked against the contract before
anything is landed (datasets.py: names, types and order of the columns; every row in the file's
one month; keys not null; one row per person and week, or person and month); a rejected file is
kept byte for byte in the quarantine with its reason, and nothing already loaded changes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from orchestration import raw_store
from orchestration.errors import InputError
from orchestration.landing import LandedFile, LandingZone, LoadRecord, quarantine_rejection
from orchestration.persons.datasets import (
    BENEFIT_CODES,
    BENEFIT_WEEKS,
    DATASETS,
    DATE_COLUMN,
    OFFERS,
    ORDINARY_HOURS,
    SAMTALER,
    SCHEMAS,
    SOURCE,
    month_text,
    parse_month,
)
from orchestration.persons.datasets import file_name as dataset_file_name
from orchestration.settings import Settings

FMT = "parquet"
# zstd: about a third smaller than snappy on these tables and still fast to read
COMPRESSION = "zstd"
COMMIT_EVERY_MONTHS = 12
# a user's file bigger than this is refused before it is read (a national month is ~40 MiB)
MAX_FILE_BYTES = 2 * 2**30

_NAME = re.compile(r"^(?P<dataset>[a-z_]+?)_(?P<month>\d{4}-\d{2})\.parquet$", re.IGNORECASE)
_NOT_NULL: dict[str, tuple[str, ...]] = {
    "benefit_weeks": ("person_id", "kommunekode", "week_start", "benefit_code", "month_start"),
    "samtaler": ("person_id", "kommunekode", "samtale_date", "month_start"),
    "offers": ("person_id", "kommunekode", "offer_start", "offer_end", "month_start"),
    "ordinary_hours": ("person_id", "month_start", "ordinary_hours"),
}


def parquet_bytes(table: pa.Table) -> bytes:
    """The table as Parquet: the same table gives the same bytes (so a second landing of the
    same generated month is a no-op)."""
    sink = io.BytesIO()
    pq.write_table(
        table,
        sink,
        compression=COMPRESSION,
        # person_id ascends within each week's rows: delta encoding is smaller than a dictionary
        # of mostly distinct ids and writes in a third of the time
        use_dictionary=[name for name in table.column_names if name != "person_id"],
        column_encoding={"person_id": "DELTA_BINARY_PACKED"},
    )
    return sink.getvalue()


class _IndexedZone(LandingZone):
    """The landing zone with each table's loads read once: LandingZone.land looks for the same
    bytes among all loads of the table, which read every load record again for every file (a
    run of 60 months read 1,800 of them per dataset). This process is the only writer while
    it lands (the warehouse lock is held), so the index stays true."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self._by_sha: dict[tuple[str, str], dict[str, tuple[LoadRecord, Path]]] = {}

    def _index(self, source: str, table: str) -> dict[str, tuple[LoadRecord, Path]]:
        key = (source, table.lower())
        if key not in self._by_sha:
            self._by_sha[key] = {r.sha256: (r, p) for r, p in self.records(source, table)}
        return self._by_sha[key]

    def find_by_sha(self, source: str, table: str, sha: str) -> tuple[LoadRecord, Path] | None:
        return self._index(source, table).get(sha)

    def land(self, content: bytes, **kwargs: Any) -> LandedFile:
        landed = super().land(content, **kwargs)
        if landed.is_new:
            self._index(landed.record.source, landed.record.table_name)[landed.record.sha256] = (
                landed.record,
                landed.path,
            )
        return landed

    def remove(self, record: LoadRecord) -> None:
        super().remove(record)
        self._index(record.source, record.table_name).pop(record.sha256, None)


@dataclass
class PersonLander:
    """Lands person-level months through one open warehouse connection (opening the DuckDB file
    per file costs more than writing a small month). Use as a context manager.

    A landed file's record is written by `commit()`, in one transaction with the records of the
    files landed since the last commit; when that fails (or the `with` block ends with an
    error) those files are removed from the landing zone again, so a load is its file and its
    record, or neither."""

    settings: Settings
    is_synthetic: bool
    zone: LandingZone = field(init=False)
    _con: duckdb.DuckDBPyConnection | None = field(init=False, default=None)
    _checked: set[str] = field(init=False, default_factory=set)
    _pending: list[LandedFile] = field(init=False, default_factory=list)
    _held: set[str] = field(init=False, default_factory=set)

    def __post_init__(self) -> None:
        self.zone = _IndexedZone(self.settings.landing_dir)

    def __enter__(self) -> PersonLander:
        self._con = raw_store.connect(self.settings.warehouse_path)
        self._con.execute(raw_store.LOAD_RECORD_DDL)
        self._held = {
            row[0]
            for row in self._con.execute(
                "select load_id from raw_meta.load_record where source = ?", [SOURCE]
            ).fetchall()
        }
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        try:
            if exc_type is None:
                self.commit()
        finally:
            self._discard_pending()
            if self._con is not None:
                self._con.close()
                self._con = None

    def land_table(
        self,
        dataset: str,
        month: str,
        table: pa.Table,
        request_params: dict[str, Any] | None = None,
    ) -> LandedFile:
        if dataset not in SCHEMAS:
            raise ValueError(f"unknown person dataset {dataset!r} (known: {', '.join(DATASETS)})")
        if not table.schema.equals(SCHEMAS[dataset]):
            raise ValueError(f"{dataset} {month}: the table's schema is not the contract's")
        # named by its month, so every row is checked against that month
        check_person_table(table, dataset_file_name(dataset, month), dataset)
        return self.land_bytes(
            parquet_bytes(table),
            dataset=dataset,
            month=month,
            row_count=table.num_rows,
            file_name=dataset_file_name(dataset, month),
            request_params=request_params,
        )

    def land_bytes(
        self,
        content: bytes,
        *,
        dataset: str,
        month: str,
        row_count: int,
        file_name: str,
        request_params: dict[str, Any] | None = None,
    ) -> LandedFile:
        """Land checked bytes; their record follows with the next `commit()`. The same bytes
        landed before are that load (is_new false; a missing record is written again)."""
        if self._con is None:
            raise RuntimeError("PersonLander is used outside its `with` block")
        if dataset not in self._checked:
            refuse_mixing_synthetic_and_real(self.zone, file_name, dataset, self.is_synthetic)
            self._checked.add(dataset)
        params = {**(request_params or {}), "month": month, "dataset": dataset}
        landed = self.zone.land(
            content,
            file_name=file_name,
            source=SOURCE,
            table=dataset,
            row_count=row_count,
            fmt=FMT,
            is_synthetic=self.is_synthetic,
            request_params=params,
        )
        if landed.record.load_id not in self._held:
            self._pending.append(landed)
        return landed

    def commit(self) -> None:
        """Write the records of the files landed since the last commit, in one transaction."""
        if not self._pending:
            return
        con = self._con
        if con is None:
            raise RuntimeError("PersonLander is used outside its `with` block")
        con.execute("begin transaction")
        try:
            for landed in self._pending:
                raw_store.insert_load_record(con, landed.record)
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        self._held.update(landed.record.load_id for landed in self._pending)
        self._pending = []

    def _discard_pending(self) -> None:
        for landed in self._pending:
            if landed.is_new:
                self.zone.remove(landed.record)
        self._pending = []


def land_person_month(
    settings: Settings,
    dataset: str,
    month: str,
    table: pa.Table,
    *,
    is_synthetic: bool,
    request_params: dict[str, Any] | None = None,
) -> LandedFile:
    """Land one month of one dataset (a table with the contract's schema) and record the load."""
    with PersonLander(settings, is_synthetic) as lander:
        return lander.land_table(dataset, month, table, request_params)


def land_person_months(
    settings: Settings,
    months: Iterable[tuple[str, str, pa.Table]],
    *,
    is_synthetic: bool,
    request_params: dict[str, Any] | None = None,
) -> Iterator[tuple[str, str, pa.Table, LandedFile]]:
    """Land (dataset, month, table) after (dataset, month, table), e.g. from
    generator.generate_months, through one warehouse connection, and yield each with its load.
    The records are written in one transaction per COMMIT_EVERY_MONTHS months (a commit costs
    about 13 ms, more than landing a small month) and at the end; stopping early removes the
    landings not yet recorded."""
    with PersonLander(settings, is_synthetic) as lander:
        seen: list[str] = []
        for dataset, month, table in months:
            if not seen or seen[-1] != month:
                if len(seen) == COMMIT_EVERY_MONTHS:
                    lander.commit()
                    seen = []
                seen.append(month)
            yield dataset, month, table, lander.land_table(dataset, month, table, request_params)


def refuse_mixing_synthetic_and_real(
    zone: LandingZone, file_name: str, dataset: str, is_synthetic: bool
) -> None:
    """One dataset holds either the synthetic data or real data: a real month landed over the
    synthetic one would become its newer version, and the marts would mix the two."""
    other = [r for r, _ in zone.records(SOURCE, dataset) if r.is_synthetic != is_synthetic]
    if not other:
        return
    held, adding = ("real", "synthetic") if is_synthetic else ("SYNTHETIC", "real")
    raise InputError(
        file_name,
        f"{SOURCE}/{dataset} in this data folder ({zone.root.parent}) holds {held} data "
        f"({len(other)} load(s)); {adding} data would mix with it. Use a data folder of its "
        "own: JOBCENTER_DATA_DIR=/path/to/folder jobcenter persons …",
    )


@dataclass(frozen=True)
class CheckedFile:
    dataset: str
    month: str
    row_count: int


def dataset_of(path_name: str, dataset: str | None = None) -> str:
    """The dataset a user's file holds: `dataset` when given, else its name's prefix."""
    name = Path(path_name).name
    if dataset is None:
        found = _NAME.match(name)
        dataset = found.group("dataset").lower() if found else None
        if dataset not in SCHEMAS:
            dataset = next((d for d in DATASETS if name.lower().startswith(d)), None)
    if dataset not in SCHEMAS:
        raise InputError(
            path_name,
            "cannot tell which person dataset the file holds: name it <dataset>_<YYYY-MM>.parquet "
            f"or pass --dataset (one of {', '.join(DATASETS)})",
        )
    return dataset


def check_person_file(content: bytes, path_name: str, dataset: str) -> CheckedFile:
    """Check a user's Parquet file against the contract; InputError naming file, row and field
    for the first problem found."""
    try:
        table = pq.read_table(io.BytesIO(content))
    except Exception as exc:  # pyarrow's own error for a file that is no Parquet
        raise InputError(path_name, f"is not a readable Parquet file ({exc})") from None
    return check_person_table(table, path_name, dataset)


def check_person_table(table: pa.Table, path_name: str, dataset: str) -> CheckedFile:
    """The contract's checks of one month's table (a user's file or the generator's): the
    models rely on them instead of testing five years of rows on every build."""
    _check_schema(table.schema, path_name, dataset)
    if table.num_rows == 0:
        raise InputError(path_name, "has no rows (a month without any is not delivered)")
    for column in _NOT_NULL[dataset]:
        nulls = np.flatnonzero(table.column(column).is_null().to_numpy(zero_copy_only=False))
        if len(nulls):
            raise InputError(path_name, "is empty", line=int(nulls[0]) + 1, field=column)
    month_starts = _days(table, "month_start")
    named = _NAME.match(Path(path_name).name)
    if named:
        try:
            first = parse_month(named.group("month"))
        except ValueError:
            raise InputError(
                path_name, f"the month {named.group('month')!r} in the name is not a month"
            ) from None
        expected = _day(first)
        where = "the month in the file name"
    else:
        expected = int(month_starts[0])
        first = _date(expected)
        where = "the month of the file's first row"
        if first.day != 1:
            raise InputError(
                path_name, "is not the first day of a month", line=1, field="month_start"
            )
    wrong = np.flatnonzero(month_starts != expected)
    if len(wrong):
        row = int(wrong[0])
        raise InputError(
            path_name,
            f"{_date(int(month_starts[row]))} is not {first} ({where}): a file holds one month",
            line=row + 1,
            field="month_start",
        )
    date_column = DATE_COLUMN[dataset]
    if date_column != "month_start":
        days = _days(table, date_column)
        next_month = _day(date(first.year + first.month // 12, first.month % 12 + 1, 1))
        outside = np.flatnonzero((days < expected) | (days >= next_month))
        if len(outside):
            row = int(outside[0])
            raise InputError(
                path_name,
                f"{_date(int(days[row]))} is not in {month_text(first)}, the file's month",
                line=row + 1,
                field=date_column,
            )
    _check_rows(table, path_name, dataset)
    return CheckedFile(dataset=dataset, month=month_text(first), row_count=table.num_rows)


def _check_schema(schema: pa.Schema, path_name: str, dataset: str) -> None:
    expected = SCHEMAS[dataset]
    for wanted in expected:
        if wanted.name not in schema.names:
            raise InputError(
                path_name,
                f"the column is missing ({dataset} has {', '.join(expected.names)})",
                field=wanted.name,
            )
        got = schema.field(wanted.name).type
        if got != wanted.type:
            raise InputError(
                path_name,
                f"has type {got}, the contract says {wanted.type}",
                field=wanted.name,
            )
    extra = [name for name in schema.names if name not in expected.names]
    if extra:
        raise InputError(
            path_name, f"is not a column of {dataset} ({', '.join(expected.names)})", field=extra[0]
        )
    if schema.names != expected.names:
        raise InputError(
            path_name,
            f"columns in the order {', '.join(schema.names)}; the contract's order is "
            f"{', '.join(expected.names)}",
        )


def _check_rows(table: pa.Table, path_name: str, dataset: str) -> None:
    ids = table.column("person_id").to_numpy()
    if dataset == BENEFIT_WEEKS:
        weeks = _days(table, "week_start")
        monday = np.flatnonzero((weeks - 4) % 7 != 0)  # day 4 (1970-01-05) was a Monday
        if len(monday):
            raise InputError(
                path_name,
                f"{_date(int(weeks[monday[0]]))} is not a Monday",
                line=int(monday[0]) + 1,
                field="week_start",
            )
        codes = table.column("benefit_code").to_numpy(zero_copy_only=False)
        unknown = np.flatnonzero(~np.isin(codes, np.array(BENEFIT_CODES, dtype=object)))
        if len(unknown):
            raise InputError(
                path_name,
                f"{codes[unknown[0]]!r} is not a benefit code ({', '.join(BENEFIT_CODES)})",
                line=int(unknown[0]) + 1,
                field="benefit_code",
            )
        _check_unique(path_name, ids, weeks, "person_id, week_start", "week")
    elif dataset == ORDINARY_HOURS:
        hours = table.column("ordinary_hours").to_numpy()
        bad = np.flatnonzero(~(hours > 0))
        if len(bad):
            raise InputError(
                path_name,
                f"{hours[bad[0]]} hours: ordinary hours must be more than 0",
                line=int(bad[0]) + 1,
                field="ordinary_hours",
            )
        _check_unique(path_name, ids, np.zeros(len(ids), np.int64), "person_id", "month")
    elif dataset == OFFERS:
        start, end = _days(table, "offer_start"), _days(table, "offer_end")
        bad = np.flatnonzero(end < start)
        if len(bad):
            raise InputError(
                path_name,
                f"ends {_date(int(end[bad[0]]))}, before it starts ({_date(int(start[bad[0]]))})",
                line=int(bad[0]) + 1,
                field="offer_end",
            )
        _check_unique(path_name, ids, start, "person_id, offer_start", "offer start day")
    elif dataset == SAMTALER:
        days = _days(table, "samtale_date")
        _check_unique(path_name, ids, days, "person_id, samtale_date", "day")


def _check_unique(path_name: str, ids: np.ndarray, other: np.ndarray, key: str, per: str) -> None:
    order = np.lexsort((other, ids))
    same = np.flatnonzero(
        (ids[order][1:] == ids[order][:-1]) & (other[order][1:] == other[order][:-1])
    )
    if len(same):
        first, second = sorted((int(order[same[0]]), int(order[same[0] + 1])))
        raise InputError(
            path_name,
            f"repeats row {first + 1} ({key}): one row per person and {per}",
            line=second + 1,
            field="person_id",
        )


def _days(table: pa.Table, column: str) -> np.ndarray:
    return table.column(column).cast(pa.int32()).to_numpy(zero_copy_only=False).astype(np.int64)


def _day(first: date) -> int:
    return int(np.datetime64(first, "D").astype(np.int64))


def _date(day: int) -> date:
    converted: date = np.datetime64(day, "D").astype(date)
    return converted


def load_person_file(settings: Settings, path: Path, *, dataset: str | None = None) -> LandedFile:
    """Check a user's own monthly Parquet file and land it (is_synthetic false). A rejected file
    is kept in the quarantine byte for byte (InputError.quarantine_path); nothing already loaded
    changes."""
    if not path.is_file():
        raise InputError(str(path), "no such file" if not path.exists() else "not a file")
    name = str(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(
            name,
            f"the file is {path.stat().st_size / 2**30:.1f} GiB, more than the "
            f"{MAX_FILE_BYTES / 2**30:.0f} GiB a person-level month may have",
        )
    content = path.read_bytes()

    def reject(exc: InputError, table: str) -> InputError:
        return quarantine_rejection(
            settings.quarantine_dir, exc, content, file_name=name, source=SOURCE, table=table
        )

    try:
        chosen = dataset_of(name, dataset)
    except InputError as exc:
        raise reject(exc, "unknown") from None
    try:
        checked = check_person_file(content, name, chosen)
        refuse_mixing_synthetic_and_real(
            LandingZone(settings.landing_dir), name, chosen, is_synthetic=False
        )
    except InputError as exc:
        raise reject(exc, chosen) from None
    created = not settings.warehouse_path.exists()
    try:
        with PersonLander(settings, is_synthetic=False) as lander:
            return lander.land_bytes(
                content,
                dataset=chosen,
                month=checked.month,
                row_count=checked.row_count,
                # the name the models read the month by (read_person_dataset); the user's own
                # name stays in the load record
                file_name=dataset_file_name(chosen, checked.month),
                request_params={"original_file_name": Path(name).name},
            )
    except BaseException as exc:
        if created:  # a failed first load leaves no empty warehouse behind either
            for leftover in (settings.warehouse_path, Path(f"{settings.warehouse_path}.wal")):
                leftover.unlink(missing_ok=True)
        if isinstance(exc, Exception) and not raw_store.is_lock_error(exc):
            problem = (str(exc).splitlines() or [type(exc).__name__])[0]
            raise reject(
                InputError(name, f"the warehouse refused its load record ({problem})"), chosen
            ) from exc
        raise


def sync_person_records(settings: Settings) -> int:
    """Write the load record of every landed person-level file that raw_meta.load_record lacks
    (a warehouse rebuilt from the landing zone, or a run stopped between landing and recording:
    the landing zone is the source of truth). Returns the number of records written."""
    zone = LandingZone(settings.landing_dir)
    with raw_store.connect(settings.warehouse_path) as con:
        con.execute(raw_store.LOAD_RECORD_DDL)
        held = {
            row[0]
            for row in con.execute(
                "select load_id from raw_meta.load_record where source = ?", [SOURCE]
            ).fetchall()
        }
        missing = [
            record
            for dataset in DATASETS
            for record, _ in zone.records(SOURCE, dataset)
            if record.load_id not in held
        ]
        if missing:
            con.execute("begin transaction")
            try:
                for record in missing:
                    raw_store.insert_load_record(con, record)
                con.execute("commit")
            except BaseException:
                con.execute("rollback")
                raise
    return len(missing)

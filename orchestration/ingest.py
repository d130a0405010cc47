"""Land a file and load it into the raw layer: validate first, write only what parsed completely.

Order of work for one file: size check → parse (in memory) → on error, quarantine and raise →
land (atomic rename, a no-op for bytes already landed) → insert into raw in one transaction →
on error, remove the just-landed load and quarantine the file. Either the file is in both the
landing zone and raw, or in neither; and every file that is not loaded, for whatever reason
other than a busy warehouse, is kept in the quarantine with its reason (`InputError.
quarantine_path`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orchestration import raw_store
from orchestration.errors import InputError
from orchestration.landing import LandingZone, LoadRecord, quarantine_rejection
from orchestration.parsing import parse, sniff_format
from orchestration.settings import Settings
from orchestration.tables import TableSpec, get_spec


@dataclass(frozen=True)
class IngestResult:
    record: LoadRecord
    is_new: bool
    rows_loaded: int


def ingest_bytes(
    content: bytes,
    *,
    file_name: str,
    source: str,
    table: str,
    settings: Settings,
    fmt: str | None = None,
    is_synthetic: bool = False,
    request_params: dict[str, Any] | None = None,
) -> IngestResult:
    spec = get_spec(source, table)
    zone = LandingZone(settings.landing_dir)

    def reject(exc: InputError) -> InputError:
        return quarantine_rejection(
            settings.quarantine_dir, exc, content, file_name=file_name, source=source, table=table
        )

    try:
        _refuse_oversized(len(content), file_name, spec)
        fmt = fmt or sniff_format(content, file_name)
        parsed = parse(content, file_name, spec, fmt)
        _refuse_mixing_synthetic_and_real(zone, file_name, source, spec.table, is_synthetic)
    except InputError as exc:
        raise reject(exc) from None
    except Exception as exc:  # a reader's own failure is still a file that cannot be loaded
        raise reject(
            InputError(file_name, f"could not be read ({type(exc).__name__}: {exc})")
        ) from exc
    landed = zone.land(
        content,
        file_name=file_name,
        source=source,
        table=spec.table,
        row_count=parsed.row_count,
        fmt=fmt,
        is_synthetic=is_synthetic,
        request_params=request_params,
    )
    created = not settings.warehouse_path.exists()
    try:
        with raw_store.connect(settings.warehouse_path) as con:
            rows = raw_store.insert_load(con, landed.record, parsed)
    except BaseException as exc:
        if landed.is_new:
            zone.remove(landed.record)
        if created:  # a failed first load leaves no empty warehouse behind either
            for leftover in (settings.warehouse_path, Path(f"{settings.warehouse_path}.wal")):
                leftover.unlink(missing_ok=True)
        if isinstance(exc, Exception) and not raw_store.is_lock_error(exc):
            problem = (str(exc).splitlines() or [type(exc).__name__])[0]
            raise reject(
                InputError(file_name, f"the warehouse refused its rows ({problem})")
            ) from exc
        raise  # a busy warehouse (try again), or an interrupt
    # 0 rows: raw already holds this load (parsing refuses a file without data rows)
    return IngestResult(record=landed.record, is_new=rows > 0, rows_loaded=rows)


def _refuse_oversized(size: int, file_name: str, spec: TableSpec) -> None:
    if size > spec.max_file_bytes:
        raise InputError(
            file_name,
            f"the file is {size / 2**20:.1f} MiB, more than the "
            f"{spec.max_file_bytes / 2**20:.0f} MiB a {spec.source}/{spec.table} file may have "
            "(TableSpec.max_file_bytes): is it the right export?",
        )


def _refuse_mixing_synthetic_and_real(
    zone: LandingZone, file_name: str, source: str, table: str, is_synthetic: bool
) -> None:
    """One table holds either the synthetic demo data or real data. A real file loaded over the
    demo (or the demo over real data) would become a newer version of the same periods, and
    the marts would show a mix of both."""
    other = [r for r, _ in zone.records(source, table) if r.is_synthetic != is_synthetic]
    if not other:
        return
    if is_synthetic:
        problem = (
            f"{source}/{table} in this data folder ({zone.root.parent}) holds real data "
            f"({len(other)} load(s)); the synthetic demo data would mix with it. Run the demo "
            "in its own folder: JOBCENTER_DATA_DIR=/tmp/jobcenter-demo jobcenter demo"
        )
    else:
        problem = (
            f"{source}/{table} in this data folder ({zone.root.parent}) holds the SYNTHETIC "
            f"demo data ({len(other)} load(s)); a real file would become a newer version of "
            "the demo's periods and mix with it. Load real data into its own folder, e.g. "
            "JOBCENTER_DATA_DIR=/path/to/real jobcenter load …"
        )
    raise InputError(file_name, problem)


def ingest_file(
    path: Path,
    *,
    source: str,
    table: str,
    settings: Settings,
    fmt: str | None = None,
    is_synthetic: bool = False,
) -> IngestResult:
    if not path.is_file():
        raise InputError(str(path), "no such file" if not path.exists() else "not a file")
    # refused before it is read into memory; the bytes stay where the user has them
    _refuse_oversized(path.stat().st_size, str(path), get_spec(source, table))
    return ingest_bytes(
        path.read_bytes(),
        file_name=str(path),
        source=source,
        table=table,
        settings=settings,
        fmt=fmt,
        is_synthetic=is_synthetic,
    )


@dataclass(frozen=True)
class SyncResult:
    loads_added: int
    rows_added: int
    loads_total: int


def sync_table(source: str, table: str, settings: Settings) -> SyncResult:
    """Load every landed file of a table that the raw layer does not have yet.

    The landing zone is the source of truth: a deleted warehouse file is rebuilt from it.
    """
    spec = get_spec(source, table)
    zone = LandingZone(settings.landing_dir)
    records = zone.records(source, spec.table)
    loads_added = rows_added = 0
    with raw_store.connect(settings.warehouse_path) as con:
        raw_store.ensure_table(con, spec)
        present = raw_store.loaded_ids(con, source, spec.table)
        for record, path in records:
            if record.load_id in present:
                continue
            # landed = accepted: a range declared since then does not undo that
            parsed = parse(path.read_bytes(), str(path), spec, record.fmt, check_ranges=False)
            rows_added += raw_store.insert_load(con, record, parsed)
            loads_added += 1
    return SyncResult(loads_added=loads_added, rows_added=rows_added, loads_total=len(records))

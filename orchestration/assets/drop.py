"""The drop folder: a file copied to `data/drop/<source>/<table>/` is landed and built.

The sensor looks at the folder every 30 seconds. For every file that has not changed for a few
seconds (so a copy in progress is left alone) it runs the normal ingest (validate → land → raw,
all or nothing), removes the file from the drop folder (the landing zone keeps it byte for byte;
a rejected file is in data/quarantine/ with REASON.txt) and requests one run of the `refresh`
job for everything new. Hidden files and *.tmp / *.part are ignored. Kept apart from the output
assets so that it imports nothing of dbt.

One file can never wedge the folder: whatever goes wrong with a file (a bad file, a bug in a
reader, a file too big to read) ends with the file in the quarantine with its reason, and the
scan goes on with the next file. Only a busy warehouse (a build holds the lock) stops the scan,
to be retried at the next tick; nothing raised by a scan escapes the sensor.
"""

import time
from dataclasses import dataclass, field
from pathlib import Path

from dagster import (
    DefaultSensorStatus,
    Definitions,
    RunRequest,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    sensor,
)

from orchestration.errors import InputError, UnknownSpecError
from orchestration.ingest import ingest_file
from orchestration.landing import quarantine_by_move
from orchestration.raw_store import is_lock_error
from orchestration.settings import Settings

REFRESH_JOB = "refresh"
SETTLE_SECONDS = 5.0
_IGNORED_SUFFIXES = (".tmp", ".part", ".crdownload")


@dataclass
class DropScan:
    loaded: list[str] = field(default_factory=list)  # load ids of new loads
    already: list[str] = field(default_factory=list)  # files whose bytes were landed before
    rejected: list[str] = field(default_factory=list)  # "<file>: <problem>"
    waiting: list[str] = field(default_factory=list)  # still being written, or warehouse busy
    unknown: list[str] = field(default_factory=list)  # no spec for <source>/<table>


def dropped_files(drop_dir: Path) -> list[tuple[str, str, Path]]:
    """(source, table, path) of every candidate file under drop/<source>/<table>/."""
    found = []
    if not drop_dir.is_dir():
        return found
    for path in sorted(drop_dir.glob("*/*/*")):
        rel = path.relative_to(drop_dir)
        if (
            not path.is_file()
            or any(part.startswith(".") for part in rel.parts)
            or path.name.lower().endswith(_IGNORED_SUFFIXES)
        ):
            continue
        found.append((rel.parts[0], rel.parts[1], path))
    return found


def process_drop_folder(settings: Settings, *, settle_seconds: float = SETTLE_SECONDS) -> DropScan:
    """Ingest every settled file in the drop folder; remove the ones that were dealt with."""
    scan = DropScan()
    now = time.time()
    for source, table, path in dropped_files(settings.drop_dir):
        try:
            if now - path.stat().st_mtime < settle_seconds:
                scan.waiting.append(str(path))
                continue
            result = ingest_file(path, source=source, table=table, settings=settings)
        except FileNotFoundError:  # removed while we looked
            continue
        except UnknownSpecError as exc:
            scan.unknown.append(f"{path}: {exc}")
            continue
        except Exception as exc:
            if is_lock_error(exc):  # a build holds the warehouse: try again next tick
                scan.waiting.append(f"{path}: warehouse busy ({str(exc).splitlines()[0]})")
                break
            scan.rejected.append(_set_aside(settings, source, table, path, exc))
            continue
        (scan.loaded if result.is_new else scan.already).append(
            result.record.load_id if result.is_new else str(path)
        )
        _remove(path, scan)
    return scan


def _set_aside(settings: Settings, source: str, table: str, path: Path, exc: Exception) -> str:
    """Take a file that could not be loaded out of the drop folder, its bytes kept in the
    quarantine with the reason. Returns the line to log; never raises (the scan goes on)."""
    quarantined = getattr(exc, "quarantine_path", None)
    message = str(exc) if isinstance(exc, InputError) else f"{path}: {type(exc).__name__}: {exc}"
    try:
        if quarantined is not None:  # the ingest kept a copy
            path.unlink(missing_ok=True)
        else:  # moved, not read: the file may be too big to read
            quarantined = quarantine_by_move(
                settings.quarantine_dir, path, source=source, table=table, reason=message
            )
    except OSError as problem:  # e.g. no permission: the file stays, said on every tick
        return f"{message} (left in the drop folder: {problem})"
    return f"{message} (kept in {quarantined})"


def _remove(path: Path, scan: DropScan) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as problem:  # loaded and landed; only the drop copy stays behind
        scan.waiting.append(f"{path}: loaded, but could not be removed ({problem})")


@sensor(
    job_name=REFRESH_JOB,
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.RUNNING,
    description=(
        "Lands files copied to data/drop/<source>/<table>/ (e.g. data/drop/jobindsats/y30r21/) "
        "and requests a refresh run when something new was loaded."
    ),
)
def drop_folder_sensor(context: SensorEvaluationContext) -> SensorResult | SkipReason:
    try:
        scan = process_drop_folder(Settings.from_env())
    except Exception as exc:  # e.g. the quarantine's disk is full: say so, and tick again
        context.log.error(f"drop folder scan failed: {type(exc).__name__}: {exc}")
        return SkipReason(f"drop folder scan failed ({type(exc).__name__}: {exc}); retried")
    for line in scan.rejected:
        context.log.warning(f"rejected: {line}")
    for line in scan.unknown:
        context.log.warning(f"no table spec for the folder: {line}")
    if scan.already:
        context.log.info(f"already loaded, removed from the drop folder: {scan.already}")
    if not scan.loaded:
        reasons = []
        if scan.waiting:
            reasons.append(f"{len(scan.waiting)} file(s) waiting")
        if scan.rejected:
            reasons.append(f"{len(scan.rejected)} rejected")
        return SkipReason("nothing new loaded" + (f" ({', '.join(reasons)})" if reasons else ""))
    context.log.info(f"loaded {len(scan.loaded)} new file(s): {scan.loaded}")
    return SensorResult(
        run_requests=[
            RunRequest(
                run_key="drop:" + ",".join(sorted(scan.loaded)),
                tags={"jobcenter/trigger": "drop_folder", "jobcenter/loads": str(len(scan.loaded))},
            )
        ]
    )


defs = Definitions(sensors=[drop_folder_sensor])

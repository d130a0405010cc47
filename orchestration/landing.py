"""The landing zone: every fetched or dropped file, stored unchanged and never overwritten.

Layout: `<data>/landing/<source>/<table>/<load_id>/payload/<file name>` plus
`<load_id>/_load.json`, the load record. The user's bytes sit alone in `payload/`, so no file
name (not even `_load.json`) can collide with the record; loads landed before that layout
(`<load_id>/<file name>` beside `_load.json`) are still read. A load directory is written under a
temporary name and renamed into place, so a crash never leaves half a load. The same bytes for
the same table are one load (a no-op the second time); new bytes for the same period are a new
load, i.e. a revision.

The quarantine keeps a rejected file the same way: `<data>/quarantine/<source>/<table>/
<stamp>_<sha>/payload/<file name>` beside `REASON.txt`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from orchestration.errors import InputError

LOAD_RECORD_FILE = "_load.json"
REASON_FILE = "REASON.txt"
# The user's file is kept alone in this sub-folder, under its own name.
PAYLOAD_DIR = "payload"


def stored_name(file_name: str) -> str:
    """The name a file is kept under in payload/: its own base name (a path's folders and a
    name such as '..' can never lead outside the folder)."""
    name = Path(file_name).name
    return name if name not in ("", ".", "..") else "file"


@dataclass(frozen=True)
class LoadRecord:
    load_id: str
    source: str
    table_name: str
    file_name: str
    sha256: str
    row_count: int
    received_at: str  # ISO 8601, UTC
    fmt: str
    is_synthetic: bool = False
    request_params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> LoadRecord:
        return cls(**json.loads(text))


@dataclass(frozen=True)
class LandedFile:
    record: LoadRecord
    path: Path
    is_new: bool


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class LandingZone:
    def __init__(self, root: Path) -> None:
        self.root = root

    def table_dir(self, source: str, table: str) -> Path:
        return self.root / source / table.lower()

    def records(self, source: str, table: str) -> list[tuple[LoadRecord, Path]]:
        """All loads of a table, oldest first (load ids sort by time of receipt)."""
        base = self.table_dir(source, table)
        if not base.is_dir():
            return []
        found = []
        for load_dir in sorted(
            p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")
        ):
            meta = load_dir / LOAD_RECORD_FILE
            if meta.is_file():
                record = LoadRecord.from_json(meta.read_text(encoding="utf-8"))
                found.append((record, _payload_path(load_dir, record.file_name)))
        return found

    def find_by_sha(self, source: str, table: str, sha: str) -> tuple[LoadRecord, Path] | None:
        return next(((r, p) for r, p in self.records(source, table) if r.sha256 == sha), None)

    def land(
        self,
        content: bytes,
        *,
        file_name: str,
        source: str,
        table: str,
        row_count: int,
        fmt: str,
        is_synthetic: bool = False,
        request_params: dict[str, Any] | None = None,
        received_at: datetime | None = None,
    ) -> LandedFile:
        sha = sha256_of(content)
        existing = self.find_by_sha(source, table, sha)
        if existing is not None:
            return LandedFile(record=existing[0], path=existing[1], is_new=False)
        received = (received_at or datetime.now(UTC)).astimezone(UTC)
        load_id = f"{received:%Y%m%dT%H%M%S%fZ}_{sha[:12]}"
        record = LoadRecord(
            load_id=load_id,
            source=source,
            table_name=table.lower(),
            file_name=stored_name(file_name),
            sha256=sha,
            row_count=row_count,
            received_at=received.isoformat(),
            fmt=fmt,
            is_synthetic=is_synthetic,
            request_params=request_params or {},
        )
        base = self.table_dir(source, table)
        base.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=base))
        try:
            (tmp / PAYLOAD_DIR).mkdir()
            (tmp / PAYLOAD_DIR / record.file_name).write_bytes(content)
            (tmp / LOAD_RECORD_FILE).write_text(record.to_json(), encoding="utf-8")
            final = base / load_id
            os.rename(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return LandedFile(record=record, path=final / PAYLOAD_DIR / record.file_name, is_new=True)

    def remove(self, record: LoadRecord) -> None:
        """Undo a landing whose raw load failed (only ever called for a load just created)."""
        shutil.rmtree(
            self.table_dir(record.source, record.table_name) / record.load_id, ignore_errors=True
        )


def _payload_path(load_dir: Path, file_name: str) -> Path:
    current = load_dir / PAYLOAD_DIR / file_name
    # a load landed before payload/ existed keeps its file beside the record
    return current if current.is_file() else load_dir / file_name


def quarantine(
    root: Path, content: bytes, *, file_name: str, source: str, table: str, reason: str
) -> Path:
    """Keep a rejected file with its reason, so nobody has to reproduce the failure to see it.
    Returns the folder."""
    return _quarantine_folder(
        root,
        source,
        table,
        sha256_of(content)[:12],
        f"{reason}\n\nfile: {file_name}\n",
        lambda payload: (payload / stored_name(file_name)).write_bytes(content),
    )


def quarantine_rejection(
    root: Path, error: InputError, content: bytes, *, file_name: str, source: str, table: str
) -> InputError:
    """Keep a refused file in the quarantine with the error as its reason; the error, with the
    folder in `quarantine_path`, to raise."""
    error.quarantine_path = quarantine(
        root, content, file_name=file_name, source=source, table=table, reason=str(error)
    )
    return error


def quarantine_by_move(root: Path, path: Path, *, source: str, table: str, reason: str) -> Path:
    """Move a file into the quarantine without reading it (one too big to read, or one the
    ingest could not keep a copy of)."""
    return _quarantine_folder(
        root,
        source,
        table,
        "moved",
        f"{reason}\n\nfile: {path}\n",
        lambda payload: shutil.move(path, payload / stored_name(path.name)),
    )


def _quarantine_folder(
    root: Path, source: str, table: str, tag: str, reason: str, place: Callable[[Path], object]
) -> Path:
    """`<root>/<source>/<table>/<stamp>_<tag>/` with REASON.txt and the file in payload/,
    written under a temporary name and renamed into place: a folder in the quarantine always
    holds both."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    base = root / source / table.lower()
    base.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=base))
    try:
        (tmp / PAYLOAD_DIR).mkdir()
        (tmp / REASON_FILE).write_text(reason, encoding="utf-8")
        place(tmp / PAYLOAD_DIR)
        target_dir = base / f"{stamp}_{tag}"
        os.rename(tmp, target_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target_dir

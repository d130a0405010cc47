"""Temporary folders of publishing that tell a live writer from a dead one.

A serving copy or an export is written into a temporary folder beside its final place, then
renamed into place. A run killed in between (kill -9, power cut) leaves the folder behind. The
next run must remove it, but never the folder of a run still writing next to it.

The writer holds an exclusive `flock` on its temporary folder for as long as it exists. The
kernel releases the lock when the process dies however it dies, and a process id that is reused
later takes no lock over: a temporary entry nobody holds a lock on belongs to a dead run. The
cleaner takes the lock itself before it deletes, so it never races a writer.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _same_inode(path: Path, fd: int) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


@contextmanager
def locked_temporary_folder(folder: Path, prefix: str, suffix: str) -> Iterator[Path]:
    """A new temporary folder in `folder`, locked against the cleaner while in use; removed
    with whatever is still in it on leaving (after the caller has renamed its results out)."""
    while True:
        path = Path(tempfile.mkdtemp(prefix=prefix, suffix=suffix, dir=folder))
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        fcntl.flock(fd, fcntl.LOCK_EX)
        # A cleaner in another process may have taken the unlocked folder in the instant
        # between creating and locking it; then it is gone and we start again with a new one.
        if _same_inode(path, fd):
            break
        os.close(fd)
    try:
        yield path
    finally:
        try:
            shutil.rmtree(path, ignore_errors=True)
        finally:
            os.close(fd)


def remove_dead_leftovers(folder: Path, pattern: str) -> list[Path]:
    """Remove the entries of `folder` matching `pattern` (folders, or files left by an earlier
    version of this code) that no live process holds a lock on; returns what was removed."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for path in sorted(folder.glob(pattern)):
        try:
            fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if path.is_dir() else 0))
        except (FileNotFoundError, NotADirectoryError):
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a live writer
            if not _same_inode(path, fd):
                continue
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
        finally:
            os.close(fd)
    return removed

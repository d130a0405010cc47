"""The processes a `jobcenter` command starts, and the ones it finds holding the warehouse.

- Every dbt process dies with the command that started it. dbt runs as a subprocess (our
  background `dbt parse`, and dagster-dbt's `dbt build`); a SIGKILL of the CLI cannot be
  forwarded, so the child asks the kernel for a signal when its parent dies
  (`prctl(PR_SET_PDEATHSIG)`, Linux). dagster-dbt starts dbt with its own `Popen`, so the
  resource runs `jobcenter-dbt` (`dbt_child_main`), which arranges that and then becomes dbt
  (`exec`, no extra process). dbt stays in the CLI's process group, so a terminal's Ctrl-C or
  `kill -- -<pgid>` reaches it directly; a SIGTERM to the CLI alone is forwarded as SIGINT, which
  dagster-dbt passes on to dbt (`forward_sigterm_as_interrupt`).
- A process that holds the warehouse file is told apart: a dbt of this project left behind by a
  dead `jobcenter` (ours: cleared), a running `jobcenter` command (ours: waited for), or anything
  else, such as a BI tool (named, never touched). Linux /proc tells which.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from orchestration.settings import PARENT_PID_ENV, REPO_ROOT

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Have the kernel SIGKILL this process when its parent dies (Linux; elsewhere a no-op).
    Used as `preexec_fn` and at the start of `jobcenter-dbt`; kept across `exec`."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    expected = os.environ.get(PARENT_PID_ENV)
    if expected and int(expected) != os.getppid():
        # the parent died before the prctl: nobody is waiting for this dbt
        sys.stderr.write(
            f"jobcenter-dbt: not started: its parent is PID {os.getppid()}, not the jobcenter "
            f"command {expected} named in {PARENT_PID_ENV} (gone, or the variable was "
            "inherited from another process)\n"
        )
        os._exit(1)


def dbt_child_main() -> None:
    """`jobcenter-dbt`: the dbt beside this Python, that dies with the command that ran it."""
    from orchestration.dbt_parse import DBT_EXECUTABLE

    die_with_parent()
    os.execv(DBT_EXECUTABLE, [DBT_EXECUTABLE, *sys.argv[1:]])


def forward_sigterm_as_interrupt() -> None:
    """A SIGTERM to the CLI becomes an interrupt (Dagster stops the run and dagster-dbt sends
    dbt SIGINT); a second SIGTERM ends the CLI at once, its dbt children with it."""

    def forward(signum, frame) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)

    with contextlib.suppress(ValueError):  # not the main thread (e.g. under a test runner)
        signal.signal(signal.SIGTERM, forward)


def export_parent_pid() -> None:
    os.environ[PARENT_PID_ENV] = str(os.getpid())


# -- what holds the warehouse ---------------------------------------------------------------


@dataclass(frozen=True)
class Holder:
    pid: int
    kind: str  # "orphan_dbt" | "jobcenter" | "other"
    command: str  # its command line, shortened


def _cmdline(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def _parent_pid(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # "pid (comm) state ppid …": comm may hold spaces and parentheses
    return int(stat.rsplit(")", 1)[1].split()[1])


def _cwd(pid: int) -> Path | None:
    try:
        return Path(os.readlink(f"/proc/{pid}/cwd"))
    except OSError:
        return None


def _is_jobcenter(cmdline: list[str]) -> bool:
    return any(Path(part).name in ("jobcenter", "jobcenter-dbt") for part in cmdline[:2])


def _is_our_dbt(pid: int, cmdline: list[str]) -> bool:
    """dbt (run as `dbt …` or `jobcenter-dbt …`) working in this dbt project."""
    runs_dbt = any(Path(part).name in ("dbt", "jobcenter-dbt") for part in cmdline[:2])
    return runs_dbt and (_cwd(pid) == REPO_ROOT or str(REPO_ROOT) in " ".join(cmdline))


def holder_of(lock_message: str) -> Holder | None:
    """Who holds the lock DuckDB names ('… Conflicting lock is held in <prog> (PID 1234)')."""
    match = re.search(r"PID (\d+)", lock_message)
    if not match:
        return None
    pid = int(match.group(1))
    cmdline = _cmdline(pid)
    command = " ".join(cmdline)[:200] or f"PID {pid}"
    if _is_our_dbt(pid, cmdline):
        parent = _parent_pid(pid)
        alive_parent = parent is not None and _is_jobcenter(_cmdline(parent))
        return Holder(pid, "jobcenter" if alive_parent else "orphan_dbt", command)
    if _is_jobcenter(cmdline):
        return Holder(pid, "jobcenter", command)
    return Holder(pid, "other", command)


def is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (dead, not yet reaped by its parent) holds no lock any more. The main thread of
    # a process with threads (DuckDB's workers) turns zombie first; the file, and its lock, is
    # closed only when the last thread has exited, so every thread must be a zombie or gone.
    try:
        threads = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return False  # gone since the signal
    for thread in threads:
        try:
            state = (thread / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue  # this thread has exited meanwhile
        if state not in ("Z", "X"):
            return True
    return False


def start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (/proc/<pid>/stat field 22): with the
    PID, it names one process even after the PID is reused."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def stop(pid: int, grace_seconds: float = 10.0) -> None:
    """SIGTERM, then SIGKILL after the grace period."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace_seconds
    while is_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if is_alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        while is_alive(pid) and time.monotonic() < deadline + 5:
            time.sleep(0.1)

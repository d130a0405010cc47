"""Exceptions that tell a user exactly what is wrong with an input: file, row and field."""

from __future__ import annotations

from pathlib import Path


class JobcenterError(Exception):
    """Base class of every error this project raises on purpose."""


class InputError(JobcenterError):
    """A file (or API response) that cannot be loaded as it is.

    `line` is the 1-based physical line of a text file (the header is line 1) or the 1-based
    row of a JSON data array; `field` is the column label as the source spells it.
    """

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.problem = problem
        # Where the ingest kept the rejected bytes and the reason (None: nothing was kept,
        # e.g. for a path that does not exist)
        self.quarantine_path: Path | None = None
        where = file
        if line is not None:
            where += f", line {line}"
        if field is not None:
            where += f", field '{field}'"
        # one line, whatever a cell held: a quoted line break is shown, not printed
        shown = problem.replace("\r", "\\r").replace("\n", "\\n")
        super().__init__(f"{where}: {shown}")


class AuthenticationBodyError(InputError):
    """The body is jobindsats' 'Forkert nøgle eller nøglen er udløbet.' instead of data."""


class UnknownSpecError(JobcenterError):
    """No table specification is registered for a source/table pair."""

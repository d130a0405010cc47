"""The one console the command line and the job progress lines write to (stderr)."""

import sys
from typing import IO, cast

from rich.console import Console

from orchestration.secrets import ScrubbingStream

# soft_wrap: never break a message (file paths, line numbers) across lines. Whatever it prints
# passes the secret filter (orchestration/secrets.py).
console = Console(
    file=cast(IO[str], ScrubbingStream(lambda: sys.stderr)),
    stderr=True,
    highlight=False,
    soft_wrap=True,
)

"""The one console the command line and the job progress lines write to (stderr)."""

from rich.console import Console

# soft_wrap: never break a message (file paths, line numbers) across lines
console = Console(stderr=True, highlight=False, soft_wrap=True)

"""Secrets never reach a log or the terminal: one filter on every log handler we install, and
the console that prints our messages.

A secret is the value of an environment variable whose name says it is one (the jobindsats key,
the PostgreSQL password, anything named *_KEY, *_TOKEN, *_PASSWORD, *_SECRET). Messages are
built never to contain one (the key goes only into a request header); this is the net under
that rule, for the message nobody foresaw (an exception text, a server's echo).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable
from typing import TextIO

REDACTED = "<redacted>"  # not [..]: rich would read that as markup
_SECRET_NAME = re.compile(r"(^|_)(KEY|TOKEN|PASSWORD|PASSWD|SECRET)$", re.IGNORECASE)
_MIN_LENGTH = 6  # shorter values ("1", "true") would redact ordinary words


def known_secrets() -> list[str]:
    """The secret values in this process's environment, longest first."""
    values = {
        value.strip()
        for name, value in os.environ.items()
        if _SECRET_NAME.search(name) and len(value.strip()) >= _MIN_LENGTH
    }
    return sorted(values, key=len, reverse=True)


def redact(text: str, extra: Iterable[str] = ()) -> str:
    for secret in [*(s for s in extra if len(s) >= _MIN_LENGTH), *known_secrets()]:
        text = text.replace(secret, REDACTED)
    return text


class SecretFilter(logging.Filter):
    """Rewrites a record whose message holds a secret; drops nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


_FILTER = SecretFilter()


def scrub_handler(handler: logging.Handler) -> logging.Handler:
    if _FILTER not in handler.filters:
        handler.addFilter(_FILTER)
    return handler


def scrub_logging() -> None:
    """The filter on every handler of the root logger and of the loggers that have their own."""
    loggers = [logging.getLogger(), *map(logging.getLogger, logging.root.manager.loggerDict)]
    for log in loggers:
        for handler in getattr(log, "handlers", []):
            scrub_handler(handler)


class ScrubbingStream:
    """A text stream that redacts secrets in what is written to it. `stream` is called on
    every write, so the stream may change (sys.stderr replaced by a test runner)."""

    def __init__(self, stream: Callable[[], TextIO]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream().write(redact(text))
        return len(text)

    def __getattr__(self, name: str):  # flush, isatty, encoding, fileno, …
        return getattr(self._stream(), name)

"""HTTP with bounded retries and one overall deadline, shared by the API clients.

One logical request = up to `RetryPolicy.attempts` tries with exponential backoff on 429, 5xx,
timeouts and connection errors; a `Retry-After` the server sends is honoured up to
`RetryPolicy.retry_after_cap`. Every request of one ingest command shares one `Deadline`: no try
starts, and no wait or request runs, past it (a hanging server costs the deadline, not
attempts × timeout per period). When tries or time run out, a `SourceUnavailableError` says
what happened. Error statuses other than 429/5xx are returned to the client, which knows what
they mean for its API and reports them with `summarise_error_body` (never the body verbatim: a
server may echo the key).
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from orchestration.errors import JobcenterError
from orchestration.secrets import REDACTED, redact


class SourceUnavailableError(JobcenterError):
    """The API kept failing (429/5xx/timeouts) after the bounded retries, or answered an error."""


@dataclass
class Deadline:
    """The time one ingest command may spend on its API, all requests and waits together."""

    seconds: float
    clock: Callable[[], float] = time.monotonic
    started: float = field(init=False)

    def __post_init__(self) -> None:
        self.started = self.clock()

    def remaining(self) -> float:
        return self.seconds - (self.clock() - self.started)


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded exponential backoff: `attempts` tries, waits from `wait_initial` doubling up to
    `wait_max` (plus up to `wait_jitter`), a server's `Retry-After` up to `retry_after_cap`.
    `sleep` and `clock` are the real ones except in tests."""

    attempts: int = 5
    wait_initial: float = 1.0
    wait_max: float = 30.0
    wait_jitter: float = 1.0
    retry_after_cap: float = 120.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)

    def backoff(self, attempt: int) -> float:
        jitter = random.uniform(0, self.wait_jitter) if self.wait_jitter else 0.0
        return min(self.wait_max, self.wait_initial * 2 ** (attempt - 1) + jitter)


def retry_after_seconds(response: httpx.Response) -> float | None:
    """`Retry-After` as seconds (delta-seconds or an HTTP date), None when absent or unreadable."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


# A run of characters that looks like a key or token: replaced in anything an API sends back.
_TOKEN_LIKE = re.compile(r"[A-Za-z0-9_\-+/=.]{20,}")


def summarise_error_body(response: httpx.Response, secrets: Iterable[str] = ()) -> str:
    """'HTTP 400, 1234 bytes: <first line, shortened>' with the key and anything resembling a
    key redacted: an error page is for a person to recognise, not to be printed whole."""
    content = response.content
    first = next((ln for ln in content.decode("utf-8", "replace").splitlines() if ln.strip()), "")
    first = redact(first, secrets)
    first = _TOKEN_LIKE.sub(REDACTED, first).strip()
    if len(first) > 160:
        first = first[:160] + " …"
    body = f"{len(content)} bytes" + (f", first line {first!r}" if first else "")
    return f"HTTP {response.status_code} ({body})"


def request_with_retries(
    http: httpx.Client,
    method: str,
    url: str,
    *,
    source: str,
    retry: RetryPolicy,
    request_timeout: float,
    deadline: Deadline | None = None,
    **kwargs: Any,
) -> httpx.Response:
    """Send one logical request; messages name the source and URL, never headers (the key)."""
    deadline = deadline or Deadline(
        retry.attempts * (request_timeout + retry.wait_max), retry.clock
    )
    last = ""
    for attempt in range(1, retry.attempts + 1):
        remaining = deadline.remaining()
        if remaining <= 0:
            raise _out_of_time(source, url, deadline, attempt - 1, last)
        timeout = min(request_timeout, remaining)
        try:
            limit = httpx.Timeout(timeout, connect=min(timeout, 30.0))
            response = http.request(method, url, timeout=limit, **kwargs)
        except httpx.TimeoutException:
            last = f"timed out (timeout {timeout:g} s per request)"
            wait = retry.backoff(attempt)
        except httpx.TransportError as exc:
            last = f"connection failed ({type(exc).__name__})"
            wait = retry.backoff(attempt)
        else:
            if response.status_code != 429 and response.status_code < 500:
                return response
            last = f"HTTP {response.status_code}"
            asked = retry_after_seconds(response)
            wait = (
                min(asked, retry.retry_after_cap) if asked is not None else retry.backoff(attempt)
            )
        if attempt == retry.attempts:
            break
        if wait >= deadline.remaining():
            raise _out_of_time(source, url, deadline, attempt, f"{last}; next try in {wait:.1f} s")
        retry.sleep(wait)
    raise SourceUnavailableError(
        f"{source} {url}: {last} after {retry.attempts} attempts; the API is overloaded or "
        "down, try again later"
    )


def _out_of_time(
    source: str, url: str, deadline: Deadline, attempts: int, last: str
) -> SourceUnavailableError:
    return SourceUnavailableError(
        f"{source} {url}: the ingest's deadline of {deadline.seconds:g} s ran out after "
        f"{attempts} attempt(s) ({last or 'no answer yet'}); nothing more was fetched. Try "
        "again later, or give more time with --deadline"
    )

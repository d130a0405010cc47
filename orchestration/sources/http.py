"""HTTP with bounded retries, shared by the API clients.

One logical request = up to `RetryPolicy.attempts` tries with exponential backoff (stamina) on
429, 5xx, timeouts and connection errors; when they run out, a `SourceUnavailableError` that
says what happened. Error statuses other than 429/5xx are returned to the client, which knows
what they mean for its API.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import stamina

from orchestration.errors import JobcenterError


class SourceUnavailableError(JobcenterError):
    """The API kept failing (429/5xx/timeouts) after the bounded retries, or answered an error."""


class RetryableStatus(Exception):
    """A response worth retrying (429 or 5xx)."""

    def __init__(self, status: int, url: str) -> None:
        self.status = status
        super().__init__(f"HTTP {status} from {url}")


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded exponential backoff: `attempts` tries within `timeout` seconds in all (room for
    every attempt to run into the per-request timeout of 120 s)."""

    attempts: int = 5
    timeout: float = 660.0
    wait_initial: float = 1.0
    wait_max: float = 30.0


def request_with_retries(
    http: httpx.Client,
    method: str,
    url: str,
    *,
    source: str,
    retry: RetryPolicy,
    request_timeout: float,
    **kwargs: Any,
) -> httpx.Response:
    """Send one logical request; messages name the source and URL, never headers (the key)."""
    try:
        for attempt in stamina.retry_context(
            on=(RetryableStatus, httpx.TransportError),
            attempts=retry.attempts,
            timeout=retry.timeout,
            wait_initial=retry.wait_initial,
            wait_max=retry.wait_max,
        ):
            with attempt:
                response = http.request(method, url, **kwargs)
                if response.status_code == 429 or response.status_code >= 500:
                    raise RetryableStatus(response.status_code, url)
    except RetryableStatus as exc:
        raise SourceUnavailableError(
            f"{source} {url}: HTTP {exc.status} after {retry.attempts} attempts; "
            "the API is overloaded or down, try again later"
        ) from None
    except httpx.TimeoutException:
        raise SourceUnavailableError(
            f"{source} {url}: timed out after {retry.attempts} attempts "
            f"(timeout {request_timeout:g} s per request)"
        ) from None
    except httpx.TransportError as exc:
        raise SourceUnavailableError(
            f"{source} {url}: connection failed after {retry.attempts} attempts "
            f"({type(exc).__name__})"
        ) from None
    return response

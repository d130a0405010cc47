"""Client for Danmarks Statistik's Statbank API (api.statbank.dk/v1, no key; docs/domain.md).

FOLK1A, the population on the first day of each quarter, for the 98 municipalities (OMRÅDE given
explicitly as their 3-digit codes, so no national or regional rows are requested), both sexes
(KØN=TOT) and the ages 16 … 66 summed by Statbank into one group `16-66` with the API's `sum(...)`
value syntax (`sum(code|[da label][en label]=v1,v2,…)`, as used by the dstpop client):
one row per kommune × quarter. A file with one row per age (e.g. `ALDER=>=16<=66`) is summed in
`stg_statbank__population` instead. Requested as CSV with `valuePresentation=Code`, `lang=da`
(quarters as `2024K1`), `;` separated; Statbank answers UTF-8 with a BOM.

`tableinfo` gives the quarters Statbank has; quarters not landed yet are requested in one call
per year and each answer is landed unchanged through `ingest_bytes`. Retries and error handling
follow the jobindsats client (orchestration/sources/http.py): bounded exponential backoff on
429, 5xx, timeouts and connection errors within the ingest's deadline, then
`SourceUnavailableError`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

import httpx

from orchestration.errors import InputError
from orchestration.ingest import IngestResult, ingest_bytes
from orchestration.landing import LandingZone
from orchestration.reference import municipalities
from orchestration.secrets import redact
from orchestration.settings import Settings
from orchestration.sources.http import (
    Deadline,
    RetryPolicy,
    SourceUnavailableError,
    request_with_retries,
    summarise_error_body,
)
from orchestration.sources.jobindsats import USER_AGENT

BASE_URL_ENV = "STATBANK_BASE_URL"
DEFAULT_BASE_URL = "https://api.statbank.dk"
TABLES = {"folk1a"}
AGE_GROUP_CODE = "16-66"
AGE_16_66_SUM = (
    f"sum({AGE_GROUP_CODE}|[da 16-66 år][en 16-66 years]=" + ",".join(map(str, range(16, 67))) + ")"
)


def folk1a_request(quarters: list[str]) -> dict[str, Any]:
    """The POST /v1/data body for FOLK1A, ages 16-66, the 98 kommuner, the given quarters."""
    return {
        "table": "FOLK1A",
        "format": "CSV",
        "lang": "da",
        "valuePresentation": "Code",
        "delimiter": "Semicolon",
        "variables": [
            {
                "code": "OMRÅDE",
                "values": [f"{m.kommunekode:03d}" for m in municipalities()],
            },
            {"code": "KØN", "values": ["TOT"]},
            {"code": "ALDER", "values": [AGE_16_66_SUM]},
            {"code": "Tid", "values": quarters},
        ],
    }


@dataclass
class StatbankClient:
    base_url: str = DEFAULT_BASE_URL
    timeout: float = 120.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    transport: httpx.BaseTransport | None = field(default=None, repr=False)
    # shared by every request of one ingest command (orchestration/sources/http.py)
    deadline: Deadline | None = None

    def __post_init__(self) -> None:
        self._http = httpx.Client(
            base_url=self.base_url.rstrip("/"),
            headers={"User-Agent": USER_AGENT},
            timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 30.0)),
            transport=self.transport,
        )

    @classmethod
    def from_env(cls) -> StatbankClient:
        return cls(base_url=os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> StatbankClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        response = request_with_retries(
            self._http,
            method,
            url,
            source="statbank",
            retry=self.retry,
            request_timeout=self.timeout,
            deadline=self.deadline,
            **kwargs,
        )
        if response.status_code >= 400:
            # Statbank explains a bad request in a JSON body {"errorTypeCode", "message"}
            try:
                message = redact(str(response.json()["message"]))[:300]
            except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError):
                message = None
            summary = summarise_error_body(response)
            raise SourceUnavailableError(
                f"statbank {url}: {summary}" + (f": {message}" if message else "")
            )
        return response

    def available_quarters(self, table: str = "folk1a") -> list[str]:
        response = self._request(
            "GET", "/v1/tableinfo", params={"id": table, "format": "JSON", "lang": "da"}
        )
        try:
            info = json.loads(response.content.decode("utf-8-sig"))
            time = next(v for v in info["variables"] if v.get("time") or v["id"].lower() == "tid")
            return sorted(str(v["id"]) for v in time["values"])
        except (UnicodeDecodeError, json.JSONDecodeError, KeyError, StopIteration) as exc:
            raise InputError(
                f"statbank tableinfo {table}",
                f"no time variable in the answer ({type(exc).__name__}); truncated?",
            ) from None

    def fetch(self, quarters: list[str]) -> tuple[bytes, dict[str, Any]]:
        body = folk1a_request(quarters)
        response = self._request("POST", "/v1/data", json=body)
        params = {"url": "/v1/data", "quarters": quarters, "body": body}
        request_id = response.headers.get("StatbankAPI-Request-Id")
        if request_id:
            params["statbank_request_id"] = request_id
        return response.content, params


def landed_quarters(settings: Settings, table: str = "folk1a") -> set[str]:
    """Quarters landed from Statbank itself (synthetic demo loads do not count)."""
    found: set[str] = set()
    for record, _path in LandingZone(settings.landing_dir).records("statbank", table):
        if not record.is_synthetic:
            found.update(record.request_params.get("quarters", []))
    return found


@dataclass(frozen=True)
class StatbankSummary:
    available: list[str]
    requested: list[str]
    results: list[IngestResult]

    @property
    def new_loads(self) -> int:
        return sum(r.is_new for r in self.results)

    @property
    def rows(self) -> int:
        return sum(r.rows_loaded for r in self.results)


def ingest_folk1a(
    client: StatbankClient,
    settings: Settings,
    quarters: Iterable[str] | None = None,
    since: str = "2017K1",
) -> StatbankSummary:
    """Fetch FOLK1A for the quarters not landed yet (from `since` on), one request per year."""
    available = client.available_quarters("folk1a")
    if quarters:
        wanted = list(dict.fromkeys(quarters))
        unknown = [q for q in wanted if q not in available]
        if unknown:
            raise InputError("statbank folk1a", f"quarter(s) {', '.join(unknown)} not published")
    else:
        done = landed_quarters(settings)
        wanted = [q for q in available if q >= since and q not in done]
    results = []
    for _year, group in groupby(wanted, key=lambda q: q[:4]):
        batch = list(group)
        content, params = client.fetch(batch)
        results.append(
            ingest_bytes(
                content,
                file_name=f"folk1a_{batch[0]}-{batch[-1]}.csv",
                source="statbank",
                table="folk1a",
                settings=settings,
                fmt="statbank_csv",
                request_params=params,
            )
        )
    return StatbankSummary(available=available, requested=wanted, results=results)

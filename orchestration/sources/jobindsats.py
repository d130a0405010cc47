"""Client for STAR's jobindsats API (api.jobindsats.dk), v2 and v3 (DOMAIN §1).

- v2: header `Authorization: <key>` (the raw key, no "Bearer"); metadata `GET /v2/tables/<id>/json/`
  (`[0]["Period"]` lists the periods); data `POST /v2/data/<id>/csv` with a JSON body
  (`area`, `period`, dimension parameters starting with `_`), answered in the v2 CSV export.
- v3: header `Authorization: Bearer <key>`; metadata `GET /v3/table/<id>?format=json`
  (`periods[].values[].period_id`, `dimensions[].hierarchies[].hierarchy_id`); data
  `GET /v3/data/<id>?format=json&period.<type>=…&mgroup.*=*&hierarchy.<id>=*`, answered as
  `{"columns": [...], "rows": [[...]]}`.

The key comes from the environment variable `JOBINDSATS_API_KEY`; it is sent only in the header
and never logged or put into an error message. Every data response is landed unchanged through
`orchestration.ingest.ingest_bytes` (a body that does not parse is quarantined with its reason),
one request per period, with the request parameters in the load record. Only periods not yet
landed from the API (or from real files) are fetched unless periods are named explicitly, in
which case a re-fetch whose bytes differ is landed as a new version (a revision).

Transient failures (HTTP 429, 5xx, timeouts, connection errors) are retried with exponential
backoff by `stamina`, a bounded number of times; then `SourceUnavailableError`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx

from orchestration.errors import AuthenticationBodyError, InputError, JobcenterError
from orchestration.ingest import IngestResult, ingest_bytes
from orchestration.landing import LandingZone
from orchestration.parsing import AUTH_ERROR_BODY
from orchestration.reference import benchmark_area_benefits
from orchestration.settings import Settings
from orchestration.sources.http import RetryPolicy, SourceUnavailableError, request_with_retries
from orchestration.sources.jobindsats_specs import PTVA02_SEX_TOTAL

API_KEY_ENV = "JOBINDSATS_API_KEY"
BASE_URL_ENV = "JOBINDSATS_BASE_URL"
DEFAULT_BASE_URL = "https://api.jobindsats.dk"
USER_AGENT = "jobcenter-warehouse/0.1 (open-source employment-policy warehouse)"
HOW_TO_GET_A_KEY = (
    f"set {API_KEY_ENV} to your jobindsats API key; to get one, e-mail jobindsats@star.dk with "
    'the subject "Ansøgning om adgang til api.jobindsats.dk" (about 14 days)'
)

# Dimension parameters known per table (DOMAIN §1.2): Y30R21's four benefit groups; PTVA02's
# benefits of the three benchmark areas (seed benchmark_area_benefits) for both sexes together.
V2_DIMENSIONS: dict[str, dict[str, list[str]]] = {
    "y30r21": {
        "_ygrp_y30r21": [
            "Ydelsesgrupper i alt",
            "A-dagpenge mv.",
            "Sygedagpenge mv.",
            "Kontanthjælp mv.",
        ]
    },
    "ptva02": {
        "_ygrpa02": [label for label, area in benchmark_area_benefits().items() if area],
        "_kon": [PTVA02_SEX_TOTAL],
    },
}
_PERIOD_TYPE_RE = re.compile(r"^\d{4}(QMAT|Q|M|)")


class MissingApiKeyError(JobcenterError):
    """No API key in the environment."""

    def __init__(self) -> None:
        super().__init__(f"no jobindsats API key: {HOW_TO_GET_A_KEY}")


class AuthenticationError(JobcenterError):
    """The API rejected the key (HTTP 401/403 or the body 'Forkert nøgle …')."""


@dataclass
class JobindsatsClient:
    api_key: str = field(repr=False)
    version: str = "v2"
    base_url: str = DEFAULT_BASE_URL
    timeout: float = 120.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    transport: httpx.BaseTransport | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.version not in ("v2", "v3"):
            raise ValueError(f"unknown jobindsats API version '{self.version}' (v2 or v3)")
        auth = self.api_key if self.version == "v2" else f"Bearer {self.api_key}"
        self._http = httpx.Client(
            base_url=self.base_url.rstrip("/"),
            headers={"Authorization": auth, "User-Agent": USER_AGENT},
            timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 30.0)),
            transport=self.transport,
        )

    @classmethod
    def from_env(cls, version: str = "v2", base_url: str | None = None) -> JobindsatsClient:
        key = os.environ.get(API_KEY_ENV, "").strip()
        if not key:
            raise MissingApiKeyError()
        return cls(
            api_key=key,
            version=version,
            base_url=base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> JobindsatsClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- HTTP -----------------------------------------------------------------------------------
    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One logical request with bounded retries; never lets the key into a message."""
        response = request_with_retries(
            self._http,
            method,
            url,
            source="jobindsats",
            retry=self.retry,
            request_timeout=self.timeout,
            **kwargs,
        )
        if response.status_code in (401, 403):
            raise AuthenticationError(
                f"jobindsats rejected the API key (HTTP {response.status_code}): the key is "
                f"wrong or has expired; {HOW_TO_GET_A_KEY}"
            )
        if response.status_code >= 400:
            raise SourceUnavailableError(
                f"jobindsats {url}: HTTP {response.status_code}: {response.text[:200]!r}"
            )
        return response

    # -- metadata -------------------------------------------------------------------------------
    def table_metadata(self, table: str) -> Any:
        table = table.lower()
        if self.version == "v2":
            url = f"/v2/tables/{table}/json/"
            response = self._request("GET", url)
        else:
            url = f"/v3/table/{table}"
            response = self._request("GET", url, params={"format": "json"})
        if _is_key_error(response.content):
            raise _key_error(f"the metadata of {table}")
        try:
            payload = json.loads(response.content.decode("utf-8-sig"))
            if isinstance(payload, str):  # v2 may answer a JSON-encoded JSON string (§1.2)
                payload = json.loads(payload)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(
                f"jobindsats {url}", f"table metadata is not valid JSON ({exc}); truncated?"
            ) from None
        return payload

    def available_periods(self, table: str) -> list[str]:
        """Period codes the API lists for a table, oldest first."""
        meta = self.table_metadata(table)
        where = f"jobindsats metadata of {table}"
        try:
            if self.version == "v2":
                periods = [str(p) for p in meta[0]["Period"]]
            else:
                periods = [str(v["period_id"]) for pt in meta["periods"] for v in pt["values"]]
        except (KeyError, IndexError, TypeError):
            raise InputError(where, "no period list where the API documents one") from None
        return sorted(set(periods))

    def v3_hierarchies(self, table: str) -> list[str]:
        meta = self.table_metadata(table)
        return [
            h["hierarchy_id"]
            for d in meta.get("dimensions", [])
            for h in d.get("hierarchies", [])
            if "hierarchy_id" in h
        ]

    # -- data -----------------------------------------------------------------------------------
    def data_request(self, table: str, period: str) -> tuple[str, str, dict[str, Any]]:
        """(method, url, parameters) of the data request for one period."""
        table = table.lower()
        if self.version == "v2":
            body = {"area": "*", "period": [period], **V2_DIMENSIONS.get(table, {})}
            return "POST", f"/v2/data/{table}/csv", body
        period_type = _PERIOD_TYPE_RE.match(period)
        kind = (period_type.group(1) if period_type else "") or "Y"
        params: dict[str, Any] = {"format": "json", f"period.{kind}": period, "mgroup.*": "*"}
        for hierarchy in self.v3_hierarchies(table):
            params[f"hierarchy.{hierarchy}"] = "*"
        return "GET", f"/v3/data/{table}", params

    def fetch_period(self, table: str, period: str) -> tuple[bytes, dict[str, Any]]:
        method, url, params = self.data_request(table, period)
        if method == "POST":
            response = self._request(method, url, json=params)
        else:
            response = self._request(method, url, params=params)
        request_params = {"api": self.version, "method": method, "url": url, "period": [period]}
        request_params["params" if method == "GET" else "body"] = params
        return response.content, request_params


def _key_error(what: str) -> AuthenticationError:
    return AuthenticationError(
        f"jobindsats answered 'Forkert nøgle eller nøglen er udløbet.' for {what}: the API key "
        f"is wrong or has expired; {HOW_TO_GET_A_KEY}"
    )


def _is_key_error(content: bytes) -> bool:
    head = content[:200].decode("utf-8", errors="replace").lstrip('\ufeff \r\n\t"[')
    return head.startswith(AUTH_ERROR_BODY)


def landed_periods(settings: Settings, table: str) -> set[str]:
    """Periods of a table already landed from real (non-synthetic) data.

    From the load records' request parameters, or the period in the file name of files loaded
    by hand, plus the periods in the raw table (a warehouse rebuilt from the landing zone).
    """
    found: set[str] = set()
    for record, path in LandingZone(settings.landing_dir).records("jobindsats", table):
        if record.is_synthetic:
            continue
        periods = record.request_params.get("period") or re.findall(
            r"\d{4}QMAT0[1-4]|\d{4}Q[1-4]|\d{4}M\d\d", path.name
        )
        found.update(periods)
    if settings.warehouse_path.exists():
        import duckdb

        try:
            with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
                rows = con.execute(
                    f"""
                    select distinct period_code from raw_jobindsats.{table.lower()} as t
                    inner join raw_meta.load_record as r on t.load_id = r.load_id
                    where not r.is_synthetic
                    """
                ).fetchall()
            found.update(r[0] for r in rows)
        except duckdb.Error:
            pass  # no raw table yet
    return found


@dataclass(frozen=True)
class FetchSummary:
    table: str
    available: list[str]
    requested: list[str]
    results: list[IngestResult]

    @property
    def new_loads(self) -> int:
        return sum(r.is_new for r in self.results)

    @property
    def rows(self) -> int:
        return sum(r.rows_loaded for r in self.results)


def ingest_table(
    client: JobindsatsClient,
    settings: Settings,
    table: str,
    periods: Iterable[str] | None = None,
) -> FetchSummary:
    """Fetch the periods of a table not landed yet (or exactly `periods`), and land each.

    A body that does not parse (truncated, the key-error text, a changed layout) is quarantined
    by `ingest_bytes` and raises; periods landed before it stay landed.
    """
    table = table.lower()
    available = client.available_periods(table)
    if periods:
        wanted = list(dict.fromkeys(periods))
        unknown = [p for p in wanted if p not in available]
        if unknown:
            raise InputError(
                f"jobindsats {table}",
                f"period(s) {', '.join(unknown)} not published (available: "
                f"{', '.join(available[-6:])}{' …' if len(available) > 6 else ''})",
            )
    else:
        done = landed_periods(settings, table)
        wanted = [p for p in available if p not in done]
    results = []
    fmt = "jobindsats_v2_csv" if client.version == "v2" else "jobindsats_v3_json"
    suffix = "csv" if client.version == "v2" else "json"
    for period in wanted:
        content, request_params = client.fetch_period(table, period)
        try:
            # lands the body unchanged, or quarantines it with the reason and raises
            result = ingest_bytes(
                content,
                file_name=f"{table}_{period}.{suffix}",
                source="jobindsats",
                table=table,
                settings=settings,
                fmt=fmt,
                request_params=request_params,
            )
        except AuthenticationBodyError:
            raise _key_error(f"{table} {period}") from None
        results.append(result)
    return FetchSummary(table=table, available=available, requested=wanted, results=results)

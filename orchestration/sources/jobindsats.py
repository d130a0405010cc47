"""Client for STAR's jobindsats API (api.jobindsats.dk), v2 and v3 (docs/domain.md, "Sources").

- v2: header `Authorization: <key>` (the raw key, no "Bearer"); catalogue `POST /v2/tables/json`;
  metadata `GET /v2/tables/<id>/json/` (`[0]["Period"]` lists the periods); data
  `POST /v2/data/<id>/csv` with a JSON body (`area`, `period`, dimension parameters starting
  with `_`), answered in the v2 CSV export. The body names the areas: the 98 municipalities (and
  Hele landet where the table has a national row), never `*`, which would also bring the RAR,
  region and jobcentre aggregates most tables list; only Y30R21, whose `*` is the 98
  municipalities [verified], keeps `*`. Dimensions are sent explicitly (OTIJ01: the counted
  members of seeds/otij01_dimension_values.csv), so a table is never summed over a total and
  its members.
- v3: header `Authorization: Bearer <key>`; catalogue `GET /v3/tables?format=json`; metadata
  `GET /v3/table/<id>?format=json` (`periods[].periodtype_id` M/Q/QMAT/Y/MYTD with their
  `values[].period_id`, `dimensions[].hierarchies[].hierarchy_id`); data
  `GET /v3/data/<id>?format=json&period.<type>=…&mgroup.*=*&hierarchy.<id>=*`, answered as
  `{"columns": [...], "rows": [[...]]}`. For the area dimension only `hierarchy._nykom` (the
  municipalities) is set; its "Uoplyst område" rows are dropped by the reader and counted in the
  load record (`dropped_area_rows`).

The key comes from the environment variable `JOBINDSATS_API_KEY`; it is sent only in the header
and never logged or put into an error message. Every data response is landed unchanged through
`orchestration.ingest.ingest_bytes` (a body that does not parse is quarantined with its reason),
one request per period, with the request parameters in the load record. Only periods not yet
landed from the API (or from real files) are fetched unless periods are named explicitly, in
which case a re-fetch whose bytes differ is landed as a new version (a revision).

Transient failures (HTTP 429, 5xx, timeouts, connection errors) are retried with exponential
backoff (a `Retry-After` honoured up to a cap), a bounded number of times within the ingest's
overall deadline (orchestration/sources/http.py); then `SourceUnavailableError`. Another error
status is reported as a summary of its body, the key redacted.
"""

from __future__ import annotations

import csv
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
from orchestration.reference import benchmark_area_benefits, municipalities
from orchestration.settings import SEEDS_DIR, Settings
from orchestration.sources.goal_measure_specs import (
    FOCUS_BENEFIT_GROUP_TOTAL,
    FOCUS_MEASURES,
    JOBORDRER,
    V3_MUNICIPAL_FORMAT,
    count_non_municipal_areas,
    focus_answer_format,
)
from orchestration.sources.http import (
    Deadline,
    RetryPolicy,
    SourceUnavailableError,
    request_with_retries,
    summarise_error_body,
)
from orchestration.sources.jobindsats_catalogue import (
    V2_FORMAT,
    V3_FORMAT,
    CatalogueEntry,
    TableNotInCatalogueError,
    catalogue_entries,
    resolve,
    source_tables,
)
from orchestration.sources.jobindsats_specs import PTVA02_SEX_TOTAL
from orchestration.tables import TableSpec, get_spec

API_KEY_ENV = "JOBINDSATS_API_KEY"
BASE_URL_ENV = "JOBINDSATS_BASE_URL"
DEFAULT_BASE_URL = "https://api.jobindsats.dk"
USER_AGENT = "jobcenter-warehouse/0.1 (open-source employment-policy warehouse)"
HOW_TO_GET_A_KEY = (
    f"set {API_KEY_ENV} to your jobindsats API key; to get one, e-mail jobindsats@star.dk with "
    'the subject "Ansøgning om adgang til api.jobindsats.dk" (about 14 days)'
)


def _otij01_counted_values() -> dict[str, list[str]]:
    """OTIJ01's dimension values the goal counts (seeds/otij01_dimension_values.csv)."""
    with (SEEDS_DIR / "otij01_dimension_values.csv").open(encoding="utf-8", newline="") as fh:
        dims: dict[str, list[str]] = {}
        for row in csv.DictReader(fh):
            if row["is_counted"] == "true":
                dims.setdefault(row["dimension_id"], []).append(row["value_label"])
    return dims


# Dimension parameters sent per table id: Y30R21's four benefit groups; OTIJ01's counted members;
# PTVA02's benefits of the three benchmark areas (seeds/benchmark_area_benefits.csv) for both
# sexes together.
V2_DIMENSIONS: dict[str, dict[str, list[str]]] = {
    "y30r21": {
        "_ygrp_y30r21": [
            "Ydelsesgrupper i alt",
            "A-dagpenge mv.",
            "Sygedagpenge mv.",
            "Kontanthjælp mv.",
        ]
    },
    "otij01": _otij01_counted_values(),
    "ptva02": {
        "_ygrpa02": [label for label, area in benchmark_area_benefits().items() if area],
        "_kon": [PTVA02_SEX_TOTAL],
    },
}
# Tables found by name in the catalogue: the value asked for per dimension, the dimension given
# by its published name (its id is read from the catalogue entry). Every dimension the entry
# lists must be here, or the request would silently return every value of it.
DIMENSIONS_BY_NAME: dict[str, dict[str, list[str]]] = {
    "fokus_samtaler": {"Ydelsesgrupper": [FOCUS_BENEFIT_GROUP_TOTAL]},
    "fokus_tilbud": {"Ydelsesgrupper": [FOCUS_BENEFIT_GROUP_TOTAL]},
    "jobordrer": {"Erhvervsområder": list(JOBORDRER.column("trade_group_label").allowed or ())},
}
# `area: "*"` holds exactly the 98 municipalities only in Y30R21 [verified]; every other table
# is asked for the municipalities (and Hele landet) by name.
ALL_AREAS_TABLES = frozenset({"y30r21"})
NATIONAL_AREA = "Hele landet"
V3_AREA_DIMENSION = "_omrade"
V3_AREA_HIERARCHY = "_nykom"
_PERIOD_TYPE_RE = re.compile(r"^\d{4}(QMAT|MYTD|Q|M|)")


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
    # shared by every request of one ingest command (orchestration/sources/http.py)
    deadline: Deadline | None = None

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
            deadline=self.deadline,
            **kwargs,
        )
        if response.status_code in (401, 403):
            raise AuthenticationError(
                f"jobindsats rejected the API key (HTTP {response.status_code}): the key is "
                f"wrong or has expired; {HOW_TO_GET_A_KEY}"
            )
        if response.status_code >= 400:
            summary = summarise_error_body(response, secrets=[self.api_key])
            raise SourceUnavailableError(f"jobindsats {url}: {summary}")
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
            if isinstance(payload, str):  # v2 may answer a JSON-encoded JSON string
                payload = json.loads(payload)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(
                f"jobindsats {url}", f"table metadata is not valid JSON ({exc}); truncated?"
            ) from None
        return payload

    def period_types(self, table: str) -> dict[str, str]:
        """Period code → period type the API lists for a table (v3: from `periodtype_id`, so a
        MYTD period is asked for as MYTD; v2: from the code)."""
        meta = self.table_metadata(table)
        where = f"jobindsats metadata of {table}"
        try:
            if self.version == "v2":
                return {str(p): _period_type(str(p)) for p in meta[0]["Period"]}
            return {
                str(v["period_id"]): str(pt.get("periodtype_id") or _period_type(v["period_id"]))
                for pt in meta["periods"]
                for v in pt["values"]
            }
        except (KeyError, IndexError, TypeError):
            raise InputError(where, "no period list where the API documents one") from None

    def available_periods(self, table: str) -> list[str]:
        """Period codes the API lists for a table, oldest first."""
        return sorted(self.period_types(table))

    def v3_hierarchies(self, table: str) -> list[str]:
        """The hierarchies a v3 data request sets: every hierarchy of every dimension, except
        that the area dimension gets only `_nykom` (the municipalities): its other hierarchies
        (RAR, regions) would add aggregate rows."""
        meta = self.table_metadata(table)
        chosen = []
        for dimension in meta.get("dimensions", []):
            ids = [
                h["hierarchy_id"] for h in dimension.get("hierarchies", []) if "hierarchy_id" in h
            ]
            if dimension.get("dimension_id") == V3_AREA_DIMENSION:
                ids = [h for h in ids if h == V3_AREA_HIERARCHY]
            chosen.extend(ids)
        return chosen

    # -- catalogue ------------------------------------------------------------------------------
    def catalogue_request(self) -> tuple[str, str, dict[str, Any]]:
        """(method, url, parameters) of the catalogue call."""
        if self.version == "v2":
            return "POST", "/v2/tables/json", {}
        return "GET", "/v3/tables", {"format": "json"}

    def fetch_catalogue(self) -> tuple[bytes, dict[str, Any]]:
        method, url, params = self.catalogue_request()
        if method == "POST":
            response = self._request(method, url, json=params)
        else:
            response = self._request(method, url, params=params)
        return response.content, {"api": self.version, "method": method, "url": url}

    # -- data -----------------------------------------------------------------------------------
    def data_request(
        self,
        table: str,
        period: str,
        *,
        spec: TableSpec | None = None,
        dimensions: dict[str, list[str]] | None = None,
        period_type: str | None = None,
    ) -> tuple[str, str, dict[str, Any]]:
        """(method, url, parameters) of the data request for one period.

        `spec` is the raw table the answer is loaded into (default: the table of that id);
        `dimensions` the dimension values to send (default: V2_DIMENSIONS of the id).
        """
        table = table.lower()
        spec = spec or get_spec("jobindsats", table)
        if self.version == "v2":
            dims = V2_DIMENSIONS.get(table, {}) if dimensions is None else dimensions
            body = {"area": requested_areas(spec), "period": [period], **dims}
            return "POST", f"/v2/data/{table}/csv", body
        kind = period_type or _period_type(period)
        params: dict[str, Any] = {"format": "json", f"period.{kind}": period, "mgroup.*": "*"}
        for hierarchy in self.v3_hierarchies(table):
            params[f"hierarchy.{hierarchy}"] = "*"
        return "GET", f"/v3/data/{table}", params

    def fetch_period(
        self,
        table: str,
        period: str,
        *,
        spec: TableSpec | None = None,
        dimensions: dict[str, list[str]] | None = None,
        period_type: str | None = None,
    ) -> tuple[bytes, dict[str, Any]]:
        method, url, params = self.data_request(
            table, period, spec=spec, dimensions=dimensions, period_type=period_type
        )
        if method == "POST":
            response = self._request(method, url, json=params)
        else:
            response = self._request(method, url, params=params)
        request_params: dict[str, Any] = {
            "api": self.version,
            "method": method,
            "url": url,
            "period": [period],
        }
        request_params["params" if method == "GET" else "body"] = params
        if method == "GET":
            dropped = _dropped_areas(response.content, url)
            if dropped:
                request_params["dropped_area_rows"] = dropped
        return response.content, request_params

    @property
    def data_format(self) -> str:
        """The reader of this version's data answers."""
        return "jobindsats_v2_csv" if self.version == "v2" else V3_MUNICIPAL_FORMAT


def _period_type(period: str) -> str:
    match = _PERIOD_TYPE_RE.match(period)
    return (match.group(1) if match else "") or "Y"


def requested_areas(spec: TableSpec) -> str | list[str]:
    """The `area` of a v2 request: the 98 municipalities by name (and Hele landet where the table
    has a national row); `*` only for the tables whose `*` is exactly the municipalities."""
    if spec.table in ALL_AREAS_TABLES:
        return "*"
    names = [m.name for m in municipalities()]
    return [*names, NATIONAL_AREA] if spec.allow_national_area else names


def _dropped_areas(content: bytes, url: str) -> dict[str, int]:
    """Rows of a v3 answer that its reader drops (not a municipality), by area name."""
    from orchestration.parsing import read_jobindsats_v3_json

    try:
        return count_non_municipal_areas(read_jobindsats_v3_json(content, url))
    except InputError:
        return {}  # the reader reports the problem when the answer is loaded


def _key_error(what: str) -> AuthenticationError:
    return AuthenticationError(
        f"jobindsats answered 'Forkert nøgle eller nøglen er udløbet.' for {what}: the API key "
        f"is wrong or has expired; {HOW_TO_GET_A_KEY}"
    )


def _is_key_error(content: bytes) -> bool:
    head = content[:200].decode("utf-8", errors="replace").lstrip('\ufeff \r\n\t"[')
    return head.startswith(AUTH_ERROR_BODY)


def landed_periods(settings: Settings, table: str, source_table_key: str | None = None) -> set[str]:
    """Periods of a table already landed from real (non-synthetic) data.

    From the load records' request parameters, or the period in the file name of files loaded
    by hand, plus the periods in the raw table (a warehouse rebuilt from the landing zone).
    With `source_table_key`, only the loads fetched for that key (a raw table fed by several
    jobindsats tables: the two fokusmål).
    """
    found: set[str] = set()
    for record, path in LandingZone(settings.landing_dir).records("jobindsats", table):
        if record.is_synthetic:
            continue
        if source_table_key and record.request_params.get("source_table_key") != source_table_key:
            continue
        periods = record.request_params.get("period") or re.findall(
            r"\d{4}QMAT0[1-4]|\d{4}Q[1-4]|\d{4}M\d\d", path.name
        )
        found.update(periods)
    if settings.warehouse_path.exists() and not source_table_key:
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
    # for a table found by name: its key and the id the catalogue gave it
    found_as: str | None = None

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
        # only the period types the raw table holds (v3 also lists e.g. MYTD for monthly tables)
        period_re = get_spec("jobindsats", table).period_regex
        wanted = [p for p in available if p not in done and period_re.match(p)]
    results = []
    fmt = client.data_format
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


# --- tables found by name in jobindsats' catalogue ----------------------------------------------


@dataclass(frozen=True)
class Catalogue:
    entries: list[CatalogueEntry]
    file_name: str
    load: IngestResult


def ingest_catalogue(client: JobindsatsClient, settings: Settings) -> Catalogue:
    """Fetch jobindsats' table catalogue and land it like any file (the same answer twice is one
    load; a changed catalogue is a new version)."""
    content, request_params = client.fetch_catalogue()
    fmt = V2_FORMAT if client.version == "v2" else V3_FORMAT
    file_name = f"tables_{client.version}.json"
    try:
        load = ingest_bytes(
            content,
            file_name=file_name,
            source="jobindsats",
            table="table_catalogue",
            settings=settings,
            fmt=fmt,
            request_params=request_params,
        )
    except AuthenticationBodyError:
        raise _key_error("the table catalogue") from None
    entries = catalogue_entries(content, fmt, f"{file_name} (load {load.record.load_id})")
    return Catalogue(entries=entries, file_name=file_name, load=load)


def _dimensions_for(key: str, entry: CatalogueEntry) -> dict[str, list[str]]:
    """The v2 dimension parameters of a table found by name: each configured dimension's id
    from the catalogue entry; a dimension the entry lists but we do not configure is an error
    (the answer would hold every value of it)."""
    wanted = DIMENSIONS_BY_NAME.get(key, {})
    dims: dict[str, list[str]] = {}
    for name, values in wanted.items():
        dim_id = entry.dimension_id(name)
        if dim_id is None:
            listed = ", ".join(f"{i} ({n})" for i, n in entry.dimensions) or "none"
            raise TableNotInCatalogueError(
                f"the catalogue lists no dimension '{name}' for {entry.table_id} "
                f"'{entry.table_name}' ({key}); its dimensions: {listed}"
            )
        dims[dim_id] = values
    unknown = [
        f"{i} ({n})"
        for i, n in entry.dimensions
        if i not in dims and n not in wanted and entry.api_version == "v2"
    ]
    if unknown:
        raise TableNotInCatalogueError(
            f"{entry.table_id} '{entry.table_name}' ({key}) has dimension(s) {', '.join(unknown)} "
            "the warehouse does not choose a value for: add them to DIMENSIONS_BY_NAME in "
            "orchestration/sources/jobindsats.py"
        )
    return dims


def ingest_published_table(
    client: JobindsatsClient,
    settings: Settings,
    key: str,
    periods: Iterable[str] | None = None,
    catalogue: Catalogue | None = None,
) -> FetchSummary:
    """Fetch a table the warehouse knows by its published name (seeds/source_tables.csv: the
    fokusmål, the job orders): its id from the catalogue, then every period not landed yet (or
    exactly `periods`), each answer landed unchanged into its raw table with the key, the
    resolved id and name in the load record."""
    catalogue = catalogue or ingest_catalogue(client, settings)
    entry = resolve(catalogue.entries, key, catalogue.file_name)
    table = source_tables()[key]
    spec = get_spec(table.source, table.raw_table)
    dimensions = _dimensions_for(key, entry) if client.version == "v2" else None
    types = client.period_types(entry.table_id)
    available = sorted(types)
    if periods:
        wanted = list(dict.fromkeys(periods))
        unknown = [p for p in wanted if p not in types]
        if unknown:
            raise InputError(
                f"jobindsats {entry.table_id} ({key})",
                f"period(s) {', '.join(unknown)} not published (available: "
                f"{', '.join(available[-6:])}{' …' if len(available) > 6 else ''})",
            )
    else:
        done = landed_periods(settings, spec.table, key)
        wanted = [p for p in available if p not in done and types[p] in spec.period_types]
    focus = next(
        (k for k, label in FOCUS_MEASURES.items() if label == table.focus_measure_label), None
    )
    fmt = focus_answer_format(focus, client.version) if focus else client.data_format
    suffix = "csv" if client.version == "v2" else "json"
    results = []
    for period in wanted:
        content, request_params = client.fetch_period(
            entry.table_id, period, spec=spec, dimensions=dimensions, period_type=types[period]
        )
        request_params.update(
            source_table_key=key,
            table_id=entry.table_id,
            table_name=entry.table_name,
            catalogue_load_id=catalogue.load.record.load_id,
        )
        try:
            result = ingest_bytes(
                content,
                file_name=f"{key}_{entry.table_id}_{period}.{suffix}",
                source=table.source,
                table=spec.table,
                settings=settings,
                fmt=fmt,
                request_params=request_params,
            )
        except AuthenticationBodyError:
            raise _key_error(f"{entry.table_id} {period}") from None
        results.append(result)
    return FetchSummary(
        table=spec.table,
        available=available,
        requested=wanted,
        results=results,
        found_as=f"{key} = {entry.table_id}",
    )


# `jobcenter ingest jobindsats --table <name>` for the tables found by name: the keys it fetches
NAMED_TABLES: dict[str, tuple[str, ...]] = {
    "fokusmaal": ("fokus_samtaler", "fokus_tilbud"),
    "jobordrer": ("jobordrer",),
}


def resolution_report(catalogue: Catalogue) -> list[tuple[str, str, str | None, str]]:
    """(key, published name or id, resolved id or None, message) for every jobindsats table of
    seeds/source_tables.csv, against a landed catalogue."""
    report = []
    for key, table in source_tables().items():
        if table.source != "jobindsats" or key == "table_catalogue":
            continue
        looked_for = table.publisher_table_id or table.publisher_table_name
        try:
            entry = resolve(catalogue.entries, key, catalogue.file_name)
        except TableNotInCatalogueError as exc:
            report.append((key, looked_for, None, str(exc)))
            continue
        next_update = entry.next_update.isoformat() if entry.next_update else "not announced"
        report.append((key, looked_for, entry.table_id, f"næste opdatering {next_update}"))
    return report


def ingest_by_name(
    client: JobindsatsClient,
    settings: Settings,
    table: str,
    periods: Iterable[str] | None = None,
) -> tuple[Catalogue | None, list[FetchSummary]]:
    """What `jobcenter ingest jobindsats --table <table>` does: `catalogue` lands the catalogue
    only; a table known by name (fokusmaal: both fokusmål tables; jobordrer) is found in a fresh
    catalogue first; any other table id is fetched directly."""
    name = table.lower()
    if name == "catalogue":
        return ingest_catalogue(client, settings), []
    if name in NAMED_TABLES:
        catalogue = ingest_catalogue(client, settings)
        for key in NAMED_TABLES[name]:  # every table found before any is fetched
            resolve(catalogue.entries, key, catalogue.file_name)
        return catalogue, [
            ingest_published_table(client, settings, key, periods, catalogue)
            for key in NAMED_TABLES[name]
        ]
    return None, [ingest_table(client, settings, name, periods)]

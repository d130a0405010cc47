"""API fault scenarios against recorded responses (respx), on a fake clock: each one is run by
tests/test_api_faults.py and, for the table in the report, by benchmarks/fault_harness.py.

A scenario is a jobindsats (or Statbank) server that misbehaves in one way. Run against an
empty data folder, each must end within bounded (fake) time, land nothing from a bad body
(a bad body that arrived is in the quarantine), and never show the key in any message.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Callable
from contextlib import redirect_stderr
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import respx

from orchestration.errors import JobcenterError
from orchestration.landing import LandingZone
from orchestration.settings import Settings
from orchestration.sources.http import Deadline, RetryPolicy
from orchestration.sources.jobindsats import JobindsatsClient, ingest_table
from orchestration.sources.statbank import StatbankClient, ingest_folk1a

API = Path(__file__).parent / "fixtures" / "api"
JOBINDSATS = "https://jobindsats.test"
STATBANK = "https://statbank.test"
KEY = "s3cret-KEY-never-printed-0123456789"
ATTEMPTS = 5
DEADLINE_SECONDS = 300.0
REQUEST_TIMEOUT = 120.0


@dataclass
class FakeTime:
    """A clock that moves only when something sleeps or a request 'hangs'."""

    now: float = 0.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def policy(self, attempts: int = ATTEMPTS) -> RetryPolicy:
        return RetryPolicy(attempts=attempts, wait_jitter=0.0, sleep=self.sleep, clock=self.clock)

    def hang(self, request: httpx.Request) -> httpx.Response:
        """A server that never answers: the request runs into the read timeout it was sent
        with."""
        self.now += request.extensions["timeout"]["read"]
        raise httpx.ReadTimeout("timed out", request=request)


def jobindsats_client(fake: FakeTime, deadline: float = DEADLINE_SECONDS) -> JobindsatsClient:
    return JobindsatsClient(
        api_key=KEY,
        base_url=JOBINDSATS,
        timeout=REQUEST_TIMEOUT,
        retry=fake.policy(),
        deadline=Deadline(deadline, fake.clock),
    )


def statbank_client(fake: FakeTime, deadline: float = DEADLINE_SECONDS) -> StatbankClient:
    return StatbankClient(
        base_url=STATBANK,
        timeout=REQUEST_TIMEOUT,
        retry=fake.policy(),
        deadline=Deadline(deadline, fake.clock),
    )


def _meta(router: respx.Router) -> None:
    body = (API / "jobindsats_v2_tables_y30r21.json").read_bytes()
    router.get(f"{JOBINDSATS}/v2/tables/y30r21/json/").respond(200, content=body)


def _good_data() -> httpx.Response:
    return httpx.Response(
        200, content=(API / "jobindsats_v2_data_y30r21_2020QMAT04.csv").read_bytes()
    )


@dataclass(frozen=True)
class Scenario:
    name: str
    api: str  # jobindsats | statbank
    arrange: Callable[[respx.Router, FakeTime], respx.Route]
    expect_loaded: bool  # the scenario ends with the period landed (a transient fault)
    words: str  # in the error message (or '' when it loads)
    max_fake_seconds: float  # time budget of the scenario on the fake clock
    quarantined: bool = False  # a bad body arrived: kept in the quarantine


def _data(router: respx.Router) -> respx.Route:
    return router.post(f"{JOBINDSATS}/v2/data/y30r21/csv")


SCENARIOS = [
    Scenario(
        "429 with Retry-After: 20, then data",
        "jobindsats",
        lambda r, f: _data(r).mock(
            side_effect=[httpx.Response(429, headers={"Retry-After": "20"}), _good_data()]
        ),
        True,
        "",
        25,
    ),
    Scenario(
        "429 with Retry-After: 3600 (capped at 120 s), then data",
        "jobindsats",
        lambda r, f: _data(r).mock(
            side_effect=[httpx.Response(429, headers={"Retry-After": "3600"}), _good_data()]
        ),
        True,
        "",
        125,
    ),
    Scenario(
        "503 twice, then data",
        "jobindsats",
        lambda r, f: _data(r).mock(
            side_effect=[httpx.Response(503), httpx.Response(503), _good_data()]
        ),
        True,
        "",
        10,
    ),
    Scenario(
        "500 on every attempt",
        "jobindsats",
        lambda r, f: _data(r).respond(500, text="Internal error"),
        False,
        f"HTTP 500 after {ATTEMPTS} attempts",
        60,
    ),
    Scenario(
        "a server that hangs (every request times out)",
        "jobindsats",
        lambda r, f: _data(r).mock(side_effect=f.hang),
        False,
        f"deadline of {DEADLINE_SECONDS:g} s ran out",
        DEADLINE_SECONDS,
    ),
    Scenario(
        "connection refused on every attempt",
        "jobindsats",
        lambda r, f: _data(r).mock(side_effect=httpx.ConnectError("refused")),
        False,
        f"connection failed (ConnectError) after {ATTEMPTS} attempts",
        60,
    ),
    Scenario(
        "400 whose body echoes the key",
        "jobindsats",
        lambda r, f: _data(r).respond(
            400, text=f"Bad request: header Authorization={KEY} not valid for period\nmore"
        ),
        False,
        "HTTP 400 (",
        1,
    ),
    Scenario(
        "404 with an HTML page",
        "jobindsats",
        lambda r, f: _data(r).respond(
            404, text="<!DOCTYPE html>\n<html><body>" + "x" * 5000 + "</body></html>"
        ),
        False,
        "HTTP 404 (",
        1,
    ),
    Scenario(
        "429 with Retry-After beyond the deadline",
        "jobindsats",
        lambda r, f: _data(r).respond(429, headers={"Retry-After": "100000"}),
        False,
        "deadline",
        DEADLINE_SECONDS,
    ),
    Scenario(
        "200 with the key-error body",
        "jobindsats",
        lambda r, f: _data(r).respond(200, content=(API / "jobindsats_key_error.txt").read_bytes()),
        False,
        "Forkert nøgle",
        1,
        quarantined=True,
    ),
    Scenario(
        "200 with a truncated body",
        "jobindsats",
        lambda r, f: _data(r).respond(
            200, content=(API / "jobindsats_v2_data_y30r21_truncated.csv").read_bytes()
        ),
        False,
        "line 200",
        1,
        quarantined=True,
    ),
    Scenario(
        "200 with an HTML page instead of CSV",
        "jobindsats",
        lambda r, f: _data(r).respond(200, text="<html><body>Vedligeholdelse</body></html>"),
        False,
        "header",
        1,
        quarantined=True,
    ),
    Scenario(
        "Statbank 400 whose message echoes a token",
        "statbank",
        lambda r, f: r.post(f"{STATBANK}/v1/data").respond(
            400, json={"errorTypeCode": "x", "message": f"Ugyldig værdi {KEY}"}
        ),
        False,
        "HTTP 400 (",
        1,
    ),
    Scenario(
        "Statbank hangs",
        "statbank",
        lambda r, f: r.post(f"{STATBANK}/v1/data").mock(side_effect=f.hang),
        False,
        "deadline",
        DEADLINE_SECONDS,
    ),
]


@dataclass
class Outcome:
    scenario: Scenario
    fake_seconds: float
    calls: int
    message: str
    printed: str  # what went to stderr and the log while it ran
    landed: int
    quarantined: int


def run(scenario: Scenario, data_dir: Path) -> Outcome:
    """Run one scenario on an empty data folder: the CLI's ingest functions, fake time."""
    settings = Settings(data_dir=data_dir, warehouse_path=data_dir / "warehouse.duckdb")
    fake = FakeTime()
    printed = io.StringIO()
    handler = logging.StreamHandler(printed)
    logging.getLogger().addHandler(handler)
    os.environ["JOBINDSATS_API_KEY"] = KEY  # where the CLI would find it
    message = ""
    try:
        with respx.mock() as router, redirect_stderr(printed):
            if scenario.api == "jobindsats":
                _meta(router)
            else:
                router.get(f"{STATBANK}/v1/tableinfo").respond(
                    200, content=(API / "statbank_tableinfo_folk1a.json").read_bytes()
                )
            route = scenario.arrange(router, fake)
            try:
                if scenario.api == "jobindsats":
                    with jobindsats_client(fake) as client:
                        ingest_table(client, settings, "y30r21", ["2020QMAT04"])
                else:
                    with statbank_client(fake) as client:
                        ingest_folk1a(client, settings, ["2024K1"])
            except JobcenterError as exc:
                message = str(exc)
                logging.getLogger("jobcenter").error(message)
    finally:
        logging.getLogger().removeHandler(handler)
        del os.environ["JOBINDSATS_API_KEY"]
    source, table = (
        ("jobindsats", "y30r21")
        if scenario.api == "jobindsats"
        else (
            "statbank",
            "folk1a",
        )
    )
    return Outcome(
        scenario=scenario,
        fake_seconds=fake.now,
        calls=route.call_count,
        message=message,
        printed=printed.getvalue(),
        landed=len(LandingZone(settings.landing_dir).records(source, table)),
        quarantined=len(list(settings.quarantine_dir.rglob("REASON.txt"))),
    )

"""The Statbank client and the FOLK1A reader against recorded responses (respx)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import httpx
import pytest
import respx

from orchestration.errors import InputError
from orchestration.landing import LandingZone
from orchestration.parsing import parse
from orchestration.sources.http import SourceUnavailableError
from orchestration.sources.statbank import StatbankClient, ingest_folk1a, landed_quarters
from orchestration.tables import get_spec
from tests.api_faults import FakeTime

API = Path(__file__).parent / "fixtures" / "api"
BASE = "https://statbank.test"
ATTEMPTS = 3


@pytest.fixture(autouse=True)
def fake_time():
    """Backoff waits on a fake clock: no test sleeps (tests/api_faults.py)."""
    return FakeTime()


def _client() -> StatbankClient:
    return StatbankClient(base_url=BASE, retry=FakeTime().policy(ATTEMPTS))


def _tableinfo(router: respx.Router) -> None:
    router.get(f"{BASE}/v1/tableinfo").respond(
        200, content=(API / "statbank_tableinfo_folk1a.json").read_bytes()
    )


def test_fetches_missing_quarters_per_year_and_lands_them(settings) -> None:
    body = (API / "statbank_folk1a_2024K1-2024K2.csv").read_bytes()
    with respx.mock(assert_all_called=True) as router:
        _tableinfo(router)
        data = router.post(f"{BASE}/v1/data").respond(
            200,
            content=body,
            headers={"StatbankAPI-Request-Id": "5f0c2f4e-9d1b-4c39-8f4e-3c2d1a0b9e77"},
        )
        with _client() as client:
            summary = ingest_folk1a(client, settings, ["2024K1", "2024K2"])
        request = json.loads(data.calls[0].request.content)
    assert request["format"] == "CSV" and request["valuePresentation"] == "Code"
    variables = {v["code"]: v["values"] for v in request["variables"]}
    assert len(variables["OMRÅDE"]) == 98 and "000" not in variables["OMRÅDE"]
    assert "707" in variables["OMRÅDE"] and "101" in variables["OMRÅDE"]
    assert variables["ALDER"] == [
        "sum(16-66|[da 16-66 år][en 16-66 years]=" + ",".join(map(str, range(16, 67))) + ")"
    ]
    assert variables["KØN"] == ["TOT"]
    assert variables["Tid"] == ["2024K1", "2024K2"]
    assert summary.rows == 98 * 2
    [(record, path)] = LandingZone(settings.landing_dir).records("statbank", "folk1a")
    assert path.read_bytes() == body and record.request_params["quarters"] == ["2024K1", "2024K2"]
    assert landed_quarters(settings) == {"2024K1", "2024K2"}
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        norddjurs = con.execute(
            "select persons from raw_statbank.folk1a "
            "where kommunekode = 707 and quarter_code = '2024K1'"
        ).fetchone()[0]
    assert 21_000 < norddjurs < 25_000


def test_without_quarters_fetches_only_those_not_landed(settings) -> None:
    from orchestration.demo.generator import DEFAULT_SEED, _Generator, folk1a_csv

    generator = _Generator(DEFAULT_SEED)

    def answer(request: httpx.Request) -> httpx.Response:
        quarters = tuple(json.loads(request.content)["variables"][3]["values"])
        return httpx.Response(200, content=folk1a_csv(generator, quarters))

    with respx.mock() as router:
        _tableinfo(router)
        data = router.post(f"{BASE}/v1/data").mock(side_effect=answer)
        with _client() as client:
            first = ingest_folk1a(client, settings, since="2024K1")
            second = ingest_folk1a(client, settings, since="2024K1")
    # one request per year: 2024K1-K4, then 2025K1-K2; nothing the second time
    assert first.requested == ["2024K1", "2024K2", "2024K3", "2024K4", "2025K1", "2025K2"]
    assert [json.loads(c.request.content)["variables"][3]["values"] for c in data.calls] == [
        ["2024K1", "2024K2", "2024K3", "2024K4"],
        ["2025K1", "2025K2"],
    ]
    assert first.new_loads == 2 and first.rows == 98 * 6
    assert second.requested == [] and data.call_count == 2


def test_reader_drops_the_national_and_regional_rows_explicitly() -> None:
    content = (API / "statbank_folk1a_all_areas_2024K1.csv").read_bytes()
    assert content.startswith("\ufeffOMRÅDE;KØN;ALDER;TID;INDHOLD\r\n000;TOT;16-66;".encode())
    parsed = parse(content, "folk1a.csv", get_spec("statbank", "folk1a"), "statbank_csv")
    codes = {row["kommunekode"] for row in parsed.rows}
    assert len(codes) == 98 and 0 not in codes and 84 not in codes
    assert parsed.row_count == 98


def test_unknown_area_code_is_still_an_error() -> None:
    content = "\ufeffOMRÅDE;KØN;ALDER;TID;INDHOLD\r\n999;TOT;16;2024K1;10\r\n".encode()
    with pytest.raises(InputError, match="unknown kommunekode '999'"):
        parse(content, "folk1a.csv", get_spec("statbank", "folk1a"), "statbank_csv")


def test_500_exhausts_the_bounded_retries(settings) -> None:
    with respx.mock() as router:
        info = router.get(f"{BASE}/v1/tableinfo").respond(503)
        with _client() as client, pytest.raises(SourceUnavailableError, match="HTTP 503"):
            ingest_folk1a(client, settings)
    assert info.call_count == ATTEMPTS


def test_429_then_200_and_timeout_then_200(settings) -> None:
    info = (API / "statbank_tableinfo_folk1a.json").read_bytes()
    with respx.mock() as router:
        route = router.get(f"{BASE}/v1/tableinfo").mock(
            side_effect=[
                httpx.Response(429),
                httpx.ConnectTimeout("connect timed out"),
                httpx.Response(200, content=info),
            ]
        )
        with _client() as client:
            assert "2024K1" in client.available_quarters()
    assert route.call_count == 3


def test_bad_request_reports_statbanks_message(settings) -> None:
    with respx.mock() as router:
        _tableinfo(router)
        router.post(f"{BASE}/v1/data").respond(
            400, content=(API / "statbank_error_400.json").read_bytes()
        )
        with _client() as client, pytest.raises(SourceUnavailableError) as caught:
            ingest_folk1a(client, settings, ["2024K1"])
    assert "HTTP 400" in str(caught.value) and "findes ikke" in str(caught.value)


def test_truncated_body_is_quarantined(settings) -> None:
    body = (API / "statbank_folk1a_2024K1-2024K2.csv").read_bytes()
    truncated = body[: len(body) // 2].rsplit(b"\r\n", 1)[0] + b"\r\n707;TOT"
    with respx.mock() as router:
        _tableinfo(router)
        router.post(f"{BASE}/v1/data").respond(200, content=truncated)
        with _client() as client, pytest.raises(InputError, match="truncated"):
            ingest_folk1a(client, settings, ["2024K1", "2024K2"])
    assert LandingZone(settings.landing_dir).records("statbank", "folk1a") == []
    assert len(list(settings.quarantine_dir.rglob("REASON.txt"))) == 1

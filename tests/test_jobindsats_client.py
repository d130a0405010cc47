"""The jobindsats client against recorded responses (respx): v2 and v3, every failure mode."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import httpx
import pytest
import respx

from orchestration.errors import InputError
from orchestration.landing import LandingZone
from orchestration.sources.http import SourceUnavailableError
from orchestration.sources.jobindsats import (
    AuthenticationError,
    JobindsatsClient,
    ingest_table,
    landed_periods,
)
from tests.api_faults import FakeTime
from tests.conftest import run_cli

API = Path(__file__).parent / "fixtures" / "api"
BASE = "https://jobindsats.test"
KEY = "s3cret-KEY-never-printed"
ATTEMPTS = 3


@pytest.fixture(autouse=True)
def fake_time():
    """Backoff waits on a fake clock: no test sleeps (tests/api_faults.py)."""
    return FakeTime()


def _client(version: str = "v2") -> JobindsatsClient:
    return JobindsatsClient(
        api_key=KEY, version=version, base_url=BASE, retry=FakeTime().policy(ATTEMPTS)
    )


def _meta_v2(router: respx.Router) -> respx.Route:
    body = (API / "jobindsats_v2_tables_y30r21.json").read_bytes()
    return router.get(f"{BASE}/v2/tables/y30r21/json/").respond(200, content=body)


def _raw_count(settings) -> int:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute("select count(*) from raw_jobindsats.y30r21").fetchone()[0]


def _quarantined(settings) -> list[Path]:
    return sorted(settings.quarantine_dir.rglob("REASON.txt"))


def test_v2_fetches_each_unlanded_period_once_and_lands_it_unchanged(settings) -> None:
    with respx.mock(assert_all_called=True) as router:
        _meta_v2(router)
        bodies = {
            p: (API / f"jobindsats_v2_data_y30r21_{p}.csv").read_bytes()
            for p in ("2020QMAT02", "2020QMAT04")
        }

        def answer(request: httpx.Request) -> httpx.Response:
            period = json.loads(request.content)["period"][0]
            return httpx.Response(200, content=bodies[period])

        data = router.post(f"{BASE}/v2/data/y30r21/csv").mock(side_effect=answer)
        with _client() as client:
            summary = ingest_table(client, settings, "y30r21")
            assert summary.requested == ["2020QMAT02", "2020QMAT04"]
            assert summary.new_loads == 2 and summary.rows == 784
            # v2: the raw key, no "Bearer"; the body names the period and the benefit groups
            request = data.calls[0].request
            assert request.headers["Authorization"] == KEY
            body = json.loads(request.content)
            assert body["area"] == "*" and body["period"] == ["2020QMAT02"]
            assert "Kontanthjælp mv." in body["_ygrp_y30r21"]
            # a second run finds both periods landed and fetches nothing
            again = ingest_table(client, settings, "y30r21")
            assert again.requested == [] and data.call_count == 2
    records = LandingZone(settings.landing_dir).records("jobindsats", "y30r21")
    assert [p.read_bytes() for _, p in records] == [bodies["2020QMAT02"], bodies["2020QMAT04"]]
    assert [r.request_params["period"] for r, _ in records] == [["2020QMAT02"], ["2020QMAT04"]]
    assert all(KEY not in r.to_json() for r, _ in records)
    assert landed_periods(settings, "y30r21") == {"2020QMAT02", "2020QMAT04"}
    assert _raw_count(settings) == 784


def test_v3_uses_bearer_and_reads_columns_rows(settings) -> None:
    with respx.mock(assert_all_called=True) as router:
        meta = (API / "jobindsats_v3_table_y30r21.json").read_bytes()
        router.get(f"{BASE}/v3/table/y30r21").respond(200, content=meta)
        data = router.get(f"{BASE}/v3/data/y30r21").respond(
            200, content=(API / "jobindsats_v3_data_y30r21_2020QMAT04.json").read_bytes()
        )
        with _client("v3") as client:
            summary = ingest_table(client, settings, "y30r21", ["2020QMAT04"])
        request = data.calls[0].request
        assert request.headers["Authorization"] == f"Bearer {KEY}"
        params = request.url.params
        assert params["period.QMAT"] == "2020QMAT04" and params["hierarchy._nykom"] == "*"
    assert summary.rows == 392
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        rank = con.execute(
            "select published_rank from raw_jobindsats.y30r21 where area_name = 'Fredericia' "
            "and benefit_group_label = 'Ydelsesgrupper i alt'"
        ).fetchone()[0]
    assert rank == 94


def test_401_is_an_authentication_error_without_the_key(settings) -> None:
    with respx.mock() as router:
        router.get(f"{BASE}/v2/tables/y30r21/json/").respond(401, text="Unauthorized")
        with _client() as client, pytest.raises(AuthenticationError) as caught:
            ingest_table(client, settings, "y30r21")
    message = str(caught.value)
    assert "rejected the API key (HTTP 401)" in message and "jobindsats@star.dk" in message
    assert KEY not in message


def test_forkert_noegle_body_is_an_authentication_error_and_quarantined(settings) -> None:
    key_error = (API / "jobindsats_key_error.txt").read_bytes()
    with respx.mock() as router:
        _meta_v2(router)
        router.post(f"{BASE}/v2/data/y30r21/csv").respond(200, content=key_error)
        with _client() as client, pytest.raises(AuthenticationError) as caught:
            ingest_table(client, settings, "y30r21", ["2020QMAT04"])
    assert "Forkert nøgle" in str(caught.value) and KEY not in str(caught.value)
    assert LandingZone(settings.landing_dir).records("jobindsats", "y30r21") == []
    [reason] = _quarantined(settings)
    assert "key was rejected" in reason.read_text(encoding="utf-8")
    assert (reason.parent / "payload" / "y30r21_2020QMAT04.csv").read_bytes() == key_error


def test_forkert_noegle_on_the_metadata_call(settings) -> None:
    with respx.mock() as router:
        router.get(f"{BASE}/v2/tables/y30r21/json/").respond(
            200, content=(API / "jobindsats_key_error.txt").read_bytes()
        )
        with _client() as client, pytest.raises(AuthenticationError, match="Forkert nøgle"):
            client.available_periods("y30r21")


def test_429_then_200_is_retried(settings) -> None:
    with respx.mock() as router:
        _meta_v2(router)
        data = router.post(f"{BASE}/v2/data/y30r21/csv").mock(
            side_effect=[
                httpx.Response(429, headers={"Retry-After": "1"}),
                httpx.Response(
                    200, content=(API / "jobindsats_v2_data_y30r21_2020QMAT04.csv").read_bytes()
                ),
            ]
        )
        with _client() as client:
            summary = ingest_table(client, settings, "y30r21", ["2020QMAT04"])
    assert data.call_count == 2
    assert summary.rows == 392


def test_500_exhausts_the_bounded_retries(settings) -> None:
    with respx.mock() as router:
        _meta_v2(router)
        data = router.post(f"{BASE}/v2/data/y30r21/csv").respond(500, text="Internal error")
        with _client() as client, pytest.raises(SourceUnavailableError) as caught:
            ingest_table(client, settings, "y30r21", ["2020QMAT04"])
    assert data.call_count == ATTEMPTS
    assert f"HTTP 500 after {ATTEMPTS} attempts" in str(caught.value)
    assert KEY not in str(caught.value)
    assert LandingZone(settings.landing_dir).records("jobindsats", "y30r21") == []


def test_timeout_is_retried_then_reported(settings) -> None:
    with respx.mock() as router:
        _meta_v2(router)
        data = router.post(f"{BASE}/v2/data/y30r21/csv").mock(
            side_effect=httpx.ReadTimeout("read timed out")
        )
        with _client() as client, pytest.raises(SourceUnavailableError, match="timed out"):
            ingest_table(client, settings, "y30r21", ["2020QMAT04"])
    assert data.call_count == ATTEMPTS


def test_truncated_body_is_quarantined_and_nothing_is_loaded(settings) -> None:
    truncated = (API / "jobindsats_v2_data_y30r21_truncated.csv").read_bytes()
    with respx.mock() as router:
        _meta_v2(router)
        router.post(f"{BASE}/v2/data/y30r21/csv").respond(200, content=truncated)
        with _client() as client, pytest.raises(InputError) as caught:
            ingest_table(client, settings, "y30r21", ["2020QMAT04"])
    assert "line 200" in str(caught.value) and "truncated" in str(caught.value)
    assert LandingZone(settings.landing_dir).records("jobindsats", "y30r21") == []
    [reason] = _quarantined(settings)
    assert (reason.parent / "payload" / "y30r21_2020QMAT04.csv").read_bytes() == truncated
    assert not settings.warehouse_path.exists() or _raw_count(settings) == 0


def test_truncated_metadata_is_a_clear_error(settings) -> None:
    with respx.mock() as router:
        router.get(f"{BASE}/v3/table/y30r21").respond(200, content=b'{"periods": [{"period')
        with _client("v3") as client, pytest.raises(InputError, match="truncated"):
            client.available_periods("y30r21")


def test_unknown_period_is_refused_before_any_data_call(settings) -> None:
    with respx.mock(assert_all_called=False) as router:
        _meta_v2(router)
        data = router.post(f"{BASE}/v2/data/y30r21/csv")
        with _client() as client, pytest.raises(InputError, match="2031QMAT02 not published"):
            ingest_table(client, settings, "y30r21", ["2031QMAT02"])
    assert data.call_count == 0


def test_synthetic_loads_do_not_count_as_landed(settings) -> None:
    LandingZone(settings.landing_dir).land(
        (API / "jobindsats_v2_data_y30r21_2020QMAT04.csv").read_bytes(),
        file_name="y30r21_2020QMAT04.csv",
        source="jobindsats",
        table="y30r21",
        row_count=392,
        fmt="jobindsats_v2_csv",
        is_synthetic=True,
        request_params={"period": ["2020QMAT04"]},
    )
    assert landed_periods(settings, "y30r21") == set()


def test_cli_without_key_says_how_to_get_one(tmp_path: Path) -> None:
    saved = os.environ.pop("JOBINDSATS_API_KEY", None)
    try:
        result = run_cli(["ingest", "jobindsats", "--table", "y30r21"], tmp_path / "data")
    finally:
        if saved is not None:
            os.environ["JOBINDSATS_API_KEY"] = saved
    assert result.returncode == 2
    out = result.stdout + result.stderr
    assert "jobindsats@star.dk" in out and "Ansøgning om adgang til api.jobindsats.dk" in out
    assert len(out.strip().splitlines()) == 1


def test_cli_with_key_fetches_and_lands(settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from orchestration.cli import app

    monkeypatch.setenv("JOBINDSATS_API_KEY", KEY)
    body = (API / "jobindsats_v2_data_y30r21_2020QMAT04.csv").read_bytes()
    with respx.mock() as router:
        _meta_v2(router)
        data = router.post(f"{BASE}/v2/data/y30r21/csv").respond(200, content=body)
        args = ["ingest", "jobindsats", "--table", "y30r21", "--period", "2020QMAT04"]
        result = CliRunner().invoke(app, [*args, "--base-url", BASE])
    assert result.exit_code == 0, result.output
    assert data.call_count == 1
    assert _raw_count(settings) == 392
    assert KEY not in result.output

"""jobindsats' catalogue as a source and the tables found in it by their published names, the
client's request fixes (explicit areas and dimensions, v3 `hierarchy._nykom` only, MYTD), all
against recorded answers (respx; tests/fixtures/api/README.md says which parts are assumed)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import httpx
import pytest
import respx
from typer.testing import CliRunner

from orchestration.landing import LandingZone
from orchestration.sources.http import RetryPolicy
from orchestration.sources.jobindsats import (
    JobindsatsClient,
    ingest_catalogue,
    ingest_published_table,
    ingest_table,
)
from orchestration.sources.jobindsats_catalogue import (
    TableNotInCatalogueError,
    catalogue_entries,
    resolve,
)

API = Path(__file__).parent / "fixtures" / "api"
BASE = "https://jobindsats.test"
KEY = "s3cret-KEY-never-printed"


def _client(version: str = "v2") -> JobindsatsClient:
    return JobindsatsClient(
        api_key=KEY,
        version=version,
        base_url=BASE,
        retry=RetryPolicy(attempts=2, wait_jitter=0.0, sleep=lambda _s: None),
    )


def _fokus_routes(router: respx.Router, catalogue: str = "jobindsats_v2_tables.json") -> dict:
    routes = {
        "catalogue": router.post(f"{BASE}/v2/tables/json").respond(
            200, content=(API / catalogue).read_bytes()
        )
    }
    for table_id, key in (("y30f01", "samtaler"), ("y30f02", "tilbud")):
        router.get(f"{BASE}/v2/tables/{table_id}/json/").respond(
            200, content=(API / f"jobindsats_v2_tables_{table_id}.json").read_bytes()
        )
        routes[key] = router.post(f"{BASE}/v2/data/{table_id}/csv").respond(
            200, content=(API / f"jobindsats_v2_data_fokus_{key}_2024M06.csv").read_bytes()
        )
    return routes


def _rows(settings, sql: str) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_the_v2_and_v3_catalogues_are_read_into_one_row_per_table() -> None:
    v2 = catalogue_entries(
        (API / "jobindsats_v2_tables.json").read_bytes(), "jobindsats_v2_tables_json", "v2"
    )
    v3 = catalogue_entries(
        (API / "jobindsats_v3_tables.json").read_bytes(), "jobindsats_v3_tables_json", "v3"
    )
    samtaler = next(e for e in v2 if e.table_id == "Y30F01")
    assert samtaler.table_name == "Afholdelse af samtaler. Antal og andel personer"
    assert samtaler.next_update.isoformat() == "2024-09-16"
    assert samtaler.dimension_id("Ydelsesgrupper") == "_ygrp_y30f01"
    assert {e.table_id for e in v3} == {"y30r21", "y30f01", "y30f02", "otij01"}
    assert next(e for e in v3 if e.table_id == "otij01").subject_name == (
        "Ydelsesmodtagere med løntimer"
    )  # fmt: skip


def test_tables_are_found_by_published_name_or_a_clear_error_names_it() -> None:
    entries = catalogue_entries(
        (API / "jobindsats_v2_tables_without_tilbud.json").read_bytes(),
        "jobindsats_v2_tables_json",
        "tables_v2.json",
    )
    assert resolve(entries, "fokus_samtaler", "tables_v2.json").table_id == "Y30F01"
    assert resolve(entries, "mm17", "tables_v2.json").table_id == "MM17"
    assert resolve(entries, "y30r21", "tables_v2.json").table_id == "Y30R21"  # by its id
    with pytest.raises(TableNotInCatalogueError) as caught:
        resolve(entries, "fokus_tilbud", "tables_v2.json")
    message = str(caught.value)
    assert "'Deltagelse i aktive tilbud. Antal og andel personer'" in message
    assert "tables_v2.json (7 tables)" in message and "seeds/source_tables.csv" in message
    with pytest.raises(TableNotInCatalogueError, match="our assumption, not verified"):
        resolve(entries, "mm13", "tables_v2.json")


def test_ingest_fokusmaal_resolves_both_tables_by_name_and_lands_them(
    settings, monkeypatch
) -> None:
    from orchestration.cli import app

    monkeypatch.setenv("JOBINDSATS_API_KEY", KEY)
    with respx.mock(assert_all_called=True) as router:
        routes = _fokus_routes(router)
        args = ["ingest", "jobindsats", "--table", "fokusmaal", "--period", "2024M06"]
        result = CliRunner().invoke(app, [*args, "--base-url", BASE])
    assert result.exit_code == 0, result.output
    assert "catalogue (v2): 8 tables" in result.output and KEY not in result.output
    assert "jobindsats/fokusmaal" in result.output
    # the request asks for the 98 municipalities and Hele landet by name, and for the one
    # value of the dimension the catalogue names
    body = json.loads(routes["tilbud"].calls[0].request.content)
    assert len(body["area"]) == 99 and body["area"][-1] == "Hele landet" and "*" not in body["area"]
    assert body["_ygrp_y30f02"] == ["Ydelsesgrupper i alt"] and body["period"] == ["2024M06"]
    assert routes["catalogue"].calls[0].request.headers["Authorization"] == KEY
    rows = _rows(
        settings,
        "select area_name, focus_measure_label, persons_count, persons_meeting_count "
        "from raw_jobindsats.fokusmaal order by 2, 1",
    )
    assert ("Norddjurs", "Deltagelse i aktive tilbud", 552, 386) in rows
    assert ("Læsø", "Afholdelse af samtaler", None, None) in rows  # suppressed, not 0
    assert len(rows) == 8
    records = [r for r, _ in LandingZone(settings.landing_dir).records("jobindsats", "fokusmaal")]
    assert {
        (r.request_params["source_table_key"], r.request_params["table_id"]) for r in records
    } == {
        ("fokus_samtaler", "Y30F01"),
        ("fokus_tilbud", "Y30F02"),
    }
    assert records[0].request_params["table_name"].endswith("Antal og andel personer")
    [catalogue] = LandingZone(settings.landing_dir).records("jobindsats", "table_catalogue")
    assert catalogue[0].row_count == 8
    # the same catalogue again is no new version; a landed month is not fetched again
    with respx.mock(assert_all_called=False) as router:
        routes = _fokus_routes(router)
        again = CliRunner().invoke(
            app, ["ingest", "jobindsats", "--table", "fokusmaal", "--base-url", BASE]
        )
    assert again.exit_code == 0, again.output
    assert "unchanged" in again.output
    asked = [json.loads(c.request.content)["period"][0] for c in routes["samtaler"].calls]
    assert len(asked) == 11 and "2024M06" not in asked  # only the months not landed yet


def test_a_catalogue_without_the_table_is_a_clear_error_and_lands_no_data(
    settings, monkeypatch
) -> None:
    from orchestration.cli import app

    monkeypatch.setenv("JOBINDSATS_API_KEY", KEY)
    with respx.mock(assert_all_called=False) as router:
        routes = _fokus_routes(router, "jobindsats_v2_tables_without_tilbud.json")
        result = CliRunner().invoke(
            app, ["ingest", "jobindsats", "--table", "fokusmaal", "--base-url", BASE]
        )
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert "no table with the name 'Deltagelse i aktive tilbud. Antal og andel personer'" in output
    assert routes["samtaler"].call_count == 0  # nothing fetched before every table was found
    assert LandingZone(settings.landing_dir).records("jobindsats", "fokusmaal") == []


def test_a_fokus_answer_broken_down_by_benefit_group_is_rejected_with_line_and_field(
    settings,
) -> None:
    from orchestration.errors import InputError

    with respx.mock(assert_all_called=False) as router:
        _fokus_routes(router)
        router.post(f"{BASE}/v2/data/y30f01/csv").respond(
            200,
            content=(API / "jobindsats_v2_data_fokus_samtaler_breakdown_2024M06.csv").read_bytes(),
        )
        with _client() as client, pytest.raises(InputError) as caught:
            ingest_published_table(client, settings, "fokus_samtaler", ["2024M06"])
    assert "line 3, field 'Ydelsesgrupper'" in str(caught.value)
    assert "'A-dagpenge mv.' where the request asked for 'Ydelsesgrupper i alt' only" in str(
        caught.value
    )
    assert LandingZone(settings.landing_dir).records("jobindsats", "fokusmaal") == []


def test_job_orders_are_found_by_name_and_their_national_row_kept(settings) -> None:
    with respx.mock(assert_all_called=True) as router:
        router.post(f"{BASE}/v2/tables/json").respond(
            200, content=(API / "jobindsats_v2_tables.json").read_bytes()
        )
        router.get(f"{BASE}/v2/tables/jo01/json/").respond(
            200, content=(API / "jobindsats_v2_tables_jo01.json").read_bytes()
        )
        data = router.post(f"{BASE}/v2/data/jo01/csv").respond(
            200, content=(API / "jobindsats_v2_data_jobordrer_2024M06.csv").read_bytes()
        )
        with _client() as client:
            summary = ingest_published_table(client, settings, "jobordrer")
    assert summary.requested == ["2024M05", "2024M06"]  # the monthly periods, not 2024Q2
    assert json.loads(data.calls[0].request.content)["_erhvervsgrp_jo"] == ["Erhvervsområder i alt"]
    assert _rows(
        settings,
        "select area_name, orders_created, cast(fill_rate_pct as double) "
        "from raw_jobindsats.jobordrer where period_code = '2024M06' order by 1",
    ) == [("Hele landet", 21450, 72.8), ("Norddjurs", 54, 74.1)]


def test_otij01_is_asked_for_its_counted_members_explicitly(settings) -> None:
    with respx.mock(assert_all_called=True) as router:
        router.get(f"{BASE}/v2/tables/otij01/json/").respond(
            200, content=(API / "jobindsats_v2_tables_otij01.json").read_bytes()
        )
        data = router.post(f"{BASE}/v2/data/otij01/csv").respond(
            200, content=(API / "jobindsats_v2_data_otij01_2024M06.csv").read_bytes()
        )
        with _client() as client:
            summary = ingest_table(client, settings, "otij01", ["2024M06"])
    body = json.loads(data.calls[0].request.content)
    assert body["_maalgrp"] == ["Jobparate mv."]
    assert "Ydelsesgrupper i alt" not in body["_ygrp_j01"] and len(body["_ygrp_j01"]) == 6
    assert len(body["area"]) == 99  # the 98 municipalities and Hele landet, not the RAR areas
    assert summary.rows == 6


def test_v3_sets_only_the_municipal_area_hierarchy_and_counts_dropped_rows(settings) -> None:
    with respx.mock(assert_all_called=True) as router:
        router.get(f"{BASE}/v3/table/y30r21").respond(
            200, content=(API / "jobindsats_v3_table_y30r21_areas.json").read_bytes()
        )
        data = router.get(f"{BASE}/v3/data/y30r21").respond(
            200, content=(API / "jobindsats_v3_data_y30r21_2020QMAT04_nykom.json").read_bytes()
        )
        with _client("v3") as client:
            summary = ingest_table(client, settings, "y30r21", ["2020QMAT04"])
            _, _, mytd = client.data_request("y30r21", "2020MYTD12", period_type="MYTD")
    params = data.calls[0].request.url.params
    assert params["hierarchy._nykom"] == "*" and params["hierarchy._ygrp_y30r21"] == "*"
    assert "hierarchy._reko" not in params and "hierarchy._region" not in params
    assert summary.rows == 392  # the four 'Uoplyst område' rows dropped …
    [record] = summary.results
    assert record.record.request_params["dropped_area_rows"] == {"Uoplyst område": 4}  # … counted
    assert mytd["period.MYTD"] == "2020MYTD12"


def test_the_catalogue_is_landed_once_per_version(settings) -> None:
    body = (API / "jobindsats_v3_tables.json").read_bytes()
    with respx.mock() as router:
        route = router.get(f"{BASE}/v3/tables").mock(
            side_effect=[httpx.Response(200, content=body), httpx.Response(200, content=body)]
        )
        with _client("v3") as client:
            first = ingest_catalogue(client, settings)
            second = ingest_catalogue(client, settings)
    assert route.calls[0].request.url.params["format"] == "json"
    assert first.load.is_new and not second.load.is_new
    assert first.load.record.load_id == second.load.record.load_id
    assert len(first.entries) == 4


def test_every_table_the_warehouse_reads_is_one_row_of_source_tables() -> None:
    """seeds/source_tables.csv lists every raw table (the registered specs) and nothing else;
    a jobindsats table not loaded from the API yet (MM13, MM17, y25i14) has no raw table."""
    from orchestration.sources.jobindsats_catalogue import source_tables
    from orchestration.tables import all_specs, get_spec

    loaded = {(t.source, t.raw_table) for t in source_tables().values() if t.raw_table}
    assert loaded == {(s.source, s.table) for s in all_specs()}
    for table in source_tables().values():
        if table.raw_table:
            get_spec(table.source, table.raw_table)  # raises for an unknown table
        if table.source == "jobindsats" and table.raw_table != "table_catalogue":
            assert table.publisher_table_id or table.publisher_table_name, table.key


def test_periods_of_a_type_the_table_does_not_hold_are_not_fetched(settings) -> None:
    """v3 lists a MYTD period for Y30R21 too: only its QMAT periods are fetched by default."""
    body = (API / "jobindsats_v3_data_y30r21_2020QMAT04_nykom.json").read_bytes()
    with respx.mock(assert_all_called=True) as router:
        router.get(f"{BASE}/v3/table/y30r21").respond(
            200, content=(API / "jobindsats_v3_table_y30r21_areas.json").read_bytes()
        )
        data = router.get(f"{BASE}/v3/data/y30r21").respond(200, content=body)
        with _client("v3") as client:
            summary = ingest_table(client, settings, "y30r21")
    assert summary.available == ["2020MYTD12", "2020QMAT02", "2020QMAT04"]
    assert summary.requested == ["2020QMAT02", "2020QMAT04"]
    assert [c.request.url.params["period.QMAT"] for c in data.calls] == summary.requested

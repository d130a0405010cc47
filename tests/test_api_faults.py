"""Every API fault scenario (tests/api_faults.py): bounded time, nothing landed from a bad body,
the key never printed; Retry-After honoured up to its cap; the secret filter on our logs."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import httpx
import pytest

from orchestration.secrets import REDACTED, SecretFilter, redact
from orchestration.sources.http import retry_after_seconds, summarise_error_body
from tests import api_faults
from tests.api_faults import KEY, SCENARIOS, run


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_api_fault_is_bounded_lands_nothing_bad_and_never_prints_the_key(
    scenario: api_faults.Scenario, tmp_path: Path
) -> None:
    outcome = run(scenario, tmp_path / "data")
    assert outcome.fake_seconds <= scenario.max_fake_seconds, outcome
    assert outcome.calls <= api_faults.ATTEMPTS
    if scenario.expect_loaded:
        assert outcome.message == "" and outcome.landed == 1
    else:
        assert scenario.words in outcome.message, outcome.message
        assert outcome.landed == 0
    assert outcome.quarantined == (1 if scenario.quarantined else 0)
    assert KEY not in outcome.message and KEY not in outcome.printed


def test_retry_after_is_waited_exactly_and_capped(tmp_path: Path) -> None:
    asked = run(SCENARIOS[0], tmp_path / "a")  # 429 with Retry-After: 20, then data
    assert (asked.message, asked.calls, asked.fake_seconds) == ("", 2, 20)
    capped = run(SCENARIOS[1], tmp_path / "b")  # Retry-After: 3600, capped at 120 s
    assert (capped.message, capped.calls, capped.fake_seconds) == ("", 2, 120)


def test_an_echoed_key_is_redacted_from_an_error_summary() -> None:
    body = f"Bad request: header Authorization={KEY} not valid\nsecond line"
    summary = summarise_error_body(httpx.Response(400, text=body), secrets=[KEY])
    assert summary == (
        f"HTTP 400 ({len(body.encode())} bytes, first line 'Bad request: header "
        "Authorization=<redacted> not valid')"
    )
    # anything that looks like a key is redacted too, even when it is not the one we sent
    other = summarise_error_body(httpx.Response(400, text="token abcdefghijklmnopqrstuvwxyz12"))
    assert "abcdefghijklmnopqrstuvwxyz12" not in other and REDACTED in other


def test_retry_after_as_an_http_date() -> None:
    assert retry_after_seconds(httpx.Response(429, headers={"Retry-After": "7"})) == 7
    past = httpx.Response(429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
    assert retry_after_seconds(past) == 0
    assert retry_after_seconds(httpx.Response(429)) is None


def test_the_secret_filter_scrubs_every_log_record(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBINDSATS_API_KEY", KEY)
    monkeypatch.setenv("JOBCENTER_PG_PASSWORD", "pg-pass-word")
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(SecretFilter())
    log = logging.getLogger("test.secrets")
    log.addHandler(handler)
    try:
        log.error("request failed with %s and %s", KEY, "pg-pass-word")
    finally:
        log.removeHandler(handler)
    assert out.getvalue() == f"request failed with {REDACTED} and {REDACTED}\n"
    assert redact(f"x{KEY}y") == f"x{REDACTED}y"


def test_the_console_never_prints_the_key(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from orchestration.console import console

    monkeypatch.setenv("JOBINDSATS_API_KEY", KEY)
    console.print(f"an exception text that holds {KEY}")
    err = capsys.readouterr().err
    assert KEY not in err and f"holds {REDACTED}" in err


def test_the_cli_prints_its_deadline_and_a_summarised_error(
    settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import respx
    from typer.testing import CliRunner

    from orchestration.cli import app

    monkeypatch.setenv("JOBINDSATS_API_KEY", KEY)
    with respx.mock() as router:
        api_faults._meta(router)
        router.post(f"{api_faults.JOBINDSATS}/v2/data/y30r21/csv").respond(
            418, text=f"I echo {KEY}"
        )
        args = ["ingest", "jobindsats", "--period", "2020QMAT04", "--deadline", "42"]
        result = CliRunner().invoke(app, [*args, "--base-url", api_faults.JOBINDSATS])
    output = " ".join(result.output.split())
    assert result.exit_code == 1
    assert "Deadline: 42 s for all requests of this command" in output
    assert "HTTP 418 (" in output and "first line 'I echo <redacted>'" in output
    assert KEY not in result.output

"""The jobindsats readers on the real published files and on hand-broken copies of them."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from orchestration.errors import AuthenticationBodyError, InputError
from orchestration.parsing import parse
from orchestration.tables import get_spec

SPEC = get_spec("jobindsats", "y30r21")


def _row(parsed, name: str, group: str = "Ydelsesgrupper i alt") -> dict:
    return next(
        r for r in parsed.rows if r["area_name"] == name and r["benefit_group_label"] == group
    )


def test_real_csv_parses_all_rows_with_published_values(y30r21_2020q4_path: Path) -> None:
    parsed = parse(y30r21_2020q4_path.read_bytes(), "y30r21_2020QMAT04.csv", SPEC)
    assert parsed.row_count == 392
    fredericia = _row(parsed, "Fredericia")
    assert fredericia["published_rank"] == 94
    assert fredericia["period_code"] == "2020QMAT04"
    gladsaxe = _row(parsed, "Gladsaxe")
    # "3950;3380;-570;8,80;7,53;-1,27;1" in the file: decimal commas become exact decimals
    assert (gladsaxe["expected_count"], gladsaxe["actual_count"], gladsaxe["diff_count"]) == (
        3950,
        3380,
        -570,
    )
    assert gladsaxe["diff_share_pp"] == Decimal("-1.27")
    assert gladsaxe["source_row_number"] == 2  # the line after the header


def test_v2_json_shape_gives_the_same_rows_as_csv(y30r21_2020q4_path: Path) -> None:
    csv_rows = parse(y30r21_2020q4_path.read_bytes(), "a.csv", SPEC).rows
    lines = y30r21_2020q4_path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    data = [line.split(";") for line in lines[1:]]
    # v2 JSON: integer counts as numbers, percentages as strings with a decimal comma (§1.2)
    typed = [[*r[:3], int(r[3]), int(r[4]), int(r[5]), r[6], r[7], r[8], int(r[9])] for r in data]
    body = json.dumps([{"Variables": [{"Label": h} for h in header], "Data": typed}])
    json_rows = parse(body.encode(), "a.json", SPEC).rows
    strip = [{k: v for k, v in r.items() if k != "source_row_number"} for r in csv_rows]
    assert [{k: v for k, v in r.items() if k != "source_row_number"} for r in json_rows] == strip


def test_json_body_quoted_twice_is_unwrapped(y30r21_2020q4_path: Path) -> None:
    header = y30r21_2020q4_path.read_text(encoding="utf-8").splitlines()[0].split(";")
    row = [
        "Norddjurs",
        "2020QMAT04",
        "Ydelsesgrupper i alt",
        2380,
        2310,
        -70,
        "10,25",
        "9,95",
        "-0,30",
        21,
    ]
    inner = json.dumps([{"Variables": [{"Label": h} for h in header], "Data": [row]}])
    parsed = parse(json.dumps(inner).encode(), "quoted.json", SPEC)
    assert parsed.rows[0]["published_rank"] == 21


def test_rows_appearing_twice_are_rejected_naming_the_line(y30r21_2020q4_path: Path) -> None:
    text = y30r21_2020q4_path.read_bytes()
    lines = text.split(b"\r\n")
    doubled = b"\r\n".join([*lines[:-1], *lines[1:]])  # the data rows again (Randers 82a99d1)
    with pytest.raises(InputError) as info:
        parse(doubled, "doubled.csv", SPEC)
    assert info.value.line == 394
    assert "duplicate row" in str(info.value) and "same key as line 2" in str(info.value)


def test_key_error_body_is_an_authentication_error() -> None:
    with pytest.raises(AuthenticationBodyError) as info:
        parse("Forkert nøgle eller nøglen er udløbet.".encode(), "y30r21.csv", SPEC)
    assert "y30r21.csv, line 1" in str(info.value)


def test_key_error_line_appended_to_data_names_its_line(y30r21_2020q4_path: Path) -> None:
    content = (
        y30r21_2020q4_path.read_bytes() + "Forkert nøgle eller nøglen er udløbet.\r\n".encode()
    )
    with pytest.raises(AuthenticationBodyError) as info:
        parse(content, "y30r21.csv", SPEC)
    assert info.value.line == 394


def test_unknown_area_names_file_line_and_field(y30r21_2020q4_path: Path) -> None:
    content = y30r21_2020q4_path.read_bytes().replace(b"Gladsaxe;", b"Gladsaxxe;", 1)
    with pytest.raises(InputError) as info:
        parse(content, "bad.csv", SPEC)
    assert (info.value.line, info.value.field) == (2, "Area")
    assert "unknown area name 'Gladsaxxe'" in str(info.value)


def test_decimal_point_in_a_decimal_comma_file_is_rejected(y30r21_2020q4_path: Path) -> None:
    content = y30r21_2020q4_path.read_bytes().replace(b";8,80;", b";8.80;", 1)
    with pytest.raises(InputError) as info:
        parse(content, "mixed.csv", SPEC)
    assert info.value.line == 2
    assert "Forventet andel (pct.)" in info.value.field
    assert "mixed decimal separators" in str(info.value)


def test_latin1_file_is_rejected_with_the_line(y30r21_2020q4_path: Path) -> None:
    content = y30r21_2020q4_path.read_text(encoding="utf-8").encode("latin-1")
    with pytest.raises(InputError) as info:
        parse(content, "latin1.csv", SPEC)
    assert info.value.line == 1
    assert "Latin-1" in str(info.value)

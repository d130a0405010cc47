"""Write the bad-input corpus from the real Y30R21 file (tests/fixtures/jobindsats/).

Run `python tests/corpus/make_corpus.py` to regenerate; the files are committed, so tests never
depend on this script. Every file is the real 2020QMAT04 export with ONE kind of damage, so a
test can name the exact line and field the parser must report. `CORPUS` in tests/test_corpus.py
holds the expected outcome of each.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
REAL = HERE.parent / "fixtures" / "jobindsats" / "y30r21_2020QMAT04.csv"
CRLF = b"\r\n"


def _lines() -> list[bytes]:
    lines = REAL.read_bytes().split(CRLF)
    assert lines[-1] == b"", "the real file ends with CRLF"
    return lines[:-1]


def _join(lines: list[bytes]) -> bytes:
    return CRLF.join(lines) + CRLF


def _replace_cell(line: bytes, position: int, value: bytes) -> bytes:
    cells = line.split(b";")
    cells[position] = value
    return b";".join(cells)


def build() -> dict[str, bytes]:
    lines = _lines()
    header, rows = lines[0], lines[1:]
    files: dict[str, bytes] = {}
    # 1. rows duplicated: line 11 (Holbæk? whatever it is) appears again as the last line
    files["duplicated_rows.csv"] = _join([header, *rows, rows[9]])
    # 2. the API's key-error body instead of data
    files["key_error_body.csv"] = "Forkert nøgle eller nøglen er udløbet.".encode()
    # 3. an area name that is not a municipality (line 5)
    files["unknown_area.csv"] = _join(
        [header, *rows[:3], _replace_cell(rows[3], 0, b"Nyborg Kommune"), *rows[4:]]
    )
    # 4. the last column (the published rank) is missing in header and rows
    files["missing_column.csv"] = _join([line.rsplit(b";", 1)[0] for line in lines])
    # 5. an extra column at the end
    files["extra_column.csv"] = _join([header + b";Kommentar", *(row + b";" for row in rows)])
    # 6. decimal comma file with one decimal point (line 7, Forventet andel)
    files["mixed_decimal.csv"] = _join(
        [
            header,
            *rows[:5],
            _replace_cell(rows[5], 6, rows[5].split(b";")[6].replace(b",", b".")),
            *rows[6:],
        ]
    )
    # 7. the whole file re-encoded as Latin-1 (the header's 'på' is the first non-ASCII byte)
    files["latin1.csv"] = REAL.read_bytes().decode("utf-8").encode("latin-1")
    # 8. a UTF-8 byte-order mark in front of the real file: this one LOADS (see test)
    files["bom.csv"] = b"\xef\xbb\xbf" + REAL.read_bytes()
    # 9. an empty file
    files["empty.csv"] = b""
    # 10. truncated mid-row: the download stopped inside line 201
    cut = _join([header, *rows[:199]]) + rows[199][: rows[199].index(b";", 40)]
    files["truncated.csv"] = cut
    # 11. suppressed cells ('..', '-', empty) in suppressible columns: LOADS as NULL + flag
    sup = list(rows)
    sup[2] = _replace_cell(sup[2], 3, b"..")  # line 4: Forventet antal
    sup[3] = _replace_cell(sup[3], 4, b"-")  # line 5: Faktisk antal
    sup[4] = _replace_cell(sup[4], 7, b"")  # line 6: Faktisk andel (pct.)
    files["suppressed_cells.csv"] = _join([header, *sup])
    # 12. text in a number field (line 9, Faktisk antal)
    files["text_in_number.csv"] = _join(
        [header, *rows[:7], _replace_cell(rows[7], 4, b"ca. 1900"), *rows[8:]]
    )
    # 13. a period code that does not parse (line 13)
    files["bad_period.csv"] = _join(
        [header, *rows[:11], _replace_cell(rows[11], 1, b"2020H2"), *rows[12:]]
    )
    # 14. a header and no data rows
    files["header_only.csv"] = _join([header])
    # 15. an unknown benefit-group label (line 100)
    files["unknown_benefit_group.csv"] = _join(
        [header, *rows[:98], _replace_cell(rows[98], 2, b"Ledighedsydelse"), *rows[99:]]
    )
    # 16. a count too large for any integer type (line 21, Faktisk antal)
    files["overflow_count.csv"] = _join(
        [header, *rows[:19], _replace_cell(rows[19], 4, b"99999999999999999999999"), *rows[20:]]
    )
    # 17. a decimal too large for decimal(18, 4) (line 22, the pp difference)
    files["overflow_decimal.csv"] = _join(
        [header, *rows[:20], _replace_cell(rows[20], 8, b"123456789012345,5"), *rows[21:]]
    )
    # 18. more decimals than the warehouse keeps (line 23, Forventet andel)
    files["too_many_decimals.csv"] = _join(
        [header, *rows[:21], _replace_cell(rows[21], 6, b"8,123456"), *rows[22:]]
    )
    # 19. a negative count (line 30, Forventet antal)
    files["negative_count.csv"] = _join(
        [header, *rows[:28], _replace_cell(rows[28], 3, b"-5"), *rows[29:]]
    )
    # 20. a share above 100 % (line 40, Faktisk andel)
    files["share_over_100.csv"] = _join(
        [header, *rows[:38], _replace_cell(rows[38], 7, b"150,00"), *rows[39:]]
    )
    # 21. rank 0 (line 50): ranks run 1 … 98
    files["rank_zero.csv"] = _join(
        [header, *rows[:48], _replace_cell(rows[48], 9, b"0"), *rows[49:]]
    )
    # 22. the real file saved by Excel as "Unicode text": UTF-16 LE with a byte-order mark
    files["utf16.csv"] = REAL.read_bytes().decode("utf-8").encode("utf-16")
    # 23. a quoted area name holding a line break, starting on line 60: reported at line 60
    area = rows[58].split(b";")[0]
    files["multiline_cell.csv"] = _join(
        [
            header,
            *rows[:58],
            _replace_cell(rows[58], 0, b'"' + area[:3] + CRLF + area[3:] + b'"'),
            *rows[59:],
        ]
    )
    return files


def main() -> None:
    for name, content in build().items():
        (HERE / name).write_bytes(content)
        print(f"{name}: {len(content)} bytes")


if __name__ == "__main__":
    main()

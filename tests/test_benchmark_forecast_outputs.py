"""What a user sees of the what-if and the nowcast: `jobcenter whatif` and the report section
"Hvor lander vi?", on the demo as `jobcenter demo` builds it."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from tests.conftest import run_cli


def test_whatif_prints_the_targets_of_the_latest_list_and_the_next_bands(
    demo_warehouse: Path,
) -> None:
    result = run_cli(["whatif", "--municipality", "707"], demo_warehouse)
    assert result.returncode == 0, result.stdout + result.stderr
    # the rows on stdout (a table; csv/json for a pipe), the context on stderr
    rows, out = result.stdout, result.stderr
    # the demo's latest list is 2025QMAT02, where Norddjurs is 8th
    assert "Norddjurs on 2025QMAT02: rank 8" in out
    assert re.search(r"│ top_10\s+│ yes\s+│\s+10 │", rows)
    assert re.search(r"│ next_place\s+│ no\s+│\s+7 │", rows)
    assert "2025QMAT04 (not published): rank" in out and "2026QMAT02 (not published)" in out
    assert "not a forecast by the ministry" in out and "SYNTHETIC demo data" in out


def test_whatif_for_an_earlier_list_and_an_unknown_municipality(demo_warehouse: Path) -> None:
    result = run_cli(["whatif", "--municipality", "707", "--period", "2021QMAT04"], demo_warehouse)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stderr
    assert "Norddjurs on 2021QMAT04: rank 17" in out
    as_csv = run_cli(
        ["whatif", "--municipality", "707", "--period", "2021QMAT04", "--format", "csv"],
        demo_warehouse,
    )
    top_10 = next(r for r in csv.DictReader(io.StringIO(as_csv.stdout)) if r["target"] == "top_10")
    assert top_10["there"] == "no" and top_10["rank"] == "10"
    assert float(top_10["fewer_low"]) <= float(top_10["fewer"]) <= float(top_10["fewer_high"])
    assert "(not published)" not in out  # bands only from the latest list
    unknown = run_cli(["whatif", "--municipality", "999"], demo_warehouse)
    assert unknown.returncode == 1 and "kommunekode 999" in unknown.stderr


def test_report_section_hvor_lander_vi(demo_warehouse: Path) -> None:
    html = (demo_warehouse / "reports" / "707_2025QMAT02.html").read_text(encoding="utf-8")
    section = html[html.index('<section id="hvor-lander-vi">') :]
    section = section[: section.index("</section>")]
    assert "6. Hvor lander vi?" in section
    assert "Norddjurs er allerede i top 10 på listen for 3. kvartal 2024 – 2. kvartal 2025." in (
        section
    )
    assert re.search(
        r"Med \d+ færre fuldtidspersoner på offentlig forsørgelse var Norddjurs endt én plads "
        r"højere på listen for 3\. kvartal 2024 – 2\. kvartal 2025 \(\d+–\d+ med afrundingen",
        section,
    )
    assert re.search(
        r"På listen for 1\. halvår 2025 – 2\. halvår 2025 lander Norddjurs efter vores "
        r"beregning mellem nr\. \d+ og nr\. \d+",
        section,
    )
    assert re.search(
        r"Tilbageregnet på \d+ tidligere lister lå den offentliggjorte placering "
        r"inden for båndet i \d+ % af tilfældene",
        section,
    )
    assert "ikke en prognose fra Beskæftigelsesministeriet" in section
    assert "<svg" not in section

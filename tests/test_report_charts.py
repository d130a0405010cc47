"""The report's SVG charts (orchestration/report/charts.py): well-formed, accessible XML with the
right marks in the right places, escaped text, Danish numbers and round axis ticks. Fast: no
warehouse, no browser (the rendered report is looked at in test_report.py)."""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import duckdb
import pytest

from orchestration.quality.run_info import RunInfo
from orchestration.report.charts import (
    HIGHLIGHT,
    MUTED,
    PRIMARY,
    BarSeries,
    LineSeries,
    bar_chart_svg,
    format_number,
    nice_ticks,
    rank_trajectory_svg,
)
from orchestration.report.report import render_report

NS = "{http://www.w3.org/2000/svg}"
NASTY = 'Ærø & <Lyngby> "T"'


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    return root


def marks(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{NS}{tag}") if e.get("class") == cls]


def texts(root: ET.Element) -> list[str]:
    return [e.text or "" for e in root.iter(f"{NS}text")]


def is_nice_step(step: float) -> bool:
    exponent = math.floor(math.log10(step))
    mantissa = step / 10**exponent
    return any(math.isclose(mantissa, m) for m in (1, 2, 5, 10))


# --- nice_ticks and numbers -----------------------------------------------------------------


def test_nice_ticks_positive_domain():
    assert nice_ticks(0, 2160, 11) == [float(v) for v in range(0, 2201, 200)]
    assert nice_ticks(0, 0.3, 3) == [0.0, 0.1, 0.2, 0.3]  # no 0.30000000000000004
    assert nice_ticks(1, 98, 10)[:3] == [0.0, 10.0, 20.0]


@pytest.mark.parametrize(
    ("lo", "hi", "n"),
    [(-0.93, 0.58, 10), (-0.23, 0.0, 8), (-1500, 37, 5), (0.001, 0.0042, 4), (-7, 7, 3)],
)
def test_nice_ticks_cover_the_domain_with_round_steps(lo, hi, n):
    ticks = nice_ticks(lo, hi, n)
    assert ticks[0] <= lo and ticks[-1] >= hi
    steps = {round(b - a, 12) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    assert is_nice_step(steps.pop())
    assert len(ticks) <= 2 * n + 2
    if lo < 0 < hi or 0 in (lo, hi):
        assert 0.0 in ticks
    assert all(str(t) != "-0.0" for t in ticks)


def test_nice_ticks_zero_width_and_odd_input():
    assert nice_ticks(0, 0) == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert nice_ticks(5, 5)[0] == 0.0 and nice_ticks(5, 5)[-1] == 5.0
    assert nice_ticks(-3, -3)[0] == -3.0 and nice_ticks(-3, -3)[-1] == 0.0
    assert nice_ticks(10, 0) == nice_ticks(0, 10)
    assert nice_ticks(0, 1, 0) == [0.0, 1.0]
    assert len(nice_ticks(0, 1e-9, 5)) > 1
    with pytest.raises(ValueError):
        nice_ticks(0, math.nan)
    with pytest.raises(ValueError):
        nice_ticks(-math.inf, 1)


def test_danish_numbers():
    assert format_number(1234) == "1.234"
    assert format_number(1234567.891, 2) == "1.234.567,89"
    assert format_number(-0.5, 1) == "\u22120,5"
    assert format_number(-0.001, 2) == "0,00"  # no negative zero
    assert format_number(0) == "0"


# --- rank trajectory ------------------------------------------------------------------------

PERIODS = ["2023QMAT02", "2023QMAT04", "2024QMAT02"]


def four_series() -> list[LineSeries]:
    return [
        LineSeries(
            "Ydelsesgrupper i alt", dict(zip(PERIODS, [40, 20, 8], strict=True)), PRIMARY, 3.5
        ),
        LineSeries("A-dagpenge mv.", dict(zip(PERIODS, [70, 75, 77], strict=True)), "#2e86c1"),
        LineSeries("Sygedagpenge mv.", dict(zip(PERIODS, [3, 2, 1], strict=True)), "#b9770e"),
        LineSeries("Kontanthjælp mv.", dict(zip(PERIODS, [50, 60, 98], strict=True)), "#7d3c98"),
    ]


def test_trajectory_is_accessible_xml_with_a_line_and_points_per_series():
    svg = rank_trajectory_svg(PERIODS, four_series(), title="Placering, Norddjurs")
    root = parse(svg)
    assert root.get("role") == "img"
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox"))
    assert root.get("width") == root.get("viewBox").split()[2]
    assert "sans-serif" in root.get("font-family")
    assert root.find(f"{NS}title").text == "Placering, Norddjurs"
    desc = root.find(f"{NS}desc").text
    assert "Ydelsesgrupper i alt: nr. 40 (2023QMAT02), nr. 8 (2024QMAT02)" in desc
    lines = marks(root, "path", "series")
    assert len(lines) == 4
    assert len(marks(root, "circle", "point")) == 12
    # the thick total is drawn last, on top of the others
    assert lines[-1].get("stroke") == PRIMARY and lines[-1].get("stroke-width") == "3.5"
    assert sorted(line.get("stroke-width") for line in lines) == ["1.5", "1.5", "1.5", "3.5"]
    words = texts(root)
    for expected in (*PERIODS, "Liste (periode)", "Placering (1 = bedst)", "Kontanthjælp mv."):
        assert expected in words
    assert "1" in words and "98" in words  # the axis shows first and last place
    period_label = next(e for e in root.iter(f"{NS}text") if e.text == PERIODS[0])
    assert "rotate(-40" in period_label.get("transform")


def point(root: ET.Element, stroke: str, period_index: int) -> tuple[float, float]:
    circles = [c for c in marks(root, "circle", "point") if c.get("fill") == stroke]
    circle = circles[period_index]
    return float(circle.get("cx")), float(circle.get("cy"))


def test_rank_one_is_at_the_top_and_periods_run_left_to_right():
    series = [LineSeries("i alt", {"2023QMAT02": 98, "2023QMAT04": 1}, PRIMARY, 3.5)]
    root = parse(rank_trajectory_svg(["2023QMAT02", "2023QMAT04"], series, title="t"))
    (x98, y98), (x1, y1) = point(root, PRIMARY, 0), point(root, PRIMARY, 1)
    assert y1 < y98  # SVG y grows downwards: rank 1 above rank 98
    assert x98 < x1
    # the grid line of rank 1 is at the top of the plot, of 98 at the bottom
    labels = {e.text: float(e.get("y")) for e in root.iter(f"{NS}text")}
    assert labels["1"] == pytest.approx(y1) and labels["98"] == pytest.approx(y98)


def test_trajectory_gaps_break_the_line_without_crashing():
    values = {"2023QMAT02": 10, "2023QMAT04": None, "2024QMAT02": 12}
    series = [
        LineSeries("i alt", values, PRIMARY, 3.5),
        LineSeries("kun én", {"2024QMAT02": float("nan")}, "#2e86c1"),  # nothing to draw
        LineSeries("to", {"2023QMAT02": 5, "2023QMAT04": 6}, "#b9770e"),  # missing at the end
    ]
    root = parse(rank_trajectory_svg(PERIODS, series, title="t"))
    lines = marks(root, "path", "series")
    assert len(lines) == 2  # the series without any value has no line, but its legend entry
    total = next(line for line in lines if line.get("stroke") == PRIMARY)
    assert total.get("d").count("M") == 2 and "L" not in total.get("d")
    assert len(marks(root, "circle", "point")) == 4
    assert "kun én" in texts(root)
    # one period, no periods: still a picture
    parse(rank_trajectory_svg(["2024QMAT02"], series, title="t"))
    parse(rank_trajectory_svg([], [], title="t"))


def test_ranks_beyond_the_list_extend_the_axis():
    series = [LineSeries("i alt", {"2024QMAT02": 120}, PRIMARY)]
    root = parse(rank_trajectory_svg(["2024QMAT02"], series, title="t", n_ranks=98))
    assert "120" in texts(root)


# --- bar charts -----------------------------------------------------------------------------

GROUPS = ["Ydelsesgrupper i alt", "A-dagpenge mv.", "Sygedagpenge mv.", "Kontanthjælp mv."]


def test_grouped_bars_two_per_row_with_danish_thousands():
    svg = bar_chart_svg(
        GROUPS,
        [
            BarSeries("Forventet", [2160, 500, 780, 880], color=MUTED),
            BarSeries("Faktisk", [2000, 550, 670, 780], color=PRIMARY),
        ],
        title="Faktisk og forventet",
        x_title="Fuldtidspersoner på offentlig forsørgelse",
    )
    root = parse(svg)
    bars = marks(root, "rect", "bar")
    assert len(bars) == 8
    assert [b.get("fill") for b in bars] == [MUTED, PRIMARY] * 4
    # within a row, the expected bar is above the actual one; rows go down in order
    ys = [float(b.get("y")) for b in bars]
    assert ys == sorted(ys)
    # widths are proportional to the values
    widths = [float(b.get("width")) for b in bars]
    assert widths[0] / widths[2] == pytest.approx(2160 / 500, rel=0.01)
    words = texts(root)
    assert "1.000" in words and "2.000" in words
    assert "Forventet" in words and "Faktisk" in words  # the legend
    assert "Fuldtidspersoner på offentlig forsørgelse" in words
    assert len(marks(root, "rect", "swatch")) == 2
    assert bars[0].find(f"{NS}title").text == "Ydelsesgrupper i alt – Forventet: 2.160"


def landsdel_chart(names: list[str], values: list[float | None], me: int) -> ET.Element:
    return parse(
        bar_chart_svg(
            names,
            [
                BarSeries(
                    "Forskel",
                    values,
                    color=MUTED,
                    colors=[HIGHLIGHT if i == me else MUTED for i in range(len(names))],
                )
            ],
            title="Landsdel",
            x_title="Faktisk minus forventet andel (pct.-point; negativ = bedre)",
            emphasis=me,
            value_decimals=2,
        )
    )


def test_negative_bars_go_left_of_zero_and_ours_is_highlighted():
    names = ["Odder", "Norddjurs", "Aarhus", "Syddjurs"]
    root = landsdel_chart(names, [-0.92, -0.76, 0.0, 0.58], me=1)
    zero = next(e for e in root.iter(f"{NS}line") if e.get("class") == "zero")
    zero_x = float(zero.get("x1"))
    bars = marks(root, "rect", "bar")
    assert len(bars) == 4
    for bar, value in zip(bars, [-0.92, -0.76, 0.0, 0.58], strict=True):
        left, right = float(bar.get("x")), float(bar.get("x")) + float(bar.get("width"))
        if value < 0:
            assert right == pytest.approx(zero_x, abs=0.1) and left < zero_x
        elif value > 0:
            assert left == pytest.approx(zero_x, abs=0.1) and right > zero_x
        else:
            assert float(bar.get("width")) == 0
    assert [b.get("fill") for b in bars] == [MUTED, HIGHLIGHT, MUTED, MUTED]
    assert bars[1].find(f"{NS}title").text == "Norddjurs: \u22120,76"
    bold = [e.text for e in root.iter(f"{NS}text") if e.get("font-weight") == "700"]
    assert bold == ["Norddjurs"]
    ticks = [t for t in texts(root) if re.fullmatch(r"[\u2212]?\d+(,\d+)?", t)]
    assert "0,0" in ticks and "\u22120,4" in ticks and "0,4" in ticks  # decimal comma
    assert not any("." in t for t in ticks)


def test_bar_chart_edge_cases():
    # all zero: no division by zero, bars of width 0
    root = landsdel_chart(["A", "B"], [0.0, 0.0], me=0)
    assert [b.get("width") for b in marks(root, "rect", "bar")] == ["0", "0"]
    # a missing value has no bar; one municipality alone still renders
    root = landsdel_chart(["A", "B"], [None, float("nan")], me=0)
    assert marks(root, "rect", "bar") == []
    assert len(marks(landsdel_chart(["Bornholm"], [-0.23], me=0), "rect", "bar")) == 1
    with pytest.raises(ValueError):
        bar_chart_svg(["A"], [BarSeries("x", [1, 2])], title="t", x_title="x")


def test_text_is_escaped():
    root = landsdel_chart([NASTY, "Ærø\x07"], [-0.1, 0.2], me=0)
    words = texts(root)
    assert NASTY in words and "Ærø" in words  # the control character is dropped
    assert NASTY in root.find(f"{NS}desc").text
    svg = rank_trajectory_svg(
        ["2024QMAT02"],
        [LineSeries(NASTY, {"2024QMAT02": 3})],
        title=f"Placering, {NASTY}",
        chart_id='x" onload="alert(1)',
    )
    root = parse(svg)
    assert root.find(f"{NS}title").text == f"Placering, {NASTY}"
    assert NASTY in texts(root)
    assert "<Lyngby>" not in svg and "&lt;Lyngby&gt;" in svg
    assert not any(name.startswith("onload") for e in root.iter() for name in e.attrib)


def test_long_labels_are_shortened_but_named_in_full():
    long = "Kommunen med det meget, meget lange navn ved fjorden"
    root = landsdel_chart([long, "Kort"], [0.1, -0.1], me=0)
    label = next(t for t in texts(root) if t.startswith("Kommunen"))
    assert label.endswith("…") and len(label) < len(long)
    assert marks(root, "rect", "bar")[0].find(f"{NS}title").text.startswith(long)
    assert long in root.find(f"{NS}desc").text


def test_output_is_deterministic():
    def both() -> str:
        return rank_trajectory_svg(PERIODS, four_series(), title="t") + bar_chart_svg(
            GROUPS,
            [BarSeries("a", [1, 2, 3, 4]), BarSeries("b", [4, 3, 2, 1])],
            title="t",
            x_title="x",
        )

    assert both() == both()


# --- wired into the report ------------------------------------------------------------------


def _tiny_warehouse(demo_warehouse: Path, path: Path) -> duckdb.DuckDBPyConnection:
    """The marts' and seeds' own tables (the demo serving copy's, so every contracted column is
    there), empty but for the seeds and dim_benefit_group."""
    con = duckdb.connect(str(path))
    con.execute(f"attach '{demo_warehouse / 'serving' / 'warehouse.duckdb'}' as src (read_only)")
    for schema in ("marts", "reference"):
        con.execute(f"create schema {schema}")
        tables = con.execute(
            "select table_name from duckdb_tables() where database_name = 'src' "
            "and schema_name = ?",
            [schema],
        ).fetchall()
        for (table,) in tables:
            rows = "" if schema == "reference" or table == "dim_benefit_group" else " where false"
            con.execute(
                f"create table {schema}.{table} as select * from src.{schema}.{table}{rows}"
            )
    con.execute("detach src")
    return con


def test_report_inlines_three_charts_from_the_marts(demo_warehouse: Path, tmp_path: Path):
    """A tiny warehouse: the three charts are well-formed and use the marts' values."""
    con = _tiny_warehouse(demo_warehouse, tmp_path / "tiny.duckdb")
    periods = [
        ("2023QMAT04", "2023-12-01"),
        ("2024QMAT02", "2024-06-01"),
        ("2024QMAT04", "2024-12-01"),
    ]
    con.executemany(
        "insert into marts.dim_period (period_code, period_year, last_month, period_label_da, "
        "list_sequence, is_latest) values (?, ?, ?, ?, ?, ?)",
        [
            (code, int(code[:4]), month, f"liste {i + 1}", i + 1, i == 2)
            for i, (code, month) in enumerate(periods)
        ],
    )
    benchmark, trajectory = [], []
    groups = ["total", "unemployment_benefit", "sickness_benefit", "social_assistance"]
    for kode, name, diff in ((101, NASTY, -0.5), (147, "Frederiksberg", 0.25), (151, "B", 0.1)):
        for p, (period, month) in enumerate(periods):
            for g, group in enumerate(groups):
                if kode == 101 and group == "sickness_benefit" and p == 1:
                    continue  # a gap in the trajectory
                rank = {101: 1, 147: 98, 151: 50}[kode]
                benchmark.append(
                    (kode, name, period, group, rank, diff, 98, True, 1000 + g, 900 + g, -100)
                )
                trajectory.append((kode, name, group, period, month, f"liste {p + 1}", p + 1, rank))
    con.executemany(
        "insert into marts.fct_benchmark (kommunekode, municipality_name, period_code, "
        "benefit_group, rank_national, diff_share_pp, municipalities_in_list, is_synthetic, "
        "expected_count, actual_count, diff_count, landsdel) "
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Byen København')",
        benchmark,
    )
    con.executemany(
        "insert into marts.fct_benchmark_trajectory (kommunekode, municipality_name, "
        "benefit_group, period_code, period_end_month, period_label_da, list_sequence, "
        "rank_national) values (?, ?, ?, ?, ?, ?, ?, ?)",
        trajectory,
    )
    html, name, synthetic = render_report(con, 101, "2024QMAT04", run_info=RunInfo())
    assert name == NASTY and synthetic is True
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(svgs) == 3 and html.count("<svg") == 3
    trajectory, actual, landsdel = (parse(s) for s in svgs)
    assert len(marks(trajectory, "path", "series")) == 4
    assert len(marks(trajectory, "circle", "point")) == 11  # 3 periods × 4 groups, one gap
    assert len(marks(actual, "rect", "bar")) == 8
    bars = marks(landsdel, "rect", "bar")
    assert [b.get("fill") for b in bars] == [HIGHLIGHT, MUTED, MUTED]
    assert bars[0].find(f"{NS}title").text == f"{NASTY}: \u22120,50"
    assert NASTY in texts(landsdel)
    assert "<Lyngby>" not in html
    # each chart has its own ids for its title and description
    ids = re.findall(r' id="([^"]+)"', html)
    assert len([i for i in ids if i.endswith("-title")]) == 3
    assert len(ids) == len(set(ids))

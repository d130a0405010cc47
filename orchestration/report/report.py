"""The committee follow-up report: one self-contained HTML file per municipality and period.

Reads the marts read-only (the serving copy when there is one, so a running build is never in
the way) by their contracts: named columns, plain queries. Danish labels of coded values come
from the warehouse (dim_benefit_group, dim_period, the status columns' `*_label_da`, the seeds
goal_comparators and goal_trends in schema `reference`); the words around them are in
`templates/committee_report.html.j2`. Charts are inlined as SVG (`charts.py`: no plotting
library, no network, no JavaScript). Each section is one function here and one block in the
template; a section with nothing to show says why in a sentence.
"""

from __future__ import annotations

import functools
import math
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from orchestration.publish.serving import serving_path
from orchestration.quality.run_info import RunInfo, read_run_info
from orchestration.quality.warnings import run_warnings
from orchestration.report.charts import (
    HIGHLIGHT,
    MUTED,
    PRIMARY,
    SERIES_COLORS,
    BarSeries,
    LineSeries,
    bar_chart_svg,
    format_number,
    rank_trajectory_svg,
)
from orchestration.settings import Settings

TEMPLATES = Path(__file__).resolve().parent / "templates"
NOT_AVAILABLE = "ikke tilgængelig"
# Month names for period labels of the goals (monthly, quarterly follow-up periods); the
# benchmark lists' labels come from marts.dim_period.
MONTHS_DA = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip
# Units of the goal catalogue whose values are percentages: a difference of two of them is in
# percentage points.
UNIT_SUFFIX = {"pct": " %", "pct_points": " pct.-point"}
DIFFERENCE_SUFFIX = {"pct": " pct.-point", "pct_points": " pct.-point"}


class ReportError(Exception):
    """The report cannot be made at all (no warehouse, unknown municipality or period)."""


def report_source(settings: Settings) -> Path:
    """The serving copy when published, else the build file (read-only)."""
    serving = serving_path(settings)
    if serving.exists():
        return serving
    if settings.warehouse_path.exists():
        return settings.warehouse_path
    raise ReportError(
        f"no warehouse at {serving} or {settings.warehouse_path}: run `jobcenter demo` or "
        "`jobcenter build` first"
    )


def report_path(settings: Settings, kommunekode: int, period_code: str) -> Path:
    return settings.data_dir / "reports" / f"{kommunekode}_{period_code}.html"


# --- formatting -----------------------------------------------------------------------------


def plural_da(count: int, singular: str, plural: str) -> str:
    """'1 advarsel', '10 advarsler'."""
    return f"{count} {singular if abs(count) == 1 else plural}"


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def _fmt(value: Any, digits: int = 0, signed: bool = False) -> str:
    """A Danish number ('.' thousands, ',' decimals, '−'); '–' for a missing value."""
    if _missing(value):
        return "–"
    number = float(value)
    text = format_number(number, digits)
    if signed and not text.startswith("\u2212") and text.strip("0,.") != "":
        text = "+" + text
    return text


def label_in_sentence(label: str) -> str:
    """A label inside a sentence: 'Sygedagpenge mv.' → 'sygedagpenge mv.', 'A-dagpenge mv.'
    stays (a capital that is not just the first letter of a word is part of the name)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def signed(value: Any) -> str:
    """A whole number with its sign: '+3', '−2', '0'."""
    return _fmt(value, signed=True)


def goal_period_label(code: str) -> str:
    """A goal's follow-up period in Danish: 2024M12 → 'december 2024', 2024Q4 → '4. kvartal
    2024', 2024H1 → '1. halvår 2024', 2024 → '2024'."""
    match = re.fullmatch(r"(\d{4})(?:([MQH])(\d{1,2}))?", code)
    if not match:
        return code
    year, kind, number = match.group(1), match.group(2), match.group(3)
    if kind == "M":
        return f"{MONTHS_DA[int(number) - 1]} {year}"
    if kind == "Q":
        return f"{int(number)}. kvartal {year}"
    if kind == "H":
        return f"{int(number)}. halvår {year}"
    return year


def _axis_label(last_month: date) -> str:
    """A benchmark list on a chart axis: its last month, e.g. 'jun. 2020' (the full label from
    dim_period is in the chart's note and table)."""
    name = MONTHS_DA[last_month.month - 1]
    return f"{name if len(name) <= 4 else name[:3] + '.'} {last_month.year}"


# --- reading --------------------------------------------------------------------------------


@dataclass
class Section:
    """One section of the report: its chart, table rows and the facts its text needs. `note`
    says why it is empty (the template words it)."""

    available: bool = False
    note: str = NOT_AVAILABLE
    chart: Markup | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ListPeriod:
    """The report's benchmark list, from marts.dim_period."""

    code: str
    label: str
    year: int
    last_day: date
    sequence: int


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


def _list_period(con: duckdb.DuckDBPyConnection, period_code: str) -> ListPeriod:
    row = con.execute(
        "select period_code, period_label_da, period_year, last_month, list_sequence "
        "from marts.dim_period where period_code = ?",
        [period_code],
    ).fetchone()
    if row is None:
        lists = [r[0] for r in con.execute(
            "select period_code from marts.dim_period order by list_sequence"
        ).fetchall()]  # fmt: skip
        raise ReportError(f"no benchmark list for period {period_code}; lists: {', '.join(lists)}")
    last_month = pd.Timestamp(row[3])
    last_day = (last_month + pd.offsets.MonthEnd(0)).date()
    return ListPeriod(str(row[0]), str(row[1]), int(row[2]), last_day, int(row[4]))


def _goal_status_labels(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("select status, label_da from reference.goal_statuses").fetchall())


def _rank_trajectory(
    con: duckdb.DuckDBPyConnection, kommunekode: int, period: ListPeriod
) -> Section:
    """Every list up to the report's: the rank of each benefit area, the total thicker."""
    frame = _df(
        con,
        """
        select trajectory.period_code, trajectory.period_label_da, trajectory.period_end_month,
            trajectory.benefit_group, groups.benefit_group_label_da, trajectory.rank_national,
            trajectory.rank_change_previous_any, trajectory.rank_change_first
        from marts.fct_benchmark_trajectory as trajectory
        inner join marts.dim_benefit_group as groups
            on trajectory.benefit_group = groups.benefit_group
        where trajectory.kommunekode = ? and trajectory.list_sequence <= ?
        order by trajectory.list_sequence, groups.sort_order
        """,
        [kommunekode, period.sequence],
    )
    if frame.empty:
        return Section(note="ingen benchmarklister for kommunen")
    axis = {
        code: _axis_label(pd.Timestamp(end).date())
        for code, end in zip(frame.period_code, frame.period_end_month, strict=True)
    }
    series = []
    for i, (group, rows) in enumerate(frame.groupby("benefit_group", sort=False)):
        series.append(
            LineSeries(
                label=str(rows.benefit_group_label_da.iloc[0]),
                values={
                    axis[c]: r for c, r in zip(rows.period_code, rows.rank_national, strict=True)
                },
                color=SERIES_COLORS[i % len(SERIES_COLORS)],
                width=3.5 if group == "total" else 1.5,
            )
        )
    total = frame[frame.benefit_group == "total"]
    first, last = total.iloc[0], total.iloc[-1]
    chart = rank_trajectory_svg(
        list(dict.fromkeys(axis.values())),
        series,
        title=f"Placering på benchmarklisten, {first.period_label_da} til {last.period_label_da}",
        x_title="Listens sidste måned",
        chart_id="placering-diagram",
    )
    facts: dict[str, Any] = {
        "first_label": first.period_label_da,
        "first_rank": int(first.rank_national),
        "lists": len(total),
        "change_since_first": None
        if _missing(last.rank_change_first)
        else int(last.rank_change_first),
    }
    if len(total) > 1:
        facts["previous_label"] = total.iloc[-2].period_label_da
        facts["change_since_previous"] = (
            None if _missing(last.rank_change_previous_any) else int(last.rank_change_previous_any)
        )
    return Section(available=True, note="", chart=Markup(chart), facts=facts)


BENEFIT_AREAS = ("unemployment_benefit", "sickness_benefit", "social_assistance")


def _rank_explained(
    con: duckdb.DuckDBPyConnection, kommunekode: int, period: ListPeriod
) -> dict[str, Any]:
    """Why the overall rank is what it is: the benefit area that carries it and the one that
    pulls it down (marts.fct_benchmark_explained: each area's rank and pct-point gap)."""
    row = _df(
        con,
        """
        select rank_national, strongest_benefit_group, weakest_benefit_group,
            rank_unemployment_benefit, diff_share_pp_unemployment_benefit,
            rank_sickness_benefit, diff_share_pp_sickness_benefit,
            rank_social_assistance, diff_share_pp_social_assistance
        from marts.fct_benchmark_explained
        where kommunekode = ? and period_code = ?
        """,
        [kommunekode, period.code],
    )
    if row.empty or _missing(row.strongest_benefit_group.iloc[0]):
        return {}
    labels = dict(
        con.execute(
            "select benefit_group, benefit_group_label_da from marts.dim_benefit_group"
        ).fetchall()
    )
    r = row.iloc[0]

    def area(group: str) -> dict[str, Any]:
        return {
            "label": labels[group],
            "rank": _fmt(r[f"rank_{group}"]),
            "diff_share_pp": _fmt(r[f"diff_share_pp_{group}"], 2, signed=True),
        }

    explained = {"rank": int(r.rank_national), "strongest": area(r.strongest_benefit_group)}
    if r.weakest_benefit_group != r.strongest_benefit_group:
        explained["weakest"] = area(r.weakest_benefit_group)
    return explained


def _actual_vs_expected(
    con: duckdb.DuckDBPyConnection, kommunekode: int, period: ListPeriod
) -> Section:
    frame = _df(
        con,
        """
        select groups.benefit_group_label_da, benchmark.expected_count, benchmark.actual_count,
            benchmark.diff_count, benchmark.expected_share_pct, benchmark.actual_share_pct,
            benchmark.diff_share_pp, benchmark.rank_national, benchmark.estimated_value_dkk,
            benchmark.value_per_fulltime_person_dkk, benchmark.value_price_year,
            benchmark.benefit_group
        from marts.fct_benchmark as benchmark
        inner join marts.dim_benefit_group as groups
            on benchmark.benefit_group = groups.benefit_group
        where benchmark.kommunekode = ? and benchmark.period_code = ?
        order by groups.sort_order
        """,
        [kommunekode, period.code],
    )
    if frame.empty:
        return Section(note=f"ingen benchmarkliste for {period.label}")
    chart = bar_chart_svg(
        list(frame.benefit_group_label_da),
        [
            BarSeries("Forventet", list(frame.expected_count), color=MUTED),
            BarSeries("Faktisk", list(frame.actual_count), color=PRIMARY),
        ],
        title=f"Faktisk og forventet antal på offentlig forsørgelse, {period.label}",
        x_title="Fuldtidspersoner på offentlig forsørgelse",
        chart_id="faktisk-forventet-diagram",
        plot_width=560,
    )
    rows = [
        {
            "benefit_group": r.benefit_group_label_da,
            "expected_count": _fmt(r.expected_count),
            "actual_count": _fmt(r.actual_count),
            "diff_count": _fmt(r.diff_count, signed=True),
            "expected_share_pct": _fmt(r.expected_share_pct, 2),
            "actual_share_pct": _fmt(r.actual_share_pct, 2),
            "diff_share_pp": _fmt(r.diff_share_pp, 2, signed=True),
            "rank_national": _fmt(r.rank_national),
            "estimated_value_dkk": _fmt(r.estimated_value_dkk, signed=True),
        }
        for r in frame.itertuples()
    ]
    total = frame[frame.benefit_group == "total"]
    value = total.iloc[0] if not total.empty else frame.iloc[0]
    facts = {
        "value_per_person": _fmt(value.value_per_fulltime_person_dkk),
        "value_price_year": None
        if _missing(value.value_price_year)
        else int(value.value_price_year),
    }
    return Section(available=True, note="", chart=Markup(chart), rows=rows, facts=facts)


def _peers(con: duckdb.DuckDBPyConnection, kommunekode: int, period: ListPeriod) -> Section:
    """The municipality's rank in every comparison, and its landsdel as a bar chart."""
    current = _df(
        con,
        """
        select rank_national, municipalities_in_list, region, rank_region,
            municipalities_in_region, landsdel, rank_landsdel, municipalities_in_landsdel,
            jutland_or_islands, rank_jutland_or_islands, municipalities_in_jutland_or_islands,
            rank_in_peer_group, peer_group_size, peer_group_members
        from marts.fct_benchmark
        where kommunekode = ? and period_code = ? and benefit_group = 'total'
        """,
        [kommunekode, period.code],
    )
    if current.empty:
        return Section(note=f"ingen benchmarkliste for {period.label}")
    row = current.iloc[0]

    def place(rank: str, size: str) -> str:
        return "–" if _missing(row[rank]) else f"{int(row[rank])} af {int(row[size])}"

    facts = {
        "national": place("rank_national", "municipalities_in_list"),
        "region": row.region,
        "in_region": place("rank_region", "municipalities_in_region"),
        "landsdel": row.landsdel,
        "in_landsdel": place("rank_landsdel", "municipalities_in_landsdel"),
        "jutland_or_islands": row.jutland_or_islands,
        "in_jutland_or_islands": place(
            "rank_jutland_or_islands", "municipalities_in_jutland_or_islands"
        ),
        "in_peer_group": place("rank_in_peer_group", "peer_group_size"),
        "peer_members": row.peer_group_members,
    }
    frame = _df(
        con,
        """
        select kommunekode, municipality_name, diff_share_pp
        from marts.fct_benchmark
        where period_code = ? and benefit_group = 'total' and landsdel = ?
        order by rank_national
        """,
        [period.code, row.landsdel],
    )
    is_me = [int(k) == kommunekode for k in frame.kommunekode]
    chart = bar_chart_svg(
        [str(n) for n in frame.municipality_name],
        [
            BarSeries(
                "Faktisk minus forventet andel",
                list(frame.diff_share_pp),
                color=MUTED,
                colors=[HIGHLIGHT if me else MUTED for me in is_me],
            )
        ],
        title=f"Kommunerne i landsdel {row.landsdel}, {period.label}: faktisk minus "
        "forventet andel",
        x_title="Faktisk minus forventet andel (pct.-point; negativ = bedre)",
        emphasis=is_me.index(True) if True in is_me else None,
        value_decimals=2,
        chart_id="landsdel-diagram",
        plot_width=520,
    )
    return Section(available=True, note="", chart=Markup(chart), facts=facts)


def _where_will_we_land(
    con: duckdb.DuckDBPyConnection, kommunekode: int, period: ListPeriod
) -> Section:
    """ "Hvor lander vi?": what it would have taken to reach each target place on this list
    (marts.fct_benchmark_what_if, all benefit groups together), and, on the latest list, the
    band for the next lists (marts.fct_benchmark_nowcast) with its backtest in one sentence."""
    targets = _df(
        con,
        """
        select what_if.municipality_name, what_if.target_status, what_if.target_label_da,
            what_if.target_municipality_name, what_if.fewer_persons_needed,
            what_if.fewer_persons_needed_low, what_if.fewer_persons_needed_high,
            what_if.estimated_value_dkk
        from marts.fct_benchmark_what_if as what_if
        where what_if.kommunekode = ? and what_if.period_code = ?
            and what_if.benefit_group = 'total'
        order by what_if.target_sort_order, what_if.target_code
        """,
        [kommunekode, period.code],
    )
    if targets.empty:
        return Section(note=f"ingen beregning for listen for {period.label}")
    sentences = []
    for t in targets.itertuples():
        name, on_list = t.municipality_name, f"på listen for {period.label}"
        if t.target_status == "already_there":
            sentences.append(f"{name} er allerede {t.target_label_da} {on_list}.")
        elif t.target_status == "needs_fewer" and float(t.fewer_persons_needed) < 0.5:
            sentences.append(
                f"{name} står lige med {t.target_municipality_name}: med højst "
                f"{_fmt(math.ceil(float(t.fewer_persons_needed_high)))} færre fuldtidspersoner på "
                f"offentlig forsørgelse var {name} endt {t.target_label_da} {on_list}."
            )
        elif t.target_status == "needs_fewer":
            sentences.append(
                f"Med {_fmt(t.fewer_persons_needed)} færre fuldtidspersoner på offentlig "
                f"forsørgelse var {name} endt {t.target_label_da} {on_list} "
                f"({_fmt(t.fewer_persons_needed_low)}–{_fmt(t.fewer_persons_needed_high)} "
                f"med afrundingen af de offentliggjorte tal; værdi for de offentlige finanser "
                f"ca. {_fmt(t.estimated_value_dkk / 1e6, 1)} mio. kr. om året)."
            )
    section = Section(available=True, note="", facts={"what_if": sentences, "nowcast": []})
    bands = _df(
        con,
        """
        select nowcast.period_code, nowcast.horizon, nowcast.method_label_da,
            nowcast.rank_predicted, nowcast.rank_low, nowcast.rank_high, nowcast.band_level,
            nowcast.months_used, nowcast.backtest_lists, nowcast.backtest_coverage,
            nowcast.backtest_median_abs_rank_error,
            nowcast.backtest_baseline_median_abs_rank_error
        from marts.fct_benchmark_nowcast as nowcast
        where nowcast.kommunekode = ? and nowcast.origin_period_code = ?
            and nowcast.benefit_group = 'total'
        order by nowcast.horizon
        """,
        [kommunekode, period.code],
    )
    name = targets.municipality_name.iloc[0]
    for b in bands.itertuples():
        monthly = (
            f" og {int(b.months_used)} måneders faktiske tal fra jobindsats"
            if not _missing(b.months_used)
            else ""
        )
        same = b.backtest_median_abs_rank_error == b.backtest_baseline_median_abs_rank_error
        section.facts["nowcast"].append(
            {
                # a future list is not in dim_period yet: its label from the list's code
                "band": (
                    f"På listen for {_future_list_label(con, str(b.period_code))} lander {name} "
                    f"efter vores beregning mellem nr. {b.rank_low} og nr. {b.rank_high} "
                    f"(bedste bud nr. {b.rank_predicted}; et {_fmt(100 * float(b.band_level))} "
                    f"%-bånd)."
                ),
                "accuracy": (
                    f"Beregningen ({b.method_label_da}) bygger på listen for {period.label}"
                    f"{monthly}. Tilbageregnet på {b.backtest_lists} tidligere lister lå den "
                    f"offentliggjorte placering inden for båndet i "
                    f"{_fmt(100 * float(b.backtest_coverage))} % af tilfældene, og den typiske "
                    f"afvigelse var {_fmt(b.backtest_median_abs_rank_error)} pladser"
                    + (
                        ""
                        if same
                        else f" (samme placering som sidst: "
                        f"{_fmt(b.backtest_baseline_median_abs_rank_error)} pladser)"
                    )
                    + "."
                ),
            }
        )
    return section


def _future_list_label(con: duckdb.DuckDBPyConnection, code: str) -> str:
    """A list not published yet (so not in dim_period) labelled as dim_period labels it: the
    period type's template in seeds/benchmark_list_types.csv ('3. kvartal {y-1} – 2. kvartal
    {y}')."""
    match = re.fullmatch(r"(\d{4})(QMAT0\d)", code)
    row = (
        match
        and con.execute(
            "select period_label_da_template from reference.benchmark_list_types "
            "where period_type = ?",
            [match.group(2)],
        ).fetchone()
    )
    if not row or match is None:
        return code
    year = int(match.group(1))
    return str(row[0]).replace("{y-1}", str(year - 1)).replace("{y}", str(year))


def _goal_rows(con: duckdb.DuckDBPyConnection, kommunekode: int, period: ListPeriod) -> Section:
    """The plan's goals: the plan of the list's year, else the newest earlier plan; none when
    the catalogue has no plan for the municipality up to that year (the template says so)."""
    years = [
        int(y)
        for (y,) in con.execute(
            "select distinct plan_year from marts.fct_goal_fulfilment where kommunekode = ? "
            "order by 1",
            [kommunekode],
        ).fetchall()
    ]
    earlier = [y for y in years if y <= period.year]
    facts: dict[str, Any] = {"list_year": period.year, "plan_years": years}
    if not earlier:
        return Section(note="ingen plan", facts=facts)
    plan_year = max(earlier)
    frame = _df(
        con,
        """
        select fulfilment.goal_code, fulfilment.title_da, fulfilment.period_code,
            fulfilment.period_end_date, fulfilment.unit, fulfilment.measured_value,
            fulfilment.required_value, comparators.rule_da, fulfilment.gap,
            fulfilment.trend, trends.arrow as trend_arrow, trends.label_da as trend_label_da,
            fulfilment.previous_value, fulfilment.national_value, fulfilment.status,
            fulfilment.status_label_da, fulfilment.sort_order, fulfilment.source_kind,
            lists.period_label_da as list_label_da
        from marts.fct_goal_fulfilment as fulfilment
        left join marts.dim_period as lists
            on fulfilment.period_code = lists.period_code
        left join reference.goal_comparators as comparators
            on fulfilment.comparator = comparators.comparator
        left join reference.goal_trends as trends
            on fulfilment.trend = trends.trend
        where fulfilment.kommunekode = ? and fulfilment.plan_year = ?
        order by fulfilment.sort_order, fulfilment.period_end_date
        """,
        [kommunekode, plan_year],
    )
    # One row per goal: its latest follow-up period that has ended by the end of the list
    # period; a goal with none yet shows its first period (not yet due / no data). No goal is
    # left out.
    ends = pd.to_datetime(frame.period_end_date).dt.date
    frame = frame.assign(_ended=[d <= period.last_day for d in ends])
    chosen = []
    for _, goal in frame.groupby("goal_code", sort=False):
        ended = goal[goal._ended]
        chosen.append(ended.iloc[-1] if not ended.empty else goal.iloc[0])

    def amount(row: pd.Series, column: str, *, difference: bool = False) -> str:
        if _missing(row[column]):
            return "–"
        suffixes = DIFFERENCE_SUFFIX if difference else UNIT_SUFFIX
        suffix = suffixes.get(str(row.unit), "")
        number = float(row[column])
        digits = 1 if suffix or number != round(number) else 0
        return _fmt(number, digits, signed=difference) + suffix

    rows = [
        {
            "code": r.goal_code,
            "title": r.title_da,
            "rule": r.rule_da or "",
            # a goal judged on a benchmark list (1.1) has the list's period
            "period": r.list_label_da
            if not _missing(r.list_label_da)
            else goal_period_label(str(r.period_code)),
            "value": amount(r, "measured_value"),
            "required": amount(r, "required_value"),
            "gap": amount(r, "gap", difference=True),
            "trend": f"{r.trend_arrow} {r.trend_label_da}" if not _missing(r.trend) else "–",
            "previous": amount(r, "previous_value"),
            "national": amount(r, "national_value"),
            "status": r.status,
            "status_label": r.status_label_da,
            # computed in the warehouse from the municipality's person-level data, for a month
            # jobindsats has not published yet (docs/person_level.md)
            "is_computed_locally": r.source_kind == "computed_locally",
        }
        for r in chosen
    ]
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["status_label"]] = counts.get(row["status_label"], 0) + 1
    facts.update(
        plan_year=plan_year,
        counts=sorted(counts.items(), key=lambda item: -item[1]),
    )
    return Section(available=True, note="", rows=rows, facts=facts)


def _supervision(con: duckdb.DuckDBPyConnection, kommunekode: int, period: ListPeriod) -> Section:
    """The skærpet-tilsyn verdict built on this list, else the latest year up to the list's."""
    frame = _df(
        con,
        """
        select risk_year, benchmark_period_code, diff_share_pp, is_worse_than_expected,
            samtaler_share_pct, samtaler_threshold_pct, is_samtaler_met, tilbud_share_pct,
            tilbud_threshold_pct, is_tilbud_suspended, is_tilbud_met, risk_status,
            risk_status_label_da, reason_da
        from marts.fct_supervision_risk
        where kommunekode = ? and risk_year <= ?
        order by coalesce(benchmark_period_code = ?, false), risk_year
        """,
        [kommunekode, period.year, period.code],
    )
    if frame.empty:
        return Section(note=f"ingen vurdering for kommunen til og med {period.year}")
    r = frame.iloc[-1]
    statuses = _goal_status_labels(con)

    def verdict(met: Any) -> str:
        return statuses["no_data"] if _missing(met) else statuses["met" if met else "not_met"]

    result_met = None if _missing(r.is_worse_than_expected) else not r.is_worse_than_expected
    rows = [
        {
            "part": "resultatmaal",
            "value": _fmt(r.diff_share_pp, 2, signed=True),
            "status": verdict(result_met),
        },
        {
            "part": "samtaler",
            "value": _fmt(r.samtaler_share_pct, 1),
            "threshold": _fmt(r.samtaler_threshold_pct),
            "status": verdict(r.is_samtaler_met),
        },
        {
            "part": "tilbud",
            "value": _fmt(r.tilbud_share_pct, 1),
            "threshold": _fmt(r.tilbud_threshold_pct),
            "status": "suspenderet" if r.is_tilbud_suspended is True else verdict(r.is_tilbud_met),
        },
    ]
    return Section(
        available=True,
        note="",
        rows=rows,
        facts={
            "risk_status": r.risk_status,
            "headline": r.risk_status_label_da,
            # the mart's sentence names its list by code (2024QMAT04); the committee reads the
            # list's label
            "reason": _with_list_labels(con, str(r.reason_da)),
            "year": int(r.risk_year),
        },
    )


def _with_list_labels(con: duckdb.DuckDBPyConnection, text: str) -> str:
    """`text` with every benchmark list code replaced by its label from marts.dim_period."""
    labels = dict(
        con.execute("select period_code, period_label_da from marts.dim_period").fetchall()
    )
    return re.sub(r"\d{4}QMAT0\d", lambda m: labels.get(m.group(0), m.group(0)), text)


def _next_updates(con: duckdb.DuckDBPyConnection) -> list[dict[str, str]]:
    """The next update jobindsats announces for the tables this report shows (benchmark,
    fokusmål), from marts.dim_source_table (the newest catalogue landed); empty without one."""
    frame = _df(
        con,
        """
        select source_table_key, table_id, next_update from marts.dim_source_table
        where source_table_key in ('y30r21', 'fokus_samtaler', 'fokus_tilbud')
            and next_update is not null
        order by source_table_key = 'y30r21' desc, source_table_key
        """,
    )
    return [
        {
            "key": r.source_table_key,
            "table_id": str(r.table_id or "").upper(),
            "date": pd.Timestamp(r.next_update).strftime("%d-%m-%Y"),
        }
        for r in frame.itertuples()
    ]


# --- rendering ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportResult:
    path: Path
    municipality_name: str
    period_code: str
    is_synthetic: bool


@functools.cache
@dataclass(frozen=True)
class SourceWarnings:
    """The run's warnings about the source data: check results with status `warn` whose failing
    keys name a municipality (docs/auditors_guide.md, "Severity"). Each failing key is one
    warning, e.g. Aarhus 2022QMAT02 whose benefit areas' counts do not add up to the total."""

    count: int = 0
    by_municipality: tuple[tuple[str, tuple[str, ...]], ...] = ()  # name → periods

    @property
    def text(self) -> str:
        listed = "; ".join(
            f"{name} ({', '.join(periods)})" if periods else name
            for name, periods in self.by_municipality
        )
        if not self.count:
            return ""
        return f"{plural_da(self.count, 'advarsel', 'advarsler')} i kildedata: {listed}"


def source_warnings(con: duckdb.DuckDBPyConnection, run_id: str | None) -> SourceWarnings:
    """The warnings of `run_id` that name a municipality, by municipality."""
    periods: dict[str, set[str]] = {}
    count = 0
    for warning in run_warnings(con, run_id):
        for key in warning.municipality_keys:
            count += 1
            name = str(key.get("municipality_name") or key["kommunekode"])
            periods.setdefault(name, set()).update(
                [str(key["period_code"])] if key.get("period_code") else []
            )
    return SourceWarnings(
        count, tuple((name, tuple(sorted(p))) for name, p in sorted(periods.items()))
    )


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["plural"] = plural_da
    env.filters["signed"] = signed
    env.filters["in_sentence"] = label_in_sentence
    return env


def latest_period(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute("select max(period_code) from marts.dim_period where is_latest").fetchone()
    if not row or row[0] is None:
        raise ReportError("marts.fct_benchmark has no lists")
    return str(row[0])


def render_report(
    con: duckdb.DuckDBPyConnection,
    kommunekode: int,
    period_code: str,
    *,
    run_info: RunInfo,
    source: str = "",
) -> tuple[str, str, bool]:
    """Render the report; returns (html, municipality name, is_synthetic). Reads the marts by
    their contracts (named columns); a warehouse built without them is a ReportError that names
    what is missing."""
    try:
        return _render(con, kommunekode, period_code, run_info=run_info, source=source)
    except duckdb.CatalogException as exc:
        first = str(exc).strip().splitlines()[0]
        raise ReportError(f"{first}: build the warehouse first (`jobcenter build`)") from None


def _render(
    con: duckdb.DuckDBPyConnection,
    kommunekode: int,
    period_code: str,
    *,
    run_info: RunInfo,
    source: str,
) -> tuple[str, str, bool]:
    period = _list_period(con, period_code)
    row = con.execute(
        "select any_value(municipality_name), bool_or(is_synthetic) from marts.fct_benchmark "
        "where kommunekode = ? and period_code = ?",
        [kommunekode, period.code],
    ).fetchone()
    if row is None or row[0] is None:
        raise ReportError(
            f"no municipality with kommunekode {kommunekode} on the benchmark list {period.code}"
        )
    name, on_synthetic_data = str(row[0]), bool(row[1])
    is_synthetic = on_synthetic_data or bool(run_info.is_synthetic)
    context = {
        "municipality": name,
        "kommunekode": kommunekode,
        "period": period,
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "trajectory": _rank_trajectory(con, kommunekode, period),
        "explained": _rank_explained(con, kommunekode, period),
        "actual_expected": _actual_vs_expected(con, kommunekode, period),
        "peers": _peers(con, kommunekode, period),
        "goals": _goal_rows(con, kommunekode, period),
        "supervision": _supervision(con, kommunekode, period),
        "next_updates": _next_updates(con),
        "where_will_we_land": _where_will_we_land(con, kommunekode, period),
        "run": run_info,
        "source_warnings": source_warnings(con, run_info.run_id),
        "is_synthetic": is_synthetic,
        "source": source,
        "not_available": NOT_AVAILABLE,
    }
    html = _environment().get_template("committee_report.html.j2").render(**context)
    return html, name, is_synthetic


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def write_report(
    settings: Settings,
    kommunekode: int,
    period_code: str | None = None,
    *,
    run_id: str | None = None,
    target_path: Path | None = None,
) -> ReportResult:
    """Write `data/reports/<kommunekode>_<period>.html`; period defaults to the latest list."""
    results = write_reports(
        settings, [kommunekode], period_code, run_id=run_id, target_path=target_path
    )
    return results[0]


def write_reports(
    settings: Settings,
    kommunekoder: list[int] | None,
    period_code: str | None = None,
    *,
    run_id: str | None = None,
    target_path: Path | None = None,
) -> list[ReportResult]:
    """Reports for several municipalities (all in the benchmark when None) from one connection."""
    source = report_source(settings)
    with duckdb.connect(str(source), read_only=True) as con:
        run_info = read_run_info(con, run_id=run_id, target_path=target_path)
        period = period_code or latest_period(con)
        if kommunekoder is None:
            kommunekoder = [
                r[0]
                for r in con.execute(
                    "select distinct kommunekode from marts.fct_benchmark "
                    "where period_code = ? order by 1",
                    [period],
                ).fetchall()
            ]

        try:
            shown_source = f"data/{source.relative_to(settings.data_dir).as_posix()}"
        except ValueError:
            shown_source = str(source)

        def one(kommunekode: int) -> ReportResult:
            # a cursor per thread: DuckDB connections are not shared between threads
            cursor = con.cursor()
            try:
                html, name, synthetic = render_report(
                    cursor, int(kommunekode), period, run_info=run_info, source=shown_source
                )
            finally:
                cursor.close()
            path = report_path(settings, int(kommunekode), period)
            _write_atomic(path, html)
            return ReportResult(path, name, period, synthetic)

        # DuckDB releases the GIL while it queries: a few threads overlap the reports' reads.
        workers = max(1, min(4, os.cpu_count() or 1, len(kommunekoder)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(one, kommunekoder))
    return results

"""The committee follow-up report: one self-contained HTML file per municipality and period.

Reads the marts read-only (the serving copy when there is one, so a running build is never in
the way) and renders `templates/committee_report.html.j2` with the charts inlined as SVG
(written directly by `charts.py`: no plotting library, no network, no JavaScript). Every section
renders from what exists: a mart or column that is not there is shown as "ikke tilgængelig",
never as an error.
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

from orchestration.goal_statuses import goal_status_labels
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
    rank_trajectory_svg,
)
from orchestration.settings import Settings

TEMPLATES = Path(__file__).resolve().parent / "templates"
NOT_AVAILABLE = "ikke tilgængelig"

BENEFIT_LABELS_DEFAULT = {
    "total": "Ydelsesgrupper i alt",
    "unemployment_benefit": "A-dagpenge mv.",
    "sickness_benefit": "Sygedagpenge mv.",
    "social_assistance": "Kontanthjælp mv.",
}
STATUS_LABELS = {
    "met": "Opfyldt",
    "not_met": "Ikke opfyldt",
    "no_data": "Ingen data",
    "no data": "Ingen data",
    "not_yet_due": "Ikke opgjort endnu",
}
COMPARATOR_LABELS = {
    ">=": "mindst",
    ">": "over",
    "<=": "højst",
    "<": "under",
    "increase_vs_baseline": "stigning ift. året før",
    "decrease_vs_baseline": "fald ift. året før",
    "not_above_baseline": "ikke over året før",
    "fewer_than_expected": "færre end forventet",
    "at_or_better_than_national": "mindst som landet",
    "national_plus_pp": "højst landet + pct.-point",
    "follows_national": "følger landet",
    "all_local_goals_met": "alle lokale mål opfyldt",
    "context_only": "ingen vurdering",
}
TREND_LABELS = {
    "improving": "↗ bedre",
    "better": "↗ bedre",
    "up": "↗ stigende",
    "increasing": "↗ stigende",
    "worsening": "↘ dårligere",
    "worse": "↘ dårligere",
    "down": "↘ faldende",
    "decreasing": "↘ faldende",
    "flat": "→ uændret",
    "stable": "→ uændret",
    "unchanged": "→ uændret",
}


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


# --- reading --------------------------------------------------------------------------------


class Marts:
    """Read access to the warehouse that knows which tables and columns exist."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        rows = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns"
        ).fetchall()
        self._columns: dict[tuple[str, str], list[str]] = {}
        for schema, table, column in rows:
            self._columns.setdefault((schema, table), []).append(column)

    def columns(self, relation: str) -> list[str]:
        schema, table = relation.split(".")
        return self._columns.get((schema, table), [])

    def has(self, relation: str, *columns: str) -> bool:
        present = self.columns(relation)
        return bool(present) and all(c in present for c in columns)

    def first(self, relation: str, *candidates: str) -> str | None:
        present = self.columns(relation)
        return next((c for c in candidates if c in present), None)

    def df(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        return self.con.execute(sql, params or []).df()


@dataclass
class Section:
    available: bool = False
    note: str = NOT_AVAILABLE
    chart: Markup | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)


def _fmt(value: Any, digits: int = 0, signed: bool = False) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int | float) or hasattr(value, "__float__"):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return str(value)
        text = f"{number:+,.{digits}f}" if signed else f"{number:,.{digits}f}"
        # Danish: thousands '.', decimals ','
        return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return str(value)


def _benefit_labels(marts: Marts) -> dict[str, str]:
    if marts.has("reference.benefit_groups", "benefit_group", "benefit_group_label_da"):
        frame = marts.df(
            "select benefit_group, benefit_group_label_da from reference.benefit_groups"
        )
        return dict(zip(frame.benefit_group, frame.benefit_group_label_da, strict=True))
    return dict(BENEFIT_LABELS_DEFAULT)


def _rank_trajectory(marts: Marts, kommunekode: int, period: str, labels: dict) -> Section:
    if not marts.has("marts.fct_benchmark", "rank_national", "period_code", "benefit_group"):
        return Section()
    frame = marts.df(
        "select period_code, benefit_group, rank_national, diff_share_pp, "
        "municipalities_in_list, municipality_name from marts.fct_benchmark "
        "where kommunekode = ? and period_code <= ? order by period_code",
        [kommunekode, period],
    )
    if frame.empty:
        return Section(note="ingen benchmarklister for kommunen")
    periods = sorted(frame.period_code.unique())
    present = list(dict.fromkeys(frame.benefit_group))
    groups = [g for g in BENEFIT_LABELS_DEFAULT if g in present]
    groups += sorted(g for g in present if g not in BENEFIT_LABELS_DEFAULT)
    series = []
    for i, group in enumerate(groups):
        ranks = frame[frame.benefit_group == group]
        series.append(
            LineSeries(
                label=labels.get(group, group),
                values=dict(zip(ranks.period_code, ranks.rank_national, strict=True)),
                color=SERIES_COLORS[i % len(SERIES_COLORS)],
                width=3.5 if group == "total" else 1.5,
            )
        )
    name = frame.municipality_name.iloc[0]
    chart = rank_trajectory_svg(
        periods,
        series,
        title=f"Placering på benchmarklisten, {name}, {periods[0]} til {periods[-1]}",
        chart_id="placering-diagram",
    )
    total = frame[(frame.benefit_group == "total") & frame.rank_national.notna()]
    total = total.sort_values("period_code")
    facts: dict[str, Any] = {}
    if not total.empty:
        first, last = total.iloc[0], total.iloc[-1]
        facts = {
            "first_period": first.period_code,
            "first_rank": int(first.rank_national),
            "current_period": last.period_code,
            "current_rank": int(last.rank_national),
            "lists": len(total),
            "change_since_first": int(first.rank_national) - int(last.rank_national),
        }
        if len(total) > 1:
            prev = total.iloc[-2]
            facts["previous_period"] = prev.period_code
            facts["change_since_previous"] = int(prev.rank_national) - int(last.rank_national)
    rows = [
        {
            "Periode": r.period_code,
            "Placering": int(r.rank_national),
            "Forskel (pct.-point)": _fmt(r.diff_share_pp, 2, signed=True),
        }
        for r in total.itertuples()
    ]
    return Section(available=True, note="", chart=Markup(chart), rows=rows, facts=facts)


def _actual_vs_expected(marts: Marts, kommunekode: int, period: str, labels: dict) -> Section:
    needed = ("expected_count", "actual_count", "diff_count", "diff_share_pp")
    if not marts.has("marts.fct_benchmark", *needed):
        return Section()
    value_col = marts.first("marts.fct_benchmark", "estimated_gap_value_dkk", "gap_value_dkk")
    extra = f", {value_col} as gap_value" if value_col else ""
    frame = marts.df(
        "select benefit_group, expected_count, actual_count, diff_count, expected_share_pct, "
        f"actual_share_pct, diff_share_pp, rank_national{extra} from marts.fct_benchmark "
        "where kommunekode = ? and period_code = ?",
        [kommunekode, period],
    )
    if frame.empty:
        return Section(note=f"ingen benchmarkliste for {period}")
    sort = {g: i for i, g in enumerate(BENEFIT_LABELS_DEFAULT)}
    frame = frame.sort_values("benefit_group", key=lambda s: s.map(sort))
    frame["Ydelsesgruppe"] = frame.benefit_group.map(lambda g: labels.get(g, g))
    chart = bar_chart_svg(
        list(frame.Ydelsesgruppe),
        [
            BarSeries("Forventet", list(frame.expected_count), color=MUTED),
            BarSeries("Faktisk", list(frame.actual_count), color=PRIMARY),
        ],
        title=f"Faktisk og forventet antal på offentlig forsørgelse, {period}",
        x_title="Fuldtidspersoner på offentlig forsørgelse",
        chart_id="faktisk-forventet-diagram",
        plot_width=560,
    )
    rows = []
    for r in frame.itertuples():
        row = {
            "Ydelsesgruppe": r.Ydelsesgruppe,
            "Forventet antal": _fmt(r.expected_count),
            "Faktisk antal": _fmt(r.actual_count),
            "Forskel antal": _fmt(r.diff_count, signed=True),
            "Forventet andel (pct.)": _fmt(r.expected_share_pct, 2),
            "Faktisk andel (pct.)": _fmt(r.actual_share_pct, 2),
            "Forskel (pct.-point)": _fmt(r.diff_share_pp, 2, signed=True),
            "Placering": _fmt(r.rank_national),
        }
        if value_col:
            row["Værdi af forskel (kr.)"] = _fmt(r.gap_value, signed=True)
        rows.append(row)
    return Section(available=True, note="", chart=Markup(chart), rows=rows)


def _peers(marts: Marts, kommunekode: int, period: str) -> Section:
    """The municipality beside its landsdel (bar chart) and its ranks in every comparison."""
    if not marts.has("marts.fct_benchmark", "diff_share_pp", "rank_national"):
        return Section()
    section = Section(available=True, note="")
    bench_cols = marts.columns("marts.fct_benchmark")
    rank_specs = [
        ("Hele landet", "rank_national", "municipalities_in_list", None),
        ("Region", "rank_region", "municipalities_in_region", "region"),
        ("Landsdel", "rank_landsdel", "municipalities_in_landsdel", "landsdel"),
        (
            "Jylland / Øerne",
            "rank_jutland_or_islands",
            "municipalities_in_jutland_or_islands",
            "jutland_or_islands",
        ),
        ("Sammenlignelige kommuner", "rank_in_peer_group", "peer_group_size", None),
    ]
    wanted = [c for _, rank, size, name in rank_specs for c in (rank, size, name) if c]
    present = [c for c in dict.fromkeys(wanted) if c in bench_cols]
    extra = [c for c in ("peer_group_members", "peer_group_description") if c in bench_cols]
    current = marts.df(
        f"select {', '.join(present + extra)} from marts.fct_benchmark "
        "where kommunekode = ? and period_code = ? and benefit_group = 'total'",
        [kommunekode, period],
    )
    if current.empty:
        return Section(note=f"ingen benchmarkliste for {period}")
    row = current.iloc[0]
    for label, rank, size, name in rank_specs:
        if rank in bench_cols:
            of = f" af {int(row[size])}" if size in bench_cols and pd.notna(row[size]) else ""
            where = f" ({row[name]})" if name and name in bench_cols else ""
            value = f"{int(row[rank])}{of}" if pd.notna(row[rank]) else "–"
        else:
            value, where = NOT_AVAILABLE, ""
        section.rows.append({"Sammenligning": label + where, "Placering": value})
    section.facts["peer_members"] = (
        row["peer_group_members"] if "peer_group_members" in current.columns else None
    )
    section.facts["peer_description"] = (
        row["peer_group_description"] if "peer_group_description" in current.columns else None
    )
    # Landsdel chart: every municipality of the same landsdel, ours highlighted.
    if marts.has("reference.municipalities", "kommunekode", "landsdel"):
        frame = marts.df(
            "with me as (select landsdel from reference.municipalities where kommunekode = ?) "
            "select b.kommunekode, b.municipality_name, b.diff_share_pp, b.rank_national, "
            "m.landsdel from marts.fct_benchmark b "
            "join reference.municipalities m on b.kommunekode = m.kommunekode "
            "where b.period_code = ? and b.benefit_group = 'total' "
            "and m.landsdel = (select landsdel from me) order by b.rank_national",
            [kommunekode, period],
        )
        if not frame.empty:
            landsdel = frame.landsdel.iloc[0]
            section.facts["landsdel"] = landsdel
            is_me = [int(k) == kommunekode for k in frame.kommunekode]
            section.chart = Markup(
                bar_chart_svg(
                    [str(n) for n in frame.municipality_name],
                    [
                        BarSeries(
                            "Faktisk minus forventet andel",
                            list(frame.diff_share_pp),
                            color=MUTED,
                            colors=[HIGHLIGHT if me else MUTED for me in is_me],
                        )
                    ],
                    title=f"Kommunerne i landsdel {landsdel}, {period}: faktisk minus "
                    "forventet andel",
                    x_title="Faktisk minus forventet andel (pct.-point; negativ = bedre)",
                    emphasis=is_me.index(True) if True in is_me else None,
                    value_decimals=2,
                    chart_id="landsdel-diagram",
                    plot_width=520,
                )
            )
    return section


def _where_will_we_land(marts: Marts, kommunekode: int, period: str) -> Section:
    """ "Hvor lander vi?": what it would have taken to reach each target place on this list
    (marts.fct_benchmark_what_if, all benefit groups together), and, on the latest list, the
    band for the next lists (marts.fct_benchmark_nowcast) with its backtest in one sentence."""
    if not marts.has("marts.fct_benchmark_what_if", "fewer_persons_needed"):
        return Section()
    targets = marts.df(
        "select w.municipality_name, p.period_label_da, w.target_status, w.target_label_da, "
        "w.target_municipality_name, w.fewer_persons_needed, w.fewer_persons_needed_low, "
        "w.fewer_persons_needed_high, w.estimated_value_dkk "
        "from marts.fct_benchmark_what_if as w "
        "left join marts.dim_period as p on w.period_code = p.period_code "
        "where w.kommunekode = ? and w.period_code = ? and w.benefit_group = 'total' "
        "order by w.target_sort_order, w.target_code",
        [kommunekode, period],
    )
    if targets.empty:
        return Section(note=f"ingen beregning for listen {period}")
    sentences = []
    for t in targets.itertuples():
        name, on_list = t.municipality_name, f"på listen for {t.period_label_da or period}"
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
    if not marts.has("marts.fct_benchmark_nowcast", "rank_low", "origin_period_code"):
        return section
    bands = marts.df(
        "select period_code, horizon, method_label_da, rank_predicted, rank_low, rank_high, "
        "band_level, band_training_lists, months_used, backtest_lists, backtest_coverage, "
        "backtest_median_abs_rank_error, backtest_baseline_median_abs_rank_error "
        "from marts.fct_benchmark_nowcast where kommunekode = ? and origin_period_code = ? "
        "and benefit_group = 'total' order by horizon",
        [kommunekode, period],
    )
    for b in bands.itertuples():
        monthly = (
            f" og {int(b.months_used)} måneders faktiske tal fra jobindsats"
            if pd.notna(b.months_used)
            else ""
        )
        section.facts["nowcast"].append(
            {
                "band": (
                    f"På listen for {b.period_code} lander {targets.municipality_name.iloc[0]} "
                    f"efter vores beregning mellem nr. {b.rank_low} og nr. {b.rank_high} "
                    f"(bedste bud nr. {b.rank_predicted}; et {_fmt(100 * float(b.band_level))} "
                    f"%-bånd)."
                ),
                "accuracy": (
                    f"Beregningen ({b.method_label_da}) bygger på listen for {period}{monthly}. "
                    f"Tilbageregnet på {b.backtest_lists} tidligere lister lå den offentliggjorte "
                    f"placering inden for båndet i {_fmt(100 * float(b.backtest_coverage))} % af "
                    f"tilfældene, og den typiske afvigelse var "
                    f"{_fmt(b.backtest_median_abs_rank_error)} pladser"
                    + (
                        ""
                        if b.backtest_median_abs_rank_error
                        == b.backtest_baseline_median_abs_rank_error
                        else f" (samme placering som sidst: "
                        f"{_fmt(b.backtest_baseline_median_abs_rank_error)} pladser)"
                    )
                    + "."
                ),
            }
        )
    return section


def period_end(period: str) -> date | None:
    """Last day of a benchmark list period (YYYYQMAT02 → 30 June, YYYYQMAT04 → 31 December)."""
    match = re.fullmatch(r"(\d{4})QMAT0([1-4])", period)
    if not match:
        return None
    year, quarter = int(match.group(1)), int(match.group(2))
    month = 3 * quarter
    last_day = {3: 31, 6: 30, 9: 30, 12: 31}[month]
    return date(year, month, last_day)


def _unit_suffix(unit: Any) -> str:
    return {"pct": " %", "pct_points": " pct.-point"}.get(str(unit), "")


def _goal_rows(marts: Marts, kommunekode: int, period: str) -> Section:
    relation = "marts.fct_goal_fulfilment"
    if not marts.has(relation, "kommunekode"):
        return Section()
    cols = marts.columns(relation)
    code = marts.first(relation, "goal_code", "goal_id")
    status = marts.first(relation, "status", "goal_status", "fulfilment_status")
    if not code or not status:
        return Section()
    filters, params = ["kommunekode = ?"], [kommunekode]
    year = int(period[:4]) if period[:4].isdigit() else None
    plan_year = None
    if "plan_year" in cols and year is not None:
        years = marts.df(
            f"select distinct plan_year from {relation} where kommunekode = ? order by 1",
            [kommunekode],
        ).plan_year.tolist()
        earlier = [y for y in years if y <= year]
        plan_year = max(earlier) if earlier else (years[0] if years else None)
        if plan_year is not None:
            filters.append("plan_year = ?")
            params.append(int(plan_year))
    frame = marts.df(f"select * from {relation} where {' and '.join(filters)}", params)
    if frame.empty:
        return Section(note="ingen mål for kommunen")
    # One row per goal: its latest follow-up period that has ended by the end of the list
    # period; a goal with none yet shows its first period (not yet due / no data). No goal is
    # left out.
    end = period_end(period)
    if "period_end_date" in cols and end is not None:
        ends = pd.to_datetime(frame.period_end_date).dt.date
        frame = frame.assign(_ended=ends.map(lambda d: d is not None and d <= end))
        frame = frame.assign(_end=ends)
        chosen = []
        for _, goal in frame.groupby(code, sort=False):
            ended = goal[goal._ended]
            pick = ended.sort_values("_end").iloc[-1] if not ended.empty else None
            if pick is None:
                pick = goal.sort_values("_end").iloc[0]
            chosen.append(pick)
        frame = pd.DataFrame(chosen)
    else:
        order_col = next((c for c in ("as_of_date", "period_code") if c in cols), None)
        if order_col:
            frame = frame.sort_values(order_col, na_position="first")
        frame = frame.groupby(code, sort=False).tail(1)
    frame = frame.sort_values("sort_order" if "sort_order" in cols else code)
    desc = marts.first(relation, "title_da", "goal_description", "description", "goal_name")
    value = marts.first(relation, "measured_value", "value", "actual_value")
    target = marts.first(relation, "required_value", "target_value", "target")
    gap = marts.first(relation, "gap", "gap_to_target")
    trend = marts.first(relation, "trend", "trend_direction")
    national = marts.first(relation, "national_value", "national")
    unit = marts.first(relation, "unit")
    counts: dict[str, int] = {}
    rows = []

    def cell(row: pd.Series, column: str | None, signed: bool = False) -> str:
        if not column or pd.isna(row[column]):
            return "–"
        suffix = _unit_suffix(row[unit]) if unit else ""
        number = float(row[column])
        digits = 1 if suffix or number != round(number) else 0
        return _fmt(number, digits, signed=signed) + suffix

    for _, r in frame.iterrows():
        raw_status = str(r[status]).strip().lower() if pd.notna(r[status]) else "no_data"
        counts[raw_status] = counts.get(raw_status, 0) + 1
        comparator = r["comparator"] if "comparator" in cols and pd.notna(r["comparator"]) else ""
        rows.append(
            {
                "code": r[code],
                "Mål": r[desc] if desc and pd.notna(r[desc]) else "",
                "Periode": r["period_code"] if "period_code" in cols else "–",
                "Værdi": cell(r, value),
                "Målsætning": cell(r, target),
                "comparator": COMPARATOR_LABELS.get(str(comparator), str(comparator)),
                "Afstand": cell(r, gap, signed=True),
                "Udvikling": TREND_LABELS.get(str(r[trend]).lower(), "–")
                if trend and pd.notna(r[trend])
                else "–",
                "Landsplan": cell(r, national),
                "status": raw_status,
                "Status": goal_status_labels().get(raw_status)
                or STATUS_LABELS.get(raw_status, raw_status),
            }
        )
    return Section(
        available=True,
        note="",
        rows=rows,
        facts={"counts": counts, "plan_year": plan_year},
    )


def _supervision(marts: Marts, kommunekode: int, period: str) -> Section:
    relation = "marts.fct_supervision_risk"
    if not marts.has(relation, "kommunekode"):
        return Section()
    cols = marts.columns(relation)
    verdict = marts.first(relation, "risk_status", "verdict", "risk_level")
    flag = marts.first(relation, "is_at_risk", "at_risk")
    reason = marts.first(relation, "reason_da", "reason", "risk_reason")
    year_col = marts.first(relation, "risk_year", "year")
    frame = marts.df(f"select * from {relation} where kommunekode = ?", [kommunekode])
    if frame.empty:
        return Section(note="ingen vurdering for kommunen")
    # the assessment built on this list, else the latest year up to the list's year
    match = (
        frame[frame.benchmark_period_code == period]
        if "benchmark_period_code" in cols
        else frame.iloc[0:0]
    )
    if match.empty and year_col:
        year = int(period[:4])
        earlier = frame[frame[year_col] <= year]
        match = (earlier if not earlier.empty else frame).sort_values(year_col).tail(1)
    r = (match if not match.empty else frame).iloc[-1]
    text = str(r[verdict]).strip().lower() if verdict and pd.notna(r[verdict]) else None
    if flag and pd.notna(r[flag]):
        at_risk: bool | None = bool(r[flag])
    else:
        at_risk = {"at_risk": True, "not_at_risk": False}.get(text or "")
    headline = {
        True: "Risiko for skærpet tilsyn",
        False: "Ingen risiko for skærpet tilsyn",
        None: "Ikke vurderet – data mangler",
    }[at_risk]
    parts = []
    if "diff_share_pp" in cols and pd.notna(r["diff_share_pp"]):
        worse = float(r["diff_share_pp"]) > 0
        parts.append(
            (
                "Resultatmål (faktisk mod forventet andel)",
                f"{_fmt(r['diff_share_pp'], 2, signed=True)} pct.-point",
                "Ikke opfyldt" if worse else "Opfyldt",
            )
        )
    for label, share, threshold, met in (
        ("Fokusmål: samtaler", "samtaler_share_pct", "samtaler_threshold_pct", "is_samtaler_met"),
        ("Fokusmål: aktive tilbud", "tilbud_share_pct", "tilbud_threshold_pct", "is_tilbud_met"),
    ):
        if share in cols:
            value = f"{_fmt(r[share], 1)} %" if pd.notna(r[share]) else "–"
            if threshold in cols and pd.notna(r[threshold]):
                value += f" (krav {_fmt(r[threshold], 0)} %)"
            state = "Ingen data"
            if (
                "is_tilbud_suspended" in cols
                and share.startswith("tilbud")
                and bool(r["is_tilbud_suspended"])
            ):
                state = "Suspenderet"
            elif met in cols and pd.notna(r[met]):
                state = "Opfyldt" if bool(r[met]) else "Ikke opfyldt"
            parts.append((label, value, state))
    return Section(
        available=True,
        note="",
        rows=[{"Del": p[0], "Værdi": p[1], "Status": p[2]} for p in parts],
        facts={
            "at_risk": at_risk,
            "headline": headline,
            "verdict": text,
            "reason": str(r[reason]) if reason and pd.notna(r[reason]) else NOT_AVAILABLE,
            "year": int(r[year_col]) if year_col and pd.notna(r[year_col]) else None,
        },
    )


def _next_updates(marts: Marts) -> list[dict[str, str]]:
    """The next update jobindsats announces for the tables this report shows (benchmark,
    fokusmål), from marts.dim_source_table (the newest catalogue landed); empty without one."""
    relation = "marts.dim_source_table"
    if not marts.has(relation, "source_table_key", "next_update"):
        return []
    frame = marts.df(
        f"""
        select source_table_key, table_id, next_update from {relation}
        where source_table_key in ('y30r21', 'fokus_samtaler', 'fokus_tilbud')
            and next_update is not null
        order by source_table_key = 'y30r21' desc, source_table_key
        """
    )
    labels = {
        "y30r21": "Benchmark",
        "fokus_samtaler": "Fokusmål samtaler",
        "fokus_tilbud": "Fokusmål tilbud",
    }
    return [
        {
            "label": labels[r.source_table_key],
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
        return f"{self.count} advarsler i kildedata: {listed}" if self.count else ""


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
    return env


def latest_period(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute("select max(period_code) from marts.fct_benchmark").fetchone()
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
    """Render the report; returns (html, municipality name, is_synthetic)."""
    marts = Marts(con)
    if not marts.has("marts.fct_benchmark", "kommunekode", "period_code"):
        raise ReportError("the warehouse has no marts.fct_benchmark: build it first")
    names = marts.df(
        "select distinct municipality_name from marts.fct_benchmark where kommunekode = ?",
        [kommunekode],
    )
    if names.empty:
        raise ReportError(f"no municipality with kommunekode {kommunekode} in the benchmark")
    name = str(names.municipality_name.iloc[0])
    periods = marts.df("select distinct period_code from marts.fct_benchmark order by 1")
    if period_code not in set(periods.period_code):
        raise ReportError(
            f"no benchmark list for period {period_code}; lists: " + ", ".join(periods.period_code)
        )
    synthetic_row = marts.df(
        "select bool_or(is_synthetic) as s from marts.fct_benchmark "
        "where kommunekode = ? and period_code <= ?",
        [kommunekode, period_code],
    )
    is_synthetic = bool(synthetic_row.s.iloc[0]) or bool(run_info.is_synthetic)
    labels = _benefit_labels(marts)
    context = {
        "municipality": name,
        "kommunekode": kommunekode,
        "period": period_code,
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "trajectory": _rank_trajectory(marts, kommunekode, period_code, labels),
        "actual_expected": _actual_vs_expected(marts, kommunekode, period_code, labels),
        "peers": _peers(marts, kommunekode, period_code),
        "goals": _goal_rows(marts, kommunekode, period_code),
        "supervision": _supervision(marts, kommunekode, period_code),
        "next_updates": _next_updates(marts),
        "where_will_we_land": _where_will_we_land(marts, kommunekode, period_code),
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

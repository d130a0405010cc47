"""Small SVG charts for the committee report, written directly as markup.

No plotting library, no browser, no JavaScript: each function returns one self-describing
`<svg>` element (`role="img"` with a Danish `<title>` and `<desc>`) ready to inline in the
report. Every text is XML-escaped, numbers use Danish separators ("1.234", "0,5", "−2"), and
the output depends only on the input (same data, same bytes). Coordinates are in a `viewBox`
with a matching `width`/`height`, so a chart scales with the page (CSS `max-width: 100%`) and
prints sharply.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

HIGHLIGHT = "#c0392b"
MUTED = "#9aa5b1"
PRIMARY = "#1f4e79"
SERIES_COLORS = (PRIMARY, "#2e86c1", "#b9770e", "#7d3c98")

FONT_FAMILY = "'Segoe UI', 'Helvetica Neue', Arial, sans-serif"  # as the report's own text
FONT_SIZE = 11
TEXT = "#1d2733"
AXIS = "#5f6b7a"
GRID = "#e3e7eb"
MINUS = "\u2212"  # a real minus sign in labels, as typeset Danish numbers have

# characters XML 1.0 does not allow at all (a stray control character must not break the page)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --- helpers --------------------------------------------------------------------------------


def esc(text: object) -> str:
    """Text or attribute value, safe inside XML/HTML (quotes too)."""
    return escape(_NOT_XML.sub("", str(text)), quote=True)


def _n(value: float) -> str:
    """A coordinate: at most one decimal, no "-0"."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _finite(value: object) -> float | None:
    """The value as a float, or None when missing (None, NaN, pd.NA, inf, not a number)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def format_number(value: float, decimals: int = 0) -> str:
    """Danish number: '.' between thousands, ',' before decimals, '−' for negatives."""
    text = f"{abs(value):,.{decimals}f}"
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    negative = value < 0 and any(c not in "0.," for c in text)
    return (MINUS if negative else "") + text


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About `n` round tick values (steps of 1, 2 or 5 × 10^k) covering [lo, hi].

    The first and last tick bound the axis. Works for domains that cross zero, reversed
    bounds, and a zero-width domain (all values equal: the axis then runs from zero to the
    value, or 0–1 when the value is zero).
    """
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError(f"nice_ticks needs finite bounds, got {lo!r}, {hi!r}")
    lo, hi = (float(lo), float(hi)) if lo <= hi else (float(hi), float(lo))
    if lo == hi:
        if lo == 0:
            hi = 1.0
        elif lo > 0:
            lo = 0.0
        else:
            hi = 0.0
    n = max(1, int(n))
    raw = (hi - lo) / n
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    decimals = step_decimals(step)
    first = math.floor(lo / step + 1e-9)
    last = math.ceil(hi / step - 1e-9)
    return [round(i * step, decimals) + 0.0 for i in range(first, last + 1)]


def step_decimals(step: float) -> int:
    """Decimals needed to print multiples of `step` (0.2 → 1, 0.05 → 2, 10 → 0)."""
    if step <= 0 or not math.isfinite(step):
        return 0
    return max(0, -math.floor(math.log10(step) + 1e-9))


def _tick_labels(ticks: Sequence[float]) -> list[str]:
    decimals = step_decimals(ticks[1] - ticks[0]) if len(ticks) > 1 else 0
    return [format_number(t, decimals) for t in ticks]


def text_width(text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
    """Width of `text` in a sans-serif font, rounded up to the wide ones (DejaVu Sans): there
    are no font metrics without a browser, and too much room is better than clipped text."""
    units = 0.0
    for char in text:
        if char in "iljI.,:;'|!":
            units += 0.3
        elif char in "frt()[] -":
            units += 0.4
        elif char in "mwæMWÆ—":
            units += 1.0
        elif char.isupper():
            units += 0.74
        elif char.isdigit():
            units += 0.64
        else:
            units += 0.62
    return units * size * (1.12 if bold else 1.0)


class _Svg:
    """Collects elements; `render()` wraps them in the accessible root element."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, tag: str, attrs: Mapping[str, object], text: str | None = None) -> None:
        attributes = "".join(
            f' {key.rstrip("_").replace("_", "-")}="{esc(value)}"'
            for key, value in attrs.items()
            if value is not None
        )
        if text is None:
            self.parts.append(f"<{tag}{attributes}/>")
        else:
            self.parts.append(f"<{tag}{attributes}>{text}</{tag}>")

    def line(self, x1: float, y1: float, x2: float, y2: float, **attrs: object) -> None:
        self.add("line", {"x1": _n(x1), "y1": _n(y1), "x2": _n(x2), "y2": _n(y2), **attrs})

    def text(self, x: float, y: float, text: str, **attrs: object) -> None:
        self.add("text", {"x": _n(x), "y": _n(y), **attrs}, esc(text))

    def render(self, width: float, height: float, chart_id: str, title: str, desc: str) -> str:
        w, h = _n(math.ceil(width)), _n(math.ceil(height))
        ident = esc(chart_id)
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
            f'viewBox="0 0 {w} {h}" role="img" '
            f'aria-labelledby="{ident}-title {ident}-desc" class="chart-svg" '
            f'font-family="{esc(FONT_FAMILY)}" font-size="{FONT_SIZE}" fill="{TEXT}">'
            f'<title id="{ident}-title">{esc(title)}</title>'
            f'<desc id="{ident}-desc">{esc(desc)}</desc>' + "".join(self.parts) + "</svg>"
        )


def _legend(
    svg: _Svg, items: Sequence[tuple[str, str, str]], x0: float, y0: float, max_x: float
) -> float:
    """Legend entries (label, colour, 'line' | 'box') left to right, wrapping; returns height."""
    x, y, row = x0, y0, 18.0
    for label, color, kind in items:
        item_width = 24 + text_width(label) + 18
        if x > x0 and x + item_width > max_x:
            x, y = x0, y + row
        if kind == "line":
            svg.line(x, y, x + 18, y, stroke=color, stroke_width=2.5, class_="swatch")
            svg.add(
                "circle",
                {"cx": _n(x + 9), "cy": _n(y), "r": "3", "fill": color, "class": "swatch"},
            )
        else:
            svg.add(
                "rect",
                {
                    "x": _n(x + 4),
                    "y": _n(y - 5),
                    "width": "10",
                    "height": "10",
                    "fill": color,
                    "class": "swatch",
                },
            )
        svg.text(x + 24, y, label, dy="0.35em")
        x += item_width
    return y - y0 + row


# --- line chart: rank trajectory ------------------------------------------------------------


@dataclass(frozen=True)
class LineSeries:
    """One line: its values by x category (a missing or empty value leaves a gap)."""

    label: str
    values: Mapping[str, float | None]
    color: str = PRIMARY
    width: float = 1.5


def rank_trajectory_svg(
    periods: Sequence[str],
    series: Sequence[LineSeries],
    *,
    title: str,
    desc: str | None = None,
    n_ranks: int = 98,
    x_title: str = "Liste (periode)",
    y_title: str = "Placering (1 = bedst)",
    chart_id: str = "placering",
    plot_width: float = 640,
    plot_height: float = 260,
) -> str:
    """Ranks over the periods (in the order given), one line with point markers per series.

    The y axis is reversed (rank 1, the best, at the top) and runs from 1 to `n_ranks`
    (further when a rank is larger). A thicker series is drawn on top of the thinner ones.
    """
    periods = list(periods)
    points = [[(i, _finite(s.values.get(p))) for i, p in enumerate(periods)] for s in series]
    present = [v for line in points for _, v in line if v is not None]
    low = min([1.0, *present])
    high = max([float(n_ranks), *present])
    if high == low:
        high = low + 1

    label_width = max((text_width(p) for p in periods), default=0.0)
    sin, cos = math.sin(math.radians(40)), math.cos(math.radians(40))
    step = plot_width / max(len(periods), 1)
    # the first rotated label reaches left of its tick: keep it inside the picture
    left = max(54.0, label_width * cos - step / 2 + 8)
    top, right = 12.0, 14.0
    bottom = top + plot_height

    def x(i: int) -> float:
        return left + (i + 0.5) * step

    def y(rank: float) -> float:
        return top + (rank - low) / (high - low) * plot_height

    svg = _Svg()
    # y axis: grid at round ranks plus the first and last place
    inner = [t for t in nice_ticks(low, high, 10) if low < t < high]
    y_ticks = [low, *(t for t in inner if (t - low) > 3 and (high - t) > 3), high]
    for tick in y_ticks:
        svg.line(left, y(tick), left + plot_width, y(tick), stroke=GRID)
        svg.line(left - 4, y(tick), left, y(tick), stroke=AXIS)
        svg.text(left - 7, y(tick), format_number(tick), text_anchor="end", dy="0.35em")
    svg.line(left, top, left, bottom, stroke=AXIS)
    svg.line(left, bottom, left + plot_width, bottom, stroke=AXIS)
    svg.text(
        14,
        top + plot_height / 2,
        y_title,
        text_anchor="middle",
        font_weight="600",
        transform=f"rotate(-90 14 {_n(top + plot_height / 2)})",
        dy="0.35em",
    )
    # x axis: rotated period labels (every k-th one when they would overlap)
    every = max(1, math.ceil(16 / (step * sin))) if periods else 1
    for i, period in enumerate(periods):
        svg.line(x(i), bottom, x(i), bottom + 4, stroke=AXIS)
        if i % every == 0:
            ly = bottom + 9
            svg.text(
                x(i) + 3,
                ly,
                period,
                text_anchor="end",
                dy="0.7em",
                transform=f"rotate(-40 {_n(x(i) + 3)} {_n(ly)})",
            )
    labels_bottom = bottom + 9 + label_width * sin + FONT_SIZE * cos + 4
    svg.text(
        left + plot_width / 2,
        labels_bottom + 10,
        x_title,
        text_anchor="middle",
        font_weight="600",
    )
    # lines, thin ones first so the thick one stays visible on top
    order = sorted(range(len(series)), key=lambda k: series[k].width)
    for k in order:
        s = series[k]
        segments: list[str] = []
        pen_up = True
        for i, value in points[k]:
            if value is None:
                pen_up = True
                continue
            segments.append(f"{'M' if pen_up else 'L'}{_n(x(i))} {_n(y(value))}")
            pen_up = False
        if not segments:
            continue
        svg.add(
            "path",
            {
                "d": " ".join(segments),
                "fill": "none",
                "stroke": s.color,
                "stroke-width": _n(s.width),
                "stroke-linejoin": "round",
                "stroke-linecap": "round",
                "class": "series",
            },
        )
        radius = 4.0 if s.width >= 3 else 3.0
        for i, value in points[k]:
            if value is None:
                continue
            tip = f"{s.label}, {periods[i]}: nr. {format_number(value)}"
            svg.add(
                "circle",
                {
                    "cx": _n(x(i)),
                    "cy": _n(y(value)),
                    "r": _n(radius),
                    "fill": s.color,
                    "stroke": "#fff",
                    "stroke-width": "1",
                    "class": "point",
                },
                f"<title>{esc(tip)}</title>",
            )
    legend_top = labels_bottom + 32
    legend_height = _legend(
        svg,
        [(s.label, s.color, "line") for s in series],
        left,
        legend_top,
        left + plot_width,
    )
    if desc is None:
        desc = _trajectory_desc(periods, series, points, y_title)
    return svg.render(left + plot_width + right, legend_top + legend_height, chart_id, title, desc)


def _trajectory_desc(
    periods: list[str],
    series: Sequence[LineSeries],
    points: list[list[tuple[int, float | None]]],
    y_title: str,
) -> str:
    if not periods:
        return f"Linjediagram uden data ({y_title})."
    parts = [
        f"Linjediagram: {y_title} på listerne {periods[0]} til {periods[-1]}, "
        f"{len(series)} ydelsesgrupper."
    ]
    for s, line in zip(series, points, strict=True):
        known = [(periods[i], v) for i, v in line if v is not None]
        if known:
            (p0, v0), (p1, v1) = known[0], known[-1]
            parts.append(
                f"{s.label}: nr. {format_number(v0)} ({p0}), nr. {format_number(v1)} ({p1})."
            )
    return " ".join(parts)


# --- horizontal bar charts ------------------------------------------------------------------


@dataclass(frozen=True)
class BarSeries:
    """One bar per category (None: no bar). `colors` overrides `color` bar by bar."""

    label: str
    values: Sequence[float | None]
    color: str = PRIMARY
    colors: Sequence[str] | None = None


def bar_chart_svg(
    categories: Sequence[str],
    series: Sequence[BarSeries],
    *,
    title: str,
    x_title: str,
    desc: str | None = None,
    emphasis: int | None = None,
    legend: bool | None = None,
    value_decimals: int = 0,
    chart_id: str = "soejler",
    plot_width: float = 560,
    max_label_width: float = 220,
) -> str:
    """Horizontal bars from a zero line, one row per category, the series side by side.

    Negative values extend left of zero, positive ones right; the axis has round ticks that
    include zero. `emphasis` is the index of a category whose label is set in bold. The legend
    (at the bottom) is shown when there is more than one series unless `legend` says otherwise.
    """
    categories = [str(c) for c in categories]
    values = [[_finite(v) for v in s.values] for s in series]
    for s, row in zip(series, values, strict=True):
        if len(row) != len(categories):
            raise ValueError(f"series {s.label!r} has {len(row)} values for {len(categories)}")
    present = [v for row in values for v in row if v is not None]
    lo, hi = min([0.0, *present]), max([0.0, *present])

    # as many ticks as fit side by side under the plot
    ticks: list[float] = nice_ticks(lo, hi, 2)
    for target in range(max(2, int(plot_width // 50)), 1, -1):
        candidate = nice_ticks(lo, hi, target)
        widest = max(text_width(label) for label in _tick_labels(candidate))
        if plot_width / max(len(candidate) - 1, 1) >= widest + 10:
            ticks = candidate
            break
    d0, d1 = ticks[0], ticks[-1]

    bar_height = 14.0
    n_series = max(len(series), 1)
    band = n_series * bar_height + (4 if n_series == 1 else 10)
    widths = [text_width(c, bold=i == emphasis) for i, c in enumerate(categories)]
    label_width = min(max(widths, default=0.0) + 4, max_label_width)
    left = label_width + 12
    top = 8.0
    plot_height = band * len(categories)
    bottom = top + plot_height
    right = max(text_width(_tick_labels(ticks)[-1]) / 2 + 6, 12)

    def x(value: float) -> float:
        return left + (value - d0) / (d1 - d0) * plot_width

    svg = _Svg()
    for tick, label in zip(ticks, _tick_labels(ticks), strict=True):
        svg.line(x(tick), top, x(tick), bottom, stroke=GRID)
        svg.line(x(tick), bottom, x(tick), bottom + 4, stroke=AXIS)
        svg.text(x(tick), bottom + 15, label, text_anchor="middle")
    svg.line(left, bottom, left + plot_width, bottom, stroke=AXIS)

    zero = x(0.0)
    for c, category in enumerate(categories):
        band_top = top + c * band + (band - n_series * bar_height) / 2
        label = category
        bold = c == emphasis
        if text_width(label, bold=bold) > max_label_width:
            while label and text_width(label + "…", bold=bold) > max_label_width:
                label = label[:-1]
            label += "…"
        svg.text(
            left - 8,
            top + c * band + band / 2,
            label,
            text_anchor="end",
            dy="0.35em",
            font_weight="700" if bold else None,
        )
        for k, s in enumerate(series):
            value = values[k][c]
            if value is None:
                continue
            end = x(value)
            color = s.colors[c] if s.colors is not None else s.color
            name = f"{category} – {s.label}" if len(series) > 1 else category
            tip = f"{name}: {format_number(value, value_decimals)}"
            svg.add(
                "rect",
                {
                    "x": _n(min(zero, end)),
                    "y": _n(band_top + k * bar_height),
                    "width": _n(abs(end - zero)),
                    "height": _n(bar_height - (1 if n_series > 1 else 0)),
                    "fill": color,
                    "class": "bar",
                },
                f"<title>{esc(tip)}</title>",
            )
    # the zero line over the bars, so both directions read from it
    svg.line(zero, top - 3, zero, bottom, stroke=AXIS, stroke_width="1.2", class_="zero")
    svg.text(left + plot_width / 2, bottom + 33, x_title, text_anchor="middle", font_weight="600")
    height = bottom + 40
    show_legend = legend if legend is not None else len(series) > 1
    if show_legend:
        height += 6 + _legend(
            svg, [(s.label, s.color, "box") for s in series], left, bottom + 54, left + plot_width
        )
    if desc is None:
        desc = _bars_desc(categories, series, values, x_title, value_decimals)
    return svg.render(left + plot_width + right, height, chart_id, title, desc)


def _bars_desc(
    categories: list[str],
    series: Sequence[BarSeries],
    values: list[list[float | None]],
    x_title: str,
    decimals: int,
) -> str:
    items = []
    for c, category in enumerate(categories):
        shown = [
            (f"{s.label} " if len(series) > 1 else "") + format_number(values[k][c], decimals)
            for k, s in enumerate(series)
            if values[k][c] is not None
        ]
        items.append(f"{category}: {', '.join(shown) or 'ingen data'}")
    return f"Søjlediagram, {x_title}. " + "; ".join(items) + "."

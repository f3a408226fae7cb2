"""Charts as SVG text, drawn on the server: the same SVG goes inline into a page and into a PDF.

Pure: stdlib only, strings in, a string out. Every text is escaped (``xml.sax.saxutils``); colours are SVG
attributes, not CSS, so a PDF renderer or an image viewer draws the chart as the page does. Each chart is
``role="img"`` with a ``<title>`` and a ``<desc>`` that states every value in words, a legend, and value labels.
Values are on the 0–100 score scale; ``None`` is "no value" and is drawn as a gap, never as 0.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, NamedTuple
from xml.sax.saxutils import escape

__all__ = ["STYLES", "Point", "Series", "line_svg", "radar_svg", "sparkline_svg"]


@dataclass(frozen=True, slots=True)
class Style:
    stroke: str
    fill: str  # "none" for lines only
    fill_opacity: float
    dash: str  # stroke-dasharray, "" for solid
    width: float


STYLES: Final[dict[str, Style]] = {
    "current": Style("#1d4ed8", "#1d4ed8", 0.22, "", 2.5),
    "target": Style("#15803d", "none", 0.0, "6 4", 2.0),
    "previous": Style("#6b7280", "none", 0.0, "2 3", 1.5),
    "overall": Style("#1d4ed8", "none", 0.0, "", 3.0),
    "block": Style("#9ca3af", "none", 0.0, "", 1.25),
}
_PALETTE: Final = ("#b45309", "#7c3aed", "#0e7490", "#be123c", "#4d7c0f", "#a21caf", "#334155")
_FONT: Final = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'
_MAX: Final = 100.0


@dataclass(frozen=True)
class Series:
    """One line or shape: ``values`` 0–100 (or None) in the order of the axes / points. ``style`` names an
    entry of :data:`STYLES`, or ``"c0"``…``"c6"`` for a palette colour (block lines)."""

    label: str
    values: Sequence[float | None]
    style: str = "current"


class Point(NamedTuple):
    """One point of a line chart's main line. A provisional point (low coverage, or a draft) is drawn hollow."""

    label: str
    value: float | None
    provisional: bool = False


def _style(name: str) -> Style:
    if name in STYLES:
        return STYLES[name]
    match = re.fullmatch(r"c(\d+)", name)
    if match:
        colour = _PALETTE[int(match.group(1)) % len(_PALETTE)]
        return Style(colour, "none", 0.0, "", 1.25)
    return STYLES["current"]


def _text(value: str) -> str:
    return escape(value)


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _n(x: float) -> str:
    """A coordinate: one decimal, no "-0.0"."""
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def _clamp(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError(f"chart values must be finite numbers, got {value!r}")
    return min(max(value, 0.0), _MAX)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _id(chart_id: str) -> str:
    clean = re.sub(r"[^A-Za-z0-9_-]", "-", chart_id) or "chart"
    return clean if clean[0].isalpha() else f"c-{clean}"


def _stroke_attrs(style: Style) -> str:
    dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    return f'stroke="{style.stroke}" stroke-width="{style.width}"{dash} stroke-linejoin="round"'


def _text_width(text: str, font_size: float) -> float:
    """An estimate of a text's width in a sans-serif font (no font metrics on the server): 0.58 em a character."""
    return 0.58 * font_size * len(text)


def _legend(
    series: Sequence[Series], *, x: float, y: float, width: float, font_size: float = 13.0
) -> tuple[str, float]:
    """The legend as rows of swatch + label that wrap within ``width``; returns (svg, height used). Each item
    carries ``data-series`` (its style name), so a page's script can tie it to its line."""
    parts, cx, cy = [], x, y
    row_h = font_size + 9
    for s in series:
        style = _style(s.style)
        item_w = 34 + _text_width(s.label, font_size)
        if cx > x and cx + item_w > x + width:
            cx, cy = x, cy + row_h
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        parts.append(
            f'<g class="legend-item" data-series="{_attr(s.style)}"><line x1="{_n(cx)}" y1="{_n(cy)}" '
            f'x2="{_n(cx + 24)}" y2="{_n(cy)}" stroke="{style.stroke}" stroke-width="{max(style.width, 2.0)}"{dash}/>'
            f'<text x="{_n(cx + 30)}" y="{_n(cy + font_size * 0.35)}" font-size="{_n(font_size)}" fill="#111827">'
            f"{_text(s.label)}</text></g>"
        )
        cx += item_w + 14
    return "".join(parts), cy - y + row_h


def _open(
    *,
    chart_id: str,
    width: float,
    height: float,
    title: str,
    desc: str,
    kind: str,
    min_x: float = 0.0,
    min_y: float = 0.0,
) -> str:
    cid = _id(chart_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--{kind}" role="img" '
        f'viewBox="{_n(min_x)} {_n(min_y)} {_n(width)} {_n(height)}" width="{_n(width)}" height="{_n(height)}" '
        f'aria-labelledby="{cid}-title {cid}-desc" {_FONT}>'
        f'<title id="{cid}-title">{_text(title)}</title><desc id="{cid}-desc">{_text(desc)}</desc>'
    )


# --- radar ----------------------------------------------------------------------------------------------------


def _describe(axes: Sequence[str], series: Sequence[Series]) -> str:
    lines = []
    for s in series:
        values = ", ".join(f"{axis} {_fmt(v)}" for axis, v in zip(axes, s.values, strict=True))
        lines.append(f"{s.label}: {values}.")
    return " ".join(lines) + " Scale 0–100; – means no value."


def _wrap(text: str, limit: int) -> list[str]:
    """``text`` in lines of at most ``limit`` characters where it has spaces (a longer word stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def radar_svg(
    *,
    axes: Sequence[str],
    series: Sequence[Series],
    title: str,
    size: int = 560,
    desc: str | None = None,
    chart_id: str = "radar",
    value_labels: int = 1,
) -> str:
    """A radar (spider) chart: one spoke per axis (the blocks), rings at 20, 40, 60, 80, 100, one shape per series.

    ``size`` is the side of the square the rings stand in (centre at size/2, size/2). The texts scale with it
    (block names bold at 3.1 % of it, legible when the chart is printed 10 cm wide), and the drawing grows beyond
    it (the viewBox starts left of or above 0) wherever the names need room, so no name is cut; a name longer
    than 16 characters wraps. A series without a None is a closed polygon with one point per axis; a series with
    Nones is drawn as the runs of neighbouring values (a gap where the value is missing) plus a dot per value.
    The first ``value_labels`` series get their values written beside their points; every point
    has a tooltip."""
    n = len(axes)
    if n < 3:
        raise ValueError("a radar chart needs at least 3 axes")
    for s in series:
        if len(s.values) != n:
            raise ValueError(f"series {s.label!r} has {len(s.values)} values for {n} axes")
    axis_font = round(max(13.0, size * 0.031), 1)
    line_h = axis_font * 1.2
    cx = cy = size / 2
    radius = size / 2 - (2 * axis_font + 24)

    def angle_of(i: int) -> float:
        return -math.pi / 2 + 2 * math.pi * i / n

    def at(i: int, value: float) -> tuple[float, float]:
        r = radius * _clamp(value) / _MAX
        return cx + r * math.cos(angle_of(i)), cy + r * math.sin(angle_of(i))

    # The axis names, placed first: their boxes decide how far the drawing reaches.
    labels: list[str] = []
    left, right, top, bottom = 0.0, float(size), 0.0, float(size)
    for i, axis in enumerate(axes):
        angle = angle_of(i)
        c, sn = math.cos(angle), math.sin(angle)
        x, y = cx + (radius + 14) * c, cy + (radius + 14) * sn
        lines = _wrap(axis, 16)
        anchor = "middle" if abs(c) < 0.3 else ("start" if c > 0 else "end")
        if sn < -0.9:  # above the chart: the last line sits on the spoke's end
            first = y - 4 - (len(lines) - 1) * line_h
        elif sn > 0.9:  # below: the first line hangs from it
            first = y + axis_font
        else:
            first = y + axis_font * 0.35 - (len(lines) - 1) * line_h / 2
        w = max(_text_width(line, axis_font) for line in lines) * 1.1  # the names are bold
        x0 = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
        left, right = min(left, x0 - 8), max(right, x0 + w + 8)
        top, bottom = min(top, first - axis_font - 4), max(bottom, first + (len(lines) - 1) * line_h + 8)
        if len(lines) == 1:
            body = _text(axis)
        else:
            body = "".join(
                f'<tspan x="{_n(x)}" dy="{_n(0 if k == 0 else line_h)}">{_text(line)}</tspan>'
                for k, line in enumerate(lines)
            )
        labels.append(f'<text x="{_n(x)}" y="{_n(first)}" text-anchor="{anchor}">{body}</text>')

    width = right - left
    legend, legend_h = _legend(series, x=left + 16, y=bottom + 10, width=width - 32, font_size=axis_font * 0.85)
    height = bottom + legend_h + 12 - top
    out = [
        _open(
            chart_id=chart_id,
            width=width,
            height=height,
            min_x=left,
            min_y=top,
            title=title,
            desc=desc or _describe(axes, series),
            kind="radar",
        )
    ]
    out.append('<g class="chart__grid" fill="none" stroke="#d1d5db" stroke-width="1">')
    for ring in (20, 40, 60, 80, 100):
        pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in (at(i, ring) for i in range(n)))
        out.append(f'<polygon points="{pts}"/>')
    for i in range(n):
        x, y = at(i, _MAX)
        out.append(f'<line x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}"/>')
    out.append("</g>")
    out.append(f'<g class="chart__scale" font-size="{_n(axis_font * 0.7)}" fill="#6b7280">')
    for ring in (20, 40, 60, 80, 100):  # along the spoke between the first two axes, away from the values
        angle = -math.pi / 2 + math.pi / n
        r = radius * ring / _MAX
        out.append(f'<text x="{_n(cx + r * math.cos(angle) + 2)}" y="{_n(cy + r * math.sin(angle))}">{ring}</text>')
    out.append("</g>")
    out.append(f'<g class="chart__axes" font-size="{_n(axis_font)}" font-weight="600" fill="#111827">')
    out.extend(labels)
    out.append("</g>")
    for number, s in enumerate(series):
        style = _style(s.style)
        out.append(f'<g class="chart__series chart__series--{_attr(s.style)}" data-series="{_attr(s.style)}">')
        present = [v is not None for v in s.values]
        if all(present):
            pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in (at(i, v) for i, v in enumerate(s.values) if v is not None))
            out.append(
                f'<polygon points="{pts}" fill="{style.fill}" fill-opacity="{style.fill_opacity}" '
                f"{_stroke_attrs(style)}/>"
            )
        else:
            for run in _runs(present, cyclic=True):
                if len(run) > 1:
                    pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in (at(i, s.values[i] or 0.0) for i in run))
                    out.append(f'<polyline points="{pts}" fill="none" {_stroke_attrs(style)}/>')
        for i, v in enumerate(s.values):
            if v is None:
                continue
            x, y = at(i, v)
            out.append(
                f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5" fill="{style.stroke}">'
                f"<title>{_text(f'{s.label} – {axes[i]}: {_fmt(v)}')}</title></circle>"
            )
            if number < value_labels:
                out.append(
                    f'<text class="chart__value" x="{_n(x + 6)}" y="{_n(y - 6)}" font-size="{_n(axis_font * 0.85)}" '
                    f'font-weight="700" fill="{style.stroke}">{_fmt(v)}</text>'
                )
        out.append("</g>")
    out.append(f'<g class="chart__legend">{legend}</g></svg>')
    return "".join(out)


def _runs(present: Sequence[bool], *, cyclic: bool) -> list[list[int]]:
    """Index runs of consecutive present values; on a cycle the last run joins the first across the end."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, ok in enumerate(present):
        if ok:
            current.append(i)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    if cyclic and len(runs) > 1 and runs[0][0] == 0 and runs[-1][-1] == len(present) - 1:
        runs[0] = runs.pop() + runs[0]
    return runs


# --- line -------------------------------------------------------------------------------------------------------


_X_TILT: Final = 40.0  # degrees: how far x labels turn when they do not fit side by side


def line_svg(
    *,
    points: Sequence[Point | tuple[str, float | None]],
    title: str,
    series: Sequence[Series] = (),
    label: str = "ITCq",
    width: int = 760,
    height: int = 300,
    desc: str | None = None,
    chart_id: str = "trend",
) -> str:
    """A line chart on a 0–100 y axis: the main line (``points``, labelled ``label``) plus optional further
    ``series`` whose values line up with the points (e.g. one per block). None values break the line; a
    provisional point is drawn hollow. The main line's values are written above its points.

    Readable with many points: the x labels stand side by side while they fit, else turn by 40°, and when even
    turned they would touch, only every k-th is written (counted back from the latest, which is always
    written), and the value labels follow the same choice. The legend stands below the axis labels, outside
    the plot. Each series is one ``<g class="chart__series" data-series=… data-label=…>``, so a page may let
    the reader show or hide it; without a script every line is drawn."""
    pts = [p if isinstance(p, Point) else Point(*p) for p in points]
    for s in series:
        if len(s.values) != len(pts):
            raise ValueError(f"series {s.label!r} has {len(s.values)} values for {len(pts)} points")
    main = Series(label, [p.value for p in pts], "overall")
    all_series = [*series, main]  # the main line is drawn last, on top
    legend_items = [main, *series]
    font = 12.0
    n = len(pts)
    widest = max((_text_width(p.label, font) for p in pts), default=0.0)
    tilt_rad = math.radians(_X_TILT)
    right, top = 20.0, 22.0
    # A turned first label reaches left of its point: leave it room.
    left = max(44.0, _text_width(pts[0].label, font) * math.cos(tilt_rad) + 4) if n > 1 else 44.0
    plot_w, plot_h = width - left - right, height - top - 30.0
    inset = 14.0  # the first and last points stand clear of the axes' numbers
    spacing = (plot_w - 2 * inset) / (n - 1) if n > 1 else plot_w

    def x_at(i: int) -> float:
        return left + (plot_w / 2 if n == 1 else inset + spacing * i)

    def level_anchor(i: int) -> str:
        return "middle" if n == 1 else "start" if i == 0 else "end" if i == n - 1 else "middle"

    def level_box(i: int) -> tuple[float, float]:
        w, x = _text_width(pts[i].label, font), x_at(i)
        anchor = level_anchor(i)
        return (x, x + w) if anchor == "start" else (x - w, x) if anchor == "end" else (x - w / 2, x + w / 2)

    boxes = [level_box(i) for i in range(n)]
    # 10 units apart as written: coordinates are written to 0.1, so two of them may each move by 0.05
    tilt = any(a[1] + 10 + 0.1 > b[0] for a, b in itertools.pairwise(boxes))
    step = max(1, math.ceil(font * 1.6 / (spacing * math.sin(tilt_rad)))) if tilt else 1
    shown = {i for i in range(n) if (n - 1 - i) % step == 0}  # the latest is always written
    value_step = max(step, math.ceil(28 / spacing)) if n > 1 else 1  # a value label is about 2 digits wide
    valued = {i for i in range(n) if (n - 1 - i) % value_step == 0}
    label_band = (widest * math.sin(tilt_rad) + font * math.cos(tilt_rad) + 12) if tilt else font + 10

    def y_at(value: float) -> float:
        return top + plot_h * (1 - _clamp(value) / _MAX)

    axis_y = top + plot_h
    legend_y = axis_y + 8 + label_band + 14
    legend, legend_h = _legend(legend_items, x=left, y=legend_y, width=plot_w)
    total_h = legend_y + legend_h
    if desc is None:
        provisional = " (provisional)"
        desc = (
            f"{label} by period: "
            + ", ".join(f"{p.label} {_fmt(p.value)}{provisional if p.provisional else ''}" for p in pts)
            + "."
            + "".join(f" {s.label}: " + ", ".join(_fmt(v) for v in s.values) + "." for s in series)
            + " Scale 0–100; – means no value."
            if pts
            else "No values yet."
        )
    out = [_open(chart_id=chart_id, width=width, height=total_h, title=title, desc=desc, kind="line")]
    out.append('<g class="chart__grid" stroke="#e5e7eb" stroke-width="1" font-size="11" fill="#6b7280">')
    for tick in (0, 20, 40, 60, 80, 100):
        y = y_at(tick)
        out.append(
            f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(width - right)}" y2="{_n(y)}"/>'
            f'<text x="{_n(left - 6)}" y="{_n(y + 4)}" text-anchor="end" stroke="none">{tick}</text>'
        )
    out.append("</g>")
    out.append(f'<g class="chart__axes" font-size="{_n(font)}" fill="#111827">')
    for i, p in enumerate(pts):
        if i not in shown:
            continue
        x, y = x_at(i), axis_y + 8 + font
        if tilt:
            x, y = x + font * 0.3, axis_y + 10
            out.append(
                f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="end" '
                f'transform="rotate(-{_X_TILT:.0f} {_n(x)} {_n(y)})">{_text(p.label)}</text>'
            )
        else:
            out.append(f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{level_anchor(i)}">{_text(p.label)}</text>')
    out.append("</g>")
    if not pts:
        out.append(
            f'<text x="{_n(width / 2)}" y="{_n(top + plot_h / 2)}" text-anchor="middle" font-size="13" '
            f'fill="#6b7280">{_text("No values yet.")}</text>'
        )
    for s in all_series:
        style = _style(s.style)
        is_main = s is main
        out.append(
            f'<g class="chart__series chart__series--{_attr(s.style)}" data-series="{_attr(s.style)}" '
            f'data-label="{_attr(s.label)}">'
        )
        for run in _runs([v is not None for v in s.values], cyclic=False):
            if len(run) > 1:
                coords = " ".join(f"{_n(x_at(i))},{_n(y_at(s.values[i] or 0.0))}" for i in run)
                out.append(f'<polyline points="{coords}" fill="none" {_stroke_attrs(style)}/>')
        for i, v in enumerate(s.values):
            if v is None:
                continue
            hollow = is_main and pts[i].provisional
            fill = "#ffffff" if hollow else style.stroke
            r = 4.5 if is_main else 2.5
            note = " (provisional)" if hollow else ""
            out.append(
                f'<circle class="chart__point{" chart__point--provisional" if hollow else ""}" '
                f'cx="{_n(x_at(i))}" cy="{_n(y_at(v))}" r="{r}" fill="{fill}" stroke="{style.stroke}" '
                f'stroke-width="2"><title>{_text(f"{s.label} {pts[i].label}: {_fmt(v)}{note}")}</title>'
                f"</circle>"
            )
            if is_main and i in valued:
                out.append(
                    f'<text class="chart__value" x="{_n(x_at(i))}" y="{_n(y_at(v) - 10)}" '
                    f'text-anchor="middle" font-size="12" font-weight="700" fill="{style.stroke}">'
                    f"{_fmt(v)}</text>"
                )
        out.append("</g>")
    out.append(f'<g class="chart__legend">{legend}</g></svg>')
    return "".join(out)


# --- sparkline --------------------------------------------------------------------------------------------------


SPARK_SPAN: Final = 20.0  # a sparkline's height stands for at least this many points of the 0–100 scale


def sparkline_svg(
    *,
    points: Sequence[Point | tuple[str, float | None]],
    title: str,
    width: int = 120,
    height: int = 32,
    chart_id: str = "spark",
) -> str:
    """A word-sized line of 0–100 values, for a number's recent history beside it: no axes, no legend, the last
    value marked with a dot. None values break the line. The height spans the values' range, but never less than
    ``SPARK_SPAN`` points, so that a small wobble does not look like a leap. The ``<desc>`` states every value."""
    pts = [p if isinstance(p, Point) else Point(*p) for p in points]
    pad = 3.0
    n = len(pts)
    present = [_clamp(p.value) for p in pts if p.value is not None]
    low, high = (min(present), max(present)) if present else (0.0, _MAX)
    if high - low < SPARK_SPAN:
        middle = min(max((low + high) / 2, SPARK_SPAN / 2), _MAX - SPARK_SPAN / 2)
        low, high = middle - SPARK_SPAN / 2, middle + SPARK_SPAN / 2

    def x_at(i: int) -> float:
        return pad + (width - 2 * pad) * (0.5 if n == 1 else i / (n - 1))

    def y_at(value: float) -> float:
        return pad + (height - 2 * pad) * (1 - (_clamp(value) - low) / (high - low))

    desc = (
        "By period: " + ", ".join(f"{p.label} {_fmt(p.value)}" for p in pts) + ". Scale 0–100."
        if pts
        else "No values yet."
    )
    style = STYLES["overall"]
    out = [_open(chart_id=chart_id, width=width, height=height, title=title, desc=desc, kind="sparkline")]
    for run in _runs([p.value is not None for p in pts], cyclic=False):
        if len(run) > 1:
            coords = " ".join(f"{_n(x_at(i))},{_n(y_at(pts[i].value or 0.0))}" for i in run)
            out.append(
                f'<polyline points="{coords}" fill="none" stroke="{style.stroke}" stroke-width="2" '
                f'stroke-linejoin="round" stroke-linecap="round"/>'
            )
    last = next((i for i in range(n - 1, -1, -1) if pts[i].value is not None), None)
    if last is not None:
        out.append(
            f'<circle class="chart__point" cx="{_n(x_at(last))}" cy="{_n(y_at(pts[last].value or 0.0))}" r="2.75" '
            f'fill="{style.stroke}"/>'
        )
    out.append("</svg>")
    return "".join(out)

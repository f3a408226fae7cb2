"""Charts as SVG text, drawn on the server: the same SVG goes inline into a page and into a PDF.

Pure: stdlib only, strings in, a string out. Every text is escaped (``xml.sax.saxutils``); colours are SVG
attributes, not CSS, so a PDF renderer or an image viewer draws the chart as the page does. Each chart is
``role="img"`` with a ``<title>`` and a ``<desc>`` that states every value in words, a legend, and value labels.
Values are on the 0–100 score scale; ``None`` is "no value" and is drawn as a gap, never as 0.
"""

from __future__ import annotations

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


def _legend(series: Sequence[Series], *, x: float, y: float, width: float) -> tuple[str, float]:
    """The legend as rows of swatch + label that wrap within ``width``; returns (svg, height used)."""
    parts, cx, cy = [], x, y
    for s in series:
        style = _style(s.style)
        item_w = 34 + 7.0 * len(s.label)
        if cx > x and cx + item_w > x + width:
            cx, cy = x, cy + 20
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        parts.append(
            f'<g class="legend-item"><line x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(cx + 24)}" y2="{_n(cy)}" '
            f'stroke="{style.stroke}" stroke-width="{max(style.width, 2.0)}"{dash}/>'
            f'<text x="{_n(cx + 30)}" y="{_n(cy + 4)}" font-size="12" fill="#111827">{_text(s.label)}</text>'
            f"</g>"
        )
        cx += item_w + 12
    return "".join(parts), cy - y + 20


def _open(*, chart_id: str, width: float, height: float, title: str, desc: str, kind: str) -> str:
    cid = _id(chart_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--{kind}" role="img" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width)}" height="{_n(height)}" '
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


def radar_svg(
    *,
    axes: Sequence[str],
    series: Sequence[Series],
    title: str,
    size: int = 420,
    desc: str | None = None,
    chart_id: str = "radar",
    value_labels: int = 1,
) -> str:
    """A radar (spider) chart: one spoke per axis (the blocks), rings at 20, 40, 60, 80, 100, one shape per series.

    A series without a None is a closed polygon with one point per axis; a series with Nones is drawn as the
    runs of neighbouring values (a gap where the value is missing) plus a dot per value. The first
    ``value_labels`` series get their values written beside their points; every point has a tooltip."""
    n = len(axes)
    if n < 3:
        raise ValueError("a radar chart needs at least 3 axes")
    for s in series:
        if len(s.values) != n:
            raise ValueError(f"series {s.label!r} has {len(s.values)} values for {n} axes")
    margin = 78.0
    cx = cy = size / 2
    radius = size / 2 - margin
    legend, legend_h = _legend(series, x=16, y=size + 4, width=size - 32)
    height = size + legend_h + 8

    def at(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * _clamp(value) / _MAX
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    out = [
        _open(
            chart_id=chart_id,
            width=size,
            height=height,
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
    out.append('<g class="chart__scale" font-size="10" fill="#6b7280">')
    for ring in (20, 40, 60, 80, 100):  # along the spoke between the first two axes, away from the values
        angle = -math.pi / 2 + math.pi / n
        r = radius * ring / _MAX
        out.append(f'<text x="{_n(cx + r * math.cos(angle) + 2)}" y="{_n(cy + r * math.sin(angle))}">{ring}</text>')
    out.append("</g>")
    out.append('<g class="chart__axes" font-size="12" fill="#111827">')
    for i, axis in enumerate(axes):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        x, y = cx + (radius + 12) * math.cos(angle), cy + (radius + 12) * math.sin(angle)
        c = math.cos(angle)
        anchor = "middle" if abs(c) < 0.3 else ("start" if c > 0 else "end")
        dy = 4 if abs(math.sin(angle)) < 0.9 else (12 if math.sin(angle) > 0 else -4)
        out.append(f'<text x="{_n(x)}" y="{_n(y + dy)}" text-anchor="{anchor}">{_text(axis)}</text>')
    out.append("</g>")
    for number, s in enumerate(series):
        style = _style(s.style)
        out.append(f'<g class="chart__series chart__series--{_attr(s.style)}">')
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
                f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3" fill="{style.stroke}">'
                f"<title>{_text(f'{s.label} – {axes[i]}: {_fmt(v)}')}</title></circle>"
            )
            if number < value_labels:
                out.append(
                    f'<text class="chart__value" x="{_n(x + 5)}" y="{_n(y - 5)}" font-size="11" '
                    f'font-weight="600" fill="{style.stroke}">{_fmt(v)}</text>'
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


def line_svg(
    *,
    points: Sequence[Point | tuple[str, float | None]],
    title: str,
    series: Sequence[Series] = (),
    label: str = "ITCq",
    width: int = 640,
    height: int = 280,
    desc: str | None = None,
    chart_id: str = "trend",
) -> str:
    """A line chart on a 0–100 y axis: the main line (``points``, labelled ``label``) plus optional further
    ``series`` whose values line up with the points (e.g. one per block). None values break the line; a
    provisional point is drawn hollow. The main line's values are written above its points."""
    pts = [p if isinstance(p, Point) else Point(*p) for p in points]
    for s in series:
        if len(s.values) != len(pts):
            raise ValueError(f"series {s.label!r} has {len(s.values)} values for {len(pts)} points")
    main = Series(label, [p.value for p in pts], "overall")
    all_series = [*series, main]  # the main line is drawn last, on top
    legend_items = [main, *series]
    left, right, top = 40.0, 16.0, 16.0
    legend, legend_h = _legend(legend_items, x=left, y=height - 4, width=width - left - right)
    total_h = height + legend_h
    bottom = 36.0
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(pts)

    def x_at(i: int) -> float:
        return left + (plot_w / 2 if n == 1 else plot_w * i / (n - 1))

    def y_at(value: float) -> float:
        return top + plot_h * (1 - _clamp(value) / _MAX)

    if desc is None:
        provisional = " (provisional)"
        desc = (
            f"{label} by period: "
            + ", ".join(f"{p.label} {_fmt(p.value)}{provisional if p.provisional else ''}" for p in pts)
            + ". Scale 0–100; – means no value."
            if pts
            else "No values yet."
        )
    out = [_open(chart_id=chart_id, width=width, height=total_h, title=title, desc=desc, kind="line")]
    out.append('<g class="chart__grid" stroke="#e5e7eb" stroke-width="1" font-size="10" fill="#6b7280">')
    for tick in (0, 20, 40, 60, 80, 100):
        y = y_at(tick)
        out.append(
            f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(width - right)}" y2="{_n(y)}"/>'
            f'<text x="{_n(left - 6)}" y="{_n(y + 3)}" text-anchor="end" stroke="none">{tick}</text>'
        )
    out.append("</g>")
    step = max(1, math.ceil(n / 12))  # at most about 12 labels on the x axis
    out.append('<g class="chart__axes" font-size="11" fill="#111827">')
    for i, p in enumerate(pts):
        if i % step == 0 or i == n - 1:
            anchor = "middle" if n == 1 else "start" if i == 0 else "end" if i == n - 1 else "middle"
            out.append(
                f'<text x="{_n(x_at(i))}" y="{_n(top + plot_h + 16)}" text-anchor="{anchor}">{_text(p.label)}</text>'
            )
    out.append("</g>")
    if not pts:
        out.append(
            f'<text x="{_n(width / 2)}" y="{_n(top + plot_h / 2)}" text-anchor="middle" font-size="13" '
            f'fill="#6b7280">{_text("No values yet.")}</text>'
        )
    for s in all_series:
        style = _style(s.style)
        is_main = s is main
        out.append(f'<g class="chart__series chart__series--{_attr(s.style)}">')
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
            if is_main:
                out.append(
                    f'<text class="chart__value" x="{_n(x_at(i))}" y="{_n(y_at(v) - 9)}" '
                    f'text-anchor="middle" font-size="11" font-weight="600" fill="{style.stroke}">'
                    f"{_fmt(v)}</text>"
                )
        out.append("</g>")
    out.append(f'<g class="chart__legend">{legend}</g></svg>')
    return "".join(out)


# --- sparkline --------------------------------------------------------------------------------------------------


def sparkline_svg(
    *,
    points: Sequence[Point | tuple[str, float | None]],
    title: str,
    width: int = 120,
    height: int = 32,
    chart_id: str = "spark",
) -> str:
    """A word-sized line on a 0–100 scale, for a number's recent history beside it: no axes, no legend, the last
    value marked with a dot. None values break the line. The ``<desc>`` states every value in words."""
    pts = [p if isinstance(p, Point) else Point(*p) for p in points]
    pad = 3.0
    n = len(pts)

    def x_at(i: int) -> float:
        return pad + (width - 2 * pad) * (0.5 if n == 1 else i / (n - 1))

    def y_at(value: float) -> float:
        return pad + (height - 2 * pad) * (1 - _clamp(value) / _MAX)

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

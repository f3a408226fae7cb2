"""The SVG charts: well-formed XML, accessible, the right geometry, escaped text, gaps for missing values."""

from __future__ import annotations

import io
import itertools
import math
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sevenc.core.domain.charts import Point, Series, line_svg, radar_svg

NS = {"s": "http://www.w3.org/2000/svg"}
AXES = ["Continuous", "Competent", "Charged", "Conscious", "Controlled", "Clear", "Cost effective"]


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _points(element: ET.Element) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in (p.split(",") for p in element.get("points", "").split())]


def test_it_draws_a_well_formed_accessible_radar_with_seven_points() -> None:
    svg = radar_svg(
        axes=AXES,
        title="Current vs target",
        series=[
            Series("Current", [50, 60, 70, 80, 90, 40, 30], "current"),
            Series("Target", [80] * 7, "target"),
        ],
    )
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.find("s:title", NS).text == "Current vs target"
    desc = root.find("s:desc", NS).text
    assert "Current: Continuous 50" in desc and "Target: Continuous 80" in desc
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find("s:title", NS).get("id") == title_id and root.find("s:desc", NS).get("id") == desc_id
    series = root.findall(".//s:g[@class='chart__series chart__series--current']/s:polygon", NS)
    assert len(series) == 1
    assert len(_points(series[0])) == 7
    legend = [t.text for t in root.findall(".//s:g[@class='chart__legend']//s:text", NS)]
    assert legend == ["Current", "Target"]
    labels = [t.text for t in root.findall(".//s:text[@class='chart__value']", NS)]
    assert labels == ["50", "60", "70", "80", "90", "40", "30"]  # only the first series is labelled


def test_it_maps_values_to_the_right_radius() -> None:
    size = 420
    root = _parse(radar_svg(axes=AXES, title="r", size=size, series=[Series("Current", [100, 50, 0, 25, 75, 10, 90])]))
    polygon = root.find(".//s:g[@class='chart__series chart__series--current']/s:polygon", NS)
    pts = _points(polygon)
    grid = root.find(".//s:g[@class='chart__grid']/s:polygon[5]", NS)  # the 100 ring
    full = math.dist(_points(grid)[0], (size / 2, size / 2))
    for (x, y), value in zip(pts, [100, 50, 0, 25, 75, 10, 90], strict=True):
        assert math.dist((x, y), (size / 2, size / 2)) == pytest.approx(full * value / 100, abs=0.15)
    assert pts[0][0] == pytest.approx(size / 2) and pts[0][1] < size / 2  # the first axis points up


def test_it_clamps_values_outside_the_scale() -> None:
    root = _parse(radar_svg(axes=AXES[:3], title="r", size=420, series=[Series("x", [150, -5, 50])]))
    pts = _points(root.find(".//s:polygon[@fill-opacity]", NS))
    grid100 = _points(root.find(".//s:g[@class='chart__grid']/s:polygon[5]", NS))
    assert pts[0] == pytest.approx(grid100[0], abs=0.11)
    assert pts[1] == pytest.approx((210, 210), abs=0.11)


def test_it_escapes_every_text() -> None:
    svg = radar_svg(axes=["<b>&", 'Q"uote', "C"], title="A & B <script>", series=[Series("Tom's <i>", [1, 2, 3])])
    root = _parse(svg)
    assert root.find("s:title", NS).text == "A & B <script>"
    assert "<script>" not in svg and "<b>" not in svg
    assert [t.text for t in root.findall(".//s:g[@class='chart__axes']/s:text", NS)] == ["<b>&", 'Q"uote', "C"]
    line = line_svg(points=[("Q1 <x>", 10.0)], title="T&T", label="I<TCq")
    assert ET.fromstring(line).find("s:title", NS).text == "T&T"
    assert "<x>" not in line and "I<TCq" not in line


def test_it_leaves_a_gap_for_missing_values_in_the_radar() -> None:
    root = _parse(
        radar_svg(axes=AXES, title="r", series=[Series("Target", [80, None, 80, 80, None, None, 60], "target")])
    )
    group = root.find(".//s:g[@class='chart__series chart__series--target']", NS)
    assert group.find("s:polygon", NS) is None
    lines = [_points(p) for p in group.findall("s:polyline", NS)]
    assert sorted(len(p) for p in lines) == [2, 2]  # (Conscious, Controlled) and (Cost effective, Continuous)
    assert len(group.findall("s:circle", NS)) == 4
    assert "Competent –" in root.find("s:desc", NS).text


def test_it_refuses_series_that_do_not_match_the_axes() -> None:
    with pytest.raises(ValueError):
        radar_svg(axes=AXES, title="r", series=[Series("x", [1, 2])])
    with pytest.raises(ValueError):
        radar_svg(axes=["a", "b"], title="r", series=[])


def test_it_draws_the_trend_with_hollow_provisional_points_and_gaps() -> None:
    points = [
        Point("2026-Q1", 40.0),
        Point("2026-Q2", None),
        Point("2026-Q3", 55.0),
        Point("2026-Q4", 60.0, provisional=True),
    ]
    svg = line_svg(points=points, title="ITCq trend", series=[Series("Continuous", [30, 35, None, 50], "c0")])
    root = _parse(svg)
    assert root.get("role") == "img" and root.find("s:title", NS).text == "ITCq trend"
    main = root.find(".//s:g[@class='chart__series chart__series--overall']", NS)
    lines = main.findall("s:polyline", NS)
    assert [len(_points(p)) for p in lines] == [2]  # Q3–Q4; Q1 stands alone next to the gap
    circles = main.findall("s:circle", NS)
    assert len(circles) == 3
    assert [c.get("fill") for c in circles] == [circles[0].get("stroke")] * 2 + ["#ffffff"]
    assert "2026-Q4 60 (provisional)" in root.find("s:desc", NS).text
    ys = [float(c.get("cy")) for c in circles]
    assert ys[0] > ys[1] > ys[2]  # higher score, higher on the chart
    block = root.find(".//s:g[@class='chart__series chart__series--c0']", NS)
    assert len(block.findall("s:polyline", NS)) == 1
    assert [t.text for t in root.findall(".//s:g[@class='chart__legend']//s:text", NS)] == ["ITCq", "Continuous"]


def test_it_draws_an_empty_and_a_single_point_trend() -> None:
    assert "No values yet." in line_svg(points=[], title="t")
    root = _parse(line_svg(points=[("2026-Q1", 50.0)], title="t", width=600))
    circle = root.find(".//s:g[@class='chart__series chart__series--overall']/s:circle", NS)
    assert float(circle.get("cx")) == pytest.approx(40 + (600 - 56) / 2)


# --- readable at any size: the radar's names and the trend's labels ------------------------------------------------


def _view_box(root: ET.Element) -> tuple[float, float, float, float]:
    x, y, w, h = (float(v) for v in root.get("viewBox", "").split())
    return x, y, w, h


def test_it_grows_the_radar_to_fit_its_names_and_wraps_long_ones() -> None:
    long = "Govern: organisational context and strategy"
    root = _parse(
        radar_svg(axes=[long, "Identify", "Protect", "Detect"], title="r", series=[Series("x", [1, 2, 3, 4])])
    )
    x0, y0, w, h = _view_box(root)
    assert y0 < 0  # the wrapped name above the chart needs room above the rings' square
    texts = root.findall(".//s:g[@class='chart__axes']/s:text", NS)
    assert [t.text for t in texts[1:]] == ["Identify", "Protect", "Detect"]
    lines = [span.text for span in texts[0].findall("s:tspan", NS)]
    assert len(lines) > 1 and " ".join(lines) == long and all(len(line) <= 16 for line in lines if " " in line)
    for t in texts:  # every name's anchor stands inside the drawing
        assert x0 <= float(t.get("x")) <= x0 + w and y0 <= float(t.get("y")) <= y0 + h
    assert float(root.find(".//s:g[@class='chart__axes']", NS).get("font-size")) >= 13


def test_it_tags_every_series_and_legend_item_with_its_style() -> None:
    root = _parse(
        line_svg(
            points=[("2026-Q1", 40.0), ("2026-Q2", 45.0)],
            title="t",
            series=[Series("Continuous", [30, 35], "c0"), Series("Competent", [50, None], "c1")],
        )
    )
    groups = root.findall(".//s:g[@data-series]", NS)
    series = {g.get("data-series"): g.get("data-label") for g in groups if "chart__series" in g.get("class", "")}
    assert series == {"c0": "Continuous", "c1": "Competent", "overall": "ITCq"}
    legend = [g.get("data-series") for g in root.findall(".//s:g[@class='legend-item']", NS)]
    assert legend == ["overall", "c0", "c1"]


def _x_labels(root: ET.Element) -> list[ET.Element]:
    return root.findall(".//s:g[@class='chart__axes']/s:text", NS)


def test_it_keeps_a_few_short_x_labels_level() -> None:
    root = _parse(line_svg(points=[(f"2026-Q{q}", 50.0) for q in (1, 2, 3, 4)], title="t"))
    labels = _x_labels(root)
    assert [t.text for t in labels] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert all(t.get("transform") is None for t in labels)


def test_it_turns_then_thins_the_x_labels_and_always_writes_the_latest() -> None:
    points = [(f"{2020 + i // 4}-Q{i % 4 + 1}", 40.0 + i % 5) for i in range(10)] + [("2022-Q3 (draft)", 50.0)]
    root = _parse(line_svg(points=points, title="t"))
    labels = _x_labels(root)
    assert len(labels) == 11 and all("rotate(-40" in (t.get("transform") or "") for t in labels)
    many = [(f"P{i:03d}", 50.0) for i in range(60)]
    root = _parse(line_svg(points=many, title="t"))
    written = [t.text for t in _x_labels(root)]
    assert 5 < len(written) < 60 and written[-1] == "P059"
    values = root.findall(".//s:text[@class='chart__value']", NS)
    assert 5 < len(values) < 60


def test_it_puts_the_legend_below_the_axis_labels() -> None:
    points = [(f"Assessment of {2020 + i}", 40.0) for i in range(12)]
    root = _parse(line_svg(points=points, title="t", series=[Series("Continuous", [30.0] * 12, "c0")]))
    legend_top = min(float(line.get("y1")) for line in root.findall(".//s:g[@class='legend-item']/s:line", NS))
    plot_bottom = max(float(line.get("y1")) for line in root.findall(".//s:g[@class='chart__grid']/s:line", NS))
    assert legend_top > plot_bottom
    longest = max(0.58 * 12 * len(t.text or "") for t in _x_labels(root))
    assert legend_top > plot_bottom + longest * math.sin(math.radians(40))  # below the turned labels' reach
    _, _, _, height = _view_box(root)
    assert legend_top < height


@settings(deadline=None, max_examples=150)
@given(
    st.lists(st.text(alphabet="abcdefgh0123456789-Q ", min_size=1, max_size=18), min_size=1, max_size=60),
    st.integers(min_value=480, max_value=1200),
)
def test_it_never_lets_two_x_labels_touch(labels: list[str], width: int) -> None:
    """By the chart's own width estimate: level labels do not overlap; turned ones stand at least a line apart."""
    root = _parse(line_svg(points=[(label, 50.0) for label in labels], title="t", width=width))
    written = _x_labels(root)
    assert written[-1].text == labels[-1].strip() or written[-1].text == labels[-1]
    xs = [float(t.get("x")) for t in written]
    if any(t.get("transform") for t in written):
        gaps = [b - a for a, b in itertools.pairwise(xs)]
        assert all(g * math.sin(math.radians(40)) >= 12 * 1.25 for g in gaps)
    else:
        boxes = []
        for t, x in zip(written, xs, strict=True):
            w = 0.58 * 12 * len(t.text or "")
            anchor = t.get("text-anchor")
            x0 = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
            boxes.append((x0, x0 + w))
        assert all(a[1] + 10 <= b[0] for a, b in itertools.pairwise(boxes))


def test_it_draws_in_a_pdf() -> None:
    """WeasyPrint renders both charts with their words: the same SVG goes into a page and a PDF."""
    weasyprint = pytest.importorskip("weasyprint")
    pypdf = pytest.importorskip("pypdf")
    radar = radar_svg(axes=AXES, title="r", series=[Series("Current", [50, 60, 70, 80, 90, 40, 30])])
    trend = line_svg(
        points=[(f"2026-Q{q}", 40.0 + q) for q in (1, 2, 3, 4)],
        title="t",
        series=[Series("Continuous", [30, 35, 40, 45], "c0")],
    )
    html = f"<html><body><div style='width:14cm'>{radar}</div><div style='width:17cm'>{trend}</div></body></html>"
    pdf = weasyprint.HTML(string=html).write_pdf()
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    for word in ("Continuous", "Cost effective", "Current", "2026-Q4", "ITCq"):
        assert word in text

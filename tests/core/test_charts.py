"""The SVG charts: well-formed XML, accessible, the right geometry, escaped text, gaps for missing values."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

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
    root = _parse(radar_svg(axes=AXES[:3], title="r", series=[Series("x", [150, -5, 50])]))
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

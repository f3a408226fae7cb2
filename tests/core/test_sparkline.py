"""The sparkline: a small well-formed SVG that states its values in words, breaks at gaps and marks the last value."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from sevenc.core.domain.charts import Point, sparkline_svg

NS = {"s": "http://www.w3.org/2000/svg"}


def test_it_draws_one_line_and_marks_the_last_value() -> None:
    svg = ET.fromstring(sparkline_svg(points=[("Q1", 40), ("Q2", 50), ("Q3", 60)], title="ITCq trend"))
    assert svg.get("role") == "img"
    assert svg.find("s:title", NS).text == "ITCq trend"
    assert svg.find("s:desc", NS).text == "By period: Q1 40, Q2 50, Q3 60. Scale 0–100."
    lines = svg.findall("s:polyline", NS)
    assert len(lines) == 1
    coords = [tuple(map(float, p.split(","))) for p in lines[0].get("points").split()]
    assert [y for _x, y in coords] == sorted((y for _x, y in coords), reverse=True)  # rising values, falling y
    dot = svg.find("s:circle", NS)
    assert (float(dot.get("cx")), float(dot.get("cy"))) == coords[-1]


def test_it_breaks_the_line_at_a_missing_value_and_escapes_text() -> None:
    svg = sparkline_svg(points=[Point("a", 10), Point("b", None), Point("c", 30), Point("d<", 35)], title="<x>")
    tree = ET.fromstring(svg)
    assert len(tree.findall("s:polyline", NS)) == 1  # "a" stands alone; c–d is a line
    assert "&lt;x&gt;" in svg
    assert "d&lt; 35" in svg


def test_it_draws_nothing_but_says_so_without_values() -> None:
    tree = ET.fromstring(sparkline_svg(points=[], title="ITCq"))
    assert tree.find("s:desc", NS).text == "No values yet."
    assert tree.find("s:polyline", NS) is None and tree.find("s:circle", NS) is None


def test_it_spans_the_values_range_but_never_less_than_the_minimum_span() -> None:
    def ys(values: list[float]) -> list[float]:
        svg = ET.fromstring(sparkline_svg(points=[(str(i), v) for i, v in enumerate(values)], title="t", height=46))
        return [float(p.split(",")[1]) for p in svg.find("s:polyline", NS).get("points").split()]

    assert ys([40, 60]) == [43.0, 3.0]  # the range fills the height (3 px padding)
    assert ys([49, 51]) == [25.0, 21.0]  # 2 points of a 20-point span: a tenth of the height
    assert ys([0, 1]) == [43.0, 41.0]  # the span stays on the scale: 0 is the bottom

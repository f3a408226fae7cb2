"""The gap analysis and the trend as a vCIO sees them at 1440 px: the summary first, a radar large enough to read,
the proposal button, and a trend of a dozen assessments whose labels never touch and whose block lines can be
chosen (and all show without JavaScript); the gap analysis prints its summary and radar."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 1440


@pytest.fixture
def harbourview(demo: Any) -> Any:
    """The demo's Harbourview with eight more final assessments before its own: twelve on the trend."""
    from sevenc.accounts.models import User
    from sevenc.assessments.models import AssessmentStatus
    from sevenc.demo import STAFF
    from sevenc.tenancy.models import Client
    from tests.assessments.factories import AssessmentFactory

    client = Client.objects.get(workspace=demo.workspace, name="Harbourview Dental Group")
    first = client.assessments.order_by("assessed_on").first()
    vcio = User.objects.get(email=STAFF[1][1])
    for i in range(8):
        on = dt.date(2023, 3, 31) + dt.timedelta(days=91 * i)
        AssessmentFactory(
            client=client,
            actor=vcio,
            framework=first.framework,
            title=f"Review {i + 1}",
            period=f"{on.year}-Q{(on.month - 1) // 3 + 1}",
            assessed_on=on,
            level=1 + i % 4,
            final=True,
        )
    latest = client.assessments.filter(status=AssessmentStatus.FINAL, targets__isnull=False).order_by("-assessed_on")
    return client, latest.first()


def _boxes(page: Any, selector: str) -> list[dict[str, float]]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.getBoundingClientRect().toJSON())")


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def test_the_gap_analysis_opens_with_a_summary_and_a_readable_radar(
    live_server: Any, harbourview: Any, browser: Any, log_in: Any
) -> None:
    from sevenc.demo import STAFF

    _client, assessment = harbourview
    page = browser.new_page(viewport={"width": WIDTH, "height": 900})
    log_in(page, STAFF[1][1])
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/gaps/")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    summary = page.locator(".gap-summary")
    for words in ("ITCq now", "Gap to target", "Worst blocks", "Worst areas", "Largest weighted gaps"):
        assert words in summary.inner_text()
    assert page.get_by_role("button", name="Propose items from these gaps").is_visible()
    radar = page.locator("svg.chart--radar").bounding_box()
    assert radar["width"] >= 480
    names = _boxes(page, "svg.chart--radar .chart__axes text")
    assert len(names) == 7 and min(n["height"] for n in names) >= 14  # about 15 px type
    assert all(radar["x"] - 1 <= n["left"] and n["right"] <= radar["x"] + radar["width"] + 1 for n in names)
    assert not any(_overlap(a, b) for a, b in itertools.combinations(names, 2))
    # A practice row starts with its name, not its key.
    first = page.locator(".gap-table--practice tbody th").first.inner_text()
    assert not first.split()[0].count(".") >= 2

    pdf = page.pdf(format="A4")
    pypdf = pytest.importorskip("pypdf")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    for words in (
        "Largest weighted gaps",
        "Previous (",
        "Practices below their target",
    ):  # "Previous": the radar's legend
        assert words in text
    assert "Propose items" not in text
    page.close()


def test_the_trend_of_a_dozen_assessments_keeps_its_labels_apart_and_lets_the_reader_choose_lines(
    live_server: Any, harbourview: Any, browser: Any, log_in: Any
) -> None:
    from sevenc.demo import STAFF

    client, _assessment = harbourview
    url = f"{live_server.url}/clients/{client.pk}/trend/"
    page = browser.new_page(viewport={"width": WIDTH, "height": 900})
    log_in(page, STAFF[1][1])
    page.goto(url)
    labels = _boxes(page, "svg.chart--line .chart__axes text")
    assert len(labels) >= 6
    assert not any(_overlap(a, b) for a, b in itertools.combinations(labels, 2))
    plot_bottom = max(b["bottom"] for b in _boxes(page, "svg.chart--line .chart__grid line"))
    legend_top = min(b["top"] for b in _boxes(page, "svg.chart--line .chart__legend .legend-item"))
    assert legend_top >= max(b["bottom"] for b in labels) - 1 and legend_top > plot_bottom
    values = _boxes(page, "svg.chart--line .chart__value")
    assert not any(_overlap(a, b) for a, b in itertools.combinations(values, 2))

    ticks = page.locator(".trend-lines input[type=checkbox]")
    assert ticks.count() == 7
    line = page.locator('svg.chart--line g.chart__series[data-series="c0"]')
    assert line.is_visible()
    page.get_by_role("checkbox", name="Continuous").uncheck()
    assert not line.is_visible()
    assert "is-hidden" in (page.locator('.chart__legend [data-series="c0"]').get_attribute("class") or "")
    page.get_by_role("button", name="None").click()
    assert page.locator("svg.chart--line g.chart__series.is-hidden").count() == 7
    assert page.locator('svg.chart--line g.chart__series[data-series="overall"]').is_visible()
    page.get_by_role("button", name="All").click()
    assert page.locator("svg.chart--line g.chart__series.is-hidden").count() == 0
    page.close()

    context = browser.new_context(viewport={"width": WIDTH, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    log_in(page, STAFF[1][1])
    page.goto(url)
    assert page.locator(".trend-lines").count() == 0
    series = page.locator("svg.chart--line g.chart__series")
    assert series.count() == 8 and all(series.nth(i).is_visible() for i in range(8))
    context.close()

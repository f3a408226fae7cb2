"""The client overview in a real browser: its cards fit the page at a desktop's and a phone's width, and the
ITCq's sparkline stays inside its card.

Needs Playwright (the ``test`` extra) and Debian's chromium at /usr/bin/chromium; skipped with the reason when
either is missing.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CARDS = ["itcq", "targets", "assessed", "meeting", "items", "plan", "matrix"]


@pytest.mark.parametrize("width", [1440, 390])
def test_the_overview_cards_fit_the_page(live_server: Any, browser: Any, demo: Any, log_in: Any, width: int) -> None:
    from django.db import connections

    from sevenc.tenancy.models import Client

    try:
        client = Client.objects.get(workspace=demo.workspace, name="Harbourview Dental Group")
    finally:
        connections.close_all()
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.set_default_timeout(15_000)
    log_in(page, "vcio@demo.sevenc.local")
    page.goto(f"{live_server.url}/clients/{client.pk}/")
    shown = page.eval_on_selector_all("[data-glance]", "cards => cards.map(c => c.dataset.glance)")
    assert shown == CARDS
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    card = page.locator("[data-glance=itcq]").bounding_box()
    spark = page.locator("[data-glance=itcq] svg.chart--sparkline").bounding_box()
    assert card and spark
    assert card["x"] <= spark["x"] and spark["x"] + spark["width"] <= card["x"] + card["width"]

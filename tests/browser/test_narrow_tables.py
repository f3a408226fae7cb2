"""Tables on a phone scroll inside their own box; the page itself never gets wider than the screen.

A table's visually hidden labels are absolutely positioned: without a positioned ``.table-wrap`` they escaped
its scrolling and made the whole staff page 881 px wide at 390 px.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_people_pages_fit_a_phone(live_server: Any, browser: Any, demo: Any, log_in: Any) -> None:
    from sevenc.demo import STAFF
    from sevenc.tenancy.models import Client

    client = Client.objects.filter(workspace=demo.workspace).order_by("pk").first()
    page = browser.new_page(viewport={"width": 390, "height": 844})
    log_in(page, STAFF[0][1])
    for path in ["/staff/", f"/clients/{client.pk}/users/", "/clients/", f"/clients/{client.pk}/parties/"]:
        page.goto(live_server.url + path)
        assert page.locator("table").count() > 0, path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide on a 390 px screen"
    page.close()

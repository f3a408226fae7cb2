"""A vCIO starts a new client's responsibility matrix from a starter in a real browser: one form, prefilled with the
client's parties by kind, one click, and no duty is left without a Responsible or an Accountable.

Needs Playwright (the ``test`` extra) and Debian's chromium at /usr/bin/chromium; skipped with the reason when
either is missing.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def new_client(demo: Any) -> Any:
    """A client of the demo workspace with its virtual IT department and an empty matrix, made before the browser
    starts."""
    from sevenc.tenancy.models import Client, Party

    client = Client.objects.create(workspace=demo.workspace, name="Lakeside Dental")
    for name, kind in [
        ("CEO", "internal_role"),
        ("Office manager", "internal_role"),
        ("Northwind IT", "msp"),
        ("Fiberco", "isp"),
        ("Dentrix", "software_vendor"),
    ]:
        Party.objects.create(workspace=demo.workspace, client=client, name=name, kind=kind)
    return client


def test_vcio_starts_a_matrix_from_a_starter_in_one_step(
    live_server: Any, demo: Any, new_client: Any, browser: Any, log_in: Any, expect: Any
) -> None:
    from django.db import connections

    from sevenc.responsibility import selectors

    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.set_default_timeout(15_000)
    log_in(page, "vcio@demo.sevenc.local")
    page.goto(f"{live_server.url}/clients/{new_client.pk}/responsibilities/")
    starter = page.locator("details.template-apply").first
    expect(starter).to_have_attribute("open", "")  # an empty matrix opens the first starter
    expect(starter.get_by_label("Owner or managing director")).to_have_value(str(new_client.parties.get(name="CEO").pk))
    expect(starter.get_by_label("The MSP")).to_have_value(str(new_client.parties.get(name="Northwind IT").pk))
    starter.get_by_role("button", name="Apply “Small business with an MSP, no internal IT”").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("cell(s) filled from “Small business with an MSP")
    expect(page.locator("main")).to_contain_text("0 of 273 areas have no one responsible or no one accountable")
    connections.close_all()
    assert selectors.matrix_analysis(workspace=demo.workspace, client=new_client).falls_to_ceo == ()
    page.close()

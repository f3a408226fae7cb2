"""A vCIO logs into the demo workspace in a real browser and opens a client.

Needs Playwright (the ``test`` extra) and Debian's chromium at /usr/bin/chromium (``apt-get install -y chromium``);
skipped with the reason when either is missing.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_vcio_logs_in_and_opens_a_demo_client(browser: Any, log_in: Any, expect: Any) -> None:
    from sevenc.demo import CLIENTS

    first = sorted(CLIENTS, key=lambda spec: spec["client"]["name"].lower())[0]
    client_name = first["client"]["name"]
    isp = next(p["name"] for p in first["parties"] if p["kind"] == "isp")

    page = browser.new_page()
    page.set_default_timeout(15_000)
    log_in(page, "vcio@demo.sevenc.local")

    page.get_by_role("link", name="Clients", exact=True).first.click()
    page.get_by_role("link", name=client_name, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(client_name)
    expect(page.get_by_text(isp, exact=True).first).to_be_visible()

"""A vCIO logs into the demo workspace in a real browser and opens a client.

Needs Playwright (the ``test`` extra) and Debian's chromium at /usr/bin/chromium (``apt-get install -y chromium``);
skipped with the reason when either is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")

if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)", allow_module_level=True
    )

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_vcio_logs_in_and_opens_a_demo_client(live_server: Any, browser: Any) -> None:
    from sevenc.demo import CLIENTS, DEMO_PASSWORD

    first = sorted(CLIENTS, key=lambda spec: spec["client"]["name"].lower())[0]
    client_name = first["client"]["name"]
    isp = next(p["name"] for p in first["parties"] if p["kind"] == "isp")

    page = browser.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=email]", "vcio@demo.sevenc.local")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, "the login did not go through"

    page.get_by_role("link", name="Clients", exact=True).first.click()
    page.get_by_role("link", name=client_name, exact=True).first.click()
    sync_api.expect(page.get_by_role("heading", level=1)).to_have_text(client_name)
    sync_api.expect(page.get_by_text(isp, exact=True).first).to_be_visible()

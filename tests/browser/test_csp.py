"""Every page keeps to the Content-Security-Policy in a real browser: the staff pages a vCIO reaches from the
dashboard, the client portal, the login page and the API docs. The watching itself is in conftest.py (every
browser test fails on a violation); this test walks the pages, and shows that the watch notices one.

Needs Playwright and Debian's chromium at /usr/bin/chromium; skipped with the reason when either is missing.
"""

from __future__ import annotations

from collections import deque
from typing import Any
from urllib.parse import urldefrag, urljoin, urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_PAGES = 35  # per persona: the navigation and what it links to, breadth first


def _log_out(page: Any) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def _walk(page: Any, base: str, seeds: list[str]) -> list[str]:
    """Open the seeds and the same-site HTML pages they link to, breadth first; answer the paths opened."""
    host = urlparse(base).netloc
    queue = deque(urljoin(base, s) for s in seeds)
    seen: set[str] = set()
    opened: list[str] = []
    while queue and len(opened) < MAX_PAGES:
        url = urldefrag(queue.popleft())[0]
        parsed = urlparse(url)
        if parsed.netloc != host or url in seen or parsed.path.startswith(("/static/", "/api/")):
            continue
        seen.add(url)
        probe = page.request.get(url)
        if probe.status != 200 or not probe.headers.get("content-type", "").startswith("text/html"):
            continue  # downloads (CSV, PDF, calendars) are not pages
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        page.wait_for_load_state("load")
        opened.append(urlparse(page.url).path)
        seen.add(urldefrag(page.url)[0])
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            queue.append(href)
    return opened


def test_the_pages_keep_to_the_content_security_policy(
    live_server: Any, browser: Any, demo: Any, log_in: Any, expect: Any
) -> None:
    from sevenc.assessments.models import Assessment
    from sevenc.demo import STAFF
    from sevenc.tenancy.models import ClientMembership

    base = live_server.url
    page = browser.new_page()
    page.goto(base + "/accounts/login/")  # anonymous
    page.goto(base + "/accounts/password/reset/")

    draft = Assessment.objects.filter(workspace=demo.workspace, status="draft").order_by("pk").first()
    client = draft.client
    log_in(page, STAFF[0][1])  # the owner sees every staff page
    scripted = [f"/assessments/{draft.pk}/grid/", f"/clients/{client.pk}/responsibilities/"]  # our own JS
    staff_pages = _walk(page, base, ["/", *scripted, "/clients/", f"/clients/{client.pk}/"])
    assert len(staff_pages) >= 20, staff_pages
    assert set(scripted) <= set(staff_pages), staff_pages
    _log_out(page)

    executive = ClientMembership.objects.filter(client__workspace=demo.workspace).select_related("user").first()
    log_in(page, executive.user.email)
    portal_pages = _walk(page, base, ["/portal/"])
    assert any(p.startswith("/portal/") for p in portal_pages), portal_pages
    _log_out(page)

    page.goto(base + "/api/v1/docs")  # Swagger UI from ninja's own static files, no network
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("sevenc API")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    page.close()


def test_the_watch_notices_a_violation(live_server: Any, chromium: Any, csp_violations: list[str]) -> None:
    """A page with an inline script and an inline handler, under sevenc's policy, is reported: so a clean run
    above means no page broke the policy, not that nobody was listening."""
    from django.conf import settings
    from django.test import Client as HttpClient

    policy = HttpClient().get("/accounts/login/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and settings.CONTENT_SECURITY_POLICY

    page = chromium.new_page()
    page.route(
        f"{live_server.url}/csp-probe",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": policy},
            body="<!doctype html><title>probe</title><script>document.title = 'ran'</script>"
            "<img src=x onerror=\"document.title = 'ran'\">",
        ),
    )
    page.goto(f"{live_server.url}/csp-probe")
    page.wait_for_function("() => window.__sevencCspSeen >= 2")  # the script and the handler, as they come
    assert page.title() == "probe"
    assert any("script-src" in v for v in csp_violations), csp_violations
    csp_violations.clear()  # seen on purpose
    page.close()

"""A vCIO starts an assessment in a real browser and answers the first practices with the keyboard.

Needs Playwright (the ``test`` extra) and Debian's chromium at /usr/bin/chromium (``apt-get install -y chromium``);
skipped with the reason when either is missing.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_vcio_answers_the_first_practices_with_the_keyboard(browser: Any, log_in: Any, expect: Any) -> None:
    from sevenc.demo import CLIENTS

    client_name = sorted(CLIENTS, key=lambda spec: spec["client"]["name"].lower())[0]["client"]["name"]

    page = browser.new_page()
    page.set_default_timeout(15_000)
    log_in(page, "vcio@demo.sevenc.local")

    page.get_by_role("link", name="Clients", exact=True).first.click()
    page.get_by_role("link", name=client_name, exact=True).first.click()
    page.get_by_role("link", name="Assessments", exact=True).first.click()
    page.locator("a[href$='/assessments/new/']").first.click()
    copy_previous = page.locator("input[name=copy_previous]")
    if copy_previous.count():
        copy_previous.uncheck()  # start empty, so that the progress counts only what is answered below
    page.get_by_role("button", name="Start the assessment").click()
    page.wait_for_url(re.compile(r"/assessments/\d+/grid/$"))
    expect(page.locator("[data-progress]")).to_have_text("0/139")

    rows = page.locator("tr.grid-row")
    area = page.locator("[data-score-area]").first  # the first area's subtotal, in its heading
    block = page.locator("[data-score-block]").first
    expect(area).to_have_text("—")
    expect(block).to_have_text("—")
    expect(rows.first).to_have_class(re.compile(r"\bis-active\b"))
    for key in ("3", "4", "n"):
        page.keyboard.press(key)
    for i in range(3):
        expect(rows.nth(i).locator(".grid-status__text")).to_have_text("saved ✓")
    expect(page.locator("[data-progress]")).to_have_text("3/139")
    expect(rows.nth(3)).to_have_class(re.compile(r"\bis-active\b"))  # auto-advanced past the three answered
    expect(area).to_have_text(re.compile(r"^\d+$"))  # the subtotals follow the saves, without a reload
    expect(block).to_have_text(re.compile(r"^\d+$"))
    live = (area.inner_text(), block.inner_text())
    assert live[0] == "70"  # levels 3 and 4 (the N/A counts for nothing): 60 and 80

    page.reload()
    expect(page.locator("[data-progress]")).to_have_text("3/139")
    assert (area.inner_text(), block.inner_text()) == live  # what the server renders on a fresh page
    checked = [rows.nth(i).locator("input[type=radio]:checked").get_attribute("value") for i in range(4)]
    assert checked == ["3", "4", "na", ""]


def _logged_in_page(browser: Any, log_in: Any, email: str) -> Any:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, email)
    return page


def test_two_browsers_editing_one_answer_never_overwrite_silently(
    live_server: Any, browser: Any, demo: Any, log_in: Any, expect: Any
) -> None:
    """Two people open the same draft; the first saves a level; the second's save of the same row is refused
    with the stored value shown, and "keep mine" then saves deliberately."""
    from django.db import connections

    try:
        _two_browsers(live_server, browser, demo, log_in, expect)
    finally:
        # ORM calls made while Playwright's loop runs get connections of their own; close them, or PostgreSQL
        # cannot drop the test database afterwards.
        connections.close_all()


def _two_browsers(live_server: Any, browser: Any, demo: Any, log_in: Any, expect: Any) -> None:
    from sevenc.assessments.models import Answer, Assessment

    draft = Assessment.objects.filter(workspace=demo.workspace, status="draft").order_by("pk").first()
    assert draft is not None, "the demo has one draft assessment"
    first = Answer.objects.filter(assessment=draft).order_by(
        "practice__area__block__position", "practice__area__position", "practice__position"
    )[0]
    start = first.level
    mine, theirs = (4, 1) if start != 4 else (2, 1)
    grid = f"{live_server.url}/assessments/{draft.pk}/grid/"

    vcio = _logged_in_page(browser, log_in, "vcio@demo.sevenc.local")
    analyst = _logged_in_page(browser, log_in, "analyst@demo.sevenc.local")
    vcio.goto(grid)
    analyst.goto(grid)  # both pages now hold the same version of every row

    row_of = lambda page: page.locator(f"#answer-{first.pk}")  # noqa: E731
    row_of(vcio).locator(f"label[for='s-{first.pk}-{mine + 1}']").click()
    expect(row_of(vcio).locator(".grid-status__text")).to_have_text("saved ✓")

    row_of(analyst).locator(f"label[for='s-{first.pk}-{theirs + 1}']").click()
    conflict = row_of(analyst).locator(".grid-conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text(f"{mine} ")  # the value stored now, e.g. "4 Managed"
    first.refresh_from_db()
    assert first.level == mine, "the second save must not overwrite the first"

    conflict.get_by_role("button", name="Keep mine").click()
    expect(row_of(analyst).locator(".grid-status__text")).to_have_text("saved ✓")
    first.refresh_from_db()
    assert first.level == theirs and first.answered_by.email == "analyst@demo.sevenc.local"

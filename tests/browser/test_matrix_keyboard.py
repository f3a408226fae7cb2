"""A vCIO fills gaps of a client's responsibility matrix with the keyboard in a real browser, and saves.

Needs Playwright (the ``test`` extra) and Debian's chromium at /usr/bin/chromium; skipped with the reason when
either is missing.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_vcio_fills_a_gap_with_the_keyboard_and_saves(
    live_server: Any, browser: Any, demo: Any, log_in: Any, expect: Any
) -> None:
    from django.db import connections

    from sevenc.responsibility.models import Assignment
    from sevenc.tenancy.models import Client

    client = Client.objects.filter(workspace=demo.workspace).order_by("name").first()
    page = browser.new_page()
    page.set_default_timeout(15_000)
    log_in(page, "vcio@demo.sevenc.local")
    page.goto(f"{live_server.url}/clients/{client.pk}/responsibilities/?gaps=1")

    row = page.locator("tr.matrix-row").first
    area_id = int(row.get_attribute("data-area"))
    before = dict(Assignment.objects.filter(client=client, area_id=area_id).values_list("party_id", "role"))
    cells = row.locator("td.matrix-cell input")
    empty = [i for i in range(cells.count()) if not cells.nth(i).input_value()][:2]
    assert len(empty) == 2 and empty[1] == empty[0] + 1, "two neighbouring empty cells in the first gap row"
    cells.nth(empty[0]).click()
    page.keyboard.press("c")  # sets C and moves right
    expect(cells.nth(empty[0])).to_have_value("C")
    expect(cells.nth(empty[1])).to_be_focused()
    page.keyboard.press("i")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(cells.nth(empty[0])).to_be_focused()
    page.keyboard.press("x")  # not a role: ignored
    expect(cells.nth(empty[0])).to_have_value("C")
    page.keyboard.press("Delete")
    expect(cells.nth(empty[0])).to_have_value("")
    page.get_by_role("button", name="Save the matrix").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("1 cell(s) saved.")
    connections.close_all()
    after = dict(Assignment.objects.filter(client=client, area_id=area_id).values_list("party_id", "role"))
    added = {p: r for p, r in after.items() if p not in before}
    assert list(added.values()) == ["I"] and {p: r for p, r in after.items() if p in before} == before
    page.close()

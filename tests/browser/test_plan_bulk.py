"""A vCIO decides on a demo client's proposals in a real browser: the header box ticks every row, a block's
"Select" ticks its proposals, "Accept all proposals" keeps the rest in one click, and accepted items read
"Accepted".

Needs Playwright (the ``test`` extra) and Debian's chromium at /usr/bin/chromium; skipped with the reason when
either is missing.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pending(demo: Any) -> tuple[Any, dict[str, set[int]]]:
    """A demo client with undecided proposals, and those proposals by block (read before the browser starts)."""
    from sevenc.planning import selectors
    from sevenc.tenancy.selectors import client_list

    for client in client_list(workspace=demo.workspace):
        scope = selectors.proposal_scope(workspace=demo.workspace, client=client)
        if scope.count >= 3 and len(scope.blocks) >= 2:
            return client, {b.key: set(b.item_ids) for b in scope.blocks} | {"": set(scope.versions)}
    pytest.skip("no demo client has undecided proposals in two blocks")


def test_vcio_selects_a_block_and_accepts_all_in_two_clicks(
    live_server: Any, pending: Any, browser: Any, log_in: Any, expect: Any
) -> None:
    from django.db import connections

    from sevenc.planning.models import ActionItem

    client, blocks = pending
    everything = blocks.pop("")
    key, ids = next(iter(blocks.items()))
    page = browser.new_page()
    log_in(page, "vcio@demo.sevenc.local")
    page.goto(f"{live_server.url}/clients/{client.pk}/plan/items/?status=proposed")
    boxes = page.locator('input[type="checkbox"][name="item"]')
    select_all = page.locator("input[data-select-all]")
    expect(select_all).to_be_visible()
    select_all.check()
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    select_all.uncheck()
    assert not any(boxes.nth(i).is_checked() for i in range(boxes.count()))

    # a block's Select button ticks exactly that block's proposals; then the ticked items are accepted
    page.locator(f'tr[data-block="{key}"]').get_by_role("button", name="Select").click()
    ticked = {int(boxes.nth(i).get_attribute("value")) for i in range(boxes.count()) if boxes.nth(i).is_checked()}
    assert ticked == ids
    expect(select_all).to_have_js_property("indeterminate", len(ids) < boxes.count())
    page.select_option('select[name="action"]', "accept")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state()
    expect(page.locator(".message--success")).to_contain_text(f"{len(ids)} item(s) accepted.")
    connections.close_all()
    assert (
        set(ActionItem.objects.filter(pk__in=everything, accepted_at__isnull=False).values_list("pk", flat=True)) == ids
    )

    # the rest in one click, without ticking anything
    page.goto(f"{live_server.url}/clients/{client.pk}/plan/items/?status=proposed")
    page.get_by_role("button", name="Accept all proposals").click()
    page.wait_for_load_state()
    expect(page.locator(".message--success")).to_contain_text(f"{len(everything - ids)} proposal(s) accepted.")
    expect(page.locator(".badge--status-accepted").first).to_have_text("Accepted")
    expect(page.get_by_role("button", name="Accept all proposals")).to_have_count(0)
    connections.close_all()
    assert ActionItem.objects.filter(pk__in=everything, accepted_at__isnull=True).count() == 0

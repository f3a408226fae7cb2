"""A demo client's next quarterly review as a vCIO sees it: the agenda lists the review quarter's roadmap items and
the next quarter's with their costs, warns of critical work not on the roadmap, names the last held meeting with
one full stop, and the page fits the screen at 1440 and 390 px."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_next_quarterly_review_reads_the_roadmap_and_fits(
    live_server: Any, browser: Any, demo: Any, log_in: Any, expect: Any
) -> None:
    from sevenc.demo import STAFF
    from sevenc.planning.execution.models import Meeting, MeetingKind

    review = (
        Meeting.objects.filter(workspace=demo.workspace, client__name__startswith="Harbourview")
        .filter(kind=MeetingKind.QUARTERLY, held_at__isnull=True)
        .order_by("starts_at")
        .first()
    )
    assert review is not None
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    log_in(page, STAFF[1][1])
    page.goto(f"{live_server.url}/meetings/{review.pk}/")
    agenda = page.locator("#agenda")
    expect(agenda.locator(".agenda-section--quarter li")).not_to_have_count(0)
    expect(agenda.locator(".agenda-section--next")).to_contain_text("One-time cost")
    expect(agenda.locator(".agenda-section--next")).to_contain_text("$")  # the demo's currency, USD
    expect(agenda.locator(".agenda-previous")).to_contain_text("Since the previous meeting:")
    assert ".." not in agenda.locator(".agenda-previous").inner_text()
    assert "Nothing is due" not in agenda.inner_text()
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"the meeting page is {scroll} px wide on a {width} px screen"
    page.close()

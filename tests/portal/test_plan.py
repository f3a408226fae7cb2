"""The plan in the portal: executives see it and approve it; contributors see it but cannot approve; nobody
there edits items or sees internal comments and review flags."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sevenc.planning import services
from sevenc.planning.models import ItemStatus, PlanApproval
from sevenc.planning.selectors import default_first_quarter

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(world: Any) -> Any:
    # a saved roadmap: its first quarter no longer follows the clock (a test run across a quarter's end)
    first = services.roadmap_update(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        version=None,
        first_quarter=default_first_quarter(),
    ).first_quarter
    item = services.item_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        title="Verify backups",
        quarter=first,
        one_time_cost="1200",
    )
    services.item_comment_add(workspace=world.ws_a, actor=world.vcio, item=item, body="internal: client is slow")
    return item


def test_an_executive_sees_the_plan_and_approves_it(world: Any, login: Any, item: Any) -> None:
    c = login(world.exec_a1)
    page = c.get(reverse("portal:plan_detail", kwargs={"client_id": world.client_a1.pk})).content.decode()
    assert "Verify backups" in page and "1,200" in page and "internal: client is slow" not in page
    r = c.post(reverse("portal:plan_approve", kwargs={"client_id": world.client_a1.pk}), {"comment": "Go ahead"})
    assert r.status_code == 302
    approval = PlanApproval.objects.get()
    assert approval.approved_by == world.exec_a1 and approval.comment == "Go ahead"
    item.refresh_from_db()
    assert item.status == ItemStatus.APPROVED


def test_a_contributor_sees_the_plan_but_cannot_approve(world: Any, login: Any, item: Any) -> None:
    c = login(world.contributor_a1)
    page = c.get(reverse("portal:plan_detail", kwargs={"client_id": world.client_a1.pk})).content.decode()
    assert "Verify backups" in page and "Approve the plan" not in page
    assert c.post(reverse("portal:plan_approve", kwargs={"client_id": world.client_a1.pk})).status_code == 403
    assert PlanApproval.objects.count() == 0


def test_portal_users_cannot_reach_the_staff_plan_pages(world: Any, login: Any, item: Any) -> None:
    c = login(world.exec_a1)
    assert c.post(reverse("planning:item_edit", kwargs={"item_id": item.pk}), {"one_time_cost": "1"}).status_code == 403
    assert c.get(reverse("planning:roadmap", kwargs={"client_id": world.client_a1.pk})).status_code == 403

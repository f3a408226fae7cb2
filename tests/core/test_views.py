"""The dashboard and the health check."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sevenc.core.services import activity_record
from tests.conftest import SENTINEL
from tests.factories import ClientFactory, MembershipFactory, UserFactory


def test_it_answers_the_health_check(client: Any, db: Any) -> None:
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"ok"


def test_it_sends_anonymous_users_to_log_in(client: Any, db: Any) -> None:
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_shows_counts_recent_clients_and_activity(world: Any, login: Any) -> None:
    ClientFactory(workspace=world.ws_a, name="Gone Ltd", archived=True)
    activity_record(
        workspace=world.ws_a,
        actor=world.owner,
        verb="created",
        obj=world.client_a2,
        summary="Client Beta Manufacturing created",
    )
    response = login(world.viewer).get(reverse("core:dashboard"))
    assert response.status_code == 200
    assert response.context["counts"] == {"active": 2, "archived": 1, "parties": 1}
    body = response.content.decode()
    assert "Beta Manufacturing" in body
    assert "Client Beta Manufacturing created" in body
    assert reverse("tenancy:client_detail", kwargs={"client_id": world.client_a1.pk}) in body
    assert "Gone Ltd" not in body  # archived clients are not among the recent ones


def test_it_shows_only_the_current_workspace(world: Any, login: Any) -> None:
    body = login(world.outsider).get(reverse("core:dashboard")).content.decode()
    assert "Bravo Client" in body
    assert SENTINEL not in body


def test_it_sends_portal_users_to_the_portal(world: Any, login: Any) -> None:
    response = login(world.exec_a1).get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert response.url == reverse("portal:portal_home")


def test_it_tells_users_without_any_membership_why(db: Any, login: Any) -> None:
    response = login(UserFactory(email="nobody@example.com")).get(reverse("core:dashboard"))
    assert response.status_code == 403
    assert "not a member of any workspace" in response.content.decode()


def test_it_shows_the_staff_nav_by_role(world: Any, login: Any) -> None:
    staff_url = reverse("tenancy:membership_list")
    assert staff_url in login(world.admin).get(reverse("core:dashboard")).content.decode()
    assert staff_url not in login(world.vcio).get(reverse("core:dashboard")).content.decode()


def test_it_offers_the_workspace_switcher_only_to_members_of_several(world: Any, login: Any) -> None:
    switch_url = reverse("accounts:workspace_switch")
    assert switch_url not in login(world.owner).get(reverse("core:dashboard")).content.decode()
    MembershipFactory(workspace=world.ws_b, user=world.owner, role="viewer")
    assert switch_url in login(world.owner).get(reverse("core:dashboard")).content.decode()


def test_it_renders_the_not_found_page(world: Any, login: Any) -> None:
    response = login(world.owner).get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()

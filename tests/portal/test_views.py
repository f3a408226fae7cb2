"""The client portal."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sevenc.core.domain.roles import ClientRole
from tests.conftest import SENTINEL
from tests.factories import ClientFactory, ClientMembershipFactory, PartyFactory


def _client_url(client: Any) -> str:
    return reverse("portal:portal_client", kwargs={"client_id": client.pk})


def test_it_needs_login(client: Any, db: Any) -> None:
    response = client.get(reverse("portal:portal_home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_takes_a_user_of_one_client_straight_to_it(world: Any, login: Any) -> None:
    response = login(world.exec_a2).get(reverse("portal:portal_home"))
    assert response.status_code == 302
    assert response.url == _client_url(world.client_a2)


def test_it_lists_the_clients_of_a_user_of_several(world: Any, login: Any) -> None:
    ClientMembershipFactory(client=world.client_b1, user=world.exec_a2, role=ClientRole.CONTRIBUTOR)
    body = login(world.exec_a2).get(reverse("portal:portal_home")).content.decode()
    assert _client_url(world.client_a2) in body
    assert _client_url(world.client_b1) in body
    assert SENTINEL not in body


def test_it_shows_the_users_own_client(world: Any, login: Any) -> None:
    PartyFactory(client=world.client_a1, name="Helpdesk Partner", contact_name="Dana", notes="secret margin 40%")
    response = login(world.contributor_a1).get(_client_url(world.client_a1))
    assert response.status_code == 200
    body = response.content.decode()
    assert world.client_a1.name in body
    assert "Contributor" in body
    assert "Helpdesk Partner" in body and "Dana" in body
    assert "secret margin" not in body  # party notes are internal
    assert f"notes {SENTINEL}" not in body  # so are client notes


def test_it_hides_other_clients(world: Any, login: Any) -> None:
    client = login(world.exec_a1)
    for other in (world.client_a2, world.client_b1):
        response = client.get(_client_url(other))
        assert response.status_code == 404
        assert other.name not in response.content.decode()


def test_it_hides_archived_clients(world: Any, login: Any) -> None:
    archived = ClientFactory(workspace=world.ws_a, name="Closed Co", archived=True)
    ClientMembershipFactory(client=archived, user=world.exec_a1)
    assert login(world.exec_a1).get(_client_url(archived)).status_code == 404


def test_it_keeps_portal_users_off_staff_pages(world: Any, login: Any) -> None:
    client = login(world.exec_a1)
    urls = [
        reverse("tenancy:client_list"),
        reverse("tenancy:client_detail", kwargs={"client_id": world.client_a1.pk}),
        reverse("tenancy:party_list", kwargs={"client_id": world.client_a1.pk}),
        reverse("tenancy:membership_list"),
        reverse("catalog:framework_list"),
        reverse("accounts:api_token_list"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403, url
        assert SENTINEL not in response.content.decode()


def test_it_tells_staff_without_portal_access(world: Any, login: Any) -> None:
    response = login(world.viewer).get(reverse("portal:portal_home"))
    assert response.status_code == 200
    assert "do not have access to any client" in response.content.decode()

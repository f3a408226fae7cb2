"""Client, party, portal-user and staff pages."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sevenc.core.domain.roles import StaffRole
from sevenc.core.models import ActivityEntry
from sevenc.tenancy.models import Client, ClientMembership, Membership, Party
from tests.conftest import SENTINEL
from tests.factories import ClientFactory, MembershipFactory, PartyFactory, UserFactory, WorkspaceFactory


def _url(name: str, **kwargs: Any) -> str:
    return reverse(f"tenancy:{name}", kwargs=kwargs)


def _client_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Northwind Traders",
        "seats": "55",
        "industry": "Wholesale",
        "address": "1 Main St",
        "notes": "Met at the fair",
    }
    data.update(overrides)
    return data


# --- client list ----------------------------------------------------------------------------------


def test_it_lists_the_workspaces_clients(world: Any, login: Any) -> None:
    body = login(world.viewer).get(_url("client_list")).content.decode()
    assert "Beta Manufacturing" in body and SENTINEL in body
    assert "Bravo Client" not in body


def test_it_searches_clients(world: Any, login: Any) -> None:
    response = login(world.viewer).get(_url("client_list"), {"q": "beta"})
    body = response.content.decode()
    assert "Beta Manufacturing" in body
    assert SENTINEL not in body


def test_it_answers_the_search_partial_alone(world: Any, login: Any) -> None:
    response = login(world.viewer).get(_url("client_list"), {"q": "beta"}, headers={"X-Sevenc-Partial": "1"})
    body = response.content.decode()
    assert "Beta Manufacturing" in body
    assert "<html" not in body
    assert "X-Sevenc-Partial" in response["Vary"]


def test_it_hides_archived_clients_unless_asked(world: Any, login: Any) -> None:
    ClientFactory(workspace=world.ws_a, name="Old Archived Co", archived=True)
    client = login(world.viewer)
    assert "Old Archived Co" not in client.get(_url("client_list")).content.decode()
    archived = client.get(_url("client_list"), {"archived": "1"}).content.decode()
    assert "Old Archived Co" in archived
    assert "Beta Manufacturing" not in archived


def test_it_pages_the_client_list(world: Any, login: Any) -> None:
    for n in range(30):
        ClientFactory(workspace=world.ws_a, name=f"Paged {n:02d}")
    client = login(world.viewer)
    first = client.get(_url("client_list"), {"q": "paged"})
    assert len(first.context["page_obj"].object_list) == 25
    assert "?q=paged&amp;page=2" in first.content.decode()
    second = client.get(_url("client_list"), {"q": "paged", "page": "2"})
    names = [c.name for c in second.context["page_obj"].object_list]
    assert names == [f"Paged {n:02d}" for n in range(25, 30)]


def test_it_shows_an_empty_state_with_a_call_to_action(db: Any, login: Any) -> None:
    ws = WorkspaceFactory()
    vcio = MembershipFactory(workspace=ws, role=StaffRole.VCIO).user
    viewer = MembershipFactory(workspace=ws, role=StaffRole.VIEWER).user
    body = login(vcio).get(_url("client_list")).content.decode()
    assert "No clients yet" in body
    assert _url("client_create") in body
    body = login(viewer).get(_url("client_list")).content.decode()
    assert "No clients yet" in body
    assert _url("client_create") not in body


def test_it_lists_clients_in_a_constant_number_of_queries(world: Any, login: Any) -> None:
    ws = WorkspaceFactory()
    user = MembershipFactory(workspace=ws, role=StaffRole.VIEWER).user
    client = login(user)
    first = ClientFactory(workspace=ws)
    PartyFactory(client=first)
    client.get(_url("client_list"))  # warm up (session, caches)
    with CaptureQueriesContext(connection) as one:
        assert client.get(_url("client_list")).status_code == 200
    for _ in range(29):
        PartyFactory(client=ClientFactory(workspace=ws))
    with CaptureQueriesContext(connection) as thirty:
        response = client.get(_url("client_list"))
    assert response.context["page_obj"].paginator.count == 30
    assert len(thirty.captured_queries) == len(one.captured_queries)


# --- create and edit ------------------------------------------------------------------------------


def test_it_creates_a_client(world: Any, login: Any) -> None:
    response = login(world.vcio).post(_url("client_create"), _client_data())
    created = Client.objects.get(workspace=world.ws_a, name="Northwind Traders")
    assert response.status_code == 302
    assert response.url == _url("client_detail", client_id=created.pk)
    assert created.seats == 55
    assert ActivityEntry.objects.filter(workspace=world.ws_a, object_id=created.pk, verb="created").exists()


def test_it_refuses_a_duplicate_client_name_whatever_the_case(world: Any, login: Any) -> None:
    before = Client.objects.count(), ActivityEntry.objects.count()
    response = login(world.vcio).post(_url("client_create"), _client_data(name="beta MANUFACTURING"))
    assert response.status_code == 422
    body = response.content.decode()
    assert "A client with this name already exists." in body
    assert 'aria-invalid="true"' in body
    assert (Client.objects.count(), ActivityEntry.objects.count()) == before


def test_it_shows_field_errors_with_422(world: Any, login: Any) -> None:
    response = login(world.vcio).post(_url("client_create"), _client_data(name="", seats="-3"))
    assert response.status_code == 422
    assert set(response.context["form"].errors) >= {"name", "seats"}
    assert not Client.objects.filter(workspace=world.ws_a, industry="Wholesale").exists()


def test_it_allows_the_same_name_in_another_workspace(world: Any, login: Any) -> None:
    response = login(world.outsider).post(_url("client_create"), _client_data(name="Beta Manufacturing"))
    assert response.status_code == 302


def test_it_edits_a_client(world: Any, login: Any) -> None:
    c = world.client_a2
    response = login(world.vcio).post(
        _url("client_edit", client_id=c.pk), _client_data(name="Beta Manufacturing Group", version=c.version)
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.name == "Beta Manufacturing Group"
    assert c.version == 2


def test_it_prefills_the_edit_form_with_the_version(world: Any, login: Any) -> None:
    body = login(world.vcio).get(_url("client_edit", client_id=world.client_a2.pk)).content.decode()
    assert 'name="version" value="1"' in body
    assert 'value="Beta Manufacturing"' in body


def test_it_refuses_a_stale_edit_with_409_and_changes_nothing(world: Any, login: Any) -> None:
    c = world.client_a2
    client = login(world.vcio)
    client.post(_url("client_edit", client_id=c.pk), _client_data(name="First Writer", version=1))
    response = client.post(_url("client_edit", client_id=c.pk), _client_data(name="Second Writer", version=1))
    assert response.status_code == 409
    body = response.content.decode()
    assert "changed by someone else" in body
    assert "First Writer" in body  # the current value is shown
    assert 'name="version" value="2"' in body  # saving again is a deliberate overwrite
    c.refresh_from_db()
    assert (c.name, c.version) == ("First Writer", 2)


def test_it_refuses_a_duplicate_name_on_edit(world: Any, login: Any) -> None:
    c = world.client_a2
    response = login(world.vcio).post(
        _url("client_edit", client_id=c.pk), _client_data(name=world.client_a1.name.upper(), version=1)
    )
    assert response.status_code == 422
    c.refresh_from_db()
    assert c.name == "Beta Manufacturing"


def test_it_forbids_viewers_to_create_or_edit(world: Any, login: Any) -> None:
    client = login(world.viewer)
    assert client.get(_url("client_create")).status_code == 403
    assert client.post(_url("client_create"), _client_data()).status_code == 403
    assert client.get(_url("client_edit", client_id=world.client_a2.pk)).status_code == 403
    response = client.post(_url("client_edit", client_id=world.client_a2.pk), _client_data(version=1))
    assert response.status_code == 403
    assert not Client.objects.filter(name="Northwind Traders").exists()


def test_it_forbids_analysts_to_create(world: Any, login: Any) -> None:
    assert login(world.analyst).post(_url("client_create"), _client_data()).status_code == 403
    assert not Client.objects.filter(name="Northwind Traders").exists()


def test_it_hides_another_workspaces_client(world: Any, login: Any) -> None:
    client = login(world.outsider)
    pk = world.client_a1.pk
    for name in ("client_detail", "client_edit", "party_list", "client_membership_list"):
        response = client.get(_url(name, client_id=pk))
        assert response.status_code == 404, name
        assert SENTINEL not in response.content.decode()
    assert client.post(_url("client_archive", client_id=pk)).status_code == 404
    assert client.post(_url("client_edit", client_id=pk), _client_data(version=1)).status_code == 404
    world.client_a1.refresh_from_db()
    assert not world.client_a1.archived


def test_it_shows_a_client_with_parties_and_portal_user_count(world: Any, login: Any) -> None:
    response = login(world.viewer).get(_url("client_detail", client_id=world.client_a1.pk))
    body = response.content.decode()
    assert f"{SENTINEL} Telco" in body
    assert response.context["portal_user_count"] == 2
    assert "2 portal users" in body


def test_it_archives_and_restores_a_client(world: Any, login: Any) -> None:
    client = login(world.vcio)
    c = world.client_a2
    assert client.get(_url("client_archive", client_id=c.pk)).status_code == 405
    client.post(_url("client_archive", client_id=c.pk))
    c.refresh_from_db()
    assert c.archived
    client.post(_url("client_archive", client_id=c.pk))
    c.refresh_from_db()
    assert not c.archived


def test_it_forbids_analysts_to_archive(world: Any, login: Any) -> None:
    assert login(world.analyst).post(_url("client_archive", client_id=world.client_a2.pk)).status_code == 403


# --- parties --------------------------------------------------------------------------------------


def test_it_creates_edits_and_deletes_a_party(world: Any, login: Any) -> None:
    client = login(world.vcio)
    c = world.client_a2
    response = client.post(
        _url("party_create", client_id=c.pk),
        {"name": "Fibre Co", "kind": "isp", "contact_name": "Ann", "email": "ann@fibre.example"},
    )
    assert response.status_code == 302
    party = Party.objects.get(client=c, name="Fibre Co")
    assert party.workspace == world.ws_a
    assert "Fibre Co" in client.get(_url("party_list", client_id=c.pk)).content.decode()

    edit_url = _url("party_edit", client_id=c.pk, party_id=party.pk)
    assert 'name="version" value="1"' in client.get(edit_url).content.decode()
    response = client.post(edit_url, {"name": "Fibre Co Ltd", "kind": "isp", "version": "1"})
    assert response.status_code == 302
    party.refresh_from_db()
    assert (party.name, party.version) == ("Fibre Co Ltd", 2)

    stale = client.post(edit_url, {"name": "Lost update", "kind": "isp", "version": "1"})
    assert stale.status_code == 409
    party.refresh_from_db()
    assert party.name == "Fibre Co Ltd"

    delete_url = _url("party_delete", client_id=c.pk, party_id=party.pk)
    assert client.get(delete_url).status_code == 405
    assert client.post(delete_url).status_code == 302
    assert not Party.objects.filter(pk=party.pk).exists()


def test_it_refuses_a_duplicate_party_name(world: Any, login: Any) -> None:
    c = world.client_a1
    response = login(world.vcio).post(
        _url("party_create", client_id=c.pk), {"name": world.party_a1.name.lower(), "kind": "isp"}
    )
    assert response.status_code == 422
    assert Party.objects.filter(client=c).count() == 1


def test_it_hides_a_party_of_another_client(world: Any, login: Any) -> None:
    client = login(world.vcio)
    url = _url("party_edit", client_id=world.client_a2.pk, party_id=world.party_a1.pk)
    assert client.get(url).status_code == 404
    url = _url("party_delete", client_id=world.client_b1.pk, party_id=world.party_b1.pk)
    assert client.post(url).status_code == 404
    assert Party.objects.filter(pk=world.party_b1.pk).exists()


def test_it_forbids_viewers_to_change_parties(world: Any, login: Any) -> None:
    client = login(world.viewer)
    c = world.client_a1
    assert client.get(_url("party_list", client_id=c.pk)).status_code == 200
    assert client.post(_url("party_create", client_id=c.pk), {"name": "X", "kind": "isp"}).status_code == 403
    url = _url("party_delete", client_id=c.pk, party_id=world.party_a1.pk)
    assert client.post(url).status_code == 403
    assert Party.objects.filter(pk=world.party_a1.pk).exists()


# --- portal users ---------------------------------------------------------------------------------


def test_it_lists_portal_users(world: Any, login: Any) -> None:
    body = login(world.viewer).get(_url("client_membership_list", client_id=world.client_a1.pk)).content.decode()
    assert "ceo@a1.example" in body and "office@a1.example" in body
    assert "ceo@a2.example" not in body


def test_it_invites_a_portal_user_rather_than_adding_them(world: Any, login: Any) -> None:
    c = world.client_a2
    response = login(world.vcio).post(
        _url("client_membership_list", client_id=c.pk),
        {"email": "cfo@a2.example", "role": "executive", "full_name": "Carla Fo"},
    )
    assert response.status_code == 302
    assert not ClientMembership.objects.filter(client=c, user__email="cfo@a2.example").exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["cfo@a2.example"]
    assert "/accounts/invitations/" in mail.outbox[0].body  # more in test_invitation_views.py


def test_it_refuses_to_add_staff_as_a_portal_user(world: Any, login: Any) -> None:
    response = login(world.vcio).post(
        _url("client_membership_list", client_id=world.client_a2.pk),
        {"email": "viewer@alpha.example", "role": "executive"},
    )
    assert response.status_code == 422
    assert "Already staff" in response.content.decode()
    assert mail.outbox == []


def test_it_forbids_analysts_to_add_portal_users(world: Any, login: Any) -> None:
    client = login(world.analyst)
    url = _url("client_membership_list", client_id=world.client_a2.pk)
    assert client.get(url).status_code == 200
    assert client.post(url, {"email": "x@a2.example", "role": "executive"}).status_code == 403
    assert not ClientMembership.objects.filter(user__email="x@a2.example").exists()


def test_it_removes_a_portal_user(world: Any, login: Any) -> None:
    cm = ClientMembership.objects.get(user=world.contributor_a1)
    url = _url("client_membership_remove", client_id=world.client_a1.pk, client_membership_id=cm.pk)
    assert login(world.analyst).post(url).status_code == 403
    assert login(world.vcio).post(url).status_code == 302
    assert not ClientMembership.objects.filter(pk=cm.pk).exists()


def test_it_hides_a_portal_user_under_another_client(world: Any, login: Any) -> None:
    cm = ClientMembership.objects.get(user=world.exec_a2)
    url = _url("client_membership_remove", client_id=world.client_a1.pk, client_membership_id=cm.pk)
    assert login(world.vcio).post(url).status_code == 404
    assert ClientMembership.objects.filter(pk=cm.pk).exists()


# --- staff ----------------------------------------------------------------------------------------


def test_it_lists_staff_for_admins_only(world: Any, login: Any) -> None:
    body = login(world.admin).get(_url("membership_list")).content.decode()
    assert "analyst@alpha.example" in body
    assert "owner@bravo.example" not in body
    assert login(world.vcio).get(_url("membership_list")).status_code == 403


def test_it_offers_admins_only_the_roles_they_may_give(world: Any, login: Any) -> None:
    response = login(world.admin).get(_url("membership_list"))
    assert StaffRole.OWNER not in response.context["assignable_roles"]
    choices = [value for value, _label in response.context["form"].fields["role"].choices]
    assert "owner" not in choices and "admin" in choices


def test_it_invites_staff_rather_than_adding_them(world: Any, login: Any) -> None:
    response = login(world.admin).post(
        _url("membership_list"), {"email": "new.tech@alpha.example", "role": "analyst", "full_name": "New Tech"}
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(workspace=world.ws_a, user__email="new.tech@alpha.example").exists()
    assert len(mail.outbox) == 1
    assert "Alpha IT" in mail.outbox[0].subject


def test_it_invites_someone_who_has_an_account_too(world: Any, login: Any) -> None:
    UserFactory(email="exists@example.com")
    login(world.admin).post(_url("membership_list"), {"email": "exists@example.com", "role": "viewer"})
    assert not Membership.objects.filter(workspace=world.ws_a, user__email="exists@example.com").exists()
    assert [m.to for m in mail.outbox] == [["exists@example.com"]]


def test_it_does_not_let_an_admin_add_an_owner(world: Any, login: Any) -> None:
    response = login(world.admin).post(_url("membership_list"), {"email": "boss@alpha.example", "role": "owner"})
    assert response.status_code == 422
    assert not Membership.objects.filter(user__email="boss@alpha.example").exists()


def test_it_changes_a_role(world: Any, login: Any) -> None:
    m = world.memberships["viewer"]
    response = login(world.admin).post(_url("membership_role", membership_id=m.pk), {"role": "vcio"})
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.role == "vcio"


def test_it_does_not_let_an_admin_make_an_owner(world: Any, login: Any) -> None:
    m = world.memberships["viewer"]
    response = login(world.admin).post(_url("membership_role", membership_id=m.pk), {"role": "owner"})
    assert response.status_code == 403
    m.refresh_from_db()
    assert m.role == "viewer"


def test_it_does_not_let_an_admin_demote_an_owner(world: Any, login: Any) -> None:
    m = world.memberships["owner"]
    response = login(world.admin).post(_url("membership_role", membership_id=m.pk), {"role": "viewer"})
    assert response.status_code == 403
    m.refresh_from_db()
    assert m.role == "owner"


def test_it_keeps_the_last_owner(world: Any, login: Any) -> None:
    m = world.memberships["owner"]
    response = login(world.owner).post(_url("membership_role", membership_id=m.pk), {"role": "admin"})
    assert response.status_code == 422
    assert "at least one owner" in response.content.decode()
    m.refresh_from_db()
    assert m.role == "owner"
    response = login(world.owner).post(_url("membership_remove", membership_id=m.pk))
    assert response.status_code == 422
    assert Membership.objects.filter(pk=m.pk).exists()


def test_it_lets_an_owner_hand_over_ownership(world: Any, login: Any) -> None:
    client = login(world.owner)
    admin = world.memberships["admin"]
    assert client.post(_url("membership_role", membership_id=admin.pk), {"role": "owner"}).status_code == 302
    me = world.memberships["owner"]
    assert client.post(_url("membership_role", membership_id=me.pk), {"role": "admin"}).status_code == 302
    admin.refresh_from_db()
    me.refresh_from_db()
    assert (admin.role, me.role) == ("owner", "admin")


def test_it_removes_a_member(world: Any, login: Any) -> None:
    m = world.memberships["analyst"]
    assert login(world.vcio).post(_url("membership_remove", membership_id=m.pk)).status_code == 403
    assert login(world.admin).post(_url("membership_remove", membership_id=m.pk)).status_code == 302
    assert not Membership.objects.filter(pk=m.pk).exists()


def test_it_hides_members_of_another_workspace(world: Any, login: Any) -> None:
    m = world.memberships["outsider"]
    client = login(world.owner)
    assert client.post(_url("membership_role", membership_id=m.pk), {"role": "viewer"}).status_code == 404
    assert client.post(_url("membership_remove", membership_id=m.pk)).status_code == 404
    m.refresh_from_db()
    assert m.role == "owner"

"""Tenancy services: validation, duplicates, stale versions, tenant boundaries, owner rules, activity."""

from __future__ import annotations

from typing import Any

import pytest

from sevenc.accounts.models import ApiToken
from sevenc.accounts.services import api_token_create
from sevenc.core.domain.errors import ApplicationError, ConflictError, PermissionDeniedError
from sevenc.core.domain.roles import ClientRole, StaffRole
from sevenc.core.models import ActivityEntry
from sevenc.tenancy import services
from sevenc.tenancy.models import Client, ClientMembership, Membership, Party
from tests.factories import ClientFactory, MembershipFactory, PartyFactory, UserFactory

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, int]:
    """Row counts of everything a tenancy service may write."""
    from django.contrib.auth import get_user_model

    return {
        "client": Client.objects.count(),
        "party": Party.objects.count(),
        "membership": Membership.objects.count(),
        "client_membership": ClientMembership.objects.count(),
        "activity": ActivityEntry.objects.count(),
        "user": get_user_model().objects.count(),
        "token": ApiToken.objects.count(),
    }


def last_activity(workspace: Any) -> ActivityEntry:
    return ActivityEntry.objects.for_workspace(workspace).order_by("-id").first()


# --- clients ----------------------------------------------------------------------------------------------


def test_it_creates_a_client_and_records_it(world: Any) -> None:
    client = services.client_create(
        workspace=world.ws_a, actor=world.vcio, name="  Gamma Logistics ", seats=25, industry="Logistics"
    )
    client.refresh_from_db()
    assert client.name == "Gamma Logistics"
    assert client.workspace == world.ws_a
    assert client.version == 1
    entry = last_activity(world.ws_a)
    assert (entry.verb, entry.object_type, entry.object_id, entry.actor) == ("created", "client", client.pk, world.vcio)


def test_it_requires_a_client_name(world: Any) -> None:
    before = snapshot()
    with pytest.raises(ApplicationError) as exc:
        services.client_create(workspace=world.ws_a, actor=world.vcio, name="   ")
    assert "name" in exc.value.fields
    assert snapshot() == before


def test_it_rejects_negative_seats(world: Any) -> None:
    before = snapshot()
    with pytest.raises(ApplicationError) as exc:
        services.client_create(workspace=world.ws_a, actor=world.vcio, name="Gamma", seats=-1)
    assert "seats" in exc.value.fields
    assert snapshot() == before


def test_it_rejects_a_duplicate_client_name_in_any_case(world: Any) -> None:
    before = snapshot()
    with pytest.raises(ApplicationError) as exc:
        services.client_create(workspace=world.ws_a, actor=world.vcio, name="  beta MANUFACTURING ")
    assert "name" in exc.value.fields
    assert snapshot() == before


def test_it_allows_the_same_client_name_in_another_workspace(world: Any) -> None:
    client = services.client_create(workspace=world.ws_b, actor=world.outsider, name="Beta Manufacturing")
    assert client.workspace == world.ws_b


def test_it_ignores_fields_that_are_not_client_fields(world: Any) -> None:
    client = services.client_create(
        workspace=world.ws_a, actor=world.vcio, name="Gamma", workspace_id=world.ws_b.pk, archived=True, version=99
    )
    client.refresh_from_db()
    assert (client.workspace_id, client.archived, client.version) == (world.ws_a.pk, False, 1)


def test_it_updates_a_client_and_bumps_its_version(world: Any) -> None:
    client = world.client_a2
    services.client_update(
        workspace=world.ws_a, actor=world.vcio, client=client, version=1, seats=99, industry=" Retail "
    )
    client.refresh_from_db()
    assert (client.seats, client.industry, client.version) == (99, "Retail", 2)
    entry = last_activity(world.ws_a)
    assert (entry.verb, entry.object_id) == ("updated", client.pk)


def test_it_refuses_a_stale_client_version_and_changes_nothing(world: Any) -> None:
    client = world.client_a2
    services.client_update(
        workspace=world.ws_a, actor=world.vcio, client=Client.objects.get(pk=client.pk), version=1, seats=50
    )
    before = snapshot()
    stale = Client.objects.get(pk=client.pk)
    with pytest.raises(ConflictError) as exc:
        services.client_update(
            workspace=world.ws_a, actor=world.vcio, client=stale, version=1, seats=7, name="Overwritten"
        )
    assert exc.value.status == 409
    assert exc.value.current.version == 2
    client.refresh_from_db()
    assert (client.name, client.seats, client.version) == ("Beta Manufacturing", 50, 2)
    assert snapshot() == before


def test_it_refuses_renaming_a_client_to_a_taken_name(world: Any) -> None:
    before = snapshot()
    client = Client.objects.get(pk=world.client_a2.pk)
    with pytest.raises(ApplicationError) as exc:
        services.client_update(
            workspace=world.ws_a, actor=world.vcio, client=client, version=1, name=world.client_a1.name.upper()
        )
    assert "name" in exc.value.fields
    assert Client.objects.get(pk=client.pk).name == "Beta Manufacturing"
    assert snapshot() == before


def test_it_allows_changing_the_case_of_a_clients_own_name(world: Any) -> None:
    client = Client.objects.get(pk=world.client_a2.pk)
    services.client_update(workspace=world.ws_a, actor=world.vcio, client=client, version=1, name="BETA Manufacturing")
    assert Client.objects.get(pk=client.pk).name == "BETA Manufacturing"


def test_it_refuses_to_update_a_client_of_another_workspace(world: Any) -> None:
    before = snapshot()
    client = Client.objects.get(pk=world.client_a1.pk)
    with pytest.raises(ApplicationError):
        services.client_update(workspace=world.ws_b, actor=world.outsider, client=client, version=1, name="Mine")
    assert Client.objects.get(pk=client.pk).name == world.client_a1.name
    assert snapshot() == before


def test_it_archives_and_restores_a_client(world: Any) -> None:
    client = Client.objects.get(pk=world.client_a2.pk)
    services.client_set_archived(workspace=world.ws_a, actor=world.vcio, client=client, archived=True)
    assert Client.objects.get(pk=client.pk).archived is True
    assert last_activity(world.ws_a).verb == "archived"
    services.client_set_archived(workspace=world.ws_a, actor=world.vcio, client=client, archived=False)
    assert Client.objects.get(pk=client.pk).archived is False
    assert last_activity(world.ws_a).verb == "restored"


def test_it_does_nothing_when_archiving_an_archived_client(world: Any) -> None:
    client = Client.objects.get(pk=world.client_a2.pk)
    services.client_set_archived(workspace=world.ws_a, actor=world.vcio, client=client, archived=True)
    before = snapshot()
    services.client_set_archived(workspace=world.ws_a, actor=world.vcio, client=client, archived=True)
    assert snapshot() == before


def test_it_refuses_to_archive_a_client_of_another_workspace(world: Any) -> None:
    before = snapshot()
    client = Client.objects.get(pk=world.client_a1.pk)
    with pytest.raises(ApplicationError):
        services.client_set_archived(workspace=world.ws_b, actor=world.outsider, client=client, archived=True)
    assert Client.objects.get(pk=client.pk).archived is False
    assert snapshot() == before


# --- parties ----------------------------------------------------------------------------------------------


def test_it_creates_a_party_in_the_clients_workspace(world: Any) -> None:
    party = services.party_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a2,
        name=" ISP One ",
        kind="isp",
        email="noc@isp.example",
    )
    party.refresh_from_db()
    assert (party.name, party.workspace_id, party.client_id) == ("ISP One", world.ws_a.pk, world.client_a2.pk)
    entry = last_activity(world.ws_a)
    assert (entry.verb, entry.object_type, entry.object_id) == ("created", "party", party.pk)


def test_it_reports_bad_party_fields(world: Any) -> None:
    before = snapshot()
    with pytest.raises(ApplicationError) as exc:
        services.party_create(
            workspace=world.ws_a,
            actor=world.vcio,
            client=world.client_a2,
            name="",
            kind="nonsense",
            email="not an email",
        )
    assert {"name", "kind", "email"} <= set(exc.value.fields)
    assert snapshot() == before


def test_it_rejects_a_duplicate_party_name_in_any_case(world: Any) -> None:
    before = snapshot()
    with pytest.raises(ApplicationError) as exc:
        services.party_create(
            workspace=world.ws_a, actor=world.vcio, client=world.client_a1, name=world.party_a1.name.lower()
        )
    assert "name" in exc.value.fields
    assert snapshot() == before


def test_it_allows_the_same_party_name_for_another_client(world: Any) -> None:
    party = services.party_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a2, name=world.party_a1.name
    )
    assert party.client == world.client_a2


def test_it_refuses_a_party_for_a_client_of_another_workspace(world: Any) -> None:
    before = snapshot()
    with pytest.raises(ApplicationError):
        services.party_create(workspace=world.ws_b, actor=world.outsider, client=world.client_a1, name="Sneaky")
    assert snapshot() == before


def test_it_updates_a_party_and_bumps_its_version(world: Any) -> None:
    party = Party.objects.get(pk=world.party_a1.pk)
    services.party_update(workspace=world.ws_a, actor=world.vcio, party=party, version=1, phone=" 555 0100 ")
    party.refresh_from_db()
    assert (party.phone, party.version) == ("555 0100", 2)
    assert last_activity(world.ws_a).verb == "updated"


def test_it_refuses_a_stale_party_version_and_changes_nothing(world: Any) -> None:
    services.party_update(
        workspace=world.ws_a, actor=world.vcio, party=Party.objects.get(pk=world.party_a1.pk), version=1, phone="1"
    )
    before = snapshot()
    with pytest.raises(ConflictError):
        services.party_update(
            workspace=world.ws_a,
            actor=world.vcio,
            party=Party.objects.get(pk=world.party_a1.pk),
            version=1,
            phone="2",
            name="Overwritten",
        )
    party = Party.objects.get(pk=world.party_a1.pk)
    assert (party.phone, party.name, party.version) == ("1", world.party_a1.name, 2)
    assert snapshot() == before


def test_it_refuses_renaming_a_party_to_a_taken_name(world: Any) -> None:
    other = PartyFactory(client=world.client_a1, name="Other Vendor")
    before = snapshot()
    with pytest.raises(ApplicationError) as exc:
        services.party_update(
            workspace=world.ws_a,
            actor=world.vcio,
            party=Party.objects.get(pk=other.pk),
            version=1,
            name=world.party_a1.name.swapcase(),
        )
    assert "name" in exc.value.fields
    assert Party.objects.get(pk=other.pk).name == "Other Vendor"
    assert snapshot() == before


def test_it_refuses_to_update_or_delete_a_party_of_another_workspace(world: Any) -> None:
    before = snapshot()
    party = Party.objects.get(pk=world.party_a1.pk)
    with pytest.raises(ApplicationError):
        services.party_update(workspace=world.ws_b, actor=world.outsider, party=party, version=1, name="Mine")
    with pytest.raises(ApplicationError):
        services.party_delete(workspace=world.ws_b, actor=world.outsider, party=party)
    assert Party.objects.get(pk=party.pk).name == world.party_a1.name
    assert snapshot() == before


def test_it_deletes_a_party_and_records_it(world: Any) -> None:
    services.party_delete(workspace=world.ws_a, actor=world.vcio, party=world.party_a1)
    assert not Party.objects.filter(pk=world.party_a1.pk).exists()
    entry = last_activity(world.ws_a)
    assert entry.verb == "deleted"
    assert world.party_a1.name in entry.summary


# --- staff memberships ---------------------------------------------------------------------------------------


def test_it_adds_a_staff_member_creating_the_user(world: Any) -> None:
    m = services.membership_add(
        workspace=world.ws_a,
        actor_membership=world.memberships["admin"],
        email=" New.Person@Alpha.example ",
        role="analyst",
        full_name="New Person",
    )
    assert (m.user.email, m.role, m.workspace_id) == ("new.person@alpha.example", StaffRole.ANALYST, world.ws_a.pk)
    assert last_activity(world.ws_a).verb == "added"


def test_it_adds_an_existing_user_of_another_workspace(world: Any) -> None:
    m = services.membership_add(
        workspace=world.ws_a, actor_membership=world.memberships["owner"], email=world.outsider.email, role="viewer"
    )
    assert m.user == world.outsider


def test_it_refuses_an_existing_member(world: Any) -> None:
    before = snapshot()
    with pytest.raises(ApplicationError) as exc:
        services.membership_add(
            workspace=world.ws_a,
            actor_membership=world.memberships["owner"],
            email=world.viewer.email.upper(),
            role="analyst",
        )
    assert "email" in exc.value.fields
    assert snapshot() == before


@pytest.mark.parametrize(
    "email,role,field",
    [("not-an-email", "viewer", "email"), ("", "viewer", "email"), ("x@alpha.example", "superuser", "role")],
)
def test_it_reports_bad_membership_input(world: Any, email: str, role: str, field: str) -> None:
    before = snapshot()
    with pytest.raises(ApplicationError) as exc:
        services.membership_add(
            workspace=world.ws_a, actor_membership=world.memberships["owner"], email=email, role=role
        )
    assert field in exc.value.fields
    assert snapshot() == before


def test_it_lets_an_admin_give_any_role_below_owner(world: Any) -> None:
    for i, role in enumerate(["admin", "vcio", "analyst", "viewer"]):
        m = services.membership_add(
            workspace=world.ws_a, actor_membership=world.memberships["admin"], email=f"p{i}@alpha.example", role=role
        )
        assert m.role == role


def test_it_does_not_let_an_admin_grant_owner(world: Any) -> None:
    before = snapshot()
    with pytest.raises(PermissionDeniedError):
        services.membership_add(
            workspace=world.ws_a, actor_membership=world.memberships["admin"], email="boss@alpha.example", role="owner"
        )
    with pytest.raises(PermissionDeniedError):
        services.membership_set_role(
            workspace=world.ws_a,
            actor_membership=world.memberships["admin"],
            membership=world.memberships["vcio"],
            role="owner",
        )
    assert Membership.objects.get(pk=world.memberships["vcio"].pk).role == StaffRole.VCIO
    assert snapshot() == before


def test_it_lets_an_owner_make_another_owner(world: Any) -> None:
    services.membership_set_role(
        workspace=world.ws_a,
        actor_membership=world.memberships["owner"],
        membership=world.memberships["admin"],
        role="owner",
    )
    assert Membership.objects.get(pk=world.memberships["admin"].pk).role == StaffRole.OWNER
    entry = last_activity(world.ws_a)
    assert entry.verb == "changed"
    assert "owner" in entry.summary


def test_it_does_not_let_an_admin_change_or_remove_an_owner(world: Any) -> None:
    before = snapshot()
    owner_m = world.memberships["owner"]
    with pytest.raises(PermissionDeniedError):
        services.membership_set_role(
            workspace=world.ws_a, actor_membership=world.memberships["admin"], membership=owner_m, role="viewer"
        )
    with pytest.raises(PermissionDeniedError):
        services.membership_remove(
            workspace=world.ws_a, actor_membership=world.memberships["admin"], membership=owner_m
        )
    assert Membership.objects.get(pk=owner_m.pk).role == StaffRole.OWNER
    assert snapshot() == before


def test_it_keeps_the_last_owner(world: Any) -> None:
    before = snapshot()
    owner_m = world.memberships["owner"]
    with pytest.raises(ApplicationError) as exc:
        services.membership_set_role(workspace=world.ws_a, actor_membership=owner_m, membership=owner_m, role="admin")
    assert "owner" in exc.value.message
    with pytest.raises(ApplicationError):
        services.membership_remove(workspace=world.ws_a, actor_membership=owner_m, membership=owner_m)
    assert Membership.objects.get(pk=owner_m.pk).role == StaffRole.OWNER
    assert snapshot() == before


def test_it_lets_an_owner_step_down_when_another_owner_exists(world: Any) -> None:
    owner_m = world.memberships["owner"]
    services.membership_set_role(
        workspace=world.ws_a, actor_membership=owner_m, membership=world.memberships["admin"], role="owner"
    )
    services.membership_set_role(workspace=world.ws_a, actor_membership=owner_m, membership=owner_m, role="viewer")
    assert Membership.objects.get(pk=owner_m.pk).role == StaffRole.VIEWER


def test_it_removes_a_member_and_their_tokens_in_that_workspace_only(world: Any) -> None:
    analyst_m = world.memberships["analyst"]
    MembershipFactory(workspace=world.ws_b, user=world.analyst, role=StaffRole.VIEWER)
    api_token_create(workspace=world.ws_a, user=world.analyst, name="a")
    kept = api_token_create(workspace=world.ws_b, user=world.analyst, name="b").token
    services.membership_remove(workspace=world.ws_a, actor_membership=world.memberships["admin"], membership=analyst_m)
    assert not Membership.objects.filter(pk=analyst_m.pk).exists()
    assert list(ApiToken.objects.filter(user=world.analyst)) == [kept]
    entry = last_activity(world.ws_a)
    assert entry.verb == "removed"
    assert world.analyst.email in entry.summary


def test_it_refuses_to_change_a_member_of_another_workspace(world: Any) -> None:
    before = snapshot()
    target = world.memberships["analyst"]
    outsider_m = world.memberships["outsider"]
    with pytest.raises(ApplicationError):
        services.membership_set_role(
            workspace=world.ws_b, actor_membership=outsider_m, membership=target, role="viewer"
        )
    with pytest.raises(ApplicationError):
        services.membership_remove(workspace=world.ws_b, actor_membership=outsider_m, membership=target)
    assert Membership.objects.get(pk=target.pk).role == StaffRole.ANALYST
    assert snapshot() == before


# --- client portal users -------------------------------------------------------------------------------------


def test_it_gives_a_new_person_portal_access(world: Any) -> None:
    cm = services.client_membership_add(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a2,
        email="CFO@a2.example",
        role="executive",
        full_name="Chief Money",
    )
    assert (cm.user.email, cm.role, cm.workspace_id, cm.client_id) == (
        "cfo@a2.example",
        ClientRole.EXECUTIVE,
        world.ws_a.pk,
        world.client_a2.pk,
    )
    assert last_activity(world.ws_a).verb == "added"


def test_it_lets_one_person_use_the_portal_of_two_clients(world: Any) -> None:
    cm = services.client_membership_add(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a2, email=world.exec_a1.email, role="contributor"
    )
    assert cm.user == world.exec_a1


def test_it_refuses_portal_access_for_staff_of_the_workspace(world: Any) -> None:
    before = snapshot()
    with pytest.raises(ApplicationError) as exc:
        services.client_membership_add(
            workspace=world.ws_a, actor=world.vcio, client=world.client_a1, email=world.viewer.email, role="executive"
        )
    assert "email" in exc.value.fields
    assert snapshot() == before


def test_it_refuses_a_second_portal_access_to_the_same_client(world: Any) -> None:
    before = snapshot()
    with pytest.raises(ApplicationError) as exc:
        services.client_membership_add(
            workspace=world.ws_a,
            actor=world.vcio,
            client=world.client_a1,
            email=world.exec_a1.email,
            role="contributor",
        )
    assert "email" in exc.value.fields
    assert snapshot() == before


def test_it_refuses_an_unknown_client_role(world: Any) -> None:
    before = snapshot()
    with pytest.raises(ApplicationError) as exc:
        services.client_membership_add(
            workspace=world.ws_a, actor=world.vcio, client=world.client_a1, email="new@a1.example", role="owner"
        )
    assert "role" in exc.value.fields
    assert snapshot() == before


def test_it_refuses_portal_access_to_a_client_of_another_workspace(world: Any) -> None:
    before = snapshot()
    with pytest.raises(ApplicationError):
        services.client_membership_add(
            workspace=world.ws_b,
            actor=world.outsider,
            client=world.client_a1,
            email="spy@bravo.example",
            role="executive",
        )
    assert snapshot() == before


def test_it_removes_portal_access(world: Any) -> None:
    cm = ClientMembership.objects.get(user=world.exec_a1, client=world.client_a1)
    services.client_membership_remove(workspace=world.ws_a, actor=world.vcio, client_membership=cm)
    assert not ClientMembership.objects.filter(pk=cm.pk).exists()
    entry = last_activity(world.ws_a)
    assert entry.verb == "removed"
    assert world.exec_a1.email in entry.summary


def test_it_refuses_to_remove_portal_access_in_another_workspace(world: Any) -> None:
    before = snapshot()
    cm = ClientMembership.objects.get(user=world.exec_a1, client=world.client_a1)
    with pytest.raises(ApplicationError):
        services.client_membership_remove(workspace=world.ws_b, actor=world.outsider, client_membership=cm)
    assert snapshot() == before


# --- workspaces ------------------------------------------------------------------------------------------------


def test_it_creates_a_workspace_with_its_creator_as_owner(db: Any) -> None:
    user = UserFactory()
    first = services.workspace_create(name="Delta IT", owner=user)
    second = services.workspace_create(name="Delta IT", owner=user)
    assert first.slug != second.slug
    assert Membership.objects.get(workspace=first, user=user).role == StaffRole.OWNER
    assert last_activity(first).verb == "created"


def test_it_requires_a_workspace_name(db: Any) -> None:
    before = snapshot()
    with pytest.raises(ApplicationError) as exc:
        services.workspace_create(name=" ", owner=UserFactory())
    assert "name" in exc.value.fields
    assert snapshot()["membership"] == before["membership"]


def test_it_keeps_clients_apart_per_workspace(world: Any) -> None:
    ClientFactory(workspace=world.ws_b, name="Only in B")
    assert not Client.objects.for_workspace(world.ws_a).filter(name="Only in B").exists()

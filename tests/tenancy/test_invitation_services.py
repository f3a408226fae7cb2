"""Invitation services: inviting grants nothing and looks no account up; accepting checks the rules again;
one email is never both staff and a portal user of one workspace, whichever comes first."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sevenc.core.domain.errors import ApplicationError, ConflictError, PermissionDeniedError
from sevenc.core.domain.roles import ClientRole, StaffRole
from sevenc.core.models import ActivityEntry
from sevenc.tenancy import selectors, services
from sevenc.tenancy.models import ClientMembership, Invitation, InvitationStatus, Membership
from tests.factories import ClientMembershipFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, Any]:
    return {
        "membership": sorted(Membership.objects.values_list("workspace_id", "user_id", "role")),
        "client_membership": sorted(ClientMembership.objects.values_list("client_id", "user_id", "role")),
        "invitation": sorted(Invitation.objects.values_list("pk", "status", "role", "token_hash")),
        "user": get_user_model().objects.count(),
        "activity": ActivityEntry.objects.count(),
    }


def invite_staff(world: Any, email: str, role: str = "analyst", actor: str = "admin", **kw: Any) -> Any:
    return services.staff_invitation_create(
        workspace=world.ws_a, actor_membership=world.memberships[actor], email=email, role=role, **kw
    )


def invite_portal(world: Any, email: str, client: Any = None, role: str = "executive", **kw: Any) -> Any:
    return services.portal_invitation_create(
        workspace=world.ws_a, actor=world.vcio, client=client or world.client_a2, email=email, role=role, **kw
    )


# --- inviting -------------------------------------------------------------------------------------------------


def test_it_invites_without_granting_anything(world: Any) -> None:
    before = snapshot()
    new = invite_staff(world, world.outsider.email)
    inv = new.invitation
    assert (inv.workspace_id, inv.client_id, inv.email, inv.role, inv.status) == (
        world.ws_a.pk,
        None,
        "owner@bravo.example",
        "analyst",
        InvitationStatus.PENDING,
    )
    assert inv.invited_by == world.admin
    assert timedelta(days=13, hours=23) < inv.expires_at - timezone.now() <= timedelta(days=14)
    assert not Membership.objects.filter(workspace=world.ws_a, user=world.outsider).exists()
    after = snapshot()
    assert after["membership"] == before["membership"] and after["user"] == before["user"]


def test_it_keeps_only_a_hash_of_the_secret(world: Any) -> None:
    new = invite_staff(world, "new@example.com")
    assert len(new.token) >= 40
    stored = Invitation.objects.get(pk=new.invitation.pk)
    assert stored.token_hash == selectors.invitation_token_hash(new.token)
    assert new.token not in {stored.token_hash, stored.email, stored.full_name}
    assert selectors.invitation_get_by_token(token=new.token) == stored
    assert selectors.invitation_get_by_token(token=new.token[:-1] + "x") is None


def test_it_keeps_the_email_as_typed(world: Any) -> None:
    new = invite_staff(world, "  New.Person@Example.COM ")
    assert new.invitation.email == "New.Person@Example.COM"


def test_it_never_looks_an_account_up_when_inviting(world: Any) -> None:
    """The same queries for an address with an account and one without: nothing to tell them apart by."""

    def tables(email: str) -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            invite_staff(world, email)
        return [
            q["sql"].split(" FROM ")[1].split()[0] if " FROM " in q["sql"] else q["sql"].split()[0]
            for q in ctx.captured_queries
        ]

    existing, unknown = tables(world.outsider.email), tables("nobody@nowhere.example")
    assert existing == unknown
    assert not any('"accounts_user"' == t for t in existing)


def test_it_refreshes_a_pending_invitation_instead_of_duplicating_it(world: Any) -> None:
    first = invite_staff(world, "new@example.com", role="viewer", full_name="New")
    second = invite_staff(world, "NEW@example.com", role="analyst", actor="owner")
    assert second.invitation.pk == first.invitation.pk
    assert Invitation.objects.filter(workspace=world.ws_a).count() == 1
    inv = Invitation.objects.get(pk=first.invitation.pk)
    assert inv.role == "analyst" and inv.invited_by == world.owner and inv.email == "NEW@example.com"
    assert selectors.invitation_get_by_token(token=first.token) is None  # the old link stops working
    assert selectors.invitation_get_by_token(token=second.token) == inv


def test_it_refreshes_an_expired_invitation(world: Any) -> None:
    first = invite_staff(world, "new@example.com")
    Invitation.objects.filter(pk=first.invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert Invitation.objects.get(pk=first.invitation.pk).state == "expired"
    second = invite_staff(world, "new@example.com")
    assert second.invitation.pk == first.invitation.pk
    assert Invitation.objects.get(pk=first.invitation.pk).state == "pending"


def test_it_makes_a_new_invitation_after_a_revoked_one(world: Any) -> None:
    first = invite_staff(world, "new@example.com")
    services.invitation_revoke(
        workspace=world.ws_a, actor_membership=world.memberships["admin"], invitation=first.invitation
    )
    second = invite_staff(world, "new@example.com")
    assert second.invitation.pk != first.invitation.pk


def test_it_refuses_an_existing_member_of_this_workspace(world: Any) -> None:
    before = snapshot()
    with pytest.raises(ApplicationError) as exc:
        invite_staff(world, world.viewer.email.upper())
    assert "already a member of this workspace" in exc.value.message
    assert "email" in exc.value.fields
    assert snapshot() == before


@pytest.mark.parametrize(
    "email,role,field",
    [("not-an-email", "viewer", "email"), ("", "viewer", "email"), ("x@alpha.example", "superuser", "role")],
)
def test_it_reports_bad_invitation_input(world: Any, email: str, role: str, field: str) -> None:
    before = snapshot()
    with pytest.raises(ApplicationError) as exc:
        invite_staff(world, email, role=role)
    assert field in exc.value.fields
    assert snapshot() == before


def test_it_lets_only_an_owner_invite_an_owner(world: Any) -> None:
    before = snapshot()
    with pytest.raises(PermissionDeniedError):
        invite_staff(world, "boss@example.com", role="owner")
    assert snapshot() == before
    invite_staff(world, "boss@example.com", role="owner", actor="owner")
    with pytest.raises(PermissionDeniedError):  # nor turn an owner's invitation into another one
        invite_staff(world, "boss@example.com", role="viewer")
    assert Invitation.objects.get(email="boss@example.com").role == "owner"


def test_it_refuses_staff_invitations_below_admin(world: Any) -> None:
    with pytest.raises(PermissionDeniedError):
        invite_staff(world, "x@example.com", role="viewer", actor="vcio")


def test_it_invites_to_a_portal(world: Any) -> None:
    new = invite_portal(world, "cfo@a2.example", role="contributor", full_name="Carla")
    inv = new.invitation
    assert (inv.client_id, inv.role, inv.full_name, inv.invited_by) == (
        world.client_a2.pk,
        ClientRole.CONTRIBUTOR,
        "Carla",
        world.vcio,
    )
    assert not ClientMembership.objects.filter(user__email="cfo@a2.example").exists()


def test_it_refuses_a_portal_invitation_to_a_client_of_another_workspace(world: Any) -> None:
    before = snapshot()
    with pytest.raises(ApplicationError):
        services.portal_invitation_create(
            workspace=world.ws_b,
            actor=world.outsider,
            client=world.client_a1,
            email="spy@bravo.example",
            role="executive",
        )
    assert snapshot() == before


def test_it_refuses_a_second_portal_access_to_the_same_client(world: Any) -> None:
    with pytest.raises(ApplicationError) as exc:
        invite_portal(world, world.exec_a1.email, client=world.client_a1)
    assert "already has access" in exc.value.message


def test_it_lets_one_person_be_invited_to_the_portals_of_two_clients(world: Any) -> None:
    new = invite_portal(world, world.exec_a1.email, client=world.client_a2)
    access = services.invitation_accept(invitation=new.invitation, user=world.exec_a1)
    assert access.client == world.client_a2


# --- one email, never both staff and portal user of one workspace (both orders, both moments) -------------


def test_it_refuses_to_invite_a_portal_user_of_the_workspace_to_the_staff(world: Any) -> None:
    before = snapshot()
    with pytest.raises(ApplicationError) as exc:
        invite_staff(world, world.exec_a1.email)
    assert "cannot be both staff and a portal user" in exc.value.message
    assert world.client_a1.name in exc.value.message  # the inviter's own client, nothing beyond
    assert snapshot() == before


def test_it_refuses_to_invite_staff_of_the_workspace_to_a_portal(world: Any) -> None:
    before = snapshot()
    with pytest.raises(ApplicationError) as exc:
        invite_portal(world, world.analyst.email)
    assert "cannot be both staff and a portal user" in exc.value.message
    assert snapshot() == before


def test_it_refuses_a_staff_invitation_while_a_portal_one_is_pending_and_back(world: Any) -> None:
    invite_portal(world, "both@example.com")
    with pytest.raises(ApplicationError):
        invite_staff(world, "both@example.com")
    invite_staff(world, "other@example.com")
    with pytest.raises(ApplicationError):
        invite_portal(world, "other@example.com")


def test_it_refuses_at_acceptance_a_staff_invitation_for_someone_who_became_a_portal_user(world: Any) -> None:
    person = UserFactory(email="both@example.com")
    staff = invite_staff(world, person.email)
    ClientMembershipFactory(client=world.client_a1, user=person)  # meanwhile (e.g. by the set-up path)
    before = snapshot()
    with pytest.raises(ApplicationError) as exc:
        services.invitation_accept(invitation=staff.invitation, user=person)
    assert "cannot be both staff and a portal user" in exc.value.message
    assert snapshot() == before


def test_it_refuses_at_acceptance_a_portal_invitation_for_someone_who_became_staff(world: Any) -> None:
    person = UserFactory(email="both@example.com")
    portal = invite_portal(world, person.email)
    MembershipFactory(workspace=world.ws_a, user=person, role=StaffRole.VIEWER)
    before = snapshot()
    with pytest.raises(ApplicationError) as exc:
        services.invitation_accept(invitation=portal.invitation, user=person)
    assert "cannot be both staff and a portal user" in exc.value.message
    assert snapshot() == before


def test_it_lets_the_same_person_be_staff_here_and_a_portal_user_elsewhere(world: Any) -> None:
    new = services.portal_invitation_create(
        workspace=world.ws_b, actor=world.outsider, client=world.client_b1, email=world.analyst.email, role="executive"
    )
    assert services.invitation_accept(invitation=new.invitation, user=world.analyst).client == world.client_b1


def test_it_keeps_the_set_up_path_to_the_same_rule(world: Any) -> None:
    with pytest.raises(ApplicationError):
        services.membership_add(
            workspace=world.ws_a, actor_membership=world.memberships["owner"], email=world.exec_a1.email, role="viewer"
        )
    with pytest.raises(ApplicationError):
        services.client_membership_add(
            workspace=world.ws_a, actor=world.vcio, client=world.client_a2, email=world.viewer.email, role="executive"
        )


# --- accepting ------------------------------------------------------------------------------------------------


def test_it_makes_the_member_on_acceptance_and_records_it(world: Any) -> None:
    new = invite_staff(world, world.outsider.email, role="vcio")
    m = services.invitation_accept(invitation=new.invitation, user=world.outsider)
    assert (m.workspace, m.user, m.role) == (world.ws_a, world.outsider, StaffRole.VCIO)
    inv = Invitation.objects.get(pk=new.invitation.pk)
    assert (inv.status, inv.accepted_by) == (InvitationStatus.ACCEPTED, world.outsider)
    assert inv.accepted_at is not None
    world.outsider.refresh_from_db()
    assert world.outsider.last_workspace == world.ws_a  # accepting is choosing
    entry = ActivityEntry.objects.for_workspace(world.ws_a).order_by("-id").first()
    assert entry.verb == "joined" and entry.actor == world.outsider


def test_it_makes_the_portal_user_on_acceptance(world: Any) -> None:
    person = UserFactory(email="cfo@a2.example")
    new = invite_portal(world, "CFO@a2.example", role="contributor")
    cm = services.invitation_accept(invitation=new.invitation, user=person)
    assert (cm.workspace, cm.client, cm.user, cm.role) == (world.ws_a, world.client_a2, person, "contributor")


def test_it_refuses_acceptance_by_another_address(world: Any) -> None:
    new = invite_staff(world, "someone@example.com")
    before = snapshot()
    with pytest.raises(services.InvitationForAnotherAddress):
        services.invitation_accept(invitation=new.invitation, user=world.outsider)
    assert snapshot() == before


@pytest.mark.parametrize("how", ["expired", "revoked", "accepted"])
def test_it_refuses_an_invitation_that_no_longer_works(world: Any, how: str) -> None:
    person = UserFactory(email="someone@example.com")
    new = invite_staff(world, person.email)
    if how == "expired":
        Invitation.objects.filter(pk=new.invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    elif how == "revoked":
        services.invitation_revoke(
            workspace=world.ws_a, actor_membership=world.memberships["owner"], invitation=new.invitation
        )
    else:
        services.invitation_accept(invitation=new.invitation, user=person)
        Membership.objects.filter(workspace=world.ws_a, user=person).delete()  # removed since
    before = snapshot()
    with pytest.raises(services.InvitationNotValid):
        services.invitation_accept(invitation=Invitation.objects.get(pk=new.invitation.pk), user=person)
    assert snapshot() == before


def test_it_refuses_an_invitation_whose_sender_may_no_longer_give_it(world: Any) -> None:
    person = UserFactory(email="someone@example.com")
    new = invite_staff(world, person.email, role="admin")
    services.membership_set_role(
        workspace=world.ws_a,
        actor_membership=world.memberships["owner"],
        membership=world.memberships["admin"],
        role="vcio",
    )
    with pytest.raises(services.InvitationNotValid):
        services.invitation_accept(invitation=new.invitation, user=person)
    assert not Membership.objects.filter(user=person).exists()


def test_it_refuses_an_invitation_whose_sender_left(world: Any) -> None:
    person = UserFactory(email="someone@example.com")
    new = invite_portal(world, person.email)
    services.membership_remove(
        workspace=world.ws_a, actor_membership=world.memberships["owner"], membership=world.memberships["vcio"]
    )
    with pytest.raises(services.InvitationNotValid):
        services.invitation_accept(invitation=new.invitation, user=person)


def test_it_creates_the_account_of_a_new_person_on_acceptance(world: Any) -> None:
    new = invite_staff(world, "Fresh@Example.com", full_name="Suggested")
    user, m = services.invitation_accept_signup(
        invitation=new.invitation, password="a long passphrase 42", full_name="Fresh Person"
    )
    assert (user.email, user.full_name) == ("fresh@example.com", "Fresh Person")
    assert user.check_password("a long passphrase 42")
    assert m.user == user and m.workspace == world.ws_a


def test_it_gives_a_password_to_an_account_that_never_had_one(world: Any) -> None:
    person = get_user_model().objects.create_user(email="old@example.com", password=None, full_name="Old")
    new = invite_portal(world, person.email)
    user, cm = services.invitation_accept_signup(
        invitation=new.invitation, password="a long passphrase 42", full_name="Other"
    )
    assert user == person
    person.refresh_from_db()
    assert person.check_password("a long passphrase 42") and person.full_name == "Old"


def test_it_refuses_signup_for_an_account_with_a_password(world: Any) -> None:
    new = invite_staff(world, world.outsider.email)
    before = snapshot()
    with pytest.raises(services.InvitationNotValid):
        services.invitation_accept_signup(invitation=new.invitation, password="a long passphrase 42")
    assert snapshot() == before
    world.outsider.refresh_from_db()
    assert world.outsider.check_password("correct horse battery staple")


def test_it_accepts_for_someone_already_a_member_without_changing_their_role(world: Any) -> None:
    person = UserFactory(email="someone@example.com")
    new = invite_staff(world, person.email, role="admin")
    MembershipFactory(workspace=world.ws_a, user=person, role=StaffRole.VIEWER)  # meanwhile
    m = services.invitation_accept(invitation=new.invitation, user=person)
    assert m.role == StaffRole.VIEWER
    assert Invitation.objects.get(pk=new.invitation.pk).status == InvitationStatus.ACCEPTED


# --- withdrawing --------------------------------------------------------------------------------------------------


def test_it_withdraws_an_invitation(world: Any) -> None:
    new = invite_staff(world, "x@example.com")
    inv = services.invitation_revoke(
        workspace=world.ws_a, actor_membership=world.memberships["admin"], invitation=new.invitation
    )
    assert inv.status == InvitationStatus.REVOKED and inv.revoked_at is not None
    again = services.invitation_revoke(
        workspace=world.ws_a, actor_membership=world.memberships["admin"], invitation=new.invitation
    )
    assert again.status == InvitationStatus.REVOKED


def test_it_needs_the_right_role_to_withdraw(world: Any) -> None:
    staff = invite_staff(world, "x@example.com")
    portal = invite_portal(world, "y@example.com")
    with pytest.raises(PermissionDeniedError):
        services.invitation_revoke(
            workspace=world.ws_a, actor_membership=world.memberships["vcio"], invitation=staff.invitation
        )
    with pytest.raises(PermissionDeniedError):
        services.invitation_revoke(
            workspace=world.ws_a, actor_membership=world.memberships["analyst"], invitation=portal.invitation
        )
    services.invitation_revoke(
        workspace=world.ws_a, actor_membership=world.memberships["vcio"], invitation=portal.invitation
    )
    owner_invite = invite_staff(world, "boss@example.com", role="owner", actor="owner")
    with pytest.raises(PermissionDeniedError):
        services.invitation_revoke(
            workspace=world.ws_a, actor_membership=world.memberships["admin"], invitation=owner_invite.invitation
        )


def test_it_refuses_to_withdraw_an_accepted_invitation(world: Any) -> None:
    new = invite_staff(world, world.outsider.email)
    services.invitation_accept(invitation=new.invitation, user=world.outsider)
    with pytest.raises(ConflictError):
        services.invitation_revoke(
            workspace=world.ws_a, actor_membership=world.memberships["admin"], invitation=new.invitation
        )


def test_it_refuses_to_withdraw_an_invitation_of_another_workspace(world: Any) -> None:
    new = invite_staff(world, "x@example.com")
    with pytest.raises(ApplicationError):
        services.invitation_revoke(
            workspace=world.ws_b, actor_membership=world.memberships["outsider"], invitation=new.invitation
        )
    assert Invitation.objects.get(pk=new.invitation.pk).status == InvitationStatus.PENDING


def test_it_lists_invitations_by_state(world: Any) -> None:
    pending = invite_staff(world, "p@example.com").invitation
    expired = invite_staff(world, "e@example.com").invitation
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    revoked = invite_staff(world, "r@example.com").invitation
    services.invitation_revoke(workspace=world.ws_a, actor_membership=world.memberships["admin"], invitation=revoked)
    portal = invite_portal(world, "c@example.com").invitation
    now = timezone.now()

    def listed(**kw: Any) -> set[int]:
        return {i.pk for i in selectors.invitation_list(workspace=world.ws_a, now=now, **kw)}

    assert listed() == {pending.pk}
    assert listed(states=("pending", "expired")) == {pending.pk, expired.pk}
    assert listed(states=("revoked",)) == {revoked.pk}
    assert listed(client=world.client_a2) == {portal.pk}
    assert listed(client=world.client_a1) == set()
    assert {
        i.pk for i in selectors.invitation_list(workspace=world.ws_b, now=now, states=selectors.INVITATION_STATES)
    } == set()


def test_it_keeps_the_set_up_paths_out_of_the_web_and_the_api() -> None:
    """Only set-up code (the demo, the CLI) may add people without asking them; no page or API operation may."""
    import ast
    from pathlib import Path

    src = Path(services.__file__).resolve().parents[1]
    direct = {"membership_add", "client_membership_add", "user_get_or_create"}
    callers = set()
    for path in src.rglob("*.py"):
        tree = ast.parse(path.read_text())
        names = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        names |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        names |= {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
        if names & direct:
            callers.add(str(path.relative_to(src)))
    assert callers == {"tenancy/services.py", "demo.py", "cli/handlers/server.py"}

"""Invitations through the API: inviting answers the same for every address and grants nothing; lists, filters
and withdrawals stay in the caller's workspace; adding a person directly is gone."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from sevenc.tenancy import services
from sevenc.tenancy.models import ClientMembership, Invitation, InvitationStatus, Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _without_ids_and_dates(raw: bytes) -> str:
    text = raw.decode()
    return re.sub(r'"(id|created_at|expires_at)":\s*("[^"]*"|\d+)', r'"\1": X', text)


def test_it_answers_byte_for_byte_the_same_for_an_address_with_an_account_and_one_without(
    as_user: Any, world: Any
) -> None:
    UserFactory(email="known@example.com", full_name="Known Person Name")
    admin = as_user(world.admin)
    known = admin.send("POST", "/memberships/invitations", {"email": "known@example.com", "role": "viewer"})
    unknown = admin.send("POST", "/memberships/invitations", {"email": "unkno@example.com", "role": "viewer"})
    assert known.status_code == unknown.status_code == 201
    assert _without_ids_and_dates(known.content).replace("known@", "X@") == _without_ids_and_dates(
        unknown.content
    ).replace("unkno@", "X@")
    assert "Known Person Name" not in known.content.decode()
    for who in (world.outsider, UserFactory(email="other@example.com")):  # an existing account elsewhere, too
        answer = admin.send(
            "POST", f"/clients/{world.client_a2.pk}/invitations", {"email": who.email, "role": "executive"}
        )
        assert answer.status_code == 201
        assert who.full_name not in answer.content.decode()
        assert set(answer.json()) == {
            "id",
            "client_id",
            "email",
            "full_name",
            "role",
            "status",
            "invited_by",
            "created_at",
            "expires_at",
            "accepted_at",
        }


def test_it_invites_staff_and_grants_nothing_until_accepted(as_user: Any, world: Any) -> None:
    admin = as_user(world.admin)
    assert (
        admin.send("POST", "/memberships/invitations", {"email": "new@alpha.example", "role": "owner"}).status_code
        == 403
    )
    created = admin.send(
        "POST", "/memberships/invitations", {"email": "New@Alpha.example", "role": "analyst", "full_name": "New Person"}
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["email"], body["role"], body["status"], body["client_id"], body["full_name"], body["invited_by"]) == (
        "New@Alpha.example",
        "analyst",
        "pending",
        None,
        "New Person",
        world.admin.email,
    )
    assert body["accepted_at"] is None
    assert not Membership.objects.filter(user__email__iexact="new@alpha.example").exists()
    assert [m.to for m in mail.outbox] == [["New@Alpha.example"]]
    assert "token" not in created.content.decode().lower()
    # again: the same invitation, a new link
    again = admin.send("POST", "/memberships/invitations", {"email": "new@alpha.example", "role": "viewer"})
    assert again.json()["id"] == body["id"] and again.json()["role"] == "viewer"
    assert len(mail.outbox) == 2


def test_it_lists_staff_invitations_of_the_workspace_only(as_user: Any, world: Any) -> None:
    admin = as_user(world.admin)
    pending = admin.send("POST", "/memberships/invitations", {"email": "p@example.com", "role": "viewer"}).json()
    expired = admin.send("POST", "/memberships/invitations", {"email": "e@example.com", "role": "viewer"}).json()
    Invitation.objects.filter(pk=expired["id"]).update(expires_at=timezone.now() - timedelta(days=1))
    admin.send("POST", f"/clients/{world.client_a2.pk}/invitations", {"email": "c@example.com", "role": "executive"})
    services.staff_invitation_create(
        workspace=world.ws_b, actor_membership=world.memberships["outsider"], email="b@example.com", role="viewer"
    )

    def emails(**params: Any) -> list[tuple[str, str]]:
        response = admin.get("/memberships/invitations", **params)
        assert response.status_code == 200
        return [(i["email"], i["status"]) for i in response.json()["items"]]

    assert emails() == [("e@example.com", "expired"), ("p@example.com", "pending")]
    assert emails(status="pending") == [("p@example.com", "pending")]
    assert emails(status="revoked") == []
    assert admin.send("DELETE", f"/memberships/invitations/{pending['id']}").status_code == 204
    assert emails(status="revoked") == [("p@example.com", "revoked")]
    assert emails(status="all") == [("e@example.com", "expired"), ("p@example.com", "revoked")]
    assert admin.get("/memberships/invitations", status="bogus").status_code == 422
    assert as_user(world.vcio).get("/memberships/invitations").status_code == 403


def test_it_withdraws_only_its_own_workspace_s_invitations(as_user: Any, world: Any) -> None:
    theirs = services.staff_invitation_create(
        workspace=world.ws_b, actor_membership=world.memberships["outsider"], email="b@example.com", role="viewer"
    ).invitation
    assert as_user(world.admin).send("DELETE", f"/memberships/invitations/{theirs.pk}").status_code == 404
    portal = services.portal_invitation_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a2, email="c@example.com", role="executive"
    ).invitation
    admin = as_user(world.admin)
    assert admin.send("DELETE", f"/memberships/invitations/{portal.pk}").status_code == 404  # not a staff one
    assert admin.send("DELETE", f"/clients/{world.client_a1.pk}/invitations/{portal.pk}").status_code == 404
    assert admin.send("DELETE", f"/clients/{world.client_a2.pk}/invitations/{portal.pk}").status_code == 204
    assert Invitation.objects.get(pk=theirs.pk).status == InvitationStatus.PENDING
    assert Invitation.objects.get(pk=portal.pk).status == InvitationStatus.REVOKED


def test_it_answers_409_for_withdrawing_an_accepted_invitation(as_user: Any, world: Any) -> None:
    new = services.staff_invitation_create(
        workspace=world.ws_a, actor_membership=world.memberships["admin"], email=world.outsider.email, role="viewer"
    )
    services.invitation_accept(invitation=new.invitation, user=world.outsider)
    response = as_user(world.admin).send("DELETE", f"/memberships/invitations/{new.invitation.pk}")
    assert response.status_code == 409
    assert "accepted" in response.json()["message"]


def test_it_invites_portal_users_and_lists_them_per_client(as_user: Any, world: Any) -> None:
    vcio = as_user(world.vcio)
    created = vcio.send(
        "POST", f"/clients/{world.client_a2.pk}/invitations", {"email": "cfo@a2.example", "role": "contributor"}
    )
    assert created.status_code == 201
    assert (created.json()["client_id"], created.json()["role"]) == (world.client_a2.pk, "contributor")
    assert not ClientMembership.objects.filter(user__email="cfo@a2.example").exists()
    viewer = as_user(world.viewer)
    listed = viewer.get(f"/clients/{world.client_a2.pk}/invitations").json()["items"]
    assert [i["email"] for i in listed] == ["cfo@a2.example"]
    assert viewer.get(f"/clients/{world.client_a1.pk}/invitations").json()["items"] == []
    assert (
        as_user(world.analyst)
        .send("POST", f"/clients/{world.client_a2.pk}/invitations", {"email": "x@a2.example", "role": "executive"})
        .status_code
        == 403
    )


def test_it_refuses_both_roles_in_one_workspace_with_a_message_about_this_workspace_only(
    as_user: Any, world: Any
) -> None:
    admin = as_user(world.admin)
    staff_of_portal = admin.send("POST", "/memberships/invitations", {"email": world.exec_a1.email, "role": "viewer"})
    assert staff_of_portal.status_code == 422
    assert "cannot be both staff and a portal user" in staff_of_portal.json()["message"]
    portal_of_staff = admin.send(
        "POST", f"/clients/{world.client_a2.pk}/invitations", {"email": world.viewer.email, "role": "executive"}
    )
    assert portal_of_staff.status_code == 422
    assert "cannot be both staff and a portal user" in portal_of_staff.json()["message"]
    member = admin.send("POST", "/memberships/invitations", {"email": world.viewer.email.upper(), "role": "viewer"})
    assert member.status_code == 422
    assert "already a member of this workspace" in member.json()["message"]
    assert world.viewer.full_name not in member.content.decode()
    assert not Invitation.objects.exists()


def test_it_no_longer_adds_people_directly(as_user: Any, world: Any) -> None:
    admin = as_user(world.admin)
    direct = admin.send("POST", "/memberships", {"email": world.outsider.email, "role": "viewer"})
    assert direct.status_code in (404, 405)
    portal = admin.send(
        "POST", f"/clients/{world.client_a2.pk}/users", {"email": world.outsider.email, "role": "executive"}
    )
    assert portal.status_code in (404, 405)
    assert world.outsider.full_name not in direct.content.decode() + portal.content.decode()
    assert not Membership.objects.filter(workspace=world.ws_a, user=world.outsider).exists()
    assert not ClientMembership.objects.filter(user=world.outsider).exists()


def test_it_still_shows_the_names_of_members(as_user: Any, world: Any) -> None:
    new = services.staff_invitation_create(
        workspace=world.ws_a, actor_membership=world.memberships["admin"], email=world.outsider.email, role="viewer"
    )
    services.invitation_accept(invitation=new.invitation, user=world.outsider)
    members = as_user(world.viewer).get("/memberships").json()["items"]
    assert {"email": world.outsider.email, "full_name": "Bravo Owner"}.items() <= next(
        m for m in members if m["email"] == world.outsider.email
    ).items()
    assert as_user(world.outsider, world.ws_b).get("/memberships").json()["count"] == 1

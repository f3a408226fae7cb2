"""Invitations in the web UI: the staff and portal pages invite (and say the same for every address), list and
withdraw; the link's page shows the offer only to the invited person and accepts only on a POST."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from sevenc.tenancy import services
from sevenc.tenancy.middleware import SESSION_KEY
from sevenc.tenancy.models import ClientMembership, Invitation, InvitationStatus, Membership
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _url(name: str, **kwargs: Any) -> str:
    return reverse(name, kwargs=kwargs)


def _link(message: Any) -> str:
    """The accept link's path from an invitation email."""
    match = re.search(r"https?://[^/\s]+(/accounts/invitations/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def invite_staff(world: Any, email: str, role: str = "analyst") -> services.NewInvitation:
    return services.staff_invitation_create(
        workspace=world.ws_a, actor_membership=world.memberships["admin"], email=email, role=role
    )


def accept_url(new: services.NewInvitation) -> str:
    return _url("accounts:invitation_accept", token=new.token)


# --- the staff page -----------------------------------------------------------------------------------------


def test_it_invites_staff_from_the_staff_page_without_adding_them(world: Any, login: Any) -> None:
    response = login(world.admin).post(
        _url("tenancy:membership_list"),
        {"email": "new.tech@alpha.example", "role": "analyst", "full_name": "New Tech"},
        follow=True,
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(user__email="new.tech@alpha.example").exists()
    assert not get_user_model().objects.filter(email="new.tech@alpha.example").exists()
    inv = Invitation.objects.get(workspace=world.ws_a, email="new.tech@alpha.example")
    assert (inv.role, inv.full_name, inv.client_id) == ("analyst", "New Tech", None)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.tech@alpha.example"]
    assert "Alpha IT" in message.subject
    assert "Alpha Admin" in message.body and "Analyst" in message.body
    assert _link(message).startswith("/accounts/invitations/")
    body = response.content.decode()
    assert "new.tech@alpha.example" in body  # listed as an open invitation
    assert "Invitation sent to new.tech@alpha.example" in body


def test_it_says_the_same_for_an_address_with_an_account_and_one_without(world: Any, login: Any) -> None:
    """Nothing on the page after inviting, nor in what the inviter can see, tells whether the address has an
    account (or whose it is)."""
    UserFactory(email="known@example.com", full_name="Known Person Name")
    client = login(world.admin)

    def invite(email: str) -> str:
        body = client.post(
            _url("tenancy:membership_list"), {"email": email, "role": "viewer"}, follow=True
        ).content.decode()
        Invitation.objects.filter(email=email).update(status=InvitationStatus.REVOKED)  # one open row per page
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", body.replace(email, "EMAIL"))
        return re.sub(r"\d+", "N", body)

    known, unknown = invite("known@example.com"), invite("unknown@example.com")
    assert "Known Person Name" not in known
    assert known == unknown
    subjects = {m.subject for m in mail.outbox}
    bodies = {re.sub(r"/accounts/invitations/[^/]+/", "LINK", m.body.replace(m.to[0], "EMAIL")) for m in mail.outbox}
    assert len(subjects) == 1 and len(bodies) == 1


def test_it_refuses_to_invite_an_existing_member(world: Any, login: Any) -> None:
    response = login(world.admin).post(
        _url("tenancy:membership_list"), {"email": "viewer@alpha.example", "role": "analyst"}
    )
    assert response.status_code == 422
    assert "already a member of this workspace" in response.content.decode()
    assert mail.outbox == []


def test_it_refuses_to_invite_a_portal_user_of_this_workspace_as_staff(world: Any, login: Any) -> None:
    response = login(world.admin).post(_url("tenancy:membership_list"), {"email": "ceo@a1.example", "role": "viewer"})
    assert response.status_code == 422
    assert "cannot be both staff and a portal user" in response.content.decode()
    assert not Invitation.objects.exists() and mail.outbox == []


def test_it_does_not_let_an_admin_invite_an_owner(world: Any, login: Any) -> None:
    response = login(world.admin).post(
        _url("tenancy:membership_list"), {"email": "boss@alpha.example", "role": "owner"}
    )
    assert response.status_code == 422  # the form does not offer it
    assert not Invitation.objects.exists()


def test_it_withdraws_a_staff_invitation(world: Any, login: Any) -> None:
    new = invite_staff(world, "x@example.com")
    url = _url("tenancy:invitation_revoke", invitation_id=new.invitation.pk)
    assert login(world.vcio).post(url).status_code == 403
    assert login(world.admin).get(url).status_code == 405
    response = login(world.admin).post(url)
    assert response.status_code == 302
    assert Invitation.objects.get(pk=new.invitation.pk).status == InvitationStatus.REVOKED
    assert HttpClient().get(accept_url(new)).status_code == 404


def test_it_hides_an_invitation_of_another_workspace(world: Any, login: Any) -> None:
    new = invite_staff(world, "x@example.com")
    url = _url("tenancy:invitation_revoke", invitation_id=new.invitation.pk)
    assert login(world.outsider).post(url).status_code == 404
    assert Invitation.objects.get(pk=new.invitation.pk).status == InvitationStatus.PENDING


def test_it_answers_409_when_withdrawing_an_accepted_invitation(world: Any, login: Any) -> None:
    new = invite_staff(world, world.outsider.email)
    services.invitation_accept(invitation=new.invitation, user=world.outsider)
    response = login(world.admin).post(_url("tenancy:invitation_revoke", invitation_id=new.invitation.pk))
    assert response.status_code == 409
    assert "accepted this invitation already" in response.content.decode()


# --- the portal-users page ------------------------------------------------------------------------------------


def test_it_invites_a_portal_user_without_adding_them(world: Any, login: Any) -> None:
    c = world.client_a2
    response = login(world.vcio).post(
        _url("tenancy:client_membership_list", client_id=c.pk),
        {"email": "cfo@a2.example", "role": "executive", "full_name": "Carla Fo"},
    )
    assert response.status_code == 302
    assert not ClientMembership.objects.filter(user__email="cfo@a2.example").exists()
    inv = Invitation.objects.get(client=c)
    assert (inv.email, inv.role) == ("cfo@a2.example", "executive")
    assert len(mail.outbox) == 1
    assert c.name in mail.outbox[0].subject and "/accounts/invitations/" in mail.outbox[0].body
    body = login(world.viewer).get(_url("tenancy:client_membership_list", client_id=c.pk)).content.decode()
    assert "cfo@a2.example" in body  # viewers see open invitations with the portal users


def test_it_refuses_to_invite_staff_to_a_portal(world: Any, login: Any) -> None:
    response = login(world.vcio).post(
        _url("tenancy:client_membership_list", client_id=world.client_a2.pk),
        {"email": "viewer@alpha.example", "role": "executive"},
    )
    assert response.status_code == 422
    assert "Already staff" in response.content.decode()
    assert mail.outbox == []


def test_it_withdraws_a_portal_invitation(world: Any, login: Any) -> None:
    new = services.portal_invitation_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a2, email="x@example.com", role="executive"
    )
    url = _url("tenancy:client_invitation_revoke", client_id=world.client_a2.pk, invitation_id=new.invitation.pk)
    wrong_client = _url(
        "tenancy:client_invitation_revoke", client_id=world.client_a1.pk, invitation_id=new.invitation.pk
    )
    assert login(world.analyst).post(url).status_code == 403
    assert login(world.vcio).post(wrong_client).status_code == 404
    assert login(world.vcio).post(url).status_code == 302
    assert Invitation.objects.get(pk=new.invitation.pk).status == InvitationStatus.REVOKED


# --- the link's page ------------------------------------------------------------------------------------------


def test_it_shows_the_offer_to_the_invited_person_and_accepts_only_on_post(world: Any, login: Any) -> None:
    new = invite_staff(world, world.outsider.email, role="vcio")
    client = login(world.outsider)
    response = client.get(accept_url(new))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Alpha IT" in body and "Alpha Admin" in body and "vCIO" in body
    assert not Membership.objects.filter(workspace=world.ws_a, user=world.outsider).exists()
    response = client.post(accept_url(new))
    assert response.status_code == 302 and response.url == reverse("core:dashboard")
    assert Membership.objects.get(workspace=world.ws_a, user=world.outsider).role == "vcio"
    assert client.session[SESSION_KEY] == world.ws_a.pk
    assert client.post(accept_url(new)).status_code == 404  # used: the link no longer works


def test_it_sends_a_logged_in_portal_user_to_the_portal_after_accepting(world: Any, login: Any) -> None:
    new = services.portal_invitation_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a2, email=world.exec_a1.email, role="contributor"
    )
    response = login(world.exec_a1).post(accept_url(new))
    assert response.status_code == 302
    assert response.url == reverse("portal:portal_client", kwargs={"client_id": world.client_a2.pk})


def test_it_tells_another_logged_in_person_nothing_but_that_it_is_not_theirs(world: Any, login: Any) -> None:
    new = invite_staff(world, "someone@example.com")
    client = login(world.outsider)
    for method in ("get", "post"):
        response = getattr(client, method)(accept_url(new))
        body = response.content.decode()
        assert response.status_code == 404
        assert "for another address" in body
        assert "Alpha" not in body and "someone@example.com" not in body
    assert Invitation.objects.get(pk=new.invitation.pk).status == InvitationStatus.PENDING
    assert not Membership.objects.filter(workspace=world.ws_a, user=world.outsider).exists()


@pytest.mark.parametrize("how", ["unknown", "expired", "revoked", "used"])
def test_it_answers_one_404_page_for_a_link_that_no_longer_works(world: Any, login: Any, how: str) -> None:
    new = invite_staff(world, world.outsider.email)
    token = new.token
    if how == "unknown":
        token = "x" * 43
    elif how == "expired":
        Invitation.objects.filter(pk=new.invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    elif how == "revoked":
        services.invitation_revoke(
            workspace=world.ws_a, actor_membership=world.memberships["admin"], invitation=new.invitation
        )
    else:
        services.invitation_accept(invitation=new.invitation, user=world.outsider)
        Membership.objects.filter(workspace=world.ws_a, user=world.outsider).delete()
    url = _url("accounts:invitation_accept", token=token)
    for client in (HttpClient(), login(world.outsider)):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 404
            body = response.content.decode()
            assert "no longer works" in body and "Alpha" not in body
    assert not Membership.objects.filter(workspace=world.ws_a, user=world.outsider).exists()


def test_it_sends_an_anonymous_visitor_with_an_account_to_log_in_as_the_invited_address(world: Any) -> None:
    new = invite_staff(world, world.outsider.email)
    client = HttpClient()
    response = client.get(accept_url(new))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login") + "?next=")
    assert client.post(accept_url(new)).status_code == 302  # nor accepts without logging in
    assert not Membership.objects.filter(workspace=world.ws_a, user=world.outsider).exists()
    page = client.get(response.url)
    assert f"Log in as {world.outsider.email}" in page.content.decode()
    logged_in = client.post(
        reverse("accounts:login"), {"email": world.outsider.email, "password": PASSWORD, "next": accept_url(new)}
    )
    assert logged_in.status_code == 302 and logged_in.url == accept_url(new)
    assert client.post(accept_url(new)).status_code == 302
    assert Membership.objects.filter(workspace=world.ws_a, user=world.outsider).exists()


def test_it_lets_a_new_person_choose_a_password_and_accept(world: Any) -> None:
    new = services.portal_invitation_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a2,
        email="Carla@A2.example",
        role="executive",
        full_name="Carla",
    )
    client = HttpClient()
    page = client.get(accept_url(new))
    body = page.content.decode()
    assert page.status_code == 200
    assert world.client_a2.name in body and "Alpha vCIO" in body and 'value="Carla"' in body
    assert not get_user_model().objects.filter(email__iexact="carla@a2.example").exists()
    bad = client.post(
        accept_url(new),
        {"full_name": "Carla Fo", "password1": "a long passphrase 42", "password2": "something else 42"},
    )
    assert bad.status_code == 422
    assert not get_user_model().objects.filter(email__iexact="carla@a2.example").exists()
    response = client.post(
        accept_url(new),
        {"full_name": "Carla Fo", "password1": "a long passphrase 42", "password2": "a long passphrase 42"},
    )
    assert response.status_code == 302
    assert response.url == reverse("portal:portal_client", kwargs={"client_id": world.client_a2.pk})
    user = get_user_model().objects.get(email="carla@a2.example")
    assert user.full_name == "Carla Fo" and user.check_password("a long passphrase 42")
    assert ClientMembership.objects.get(user=user).client == world.client_a2
    assert client.get(reverse("portal:portal_client", kwargs={"client_id": world.client_a2.pk})).status_code == 200


def test_it_refuses_a_weak_password(world: Any) -> None:
    new = invite_staff(world, "fresh@example.com")
    response = HttpClient().post(accept_url(new), {"password1": "123", "password2": "123"})
    assert response.status_code == 422
    assert not get_user_model().objects.filter(email="fresh@example.com").exists()


def test_it_folds_the_first_password_into_the_invitation(world: Any) -> None:
    """An account that never had a password (made before invitations) chooses one through its link."""
    person = get_user_model().objects.create_user(email="waiting@example.com", password=None)
    new = invite_staff(world, person.email)
    client = HttpClient()
    assert client.get(accept_url(new)).status_code == 200
    response = client.post(
        accept_url(new),
        {"full_name": "Wai Ting", "password1": "a long passphrase 42", "password2": "a long passphrase 42"},
    )
    assert response.status_code == 302 and response.url == reverse("core:dashboard")
    person.refresh_from_db()
    assert person.check_password("a long passphrase 42")
    assert Membership.objects.filter(workspace=world.ws_a, user=person).exists()
    assert client.session[SESSION_KEY] == world.ws_a.pk


def test_it_keeps_the_password_reset_as_it_is(world: Any) -> None:
    response = HttpClient().post(reverse("accounts:password_reset"), {"email": world.viewer.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "/accounts/password/reset/" in mail.outbox[0].body


def test_it_refuses_acceptance_by_someone_who_became_staff_meanwhile(world: Any, login: Any) -> None:
    person = UserFactory(email="both@example.com")
    new = services.portal_invitation_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a2, email=person.email, role="executive"
    )
    services.membership_add(
        workspace=world.ws_a, actor_membership=world.memberships["owner"], email=person.email, role="viewer"
    )
    response = login(person).post(accept_url(new))
    assert response.status_code == 422
    assert "cannot be both staff and a portal user" in response.content.decode()
    assert not ClientMembership.objects.filter(user=person).exists()


def test_it_lets_an_accepted_staff_member_use_the_workspace(world: Any, login: Any) -> None:
    new = invite_staff(world, world.outsider.email, role="viewer")
    client = login(world.outsider)
    assert client.get(_url("tenancy:client_detail", client_id=world.client_a1.pk)).status_code == 404
    client.post(accept_url(new))
    assert client.get(_url("tenancy:client_detail", client_id=world.client_a1.pk)).status_code == 200


def test_it_lists_open_invitations_in_a_constant_number_of_queries(world: Any, login: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.admin)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    staff = _url("tenancy:membership_list")
    portal = _url("tenancy:client_membership_list", client_id=world.client_a2.pk)
    invite_staff(world, "first@example.com")
    services.portal_invitation_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a2, email="p0@example.com", role="executive"
    )
    few = queries(staff), queries(portal)
    for i in range(1, 20):
        services.staff_invitation_create(
            workspace=world.ws_a,
            actor_membership=world.memberships["owner" if i % 2 else "admin"],
            email=f"s{i}@example.com",
            role="viewer",
        )
        services.portal_invitation_create(
            workspace=world.ws_a, actor=world.vcio, client=world.client_a2, email=f"p{i}@example.com", role="executive"
        )
    assert (queries(staff), queries(portal)) == few

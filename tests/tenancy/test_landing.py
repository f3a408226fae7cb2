"""Where a user lands after logging in: the workspace they last chose (switching, or accepting an invitation)
while they are still a member there; else the first of theirs by name. Never one someone else added them to."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from sevenc.core.domain.roles import StaffRole
from sevenc.tenancy import services
from tests.factories import PASSWORD, ClientFactory, MembershipFactory, UserFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db


def log_in(user: Any) -> HttpClient:
    client = HttpClient()
    response = client.post(reverse("accounts:login"), {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def landed(user: Any) -> str:
    """Log in afresh (a new session, as on another day) and name the workspace the dashboard shows."""
    response = log_in(user).get(reverse("core:dashboard"))
    assert response.status_code == 200
    return response.context["current_workspace"].name


@pytest.fixture
def two_cos(db: Any) -> Any:
    a_co = WorkspaceFactory(name="A-Co")
    b_co = WorkspaceFactory(name="B-Co")
    a_owner = MembershipFactory(workspace=a_co, user=UserFactory(email="owner@a-co.example"), role=StaffRole.OWNER)
    person = UserFactory(email="pat@example.com")
    MembershipFactory(workspace=b_co, user=person, role=StaffRole.VCIO)
    return a_co, b_co, a_owner, person


def test_it_lands_where_the_user_chose_never_where_they_were_invited(two_cos: Any) -> None:
    a_co, b_co, a_owner, person = two_cos
    a_secret = ClientFactory(workspace=a_co, name="A-Co's secret client")
    assert landed(person) == "B-Co"

    new = services.staff_invitation_create(workspace=a_co, actor_membership=a_owner, email=person.email, role="viewer")
    assert landed(person) == "B-Co"  # invited, not yet accepted
    client = log_in(person)
    assert client.get(reverse("tenancy:client_detail", kwargs={"client_id": a_secret.pk})).status_code == 404
    switched = client.post(reverse("accounts:workspace_switch"), {"workspace": a_co.pk})
    assert switched.status_code == 404  # not a member of A-Co: nothing to switch to

    assert client.post(reverse("accounts:invitation_accept", kwargs={"token": new.token})).status_code == 302
    assert landed(person) == "A-Co"  # accepting is choosing

    client = log_in(person)
    assert client.post(reverse("accounts:workspace_switch"), {"workspace": b_co.pk}).status_code == 302
    assert landed(person) == "B-Co"


def test_it_does_not_move_a_user_added_directly_elsewhere(two_cos: Any) -> None:
    """Even the set-up path (sevenc demo) that adds people without asking cannot change where they land."""
    a_co, b_co, a_owner, person = two_cos
    client = log_in(person)
    client.post(reverse("accounts:workspace_switch"), {"workspace": b_co.pk})
    services.membership_add(workspace=a_co, actor_membership=a_owner, email=person.email, role="viewer")
    assert landed(person) == "B-Co"


def test_it_falls_back_to_the_first_workspace_by_name_when_the_chosen_one_is_gone(two_cos: Any) -> None:
    a_co, b_co, a_owner, person = two_cos
    MembershipFactory(workspace=a_co, user=person, role=StaffRole.VIEWER)
    c_co = WorkspaceFactory(name="C-Co")
    chosen = MembershipFactory(workspace=c_co, user=person, role=StaffRole.VIEWER)
    log_in(person).post(reverse("accounts:workspace_switch"), {"workspace": c_co.pk})
    assert landed(person) == "C-Co"
    chosen.delete()
    assert landed(person) == "A-Co"


def test_it_keeps_the_choice_of_this_session_over_the_remembered_one(two_cos: Any) -> None:
    a_co, b_co, a_owner, person = two_cos
    MembershipFactory(workspace=a_co, user=person, role=StaffRole.VIEWER)
    first = log_in(person)
    first.post(reverse("accounts:workspace_switch"), {"workspace": b_co.pk})
    second = log_in(person)
    second.post(reverse("accounts:workspace_switch"), {"workspace": a_co.pk})
    assert first.get(reverse("core:dashboard")).context["current_workspace"] == b_co
    assert second.get(reverse("core:dashboard")).context["current_workspace"] == a_co

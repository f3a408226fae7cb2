"""The portal questionnaire: a client's invited person answers blind; nothing internal ever shows."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sevenc.assessments import services
from sevenc.assessments.models import Assessment
from sevenc.assessments.services import AnswerChange
from sevenc.assessments.workshops import services as workshop
from sevenc.assessments.workshops.models import Respondent, Response
from sevenc.assessments.workshops.services import ResponseChange
from sevenc.core.domain.roles import ClientRole
from tests.assessments.factories import AssessmentFactory
from tests.factories import ClientMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

FIRST = "continuous.backup-management-implementation.01"
NOTE = "Internal-9d2: client will not pay for offsite"


@pytest.fixture
def draft(world: Any) -> Assessment:
    assessment = AssessmentFactory(client=world.client_a1, actor=world.vcio, title="Workshop Q3", period="")
    services.answer_set(
        workspace=world.ws_a,
        actor=world.vcio,
        assessment=assessment,
        change=AnswerChange(FIRST, 1, state="level", level=1, note=NOTE),
    )
    return assessment


def _invite(world: Any, assessment: Assessment, user: Any) -> Respondent:
    return workshop.respondent_invite(workspace=world.ws_a, actor=world.vcio, assessment=assessment, user=user)


def _url(world: Any, respondent: Respondent, client: Any = None) -> str:
    return reverse(
        "portal:questionnaire_detail",
        kwargs={"client_id": (client or world.client_a1).pk, "questionnaire_id": respondent.pk},
    )


def test_it_lists_the_open_questionnaire_on_the_portal_client_page(world: Any, draft: Assessment, login: Any) -> None:
    r = _invite(world, draft, world.contributor_a1)
    page = login(world.contributor_a1).get(reverse("portal:portal_client", kwargs={"client_id": world.client_a1.pk}))
    assert _url(world, r) in page.content.decode()
    other = login(world.exec_a1).get(reverse("portal:portal_client", kwargs={"client_id": world.client_a1.pk}))
    assert _url(world, r) not in other.content.decode()  # not invited: not listed


def test_it_shows_only_the_contributors_own_questionnaire_never_internal_notes(
    world: Any, draft: Assessment, login: Any
) -> None:
    mine = _invite(world, draft, world.contributor_a1)
    staff = _invite(world, draft, world.analyst)
    version = Response.objects.get(respondent=staff, practice__key=FIRST).version
    workshop.response_set(
        workspace=world.ws_a,
        actor=world.analyst,
        respondent=staff,
        change=ResponseChange(FIRST, version, state="level", level=4, comment="Staff-only-4411"),
    )
    response = login(world.contributor_a1).get(_url(world, mine))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Workshop Q3" in body
    assert NOTE not in body and "Internal-9d2" not in body
    assert "Staff-only-4411" not in body and world.analyst.email not in body
    assert "checked" not in body.split("<form", 1)[1].split("</form>")[0].replace('value="" checked', "")


def test_it_lets_the_contributor_answer_and_hand_in(world: Any, draft: Assessment, login: Any) -> None:
    r = _invite(world, draft, world.contributor_a1)
    first = Response.objects.get(respondent=r, practice__key=FIRST)
    http = login(world.contributor_a1)
    posted = {
        f"state-{first.pk}": "3",
        f"comment-{first.pk}": "we test restores",
        f"version-{first.pk}": "1",
        "submit": "1",
    }
    assert http.post(_url(world, r), posted).status_code == 302
    first.refresh_from_db()
    r.refresh_from_db()
    assert (first.level, first.comment, r.submitted_at is not None) == (3, "we test restores", True)
    page = http.get(_url(world, r)).content.decode()
    assert "Handed in" in page and "disabled" in page


@pytest.mark.parametrize("persona", ["exec_a1", "exec_a2", "outsider", "analyst"])
def test_it_answers_404_to_anyone_but_the_respondent(world: Any, draft: Assessment, login: Any, persona: str) -> None:
    r = _invite(world, draft, world.contributor_a1)
    http = login(getattr(world, persona))
    assert http.get(_url(world, r)).status_code == 404
    assert http.post(_url(world, r), {"submit": "1"}).status_code == 404
    r.refresh_from_db()
    assert r.submitted_at is None


def test_it_answers_404_for_another_clients_contributor_even_under_their_own_client(
    world: Any, draft: Assessment, login: Any
) -> None:
    r = _invite(world, draft, world.contributor_a1)
    a2_contributor = ClientMembershipFactory(
        client=world.client_a2, role=ClientRole.CONTRIBUTOR, user=UserFactory(email="office@a2.example")
    ).user
    http = login(a2_contributor)
    assert http.get(_url(world, r, client=world.client_a2)).status_code == 404
    assert http.get(_url(world, r)).status_code == 404

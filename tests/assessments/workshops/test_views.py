"""Workshop pages for staff: respondents, a staff respondent's blind questionnaire, the consolidated view."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sevenc.assessments import services
from sevenc.assessments.models import Answer, Assessment
from sevenc.assessments.services import AnswerChange
from sevenc.assessments.workshops import services as workshop
from sevenc.assessments.workshops.models import Respondent, Response
from sevenc.assessments.workshops.services import ResponseChange

pytestmark = pytest.mark.django_db

FIRST = "continuous.backup-management-implementation.01"
SECOND = "continuous.backup-management-implementation.02"
NOTE = "Internal-7c1: the backup vendor is overcharging"


@pytest.fixture
def draft(world: Any, draft: Assessment) -> Assessment:
    """The shared draft, with an internal note on the first practice."""
    services.answer_set(
        workspace=world.ws_a, actor=world.vcio, assessment=draft, change=AnswerChange(FIRST, 1, note=NOTE)
    )
    return draft


def _invite(world: Any, assessment: Assessment, user: Any) -> Respondent:
    return workshop.respondent_invite(workspace=world.ws_a, actor=world.vcio, assessment=assessment, user=user)


def _set(world: Any, r: Respondent, key: str, level: int) -> None:
    version = Response.objects.get(respondent=r, practice__key=key).version
    workshop.response_set(
        workspace=world.ws_a,
        actor=r.user,
        respondent=r,
        change=ResponseChange(key, version, state="level", level=level),
    )


def _url(name: str, assessment: Assessment, **kw: Any) -> str:
    return reverse(f"assessments:{name}", kwargs={"assessment_id": assessment.pk, **kw})


def test_it_lists_respondents_and_invites_a_staff_member_and_a_portal_user(
    world: Any, draft: Assessment, login: Any
) -> None:
    http = login(world.vcio)
    page = http.get(_url("respondent_list", draft)).content.decode()
    assert world.contributor_a1.email in page and world.analyst.email in page  # offered
    assert world.exec_a2.email not in page  # another client's user is never offered
    assert http.post(_url("respondent_list", draft), {"user": world.contributor_a1.pk}).status_code == 302
    assert http.post(_url("respondent_list", draft), {"user": world.analyst.pk}).status_code == 302
    assert sorted(Respondent.objects.values_list("kind", flat=True)) == ["client", "staff"]
    assert http.post(_url("respondent_list", draft), {"user": world.exec_a2.pk}).status_code == 422
    assert Respondent.objects.count() == 2


def test_it_removes_a_respondent(world: Any, draft: Assessment, login: Any) -> None:
    r = _invite(world, draft, world.analyst)
    response = login(world.vcio).post(_url("respondent_remove", draft, respondent_id=r.pk))
    assert response.status_code == 302
    assert not Respondent.objects.exists()


def test_it_lets_an_analyst_look_but_not_invite(world: Any, draft: Assessment, login: Any) -> None:
    http = login(world.analyst)
    assert http.get(_url("respondent_list", draft)).status_code == 200
    assert http.post(_url("respondent_list", draft), {"user": world.analyst.pk}).status_code == 403


def test_it_shows_a_staff_respondent_only_their_own_answers(world: Any, draft: Assessment, login: Any) -> None:
    mine, other = _invite(world, draft, world.analyst), _invite(world, draft, world.exec_a1)
    _set(world, other, FIRST, 5)
    page = login(world.analyst).get(_url("questionnaire_answer", draft)).content.decode()
    assert "Backup" in page or "backup" in page
    assert NOTE not in page
    assert world.exec_a1.email not in page
    assert 'value="5" checked' not in page  # the other respondent's answer
    response = Response.objects.get(respondent=mine, practice__key=FIRST)
    assert f'name="state-{response.pk}"' in page


def test_it_saves_and_hands_in_a_staff_questionnaire_without_javascript(
    world: Any, draft: Assessment, login: Any
) -> None:
    r = _invite(world, draft, world.analyst)
    first = Response.objects.get(respondent=r, practice__key=FIRST)
    http = login(world.analyst)
    posted = {f"state-{first.pk}": "2", f"comment-{first.pk}": "tested once", f"version-{first.pk}": "1"}
    assert http.post(_url("questionnaire_answer", draft), posted).status_code == 302
    first.refresh_from_db()
    assert (first.level, first.comment, first.version) == (2, "tested once", 2)
    stale = http.post(_url("questionnaire_answer", draft), {**posted, f"state-{first.pk}": "3"})
    assert stale.status_code == 409
    assert http.post(_url("questionnaire_answer", draft), {"submit": "1"}).status_code == 302
    r.refresh_from_db()
    assert r.submitted_at is not None
    assert http.post(_url("questionnaire_answer", draft), {**posted, f"version-{first.pk}": "2"}).status_code == 409


def test_it_answers_404_to_staff_who_were_not_invited(world: Any, draft: Assessment, login: Any) -> None:
    _invite(world, draft, world.analyst)
    assert login(world.vcio).get(_url("questionnaire_answer", draft)).status_code == 404


def test_it_consolidates_and_sets_final_values_with_a_rationale(world: Any, draft: Assessment, login: Any) -> None:
    staff, boss = _invite(world, draft, world.analyst), _invite(world, draft, world.exec_a1)
    _set(world, staff, FIRST, 1)
    _set(world, boss, FIRST, 4)
    http = login(world.vcio)
    page = http.get(_url("assessment_consolidate", draft)).content.decode()
    assert "Perception gaps" in page and "disagreement" in page
    answer = Answer.objects.get(assessment=draft, practice__key=FIRST)
    second = Answer.objects.get(assessment=draft, practice__key=SECOND)
    posted = {
        f"final-{answer.pk}": "2",
        f"rationale-{answer.pk}": "Restores never tested",
        f"version-{answer.pk}": str(answer.version),
        f"final-{second.pk}": "",
        f"rationale-{second.pk}": "",
        f"version-{second.pk}": str(second.version),
    }
    assert http.post(_url("assessment_consolidate", draft), posted).status_code == 302
    answer.refresh_from_db()
    assert (answer.state, answer.level, answer.rationale, answer.note) == ("level", 2, "Restores never tested", NOTE)
    second.refresh_from_db()
    assert second.version == 1  # untouched rows are not written
    stale = http.post(_url("assessment_consolidate", draft), {**posted, f"final-{answer.pk}": "4"})
    assert stale.status_code == 409  # the version posted is no longer the answer's


def test_it_refuses_consolidating_for_an_analyst(world: Any, draft: Assessment, login: Any) -> None:
    answer = Answer.objects.get(assessment=draft, practice__key=FIRST)
    http = login(world.analyst)
    assert http.get(_url("assessment_consolidate", draft)).status_code == 200
    response = http.post(
        _url("assessment_consolidate", draft), {f"final-{answer.pk}": "3", f"version-{answer.pk}": str(answer.version)}
    )
    assert response.status_code == 403


def test_it_shows_a_final_assessments_consolidation_read_only(world: Any, draft: Assessment, login: Any) -> None:
    draft.refresh_from_db()
    services.assessment_finalise(workspace=world.ws_a, actor=world.vcio, assessment=draft, version=draft.version)
    page = login(world.vcio).get(_url("assessment_consolidate", draft)).content.decode()
    assert "<select" not in page

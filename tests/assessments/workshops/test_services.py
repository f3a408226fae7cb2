"""Workshop services: who may be invited, blind answering with versions, submitting, consolidating."""

from __future__ import annotations

from typing import Any

import pytest

from sevenc.assessments import services
from sevenc.assessments.models import Answer, Assessment
from sevenc.assessments.services import AnswerChange, FinalAssessmentError
from sevenc.assessments.workshops import selectors as workshop_selectors
from sevenc.assessments.workshops import services as workshop
from sevenc.assessments.workshops.models import Respondent, Response
from sevenc.assessments.workshops.services import Decision, ResponseChange, SubmittedError
from sevenc.core.domain.errors import ApplicationError, ConflictError, PermissionDeniedError

pytestmark = pytest.mark.django_db

FIRST = "continuous.backup-management-implementation.01"
SECOND = "continuous.backup-management-implementation.02"


def _invite(world: Any, assessment: Assessment, user: Any) -> Respondent:
    return workshop.respondent_invite(workspace=world.ws_a, actor=world.vcio, assessment=assessment, user=user)


def _answer(world: Any, respondent: Respondent, key: str, value: Any, version: int = 1) -> Response:
    change = (
        ResponseChange(key, version, state="level", level=value)
        if isinstance(value, int)
        else ResponseChange(key, version, state=value)
    )
    return workshop.response_set(workspace=world.ws_a, actor=respondent.user, respondent=respondent, change=change)


def test_it_invites_staff_and_the_clients_portal_users_with_one_response_per_practice(
    world: Any, draft: Assessment
) -> None:
    staff = _invite(world, draft, world.analyst)
    client = _invite(world, draft, world.contributor_a1)
    assert (staff.kind, client.kind) == ("staff", "client")
    assert Response.objects.filter(respondent=client).count() == 139
    assert set(Response.objects.filter(respondent=staff).values_list("state", flat=True)) == {""}


@pytest.mark.parametrize("persona", ["exec_a2", "outsider"])
def test_it_refuses_anyone_else(world: Any, draft: Assessment, persona: str) -> None:
    with pytest.raises(ApplicationError, match="neither staff"):
        _invite(world, draft, getattr(world, persona))
    assert not Respondent.objects.exists()


def test_it_refuses_a_second_invitation_and_final_assessments(world: Any, draft: Assessment) -> None:
    _invite(world, draft, world.analyst)
    with pytest.raises(ApplicationError, match="already"):
        _invite(world, draft, world.analyst)
    services.assessment_finalise(workspace=world.ws_a, actor=world.vcio, assessment=draft, version=draft.version)
    with pytest.raises(FinalAssessmentError):
        _invite(world, draft, world.exec_a1)


def test_it_refuses_an_assessment_of_another_workspace(world: Any, draft: Assessment) -> None:
    with pytest.raises(ApplicationError, match="another workspace"):
        workshop.respondent_invite(workspace=world.ws_b, actor=world.outsider, assessment=draft, user=world.outsider)


def test_it_lets_only_the_respondent_answer_with_versions(world: Any, draft: Assessment) -> None:
    r = _invite(world, draft, world.contributor_a1)
    saved = _answer(world, r, FIRST, 3)
    assert (saved.state, saved.level, saved.version) == ("level", 3, 2)
    with pytest.raises(ConflictError):
        _answer(world, r, FIRST, 4, version=1)
    with pytest.raises(PermissionDeniedError):
        workshop.response_set(
            workspace=world.ws_a, actor=world.vcio, respondent=r, change=ResponseChange(FIRST, 2, state="na")
        )
    assert Response.objects.get(respondent=r, practice__key=FIRST).level == 3


def test_it_keeps_answers_blind_from_the_assessment_and_each_other(world: Any, draft: Assessment) -> None:
    a, b = _invite(world, draft, world.analyst), _invite(world, draft, world.exec_a1)
    _answer(world, a, FIRST, 1)
    _answer(world, b, FIRST, 5)
    assert Answer.objects.get(assessment=draft, practice__key=FIRST).state == ""  # the assessment is untouched
    mine = workshop_selectors.response_list(workspace=world.ws_a, respondent=b)
    assert {r.respondent_id for r in mine} == {b.pk}


def test_it_refuses_changes_after_submitting(world: Any, draft: Assessment) -> None:
    r = _invite(world, draft, world.contributor_a1)
    _answer(world, r, FIRST, 2)
    with pytest.raises(PermissionDeniedError):
        workshop.respondent_submit(workspace=world.ws_a, actor=world.vcio, respondent=r)
    workshop.respondent_submit(workspace=world.ws_a, actor=world.contributor_a1, respondent=r)
    with pytest.raises(SubmittedError):
        _answer(world, r, SECOND, 2)
    with pytest.raises(SubmittedError):
        workshop.respondent_submit(workspace=world.ws_a, actor=world.contributor_a1, respondent=r)


def test_it_refuses_answers_once_the_assessment_is_final(world: Any, draft: Assessment) -> None:
    r = _invite(world, draft, world.analyst)
    services.assessment_finalise(workspace=world.ws_a, actor=world.vcio, assessment=draft, version=draft.version)
    r.refresh_from_db()
    with pytest.raises(FinalAssessmentError):
        _answer(world, r, FIRST, 2)
    with pytest.raises(FinalAssessmentError):
        workshop.respondent_remove(workspace=world.ws_a, actor=world.vcio, respondent=r)


def test_it_removes_a_respondent_with_their_responses(world: Any, draft: Assessment) -> None:
    r = _invite(world, draft, world.analyst)
    workshop.respondent_remove(workspace=world.ws_a, actor=world.vcio, respondent=r)
    assert not Response.objects.exists()


def test_it_consolidates_every_respondent_with_the_perception_gap(world: Any, draft: Assessment) -> None:
    staff, boss, office = (_invite(world, draft, u) for u in (world.analyst, world.exec_a1, world.contributor_a1))
    _answer(world, staff, FIRST, 1)
    _answer(world, boss, FIRST, 4)
    _answer(world, office, FIRST, 2)
    _answer(world, staff, SECOND, "na")
    _answer(world, boss, SECOND, "na")
    view = workshop_selectors.consolidated_view(workspace=world.ws_a, assessment=draft)
    first, second = view.by_key[FIRST], view.by_key[SECOND]
    assert (first.suggestion, first.disagreement, first.levels) == (2, True, (1, 2, 4))
    assert second.suggestion == "na"
    assert [(g.key, g.difference) for g in view.result.perception_gaps] == [(FIRST, 3.0)]
    assert view.cells[FIRST][office.pk].value == 2


def test_it_applies_the_decisions_with_their_rationale_all_or_nothing(world: Any, draft: Assessment) -> None:
    answers = workshop.consolidated_apply(
        workspace=world.ws_a,
        actor=world.vcio,
        assessment=draft,
        decisions=[
            Decision(FIRST, "level", 2, "Restores never tested; CEO assumed they were.", 1),
            Decision(SECOND, "na", None, "", 1),
        ],
    )
    assert [(a.state, a.level, a.version) for a in answers] == [("level", 2, 2), ("na", None, 2)]
    first = Answer.objects.get(assessment=draft, practice__key=FIRST)
    assert (first.level, first.rationale, first.answered_by) == (
        2,
        "Restores never tested; CEO assumed they were.",
        world.vcio,
    )
    with pytest.raises(ConflictError):  # the second decision is stale: the first is not written either
        workshop.consolidated_apply(
            workspace=world.ws_a,
            actor=world.vcio,
            assessment=draft,
            decisions=[Decision(FIRST, "level", 5, "changed my mind", 2), Decision(SECOND, "level", 1, "", 1)],
        )
    first.refresh_from_db()
    assert (first.level, first.rationale) == (2, "Restores never tested; CEO assumed they were.")


def test_it_refuses_to_apply_to_a_final_assessment(world: Any, draft: Assessment) -> None:
    services.answer_set(
        workspace=world.ws_a, actor=world.vcio, assessment=draft, change=AnswerChange(FIRST, 1, state="level", level=1)
    )
    services.assessment_finalise(workspace=world.ws_a, actor=world.vcio, assessment=draft, version=draft.version)
    with pytest.raises(FinalAssessmentError):
        workshop.consolidated_apply(
            workspace=world.ws_a, actor=world.vcio, assessment=draft, decisions=[Decision(FIRST, "level", 3, "", 2)]
        )


def test_it_reads_the_consolidated_view_in_constant_queries(
    world: Any, draft: Assessment, django_assert_max_num_queries: Any
) -> None:
    for user in (world.analyst, world.exec_a1, world.contributor_a1, world.vcio):
        _invite(world, draft, user)
    workshop_selectors.consolidated_view(workspace=world.ws_a, assessment=draft)  # warm the framework index
    with django_assert_max_num_queries(3):
        workshop_selectors.consolidated_view(workspace=world.ws_a, assessment=draft)

"""Assessment services: copy forward, versions, all-or-nothing batches, final means immutable."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sevenc.assessments import services
from sevenc.assessments.models import Answer, AnswerState, Assessment
from sevenc.assessments.services import AnswerChange, FinalAssessmentError
from sevenc.core.domain.errors import ApplicationError, ConflictError

pytestmark = pytest.mark.django_db

FIRST = "continuous.backup-management-implementation.01"
SECOND = "continuous.backup-management-implementation.02"


def _answer(assessment: Assessment, key: str) -> Answer:
    return Answer.objects.get(assessment=assessment, practice__key=key)


def test_it_creates_one_unanswered_answer_per_practice(draft: Assessment) -> None:
    answers = Answer.objects.filter(assessment=draft)
    assert answers.count() == 139
    assert set(answers.values_list("state", flat=True)) == {AnswerState.UNANSWERED}


def test_it_copies_answers_forward_from_a_previous_assessment(world: Any, framework: Any, draft: Assessment) -> None:
    services.answer_set(
        workspace=world.ws_a,
        actor=world.analyst,
        assessment=draft,
        change=AnswerChange(FIRST, version=1, state="level", level=4, note="tested monthly"),
    )
    services.answer_set(
        workspace=world.ws_a, actor=world.analyst, assessment=draft, change=AnswerChange(SECOND, version=1, state="na")
    )
    later = services.assessment_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        framework=framework,
        title="Q4",
        assessed_on=dt.date(2026, 12, 1),
        copy_from=draft,
    )
    first = _answer(later, FIRST)
    assert (first.state, first.level, first.note, first.version) == ("level", 4, "tested monthly", 1)
    assert _answer(later, SECOND).state == "na"
    assert later.based_on == draft


def test_it_refuses_to_copy_from_another_clients_assessment(world: Any, framework: Any, draft: Assessment) -> None:
    with pytest.raises(ApplicationError, match="same client"):
        services.assessment_create(
            workspace=world.ws_a,
            actor=world.vcio,
            client=world.client_a2,
            framework=framework,
            title="X",
            assessed_on=dt.date(2026, 12, 1),
            copy_from=draft,
        )


def test_it_validates_the_assessment_fields(world: Any, framework: Any) -> None:
    before = Assessment.objects.count()
    with pytest.raises(ApplicationError) as exc:
        services.assessment_create(
            workspace=world.ws_a,
            actor=world.vcio,
            client=world.client_a1,
            framework=framework,
            title="  ",
            assessed_on="yesterday",
        )
    assert set(exc.value.fields) == {"title", "assessed_on"}
    assert Assessment.objects.count() == before


def test_it_refuses_a_stale_answer_version_and_keeps_the_first_save(world: Any, draft: Assessment) -> None:
    services.answer_set(
        workspace=world.ws_a,
        actor=world.analyst,
        assessment=draft,
        change=AnswerChange(FIRST, version=1, state="level", level=3),
    )
    with pytest.raises(ConflictError) as exc:
        services.answer_set(
            workspace=world.ws_a,
            actor=world.vcio,
            assessment=draft,
            change=AnswerChange(FIRST, version=1, state="level", level=1),
        )
    assert exc.value.current.level == 3 and exc.value.current.version == 2
    assert _answer(draft, FIRST).level == 3


def test_it_applies_a_batch_all_or_nothing(world: Any, draft: Assessment) -> None:
    services.answer_set(
        workspace=world.ws_a,
        actor=world.analyst,
        assessment=draft,
        change=AnswerChange(SECOND, version=1, state="unknown"),
    )
    with pytest.raises(ConflictError):
        services.answers_bulk_set(
            workspace=world.ws_a,
            actor=world.vcio,
            assessment=draft,
            changes=[
                AnswerChange(FIRST, version=1, state="level", level=5),
                AnswerChange(SECOND, version=1, state="level", level=5),  # stale: SECOND is at version 2
            ],
        )
    assert _answer(draft, FIRST).state == AnswerState.UNANSWERED
    assert _answer(draft, SECOND).state == "unknown"


@pytest.mark.parametrize(
    "change, field",
    [
        (AnswerChange(FIRST, version=1, state="level", level=6), "level"),
        (AnswerChange(FIRST, version=1, state="level"), "level"),
        (AnswerChange(FIRST, version=1, state="na", level=2), "level"),
        (AnswerChange(FIRST, version=1, state="maybe"), "state"),
        (AnswerChange(FIRST, version=1, evidence_url="not a url"), "evidence_url"),
        (AnswerChange("no.such.practice", version=1, state="na"), "practice_key"),
    ],
)
def test_it_rejects_invalid_answers_and_writes_nothing(
    world: Any, draft: Assessment, change: AnswerChange, field: str
) -> None:
    with pytest.raises(ApplicationError) as exc:
        services.answer_set(workspace=world.ws_a, actor=world.vcio, assessment=draft, change=change)
    assert field in exc.value.fields
    assert _answer(draft, FIRST).version == 1


def test_it_makes_a_final_assessment_immutable(world: Any, draft: Assessment) -> None:
    services.assessment_finalise(workspace=world.ws_a, actor=world.vcio, assessment=draft, version=1)
    draft.refresh_from_db()
    assert draft.is_final and draft.finalised_by == world.vcio
    attempts = [
        lambda: services.answer_set(
            workspace=world.ws_a,
            actor=world.vcio,
            assessment=draft,
            change=AnswerChange(FIRST, version=1, state="level", level=2),
        ),
        lambda: services.answers_bulk_set(
            workspace=world.ws_a,
            actor=world.vcio,
            assessment=draft,
            changes=[AnswerChange(FIRST, version=1, state="na")],
        ),
        lambda: services.assessment_update(
            workspace=world.ws_a, actor=world.vcio, assessment=draft, version=draft.version, title="Rewritten"
        ),
        lambda: services.assessment_finalise(
            workspace=world.ws_a, actor=world.vcio, assessment=draft, version=draft.version
        ),
        lambda: services.assessment_delete(workspace=world.ws_a, actor=world.vcio, assessment=draft),
    ]
    for attempt in attempts:
        with pytest.raises(FinalAssessmentError):
            attempt()
    assert Assessment.objects.get(pk=draft.pk).title == "Q3 review"
    assert _answer(draft, FIRST).version == 1


def test_it_refuses_answers_to_a_draft_finalised_behind_the_callers_back(world: Any, draft: Assessment) -> None:
    stale_copy = Assessment.objects.get(pk=draft.pk)
    services.assessment_finalise(workspace=world.ws_a, actor=world.vcio, assessment=draft, version=1)
    with pytest.raises(FinalAssessmentError):
        services.answer_set(
            workspace=world.ws_a,
            actor=world.vcio,
            assessment=stale_copy,
            change=AnswerChange(FIRST, version=1, state="level", level=2),
        )
    assert _answer(draft, FIRST).version == 1


def test_it_refuses_another_workspaces_client(world: Any, framework: Any) -> None:
    with pytest.raises(ApplicationError, match="another workspace"):
        services.assessment_create(
            workspace=world.ws_b,
            actor=world.outsider,
            client=world.client_a1,
            framework=framework,
            title="X",
            assessed_on=dt.date(2026, 1, 1),
        )


def test_it_scores_the_portfolio_from_each_clients_latest_final_assessment(
    world: Any, framework: Any, draft: Assessment
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sevenc.assessments import selectors

    assert selectors.portfolio_scores(workspace=world.ws_a) == {}
    services.answer_set(
        workspace=world.ws_a,
        actor=world.vcio,
        assessment=draft,
        change=AnswerChange(FIRST, version=1, state="level", level=5),
    )
    services.assessment_finalise(workspace=world.ws_a, actor=world.vcio, assessment=draft, version=1)
    newer = services.assessment_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        framework=framework,
        title="draft",
        assessed_on=dt.date(2026, 12, 1),
        copy_from=draft,
    )
    services.answer_set(
        workspace=world.ws_a,
        actor=world.vcio,
        assessment=newer,
        change=AnswerChange(FIRST, version=1, state="level", level=0),
    )
    selectors.portfolio_scores(workspace=world.ws_a)  # warm the per-process framework caches
    with CaptureQueriesContext(connection) as ctx:
        scores = selectors.portfolio_scores(workspace=world.ws_a)
    assert list(scores) == [world.client_a1.pk]  # the draft does not count; client A2 has no final one
    assert scores[world.client_a1.pk].overall.score == pytest.approx(100.0)
    assert len(ctx.captured_queries) == 2
    assert selectors.portfolio_scores(workspace=world.ws_b) == {}


def test_the_portfolio_scores_as_each_assessment_scores_on_any_framework(world: Any, framework: Any) -> None:
    """Counted in the database (shipped framework: one weight per area) or from the rows (a derived version
    with a re-weighted, critical practice), the portfolio's scores are the assessment's own scores."""
    import random

    from sevenc.assessments import selectors
    from sevenc.catalog import services as catalog_services

    draft = catalog_services.framework_derive(
        workspace=world.ws_a, actor=world.admin, source=framework, version="2026.2"
    )
    catalog_services.framework_practice_update(
        workspace=world.ws_a, actor=world.admin, framework=draft, key=FIRST, weight=3, critical=True
    )
    derived = catalog_services.framework_publish(workspace=world.ws_a, actor=world.admin, framework=draft)
    rnd = random.Random(4)
    made = {}
    for client, fw in ((world.client_a1, framework), (world.client_a2, derived)):
        a = services.assessment_create(
            workspace=world.ws_a,
            actor=world.vcio,
            client=client,
            framework=fw,
            title="Q3",
            assessed_on=dt.date(2026, 9, 30),
        )
        versions = dict(a.answers.values_list("practice__key", "version"))
        changes = []
        for key, version in versions.items():
            pick = rnd.choice(["level", "level", "level", "na", "unknown", ""])
            if pick:
                changes.append(
                    AnswerChange(key, version=version, state=pick, level=rnd.randint(0, 5) if pick == "level" else None)
                )
        services.answers_bulk_set(workspace=world.ws_a, actor=world.vcio, assessment=a, changes=changes)
        a.refresh_from_db()
        services.assessment_finalise(workspace=world.ws_a, actor=world.vcio, assessment=a, version=a.version)
        made[client.pk] = a
    portfolio = selectors.portfolio_scores(workspace=world.ws_a)
    for client_pk, a in made.items():
        own = selectors.assessment_scores(workspace=world.ws_a, assessment=a)
        assert portfolio[client_pk].overall == own.overall
        assert dict(portfolio[client_pk].blocks) == dict(own.blocks)
        assert dict(portfolio[client_pk].areas) == dict(own.areas)


def test_it_fills_in_practices_the_source_assessment_lacks(world: Any, framework: Any, draft: Assessment) -> None:
    services.answer_set(
        workspace=world.ws_a,
        actor=world.vcio,
        assessment=draft,
        change=AnswerChange(SECOND, version=1, state="level", level=2, note="kept"),
    )
    Answer.objects.filter(assessment=draft, practice__key=FIRST).delete()  # e.g. a row lost to a bad import
    later = services.assessment_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        framework=framework,
        title="Q4",
        assessed_on=dt.date(2026, 12, 1),
        copy_from=draft,
    )
    assert Answer.objects.filter(assessment=later).count() == 139
    assert _answer(later, FIRST).state == AnswerState.UNANSWERED
    copied = _answer(later, SECOND)
    assert (copied.level, copied.note, copied.version, copied.workspace_id) == (2, "kept", 1, world.ws_a.pk)

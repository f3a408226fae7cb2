"""factory_boy factories for assessments. An assessment takes its workspace from its client."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from sevenc.assessments.models import Assessment
from sevenc.assessments.services import AnswerChange, answers_bulk_set, assessment_create, assessment_finalise
from sevenc.core.domain.roles import StaffRole
from tests.catalog.factories import shipped_framework
from tests.factories import ClientFactory, MembershipFactory

ANSWERING = ("actor", "level", "levels", "final")  # what the factory does after creating, not fields


class AssessmentFactory(factory.django.DjangoModelFactory):
    """An assessment made the way the pages make one (``assessment_create``: one unanswered answer per practice),
    of the shipped 7C framework unless told otherwise, in Q3 2026.

    ``level`` answers every practice at that level, ``levels`` (practice key -> level, or "na"/"unknown") the
    practices it names, in one batch; ``final=True`` then finalises it. ``actor`` creates, answers and finalises
    it: a new vCIO of the client's workspace unless given (tests pass ``world.vcio``)."""

    class Meta:
        model = Assessment

    client = factory.SubFactory(ClientFactory)
    workspace = factory.LazyAttribute(lambda o: o.client.workspace)
    framework = factory.LazyFunction(shipped_framework)
    title = "Q3 review"
    period = "2026-Q3"
    assessed_on = dt.date(2026, 9, 30)
    based_on = None
    actor = None
    level = None
    levels = None
    final = False

    @classmethod
    def _build(cls, model_class: Any, *args: Any, **kwargs: Any) -> Assessment:
        for name in ANSWERING:
            kwargs.pop(name)
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Assessment:
        actor, level, levels, final = (kwargs.pop(name) for name in ANSWERING)
        workspace = kwargs["workspace"]
        if actor is None:
            actor = MembershipFactory(workspace=workspace, role=StaffRole.VCIO).user
        assessment = assessment_create(
            workspace=workspace,
            actor=actor,
            client=kwargs["client"],
            framework=kwargs["framework"],
            title=kwargs["title"],
            period=kwargs["period"],
            assessed_on=kwargs["assessed_on"],
            copy_from=kwargs["based_on"],
        )
        versions = dict(assessment.answers.values_list("practice__key", "version"))
        wanted: dict[str, Any] = dict.fromkeys(versions, level) if level is not None else {}
        wanted |= levels or {}
        if wanted:
            answers_bulk_set(
                workspace=workspace,
                actor=actor,
                assessment=assessment,
                changes=[
                    AnswerChange(key, version=versions[key], state="level", level=value)
                    if isinstance(value, int)
                    else AnswerChange(key, version=versions[key], state=value)
                    for key, value in wanted.items()
                ],
            )
        if final:
            assessment.refresh_from_db()
            assessment_finalise(workspace=workspace, actor=actor, assessment=assessment, version=assessment.version)
        assessment.refresh_from_db()
        return assessment

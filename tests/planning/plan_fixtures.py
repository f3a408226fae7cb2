"""Shared set-up for the action-plan tests: client A1 with a final assessment and block targets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sevenc.assessments.models import Assessment
from sevenc.assessments.services import AnswerChange, answers_bulk_set, assessment_create, assessment_finalise
from sevenc.assessments.targets import services as targets
from sevenc.catalog.services import framework_load_shipped


def shipped() -> Any:
    return framework_load_shipped()[0].framework


def assessment(
    world: Any,
    *,
    client: Any = None,
    on: dt.date = dt.date(2026, 9, 30),
    levels: dict[str, int] | None = None,
    default_level: int | None = 2,
    final: bool = True,
    copy_from: Any = None,
) -> Assessment:
    """An assessment of ``client`` (A1 by default): every practice at ``default_level`` unless ``levels`` says
    otherwise, finalised unless ``final=False``."""
    framework = shipped()
    a = assessment_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=client or world.client_a1,
        framework=framework,
        title=f"ITCq {on}",
        period=f"{on.year}-Q{(on.month - 1) // 3 + 1}",
        assessed_on=on,
        copy_from=copy_from,
    )
    wanted = {p.key: default_level for p in framework.practices.all()} if default_level is not None else {}
    wanted |= levels or {}
    versions = dict(a.answers.values_list("practice__key", "version"))
    answers_bulk_set(
        workspace=world.ws_a,
        actor=world.vcio,
        assessment=a,
        changes=[AnswerChange(key, version=versions[key], state="level", level=level) for key, level in wanted.items()],
    )
    if final:
        a.refresh_from_db()
        assessment_finalise(workspace=world.ws_a, actor=world.vcio, assessment=a, version=a.version)
    a.refresh_from_db()
    return a


def block_targets(world: Any, a: Assessment, levels: dict[str, float]) -> None:
    for key, level in levels.items():
        targets.target_set(
            workspace=world.ws_a,
            actor=world.vcio,
            assessment=a,
            scope="block",
            key=key,
            level=level,
            reason="continuity",
        )


def practices_of(block: str) -> list[str]:
    return [p.key for p in shipped().practices.filter(area__block__key=block).order_by("area__position", "position")]

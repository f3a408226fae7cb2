"""Shared set-up for the action-plan tests: client A1 with a final assessment and block targets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sevenc.assessments.models import Assessment
from sevenc.assessments.targets import services as targets
from tests.assessments.factories import AssessmentFactory
from tests.catalog.factories import shipped_framework


def shipped() -> Any:
    return shipped_framework()


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
    return AssessmentFactory(
        client=client or world.client_a1,
        actor=world.vcio,
        title=f"ITCq {on}",
        period=f"{on.year}-Q{(on.month - 1) // 3 + 1}",
        assessed_on=on,
        based_on=copy_from,
        level=default_level,
        levels=levels,
        final=final,
    )


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

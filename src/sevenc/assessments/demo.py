"""A believable ITCq history for a demo client: quarterly assessments, each copied forward from the last,
with areas that improve, areas that slip back, a few Unknowns and N/As, and notes.

Deterministic: the same client name gives the same history, so `sevenc demo` twice gives one history.
Everything goes through the assessment services, like a vCIO typing it in.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sevenc.assessments import selectors, services
from sevenc.assessments.models import AnswerState
from sevenc.assessments.services import AnswerChange
from sevenc.core.domain import quarters

NOTES = [
    ("Restores tested last quarter; documented in the runbook.", True),
    ("Owner named in the responsibility matrix, but no written procedure yet.", False),
    ("Client says this is done; no evidence seen.", False),
    ("Agreed in the QBR to revisit after the ERP migration.", True),
    ("Depends on the ISP contract renewal.", False),
    ("Policy exists but is two years old.", True),
]


def quarter_ends(*, last: dt.date, count: int) -> list[dt.date]:
    """The ``count`` latest quarter-end dates on or before ``last``, oldest first."""
    quarter = quarters.of_date(last)
    ends: list[dt.date] = []
    while len(ends) < count:
        end = quarters.end(quarter)
        if end <= last:
            ends.append(end)
        quarter = quarters.add(quarter, -1)
    return ends[::-1]


def _period(day: dt.date) -> str:
    return quarters.of_date(day)


def demo_history(
    *, workspace: Any, actor: Any, client: Any, framework: Any, today: dt.date, draft_latest: bool = False
) -> int:
    """Give ``client`` 4–8 quarterly assessments if it has none; returns how many were created."""
    if selectors.assessment_list(workspace=workspace, client=client).exists():
        demo_targets(workspace=workspace, actor=actor, client=client, today=today)
        return 0
    rng = random.Random(f"sevenc-demo:{client.name}")
    index = selectors.framework_index(framework_id=framework.pk)
    tree = index.tree
    count = rng.randint(4, 8)
    base = rng.uniform(0.8, 2.4)  # how mature the client was at the start
    trend = {a.key: rng.choice([1.0, 0.6, 0.6, 0.2, 0.0, -0.5]) for a in tree.areas}  # per-area direction
    levels: dict[str, int] = {}
    for p in tree.practices:
        levels[p.key] = max(0, min(5, round(rng.gauss(base, 1.0))))
    unknown = set(rng.sample([p.key for p in tree.practices], k=12))
    not_applicable = set(rng.sample([p.key for p in tree.practices], k=3))
    previous = None
    for number, day in enumerate(quarter_ends(last=today, count=count), 1):
        assessment = services.assessment_create(
            workspace=workspace,
            actor=actor,
            client=client,
            framework=framework,
            title=f"ITCq {_period(day)}",
            period=_period(day),
            assessed_on=day,
            copy_from=previous,
        )
        current = {a.practice.key: a for a in selectors.answer_list(workspace=workspace, assessment=assessment)}
        changes = []
        for p in tree.practices:
            answer = current[p.key]
            if number > 1:
                direction = trend[p.area_key]
                if direction > 0 and rng.random() < 0.35 * direction:
                    levels[p.key] = min(5, levels[p.key] + 1)
                elif direction < 0 and rng.random() < 0.3:
                    levels[p.key] = max(0, levels[p.key] - 1)
                if p.key in unknown and rng.random() < 0.5:
                    unknown.discard(p.key)  # found out since
            if p.key in not_applicable:
                state, level = AnswerState.NA.value, None
            elif p.key in unknown:
                state, level = AnswerState.UNKNOWN.value, None
            else:
                state, level = AnswerState.LEVEL.value, levels[p.key]
            note = shared = None
            if number == 1 and rng.random() < 0.08:
                note, shared = rng.choice(NOTES)
            if (answer.state, answer.level) != (state, level) or note is not None:
                changes.append(
                    AnswerChange(p.key, version=answer.version, state=state, level=level, note=note, note_shared=shared)
                )
        if changes:
            services.answers_bulk_set(workspace=workspace, actor=actor, assessment=assessment, changes=changes)
        is_latest = number == count
        if not (is_latest and draft_latest):
            assessment.refresh_from_db(fields=["version"])
            services.assessment_finalise(
                workspace=workspace, actor=actor, assessment=assessment, version=assessment.version
            )
        previous = assessment
    demo_targets(workspace=workspace, actor=actor, client=client, today=today)
    return count


AREA_GOALS = [
    ("continuity", "A day without the ERP costs more than the whole IT budget of a month."),
    ("lower_cost", "Fewer incidents means fewer hours billed for firefighting."),
    ("more_revenue", "Sales wants customer data they can trust for the new web shop."),
    ("compliance", "The insurer asks for it at the next renewal."),
]


def demo_targets(*, workspace: Any, actor: Any, client: Any, today: dt.date) -> int:
    """Targets from a goal-setting workshop on the client's latest final assessment: one per block (a level
    or so above where it stands, some blocks weighted up) and a few area targets with reasons and dates. Only
    when that assessment has no targets yet; a newer draft copied from it before the workshop gets them too.
    Returns how many targets were set."""
    from sevenc.assessments.targets import selectors as target_selectors
    from sevenc.assessments.targets import services as targets

    final = selectors.assessment_list(workspace=workspace, client=client, status="final").first()
    if final is None or target_selectors.target_list(workspace=workspace, assessment=final).exists():
        return 0
    rng = random.Random(f"sevenc-demo-targets:{client.name}")
    index = selectors.framework_index(framework_id=final.framework_id)
    scores = selectors.assessment_scores(workspace=workspace, assessment=final)
    count = 0
    for b in index.tree.blocks:
        current = (scores.blocks[b.key].score or 0.0) / 20
        level = min(5.0, max(2.0, round((current + rng.choice([0.5, 1.0, 1.0, 1.5])) * 2) / 2))
        targets.target_set(
            workspace=workspace,
            actor=actor,
            assessment=final,
            scope="block",
            key=b.key,
            level=level,
            importance=rng.choice([None, None, 1.5, 2.0]),
        )
        count += 1
    weakest = sorted(
        (a for a in index.tree.areas if scores.areas[a.key].score is not None),
        key=lambda a: scores.areas[a.key].score or 0.0,
    )[: len(AREA_GOALS)]
    for n, (area, (reason, why)) in enumerate(zip(weakest, AREA_GOALS, strict=False)):
        current = (scores.areas[area.key].score or 0.0) / 20
        targets.target_set(
            workspace=workspace,
            actor=actor,
            assessment=final,
            scope="area",
            key=area.key,
            level=min(5.0, round(current * 2) / 2 + 1.5),
            reason=reason,
            reason_note=why,
            target_date=dt.date(today.year + 1, 3 * (n % 4) + 3, 28),
        )
        count += 1
    for later in selectors.assessment_list(workspace=workspace, client=client, status="draft"):
        if (
            later.based_on_id == final.pk
            and not target_selectors.target_list(workspace=workspace, assessment=later).exists()
        ):
            targets.targets_copy(from_assessment=final, to_assessment=later)
    return count

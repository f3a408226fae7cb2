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
    year, quarter = last.year, (last.month - 1) // 3 + 1
    ends: list[dt.date] = []
    while len(ends) < count:
        month = quarter * 3
        end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        if end <= last:
            ends.append(end)
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return ends[::-1]


def _period(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def demo_history(*, workspace: Any, actor: Any, client: Any, framework: Any, today: dt.date,
                 draft_latest: bool = False) -> int:
    """Give ``client`` 4–8 quarterly assessments if it has none; returns how many were created."""
    if selectors.assessment_list(workspace=workspace, client=client).exists():
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
            workspace=workspace, actor=actor, client=client, framework=framework,
            title=f"ITCq {_period(day)}", period=_period(day), assessed_on=day, copy_from=previous)
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
                changes.append(AnswerChange(p.key, version=answer.version, state=state, level=level, note=note,
                                            note_shared=shared))
        if changes:
            services.answers_bulk_set(workspace=workspace, actor=actor, assessment=assessment, changes=changes)
        is_latest = number == count
        if not (is_latest and draft_latest):
            assessment.refresh_from_db(fields=["version"])
            services.assessment_finalise(workspace=workspace, actor=actor, assessment=assessment,
                                         version=assessment.version)
        previous = assessment
    return count

"""A believable ITCq history for a demo client: quarterly assessments, each copied forward from the last,
with areas that improve, areas that slip back, a few Unknowns and N/As, and notes.

Deterministic: the same client name gives the same history, so `sevenc demo` twice gives one history.
Everything goes through the assessment services, like a vCIO typing it in.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from sevenc.assessments import selectors, services
from sevenc.assessments.models import AnswerState
from sevenc.assessments.services import AnswerChange
from sevenc.core.domain import quarters


@dataclass(frozen=True)
class DemoNote:
    """A note a vCIO writes beside one practice: the text, whether the client sees it, and the levels it fits."""

    text: str
    shared: bool
    levels: range


IN_PLACE, WIDELY, MOSTLY, PARTLY, MISSING = range(2, 6), range(2, 5), range(1, 5), range(1, 4), range(0, 4)

# Notes by area and practice number, each written for the practice it stands on. A client's first assessment
# draws a few of them, each once, among its practices at a level the note fits (what is in place needs a level
# of 2 or more, what is missing 3 or less); later assessments carry a note forward while its level still fits.
NOTES: dict[str, dict[str, DemoNote]] = {
    "continuous.backup-management-implementation": {
        "02": DemoNote("Nightly backups run; the job report is read weekly.", True, IN_PLACE),
        "04": DemoNote("Restores tested last quarter; documented in the runbook.", True, IN_PLACE),
        "05": DemoNote("Offsite copy goes to a second region of the cloud.", True, IN_PLACE),
    },
    "continuous.disaster-recovery-plan-implementation": {
        "03": DemoNote("Plan drafted, not yet walked through with the CEO.", False, MISSING),
        "05": DemoNote("No DR test since the server move; book one.", False, MISSING),
    },
    "continuous.it-security-best-practices-implementation": {
        "01": DemoNote("Security policy exists but is two years old.", True, PARTLY),
        "03": DemoNote("Leavers are removed by hand; a few accounts linger.", False, MISSING),
        "05": DemoNote("Password manager rolled out to the office staff only.", True, PARTLY),
    },
    "continuous.basic-it-security-management-implementation": {
        "01": DemoNote("Company phones enrolled; personal ones are not.", True, MOSTLY),
        "03": DemoNote("MFA on email; not yet on the VPN.", False, PARTLY),
    },
    "competent.managed-service-implementation": {
        "01": DemoNote("RMM agent on all servers and 9 in 10 laptops.", False, WIDELY),
        "06": DemoNote("Asset list kept in a spreadsheet; last updated in spring.", False, MISSING),
    },
    "competent.uptime-extension-services-implementation": {
        "03": DemoNote("Server patches go out monthly in the maintenance window.", True, IN_PLACE),
        "05": DemoNote("Five laptops are past their replacement date.", True, MISSING),
    },
    "charged.managed-service-implementation": {
        "03": DemoNote("SLA agreed in the contract; response times reported monthly.", True, IN_PLACE),
    },
    "charged.proactive-services-implementation": {
        "05": DemoNote("QBRs held twice last year; aim for all four.", True, PARTLY),
    },
    "charged.responsibility-matrix-implementation": {
        "05": DemoNote("Matrix not yet attached to the MSP contract.", False, MISSING),
    },
    "conscious.it-strategy-planning-retreat": {
        "01": DemoNote("Agreed in the QBR to hold the strategy day after the ERP migration.", True, MISSING),
    },
    "conscious.it-operational-planning": {
        "01": DemoNote("IT budget set by last year's spend plus ten per cent.", False, MISSING),
    },
    "conscious.it-strategy-execution-management-implementation": {
        "02": DemoNote("Monthly check-in happens when someone asks.", False, MISSING),
    },
    "controlled.it-audits-implementation": {
        "01": DemoNote("The insurer asked for an outside audit at renewal.", True, MISSING),
    },
    "controlled.it-organization-best-practices-implementation": {
        "02": DemoNote("Admin guide in the wiki; half the pages are stale.", False, PARTLY),
    },
    "clear.it-reporting-practice-implementation": {
        "02": DemoNote("Monthly infrastructure report sent; nobody reads it yet.", False, PARTLY),
    },
    "clear.internal-sla-implementation": {
        "01": DemoNote("Client says this is done; no written SLA seen.", False, MISSING),
    },
    "clear.vendor-management-implementation": {
        "02": DemoNote("Depends on the ISP contract renewal in March.", False, MISSING),
        "05": DemoNote("Printer lease runs out next year; quotes requested.", True, MISSING),
    },
    "cost-effective.it-budget-management-services-implementation": {
        "02": DemoNote("Actuals tracked by the office manager in a sheet.", False, PARTLY),
    },
    "cost-effective.it-procurement-management-implementation": {
        "01": DemoNote("Purchases above the agreed limit need the CFO's sign-off.", True, IN_PLACE),
        "03": DemoNote("Licence count checked against users each quarter.", True, IN_PLACE),
    },
}
NOTES_PER_CLIENT = 9


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
    """Give ``client`` 4–8 quarterly assessments if it has none; returns how many were created. With
    ``draft_latest`` the latest stays a draft with only the first half of its practices answered (the rest
    cleared), for trying the grid on."""
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
    notes = {f"{area}.{number}": note for area, by_number in NOTES.items() for number, note in by_number.items()}
    fitting = sorted(
        key
        for key, note in notes.items()
        if key in levels and key not in unknown | not_applicable and levels[key] in note.levels
    )
    noted = set(rng.sample(fitting, k=min(NOTES_PER_CLIENT, len(fitting))))
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
        half_done = draft_latest and number == count  # the draft to try the grid on: its first half answered
        for position, p in enumerate(tree.practices):
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
            if half_done and position >= len(tree.practices) // 2:
                state, level = AnswerState.UNANSWERED.value, None
            note = shared = None
            if p.key in noted:
                fits = state == AnswerState.LEVEL.value and level in notes[p.key].levels
                if number == 1:
                    note, shared = notes[p.key].text, notes[p.key].shared
                elif not fits:  # the practice moved on: the vCIO takes the note out, for good
                    note = ""
                    noted.discard(p.key)
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

"""The demo's ITCq history: quarterly, copied forward, with areas that improve and areas that slip."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sevenc.assessments import selectors
from sevenc.assessments.demo import quarter_ends
from sevenc.demo import demo_load
from sevenc.tenancy.selectors import client_list

pytestmark = pytest.mark.django_db


def test_it_lists_quarter_ends_oldest_first() -> None:
    assert quarter_ends(last=dt.date(2026, 11, 26), count=3) == [
        dt.date(2026, 3, 31),
        dt.date(2026, 6, 30),
        dt.date(2026, 9, 30),
    ]
    assert quarter_ends(last=dt.date(2026, 12, 31), count=1) == [dt.date(2026, 12, 31)]


def test_it_gives_every_demo_client_a_quarterly_history(db: Any) -> None:
    workspace = demo_load().workspace
    drafts = 0
    went_down = went_up = 0
    for client in client_list(workspace=workspace):
        history = list(reversed(selectors.assessment_list(workspace=workspace, client=client)))
        assert 4 <= len(history) <= 8
        assert all(later.based_on_id == earlier.pk for earlier, later in zip(history, history[1:], strict=False))
        drafts += sum(a.status == "draft" for a in history)
        first = selectors.assessment_scores(workspace=workspace, assessment=history[0])
        last = selectors.assessment_scores(workspace=workspace, assessment=history[-1])
        for key, area in last.areas.items():
            before = first.areas[key].score
            if area.score is not None and before is not None:
                went_down += area.score < before
                went_up += area.score > before
    assert drafts == 1
    assert went_up > 0 and went_down > 0


def test_it_does_not_add_history_twice(db: Any) -> None:
    workspace = demo_load().workspace
    count = selectors.assessment_list(workspace=workspace).count()
    demo_load()
    assert selectors.assessment_list(workspace=workspace).count() == count


def test_it_sets_workshop_targets_on_each_clients_latest_final_assessment(db: Any) -> None:
    from sevenc.assessments.targets import selectors as target_selectors

    workspace = demo_load().workspace
    for client in client_list(workspace=workspace):
        final = selectors.assessment_list(workspace=workspace, client=client, status="final").first()
        found = list(target_selectors.target_list(workspace=workspace, assessment=final))
        assert sum(t.scope == "block" for t in found) == 7
        assert any(t.scope == "area" and t.reason and t.target_date for t in found)
        assert target_selectors.assessment_gaps(workspace=workspace, assessment=final).items
    count = sum(
        target_selectors.target_list(workspace=workspace, assessment=a).count()
        for a in selectors.assessment_list(workspace=workspace)
    )
    demo_load()
    assert count == sum(
        target_selectors.target_list(workspace=workspace, assessment=a).count()
        for a in selectors.assessment_list(workspace=workspace)
    )


def _one_history(world: Any, framework: Any, *, draft_latest: bool) -> list[Any]:
    from sevenc.assessments.demo import demo_history

    demo_history(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        framework=framework,
        today=dt.date(2026, 11, 26),
        draft_latest=draft_latest,
    )
    return list(reversed(selectors.assessment_list(workspace=world.ws_a, client=world.client_a1)))


def test_its_notes_fit_the_practice_they_stand_on_and_never_repeat(world: Any, framework: Any) -> None:
    from sevenc.assessments.demo import NOTES, NOTES_PER_CLIENT

    notes = {f"{area}.{number}": note for area, by_number in NOTES.items() for number, note in by_number.items()}
    assert len({note.text for note in notes.values()}) == len(notes)  # no two practices share a note
    for number, assessment in enumerate(_one_history(world, framework, draft_latest=False)):
        answers = [a for a in selectors.answer_list(workspace=world.ws_a, assessment=assessment) if a.note]
        assert (1 if number == 0 else 0) <= len(answers) <= NOTES_PER_CLIENT
        assert len({a.note for a in answers}) == len(answers)
        for a in answers:
            note = notes[a.practice.key]  # every note is the one written for its practice
            assert (a.note, a.note_shared) == (note.text, note.shared)
            assert a.state == "level" and a.level in note.levels  # a note that no longer fits is taken out


def test_its_draft_to_try_the_grid_on_is_half_answered(world: Any, framework: Any) -> None:
    history = _one_history(world, framework, draft_latest=True)
    assert [a.status for a in history][-2:] == ["final", "draft"]
    progress = selectors.assessment_scores(workspace=world.ws_a, assessment=history[-1]).progress
    assert progress.total == 139
    assert progress.answered == 139 // 2

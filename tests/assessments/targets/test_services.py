"""Targets (services and selectors): set, update, conflicts, validation that writes nothing, targets carried
forward; the gap report with importance weights; the trend in constant queries; the benchmark."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sevenc.assessments.models import Assessment
from sevenc.assessments.targets import selectors as target_selectors
from sevenc.assessments.targets import services as targets
from sevenc.assessments.targets.models import Target
from sevenc.assessments.targets.services import TargetChange, TargetConflictError
from sevenc.core.domain.errors import ApplicationError
from sevenc.core.models import ActivityEntry
from tests.assessments.factories import AssessmentFactory
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

AREA = "continuous.backup-management-implementation"


def _assessment(
    world: Any,
    framework: Any,
    *,
    client: Any = None,
    on: dt.date = dt.date(2026, 3, 31),
    copy_from: Any = None,
    levels: dict[str, int] | None = None,
    final: bool = True,
) -> Assessment:
    return AssessmentFactory(
        client=client or world.client_a1,
        actor=world.vcio,
        framework=framework,
        title=f"ITCq {on}",
        period=f"{on.year}-Q{(on.month - 1) // 3 + 1}",
        assessed_on=on,
        based_on=copy_from,
        levels=levels,
        final=final,
    )


def _practices(framework: Any, block: str) -> list[str]:
    return [p.key for p in framework.practices.filter(area__block__key=block).order_by("pk")]


def _set(world: Any, a: Assessment, scope: str = "block", key: str = "continuous", **kw: Any) -> Target:
    return targets.target_set(workspace=world.ws_a, actor=world.vcio, assessment=a, scope=scope, key=key, **kw)


def test_it_sets_a_target_on_a_final_assessment_and_records_who(world: Any, framework: Any) -> None:
    a = _assessment(world, framework)
    before = ActivityEntry.objects.count()
    t = _set(
        world,
        a,
        level=3.5,
        importance=2,
        reason="continuity",
        reason_note="ransomware",
        target_date=dt.date(2026, 12, 31),
    )
    assert (t.level, t.importance, t.reason, t.version, t.set_by) == (3.5, 2.0, "continuity", 1, world.vcio)
    assert ActivityEntry.objects.count() == before + 1
    assert "Continuous" in ActivityEntry.objects.latest("pk").summary


def test_it_updates_with_the_version_and_refuses_a_stale_one(world: Any, framework: Any) -> None:
    a = _assessment(world, framework)
    t = _set(world, a, level=3)
    updated = _set(world, a, level=4, version=t.version)
    assert (updated.level, updated.version) == (4.0, 2)
    with pytest.raises(TargetConflictError) as exc:
        _set(world, a, level=5, version=1)
    assert exc.value.status == 409 and exc.value.current.level == 4.0
    with pytest.raises(TargetConflictError):  # exists, but no version sent
        _set(world, a, level=5)
    assert Target.objects.get(pk=t.pk).level == 4.0


@pytest.mark.parametrize(
    "kw",
    [
        {"key": "no-such-block", "level": 3},
        {"scope": "area", "key": "continuous", "level": 3},  # a block key is not an area key
        {"scope": "galaxy", "level": 3},
        {"level": 5.5},
        {"level": -1},
        {"level": float("nan")},
        {"importance": -0.5},
        {"level": 3, "reason": "because"},
        {},  # neither a level nor an importance
    ],
)
def test_it_refuses_invalid_targets_and_writes_nothing(world: Any, framework: Any, kw: dict[str, Any]) -> None:
    a = _assessment(world, framework)
    before = ActivityEntry.objects.count()
    with pytest.raises(ApplicationError) as exc:
        _set(world, a, **kw)
    assert exc.value.status == 400 and exc.value.fields
    assert not Target.objects.exists()
    assert ActivityEntry.objects.count() == before


def test_it_refuses_another_workspaces_assessment(world: Any, framework: Any) -> None:
    a = _assessment(world, framework)
    with pytest.raises(ApplicationError):
        targets.target_set(
            workspace=world.ws_b, actor=world.outsider, assessment=a, scope="block", key="continuous", level=3
        )
    assert not Target.objects.exists()


def test_it_saves_a_form_all_or_nothing(world: Any, framework: Any) -> None:
    a = _assessment(world, framework)
    kept = _set(world, a, level=2)
    with pytest.raises(ApplicationError) as exc:
        targets.targets_save(
            workspace=world.ws_a,
            actor=world.vcio,
            assessment=a,
            changes=[
                TargetChange("block", "competent", level=3),
                TargetChange("block", "charged", level=9),
                TargetChange("area", "nope", level=1),
            ],
        )
    assert set(exc.value.fields) == {"block:charged", "area:nope"}
    with pytest.raises(TargetConflictError) as conflict:
        targets.targets_save(
            workspace=world.ws_a,
            actor=world.vcio,
            assessment=a,
            changes=[
                TargetChange("block", "competent", level=3),
                TargetChange("block", "continuous", level=4, version=kept.version + 5),
            ],
        )
    assert list(conflict.value.targets) == ["block:continuous"]
    assert list(Target.objects.values_list("key", "level")) == [("continuous", 2.0)]
    saved = targets.targets_save(
        workspace=world.ws_a,
        actor=world.vcio,
        assessment=a,
        changes=[
            TargetChange("block", "competent", level=3),
            TargetChange("block", "continuous", version=kept.version),  # empty: delete
        ],
    )
    assert [t.key for t in saved] == ["competent"]
    assert list(Target.objects.values_list("key", "level")) == [("competent", 3.0)]


def test_it_deletes_a_target(world: Any, framework: Any) -> None:
    a = _assessment(world, framework)
    t = _set(world, a, level=2)
    with pytest.raises(TargetConflictError):
        targets.target_delete(workspace=world.ws_a, actor=world.vcio, target=t, version=7)
    targets.target_delete(workspace=world.ws_a, actor=world.vcio, target=t, version=1)
    assert not Target.objects.exists()


def test_it_carries_targets_forward_to_the_next_assessment(world: Any, framework: Any) -> None:
    first = _assessment(world, framework)
    _set(world, first, level=4, importance=3, reason="continuity", target_date=dt.date(2027, 6, 30))
    _set(world, first, scope="area", key=AREA, level=4.5)
    second = _assessment(world, framework, on=dt.date(2026, 6, 30), copy_from=first, final=False)
    copied = {(t.scope, t.key): t for t in Target.objects.filter(assessment=second)}
    assert set(copied) == {("block", "continuous"), ("area", AREA)}
    block = copied[("block", "continuous")]
    assert (block.level, block.importance, block.reason, block.target_date, block.version) == (
        4.0,
        3.0,
        "continuity",
        dt.date(2027, 6, 30),
        1,
    )
    fresh = _assessment(world, framework, client=world.client_a2, final=False)
    assert not Target.objects.filter(assessment=fresh).exists()


def test_it_lists_gaps_worst_first_with_the_importance_weights(world: Any, framework: Any) -> None:
    levels = {k: 1 for k in _practices(framework, "continuous")} | {k: 2 for k in _practices(framework, "competent")}
    a = _assessment(world, framework, levels=levels)
    _set(world, a, key="continuous", level=2)  # gap 20 points
    _set(world, a, key="competent", level=4)  # gap 40 points
    report = target_selectors.assessment_gaps(workspace=world.ws_a, assessment=a)
    assert [r.key for r in report.rows("block")] == ["competent", "continuous"]
    # Continuous becomes 5 times as important: its weighted gap now outweighs Competent's.
    _set(world, a, key="continuous", level=2, importance=10, version=1)
    report = target_selectors.assessment_gaps(workspace=world.ws_a, assessment=a)
    rows = report.rows("block")
    assert [r.key for r in rows] == ["continuous", "competent"]
    assert rows[0].gap == pytest.approx(20) and rows[1].gap == pytest.approx(40)
    assert rows[0].weight_share == pytest.approx(10 / 16)
    analysis = target_selectors.assessment_gap_analysis(workspace=world.ws_a, assessment=a)
    assert analysis.weights is not None and analysis.weights.blocks == {"continuous": 10.0}
    assert analysis.scores.overall.score == pytest.approx((10 * 20 + 40) / 11)
    assert target_selectors.targets_for_scoring(workspace=world.ws_a, assessment=a)[0].blocks == {
        "continuous": 2.0,
        "competent": 4.0,
    }


def test_it_finds_the_previous_final_assessment(world: Any, framework: Any) -> None:
    first = _assessment(world, framework, on=dt.date(2026, 3, 31))
    second = _assessment(world, framework, on=dt.date(2026, 6, 30), copy_from=first)
    draft = _assessment(world, framework, on=dt.date(2026, 9, 30), copy_from=second, final=False)
    assert target_selectors.assessment_previous_final(workspace=world.ws_a, assessment=draft) == second
    assert target_selectors.assessment_previous_final(workspace=world.ws_a, assessment=second) == first
    assert target_selectors.assessment_previous_final(workspace=world.ws_a, assessment=first) is None


def _history(world: Any, framework: Any, client: Any, count: int) -> list[Assessment]:
    keys = _practices(framework, "continuous")
    out: list[Assessment] = []
    for i in range(count):
        on = dt.date(2020 + i // 4, (i % 4) * 3 + 3, 28)
        out.append(
            _assessment(
                world,
                framework,
                client=client,
                on=on,
                copy_from=out[-1] if out else None,
                levels={k: min(5, i) for k in keys},
            )
        )
    return out


def test_it_gives_the_trend_oldest_first_in_constant_queries(world: Any, framework: Any) -> None:
    one, six = ClientFactory(workspace=world.ws_a), ClientFactory(workspace=world.ws_a)
    _history(world, framework, one, 1)
    history = _history(world, framework, six, 6)
    _assessment(world, framework, client=six, on=dt.date(2030, 1, 1), copy_from=history[-1], final=False)
    target_selectors.client_trend(workspace=world.ws_a, client=one)  # warm the per-process framework caches
    with CaptureQueriesContext(connection) as q1:
        target_selectors.client_trend(workspace=world.ws_a, client=one)
    with CaptureQueriesContext(connection) as q6:
        trend = target_selectors.client_trend(workspace=world.ws_a, client=six)
    assert len(q1) == len(q6) <= 2
    assert [p.assessment.assessed_on for p in trend] == sorted(p.assessment.assessed_on for p in trend)
    assert [p.is_draft for p in trend] == [False] * 6 + [True]
    assert trend[-1].provisional
    assert [round(p.scores.blocks["continuous"].score or 0) for p in trend[:6]] == [0, 20, 40, 60, 80, 100]


def test_it_benchmarks_only_with_two_clients_or_more(world: Any, framework: Any) -> None:
    keys = _practices(framework, "continuous")
    _assessment(world, framework, client=world.client_a1, levels={k: 2 for k in keys})
    assert target_selectors.workspace_benchmark(workspace=world.ws_a) == {}
    _assessment(world, framework, client=world.client_a2, levels={k: 4 for k in keys})
    summary = target_selectors.workspace_benchmark_summary(workspace=world.ws_a)
    assert summary.peers == 2 and summary.norm_for(world.client_a1.pk) is None
    assert summary.quotient(world.client_a1.pk) is None
    ranks = target_selectors.workspace_benchmark(workspace=world.ws_a)
    assert ranks[world.client_a1.pk].blocks["continuous"] == 25
    assert ranks[world.client_a2.pk].blocks["continuous"] == 75

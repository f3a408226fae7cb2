"""Derived frameworks (catalog/services.py): a workspace's own version, edited as a draft, frozen on publish.

The promise under test: the shipped framework never changes, assessments keep the exact version they used, and
the scores of an old assessment are the same before and after newer versions are derived, edited and published.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from sevenc.assessments.models import Answer, AnswerState
from sevenc.assessments.selectors import assessment_scores, framework_caches_clear
from sevenc.assessments.services import assessment_create
from sevenc.catalog.domain import document
from sevenc.catalog.models import Area, Block, Framework, Practice
from sevenc.catalog.selectors import framework_get, framework_tree, framework_usable_list
from sevenc.catalog.services import (
    DraftChanges,
    ItemChange,
    PublishedFrameworkError,
    framework_area_add,
    framework_area_update,
    framework_block_update,
    framework_derive,
    framework_draft_delete,
    framework_draft_edit,
    framework_practice_add,
    framework_practice_update,
    framework_publish,
)
from sevenc.core.domain.errors import ApplicationError
from sevenc.core.models import ActivityEntry

pytestmark = pytest.mark.django_db

BLOCK = "continuous"
AREA = "continuous.backup-management-implementation"  # 7 practices
SMALL_AREA = "continuous.disaster-recovery-plan-implementation"  # 5 practices
FIRST = f"{AREA}.01"


def _derive(world: Any, source: Framework, version: str = "2026.1-alpha", **kw: Any) -> Framework:
    return framework_derive(workspace=world.ws_a, actor=world.admin, source=source, version=version, **kw)


def _structure(framework: Framework) -> list[tuple[Any, ...]]:
    """Every block, area and practice with its weight (and critical flag): what scoring reads."""
    return (
        list(Block.objects.filter(framework=framework).order_by("position").values_list("key", "weight"))
        + list(
            Area.objects.filter(framework=framework)
            .order_by("block__position", "position")
            .values_list("key", "weight", "block__key")
        )
        + list(
            Practice.objects.filter(framework=framework)
            .order_by("area__block__position", "area__position", "position")
            .values_list("key", "name", "weight", "critical", "area__key")
        )
    )


def _export(framework: Framework) -> str:
    return json.dumps(framework_tree(framework=framework), sort_keys=True, ensure_ascii=False)


def _assess(world: Any, framework: Framework, levels: dict[str, Any] | None = None, *, default: Any = 3) -> Any:
    """An assessment of client A1 on ``framework`` with every practice answered: ``levels`` by key (an int or
    "na"), else a pattern of levels 0–5 and some N/A, else ``default``."""
    assessment = assessment_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        framework=framework,
        title="ITCq",
        assessed_on=dt.date(2026, 9, 30),
    )
    for i, answer in enumerate(Answer.objects.filter(assessment=assessment).select_related("practice").order_by("pk")):
        value = (levels or {}).get(
            answer.practice.key, default if levels is not None else ("na" if i % 11 == 0 else i % 6)
        )
        if value == "na":
            answer.state, answer.level = AnswerState.NA, None
        else:
            answer.state, answer.level = AnswerState.LEVEL, value
        answer.save(update_fields=["state", "level"])
    return assessment


def _edit_everything(world: Any, draft: Framework) -> None:
    """Re-weight, mark critical, hide and add: every kind of change a draft takes."""
    kw = {"workspace": world.ws_a, "actor": world.admin, "framework": draft}
    framework_block_update(**kw, key=BLOCK, weight=3)
    framework_area_update(**kw, key=AREA, weight=0)
    framework_area_update(**kw, key=SMALL_AREA, hidden=True)
    framework_practice_update(**kw, key=FIRST, weight=2.5, critical=True)
    framework_practice_update(**kw, key=f"{AREA}.02", hidden=True)
    framework_practice_add(**kw, area_key=AREA, key="alpha.immutable-backups", name="Immutable backups")
    framework_area_add(
        **kw,
        block_key=BLOCK,
        key="alpha-cloud",
        name="Cloud resilience",
        practices=[("alpha-cloud.01", "Region failover tested")],
    )


# --- derive ------------------------------------------------------------------------------------------------------


def test_it_derives_a_draft_with_a_full_copy(world: Any, shipped: Framework) -> None:
    draft = _derive(world, shipped, name="7C, Alpha's weighting")
    assert (draft.key, draft.workspace_id, draft.based_on_id, draft.is_draft) == ("7c", world.ws_a.pk, shipped.pk, True)
    assert _structure(draft) == _structure(shipped)
    tree, source_tree = framework_tree(framework=draft), framework_tree(framework=shipped)
    assert (tree["name"], tree["version"]) == ("7C, Alpha's weighting", "2026.1-alpha")
    assert {**tree, "name": "", "version": ""} == {**source_tree, "name": "", "version": ""}
    assert ActivityEntry.objects.filter(workspace=world.ws_a, verb="derived", object_id=draft.pk).exists()


def test_it_copies_weights_and_critical_flags_from_a_published_version(world: Any, shipped: Framework) -> None:
    first = _derive(world, shipped)
    _edit_everything(world, first)
    framework_publish(workspace=world.ws_a, actor=world.admin, framework=first)
    second = _derive(world, first, version="2026.2")
    assert second.based_on_id == first.pk
    assert _structure(second) == _structure(first)


def test_it_refuses_a_version_already_taken_or_shipped(world: Any, shipped: Framework) -> None:
    _derive(world, shipped, version="mine")
    with pytest.raises(ApplicationError) as exc:
        _derive(world, shipped, version="mine")
    assert "already has version mine" in exc.value.fields["version"][0]
    with pytest.raises(ApplicationError) as exc:
        _derive(world, shipped, version=shipped.version)
    assert "is a shipped version of 7c" in exc.value.fields["version"][0]
    with pytest.raises(ApplicationError) as exc:
        _derive(world, shipped, version="  ")
    assert "version" in exc.value.fields


def test_it_refuses_to_derive_from_a_draft_or_another_workspaces_version(world: Any, shipped: Framework) -> None:
    draft = _derive(world, shipped)
    with pytest.raises(ApplicationError, match="is a draft"):
        _derive(world, draft, version="2")
    framework_publish(workspace=world.ws_a, actor=world.admin, framework=draft)
    with pytest.raises(ApplicationError, match="another workspace"):
        framework_derive(workspace=world.ws_b, actor=world.outsider, source=draft, version="b1")


# --- the promise: nothing published ever changes -------------------------------------------------------------------


def test_it_leaves_the_shipped_framework_byte_identical(world: Any, shipped: Framework) -> None:
    export, structure, checksum = _export(shipped), _structure(shipped), shipped.checksum
    draft = _derive(world, shipped)
    _edit_everything(world, draft)
    framework_publish(workspace=world.ws_a, actor=world.admin, framework=draft)
    shipped.refresh_from_db()
    assert _export(shipped) == export
    assert _structure(shipped) == structure
    assert shipped.checksum == checksum == document.checksum(framework_tree(framework=shipped))
    assert (shipped.workspace_id, shipped.is_draft) == (None, False)


def test_it_keeps_the_scores_and_framework_of_an_old_assessment(world: Any, shipped: Framework) -> None:
    old = _assess(world, shipped)
    before = assessment_scores(workspace=world.ws_a, assessment=old)
    draft = _derive(world, shipped)
    _edit_everything(world, draft)
    framework_publish(workspace=world.ws_a, actor=world.admin, framework=draft)
    newer = _derive(world, draft, version="2026.2")
    framework_practice_update(workspace=world.ws_a, actor=world.admin, framework=newer, key=FIRST, weight=0)
    framework_publish(workspace=world.ws_a, actor=world.admin, framework=newer)
    _assess(world, newer)  # an assessment on the new version changes nothing for the old one either
    old.refresh_from_db()
    assert old.framework_id == shipped.pk
    assert assessment_scores(workspace=world.ws_a, assessment=old) == before  # through the per-process cache
    framework_caches_clear()
    assert assessment_scores(workspace=world.ws_a, assessment=old) == before  # and rebuilt from the database


def test_it_keeps_an_assessment_on_a_published_derived_version(world: Any, shipped: Framework) -> None:
    published = _derive(world, shipped)
    _edit_everything(world, published)
    framework_publish(workspace=world.ws_a, actor=world.admin, framework=published)
    assessment = _assess(world, published)
    before = assessment_scores(workspace=world.ws_a, assessment=assessment)
    newer = _derive(world, published, version="2026.2")
    framework_area_update(workspace=world.ws_a, actor=world.admin, framework=newer, key=AREA, weight=5)
    framework_publish(workspace=world.ws_a, actor=world.admin, framework=newer)
    framework_caches_clear()
    assert assessment_scores(workspace=world.ws_a, assessment=assessment) == before


def test_it_refuses_every_change_to_a_published_version(world: Any, shipped: Framework) -> None:
    draft = _derive(world, shipped)
    published = framework_publish(workspace=world.ws_a, actor=world.admin, framework=draft)
    assert not published.is_draft
    assert published.checksum == document.checksum(framework_tree(framework=published))
    structure = _structure(published)
    kw = {"workspace": world.ws_a, "actor": world.admin, "framework": published}
    attempts = [
        lambda: framework_block_update(**kw, key=BLOCK, weight=2),
        lambda: framework_area_update(**kw, key=AREA, weight=2),
        lambda: framework_area_update(**kw, key=SMALL_AREA, hidden=True),
        lambda: framework_practice_update(**kw, key=FIRST, critical=True),
        lambda: framework_practice_update(**kw, key=FIRST, hidden=True),
        lambda: framework_practice_add(**kw, area_key=AREA, key="alpha.x", name="X"),
        lambda: framework_area_add(**kw, block_key=BLOCK, key="alpha-y", name="Y", practices=[("alpha-y.1", "Y")]),
        lambda: framework_draft_edit(**kw, changes=DraftChanges(blocks=[ItemChange(BLOCK, "b", weight=2)])),
        lambda: framework_publish(**kw),
        lambda: framework_draft_delete(**kw),
    ]
    for attempt in attempts:
        with pytest.raises(PublishedFrameworkError, match="published versions never change; derive a new version"):
            attempt()
    assert _structure(published) == structure
    assert Framework.objects.filter(pk=published.pk).exists()


def test_it_refuses_changes_to_shipped_and_foreign_frameworks(world: Any, shipped: Framework) -> None:
    with pytest.raises(PublishedFrameworkError, match="shipped framework and is never changed"):
        framework_practice_update(workspace=world.ws_a, actor=world.admin, framework=shipped, key=FIRST, weight=2)
    with pytest.raises(PublishedFrameworkError):
        framework_draft_delete(workspace=world.ws_a, actor=world.admin, framework=shipped)
    draft = _derive(world, shipped)
    with pytest.raises(ApplicationError, match="another workspace"):
        framework_practice_update(workspace=world.ws_b, actor=world.outsider, framework=draft, key=FIRST, weight=2)
    with pytest.raises(ApplicationError, match="another workspace"):
        framework_publish(workspace=world.ws_b, actor=world.outsider, framework=draft)
    assert Framework.objects.get(pk=draft.pk).is_draft


# --- drafts and assessments ---------------------------------------------------------------------------------------


def test_it_refuses_a_draft_for_assessments(world: Any, shipped: Framework) -> None:
    draft = _derive(world, shipped)
    with pytest.raises(ApplicationError, match="is a draft version"):
        assessment_create(
            workspace=world.ws_a,
            actor=world.vcio,
            client=world.client_a1,
            framework=draft,
            title="ITCq",
            assessed_on=dt.date(2026, 9, 30),
        )
    assert draft not in framework_usable_list(world.ws_a)
    framework_publish(workspace=world.ws_a, actor=world.admin, framework=draft)
    assert set(framework_usable_list(world.ws_a)) == {shipped, draft}
    assert list(framework_usable_list(world.ws_b)) == [shipped]


# --- editing a draft ----------------------------------------------------------------------------------------------


def test_it_refuses_to_hide_the_last_practice_of_an_area(world: Any, shipped: Framework) -> None:
    draft = _derive(world, shipped)
    kw = {"workspace": world.ws_a, "actor": world.admin, "framework": draft}
    keys = list(Practice.objects.filter(framework=draft, area__key=SMALL_AREA).values_list("key", flat=True))
    for key in keys[:-1]:
        framework_practice_update(**kw, key=key, hidden=True)
    with pytest.raises(ApplicationError, match="last practice of its area"):
        framework_practice_update(**kw, key=keys[-1], hidden=True)
    assert Practice.objects.filter(framework=draft, area__key=SMALL_AREA).count() == 1
    assert Practice.objects.filter(framework=shipped, area__key=SMALL_AREA).count() == 5


def test_it_refuses_to_hide_the_last_area_of_a_block(world: Any, shipped: Framework) -> None:
    draft = _derive(world, shipped)
    kw = {"workspace": world.ws_a, "actor": world.admin, "framework": draft}
    keys = list(Area.objects.filter(framework=draft, block__key=BLOCK).values_list("key", flat=True))
    for key in keys[:-1]:
        framework_area_update(**kw, key=key, hidden=True)
    with pytest.raises(ApplicationError, match="last area of its block"):
        framework_area_update(**kw, key=keys[-1], hidden=True)


def test_it_saves_an_editor_table_all_or_nothing(world: Any, shipped: Framework) -> None:
    draft = _derive(world, shipped)
    structure = _structure(draft)
    keys = list(Practice.objects.filter(framework=draft, area__key=SMALL_AREA).values_list("key", flat=True))
    changes = DraftChanges(
        practices=[
            ItemChange(keys[0], "p0", weight="2"),
            ItemChange(keys[1], "p1", weight="-1"),
            ItemChange(keys[2], "p2", weight="abc"),
        ]
    )
    with pytest.raises(ApplicationError) as exc:
        framework_draft_edit(workspace=world.ws_a, actor=world.admin, framework=draft, changes=changes)
    assert set(exc.value.fields) == {"p1-weight", "p2-weight"}
    remove_all = DraftChanges(practices=[ItemChange(k, f"p{i}", hidden=True) for i, k in enumerate(keys)])
    with pytest.raises(ApplicationError) as exc:
        framework_draft_edit(workspace=world.ws_a, actor=world.admin, framework=draft, changes=remove_all)
    assert "last practice of its area" in exc.value.fields[f"p{len(keys) - 1}-remove"][0]
    assert _structure(draft) == structure
    ok = DraftChanges(
        practices=[ItemChange(keys[0], "p0", weight="2", critical=True), ItemChange(keys[1], "p1", hidden=True)]
    )
    framework_draft_edit(workspace=world.ws_a, actor=world.admin, framework=draft, changes=ok)
    assert Practice.objects.get(framework=draft, key=keys[0]).weight == 2.0
    assert not Practice.objects.filter(framework=draft, key=keys[1]).exists()


@pytest.mark.parametrize("weight", [True, False, "1e400", "nan", -0.5, 1_000_001, 10**400, None])
def test_it_refuses_a_weight_the_framework_document_could_not_carry(
    world: Any, shipped: Framework, weight: Any
) -> None:
    """Every version can be exported and imported again: a weight outside the document's range is refused here."""
    draft = _derive(world, shipped)
    structure = _structure(draft)
    with pytest.raises(ApplicationError) as exc:
        framework_practice_add(
            workspace=world.ws_a,
            actor=world.admin,
            framework=draft,
            area_key=AREA,
            key=f"{AREA}.new",
            name="New",
            weight=weight,
        )
    assert exc.value.fields == {"weight": ["Enter a number from 0 to 1,000,000."]}
    if weight is not None:  # None means "keep the weight" in an update
        with pytest.raises(ApplicationError):
            framework_practice_update(
                workspace=world.ws_a, actor=world.admin, framework=draft, key=FIRST, weight=weight
            )
    assert _structure(draft) == structure
    framework_practice_update(
        workspace=world.ws_a, actor=world.admin, framework=draft, key=FIRST, weight=document.MAX_WEIGHT
    )
    assert Practice.objects.get(framework=draft, key=FIRST).weight == 1_000_000


@pytest.mark.parametrize("critical", ["false", 1, "yes"])
def test_it_refuses_a_critical_flag_that_is_not_a_boolean(world: Any, shipped: Framework, critical: Any) -> None:
    draft = _derive(world, shipped)
    with pytest.raises(ApplicationError) as exc:
        framework_practice_update(
            workspace=world.ws_a, actor=world.admin, framework=draft, key=FIRST, critical=critical
        )
    assert "critical" in exc.value.fields
    assert not Practice.objects.get(framework=draft, key=FIRST).critical


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("Upper.Case", "lower-case"),
        ("with space", "lower-case"),
        ("-leading", "lower-case"),
        ("", "required"),
        (FIRST, "already used"),
        ("x" * 141, "At most 140"),
    ],
)
def test_it_validates_new_practice_keys(world: Any, shipped: Framework, key: str, problem: str) -> None:
    draft = _derive(world, shipped)
    with pytest.raises(ApplicationError) as exc:
        framework_practice_add(
            workspace=world.ws_a, actor=world.admin, framework=draft, area_key=AREA, key=key, name="New"
        )
    assert problem in exc.value.fields["key"][0]


def test_it_validates_new_areas(world: Any, shipped: Framework) -> None:
    draft = _derive(world, shipped)
    kw = {"workspace": world.ws_a, "actor": world.admin, "framework": draft, "block_key": BLOCK, "name": "New"}
    with pytest.raises(ApplicationError) as exc:
        framework_area_add(**kw, key=AREA, practices=[("alpha-new.01", "P")])
    assert "already used" in exc.value.fields["key"][0]
    with pytest.raises(ApplicationError, match="at least one practice"):
        framework_area_add(**kw, key="alpha-new", practices=[])
    with pytest.raises(ApplicationError) as exc:
        framework_area_add(**kw, key="alpha-new", practices=[(FIRST, "P")])
    assert "already used" in exc.value.fields["practice_key"][0]
    assert not Area.objects.filter(framework=draft, key="alpha-new").exists()  # all or nothing
    area = framework_area_add(**kw, key="alpha-new", practices=[("alpha-new.01", "P"), ("alpha-new.02", "Q")])
    assert list(area.practices.values_list("key", "position")) == [("alpha-new.01", 1), ("alpha-new.02", 2)]
    assert area.position == Area.objects.filter(framework=draft, block__key=BLOCK).count()


def test_it_refuses_to_publish_a_version_where_nothing_counts(world: Any, shipped: Framework) -> None:
    draft = _derive(world, shipped)
    Block.objects.filter(framework=draft).update(weight=0)
    with pytest.raises(ApplicationError, match="weight 0"):
        framework_publish(workspace=world.ws_a, actor=world.admin, framework=draft)


def test_it_deletes_a_draft_and_nothing_else(world: Any, shipped: Framework) -> None:
    draft = _derive(world, shipped)
    framework_draft_delete(workspace=world.ws_a, actor=world.admin, framework=draft)
    assert not Framework.objects.filter(pk=draft.pk).exists()
    assert not Practice.objects.filter(framework_id=draft.pk).exists()
    assert Practice.objects.filter(framework=shipped).count() == 139
    assert ActivityEntry.objects.filter(workspace=world.ws_a, verb="deleted", object_type="framework").exists()


# --- re-weighting changes the scores of assessments on the new version, as scoring.py says ---------------------


def test_it_drops_an_area_weighted_zero_from_its_block(world: Any, shipped: Framework) -> None:
    draft = _derive(world, shipped)
    framework_area_update(workspace=world.ws_a, actor=world.admin, framework=draft, key=AREA, weight=0)
    framework_publish(workspace=world.ws_a, actor=world.admin, framework=draft)
    zero_area = {
        key: 0 for key in Practice.objects.filter(framework=draft, area__key=AREA).values_list("key", flat=True)
    }
    on_shipped = assessment_scores(workspace=world.ws_a, assessment=_assess(world, shipped, zero_area, default=5))
    on_derived = assessment_scores(workspace=world.ws_a, assessment=_assess(world, draft, zero_area, default=5))
    assert on_shipped.blocks[BLOCK].score < 100
    assert on_derived.blocks[BLOCK].score == 100  # the area at level 0 no longer counts
    assert on_derived.areas[AREA].score == 0  # it is still scored on its own
    assert on_derived.blocks["competent"] == on_shipped.blocks["competent"]


def test_it_caps_an_area_by_a_practice_marked_critical(world: Any, shipped: Framework) -> None:
    draft = _derive(world, shipped)
    framework_practice_update(workspace=world.ws_a, actor=world.admin, framework=draft, key=FIRST, critical=True)
    framework_publish(workspace=world.ws_a, actor=world.admin, framework=draft)
    answers = {FIRST: 1}
    on_shipped = assessment_scores(workspace=world.ws_a, assessment=_assess(world, shipped, answers, default=5))
    on_derived = assessment_scores(workspace=world.ws_a, assessment=_assess(world, draft, answers, default=5))
    assert on_shipped.areas[AREA].gated_level == 5  # 6 of 7 at level 5 is ≥ 85 %
    assert on_derived.areas[AREA].gated_level == 1
    assert on_derived.areas[AREA].score == on_shipped.areas[AREA].score


def test_it_weights_a_practice_within_its_area(world: Any, shipped: Framework) -> None:
    draft = _derive(world, shipped)
    framework_practice_update(workspace=world.ws_a, actor=world.admin, framework=draft, key=FIRST, weight=3)
    framework_publish(workspace=world.ws_a, actor=world.admin, framework=draft)
    answers = {FIRST: 5}
    on_derived = assessment_scores(workspace=world.ws_a, assessment=_assess(world, draft, answers, default=0))
    assert on_derived.areas[AREA].score == pytest.approx(100 * 3 / (3 + 6))  # 3 of 9 weight units at 100


def test_it_finds_a_derived_version_only_in_its_workspace(world: Any, shipped: Framework) -> None:
    draft = _derive(world, shipped)
    assert framework_get(workspace=world.ws_a, pk=draft.pk) == draft
    from django.http import Http404

    with pytest.raises(Http404):
        framework_get(workspace=world.ws_b, pk=draft.pk)

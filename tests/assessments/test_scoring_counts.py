"""score_counts: scoring from each area's answer counts gives exactly what score() gives from the answers, for
trees whose areas each have one practice weight (the shipped 7C framework is such a tree)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sevenc.assessments.domain.scoring import (
    MAX_LEVEL,
    NA,
    UNKNOWN,
    Answer,
    AreaCounts,
    Tree,
    counts_scorable,
    score,
    score_counts,
)
from tests.assessments.strategies import ANSWERS, WEIGHTS, trees


@st.composite
def uniform_assessments(draw: st.DrawFn) -> tuple[Tree, dict[str, Answer]]:
    tree = draw(trees())
    area_weight = {a.key: draw(WEIGHTS) for a in tree.areas}
    tree = Tree(
        tree.blocks, tree.areas, tuple(dataclasses.replace(p, weight=area_weight[p.area_key]) for p in tree.practices)
    )
    answers: dict[str, Answer] = {}
    for p in tree.practices:
        answer = draw(ANSWERS)
        if answer is not None:
            answers[p.key] = answer
    return tree, answers


def counts_of(tree: Tree, answers: dict[str, Answer]) -> dict[str, AreaCounts]:
    out: dict[str, dict[str, object]] = {}
    for p in tree.practices:
        c = out.setdefault(
            p.area_key, {"levels": [0] * 6, "unknown": 0, "unanswered": 0, "na": 0, "critical_min": MAX_LEVEL}
        )
        answer = answers.get(p.key)
        if answer == NA:
            c["na"] += 1  # type: ignore[operator]
            continue
        if answer is None or answer == UNKNOWN:
            c["unanswered" if answer is None else "unknown"] += 1  # type: ignore[operator]
            level = -1
        else:
            c["levels"][answer] += 1  # type: ignore[index]
            level = answer  # type: ignore[assignment]
        if p.critical:
            c["critical_min"] = min(c["critical_min"], level)  # type: ignore[call-overload]
    return {
        k: AreaCounts(
            *v["levels"],
            unknown=v["unknown"],
            unanswered=v["unanswered"],  # type: ignore[misc]
            na=v["na"],
            critical_min=v["critical_min"],
        )
        for k, v in out.items()
    }


@settings(deadline=None, max_examples=300)
@given(uniform_assessments(), st.booleans())
def test_it_scores_counts_exactly_as_the_answers(assessment: tuple[Tree, dict[str, Answer]], drop: bool) -> None:
    tree, answers = assessment
    counts = counts_of(tree, answers)
    if drop:  # an area with no rows at all counts as all unanswered
        first = tree.areas[0].key
        answers = {k: v for k, v in answers.items() if not k.startswith(first + ".")}
        counts.pop(first)
    expected, got = score(tree=tree, answers=answers), score_counts(tree=tree, areas=counts)
    assert got.overall == expected.overall
    assert dict(got.blocks) == dict(expected.blocks)
    assert dict(got.areas) == dict(expected.areas)
    assert got.progress == expected.progress


def test_it_refuses_a_tree_with_mixed_weights_and_wrong_counts() -> None:
    from sevenc.assessments.domain.scoring import AreaSpec, BlockSpec, PracticeSpec

    mixed = Tree(
        (BlockSpec("b"),),
        (AreaSpec("b.a", "b"),),
        (PracticeSpec("b.a.1", "b.a", 1.0), PracticeSpec("b.a.2", "b.a", 2.0)),
    )
    assert not counts_scorable(mixed)
    with pytest.raises(ValueError, match="one weight"):
        score_counts(tree=mixed, areas={})
    even = Tree((BlockSpec("b"),), (AreaSpec("b.a", "b"),), (PracticeSpec("b.a.1", "b.a"),))
    with pytest.raises(ValueError, match="add up to its 1 practices"):
        score_counts(tree=even, areas={"b.a": AreaCounts(1, 1, 0, 0, 0, 0)})
    with pytest.raises(ValueError, match="non-negative"):
        score_counts(tree=even, areas={"b.a": AreaCounts(2, -1, 0, 0, 0, 0)})
    with pytest.raises(ValueError, match="ten integers"):
        score_counts(tree=even, areas={"b.a": (1, 0, 0)})
    with pytest.raises(ValueError, match="not in the framework"):
        score_counts(tree=even, areas={"b.a": AreaCounts(1, 0, 0, 0, 0, 0), "x": AreaCounts(0, 0, 0, 0, 0, 0)})
    # a database row is ten plain integers in the same order
    assert score_counts(tree=even, areas={"b.a": (0, 0, 0, 1, 0, 0, 0, 0, 0, 5)}).overall.score == 60.0

"""Laws of the ITCq (docs/scoring.md "Properties"), checked with hypothesis on random trees and answers."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from typing import TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sevenc.assessments.domain.gaps import Targets, gap_analysis
from sevenc.assessments.domain.scoring import (
    NA,
    UNKNOWN,
    Answer,
    AreaSpec,
    BlockSpec,
    PracticeSpec,
    Score,
    Scores,
    Tree,
    norm_from,
    quotient,
    score,
)
from tests.assessments.strategies import ANSWERS, trees

TOL = 1e-9
laws = settings(deadline=None, max_examples=200)

Assessment = tuple[Tree, dict[str, Answer]]


@st.composite
def assessments(draw: st.DrawFn) -> Assessment:
    tree = draw(trees())
    answers: dict[str, Answer] = {}
    for p in tree.practices:
        answer = draw(ANSWERS)
        if answer is not None:
            answers[p.key] = answer
    return tree, answers


def every(scores: Scores) -> Iterator[tuple[str, Score]]:
    yield from scores.areas.items()
    yield from scores.blocks.items()
    yield "overall", scores.overall


def pairs(before: Scores, after: Scores) -> Iterator[tuple[str, Score, Score]]:
    for (key, old), (_, new) in zip(every(before), every(after), strict=True):
        yield key, old, new


def levelled(answers: dict[str, Answer]) -> list[str]:
    return sorted(k for k, a in answers.items() if isinstance(a, int))


# ---- bounds --------------------------------------------------------------------------------------------------------


@laws
@given(assessments())
def test_it_keeps_every_number_within_its_bounds(assessment: Assessment) -> None:
    tree, answers = assessment
    for key, s in every(score(tree=tree, answers=answers)):
        assert 0 <= s.coverage <= 1, key
        assert s.score is None or 0 <= s.score <= 100, key
        assert s.pessimistic is None or 0 <= s.pessimistic <= 100, key
        if s.score is not None and s.pessimistic is not None:
            assert s.pessimistic <= s.score, key
        assert 0 <= s.gated_level <= 5
        assert s.provisional == (s.applicable and s.coverage < 0.70)
        assert s.answered + s.unknown == s.total


@laws
@given(trees(), st.sampled_from([0, 5]))
def test_it_scores_all_zeros_as_0_and_all_fives_as_100(tree: Tree, level: int) -> None:
    scores = score(tree=tree, answers={p.key: level for p in tree.practices})
    for key, s in every(scores):
        assert (s.score, s.pessimistic, s.coverage, s.gated_level) == (level * 20.0, level * 20.0, 1.0, level), key


# ---- monotonicity --------------------------------------------------------------------------------------------------


@laws
@given(assessments(), st.data())
def test_it_never_lowers_anything_when_a_level_rises(assessment: Assessment, data: st.DataObject) -> None:
    tree, answers = assessment
    raisable = [k for k in levelled(answers) if answers[k] != 5]
    if not raisable:
        return
    key = data.draw(st.sampled_from(raisable))
    old_level = answers[key]
    assert isinstance(old_level, int)
    raised = answers | {key: data.draw(st.integers(old_level + 1, 5))}
    for name, old, new in pairs(score(tree=tree, answers=answers), score(tree=tree, answers=raised)):
        assert (old.score is None) == (new.score is None), name
        if old.score is not None and new.score is not None:
            assert new.score >= old.score - TOL, name
        if old.pessimistic is not None and new.pessimistic is not None:
            assert new.pessimistic >= old.pessimistic - TOL, name
        assert new.gated_level >= old.gated_level, name
        assert new.coverage == old.coverage, name


@laws
@given(assessments(), st.data())
def test_it_never_raises_a_bound_or_a_coverage_when_a_level_becomes_unknown(
    assessment: Assessment, data: st.DataObject
) -> None:
    tree, answers = assessment
    if not levelled(answers):
        return
    key = data.draw(st.sampled_from(levelled(answers)))
    unknown = answers | {key: UNKNOWN}
    for name, old, new in pairs(score(tree=tree, answers=answers), score(tree=tree, answers=unknown)):
        if old.pessimistic is not None and new.pessimistic is not None:
            assert new.pessimistic <= old.pessimistic + TOL, name
        assert new.coverage <= old.coverage + TOL, name


# ---- invariance ----------------------------------------------------------------------------------------------------


@laws
@given(assessments(), st.randoms(use_true_random=False))
def test_it_ignores_the_order_of_the_tree(assessment: Assessment, rnd: random.Random) -> None:
    tree, answers = assessment
    shuffled = Tree(
        tuple(rnd.sample(tree.blocks, len(tree.blocks))),
        tuple(rnd.sample(tree.areas, len(tree.areas))),
        tuple(rnd.sample(tree.practices, len(tree.practices))),
    )
    shuffled_answers = dict(rnd.sample(list(answers.items()), len(answers)))
    assert score(tree=shuffled, answers=shuffled_answers) == score(tree=tree, answers=answers)


Spec = TypeVar("Spec", BlockSpec, AreaSpec, PracticeSpec)


def scaled(tree: Tree, kind: str, factor: float) -> Tree:
    def scale(items: tuple[Spec, ...], name: str) -> tuple[Spec, ...]:
        if kind not in (name, "all"):
            return items
        return tuple(dataclasses.replace(item, weight=item.weight * factor) for item in items)

    return Tree(scale(tree.blocks, "blocks"), scale(tree.areas, "areas"), scale(tree.practices, "practices"))


def assert_same(a: Scores, b: Scores) -> None:
    for name, old, new in pairs(a, b):
        for field in ("score", "pessimistic"):
            x, y = getattr(old, field), getattr(new, field)
            assert (x is None) == (y is None), (name, field)
            if x is not None:
                assert y == pytest.approx(x, abs=TOL), (name, field)
        assert new.coverage == pytest.approx(old.coverage, abs=TOL), name
        assert (new.gated_level, new.applicable) == (old.gated_level, old.applicable), name


@laws
@given(
    assessments(),
    st.sampled_from(["blocks", "areas", "practices", "all"]),
    st.floats(min_value=0.01, max_value=100, allow_nan=False),
)
def test_it_ignores_a_common_factor_on_the_weights(assessment: Assessment, kind: str, factor: float) -> None:
    tree, answers = assessment
    assert_same(score(tree=tree, answers=answers), score(tree=scaled(tree, kind, factor), answers=answers))


@laws
@given(assessments(), st.data())
def test_it_treats_an_na_practice_as_no_practice(assessment: Assessment, data: st.DataObject) -> None:
    tree, answers = assessment
    candidates = [p for p in tree.practices if sum(q.area_key == p.area_key for q in tree.practices) > 1]
    if not candidates:
        return
    gone = data.draw(st.sampled_from(candidates))
    with_na = score(tree=tree, answers=answers | {gone.key: NA})
    pruned = Tree(tree.blocks, tree.areas, tuple(p for p in tree.practices if p != gone))
    without = score(tree=pruned, answers={k: a for k, a in answers.items() if k != gone.key})
    assert_same(with_na, without)


# ---- coverage ------------------------------------------------------------------------------------------------------


@laws
@given(assessments())
def test_it_gives_full_coverage_exactly_when_nothing_counting_is_unknown(assessment: Assessment) -> None:
    tree, answers = assessment
    scores = score(tree=tree, answers=answers)

    def open_in(area_keys: set[str]) -> bool:
        return any(p.area_key in area_keys and answers.get(p.key) in (None, UNKNOWN) for p in tree.practices)

    for a in tree.areas:
        s = scores.areas[a.key]
        if s.applicable:
            assert (s.coverage == 1.0) == (not open_in({a.key})), a.key
    for b in tree.blocks:
        s = scores.blocks[b.key]
        if s.applicable:
            counting = {a.key for a in tree.areas if a.block_key == b.key and scores.areas[a.key].applicable}
            assert (s.coverage == 1.0) == (not open_in(counting)), b.key
    if scores.overall.applicable:
        assert (scores.overall.coverage == 1.0) == (not open_in({a.key for a in tree.areas})), "overall"


# ---- gaps ----------------------------------------------------------------------------------------------------------


@st.composite
def targeted(draw: st.DrawFn) -> tuple[Tree, dict[str, Answer], Targets]:
    tree, answers = draw(assessments())
    level = st.floats(min_value=0, max_value=5, allow_nan=False)

    def some(keys: list[str]) -> dict[str, float]:
        return {k: draw(level) for k in keys if draw(st.booleans())}

    targets = Targets(
        blocks=some([b.key for b in tree.blocks]),
        areas=some([a.key for a in tree.areas]),
        practices=some([p.key for p in tree.practices]),
    )
    return tree, answers, targets


@laws
@given(targeted(), st.data())
def test_it_keeps_gaps_non_negative_and_never_widens_one_when_a_level_rises(
    case: tuple[Tree, dict[str, Answer], Targets], data: st.DataObject
) -> None:
    tree, answers, targets = case
    before = gap_analysis(tree=tree, scores=score(tree=tree, answers=answers), targets=targets)
    for row in before.items:
        assert row.gap >= 0 and row.weighted_gap >= 0 and 0 <= row.weight_share <= 1 + TOL, row
    raisable = [k for k in levelled(answers) if answers[k] != 5]
    if not raisable:
        return
    key = data.draw(st.sampled_from(raisable))
    old_level = answers[key]
    assert isinstance(old_level, int)
    raised = answers | {key: data.draw(st.integers(old_level + 1, 5))}
    after = gap_analysis(tree=tree, scores=score(tree=tree, answers=raised), targets=targets)
    old_gaps = {r.key: r.gap for r in before.rows("practice")}
    new_gaps = {r.key: r.gap for r in after.rows("practice")}
    assert old_gaps.keys() == new_gaps.keys()
    assert all(new_gaps[k] <= old_gaps[k] for k in old_gaps)


# ---- norm ----------------------------------------------------------------------------------------------------------

SCORE_LISTS = st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=2, max_size=60)


@laws
@given(SCORE_LISTS, st.floats(min_value=0, max_value=100), st.floats(min_value=0, max_value=100))
def test_it_puts_the_median_at_100_and_keeps_the_quotient_monotone(scores: list[float], a: float, b: float) -> None:
    norm = norm_from(scores, minimum=2)
    if norm is None:
        return
    assert norm.scale > 0
    assert quotient(norm.median, norm) == 100
    low, high = sorted((a, b))
    assert quotient(low, norm) <= quotient(high, norm)

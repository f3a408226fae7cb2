"""gaps.gap_analysis: target − current, weighted by importance; the summary the gap page opens with; how shares
and weighted gaps are written (pure: no database)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sevenc.assessments.domain.gaps import (
    GapRow,
    GapSummary,
    Targets,
    below_target,
    format_points,
    format_share,
    gap_analysis,
    gap_summary,
)
from sevenc.assessments.domain.scoring import (
    NA,
    UNKNOWN,
    Answer,
    AreaSpec,
    BlockSpec,
    PracticeSpec,
    Tree,
    Weights,
    score,
)
from tests.assessments.strategies import ANSWERS as ANSWER_STRATEGY
from tests.assessments.strategies import trees

# Block x (weight 3): areas x1 (weight 1: p1, p2), x2 (weight 1: p3). Block y (weight 1): area y1 (p4 weight 3, p5).
TREE = Tree(
    (BlockSpec("x", 3), BlockSpec("y", 1)),
    (AreaSpec("x1", "x"), AreaSpec("x2", "x"), AreaSpec("y1", "y")),
    (
        PracticeSpec("p1", "x1"),
        PracticeSpec("p2", "x1"),
        PracticeSpec("p3", "x2"),
        PracticeSpec("p4", "y1", 3),
        PracticeSpec("p5", "y1"),
    ),
)
ANSWERS: dict[str, Answer] = {"p1": 1, "p2": 4, "p3": UNKNOWN, "p4": 2, "p5": 3}


def report(
    targets: Targets, answers: dict[str, Answer] | None = None, weights: Weights | None = None
) -> dict[tuple[str, str], GapRow]:
    scores = score(tree=TREE, answers=answers if answers is not None else ANSWERS, weights=weights)
    result = gap_analysis(tree=TREE, scores=scores, targets=targets, weights=weights)
    return {(row.scope, row.key): row for row in result.items}


def test_it_inherits_practice_targets_from_the_area_then_the_block() -> None:
    rows = report(Targets(blocks={"x": 3}, areas={"x2": 4}, practices={"p1": 2}))
    targets = {key: row.target for key, row in rows.items()}
    assert targets == {
        ("block", "x"): 60.0,
        ("area", "x1"): 60.0,
        ("area", "x2"): 80.0,
        ("practice", "p1"): 40.0,
        ("practice", "p2"): 60.0,
        ("practice", "p3"): 80.0,
    }


def test_it_rolls_no_target_up_from_areas_or_practices() -> None:
    rows = report(Targets(areas={"y1": 3}, practices={"p1": 2}))
    assert set(rows) == {("area", "y1"), ("practice", "p4"), ("practice", "p5"), ("practice", "p1")}


def test_it_computes_gaps_counting_a_missing_current_as_zero() -> None:
    rows = report(Targets(blocks={"x": 3.5}))
    assert rows[("practice", "p1")].gap == 50.0  # 70 − 20
    assert rows[("practice", "p2")].gap == 0.0  # 80 is above 70
    assert rows[("practice", "p3")].current is None
    assert rows[("practice", "p3")].gap == 70.0
    assert rows[("area", "x1")].gap == 20.0  # area score 50
    assert rows[("area", "x2")].current is None
    assert rows[("block", "x")].current == 50.0  # x2 has no score
    assert rows[("block", "x")].gap == 20.0


def test_it_shares_the_framework_weight_down_the_tree() -> None:
    rows = report(Targets(blocks={"x": 5, "y": 5}))
    shares = {key: row.weight_share for key, row in rows.items()}
    assert shares[("block", "x")] == 0.75
    assert shares[("area", "x1")] == 0.375
    assert shares[("practice", "p1")] == 0.1875
    assert shares[("practice", "p3")] == 0.375
    assert shares[("practice", "p4")] == 0.1875  # 1/4 · 1 · 3/4
    assert math.fsum(s for (scope, _), s in shares.items() if scope == "practice") == pytest.approx(1.0)
    assert rows[("practice", "p4")].weighted_gap == pytest.approx(60 * 0.1875)


def test_it_leaves_na_out_of_the_shares_and_the_rows() -> None:
    rows = report(Targets(blocks={"x": 5, "y": 5}), answers=ANSWERS | {"p2": NA, "p3": NA})
    assert ("practice", "p2") not in rows
    assert ("area", "x2") not in rows  # not applicable
    assert rows[("practice", "p1")].weight_share == 0.75  # x1 is x's only applicable area, p1 its only practice


def test_it_uses_the_weight_overrides_for_the_shares() -> None:
    rows = report(Targets(blocks={"x": 5, "y": 5}), weights=Weights(blocks={"x": 1}, practices={"p5": 3}))
    assert rows[("block", "y")].weight_share == 0.5
    assert rows[("practice", "p5")].weight_share == 0.25


def test_it_sorts_worst_first_by_weighted_gap_then_gap_then_key() -> None:
    tree = Tree(
        (BlockSpec("b"),),
        (AreaSpec("a", "b"),),
        (PracticeSpec("c", "a"), PracticeSpec("b", "a", 2), PracticeSpec("a", "a"), PracticeSpec("d", "a")),
    )
    scores = score(tree=tree, answers={"a": 3, "b": 4, "c": 3, "d": 0})
    result = gap_analysis(tree=tree, scores=scores, targets=Targets(areas={"a": 5}))
    rows = result.rows("practice")
    # weighted gaps: d 100/5 = 20, b 20·2/5 = 8, a and c 40/5 = 8: b, a, c tie at 8 → gap desc (a, c: 40) then key
    assert [r.key for r in rows] == ["d", "a", "c", "b"]
    assert [r.key for r in result.rows("area")] == ["a"]
    assert result.rows("block") == []


def test_it_lists_the_practices_below_target() -> None:
    scores = score(tree=TREE, answers=ANSWERS)
    result = gap_analysis(tree=TREE, scores=scores, targets=Targets(blocks={"x": 3, "y": 2}))
    assert [r.key for r in below_target(result)] == ["p3", "p1"]


def test_it_refuses_targets_out_of_range_or_outside_the_tree() -> None:
    with pytest.raises(ValueError, match="target"):
        Targets(blocks={"x": 5.5})
    with pytest.raises(ValueError, match="target"):
        Targets(practices={"p1": -1})
    with pytest.raises(ValueError, match="zz"):
        gap_analysis(tree=TREE, scores=score(tree=TREE, answers=ANSWERS), targets=Targets(areas={"zz": 1}))


# --- the summary ---------------------------------------------------------------------------------------------------


def summary_of(targets: Targets, answers: dict[str, Answer] | None = None, **kw: int) -> GapSummary:
    scores = score(tree=TREE, answers=answers if answers is not None else ANSWERS)
    return gap_summary(gap_analysis(tree=TREE, scores=scores, targets=targets), scores, **kw)


def test_it_summarises_the_worst_blocks_and_areas_by_their_distance_to_target() -> None:
    # x scores 50 (target 80: gap 30, weight 3/4), y scores 45 (target 100: gap 55, weight 1/4): y is further off,
    # though x's gap weighs more.
    s = summary_of(Targets(blocks={"x": 4, "y": 5}))
    assert [r.key for r in s.worst_blocks] == ["y", "x"]
    assert s.worst_blocks[0].gap == pytest.approx(55)
    assert [r.key for r in s.worst_areas] == ["x2", "y1", "x1"]  # x2 has no score: gap 80
    assert s.below == {"block": 2, "area": 3, "practice": 4}  # p2 (80) has reached its 80
    assert s.targeted == {"block": 2, "area": 3, "practice": 5}


def test_it_lists_the_largest_weighted_gaps_and_leaves_out_what_has_reached_its_target() -> None:
    s = summary_of(Targets(blocks={"x": 3, "y": 2}), practice_limit=1)
    assert [r.key for r in s.largest_practices] == ["p3"]  # 60 × 3/8 beats p1's 40 × 3/16
    s = summary_of(Targets(blocks={"x": 1, "y": 1}))
    assert s.worst_blocks == () and [r.key for r in s.worst_areas] == ["x2"]
    assert [r.key for r in s.largest_practices] == ["p3"]  # unknown: counted as 0


def test_it_adds_the_practice_gaps_up_to_the_itcq_at_target() -> None:
    answers: dict[str, Answer] = {"p1": 1, "p2": 4, "p3": 2, "p4": 2, "p5": 3}
    s = summary_of(Targets(blocks={"x": 3, "y": 3}), answers)
    # p1 40 × 3/16 + p3 20 × 3/8 + p4 20 × 3/16 + p5 0 = 7.5 + 7.5 + 3.75
    assert s.points_below_target == pytest.approx(18.75)
    assert s.itcq_now is not None and s.itcq_at_target == pytest.approx(s.itcq_now + 18.75)
    lifted = score(tree=TREE, answers={"p1": 3, "p2": 4, "p3": 3, "p4": 3, "p5": 3})
    assert s.itcq_at_target == pytest.approx(lifted.overall.score)


def test_it_refuses_negative_limits() -> None:
    with pytest.raises(ValueError):
        summary_of(Targets(), limit=-1)


@st.composite
def integer_targets(draw: st.DrawFn) -> tuple[Tree, dict[str, Answer], Targets]:
    tree = draw(trees())
    answers: dict[str, Answer] = {}
    for p in tree.practices:
        answer = draw(ANSWER_STRATEGY)
        if answer is not None:
            answers[p.key] = answer
    level = st.integers(0, 5).map(float)

    def some(keys: list[str]) -> dict[str, float]:
        return {k: draw(level) for k in keys if draw(st.booleans())}

    targets = Targets(
        blocks=some([b.key for b in tree.blocks]),
        areas=some([a.key for a in tree.areas]),
        practices=some([p.key for p in tree.practices]),
    )
    return tree, answers, targets


@settings(deadline=None, max_examples=200)
@given(integer_targets(), st.integers(0, 4))
def test_the_summary_keeps_its_laws(case: tuple[Tree, dict[str, Answer], Targets], limit: int) -> None:
    tree, answers, targets = case
    scores = score(tree=tree, answers=answers)
    report = gap_analysis(tree=tree, scores=scores, targets=targets)
    s = gap_summary(report, scores, limit=limit, practice_limit=limit)
    for scope, worst in (("block", s.worst_blocks), ("area", s.worst_areas)):
        below = [r for r in report.rows(scope) if r.gap > 0]  # type: ignore[arg-type]
        assert len(worst) == min(limit, len(below)) and all(r in below for r in worst)
        assert [r.gap for r in worst] == sorted((r.gap for r in worst), reverse=True)
        if worst:  # nothing left out is further from its target than what is listed
            assert all(r.gap <= worst[-1].gap for r in below if r not in worst)
    practices = below_target(report)
    assert list(s.largest_practices) == practices[:limit]
    assert s.points_below_target == pytest.approx(math.fsum(r.weighted_gap for r in practices))
    assert 0 <= s.points_below_target <= 100 + 1e-9
    # Bringing every practice with a target up to it (an unknown one counted as 0) gives the ITCq at target.
    goal = {r.key: int(round(r.target / 20)) for r in report.rows("practice")}
    lifted: dict[str, Answer] = dict(answers)
    for key, level in goal.items():
        now = answers.get(key)
        lifted[key] = max(now, level) if isinstance(now, int) else level
    after = score(tree=tree, answers=lifted).overall.pessimistic
    if s.itcq_at_target is None:
        assert scores.overall.pessimistic is None
    else:
        assert after is not None and s.itcq_at_target == pytest.approx(after, abs=1e-6)
        assert scores.overall.pessimistic is not None and s.itcq_at_target >= scores.overall.pessimistic - 1e-9


# --- showing shares and points --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "text"),
    [
        (0.0, None),
        (0.0000001, "<0.1\u00a0%"),
        (0.00049, "<0.1\u00a0%"),
        (0.0005001, "0.1\u00a0%"),
        (0.042, "4.2\u00a0%"),
        (0.09996, "10\u00a0%"),
        (0.25, "25\u00a0%"),
        (1.0, "100\u00a0%"),
    ],
)
def test_it_formats_a_share_never_as_zero_unless_it_is(share: float, text: str | None) -> None:
    assert format_share(share) == text


def test_it_formats_with_the_locale_decimal_separator_and_refuses_nonsense() -> None:
    assert format_share(0.042, decimal_separator=",") == "4,2\u00a0%"
    assert format_points(0.125, decimal_separator=",") == "0,12"
    for bad in (-0.1, math.nan, math.inf):
        with pytest.raises(ValueError):
            format_share(bad)
        with pytest.raises(ValueError):
            format_points(bad)


@given(st.floats(min_value=0, max_value=1, allow_nan=False))
def test_a_share_that_is_not_zero_never_reads_as_zero(share: float) -> None:
    text = format_share(share)
    if share == 0:
        assert text is None
        return
    assert text is not None and text.endswith("\u00a0%")
    number = text.removesuffix("\u00a0%")
    if number.startswith("<"):
        assert share * 100 < 0.05 + 1e-12
    else:
        assert float(number) > 0
        assert abs(float(number) - share * 100) <= (0.05 if "." in number else 0.5) + 1e-9


@given(st.floats(min_value=0, max_value=100, allow_nan=False))
def test_points_that_are_not_zero_never_read_as_zero(points: float) -> None:
    text = format_points(points)
    assert (text == "0.00") == (points == 0)
    if not text.startswith("<"):
        assert abs(float(text) - points) <= 0.005 + 1e-9

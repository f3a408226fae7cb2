"""The workshop's consolidation rules (pure): laws that hold for any respondents, and worked examples."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sevenc.assessments.domain.consolidate import (
    NA,
    UNKNOWN,
    PracticeVotes,
    Vote,
    consolidate,
    consolidate_practice,
    lower_median,
    suggest,
)

levels = st.integers(min_value=0, max_value=5)
values = st.one_of(levels, st.just(NA), st.just(UNKNOWN), st.none())
kinds = st.sampled_from([("staff", "staff"), ("client", "executive"), ("client", "contributor")])


# Cheap to generate: flat lists of small tuples, no filtering and no uniqueness to enforce (respondent ids and
# practice keys come from positions), so generation stays a few milliseconds an example even on a busy machine.
@st.composite
def vote_lists(draw: Any, min_size: int = 0, value: Any = values, max_size: int = 12) -> list[Vote]:
    items = draw(st.lists(st.tuples(kinds, value), min_size=min_size, max_size=max_size))
    return [Vote(i, kind, role, v) for i, ((kind, role), v) in enumerate(items)]


def _votes(*spec: Any) -> tuple[Vote, ...]:
    """_votes(("staff", 3), ("executive", 5), ...)"""
    out = []
    for i, (who, value) in enumerate(spec):
        kind = "staff" if who == "staff" else "client"
        out.append(Vote(i, kind, "staff" if who == "staff" else who, value))
    return tuple(out)


# --- laws -------------------------------------------------------------------------------------------------


@given(vote_lists(), st.booleans())
def test_it_suggests_a_level_within_the_levels_given(votes: list[Vote], critical: bool) -> None:
    result, _ = consolidate_practice(PracticeVotes("p", tuple(votes), critical))
    if isinstance(result.suggestion, int):
        assert result.levels and min(result.levels) <= result.suggestion <= max(result.levels)
        assert result.suggestion in result.levels  # always a level somebody gave


@given(vote_lists(), st.booleans(), st.randoms(use_true_random=False))
def test_it_does_not_depend_on_the_order_of_respondents(votes: list[Vote], critical: bool, rnd: Any) -> None:
    shuffled = list(votes)
    rnd.shuffle(shuffled)
    assert consolidate_practice(PracticeVotes("p", tuple(votes), critical)) == consolidate_practice(
        PracticeVotes("p", tuple(shuffled), critical)
    )


@given(vote_lists(), st.booleans())
def test_it_keeps_the_suggestion_when_someone_agrees_with_it(votes: list[Vote], critical: bool) -> None:
    before = suggest([v.value for v in votes], critical=critical)
    after = suggest([v.value for v in votes] + [before], critical=critical)
    assert after == before


@given(vote_lists(), st.booleans())
def test_it_ignores_respondents_who_did_not_answer(votes: list[Vote], critical: bool) -> None:
    values_ = [v.value for v in votes]
    assert suggest(values_ + [None, None], critical=critical) == suggest(values_, critical=critical)


@given(vote_lists(min_size=1, value=levels))
def test_it_takes_the_minimum_for_a_critical_practice(votes: list[Vote]) -> None:
    result, _ = consolidate_practice(PracticeVotes("p", tuple(votes), critical=True))
    assert result.suggestion == min(v.value for v in votes)  # type: ignore[type-var]


@given(vote_lists(min_size=1, value=levels), st.data())
def test_it_never_lowers_the_suggestion_when_a_level_goes_up(votes: list[Vote], data: Any) -> None:
    i = data.draw(st.integers(0, len(votes) - 1))
    raised = list(votes)
    raised[i] = Vote(votes[i].respondent_id, votes[i].kind, votes[i].role, min(5, votes[i].value + 1))  # type: ignore[operator]
    for critical in (False, True):
        before = suggest([v.value for v in votes], critical=critical)
        after = suggest([v.value for v in raised], critical=critical)
        assert isinstance(before, int) and isinstance(after, int) and after >= before


@given(vote_lists())
def test_it_flags_disagreement_exactly_when_the_levels_span_two_or_more(votes: list[Vote]) -> None:
    result, _ = consolidate_practice(PracticeVotes("p", tuple(votes)))
    given_levels = [v.value for v in votes if isinstance(v.value, int)]
    assert result.disagreement == (bool(given_levels) and max(given_levels) - min(given_levels) >= 2)


@given(st.integers(1, 12), levels)
def test_it_agrees_with_a_unanimous_room(n: int, level: int) -> None:
    votes = tuple(Vote(i, "staff", "staff", level) for i in range(n))
    result, gap = consolidate_practice(PracticeVotes("p", votes))
    assert (result.suggestion, result.disagreement, gap) == (level, False, None)


@given(st.lists(vote_lists(max_size=8), max_size=6))
def test_it_lists_only_gaps_of_at_least_one_and_a_half_levels_largest_first(practices: list[list[Vote]]) -> None:
    # unique keys by position: drawing unique text keys made Hypothesis throw examples away and build big data
    result = consolidate(PracticeVotes(f"p{i}", tuple(votes)) for i, votes in enumerate(practices))
    sizes = [abs(g.difference) for g in result.perception_gaps]
    assert sizes == sorted(sizes, reverse=True)
    assert all(s >= 1.5 - 1e-9 for s in sizes)
    flagged = {g.key for g in result.perception_gaps}
    for p in result.practices:
        if p.executive_mean is not None and p.staff_mean is not None and abs(p.executive_mean - p.staff_mean) > 1.5:
            assert p.key in flagged


# --- examples -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "critical", "expected"),
    [
        ([3], False, 3),
        ([1, 4, 2], False, 2),
        ([1, 4, 2, 5], False, 2),  # even count: the lower middle value
        ([2, 3], False, 2),
        ([1, 4, 2], True, 1),
        ([3, NA, NA], False, NA),  # a strict majority says N/A
        ([3, NA], False, 3),  # half is not a majority
        ([NA, UNKNOWN], False, UNKNOWN),
        ([UNKNOWN, 4, UNKNOWN], False, 4),  # an Unknown gives no level and takes none away
        ([None, None], False, None),  # nobody answered: stays unanswered
        ([], True, None),
    ],
)
def test_it_suggests(values: list[Any], critical: bool, expected: Any) -> None:
    assert suggest(values, critical=critical) == expected


def test_it_takes_the_lower_middle_value_as_the_median_of_an_even_count() -> None:
    assert lower_median([4, 1]) == 1
    assert lower_median([0, 5, 3, 3]) == 3
    with pytest.raises(ValueError):
        lower_median([])


def test_it_refuses_a_level_outside_the_scale() -> None:
    with pytest.raises(ValueError):
        suggest([6])
    with pytest.raises(ValueError):
        suggest([True])  # type: ignore[list-item]


def test_it_finds_the_perception_gap_between_executives_and_staff() -> None:
    result = consolidate(
        [
            PracticeVotes("backup", _votes(("staff", 1), ("staff", 2), ("executive", 4), ("contributor", 1))),
            PracticeVotes("patching", _votes(("staff", 3), ("executive", 1))),
            PracticeVotes("close", _votes(("staff", 3), ("executive", 4))),
            PracticeVotes("no-staff", _votes(("executive", 5), ("contributor", 0))),
        ]
    )
    gaps = [(g.key, g.executive_mean, g.staff_mean, g.difference) for g in result.perception_gaps]
    assert gaps == [("backup", 4.0, 1.5, 2.5), ("patching", 1.0, 3.0, -2.0)]
    backup = result.practices[0]
    assert (backup.suggestion, backup.disagreement, backup.spread) == (1, True, 3)
    assert result.disagreements == 3


def test_it_flags_a_gap_of_exactly_one_and_a_half_levels_without_rounding_trouble() -> None:
    votes = _votes(
        ("executive", 3),
        ("executive", 3),
        ("executive", 4),
        ("staff", 1),
        ("staff", 2),
        ("staff", 2),
        ("staff", 2),
        ("staff", 2),
        ("staff", 2),
    )
    result = consolidate([PracticeVotes("p", votes)])  # 10/3 - 11/6 = 3/2 exactly
    assert [g.key for g in result.perception_gaps] == ["p"]

"""The agenda of an execution-cycle meeting and the dates of a series (pure: no database)."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sevenc.planning.execution.domain import agenda
from sevenc.planning.execution.domain.agenda import (
    BlockScore,
    DecisionSnapshot,
    ItemSnapshot,
    PreviousMeeting,
    ScoreSnapshot,
    agenda_from_data,
    build_agenda,
    series_starts,
)

UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")
MEETING = dt.datetime(2026, 5, 4, 10, 0, tzinfo=UTC)  # a Monday
PREVIOUS = dt.datetime(2026, 4, 6, 10, 0, tzinfo=UTC)
STATUSES = ["proposed", "approved", "in_progress", "done", "dropped"]


def _item(
    id: int,
    status: str = "approved",
    due: dt.date | None = None,
    done_at: dt.datetime | None = None,
    title: str | None = None,
    who: str = "",
) -> ItemSnapshot:
    return ItemSnapshot(
        id=id, title=title or f"Item {id}", status=status, due_date=due, done_at=done_at, responsible=who
    )


def _previous(at: dt.datetime | None) -> PreviousMeeting | None:
    return None if at is None else PreviousMeeting(99, "Monthly review 2026-04", at)


def _build(items: list[ItemSnapshot], kind: str = "monthly", **kw: object) -> agenda.Agenda:
    return build_agenda(
        kind=kind,
        starts_at=kw.pop("starts_at", MEETING),
        previous=_previous(kw.pop("previous_at", PREVIOUS)),  # type: ignore[arg-type]
        items=items,
        **kw,
    )  # type: ignore[arg-type]


def _refs(a: agenda.Agenda, key: str) -> list[str]:
    return [e.ref for e in a.section(key).entries]


# --- examples ----------------------------------------------------------------------------------------------------


def test_it_lists_the_four_sections_in_order_and_says_when_they_are_empty() -> None:
    a = _build([])
    assert [s.key for s in a.sections] == ["due", "done", "scores", "decisions"]
    assert [s.title for s in a.sections] == [
        "Due or overdue",
        "Done since last time",
        "Score changes",
        "Decisions pending",
    ]
    assert all(s.is_empty and s.empty_text for s in a.sections)
    assert a.section("due").empty_text == "No open item has a due date by 2026-06-04, and none is overdue."
    assert a.headline == "0 due · 0 done · 0 decisions pending"


@pytest.mark.parametrize(("kind", "window"), [("weekly", 7), ("monthly", 31), ("quarterly", 92)])
def test_it_looks_ahead_by_the_cadences_window(kind: str, window: int) -> None:
    day = MEETING.date()
    items = [_item(1, due=day + dt.timedelta(days=window)), _item(2, due=day + dt.timedelta(days=window + 1))]
    assert _refs(_build(items, kind), "due") == ["item:1"]


def test_it_puts_overdue_items_first_then_by_due_date_and_flags_them() -> None:
    day = MEETING.date()
    items = [
        _item(1, due=day + dt.timedelta(days=3), title="Renew domains"),
        _item(2, due=day - dt.timedelta(days=1), title="Patch firewall", who="Northern ISP"),
        _item(3, due=day, title="Backup test"),
        _item(4, due=day - dt.timedelta(days=10), title="MFA for all", status="in_progress"),
        _item(5, due=day - dt.timedelta(days=10), title="Asset list", status="proposed"),
    ]
    a = _build(items)
    due = a.section("due").entries
    assert [e.ref for e in due] == ["item:5", "item:4", "item:2", "item:3", "item:1"]
    assert [e.overdue_days for e in due] == [10, 10, 1, 0, 0]
    assert due[2].who == "Northern ISP" and due[1].note == "in_progress"
    assert a.overdue_count == 3
    assert a.headline.startswith("5 due (3 overdue)")


def test_it_leaves_done_and_dropped_items_and_items_without_a_date_out_of_the_due_section() -> None:
    day = MEETING.date()
    items = [
        _item(1, status="done", due=day, done_at=MEETING - dt.timedelta(days=1)),
        _item(2, status="dropped", due=day),
        _item(3, due=None),
    ]
    assert _refs(_build(items), "due") == []


def test_it_lists_what_was_done_since_the_previous_meeting_oldest_first() -> None:
    items = [
        _item(1, status="done", done_at=PREVIOUS),  # at the previous meeting: counted there
        _item(2, status="done", done_at=PREVIOUS + dt.timedelta(days=3)),
        _item(3, status="done", done_at=PREVIOUS + dt.timedelta(days=1)),
        _item(4, status="done", done_at=MEETING),  # during the hour before: still counted
        _item(5, status="done", done_at=MEETING + dt.timedelta(minutes=1)),
        _item(6, status="in_progress", done_at=PREVIOUS + dt.timedelta(days=2)),
        _item(7, status="done", done_at=None),
    ]
    a = _build(items)
    assert _refs(a, "done") == ["item:3", "item:2", "item:4"]
    assert a.section("done").entries[0].when == dt.date(2026, 4, 7)


def test_it_looks_back_one_window_for_a_clients_first_meeting() -> None:
    items = [
        _item(1, status="done", done_at=MEETING - dt.timedelta(days=6)),
        _item(2, status="done", done_at=MEETING - dt.timedelta(days=8)),
    ]
    a = _build(items, "weekly", previous_at=None)
    assert _refs(a, "done") == ["item:1"]
    assert a.previous_at is None
    assert (
        _build([], "weekly", previous_at=None).section("done").empty_text
        == "Nothing was done in the 7 days before this meeting."
    )


def test_it_compares_the_latest_final_assessment_with_the_one_before() -> None:
    before = ScoreSnapshot(
        "2026-Q1", 48.0, (BlockScore("continuous", "Continuous", 40.0), BlockScore("clear", "Clear", 60.0))
    )
    after = ScoreSnapshot(
        "2026-Q2",
        55.5,
        (
            BlockScore("continuous", "Continuous", 52.0),
            BlockScore("clear", "Clear", 58.0),
            BlockScore("charged", "Charged", None),
        ),
    )
    a = _build([], latest_scores=after, previous_scores=before)
    scores = a.section("scores").entries
    assert [e.ref for e in scores] == [
        "score:overall",
        "score:block:continuous",
        "score:block:clear",
        "score:block:charged",
    ]
    assert [(e.before, e.after, e.change) for e in scores] == [
        (48.0, 55.5, 7.5),
        (40.0, 52.0, 12.0),
        (60.0, 58.0, -2.0),
        (None, None, None),
    ]
    assert scores[0].note == "2026-Q1 → 2026-Q2"
    assert "ITCq 48 → 56 (+8)" in a.headline


def test_it_shows_the_scores_without_a_change_when_there_is_one_final_assessment() -> None:
    a = _build([], latest_scores=ScoreSnapshot("2026-Q2", 61.0, (BlockScore("clear", "Clear", 70.0),)))
    overall = a.section("scores").entries[0]
    assert (overall.before, overall.after, overall.change) == (None, 61.0, None)
    assert "ITCq 61 ·" in a.headline and "first final assessment" in overall.note
    assert _build([]).section("scores").empty_text.startswith("No final assessment yet")


def test_it_lists_pending_decisions_oldest_first_with_where_they_came_from() -> None:
    decisions = [
        DecisionSnapshot(2, "Move mail to the cloud", dt.date(2026, 4, 6), "Monthly review 2026-04"),
        DecisionSnapshot(1, "Budget for laptops", dt.date(2026, 3, 2), item_title="Replace laptops"),
        DecisionSnapshot(3, "Hire a DPO", dt.date(2026, 3, 2)),
    ]
    entries = _build([], decisions=decisions).section("decisions").entries
    assert [e.ref for e in entries] == ["decision:1", "decision:3", "decision:2"]
    assert entries[0].note == "about Replace laptops"
    assert entries[2].note == "raised at Monthly review 2026-04"


def test_it_takes_the_meetings_day_in_the_time_zone_it_is_given() -> None:
    late = dt.datetime(2026, 5, 4, 23, 30, tzinfo=UTC)  # already 5 May in Berlin
    items = [_item(1, due=dt.date(2026, 5, 4))]
    assert _build(items, starts_at=late).section("due").entries[0].overdue_days == 0
    assert _build(items, starts_at=late.astimezone(BERLIN)).section("due").entries[0].overdue_days == 1


def test_it_refuses_naive_times_and_unknown_kinds() -> None:
    with pytest.raises(ValueError, match="aware"):
        build_agenda(kind="monthly", starts_at=dt.datetime(2026, 5, 4, 10), previous=None, items=[])
    with pytest.raises(ValueError, match="aware"):
        build_agenda(kind="monthly", starts_at=MEETING, previous=_previous(dt.datetime(2026, 4, 1)), items=[])
    with pytest.raises(ValueError, match="kind"):
        build_agenda(kind="yearly", starts_at=MEETING, previous=None, items=[])


def test_it_round_trips_through_json_data() -> None:
    import json

    a = _build(
        [
            _item(1, due=MEETING.date() - dt.timedelta(days=2)),
            _item(2, status="done", done_at=PREVIOUS + dt.timedelta(days=1)),
        ],
        latest_scores=ScoreSnapshot("Q2", 50.0, (BlockScore("clear", "Clear", 50.0),)),
        previous_scores=ScoreSnapshot("Q1", 45.0, ()),
        decisions=[DecisionSnapshot(1, "Decide", dt.date(2026, 4, 1))],
    )
    data = json.loads(json.dumps(a.as_data()))
    assert agenda_from_data(data) == a
    assert data["headline"] == a.headline
    with pytest.raises(ValueError):
        agenda_from_data({"sections": []})


# --- laws ----------------------------------------------------------------------------------------------------------

days = st.integers(min_value=-200, max_value=200)
items_strategy = st.lists(
    st.builds(
        lambda i, status, due, done: ItemSnapshot(
            id=i,
            title=f"Item {i % 7}",
            status=status,
            due_date=None if due is None else MEETING.date() + dt.timedelta(days=due),
            done_at=None if done is None else MEETING + dt.timedelta(hours=done),
        ),
        st.integers(min_value=1, max_value=10_000),
        st.sampled_from(STATUSES),
        st.none() | days,
        st.none() | st.integers(min_value=-24 * 200, max_value=24 * 200),
    ),
    max_size=40,
    unique_by=lambda i: i.id,
)
kinds = st.sampled_from(["weekly", "monthly", "quarterly"])
previous_strategy = st.none() | st.integers(min_value=1, max_value=24 * 120).map(
    lambda h: MEETING - dt.timedelta(hours=h)
)


@settings(max_examples=200, deadline=None)
@given(items=items_strategy, kind=kinds, previous=previous_strategy)
def test_law_every_open_item_due_before_the_meeting_is_listed_as_overdue(
    items: list[ItemSnapshot], kind: str, previous: dt.datetime | None
) -> None:
    a = build_agenda(kind=kind, starts_at=MEETING, previous=_previous(previous), items=items)
    due = {e.ref: e for e in a.section("due").entries}
    for i in items:
        if i.is_open and i.due_date is not None and i.due_date < MEETING.date():
            assert due[f"item:{i.id}"].overdue


@settings(max_examples=200, deadline=None)
@given(items=items_strategy, kind=kinds, previous=previous_strategy)
def test_law_the_due_section_is_exactly_the_open_items_due_within_the_window(
    items: list[ItemSnapshot], kind: str, previous: dt.datetime | None
) -> None:
    a = build_agenda(kind=kind, starts_at=MEETING, previous=_previous(previous), items=items)
    horizon = MEETING.date() + dt.timedelta(days=agenda.WINDOW_DAYS[kind])
    expected = {f"item:{i.id}" for i in items if i.is_open and i.due_date is not None and i.due_date <= horizon}
    refs = _refs(a, "due")
    assert set(refs) == expected and len(refs) == len(expected)
    by_id = {i.id: i for i in items}
    assert all(by_id[int(r.split(":")[1])].status not in ("done", "dropped") for r in refs)  # no done item is due
    flags = [e.overdue for e in a.section("due").entries]
    assert flags == sorted(flags, reverse=True)  # overdue ones first
    assert all(e.overdue == (e.when is not None and e.when < MEETING.date()) for e in a.section("due").entries)


@settings(max_examples=200, deadline=None)
@given(items=items_strategy, kind=kinds, previous=previous_strategy)
def test_law_done_since_last_time_is_the_done_items_between_the_two_meetings(
    items: list[ItemSnapshot], kind: str, previous: dt.datetime | None
) -> None:
    a = build_agenda(kind=kind, starts_at=MEETING, previous=_previous(previous), items=items)
    since = previous if previous is not None else MEETING - dt.timedelta(days=agenda.WINDOW_DAYS[kind])
    expected = {f"item:{i.id}" for i in items if i.status == "done" and i.done_at and since < i.done_at <= MEETING}
    assert set(_refs(a, "done")) == expected
    whens = [e.when for e in a.section("done").entries]
    assert whens == sorted(whens)  # oldest first


@settings(max_examples=100, deadline=None)
@given(items=items_strategy, kind=kinds, previous=previous_strategy, seed=st.integers())
def test_law_the_order_of_the_inputs_never_changes_the_agenda(
    items: list[ItemSnapshot], kind: str, previous: dt.datetime | None, seed: int
) -> None:
    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)
    assert build_agenda(kind=kind, starts_at=MEETING, previous=_previous(previous), items=items) == build_agenda(
        kind=kind, starts_at=MEETING, previous=_previous(previous), items=shuffled
    )


@settings(max_examples=100, deadline=None)
@given(items=items_strategy, kind=kinds, previous=previous_strategy)
def test_law_every_section_is_there_and_an_empty_one_says_so(
    items: list[ItemSnapshot], kind: str, previous: dt.datetime | None
) -> None:
    a = build_agenda(kind=kind, starts_at=MEETING, previous=_previous(previous), items=items)
    assert tuple(s.key for s in a.sections) == agenda.section_keys(kind)
    assert all(s.empty_text for s in a.sections if s.is_empty)
    assert agenda_from_data(a.as_data()) == a


# --- series ----------------------------------------------------------------------------------------------------


def test_it_schedules_a_monthly_series_on_the_same_day_or_the_months_last() -> None:
    first = dt.datetime(2026, 1, 31, 9, 0, tzinfo=BERLIN)
    starts = series_starts(first=first, kind="monthly", count=4)
    assert [s.date() for s in starts] == [
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 31),
        dt.date(2026, 4, 30),
    ]


def test_it_keeps_the_wall_clock_time_across_daylight_saving() -> None:
    first = dt.datetime(2026, 3, 23, 10, 0, tzinfo=BERLIN)  # the week before summer time
    starts = series_starts(first=first, kind="weekly", count=3)
    assert [s.hour for s in starts] == [10, 10, 10]
    assert [s.astimezone(UTC).hour for s in starts] == [9, 8, 8]


def test_it_schedules_quarterly_reviews_three_months_apart() -> None:
    first = dt.datetime(2026, 11, 15, 14, 0, tzinfo=UTC)
    assert [s.date() for s in series_starts(first=first, kind="quarterly", count=4)] == [
        dt.date(2026, 11, 15),
        dt.date(2027, 2, 15),
        dt.date(2027, 5, 15),
        dt.date(2027, 8, 15),
    ]


@pytest.mark.parametrize("count", [0, 53, -1])
def test_it_refuses_a_series_of_more_than_52_or_none(count: int) -> None:
    with pytest.raises(ValueError, match="1 to 52"):
        series_starts(first=MEETING, kind="weekly", count=count)


@settings(max_examples=100, deadline=None)
@given(
    kind=kinds,
    count=st.integers(min_value=1, max_value=52),
    offset=st.integers(min_value=0, max_value=365 * 3),
    hour=st.integers(min_value=6, max_value=20),
)
def test_law_a_series_rises_strictly_keeps_its_time_and_has_count_meetings(
    kind: str, count: int, offset: int, hour: int
) -> None:
    first = dt.datetime(2025, 1, 1, hour, 30, tzinfo=BERLIN) + dt.timedelta(days=offset)
    starts = series_starts(first=first, kind=kind, count=count)
    assert len(starts) == count and starts[0] == first
    assert all(a.astimezone(UTC) < b.astimezone(UTC) for a, b in zip(starts, starts[1:], strict=False))
    assert all((s.hour, s.minute) == (hour, 30) for s in starts)

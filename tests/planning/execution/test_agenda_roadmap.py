"""A quarterly review's agenda reads the roadmap, and meetings that overlap (pure: no database)."""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sevenc.core.domain import quarters
from sevenc.planning.execution.domain import agenda
from sevenc.planning.execution.domain.agenda import (
    ItemSnapshot,
    PreviousMeeting,
    Slot,
    agenda_from_data,
    build_agenda,
    clash_text,
    clashes,
)

UTC = dt.UTC
REVIEW = dt.datetime(2027, 3, 1, 10, 0, tzinfo=UTC)  # a quarterly review in 2027-Q1
STATUSES = ["proposed", "approved", "in_progress", "done", "dropped"]


def _item(
    id: int,
    quarter: str = "",
    *,
    status: str = "approved",
    duration: int = 1,
    title: str | None = None,
    one_time: str = "0",
    monthly: str = "0",
    shown: str = "",
    due: dt.date | None = None,
) -> ItemSnapshot:
    return ItemSnapshot(
        id=id,
        title=title or f"Item {id}",
        status=status,
        quarter=quarter,
        duration=duration,
        one_time_cost=Decimal(one_time),
        monthly_cost=Decimal(monthly),
        shown=shown,
        due_date=due,
    )


def _review(items: list[ItemSnapshot], *, unplaced: list[ItemSnapshot] | None = None, **kw: object) -> agenda.Agenda:
    return build_agenda(
        kind="quarterly",
        starts_at=kw.pop("starts_at", REVIEW),  # type: ignore[arg-type]
        previous=kw.pop("previous", None),  # type: ignore[arg-type]
        items=items,
        unplaced=unplaced or [],
        **kw,  # type: ignore[arg-type]
    )


def _refs(a: agenda.Agenda, key: str) -> list[str]:
    return [e.ref for e in a.section(key).entries]


# --- examples ----------------------------------------------------------------------------------------------------


def test_it_opens_a_quarterly_review_with_the_roadmap_and_keeps_the_other_kinds_as_they_were() -> None:
    a = _review([])
    assert [s.key for s in a.sections] == [
        "quarter",
        "late",
        "next",
        "unplaced",
        "due",
        "done",
        "scores",
        "decisions",
    ]
    assert a.quarter == "2027-Q1" and a.next_quarter == "2027-Q2"
    assert a.section("quarter").title == "On the roadmap for 2027-Q1"
    assert a.section("next").title == "Next quarter: 2027-Q2"
    assert all(s.is_empty and s.empty_text for s in a.sections)
    for kind in ("weekly", "monthly"):
        other = build_agenda(kind=kind, starts_at=REVIEW, previous=None, items=[_item(1, "2027-Q1")])
        assert [s.key for s in other.sections] == ["due", "done", "scores", "decisions"] and other.quarter == ""


def test_it_lists_the_review_quarters_items_with_their_state_even_without_a_due_date() -> None:
    """Harbourview's case: an approved roadmap, generated items without due dates, "0 due" before."""
    items = [
        _item(1, "2027-Q1", title="Backups"),
        _item(2, "2027-Q1", status="in_progress", title="Patching"),
        _item(3, "2027-Q1", status="done", title="Asset list"),
        _item(4, "2027-Q1", status="dropped", title="Old idea"),
        _item(5, "2027-Q1", status="proposed", shown="accepted", title="MFA"),
        _item(6, "2027-Q1", status="proposed", title="Awareness"),
        _item(7, "2027-Q2", title="Later"),
    ]
    a = _review(items)
    quarter = a.section("quarter").entries
    assert [e.ref for e in quarter] == ["item:2", "item:1", "item:5", "item:6", "item:3"]
    assert [e.note for e in quarter] == ["in_progress", "approved", "accepted", "proposed", "done"]
    assert all(e.quarter == "2027-Q1" for e in quarter)
    assert a.headline.startswith("2027-Q1: 5 on the roadmap · 1 next quarter · 0 done")
    assert " due" not in a.headline  # no "0 due" beside a roadmap that has items


def test_it_counts_a_multi_quarter_item_in_every_quarter_it_spans() -> None:
    items = [_item(1, "2026-Q4", duration=3, title="Backups"), _item(2, "2026-Q3", duration=2, title="DR")]
    a = _review(items)
    assert _refs(a, "quarter") == ["item:1"]
    assert a.section("quarter").entries[0].quarter == "2026-Q4–2027-Q2"
    assert _refs(a, "next") == ["item:1"]
    assert _refs(a, "late") == ["item:2"]  # 2026-Q3–2026-Q4 ended on 31 December
    assert a.section("late").entries[0].overdue_days == (REVIEW.date() - dt.date(2026, 12, 31)).days


def test_it_lists_items_late_against_their_quarter_longest_late_first() -> None:
    items = [
        _item(1, "2026-Q4", title="Firewall"),
        _item(2, "2026-Q2", status="proposed", title="Policy"),
        _item(3, "2026-Q4", status="done", title="Done already"),
        _item(4, "2026-Q4", status="dropped", title="Dropped"),
        _item(5, "2027-Q1", title="This quarter"),
    ]
    a = _review(items)
    late = a.section("late").entries
    assert [e.ref for e in late] == ["item:2", "item:1"]
    assert late[1].overdue_days == 60 and late[1].overdue
    assert "1 late" not in a.headline and "· 2 late ·" in a.headline


def test_it_shows_the_next_quarters_open_items_with_their_costs() -> None:
    items = [
        _item(1, "2027-Q2", one_time="1200.50", monthly="45", title="Backups"),
        _item(2, "2027-Q2", status="done", one_time="99"),
        _item(3, "2027-Q2", status="dropped", one_time="99"),
        _item(4, "2027-Q1", one_time="500"),
    ]
    a = _review(items)
    entries = a.section("next").entries
    assert [e.ref for e in entries] == ["item:1"]
    assert (entries[0].one_time_cost, entries[0].monthly_cost) == (Decimal("1200.50"), Decimal("45"))
    assert a.section("quarter").entries[0].one_time_cost is None  # costs are the next quarter's section's


def test_it_warns_of_critical_work_the_caller_names_as_unplaced() -> None:
    unplaced = [_item(8, "2029-Q3", title="Security controls"), _item(7, title="Backups"), _item(9, title="Backups")]
    a = _review([], unplaced=unplaced)
    section = a.section("unplaced")
    assert [e.ref for e in section.entries] == ["item:7", "item:9", "item:8"]  # no quarter first
    assert section.is_warning and a.warnings == (section,)
    assert "3 critical unplaced" in a.headline
    assert not _review([]).section("unplaced").is_warning and _review([]).warnings == ()
    monthly = build_agenda(kind="monthly", starts_at=REVIEW, previous=None, items=[], unplaced=unplaced)
    assert monthly.warnings == ()


def test_it_names_the_previous_held_meeting() -> None:
    previous = PreviousMeeting(4, "Quarterly review 2026-Q3", dt.datetime(2026, 9, 11, 10, tzinfo=UTC))
    a = _review([], previous=previous)
    assert (a.previous_id, a.previous_title, a.previous_at) == (4, "Quarterly review 2026-Q3", previous.starts_at)
    assert _review([]).previous_title == "" and _review([]).previous_id is None


def test_it_round_trips_the_roadmap_through_json_and_still_reads_agendas_frozen_before() -> None:
    a = _review(
        [_item(1, "2027-Q1"), _item(2, "2027-Q2", one_time="10.25", monthly="3"), _item(3, "2026-Q1")],
        unplaced=[_item(4)],
        previous=PreviousMeeting(4, "Q3", dt.datetime(2026, 9, 11, 10, tzinfo=UTC)),
    )
    data = json.loads(json.dumps(a.as_data()))
    assert agenda_from_data(data) == a
    assert data["sections"][2]["entries"][0]["one_time_cost"] == "10.25"
    old = {  # a quarterly agenda as it was stored before the roadmap sections
        "format": 1,
        "kind": "quarterly",
        "meeting_day": "2026-05-04",
        "previous_at": None,
        "headline": "1 due · 0 done · 0 decisions pending",
        "sections": [
            {
                "key": "due",
                "title": "Due or overdue",
                "empty_text": "",
                "entries": [{"ref": "item:1", "text": "Old", "when": "2026-05-05", "overdue_days": 0}],
            }
        ],
    }
    restored = agenda_from_data(old)
    assert restored.quarter == "" and restored.previous_title == ""
    assert restored.headline == "1 due · 0 done · 0 decisions pending"
    assert restored.section("quarter").is_empty and restored.warnings == ()


def test_it_survives_the_ends_of_the_quarter_range() -> None:
    items = [_item(1, "2999-Q4", duration=3), _item(2, "2999-Q3", duration=4)]
    assert _item(2, "2999-Q3", duration=4).quarters == ("2999-Q3", "2999-Q4")
    a = _review(items, starts_at=dt.datetime(2999, 11, 1, 10, tzinfo=UTC))
    assert _refs(a, "quarter") == ["item:1", "item:2"] and _refs(a, "late") == []
    assert a.next_quarter == "" and a.section("next").is_empty
    assert _item(3, "not a quarter").quarters == ()


# --- meetings that overlap ---------------------------------------------------------------------------------------


def _slot(id: int, hour: float, minutes: int, title: str = "") -> Slot:
    start = dt.datetime(2027, 3, 1, tzinfo=UTC) + dt.timedelta(hours=hour)
    return Slot(id, title or f"Meeting {id}", start, minutes)


def test_it_finds_the_meetings_that_overlap_and_not_those_that_touch() -> None:
    review = _slot(1, 10, 90)
    others = [
        _slot(2, 10, 45, "Monthly review 2027-03"),  # same slot
        _slot(3, 11.5, 30),  # starts when the review ends
        _slot(4, 9, 60),  # ends when the review starts
        _slot(5, 9.5, 31),  # ends one minute into it
        _slot(1, 10, 90),  # the review itself
    ]
    assert [c.id for c in clashes(review, others)] == [5, 2]
    text = clash_text(others[0], ZoneInfo("Europe/Berlin"))
    assert text == "It overlaps “Monthly review 2027-03” on 2027-03-01 from 11:00 to 11:45."
    assert clash_text(_slot(6, 23, 120), UTC).endswith("from 23:00 to 2027-03-02 01:00.")


slots = st.lists(
    st.builds(
        lambda i, m, d: Slot(i, f"M{i}", dt.datetime(2027, 3, 1, tzinfo=UTC) + dt.timedelta(minutes=m), d),
        st.integers(1, 10_000),
        st.integers(0, 3 * 24 * 60),
        st.integers(5, 1440),
    ),
    max_size=20,
    unique_by=lambda s: s.id,
)


@settings(max_examples=200, deadline=None)
@given(slots=slots)
def test_law_overlapping_is_symmetric_and_a_meeting_never_clashes_with_itself(slots: list[Slot]) -> None:
    for s in slots:
        found = {c.id for c in clashes(s, slots)}
        assert s.id not in found
        for o in slots:
            if o.id != s.id:
                assert (o.id in found) == (s.id in {c.id for c in clashes(o, slots)})
                shared = max(s.starts_at, o.starts_at) < min(s.ends_at, o.ends_at)
                assert (o.id in found) == shared


# --- laws ----------------------------------------------------------------------------------------------------------

quarter_labels = st.integers(min_value=-6, max_value=6).map(lambda n: quarters.add("2027-Q1", n))
roadmap_items = st.lists(
    st.builds(
        lambda i, status, quarter, duration, accepted: ItemSnapshot(
            id=i,
            title=f"Item {i % 5}",
            status=status,
            quarter=quarter,
            duration=duration,
            one_time_cost=Decimal(i % 900),
            shown="accepted" if accepted and status == "proposed" else "",
        ),
        st.integers(min_value=1, max_value=10_000),
        st.sampled_from(STATUSES),
        st.just("") | quarter_labels,
        st.integers(min_value=1, max_value=8),
        st.booleans(),
    ),
    max_size=40,
    unique_by=lambda i: i.id,
)
review_days = st.integers(min_value=0, max_value=364).map(
    lambda n: dt.datetime(2027, 1, 1, 10, tzinfo=UTC) + dt.timedelta(days=n)
)


@settings(max_examples=200, deadline=None)
@given(items=roadmap_items, starts_at=review_days)
def test_law_the_quarter_section_is_exactly_the_items_spanning_the_review_quarter(
    items: list[ItemSnapshot], starts_at: dt.datetime
) -> None:
    a = _review(items, starts_at=starts_at)
    q = quarters.of_date(starts_at.date())
    expected = {
        i.id for i in items if i.status != "dropped" and i.quarter and 0 <= quarters.index_in(q, i.quarter) < i.duration
    }
    refs = _refs(a, "quarter")
    assert len(refs) == len(set(refs)) and {int(r.split(":")[1]) for r in refs} == expected


@settings(max_examples=200, deadline=None)
@given(items=roadmap_items, starts_at=review_days)
def test_law_late_items_are_open_their_span_is_over_and_they_are_not_this_quarters(
    items: list[ItemSnapshot], starts_at: dt.datetime
) -> None:
    a = _review(items, starts_at=starts_at)
    q = quarters.of_date(starts_at.date())
    by_id = {i.id: i for i in items}
    late = {int(r.split(":")[1]) for r in _refs(a, "late")}
    expected = {
        i.id
        for i in items
        if i.is_open and i.quarter and quarters.index_in(quarters.add(i.quarter, i.duration - 1), q) < 0
    }
    assert late == expected
    assert not late & {int(r.split(":")[1]) for r in _refs(a, "quarter")}
    assert all(e.overdue_days > 0 for e in a.section("late").entries)
    days = [e.overdue_days for e in a.section("late").entries]
    assert days == sorted(days, reverse=True)
    assert all(by_id[i].status not in ("done", "dropped") for i in late)


@settings(max_examples=200, deadline=None)
@given(items=roadmap_items, starts_at=review_days)
def test_law_the_next_quarter_lists_the_open_items_spanning_it_with_their_costs(
    items: list[ItemSnapshot], starts_at: dt.datetime
) -> None:
    a = _review(items, starts_at=starts_at)
    nq = quarters.add(quarters.of_date(starts_at.date()), 1)
    entries = a.section("next").entries
    expected = {i.id for i in items if i.is_open and nq in i.quarters}
    assert {int(e.ref.split(":")[1]) for e in entries} == expected
    by_id = {i.id: i for i in items}
    assert all(e.one_time_cost == by_id[int(e.ref.split(":")[1])].one_time_cost for e in entries)


@settings(max_examples=100, deadline=None)
@given(items=roadmap_items, duration=st.integers(1, 8), first=quarter_labels)
def test_law_an_item_is_on_the_review_of_every_quarter_it_spans_and_of_no_other(
    items: list[ItemSnapshot], duration: int, first: str
) -> None:
    item = ItemSnapshot(id=0, title="Spanning", status="approved", quarter=first, duration=duration)
    for n in range(-1, duration + 1):
        day = quarters.start(quarters.add(first, n)) + dt.timedelta(days=20)
        a = _review([*items, item], starts_at=dt.datetime.combine(day, dt.time(10), tzinfo=UTC))
        assert ("item:0" in _refs(a, "quarter")) == (0 <= n < duration)
        assert ("item:0" in _refs(a, "late")) == (n >= duration)


@settings(max_examples=100, deadline=None)
@given(items=roadmap_items, unplaced=roadmap_items, starts_at=review_days, seed=st.integers())
def test_law_the_order_of_the_inputs_never_changes_a_quarterly_agenda_and_it_round_trips(
    items: list[ItemSnapshot], unplaced: list[ItemSnapshot], starts_at: dt.datetime, seed: int
) -> None:
    shuffled, shuffled_unplaced = list(items), list(unplaced)
    random.Random(seed).shuffle(shuffled)
    random.Random(seed).shuffle(shuffled_unplaced)
    a = _review(items, unplaced=unplaced, starts_at=starts_at)
    assert a == _review(shuffled, unplaced=shuffled_unplaced, starts_at=starts_at)
    assert agenda_from_data(json.loads(json.dumps(a.as_data()))) == a
    assert all(s.empty_text for s in a.sections if s.is_empty)


@pytest.mark.parametrize("kind", ["weekly", "monthly"])
def test_it_keeps_the_headline_of_the_other_kinds(kind: str) -> None:
    a = build_agenda(kind=kind, starts_at=REVIEW, previous=None, items=[_item(1, "2027-Q1")])
    assert a.headline == "0 due · 0 done · 0 decisions pending"

"""The agenda of an execution-cycle meeting (quarterly, monthly or weekly review), meeting series dates, and
meetings that overlap.

Pure: stdlib and core.domain.quarters only, frozen dataclasses in and out, no clock: the meeting's time, the
client's last held meeting before it and snapshots of the client's action items, scores and pending decisions are
passed in. docs/execution.md describes the rules; in short, these sections, always in this order:

A quarterly review first reads the roadmap (an item spans ``quarter`` … ``quarter + duration - 1`` and counts
in every quarter it spans):

- **On the roadmap for <quarter>** — the items (not dropped) whose span holds the review's quarter, with their
  state. In progress first, then approved, accepted, proposed, done; then by title.
- **Late against the roadmap** — open items (not done, not dropped) whose last quarter ended before the
  meeting's day; the longest late first.
- **Next quarter** — the open items whose span holds the quarter after the review's, with their one-time and
  monthly costs.
- **Critical work not on the roadmap** — a warning: the open items the caller names as lifting a critical or
  Continuous practice without a place on the roadmap (the rule is planning's ``critical_unplaced``; this module
  only lists them).

Every kind of meeting then has:

1. **Due or overdue** — open items (not done, not dropped) due on or before the meeting's day + the cadence's
   window (7 days weekly, 31 monthly, 92 quarterly). Those due before the meeting's day are flagged overdue.
   Overdue first, then by due date, title, id.
2. **Done since last time** — done items whose ``done_at`` lies after the previous held meeting's start and at
   or before this meeting's start (without a held meeting before, it looks back one window). Oldest first.
3. **Score changes** — the overall ITCq and each block of the latest final assessment against the one before
   (when there is one). Overall first, then the blocks in the framework's order.
4. **Decisions pending** — the client's decisions not decided yet, oldest first.

An empty section carries a sentence that says so. ``Agenda.as_data()`` / ``agenda_from_data()`` turn an agenda
into JSON-able data and back (a held meeting keeps it frozen in ``Meeting.agenda``; agendas frozen before the
roadmap sections existed still load).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from sevenc.core.domain import quarters

WEEKLY: Final = "weekly"
MONTHLY: Final = "monthly"
QUARTERLY: Final = "quarterly"
WINDOW_DAYS: Final[Mapping[str, int]] = {WEEKLY: 7, MONTHLY: 31, QUARTERLY: 92}
MAX_SERIES: Final = 52
MAX_MEETING_MINUTES: Final = 1440  # a meeting lasts 5 minutes to a day

PROPOSED: Final = "proposed"
ACCEPTED: Final = "accepted"  # shown, not stored: a proposal a vCIO accepted (planning.models.shown_status)
APPROVED: Final = "approved"
IN_PROGRESS: Final = "in_progress"
DONE: Final = "done"
DROPPED: Final = "dropped"
CLOSED: Final = frozenset({DONE, DROPPED})
STATE_ORDER: Final[Mapping[str, int]] = {IN_PROGRESS: 0, APPROVED: 1, ACCEPTED: 2, PROPOSED: 3, DONE: 4}

SECTION_QUARTER: Final = "quarter"
SECTION_LATE: Final = "late"
SECTION_NEXT: Final = "next"
SECTION_UNPLACED: Final = "unplaced"
SECTION_DUE: Final = "due"
SECTION_DONE: Final = "done"
SECTION_SCORES: Final = "scores"
SECTION_DECISIONS: Final = "decisions"
ROADMAP_SECTION_KEYS: Final = (SECTION_QUARTER, SECTION_LATE, SECTION_NEXT, SECTION_UNPLACED)
COMMON_SECTION_KEYS: Final = (SECTION_DUE, SECTION_DONE, SECTION_SCORES, SECTION_DECISIONS)
SECTION_KEYS: Final = COMMON_SECTION_KEYS  # a weekly check-in's or a monthly review's sections
QUARTERLY_SECTION_KEYS: Final = ROADMAP_SECTION_KEYS + COMMON_SECTION_KEYS
DATA_FORMAT: Final = 1  # the version of as_data()'s shape (later keys are optional, so older data still loads)


def section_keys(kind: str) -> tuple[str, ...]:
    """The sections of a meeting of ``kind``, in order."""
    window_days(kind)
    return QUARTERLY_SECTION_KEYS if kind == QUARTERLY else COMMON_SECTION_KEYS


# --- inputs --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemSnapshot:
    """An action item as the agenda needs it. ``done_at`` is aware; ``responsible`` is a display name.
    ``quarter`` ("2027-Q1", or empty when not on the roadmap) and ``duration`` (quarters) give its span; the
    costs are in the workspace's currency. ``shown``: the status as every page shows it (planning's
    ``shown_status``: "accepted" for a proposal a vCIO accepted); empty means the status itself."""

    id: int
    title: str
    status: str
    due_date: dt.date | None = None
    done_at: dt.datetime | None = None
    responsible: str = ""
    quarter: str = ""
    duration: int = 1
    one_time_cost: Decimal = Decimal(0)
    monthly_cost: Decimal = Decimal(0)
    shown: str = ""

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED

    @property
    def state(self) -> str:
        """The status as the roadmap shows it (``shown``, or the status when none was given)."""
        return self.shown or self.status

    @property
    def quarters(self) -> tuple[str, ...]:
        """The quarters the item spans (``quarter`` … ``quarter + duration - 1``); none when it has no quarter
        (or an unreadable one). A span that would run past the last quarter there is stops there."""
        return item_span(self.quarter, self.duration)


def item_span(quarter: str, duration: int) -> tuple[str, ...]:
    """``("2027-Q4", 2)`` → ``("2027-Q4", "2028-Q1")``; ``()`` for an empty or unreadable quarter."""
    if not quarter:
        return ()
    span: list[str] = []
    for n in range(max(1, duration)):
        try:
            span.append(quarters.add(quarter, n))
        except ValueError:
            break
    return tuple(span)


def span_label(span: Sequence[str]) -> str:
    """``("2027-Q1",)`` → "2027-Q1"; ``("2027-Q1", "2027-Q2")`` → "2027-Q1–2027-Q2"; ``()`` → ""."""
    if not span:
        return ""
    return span[0] if len(span) == 1 else f"{span[0]}–{span[-1]}"


@dataclass(frozen=True, slots=True)
class BlockScore:
    key: str
    name: str
    score: float | None


@dataclass(frozen=True, slots=True)
class ScoreSnapshot:
    """The scores (0–100) of one final assessment. ``label``: its period or date."""

    label: str
    overall: float | None
    blocks: tuple[BlockScore, ...] = ()


@dataclass(frozen=True, slots=True)
class DecisionSnapshot:
    id: int
    text: str
    raised_on: dt.date | None = None
    meeting_title: str = ""
    item_title: str = ""


@dataclass(frozen=True, slots=True)
class PreviousMeeting:
    """The client's last held meeting before this one: the agenda's "since the previous meeting"."""

    id: int
    title: str
    starts_at: dt.datetime  # aware


# --- outputs -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a section.

    ``ref``: what it is about ("item:12", "decision:4", "score:overall", "score:block:<key>").
    ``when``: the due date, the day it was done, or the day the decision was raised. ``overdue``: by how
    many days an item is late (0: not late), against its due date or, in the late section, against the end of
    its last quarter. ``before``/``after``: scores (the score section only). ``quarter``: the quarters a
    roadmap item spans ("2027-Q1" or "2027-Q1–2027-Q2"). ``one_time_cost``/``monthly_cost``: an item's costs
    (the next quarter's section only).
    """

    ref: str
    text: str
    when: dt.date | None = None
    who: str = ""
    note: str = ""
    overdue_days: int = 0
    before: float | None = None
    after: float | None = None
    quarter: str = ""
    one_time_cost: Decimal | None = None
    monthly_cost: Decimal | None = None

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    entries: tuple[Entry, ...]
    empty_text: str

    @property
    def is_empty(self) -> bool:
        return not self.entries

    @property
    def is_warning(self) -> bool:
        """A section that warns when it has entries (critical work not on the roadmap)."""
        return self.key == SECTION_UNPLACED and bool(self.entries)


EMPTY_SECTION: Final = Section("", "", (), "")


@dataclass(frozen=True, slots=True)
class Agenda:
    kind: str
    meeting_day: dt.date
    previous_at: dt.datetime | None
    sections: tuple[Section, ...]
    previous_id: int | None = None
    previous_title: str = ""
    quarter: str = ""  # a quarterly review's quarter (the meeting day's); empty for the other kinds

    def section(self, key: str) -> Section:
        """The section of ``key``; an empty one when the agenda has none (e.g. frozen before it existed)."""
        return next((s for s in self.sections if s.key == key), EMPTY_SECTION)

    def has_section(self, key: str) -> bool:
        return any(s.key == key for s in self.sections)

    @property
    def next_quarter(self) -> str:
        return _quarter_after(self.quarter)

    @property
    def overdue_count(self) -> int:
        return sum(1 for e in self.section(SECTION_DUE).entries if e.overdue)

    @property
    def warnings(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.is_warning)

    @property
    def headline(self) -> str:
        """One line that sums the agenda up, e.g. "3 due (1 overdue) · 2 done · ITCq 54 → 61 (+7) · 1 decision
        pending"; a quarterly review's starts with its roadmap: "2027-Q1: 6 on the roadmap · 1 late · 4 next
        quarter · 2 critical unplaced · …" (and names due items only when there are some)."""
        parts = []
        roadmap = self.has_section(SECTION_QUARTER)
        if roadmap:
            parts.append(f"{self.quarter}: {len(self.section(SECTION_QUARTER).entries)} on the roadmap")
            late = len(self.section(SECTION_LATE).entries)
            if late:
                parts.append(f"{late} late")
            parts.append(f"{len(self.section(SECTION_NEXT).entries)} next quarter")
            unplaced = len(self.section(SECTION_UNPLACED).entries)
            if unplaced:
                parts.append(f"{unplaced} critical unplaced")
        due = len(self.section(SECTION_DUE).entries)
        if due or not roadmap:
            parts.append(f"{due} due" + (f" ({self.overdue_count} overdue)" if self.overdue_count else ""))
        parts.append(f"{len(self.section(SECTION_DONE).entries)} done")
        overall = next((e for e in self.section(SECTION_SCORES).entries if e.ref == "score:overall"), None)
        if overall is not None and overall.after is not None:
            if overall.change is not None:
                parts.append(f"ITCq {_fmt(overall.before)} → {_fmt(overall.after)} ({_signed(overall.change)})")
            else:
                parts.append(f"ITCq {_fmt(overall.after)}")
        pending = len(self.section(SECTION_DECISIONS).entries)
        parts.append(f"{pending} decision{'s' if pending != 1 else ''} pending")
        return " · ".join(parts)

    def as_data(self) -> dict[str, Any]:
        """JSON-able (dates as ISO strings, money as decimal strings), for ``Meeting.agenda``."""
        return {
            "format": DATA_FORMAT,
            "kind": self.kind,
            "meeting_day": self.meeting_day.isoformat(),
            "previous_at": self.previous_at.isoformat() if self.previous_at else None,
            "previous_id": self.previous_id,
            "previous_title": self.previous_title,
            "quarter": self.quarter,
            "headline": self.headline,
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "empty_text": s.empty_text,
                    "entries": [_entry_data(e) for e in s.entries],
                }
                for s in self.sections
            ],
        }


def _money_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _entry_data(e: Entry) -> dict[str, Any]:
    return {
        "ref": e.ref,
        "text": e.text,
        "when": e.when.isoformat() if e.when else None,
        "who": e.who,
        "note": e.note,
        "overdue_days": e.overdue_days,
        "before": e.before,
        "after": e.after,
        "quarter": e.quarter,
        "one_time_cost": _money_text(e.one_time_cost),
        "monthly_cost": _money_text(e.monthly_cost),
    }


def agenda_from_data(data: Mapping[str, Any]) -> Agenda:
    """The agenda that ``Agenda.as_data()`` gave. Raises ValueError on data of another shape."""
    if not isinstance(data, Mapping) or data.get("format") != DATA_FORMAT:
        raise ValueError("not an agenda")

    def day(value: Any) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    def number(value: Any) -> float | None:
        return None if value is None else float(value)

    def money(value: Any) -> Decimal | None:
        if value is None:
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise ValueError(f"{value!r} is not an amount") from None

    sections = tuple(
        Section(
            key=str(s["key"]),
            title=str(s["title"]),
            empty_text=str(s["empty_text"]),
            entries=tuple(
                Entry(
                    ref=str(e["ref"]),
                    text=str(e["text"]),
                    when=day(e.get("when")),
                    who=str(e.get("who", "")),
                    note=str(e.get("note", "")),
                    overdue_days=int(e.get("overdue_days", 0)),
                    before=number(e.get("before")),
                    after=number(e.get("after")),
                    quarter=str(e.get("quarter") or ""),
                    one_time_cost=money(e.get("one_time_cost")),
                    monthly_cost=money(e.get("monthly_cost")),
                )
                for e in s["entries"]
            ),
        )
        for s in data["sections"]
    )
    previous = data.get("previous_at")
    previous_id = data.get("previous_id")
    return Agenda(
        kind=str(data["kind"]),
        meeting_day=dt.date.fromisoformat(data["meeting_day"]),
        previous_at=dt.datetime.fromisoformat(previous) if previous else None,
        sections=sections,
        previous_id=int(previous_id) if previous_id is not None else None,
        previous_title=str(data.get("previous_title") or ""),
        quarter=str(data.get("quarter") or ""),
    )


# --- building ------------------------------------------------------------------------------------------------


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _signed(value: float) -> str:
    rounded = round(value)
    return "±0" if rounded == 0 else f"{rounded:+d}"


def window_days(kind: str) -> int:
    try:
        return WINDOW_DAYS[kind]
    except KeyError:
        raise ValueError(f"unknown meeting kind {kind!r}; use weekly, monthly or quarterly") from None


def _state_key(i: ItemSnapshot) -> tuple[int, str, int]:
    return (STATE_ORDER.get(i.state, len(STATE_ORDER)), i.title.casefold(), i.id)


def _roadmap_entry(i: ItemSnapshot, *, costs: bool = False, overdue_days: int = 0) -> Entry:
    return Entry(
        ref=f"item:{i.id}",
        text=i.title,
        who=i.responsible,
        note=i.state,
        overdue_days=overdue_days,
        quarter=span_label(i.quarters),
        one_time_cost=i.one_time_cost if costs else None,
        monthly_cost=i.monthly_cost if costs else None,
    )


def _quarter_section(items: Iterable[ItemSnapshot], quarter: str) -> Section:
    held = sorted((i for i in items if i.status != DROPPED and quarter in i.quarters), key=_state_key)
    return Section(
        SECTION_QUARTER,
        f"On the roadmap for {quarter}",
        tuple(_roadmap_entry(i) for i in held),
        f"Nothing is planned for {quarter} on the roadmap.",
    )


def _late_section(items: Iterable[ItemSnapshot], meeting_day: dt.date) -> Section:
    late = []
    for i in items:
        span = i.quarters
        if i.is_open and span:
            try:
                ended = quarters.end(span[-1])
            except ValueError:  # the last quarter there is: it never ends before a meeting
                continue
            if ended < meeting_day:
                late.append((i, (meeting_day - ended).days))
    late.sort(key=lambda pair: (-pair[1], pair[0].title.casefold(), pair[0].id))
    return Section(
        SECTION_LATE,
        "Late against the roadmap",
        tuple(_roadmap_entry(i, overdue_days=days) for i, days in late),
        "No item is late against its quarter.",
    )


def _next_section(items: Iterable[ItemSnapshot], quarter: str) -> Section:
    coming = sorted((i for i in items if i.is_open and quarter in i.quarters), key=_state_key)
    return Section(
        SECTION_NEXT,
        f"Next quarter: {quarter}",
        tuple(_roadmap_entry(i, costs=True) for i in coming),
        f"Nothing is planned for {quarter} on the roadmap.",
    )


def _unplaced_section(unplaced: Iterable[ItemSnapshot]) -> Section:
    ordered = sorted(
        {i.id: i for i in unplaced}.values(), key=lambda i: (i.quarter != "", i.quarter, i.title.casefold(), i.id)
    )
    return Section(
        SECTION_UNPLACED,
        "Critical work not on the roadmap",
        tuple(_roadmap_entry(i) for i in ordered),
        "Every open item that lifts a critical practice or the Continuous block is on the roadmap.",
    )


def _due_section(items: Iterable[ItemSnapshot], meeting_day: dt.date, window: int) -> Section:
    horizon = meeting_day + dt.timedelta(days=window)
    entries = [
        Entry(
            ref=f"item:{i.id}",
            text=i.title,
            when=i.due_date,
            who=i.responsible,
            note=i.status,
            overdue_days=max(0, (meeting_day - i.due_date).days),
        )
        for i in items
        if i.is_open and i.due_date is not None and i.due_date <= horizon
    ]
    entries.sort(key=lambda e: (not e.overdue, e.when or meeting_day, e.text.casefold(), e.ref))
    return Section(
        SECTION_DUE,
        "Due or overdue",
        tuple(entries),
        f"No open item has a due date by {horizon.isoformat()}, and none is overdue.",
    )


def _done_section(items: Iterable[ItemSnapshot], starts_at: dt.datetime, since: dt.datetime, first: bool) -> Section:
    done = [i for i in items if i.status == DONE and i.done_at is not None and since < i.done_at <= starts_at]
    done.sort(key=lambda i: (i.done_at, i.title.casefold(), i.id))
    entries = tuple(
        Entry(
            ref=f"item:{i.id}",
            text=i.title,
            when=i.done_at.astimezone(starts_at.tzinfo).date() if i.done_at else None,
            who=i.responsible,
            note=DONE,
        )
        for i in done
    )
    empty = (
        f"Nothing was done in the {(starts_at - since).days} days before this meeting."
        if first
        else "Nothing was done since the previous meeting."
    )
    return Section(SECTION_DONE, "Done since last time", entries, empty)


def _score_section(latest: ScoreSnapshot | None, previous: ScoreSnapshot | None) -> Section:
    if latest is None:
        return Section(SECTION_SCORES, "Score changes", (), "No final assessment yet: no scores to compare.")
    before_blocks = {b.key: b.score for b in previous.blocks} if previous else {}
    note = f"{previous.label} → {latest.label}" if previous else f"{latest.label} (first final assessment)"
    entries = [
        Entry(
            ref="score:overall",
            text="ITCq (overall)",
            note=note,
            before=previous.overall if previous else None,
            after=latest.overall,
        )
    ]
    entries += [
        Entry(ref=f"score:block:{b.key}", text=b.name, note=note, before=before_blocks.get(b.key), after=b.score)
        for b in latest.blocks
    ]
    return Section(SECTION_SCORES, "Score changes", tuple(entries), "")


def _decision_section(decisions: Iterable[DecisionSnapshot]) -> Section:
    ordered = sorted(decisions, key=lambda d: (d.raised_on or dt.date.min, d.id))
    entries = []
    for d in ordered:
        where = [
            f"raised at {d.meeting_title}" if d.meeting_title else "",
            f"about {d.item_title}" if d.item_title else "",
        ]
        entries.append(
            Entry(ref=f"decision:{d.id}", text=d.text, when=d.raised_on, note="; ".join(w for w in where if w))
        )
    return Section(SECTION_DECISIONS, "Decisions pending", tuple(entries), "No decisions are pending.")


def review_quarter(day: dt.date) -> str:
    """The quarter a quarterly review on ``day`` reviews: the one the day falls in ("" outside 2000–2999)."""
    try:
        return quarters.of_date(day)
    except ValueError:
        return ""


def _quarter_after(quarter: str) -> str:
    try:
        return quarters.add(quarter, 1) if quarter else ""
    except ValueError:
        return ""


def build_agenda(
    *,
    kind: str,
    starts_at: dt.datetime,
    previous: PreviousMeeting | None,
    items: Sequence[ItemSnapshot],
    latest_scores: ScoreSnapshot | None = None,
    previous_scores: ScoreSnapshot | None = None,
    decisions: Sequence[DecisionSnapshot] = (),
    unplaced: Sequence[ItemSnapshot] = (),
) -> Agenda:
    """The agenda of a meeting of ``kind`` at ``starts_at``.

    ``starts_at`` must be aware, in the time zone whose calendar day counts (the workspace's): its date is
    the meeting's day that due dates and quarters are compared with. ``previous``: the client's last *held*
    meeting before this one (None when there is none). ``unplaced``: the open items that lift critical work
    and are not placed on the roadmap (a quarterly review warns of them; the caller applies the rule).
    The order of the inputs never changes the result.
    """
    if starts_at.tzinfo is None or starts_at.utcoffset() is None:
        raise ValueError("starts_at must be an aware datetime")
    previous_at = previous.starts_at if previous is not None else None
    if previous_at is not None and (previous_at.tzinfo is None or previous_at.utcoffset() is None):
        raise ValueError("the previous meeting's start must be an aware datetime")
    window = window_days(kind)
    meeting_day = starts_at.date()
    since = previous_at if previous_at is not None else starts_at - dt.timedelta(days=window)
    quarter = review_quarter(meeting_day) if kind == QUARTERLY else ""
    roadmap: tuple[Section, ...] = ()
    if kind == QUARTERLY:
        roadmap = (
            _quarter_section(items, quarter),
            _late_section(items, meeting_day),
            _next_section(items, _quarter_after(quarter)),
            _unplaced_section(unplaced),
        )
    sections = (
        *roadmap,
        _due_section(items, meeting_day, window),
        _done_section(items, starts_at, since, previous_at is None),
        _score_section(latest_scores, previous_scores),
        _decision_section(decisions),
    )
    return Agenda(
        kind=kind,
        meeting_day=meeting_day,
        previous_at=previous_at,
        sections=sections,
        previous_id=previous.id if previous is not None else None,
        previous_title=previous.title if previous is not None else "",
        quarter=quarter,
    )


# --- meetings that overlap -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Slot:
    """A meeting's time: ``starts_at`` aware, ``minutes`` long."""

    id: int
    title: str
    starts_at: dt.datetime
    minutes: int

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.minutes)

    def overlaps(self, other: Slot) -> bool:
        """Whether the two share a moment; a meeting that starts when the other ends does not overlap it."""
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


def clashes(slot: Slot, others: Iterable[Slot]) -> tuple[Slot, ...]:
    """The ``others`` (not ``slot`` itself, by id) that overlap ``slot``, earliest first."""
    found = {o.id: o for o in others if o.id != slot.id and slot.overlaps(o)}
    return tuple(sorted(found.values(), key=lambda o: (o.starts_at, o.id)))


def clash_text(clash: Slot, zone: dt.tzinfo, subject: str = "It") -> str:
    """The warning for one overlapping meeting, its times in ``zone``: 'It overlaps “Monthly review 2027-03”
    on 2027-03-01 from 10:00 to 10:45.' (``subject`` names the meeting that overlaps, "It" by default)."""
    start, end = clash.starts_at.astimezone(zone), clash.ends_at.astimezone(zone)
    until = end.strftime("%H:%M") if end.date() == start.date() else end.strftime("%Y-%m-%d %H:%M")
    return (
        f"{subject} overlaps “{clash.title}” on {start.strftime('%Y-%m-%d')} from {start.strftime('%H:%M')} to {until}."
    )


# --- series --------------------------------------------------------------------------------------------------


def _add_months(moment: dt.datetime, months: int, day: int) -> dt.datetime:
    month0 = moment.month - 1 + months
    year, month = moment.year + month0 // 12, month0 % 12 + 1
    return moment.replace(year=year, month=month, day=min(day, calendar.monthrange(year, month)[1]))


def series_starts(*, first: dt.datetime, kind: str, count: int) -> tuple[dt.datetime, ...]:
    """The starts of ``count`` meetings of ``kind`` from ``first``: every 7 days, every month or every three
    months, keeping the wall-clock time of ``first`` in its own time zone (so a 10:00 review stays at 10:00
    across a daylight-saving change). A monthly or quarterly series keeps ``first``'s day of the month, or the
    month's last day when the month is shorter (31 Jan → 28 Feb → 31 Mar). 1 ≤ count ≤ 52."""
    window_days(kind)
    if not 1 <= count <= MAX_SERIES:
        raise ValueError(f"a series has 1 to {MAX_SERIES} meetings, not {count}")
    if kind == WEEKLY:
        return tuple(first + dt.timedelta(weeks=n) for n in range(count))
    step = 1 if kind == MONTHLY else 3
    return tuple(_add_months(first, n * step, first.day) for n in range(count))

"""The agenda of an execution-cycle meeting (quarterly, monthly or weekly review), and meeting series dates.

Pure: stdlib only, frozen dataclasses in and out, no clock: the meeting's time, the previous meeting's time and
snapshots of the client's action items, scores and pending decisions are passed in. docs/execution.md describes
the rules; in short, four sections, always in this order:

1. **Due or overdue** — open items (not done, not dropped) due on or before the meeting's day + the cadence's
   window (7 days weekly, 31 monthly, 92 quarterly). Those due before the meeting's day are flagged overdue.
   Overdue first, then by due date, title, id.
2. **Done since last time** — done items whose ``done_at`` lies after the previous meeting's start and at or
   before this meeting's start (the first meeting of a client looks back one window). Oldest first.
3. **Score changes** — the overall ITCq and each block of the latest final assessment against the one before
   (when there is one). Overall first, then the blocks in the framework's order.
4. **Decisions pending** — the client's decisions not decided yet, oldest first.

An empty section carries a sentence that says so. ``Agenda.as_data()`` / ``agenda_from_data()`` turn an agenda
into JSON-able data and back (a held meeting keeps it frozen in ``Meeting.agenda``).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

WEEKLY: Final = "weekly"
MONTHLY: Final = "monthly"
QUARTERLY: Final = "quarterly"
WINDOW_DAYS: Final[Mapping[str, int]] = {WEEKLY: 7, MONTHLY: 31, QUARTERLY: 92}
MAX_SERIES: Final = 52

DONE: Final = "done"
DROPPED: Final = "dropped"
CLOSED: Final = frozenset({DONE, DROPPED})

SECTION_DUE: Final = "due"
SECTION_DONE: Final = "done"
SECTION_SCORES: Final = "scores"
SECTION_DECISIONS: Final = "decisions"
SECTION_KEYS: Final = (SECTION_DUE, SECTION_DONE, SECTION_SCORES, SECTION_DECISIONS)
DATA_FORMAT: Final = 1  # the version of as_data()'s shape


# --- inputs --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemSnapshot:
    """An action item as the agenda needs it. ``done_at`` is aware; ``responsible`` is a display name."""

    id: int
    title: str
    status: str
    due_date: dt.date | None = None
    done_at: dt.datetime | None = None
    responsible: str = ""

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED


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


# --- outputs -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a section.

    ``ref``: what it is about ("item:12", "decision:4", "score:overall", "score:block:<key>").
    ``when``: the due date, the day it was done, or the day the decision was raised. ``overdue``: by how
    many days an item is late (0: not late). ``before``/``after``: scores (the score section only).
    """

    ref: str
    text: str
    when: dt.date | None = None
    who: str = ""
    note: str = ""
    overdue_days: int = 0
    before: float | None = None
    after: float | None = None

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


@dataclass(frozen=True, slots=True)
class Agenda:
    kind: str
    meeting_day: dt.date
    previous_at: dt.datetime | None
    sections: tuple[Section, ...]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    @property
    def overdue_count(self) -> int:
        return sum(1 for e in self.section(SECTION_DUE).entries if e.overdue)

    @property
    def headline(self) -> str:
        """One line that sums the agenda up, e.g. "3 due (1 overdue) · 2 done · ITCq 54 → 61 (+7) · 1 decision
        pending"."""
        due = len(self.section(SECTION_DUE).entries)
        parts = [f"{due} due" + (f" ({self.overdue_count} overdue)" if self.overdue_count else "")]
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
        """JSON-able (dates as ISO strings), for ``Meeting.agenda``."""
        return {
            "format": DATA_FORMAT,
            "kind": self.kind,
            "meeting_day": self.meeting_day.isoformat(),
            "previous_at": self.previous_at.isoformat() if self.previous_at else None,
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
    }


def agenda_from_data(data: Mapping[str, Any]) -> Agenda:
    """The agenda that ``Agenda.as_data()`` gave. Raises ValueError on data of another shape."""
    if not isinstance(data, Mapping) or data.get("format") != DATA_FORMAT:
        raise ValueError("not an agenda")

    def day(value: Any) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    def number(value: Any) -> float | None:
        return None if value is None else float(value)

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
                )
                for e in s["entries"]
            ),
        )
        for s in data["sections"]
    )
    previous = data.get("previous_at")
    return Agenda(
        kind=str(data["kind"]),
        meeting_day=dt.date.fromisoformat(data["meeting_day"]),
        previous_at=dt.datetime.fromisoformat(previous) if previous else None,
        sections=sections,
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
        f"Nothing is due by {horizon.isoformat()} and nothing is overdue.",
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


def build_agenda(
    *,
    kind: str,
    starts_at: dt.datetime,
    previous_at: dt.datetime | None,
    items: Sequence[ItemSnapshot],
    latest_scores: ScoreSnapshot | None = None,
    previous_scores: ScoreSnapshot | None = None,
    decisions: Sequence[DecisionSnapshot] = (),
) -> Agenda:
    """The agenda of a meeting of ``kind`` at ``starts_at``.

    ``starts_at`` must be aware, in the time zone whose calendar day counts (the workspace's): its date is
    the meeting's day that due dates are compared with. ``previous_at``: the start of the client's previous
    meeting of any kind (None for the first one). The order of the inputs never changes the result.
    """
    if starts_at.tzinfo is None or starts_at.utcoffset() is None:
        raise ValueError("starts_at must be an aware datetime")
    if previous_at is not None and (previous_at.tzinfo is None or previous_at.utcoffset() is None):
        raise ValueError("previous_at must be an aware datetime")
    window = window_days(kind)
    meeting_day = starts_at.date()
    since = previous_at if previous_at is not None else starts_at - dt.timedelta(days=window)
    sections = (
        _due_section(items, meeting_day, window),
        _done_section(items, starts_at, since, previous_at is None),
        _score_section(latest_scores, previous_scores),
        _decision_section(decisions),
    )
    return Agenda(kind=kind, meeting_day=meeting_day, previous_at=previous_at, sections=sections)


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

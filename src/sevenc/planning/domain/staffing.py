"""Who a proposal from gaps goes to: its responsible party and its accountable person, read from the client's
responsibility matrix. Pure: stdlib only. docs/planning.md ("Proposals from gaps", "Staffing").

The duties of an item are the matrix's duties (responsibility areas) tied to one of the practices the item
lifts; when no duty is tied to any of them, the duties tied to the item's area of the framework. Of those duties:

- the responsible party is the party that holds R for the most of them;
- the accountable party is the party that holds A for the most of them;
- a tie goes to the party whose name comes first (ignoring case), then to the lower id, so the same matrix
  always gives the same answer whatever order its rows come in;
- when no party holds R (or A) for any of those duties, the item stays without one: nothing is guessed.

The accountable person is written as text (the item's ``accountable`` field): the party's contact person with
the party's name in brackets, or the party's name alone when it has no contact person.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

ACCOUNTABLE_MAX = 150  # ActionItem.accountable holds at most this many characters


@dataclass(frozen=True, slots=True)
class Duty:
    """One duty of the client's matrix: what it is tied to and who holds R and A for it."""

    practice_key: str
    area_key: str
    responsible: tuple[int, ...] = ()  # party ids holding R
    accountable: int | None = None  # the party id holding A (a duty has at most one)


@dataclass(frozen=True, slots=True)
class PartyRef:
    id: int
    name: str
    contact_name: str = ""


@dataclass(frozen=True, slots=True)
class Staffing:
    responsible: int | None  # a party id, or None: unstaffed
    accountable: int | None
    accountable_text: str  # "" when no party holds A
    duties: int  # how many duties the choice was made from

    @property
    def is_staffed(self) -> bool:
        return self.responsible is not None or self.accountable is not None


UNSTAFFED = Staffing(None, None, "", 0)


def duties_for(*, practice_keys: Iterable[str], area_key: str, duties: Iterable[Duty]) -> list[Duty]:
    """The duties tied to any of these practices; failing that, those tied to the area."""
    keys = set(practice_keys)
    all_duties = list(duties)
    by_practice = [d for d in all_duties if d.practice_key in keys]
    if by_practice:
        return by_practice
    return [d for d in all_duties if area_key and d.area_key == area_key]


def _most(counts: Counter[int], parties: Mapping[int, PartyRef]) -> int | None:
    """The party with the highest count; ties to the first name (case-insensitive), then the lower id. Ids that
    are not among ``parties`` (a party of another client) are never chosen."""
    known = [(n, pid) for pid, n in counts.items() if pid in parties and n > 0]
    if not known:
        return None
    best = max(n for n, _ in known)
    return min((pid for n, pid in known if n == best), key=lambda pid: (parties[pid].name.casefold(), pid))


def accountable_text(party: PartyRef) -> str:
    """The text the item's accountable field holds for this party."""
    name = party.name.strip()
    contact = party.contact_name.strip()
    text = f"{contact} ({name})" if contact and name and contact.casefold() != name.casefold() else contact or name
    return text[:ACCOUNTABLE_MAX]


def staff(
    *, practice_keys: Iterable[str], area_key: str, duties: Iterable[Duty], parties: Mapping[int, PartyRef]
) -> Staffing:
    """The responsible party and the accountable person of an item lifting ``practice_keys`` in ``area_key``."""
    chosen = duties_for(practice_keys=practice_keys, area_key=area_key, duties=duties)
    if not chosen:
        return UNSTAFFED
    r_counts: Counter[int] = Counter(pid for d in chosen for pid in set(d.responsible))
    a_counts: Counter[int] = Counter(d.accountable for d in chosen if d.accountable is not None)
    responsible = _most(r_counts, parties)
    accountable = _most(a_counts, parties)
    return Staffing(
        responsible=responsible,
        accountable=accountable,
        accountable_text=accountable_text(parties[accountable]) if accountable is not None else "",
        duties=len(chosen),
    )

"""The staffing rule (planning/domain/staffing.py): who a proposal from gaps goes to, from the responsibility
matrix. Examples first, then laws over random matrices (hypothesis)."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from sevenc.planning.domain.staffing import (
    ACCOUNTABLE_MAX,
    UNSTAFFED,
    Duty,
    PartyRef,
    accountable_text,
    duties_for,
    staff,
)

PARTIES = {
    1: PartyRef(1, "Harbour MSP", "Victor Chen"),
    2: PartyRef(2, "Office manager"),
    3: PartyRef(3, "backup vendor", "backup vendor"),
}


def test_it_gives_the_item_to_the_party_holding_r_for_most_of_its_duties() -> None:
    duties = [
        Duty("p1", "a", responsible=(1,), accountable=2),
        Duty("p1", "a", responsible=(1, 3), accountable=2),
        Duty("p2", "a", responsible=(2,), accountable=1),
        Duty("other", "b", responsible=(3,), accountable=3),  # not the item's: not counted
    ]
    got = staff(practice_keys=["p1", "p2"], area_key="a", duties=duties, parties=PARTIES)
    assert got.responsible == 1 and got.accountable == 2 and got.duties == 3
    assert got.accountable_text == "Office manager" and got.is_staffed


def test_it_writes_the_accountable_contact_with_the_party_name() -> None:
    assert accountable_text(PARTIES[1]) == "Victor Chen (Harbour MSP)"
    assert accountable_text(PARTIES[3]) == "backup vendor"  # contact and party named alike: once
    assert accountable_text(PartyRef(9, "X" * 100, "Y" * 100)) == ("Y" * 100 + " (" + "X" * 100 + ")")[:ACCOUNTABLE_MAX]


def test_it_breaks_a_tie_by_name_then_id() -> None:
    duties = [Duty("p", "a", responsible=(1,)), Duty("p", "a", responsible=(2,))]
    assert (
        staff(practice_keys=["p"], area_key="a", duties=duties, parties=PARTIES).responsible == 1
    )  # "Harbour" < "Office"
    twins = {5: PartyRef(5, "Same"), 4: PartyRef(4, "same")}
    duties = [Duty("p", "a", responsible=(5,)), Duty("p", "a", responsible=(4,))]
    assert staff(practice_keys=["p"], area_key="a", duties=duties, parties=twins).responsible == 4


def test_it_falls_back_on_the_duties_of_the_area_when_none_is_tied_to_the_practices() -> None:
    duties = [Duty("elsewhere", "a", responsible=(2,), accountable=1), Duty("x", "b", responsible=(3,))]
    got = staff(practice_keys=["p"], area_key="a", duties=duties, parties=PARTIES)
    assert (got.responsible, got.accountable) == (2, 1)
    # a practice with a duty of its own wins over the area's
    duties.append(Duty("p", "a", responsible=(3,)))
    assert staff(practice_keys=["p"], area_key="a", duties=duties, parties=PARTIES).responsible == 3


def test_it_leaves_the_item_unstaffed_without_r_or_a() -> None:
    assert staff(practice_keys=["p"], area_key="a", duties=[], parties=PARTIES) == UNSTAFFED
    only_a = staff(practice_keys=["p"], area_key="a", duties=[Duty("p", "a", accountable=2)], parties=PARTIES)
    assert only_a.responsible is None and only_a.accountable == 2
    neither = staff(practice_keys=["p"], area_key="a", duties=[Duty("p", "a")], parties=PARTIES)
    assert not neither.is_staffed and neither.accountable_text == "" and neither.duties == 1
    unknown_party = staff(practice_keys=["p"], area_key="a", duties=[Duty("p", "a", (99,), 99)], parties=PARTIES)
    assert not unknown_party.is_staffed


# --- laws ----------------------------------------------------------------------------------------------------------

party_ids = st.integers(min_value=1, max_value=6)
names = st.sampled_from(["Alpha", "alpha", "Beta", "MSP", "Office", "Zed"])


@st.composite
def matrices(draw: st.DrawFn) -> tuple[list[Duty], dict[int, PartyRef], list[str], str]:
    parties = {pid: PartyRef(pid, draw(names), draw(st.sampled_from(["", "Ann", "Bo"]))) for pid in range(1, 6)}
    duties = draw(
        st.lists(
            st.builds(
                Duty,
                practice_key=st.sampled_from(["p1", "p2", "p3", "q1"]),
                area_key=st.sampled_from(["a", "b"]),
                responsible=st.lists(party_ids, max_size=3, unique=True).map(tuple),
                accountable=st.none() | party_ids,
            ),
            max_size=25,
        )
    )
    keys = draw(st.lists(st.sampled_from(["p1", "p2", "p3", "q1", "zz"]), max_size=3, unique=True))
    return duties, parties, keys, draw(st.sampled_from(["a", "b", ""]))


@given(matrices())
def test_the_responsible_party_holds_r_for_at_least_as_many_duties_as_any_other(case: tuple) -> None:
    duties, parties, keys, area = case
    got = staff(practice_keys=keys, area_key=area, duties=duties, parties=parties)
    chosen = duties_for(practice_keys=keys, area_key=area, duties=duties)
    r = Counter(pid for d in chosen for pid in set(d.responsible) if pid in parties)
    a = Counter(d.accountable for d in chosen if d.accountable in parties)
    if r:
        assert got.responsible is not None and all(r[got.responsible] >= n for n in r.values())
    else:
        assert got.responsible is None
    if a:
        assert got.accountable is not None and all(a[got.accountable] >= n for n in a.values())
        assert got.accountable_text and len(got.accountable_text) <= ACCOUNTABLE_MAX
    else:
        assert got.accountable is None and got.accountable_text == ""


@given(matrices(), st.randoms(use_true_random=False))
def test_it_ignores_the_order_of_the_matrix(case: tuple, rnd: random.Random) -> None:
    duties, parties, keys, area = case
    before = staff(practice_keys=keys, area_key=area, duties=duties, parties=parties)
    shuffled = list(duties)
    rnd.shuffle(shuffled)
    reordered = dict(rnd.sample(list(parties.items()), len(parties)))
    after = staff(practice_keys=list(reversed(keys)), area_key=area, duties=shuffled, parties=reordered)
    assert after == before


@given(matrices())
def test_only_the_items_duties_count(case: tuple) -> None:
    duties, parties, keys, area = case
    chosen = duties_for(practice_keys=keys, area_key=area, duties=duties)
    noise = [Duty("unrelated", "unrelated-area", (1, 2, 3), 1)] * 5
    assert staff(practice_keys=keys, area_key=area, duties=[*duties, *noise], parties=parties) == staff(
        practice_keys=keys, area_key=area, duties=chosen, parties=parties
    )

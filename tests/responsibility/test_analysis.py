"""analysis.analyse: what a client's responsibility matrix leaves to the CEO, and where it is fragile (pure: no
database). A worked example checked by hand, the validation messages, then laws on random matrices."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sevenc.responsibility.domain.analysis import (
    CRITICALITIES,
    ROLES,
    Analysis,
    Area,
    Cell,
    Finding,
    Matrix,
    Options,
    Party,
    PartyLoad,
    analyse,
)

TODAY = date(2026, 6, 1)

# Nine duties (positions 1–9) and five parties. Hand-checked results below.
AREAS = (
    Area("backup", "Verify last night's backups", "high", "continuous.backup.01", "Backup", 1),
    Area("patch", "Patch servers", "high", "continuous.patch.01", "Security", 2),
    Area("firewall", "Review firewall rules", "high", "continuous.firewall.01", "Security", 3),
    Area("domains", "Renew domain names", "medium", "contract.domains.01", "Contracts", 4),
    Area("licences", "Track software licences", "medium", "compliance.licences.01", "Contracts", 5),
    Area("onboard", "Onboard new staff", "medium", "culture.onboarding.01", "People", 6),
    Area("printers", "Maintain printers", "low", "capacity.printers.01", "Devices", 7),
    Area("wifi", "Run the guest Wi-Fi", "low", "capacity.wifi.01", "Network", 8),
    Area("dr", "Test disaster recovery", "high", "continuous.dr.01", "Backup", 9),
)
PARTIES = (
    Party("msp", "Northwind IT", "msp"),
    Party("ceo", "CEO", "internal_role"),
    Party("office", "Office manager", "person"),
    Party("isp", "Fiberco", "isp", date(2026, 3, 31)),
    Party("erp", "Contoso ERP", "software_vendor", date(2027, 12, 31)),
)
CELLS = (
    Cell("backup", "msp", "R"),
    Cell("backup", "ceo", "A"),
    Cell("backup", "office", "I"),
    Cell("patch", "msp", "R"),
    Cell("patch", "ceo", "A"),
    Cell("firewall", "msp", "R"),
    Cell("firewall", "isp", "C"),
    Cell("firewall", "ceo", "A"),
    Cell("domains", "isp", "R"),
    Cell("domains", "ceo", "A"),
    Cell("domains", "msp", "A"),
    Cell("licences", "msp", "R"),
    Cell("licences", "erp", "C"),
    Cell("licences", "ceo", "A"),
    Cell("onboard", "office", "R"),
    Cell("onboard", "msp", "C"),
    Cell("printers", "msp", "R"),
    Cell("wifi", "isp", "A"),
    Cell("dr", "msp", "C"),
)
MATRIX = Matrix(AREAS, PARTIES, CELLS)
SCORES: dict[str, float | None] = {
    "continuous.backup.01": 25,
    "continuous.patch.01": 55,
    "continuous.firewall.01": 38,
    "contract.domains.01": None,
    "compliance.licences.01": 10,
    "culture.onboarding.01": 39.9,
}


@pytest.fixture(scope="module")
def result() -> Analysis:
    return analyse(MATRIX, practice_scores=SCORES, today=TODAY)


# ---- worked example ------------------------------------------------------------------------------------------


def test_it_leaves_areas_without_r_or_a_to_the_ceo_most_critical_first(result: Analysis) -> None:
    assert result.no_responsible == ("dr", "wifi")
    assert result.no_accountable == ("dr", "onboard", "printers")
    assert result.falls_to_ceo == ("dr", "onboard", "printers", "wifi")  # high, medium, low; then position


def test_it_lists_areas_with_more_than_one_accountable(result: Analysis) -> None:
    assert result.several_accountable == (("domains", ("ceo", "msp")),)


def test_it_weighs_each_partys_r_and_a_cells_by_criticality(result: Analysis) -> None:
    assert result.load == (
        PartyLoad("msp", 5, 1, 2, 0, 14.0),  # R 3+3+3+2+1, A domains 2
        PartyLoad("ceo", 0, 5, 0, 0, 13.0),  # A 3+3+3+2+2
        PartyLoad("isp", 1, 1, 1, 0, 3.0),  # R domains 2, A wifi 1
        PartyLoad("office", 1, 0, 0, 1, 2.0),  # R onboard 2; the I on backup weighs nothing
        PartyLoad("erp", 0, 0, 1, 0, 0.0),
    )


def test_it_finds_a_party_that_alone_carries_high_criticality_areas(result: Analysis) -> None:
    # dr is high too, but has no R at all (that is a no-R finding, not a single point of failure)
    assert result.single_points_of_failure == (("msp", ("backup", "patch", "firewall")),)


def test_it_finds_a_supplier_holding_most_of_the_high_and_medium_responsibilities(result: Analysis) -> None:
    # R cells in high+medium areas: backup, patch, firewall, licences (msp), domains (isp), onboard (office) = 6
    assert result.concentration == (("msp", pytest.approx(4 / 6)),)


def test_it_finds_parties_whose_contract_ended_that_still_hold_r_or_a(result: Analysis) -> None:
    assert result.ended_contracts == (("isp", ("domains", "wifi")),)  # erp's contract runs until 2027


def test_it_finds_areas_owned_by_someone_while_their_practice_scores_low(result: Analysis) -> None:
    # patch scores 55 (not low), domains has no score, printers none given, wifi/dr have no R
    assert result.low_score_owned == (
        ("licences", "msp", 10.0),
        ("backup", "msp", 25.0),
        ("firewall", "msp", 38.0),
        ("onboard", "office", 39.9),
    )


def test_it_summarises_the_risks_in_plain_english_most_severe_first(result: Analysis) -> None:
    assert result.findings == (
        Finding(
            "no_responsible",
            "high",
            "2 areas have no one responsible; they fall to the CEO, 1 of them high-criticality "
            "('Test disaster recovery' and 'Run the guest Wi-Fi').",
            ("dr", "wifi"),
            (),
        ),
        Finding(
            "no_accountable",
            "high",
            "3 areas have no one accountable; they fall to the CEO, 1 of them high-criticality "
            "('Test disaster recovery', 'Onboard new staff' and 'Maintain printers').",
            ("dr", "onboard", "printers"),
            (),
        ),
        Finding(
            "single_point_of_failure",
            "high",
            "Northwind IT is the only one responsible for 3 high-criticality areas with no backup "
            "('Verify last night's backups', 'Patch servers' and 'Review firewall rules').",
            ("backup", "patch", "firewall"),
            ("msp",),
        ),
        Finding(
            "low_score_owned",
            "high",
            "Northwind IT is responsible for 3 areas whose practice scores below 40 "
            "('Verify last night's backups' at 25, 'Review firewall rules' at 38 and "
            "'Track software licences' at 10).",
            ("backup", "firewall", "licences"),
            ("msp",),
        ),
        Finding(
            "ended_contract",
            "medium",
            "The contract with Fiberco ended on 2026-03-31, but it is still responsible or accountable for "
            "2 areas ('Renew domain names' and 'Run the guest Wi-Fi').",
            ("domains", "wifi"),
            ("isp",),
        ),
        Finding(
            "several_accountable",
            "medium",
            "Two parties are accountable for 'Renew domain names': CEO and Northwind IT; there should be one.",
            ("domains",),
            ("ceo", "msp"),
        ),
        Finding(
            "concentration",
            "medium",
            "Northwind IT holds 67% of the responsibilities in high- and medium-criticality areas (4 of 6): "
            "the client depends heavily on one supplier.",
            ("backup", "patch", "firewall", "licences"),
            ("msp",),
        ),
        Finding(
            "low_score_owned",
            "medium",
            "Office manager is responsible for 1 area whose practice scores below 40 ('Onboard new staff' at 39.9).",
            ("onboard",),
            ("office",),
        ),
    )


def test_it_gives_examples_past_three_areas_and_a_single_area_its_criticality() -> None:
    areas = tuple(Area(f"a{i}", f"Duty {i}", "high" if i < 2 else "low", "p", position=i) for i in range(5))
    many = analyse(Matrix(areas, (), ()), today=TODAY).findings[0]
    assert many.sentence == (
        "5 areas have no one responsible; they fall to the CEO, 2 of them high-criticality "
        "(e.g. 'Duty 0', 'Duty 1', 'Duty 2')."
    )
    low = tuple(replace(a, criticality="low") for a in areas)
    assert analyse(Matrix(low, (), ()), today=TODAY).findings[0].sentence == (
        "5 areas have no one responsible; they fall to the CEO (e.g. 'Duty 0', 'Duty 1', 'Duty 2')."
    )
    assert analyse(Matrix(low, (), ()), today=TODAY).findings[0].severity == "low"
    one = analyse(Matrix(areas[3:4], (), ()), today=TODAY).findings
    assert [f.sentence for f in one] == [
        "1 area has no one responsible; it falls to the CEO: 'Duty 3' (low criticality).",
        "1 area has no one accountable; it falls to the CEO: 'Duty 3' (low criticality).",
    ]


def test_it_finds_nothing_in_a_complete_matrix() -> None:
    areas = (Area("a", "A", "high", "p"), Area("b", "B", "low", "q"))
    parties = (Party("it", "IT lead", "internal_role"), Party("boss", "CEO", "internal_role"))
    cells = (Cell("a", "it", "R"), Cell("a", "boss", "A"), Cell("b", "it", "R"), Cell("b", "boss", "A"))
    got = analyse(Matrix(areas, parties, cells), practice_scores={"p": 90}, today=TODAY)
    assert (
        got.falls_to_ceo,
        got.several_accountable,
        got.single_points_of_failure,
        got.concentration,
        got.ended_contracts,
        got.low_score_owned,
        got.findings,
    ) == ((), (), (), (), (), (), ())


def test_it_handles_an_empty_matrix() -> None:
    got = analyse(Matrix((), (), ()), today=TODAY)
    assert got == Analysis((), (), (), (), (), (), (), (), (), ())


def test_it_follows_the_options() -> None:
    options = Options(
        criticality_weights={"high": 10, "medium": 1, "low": 0},
        spof_min_areas=4,
        concentration_share=0.7,
        low_score_below=26,
    )
    got = analyse(MATRIX, options=options, practice_scores=SCORES, today=TODAY)
    assert [(pl.party_key, pl.weighted) for pl in got.load] == [
        ("ceo", 32.0),
        ("msp", 32.0),
        ("isp", 1.0),
        ("office", 1.0),
        ("erp", 0.0),
    ]  # ties by key
    assert got.single_points_of_failure == ()  # msp alone on 3 high areas, fewer than 4
    assert got.concentration == ()  # 67 % is not above 70 %
    assert got.low_score_owned == (("licences", "msp", 10.0), ("backup", "msp", 25.0))
    assert analyse(MATRIX, options=Options(spof_min_areas=1), today=TODAY).single_points_of_failure == (
        ("msp", ("backup", "patch", "firewall")),
    )


def test_it_counts_only_suppliers_for_concentration() -> None:
    areas = (Area("a", "A", "high", "p"), Area("b", "B", "medium", "p"), Area("c", "C", "low", "p"))
    cells = (Cell("a", "x", "R"), Cell("b", "x", "R"), Cell("c", "y", "R"))
    for kind, expected in [
        ("internal_role", ()),
        ("person", ()),
        ("consultant", (("x", 1.0),)),
        ("other", (("x", 1.0),)),
    ]:
        parties = (Party("x", "X", kind), Party("y", "Y", "msp"))
        assert analyse(Matrix(areas, parties, cells), today=TODAY).concentration == expected, kind
    # exactly the share is not more than it: 1 of 2
    parties = (Party("x", "X", "msp"), Party("y", "Y", "msp"))
    half = (Cell("a", "x", "R"), Cell("b", "y", "R"))
    assert analyse(Matrix(areas, parties, half), today=TODAY).concentration == ()


def test_it_keeps_a_contract_ending_today_and_ignores_a_party_with_only_c_or_i() -> None:
    areas = (Area("a", "A", "high", "p"),)
    cells = (Cell("a", "x", "R"), Cell("a", "y", "C"), Cell("a", "z", "I"))
    parties = (
        Party("x", "X", "msp", TODAY),
        Party("y", "Y", "isp", date(2020, 1, 1)),
        Party("z", "Z", "isp", date(2020, 1, 1)),
    )
    assert analyse(Matrix(areas, parties, cells), today=TODAY).ended_contracts == ()
    assert analyse(Matrix(areas, parties, cells), today=TODAY + timedelta(days=1)).ended_contracts == (("x", ("a",)),)


def test_it_does_not_count_a_shared_r_as_a_single_point_of_failure() -> None:
    areas = tuple(Area(f"a{i}", f"A{i}", "high", "p", position=i) for i in range(3))
    parties = (Party("x", "X", "msp"), Party("y", "Y", "person"))
    cells = tuple(Cell(a.key, "x", "R") for a in areas)
    assert analyse(Matrix(areas, parties, cells), today=TODAY).single_points_of_failure == (("x", ("a0", "a1", "a2")),)
    backed = cells + (Cell("a1", "y", "R"),)
    assert analyse(Matrix(areas, parties, backed), today=TODAY).single_points_of_failure == ()


# ---- validation ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Matrix(AREAS, PARTIES, CELLS + (Cell("nope", "msp", "R"),)), "cells for unknown areas: 'nope'"),
        (lambda: Matrix(AREAS, PARTIES, CELLS + (Cell("dr", "ghost", "I"),)), "cells for unknown parties: 'ghost'"),
        (
            lambda: Matrix(AREAS, PARTIES, CELLS + (Cell("dr", "msp", "R"),)),
            "more than one role for the same (area, party): ('dr', 'msp')",
        ),
        (lambda: Matrix(AREAS + (AREAS[0],), PARTIES, ()), "duplicate area keys: 'backup'"),
        (lambda: Matrix(AREAS, PARTIES + (PARTIES[1],), ()), "duplicate party keys: 'ceo'"),
        (lambda: Cell("dr", "msp", "X"), "cell ('dr', 'msp'): role must be one of R, A, C, I, got 'X'"),
        (lambda: Area("a", "A", "urgent", "p"), "area 'a': criticality must be one of high, medium, low, got 'urgent'"),
        (
            lambda: Options(criticality_weights={"high": 3, "medium": 2}),
            "criticality weights must give exactly high, medium and low, got high, medium",
        ),
        (
            lambda: Options(criticality_weights={"high": 3, "medium": -2, "low": 1}),
            "criticality weight of 'medium' must be a number of 0 or more, got -2",
        ),
        (lambda: Options(spof_min_areas=0), "spof_min_areas must be a whole number of 1 or more, got 0"),
        (lambda: Options(concentration_share=1.5), "concentration_share must be a fraction from 0 to 1, got 1.5"),
        (lambda: Options(low_score_below=-1), "low_score_below must be a score from 0 to 100, got -1"),
        (
            lambda: analyse(MATRIX, practice_scores={"p": 101}, today=TODAY),
            "practice score of 'p' must be from 0 to 100 or None, got 101",
        ),
    ],
)
def test_it_refuses_bad_input_with_a_clear_message(build: object, message: str) -> None:
    assert callable(build)
    with pytest.raises(ValueError) as excinfo:
        build()
    assert str(excinfo.value) == message


# ---- laws ----------------------------------------------------------------------------------------------------

laws = settings(deadline=None, max_examples=150)
KINDS = ("msp", "internal_role", "person", "isp", "software_vendor", "cloud_vendor", "consultant")
ROLE_OR_EMPTY = st.sampled_from((None, None, None, *ROLES))


@st.composite
def cases(draw: st.DrawFn) -> tuple[Matrix, Options, dict[str, float | None], date]:
    areas = tuple(
        Area(
            f"a{i:02d}",
            f"Duty {i}",
            draw(st.sampled_from(CRITICALITIES)),
            f"p{draw(st.integers(0, 9))}",
            position=draw(st.integers(0, 5)),
        )  # equal positions on purpose: ties go by key
        for i in range(draw(st.integers(1, 30)))
    )
    parties = tuple(
        Party(
            f"q{j}",
            f"Party {j}",
            draw(st.sampled_from(KINDS)),
            draw(st.none() | st.dates(date(2026, 1, 1), date(2026, 12, 31))),
        )
        for j in range(draw(st.integers(1, 8)))
    )
    roles = draw(st.lists(ROLE_OR_EMPTY, min_size=len(areas) * len(parties), max_size=len(areas) * len(parties)))
    cells = tuple(
        Cell(a.key, p.key, role)
        for (a, p), role in zip(((a, p) for a in areas for p in parties), roles, strict=True)
        if role is not None
    )
    weight = st.floats(0, 10, allow_nan=False)
    options = Options(
        criticality_weights={c: draw(weight) for c in CRITICALITIES},
        spof_min_areas=draw(st.integers(1, 4)),
        concentration_share=draw(st.floats(0, 1)),
        low_score_below=draw(st.floats(0, 100)),
    )
    scores = {f"p{k}": draw(st.none() | st.floats(0, 100)) for k in range(10) if draw(st.booleans())}
    return Matrix(areas, parties, cells), options, scores, draw(st.dates(date(2026, 1, 1), date(2026, 12, 31)))


Case = tuple[Matrix, Options, dict[str, float | None], date]


def run(case: Case, matrix: Matrix | None = None) -> Analysis:
    m, options, scores, today = case
    return analyse(matrix or m, options=options, practice_scores=scores, today=today)


@laws
@given(cases(), st.data())
def test_it_only_adds_to_what_falls_to_the_ceo_when_an_r_or_a_is_removed(case: Case, data: st.DataObject) -> None:
    matrix = case[0]
    held = [c for c in matrix.cells if c.role in ("R", "A")]
    if not held:
        return
    gone = data.draw(st.sampled_from(held))
    before = run(case)
    after = run(case, replace(matrix, cells=tuple(c for c in matrix.cells if c != gone)))
    for name in ("no_responsible", "no_accountable", "falls_to_ceo"):
        assert set(getattr(before, name)) <= set(getattr(after, name)), name
    assert gone.area_key in after.falls_to_ceo or any(
        c.area_key == gone.area_key and c.role == gone.role for c in matrix.cells if c != gone
    )
    kinds = {f.kind: set(f.area_keys) for f in after.findings}
    for f in before.findings:
        if f.kind in ("no_responsible", "no_accountable"):
            assert set(f.area_keys) <= kinds[f.kind]


@laws
@given(cases())
def test_it_leaves_every_area_without_an_r_or_an_a_to_the_ceo(case: Case) -> None:
    matrix = case[0]
    got = run(case)
    without_r = {a.key for a in matrix.areas} - {c.area_key for c in matrix.cells if c.role == "R"}
    without_a = {a.key for a in matrix.areas} - {c.area_key for c in matrix.cells if c.role == "A"}
    assert set(got.no_responsible) == without_r
    assert set(got.no_accountable) == without_a
    assert without_r <= set(got.falls_to_ceo)
    assert set(got.falls_to_ceo) == without_r | without_a
    assert len(got.falls_to_ceo) == len(set(got.falls_to_ceo))
    rank = {"high": 0, "medium": 1, "low": 2}
    area = {a.key: a for a in matrix.areas}
    order = [(rank[area[k].criticality], area[k].position, k) for k in got.falls_to_ceo]
    assert order == sorted(order)
    if without_r:
        assert any(f.kind == "no_responsible" and set(f.area_keys) == without_r for f in got.findings)


@laws
@given(cases(), st.data())
def test_it_reports_a_second_accountable(case: Case, data: st.DataObject) -> None:
    matrix = case[0]
    if len(matrix.parties) < 2:
        return
    area = data.draw(st.sampled_from(matrix.areas)).key
    first, second = data.draw(
        st.lists(st.sampled_from([p.key for p in matrix.parties]), min_size=2, max_size=2, unique=True)
    )
    kept = tuple(c for c in matrix.cells if c.area_key != area or c.party_key not in (first, second))
    cells = (*kept, Cell(area, first, "A"), Cell(area, second, "A"))
    got = run(case, replace(matrix, cells=cells))
    several = dict(got.several_accountable)
    assert {first, second} <= set(several[area])
    assert any(
        f.kind == "several_accountable" and f.area_keys == (area,) and {first, second} <= set(f.party_keys)
        for f in got.findings
    )


@laws
@given(cases(), st.randoms(use_true_random=False))
def test_it_ignores_the_order_of_the_inputs(case: Case, rnd: random.Random) -> None:
    matrix, options, scores, today = case
    shuffled = Matrix(
        tuple(rnd.sample(matrix.areas, len(matrix.areas))),
        tuple(rnd.sample(matrix.parties, len(matrix.parties))),
        tuple(rnd.sample(matrix.cells, len(matrix.cells))),
    )
    shuffled_scores = dict(rnd.sample(list(scores.items()), len(scores)))
    assert run((shuffled, options, shuffled_scores, today)) == run(case)


@laws
@given(cases())
def test_it_keeps_loads_non_negative_and_summing_to_the_weight_of_every_r_and_a(case: Case) -> None:
    matrix, options, _, _ = case
    got = run(case)
    weights = options.criticality_weights
    criticality = {a.key: a.criticality for a in matrix.areas}
    assert sorted(pl.party_key for pl in got.load) == sorted(p.key for p in matrix.parties)
    assert all(pl.weighted >= 0 for pl in got.load)
    expected = math.fsum(weights[criticality[c.area_key]] for c in matrix.cells if c.role in ("R", "A"))
    assert math.fsum(pl.weighted for pl in got.load) == pytest.approx(expected)
    assert sum(pl.responsible + pl.accountable + pl.consulted + pl.informed for pl in got.load) == len(matrix.cells)
    assert [pl.weighted for pl in got.load] == sorted((pl.weighted for pl in got.load), reverse=True)


@laws
@given(cases())
def test_it_keeps_every_finding_consistent_with_the_lists(case: Case) -> None:
    matrix = case[0]
    got = run(case)
    severities = [{"high": 0, "medium": 1, "low": 2}[f.severity] for f in got.findings]
    assert severities == sorted(severities)
    responsible = {(c.area_key, c.party_key) for c in matrix.cells if c.role == "R"}
    for party, keys in got.single_points_of_failure:
        assert all((k, party) in responsible and sum(r[0] == k for r in responsible) == 1 for k in keys)
    assert all(share > case[1].concentration_share for _, share in got.concentration)
    assert all((area, party) in responsible for area, party, _ in got.low_score_owned)
    assert sum(f.kind == "single_point_of_failure" for f in got.findings) == len(got.single_points_of_failure)
    assert sum(f.kind == "ended_contract" for f in got.findings) == len(got.ended_contracts)

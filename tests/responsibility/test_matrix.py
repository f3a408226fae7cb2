"""The responsibility matrix: saving cells all or nothing, one Accountable per area, conflicts with someone
else's edit, the grid page (filters, read-only for viewers, empty state) in a constant number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sevenc.core.domain.bulk import DuplicateError
from sevenc.core.domain.errors import ApplicationError
from sevenc.responsibility import services
from sevenc.responsibility.matrix_ui import cell_name
from sevenc.responsibility.models import Assignment, HiddenArea, ResponsibilityArea
from sevenc.responsibility.services import CellChange, MatrixConflictError
from tests.factories import PartyFactory
from tests.responsibility.factories import ResponsibilityAreaFactory

pytestmark = pytest.mark.django_db


def _area(key: str, title: str = "", criticality: str = "high", workspace: Any = None) -> ResponsibilityArea:
    return ResponsibilityAreaFactory(workspace=workspace, key=key, title=title or key, criticality=criticality)


@pytest.fixture
def areas(db: Any) -> list[ResponsibilityArea]:
    return [_area("backup.verify", "Verify last night's backups"), _area("domains.renew", "Renew domain names", "low")]


def _save(world: Any, *changes: CellChange, client: Any = None) -> int:
    return services.matrix_save(
        workspace=world.ws_a, actor=world.vcio, client=client or world.client_a1, changes=list(changes)
    )


def test_it_saves_cells_and_keeps_one_accountable_per_area(world: Any, areas: list[Any]) -> None:
    ceo = PartyFactory(client=world.client_a1, name="CEO", kind="person")
    backup = areas[0].pk
    assert _save(world, CellChange(backup, world.party_a1.pk, "r", ""), CellChange(backup, ceo.pk, "A", "")) == 2
    assert dict(Assignment.objects.values_list("party__name", "role")) == {world.party_a1.name: "R", "CEO": "A"}
    with pytest.raises(ApplicationError, match="one Accountable") as exc:
        _save(world, CellChange(backup, world.party_a1.pk, "A", "R"))
    assert "would all be accountable" in exc.value.fields["cells"][0]
    # moving the A from one party to another in one save is fine
    assert _save(world, CellChange(backup, world.party_a1.pk, "A", "R"), CellChange(backup, ceo.pk, "R", "A")) == 2
    assert dict(Assignment.objects.values_list("party__name", "role")) == {world.party_a1.name: "A", "CEO": "R"}
    assert _save(world, CellChange(backup, ceo.pk, "", "R")) == 1
    assert Assignment.objects.count() == 1


def test_it_refuses_bad_input_and_changes_nothing(world: Any, areas: list[Any]) -> None:
    backup = areas[0].pk
    _save(world, CellChange(backup, world.party_a1.pk, "R", ""))
    with pytest.raises(ApplicationError, match="R, A, C, I"):
        _save(world, CellChange(backup, world.party_a1.pk, "X", "R"))
    other = PartyFactory(client=world.client_a2, name="Elsewhere")
    with pytest.raises(ApplicationError, match="not in this client's matrix"):
        _save(world, CellChange(areas[1].pk, world.party_a1.pk, "C", ""), CellChange(backup, other.pk, "R", ""))
    mine = _area("own.duty", workspace=world.ws_b)  # another workspace's own area
    with pytest.raises(ApplicationError, match="not in this client's matrix"):
        _save(world, CellChange(mine.pk, world.party_a1.pk, "R", ""))
    hidden = _area("hidden.duty")
    HiddenArea.objects.create(workspace=world.ws_a, area=hidden)
    with pytest.raises(ApplicationError, match="not in this client's matrix"):
        _save(world, CellChange(hidden.pk, world.party_a1.pk, "R", ""))
    assert list(Assignment.objects.values_list("area_id", "role")) == [(backup, "R")]


def test_it_refuses_a_save_over_someone_elses_change(world: Any, areas: list[Any]) -> None:
    backup = areas[0].pk
    _save(world, CellChange(backup, world.party_a1.pk, "R", ""))
    with pytest.raises(MatrixConflictError) as exc:  # this user still saw the cell empty
        _save(
            world, CellChange(backup, world.party_a1.pk, "C", ""), CellChange(areas[1].pk, world.party_a1.pk, "R", "")
        )
    assert exc.value.cells == {(backup, world.party_a1.pk): "R"}
    assert list(Assignment.objects.values_list("area_id", "role")) == [(backup, "R")]


def test_it_refuses_a_cell_named_twice_naming_it_and_changes_nothing(world: Any, areas: list[Any]) -> None:
    backup, domains, telco = areas[0].pk, areas[1].pk, world.party_a1.pk
    _save(world, CellChange(backup, telco, "R", ""))
    for twice in [  # two roles for one cell, the same role twice, a change and a no-op: none of them is accepted
        (CellChange(backup, telco, "C", "R"), CellChange(backup, telco, "I", "R")),
        (CellChange(domains, telco, "R", ""), CellChange(domains, telco, "R", "")),
        (CellChange(domains, telco, "R", ""), CellChange(backup, telco, "A", "R"), CellChange(domains, telco, "", "")),
    ]:
        with pytest.raises(DuplicateError) as exc:
            _save(world, *twice)
        assert exc.value.status == 422
        assert "is named more than once; nothing was changed" in exc.value.message
        assert "“Verify last night's backups”" in exc.value.message or "“Renew domain names”" in exc.value.message
        assert f"party {telco}" in exc.value.message and world.party_a1.name in exc.value.message
        assert list(Assignment.objects.values_list("area_id", "party_id", "role")) == [(backup, telco, "R")]
    with pytest.raises(DuplicateError) as exc:  # every cell named twice is listed; unknown ids are named by id
        _save(
            world,
            CellChange(backup, telco, "C", "R"),
            CellChange(999_999, telco, "R", ""),
            CellChange(backup, telco, "C", "R"),
            CellChange(999_999, telco, "R", ""),
        )
    assert exc.value.fields["cells"] == [
        f"The cell “Verify last night's backups” × “{world.party_a1.name}” (area {backup}, party {telco}) is named "
        "more than once.",
        f"The cell “?” × “{world.party_a1.name}” (area 999999, party {telco}) is named more than once.",
    ]
    assert "(and 1 more)" in exc.value.message


def test_the_api_and_the_form_refuse_a_cell_named_twice(world: Any, areas: list[Any], login: Any) -> None:
    backup, telco = areas[0].pk, world.party_a1.pk
    c = login(world.vcio)
    api = f"/api/v1/clients/{world.client_a1.pk}/responsibility-matrix"
    body = {
        "cells": [
            {"area_id": backup, "party_id": telco, "role": "R", "seen": ""},
            {"area_id": backup, "party_id": telco, "role": "A", "seen": ""},
        ]
    }
    refused = c.patch(api, body, content_type="application/json")
    assert refused.status_code == 422
    assert "Verify last night's backups" in refused.json()["message"]
    assert refused.json()["fields"]["cells"][0].startswith("The cell “Verify last night's backups”")
    assert not Assignment.objects.exists()
    url = reverse("responsibility:matrix", kwargs={"client_id": world.client_a1.pk})
    # the same field twice, and the same cell under two "seen" values: the page would keep only one of them
    for data in [
        f"{cell_name(backup, telco, '')}=R&{cell_name(backup, telco, '')}=A",
        f"{cell_name(backup, telco, '')}=R&{cell_name(backup, telco, 'C')}=A",
    ]:
        page = c.post(url, data, content_type="application/x-www-form-urlencoded")
        assert page.status_code == 422
        assert "is named more than once" in page.content.decode()
        assert not Assignment.objects.exists()
    assert c.post(url, {cell_name(backup, telco, ""): "R"}).status_code == 302
    assert Assignment.objects.get().role == "R"


def _page(c: Any, world: Any, query: str = "") -> Any:
    return c.get(reverse("responsibility:matrix", kwargs={"client_id": world.client_a1.pk}) + query)


def test_the_page_shows_the_grid_filters_and_gaps(world: Any, areas: list[Any], login: Any) -> None:
    c = login(world.vcio)
    _save(world, CellChange(areas[0].pk, world.party_a1.pk, "R", ""))
    text = _page(c, world).content.decode()
    assert "Verify last night" in text and "Renew domain names" in text
    assert f'name="{cell_name(areas[0].pk, world.party_a1.pk, "R")}" value="R"' in text
    assert "2 of 2 areas have no one responsible or no one accountable" in text
    assert "What the matrix reveals" in text and "it falls to the CEO" in text  # the analysis's findings
    only_low = _page(c, world, "?criticality=low").content.decode()
    assert f'data-area="{areas[1].pk}"' in only_low and f'data-area="{areas[0].pk}"' not in only_low
    viewer = login(world.viewer)
    assert "Save the matrix" not in _page(viewer, world).content.decode()
    assert (
        viewer.post(
            reverse("responsibility:matrix", kwargs={"client_id": world.client_a1.pk}),
            {cell_name(areas[0].pk, world.party_a1.pk, "R"): "A"},
        ).status_code
        == 403
    )


def test_the_form_saves_refuses_and_shows_conflicts(world: Any, areas: list[Any], login: Any) -> None:
    c = login(world.vcio)
    url = reverse("responsibility:matrix", kwargs={"client_id": world.client_a1.pk})
    name = cell_name(areas[0].pk, world.party_a1.pk, "")
    assert c.post(url, {name: "r", "f_criticality": "high"}).url == url + "?criticality=high"
    assert Assignment.objects.get().role == "R"
    stale = c.post(url, {name: "C"})  # still names the empty cell it saw
    assert stale.status_code == 409 and "changed by someone else" in stale.content.decode()
    bad = c.post(url, {cell_name(areas[0].pk, world.party_a1.pk, "R"): "Z"})
    assert bad.status_code == 422 and Assignment.objects.get().role == "R"


def test_the_page_takes_the_same_queries_for_few_and_many_cells(world: Any, areas: list[Any], login: Any) -> None:
    c = login(world.viewer)
    with CaptureQueriesContext(connection) as few:
        _page(c, world)
    more = [_area(f"extra.{i}") for i in range(20)]
    parties = [PartyFactory(client=world.client_a1, name=f"Vendor {i}") for i in range(5)]
    _save(world, *[CellChange(a.pk, p.pk, "R", "") for a in more for p in parties])
    with CaptureQueriesContext(connection) as many:
        assert _page(c, world).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_it_asks_for_parties_first(world: Any, areas: list[Any], login: Any) -> None:
    c = login(world.vcio)
    text = c.get(reverse("responsibility:matrix", kwargs={"client_id": world.client_a2.pk})).content.decode()
    assert "has no parties yet" in text

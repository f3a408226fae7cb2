"""Responsibility areas and the matrix through the API: the area list (filters, hidden, PSA), own areas, hiding,
the PSA mapping and its export; the matrix read (in a constant number of queries), its all-or-nothing PATCH
(409 with the current cells, 422 for two Accountables, bad roles and another client's ids) and its files."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sevenc.core.models import ActivityEntry
from sevenc.responsibility import services
from sevenc.responsibility.models import Assignment, HiddenArea, PsaMapping, ResponsibilityArea
from sevenc.responsibility.services import CellChange
from tests.api.client import Api
from tests.factories import PartyFactory
from tests.responsibility.factories import ResponsibilityAreaFactory

pytestmark = pytest.mark.django_db

PRACTICE = "continuous.backup-management-implementation.02"


def _area(
    key: str,
    title: str,
    *,
    position: int,
    workspace: Any = None,
    criticality: str = "high",
    block: str = "continuous",
    group: str = "Backup",
) -> ResponsibilityArea:
    return ResponsibilityAreaFactory(
        workspace=workspace,
        key=key,
        title=title,
        group=group,
        block_key=block,
        area_key=f"{block}.x",
        practice_key=PRACTICE,
        criticality=criticality,
        position=position,
    )


@pytest.fixture
def areas(world: Any) -> list[ResponsibilityArea]:
    return [
        _area("backup.verify", "Verify last night's backups", position=1),
        _area("domains.renew", "Renew domain names", position=2, criticality="low", block="clear", group="Domains"),
        _area("alpha.check-ups", "Quarterly check-up", position=100_000, workspace=world.ws_a),
    ]


@pytest.fixture
def ceo(world: Any) -> Any:
    return PartyFactory(client=world.client_a1, name="CEO", kind="internal_role")


def _cells(world: Any) -> list[tuple[int, int, str]]:
    return sorted(Assignment.objects.filter(client=world.client_a1).values_list("area_id", "party_id", "role"))


def _patch(api: Api, world: Any, *cells: tuple[int, int, str, str], client: Any = None) -> Any:
    return api.send(
        "PATCH",
        f"/clients/{(client or world.client_a1).pk}/responsibility-matrix",
        {"cells": [{"area_id": a, "party_id": p, "role": r, "seen": s} for a, p, r, s in cells]},
    )


# --- areas -------------------------------------------------------------------------------------------------------


def test_it_lists_the_areas_in_use_with_filters(viewer: Api, world: Any, areas: list[Any]) -> None:
    body = viewer.get("/responsibility-areas").json()
    assert body["count"] == 3
    assert [(a["key"], a["shipped"], a["hidden"], a["psa"]) for a in body["items"]] == [
        ("backup.verify", True, False, None),
        ("domains.renew", True, False, None),
        ("alpha.check-ups", False, False, None),
    ]
    assert body["items"][0]["title"] == "Verify last night's backups" and body["items"][0]["practice_key"] == PRACTICE

    def keys(**params: Any) -> list[str]:
        return [a["key"] for a in viewer.get("/responsibility-areas", **params).json()["items"]]

    assert keys(block="clear") == ["domains.renew"]
    assert keys(group="Backup", criticality="high") == ["backup.verify", "alpha.check-ups"]
    assert keys(q="CHECK") == ["alpha.check-ups"]
    assert viewer.get("/responsibility-areas", criticality="urgent").status_code == 422


def test_another_workspace_sees_the_library_but_not_our_own_areas(
    as_user: Any,
    world: Any,
    areas: list[Any],
) -> None:
    theirs = as_user(world.outsider, world.ws_b)
    assert [a["key"] for a in theirs.get("/responsibility-areas").json()["items"]] == ["backup.verify", "domains.renew"]
    assert theirs.send("POST", f"/responsibility-areas/{areas[2].pk}/hide").status_code == 404
    assert theirs.send("PUT", f"/responsibility-areas/{areas[2].pk}/psa", {"board": "x"}).status_code == 404
    assert not HiddenArea.objects.exists() and not PsaMapping.objects.exists()


def test_it_creates_an_own_area_or_says_why_not(vcio: Api, viewer: Api, world: Any, areas: list[Any]) -> None:
    body = {
        "key": "Alpha.Printers",
        "title": "Keep the printers running",
        "group": "Office",
        "practice_key": PRACTICE,
        "criticality": "low",
    }
    created = vcio.send("POST", "/responsibility-areas", body)
    assert created.status_code == 201, created.content
    out = created.json()
    assert (out["key"], out["shipped"], out["block_key"], out["criticality"]) == (
        "alpha.printers",
        False,
        "continuous",
        "low",
    )
    assert ResponsibilityArea.objects.get(pk=out["id"]).workspace_id == world.ws_a.pk
    taken = vcio.send("POST", "/responsibility-areas", {**body, "key": "backup.verify"})
    assert taken.status_code == 422 and taken.json()["fields"]["key"] == ["The key backup.verify is taken."]
    unknown = vcio.send("POST", "/responsibility-areas", {**body, "key": "alpha.x", "practice_key": "nope"})
    assert unknown.status_code == 422 and "practice_key" in unknown.json()["fields"]
    assert vcio.send("POST", "/responsibility-areas", {**body, "key": "alpha.y", "extra": 1}).status_code == 422
    assert viewer.send("POST", "/responsibility-areas", {**body, "key": "alpha.z"}).status_code == 403
    assert ResponsibilityArea.objects.filter(workspace=world.ws_a).count() == 2


def test_it_hides_and_shows_an_area(vcio: Api, viewer: Api, world: Any, areas: list[Any]) -> None:
    shipped = areas[0]
    hidden = vcio.send("POST", f"/responsibility-areas/{shipped.pk}/hide")
    assert hidden.status_code == 200 and hidden.json()["hidden"] is True
    assert [a["key"] for a in viewer.get("/responsibility-areas").json()["items"]] == [
        "domains.renew",
        "alpha.check-ups",
    ]
    listed = viewer.get("/responsibility-areas", include_hidden="true").json()["items"]
    assert [(a["key"], a["hidden"]) for a in listed][0] == ("backup.verify", True)
    assert vcio.send("POST", f"/responsibility-areas/{shipped.pk}/hide").status_code == 200  # again: no change
    assert HiddenArea.objects.filter(workspace=world.ws_a).count() == 1
    assert viewer.send("POST", f"/responsibility-areas/{shipped.pk}/unhide").status_code == 403
    shown = vcio.send("POST", f"/responsibility-areas/{shipped.pk}/unhide")
    assert shown.status_code == 200 and shown.json()["hidden"] is False
    assert not HiddenArea.objects.exists()
    assert vcio.send("POST", "/responsibility-areas/999999/hide").status_code == 404
    assert ActivityEntry.objects.filter(summary__contains="“Verify last night's backups” hidden").count() == 1


def test_it_sets_clears_and_exports_the_psa_mapping(vcio: Api, viewer: Api, world: Any, areas: list[Any]) -> None:
    url = f"/responsibility-areas/{areas[0].pk}/psa"
    put = vcio.send("PUT", url, {"board": "Service", "queue": " Backups ", "category": "Verify"})
    assert put.status_code == 200 and put.json()["psa"] == {
        "board": "Service",
        "queue": "Backups",
        "category": "Verify",
    }
    assert viewer.get("/responsibility-areas").json()["items"][0]["psa"]["board"] == "Service"
    exported = viewer.get("/responsibility-areas/psa-export")
    assert exported.status_code == 200 and exported["Content-Type"].startswith("text/csv")
    assert exported.content.decode("utf-8-sig").splitlines()[:2] == [
        "key,duty,board,queue,category",
        "backup.verify,Verify last night's backups,Service,Backups,Verify",
    ]
    too_long = vcio.send("PUT", url, {"board": "x" * 101})
    assert too_long.status_code == 422 and "board" in too_long.json()["fields"]
    assert viewer.send("PUT", url, {"board": "x"}).status_code == 403
    cleared = vcio.send("PUT", url, {})
    assert cleared.status_code == 200 and cleared.json()["psa"] is None
    assert not PsaMapping.objects.exists()


# --- the matrix ------------------------------------------------------------------------------------------------


def test_it_reads_the_matrix(viewer: Api, world: Any, areas: list[Any], ceo: Any) -> None:
    services.matrix_save(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        changes=[
            CellChange(areas[0].pk, ceo.pk, "A", ""),
            CellChange(areas[0].pk, world.party_a1.pk, "R", ""),
            CellChange(areas[1].pk, ceo.pk, "I", ""),
        ],
    )
    body = viewer.get(f"/clients/{world.client_a1.pk}/responsibility-matrix").json()
    assert body["client_id"] == world.client_a1.pk and body["gaps"] == 2
    assert [p["name"] for p in body["parties"]] == ["CEO", world.party_a1.name]
    first = body["areas"][0]
    assert (first["key"], first["falls_to_ceo"]) == ("backup.verify", False)
    assert first["cells"] == [{"party_id": ceo.pk, "role": "A"}, {"party_id": world.party_a1.pk, "role": "R"}]
    assert [(a["key"], a["cells"], a["shipped"]) for a in body["areas"][1:]] == [
        ("domains.renew", [{"party_id": ceo.pk, "role": "I"}], True),
        ("alpha.check-ups", [], False),
    ]
    assert viewer.get(f"/clients/{world.client_b1.pk}/responsibility-matrix").status_code == 404


def test_the_matrix_takes_the_same_queries_for_few_and_many_cells(viewer: Api, world: Any, areas: list[Any]) -> None:
    url = f"/clients/{world.client_a1.pk}/responsibility-matrix"

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert viewer.get(url).status_code == 200
        return len(queries)

    viewer.get(url)  # the token's first use is recorded once
    few = count()
    more = [_area(f"extra.a{i}", f"Extra {i}", position=10 + i) for i in range(20)]
    parties = [PartyFactory(client=world.client_a1, name=f"Vendor {i}") for i in range(5)]
    services.matrix_save(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        changes=[CellChange(a.pk, p.pk, "C", "") for a in more for p in parties],
    )
    assert len(viewer.get(url).json()["areas"]) == 23
    assert count() == few


def test_it_saves_cells_all_or_nothing(vcio: Api, viewer: Api, world: Any, areas: list[Any], ceo: Any) -> None:
    a, telco = areas[0].pk, world.party_a1.pk
    ok = _patch(vcio, world, (a, telco, "r", ""), (a, ceo.pk, "A", ""))
    assert ok.status_code == 200 and ok.json() == {"changed": 2}
    assert _cells(world) == sorted([(a, telco, "R"), (a, ceo.pk, "A")])
    assert _patch(viewer, world, (a, telco, "C", "R")).status_code == 403
    two_a = _patch(vcio, world, (a, telco, "A", "R"), (areas[1].pk, ceo.pk, "R", ""))
    assert two_a.status_code == 422 and "would all be accountable" in two_a.json()["fields"]["cells"][0]
    bad = _patch(vcio, world, (a, telco, "X", "R"))
    assert bad.status_code == 422 and bad.json()["fields"] == {"cells": ["Unknown role: X"]}
    moved = _patch(vcio, world, (a, telco, "A", "R"), (a, ceo.pk, "", "A"))
    assert moved.json() == {"changed": 2} and _cells(world) == [(a, telco, "A")]
    assert _patch(vcio, world, (a, telco, "A", "A")).json() == {"changed": 0}


def test_a_stale_cell_refuses_the_save_with_the_current_cells(
    vcio: Api, world: Any, areas: list[Any], ceo: Any
) -> None:
    a, telco = areas[0].pk, world.party_a1.pk
    _patch(vcio, world, (a, telco, "R", ""))
    stale = _patch(vcio, world, (a, telco, "C", ""), (areas[1].pk, ceo.pk, "R", ""))
    assert stale.status_code == 409
    body = stale.json()
    assert "changed by someone else" in body["message"]
    assert body["current"] == {"cells": [{"area_id": a, "party_id": telco, "role": "R"}]}
    assert _cells(world) == [(a, telco, "R")]


def test_it_refuses_ids_of_another_client_or_workspace(vcio: Api, world: Any, areas: list[Any]) -> None:
    other = PartyFactory(client=world.client_a2, name="Elsewhere")
    theirs = _area("bravo.own", "Theirs", position=100_000, workspace=world.ws_b)
    for cells in [
        ((areas[0].pk, other.pk, "R", ""),),
        ((areas[0].pk, world.party_b1.pk, "R", ""),),
        ((theirs.pk, world.party_a1.pk, "R", ""),),
        ((areas[0].pk, world.party_a1.pk, "R", ""), (areas[1].pk, other.pk, "C", "")),
    ]:
        refused = _patch(vcio, world, *cells)
        assert refused.status_code == 422, cells
        assert "not in this client's matrix" in refused.json()["message"]
    assert _patch(vcio, world, (areas[0].pk, world.party_b1.pk, "R", ""), client=world.client_b1).status_code == 404
    assert _patch(vcio, world).status_code == 422  # no cells
    assert not Assignment.objects.exists()


def test_it_exports_and_imports_the_matrix(vcio: Api, viewer: Api, world: Any, areas: list[Any], ceo: Any) -> None:
    url = f"/clients/{world.client_a1.pk}/responsibility-matrix"
    _patch(vcio, world, (areas[0].pk, ceo.pk, "A", ""))
    csv = viewer.get(f"{url}/export", format="csv")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[:2] == [
        f"key,group,duty,criticality,practice,CEO,{world.party_a1.name}",
        f"backup.verify,Backup,Verify last night's backups,high,{PRACTICE},A,",
    ]
    xlsx = viewer.get(f"{url}/export", format="xlsx")
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content))["Matrix"]["F2"].value == "A"
    assert viewer.get(f"{url}/export", format="pdf").status_code == 422

    def upload(api: Api, content: str) -> Any:
        return api.client.post(
            f"/api/v1{url}/import", {"file": SimpleUploadedFile("m.csv", content.encode())}, **api.headers
        )

    assert upload(vcio, text).json() == {"changed": 0, "unchanged": 6}
    changed = upload(vcio, f"key,{world.party_a1.name}\ndomains.renew,C\nalpha.check-ups,R\n")
    assert changed.status_code == 200 and changed.json() == {"changed": 2, "unchanged": 0}
    refused = upload(vcio, f"key,{world.party_a1.name}\nbackup.verify,A\nnope,R\n")
    assert refused.status_code == 422
    assert refused.json()["fields"]["rows"] == [
        f"row 2: 'backup.verify' would have 2 Accountables: CEO and {world.party_a1.name} (CEO already, not in the "
        "file); an area has one",
        "row 3: the area key 'nope' is not in this workspace's matrix (unknown or hidden)",
    ]
    assert upload(viewer, text).status_code == 403
    assert _cells(world) == sorted(
        [(areas[0].pk, ceo.pk, "A"), (areas[1].pk, world.party_a1.pk, "C"), (areas[2].pk, world.party_a1.pk, "R")]
    )


def test_the_analysis_endpoint_gives_the_findings_and_the_load(world: Any, login: Any) -> None:
    from sevenc.responsibility.services import CellChange, matrix_save

    kept = ResponsibilityAreaFactory(key="z.kept", title="Kept duty", group="G", area_key="a", practice_key="p")
    orphan = ResponsibilityAreaFactory(key="z.orphan", title="Orphan duty", group="G", area_key="a", practice_key="p")
    matrix_save(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        changes=[CellChange(kept.pk, world.party_a1.pk, "R", "")],
    )
    body = login(world.viewer).get(f"/api/v1/clients/{world.client_a1.pk}/responsibility-matrix/analysis").json()
    assert orphan.pk in body["no_responsible"] and kept.pk not in body["no_responsible"]
    assert set(body["falls_to_ceo"]) >= {kept.pk, orphan.pk}  # kept has no Accountable
    assert body["load"][0]["party_id"] == world.party_a1.pk and body["load"][0]["weighted"] == 3
    assert any("CEO" in f["sentence"] and orphan.pk in f["area_ids"] for f in body["findings"])

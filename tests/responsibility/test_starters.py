"""Starting a client's matrix from a shipped starter (or a workspace template) in one step: every duty gets an
Accountable and a Responsible when the slots are mapped; a filled cell is never overwritten, even one filled by
someone else meanwhile; an unmapped slot changes nothing. Through the service, the page, the API and the CLI."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sevenc.core.domain.errors import ApplicationError
from sevenc.core.models import ActivityEntry
from sevenc.responsibility import selectors, services
from sevenc.responsibility.areas import services as area_services
from sevenc.responsibility.library import library_load_shipped
from sevenc.responsibility.models import Assignment, ResponsibilityArea
from sevenc.responsibility.services import CellChange, MatrixConflictError
from tests.api.client import Api
from tests.factories import PartyFactory
from tests.test_cli import error_lines, run

pytestmark = pytest.mark.django_db

STARTERS = ["small-business-msp", "small-business-it-person", "co-managed"]


@pytest.fixture
def library(db: Any) -> None:
    library_load_shipped()


@pytest.fixture
def parties(world: Any, library: None) -> dict[str, Any]:
    """Client A1's virtual IT department (besides the world's software vendor, party_a1)."""
    make = lambda name, kind: PartyFactory(client=world.client_a1, name=name, kind=kind)  # noqa: E731
    return {
        "ceo": make("CEO", "internal_role"),
        "it": make("Head of IT", "internal_role"),
        "msp": make("Northwind IT", "msp"),
        "isp": make("Fiberco", "isp"),
    }


def _apply(world: Any, ref: str, mapping: dict[str, int | None] | None = None, client: Any = None) -> Any:
    client = client or world.client_a1
    source = selectors.template_source_get(workspace=world.ws_a, ref=ref)
    if mapping is None:
        party_list = list(client.parties.order_by("name"))
        mapping = selectors.template_suggestion(source=source, parties=party_list)
    return services.template_apply(
        workspace=world.ws_a, actor=world.vcio, client=client, source=source, mapping=mapping
    )


def _cells(client: Any) -> dict[tuple[int, int], str]:
    return {
        (a, p): r for a, p, r in Assignment.objects.filter(client=client).values_list("area_id", "party_id", "role")
    }


def _without_r_or_a(world: Any) -> list[str]:
    cells = _cells(world.client_a1)
    bad = []
    for area in selectors.area_list(workspace=world.ws_a):
        roles = [r for (a, _p), r in cells.items() if a == area.pk]
        if roles.count("A") != 1 or "R" not in roles:
            bad.append(area.key)
    return bad


@pytest.mark.parametrize("key", STARTERS)
def test_it_leaves_no_duty_without_a_responsible_or_an_accountable(world: Any, parties: Any, key: str) -> None:
    services.area_create(
        workspace=world.ws_a,
        actor=world.vcio,
        key="alpha.printers",
        title="Check the printers",
        group="Own",
        practice_key="continuous.backup-management-implementation.01",
    )
    result = _apply(world, f"starter:{key}")
    assert result.gaps == 0 and result.kept == 0
    assert _without_r_or_a(world) == []
    assert selectors.matrix_analysis(workspace=world.ws_a, client=world.client_a1).falls_to_ceo == ()
    assert result.set == len(_cells(world.client_a1)) > 270 * 2
    assert ActivityEntry.objects.filter(verb="applied", summary__contains="applied to").count() == 1


def test_the_suggestion_maps_each_slot_by_kind_and_name(world: Any, parties: Any) -> None:
    source = selectors.template_source_get(workspace=world.ws_a, ref="starter:co-managed")
    party_list = list(world.client_a1.parties.order_by("name"))
    assert selectors.template_suggestion(source=source, parties=party_list) == {
        "management": parties["ceo"].pk,
        "it_team": parties["it"].pk,
        "msp": parties["msp"].pk,
        "isp": parties["isp"].pk,
        "software_vendor": world.party_a1.pk,
    }


@pytest.mark.parametrize("key", STARTERS)
def test_applying_never_overwrites_a_filled_cell(world: Any, parties: Any, key: str) -> None:
    backup = ResponsibilityArea.objects.get(workspace=None, key="backup.verify-nightly-jobs")
    policy = ResponsibilityArea.objects.get(workspace=None, key="backup.backup-policy")
    strategy = ResponsibilityArea.objects.get(workspace=None, key="strategy.own-it-strategy")
    services.matrix_save(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        changes=[
            CellChange(backup.pk, parties["ceo"].pk, "I", ""),  # where every starter puts an A or nothing
            CellChange(backup.pk, parties["msp"].pk, "C", ""),  # where every starter puts the R
            CellChange(policy.pk, world.party_a1.pk, "A", ""),  # the area has its Accountable
            CellChange(strategy.pk, parties["isp"].pk, "R", ""),
        ],
    )
    before = _cells(world.client_a1)
    result = _apply(world, f"starter:{key}")
    after = _cells(world.client_a1)
    assert {cell: after[cell] for cell in before} == before
    assert [r for (a, _p), r in after.items() if a == policy.pk].count("A") == 1
    assert result.kept >= 2
    # and a second apply changes nothing at all
    again = _apply(world, f"starter:{key}")
    assert again.set == 0 and _cells(world.client_a1) == after


def test_a_cell_filled_by_someone_else_meanwhile_refuses_the_whole_apply(
    world: Any, parties: Any, monkeypatch: Any
) -> None:
    stale = selectors.matrix_get(workspace=world.ws_a, client=world.client_a1)
    area = ResponsibilityArea.objects.get(workspace=None, key="backup.verify-nightly-jobs")
    services.matrix_save(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        changes=[CellChange(area.pk, parties["msp"].pk, "C", "")],
    )
    monkeypatch.setattr(selectors, "matrix_get", lambda **kw: stale)
    with pytest.raises(MatrixConflictError):
        _apply(world, "starter:small-business-msp")
    assert _cells(world.client_a1) == {(area.pk, parties["msp"].pk): "C"}


def test_an_unmapped_slot_or_a_foreign_party_changes_nothing(world: Any, parties: Any) -> None:
    base = {"management": parties["ceo"].pk, "isp": None, "software_vendor": None}
    with pytest.raises(ApplicationError, match="nothing was changed") as exc:
        _apply(world, "starter:small-business-msp", base)
    assert exc.value.fields["mapping"] == ["Choose a party for “The MSP”."]
    other = PartyFactory(client=world.client_a2, name="Elsewhere", kind="msp")
    with pytest.raises(ApplicationError) as exc:
        _apply(world, "starter:small-business-msp", {**base, "msp": other.pk})
    assert exc.value.fields["mapping"] == ["The party chosen for “The MSP” is not one of this client's."]
    with pytest.raises(ApplicationError) as exc:
        _apply(world, "starter:small-business-msp", {**base, "msp": parties["ceo"].pk})
    assert "each of them needs a party of its own" in exc.value.fields["mapping"][0]
    assert Assignment.objects.count() == 0
    assert not ActivityEntry.objects.filter(verb="applied").exists()


def test_a_left_out_optional_slot_leaves_no_gap(world: Any, parties: Any) -> None:
    mapping = {"management": parties["ceo"].pk, "msp": parties["msp"].pk, "isp": None, "software_vendor": None}
    result = _apply(world, "starter:small-business-msp", mapping)
    assert result.gaps == 0 and result.left_out == ("Internet provider", "Business software vendor")
    assert not Assignment.objects.filter(party__in=[parties["isp"], world.party_a1]).exists()


def test_a_hidden_area_gets_no_roles(world: Any, parties: Any) -> None:
    area = ResponsibilityArea.objects.get(workspace=None, key="backup.verify-nightly-jobs")
    area_services.area_hide(workspace=world.ws_a, actor=world.vcio, area=area)
    _apply(world, "starter:small-business-msp")
    assert not Assignment.objects.filter(area=area).exists()
    assert _without_r_or_a(world) == []


def test_starters_are_the_same_in_every_workspace_and_take_no_rows(world: Any, library: None) -> None:
    a = [s.ref for s in selectors.template_sources(workspace=world.ws_a)]
    b = [s.ref for s in selectors.template_sources(workspace=world.ws_b)]
    assert a == b == [f"starter:{k}" for k in STARTERS]


# --- the page ----------------------------------------------------------------------------------------------------


def test_the_page_offers_each_starter_prefilled_and_applies_one_in_one_post(
    world: Any, parties: Any, login: Any
) -> None:
    http = login(world.vcio)
    url = reverse("responsibility:matrix", kwargs={"client_id": world.client_a1.pk})
    page = http.get(url).content.decode()
    assert "Small business with an MSP, no internal IT" in page and "Co-managed IT" in page
    assert f'<option value="{parties["msp"].pk}" selected>Northwind IT</option>' in page
    apply = reverse("responsibility:template_apply", kwargs={"client_id": world.client_a1.pk})
    body = {
        "template": "starter:small-business-it-person",
        "map_management": str(parties["ceo"].pk),
        "map_it_person": str(parties["it"].pk),
        "map_msp": "",
        "map_isp": "-",
        "map_software_vendor": "-",
    }
    refused = http.post(apply, body)
    assert refused.status_code == 422
    assert "Choose a party for “The MSP”." in refused.content.decode()
    assert Assignment.objects.count() == 0
    done = http.post(apply, {**body, "map_msp": str(parties["msp"].pk)})
    assert done.status_code == 302
    assert _without_r_or_a(world) == []
    assert "0 of" in http.get(url).content.decode()  # "0 of 273 areas have no one responsible…"


def test_the_page_refuses_a_party_of_another_client_and_an_unknown_template(
    world: Any, parties: Any, login: Any
) -> None:
    http = login(world.vcio)
    apply = reverse("responsibility:template_apply", kwargs={"client_id": world.client_a1.pk})
    other = PartyFactory(client=world.client_a2, name="Elsewhere", kind="msp")
    body = {"template": "starter:small-business-msp", "map_management": str(parties["ceo"].pk)}
    assert http.post(apply, {**body, "map_msp": str(other.pk)}).status_code == 422
    assert http.post(apply, {**body, "template": "starter:nonesuch"}).status_code == 404
    assert Assignment.objects.count() == 0


# --- the API -----------------------------------------------------------------------------------------------------


def test_the_api_lists_the_templates_and_applies_one_with_its_mapping(
    world: Any, parties: Any, vcio: Api, viewer: Api
) -> None:
    listed = viewer.get("/responsibility-templates").json()
    assert [t["ref"] for t in listed] == [f"starter:{k}" for k in STARTERS]
    assert [s["key"] for s in listed[2]["slots"]] == ["management", "it_team", "msp", "isp", "software_vendor"]
    path = f"/clients/{world.client_a1.pk}/responsibility-matrix/apply"
    mapping: dict[str, Any] = {"management": parties["ceo"].pk, "it_team": parties["it"].pk, "isp": None}
    refused = vcio.send("POST", path, {"template": "starter:co-managed", "mapping": mapping})
    assert refused.status_code == 422
    assert refused.json()["fields"]["mapping"] == [
        "Choose a party for “The MSP”.",
        "Choose a party for “Business software vendor”, or leave it out.",
    ]
    assert viewer.send("POST", path, {"template": "starter:co-managed", "mapping": mapping}).status_code == 403
    assert vcio.send("POST", path, {"template": "template:999999", "mapping": {}}).status_code == 404
    mapping |= {"msp": parties["msp"].pk, "isp": parties["isp"].pk, "software_vendor": world.party_a1.pk}
    done = vcio.send("POST", path, {"template": "starter:co-managed", "mapping": mapping})
    assert done.status_code == 200, done.content
    assert done.json()["gaps"] == 0 and done.json()["kept"] == 0 and done.json()["left_out"] == []
    again = vcio.send("POST", path, {"template": "starter:co-managed", "mapping": mapping}).json()
    assert again["set"] == 0 and again["gaps"] == 0


def test_another_workspaces_template_is_not_found(world: Any, parties: Any, as_user: Any) -> None:
    services.matrix_save(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        changes=[CellChange(ResponsibilityArea.objects.first().pk, parties["msp"].pk, "R", "")],
    )
    template = services.template_from_client(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, name="T")
    outsider = as_user(world.outsider, world.ws_b)
    bravo_msp = PartyFactory(client=world.client_b1, name="Bravo MSP", kind="msp")
    body = {"template": f"template:{template.pk}", "mapping": {"msp": bravo_msp.pk}}
    assert outsider.send("POST", f"/clients/{world.client_b1.pk}/responsibility-matrix/apply", body).status_code == 404
    assert [t["ref"] for t in outsider.get("/responsibility-templates").json()] == [f"starter:{k}" for k in STARTERS]
    assert not Assignment.objects.filter(client=world.client_b1).exists()


# --- the CLI -----------------------------------------------------------------------------------------------------


def test_the_cli_lists_suggestions_and_applies_a_starter(world: Any, parties: Any, capsys: Any) -> None:
    code, out, _ = run(capsys, "matrix", "templates", str(world.client_a1.pk))
    assert code == 0
    assert "starter:co-managed" in out and "-> Head of IT" in out
    code, _, err = run(capsys, "matrix", "apply", str(world.client_a1.pk), "starter:small-business-msp")
    assert code == 2
    assert "Choose a party for “Owner or managing director”." in err
    assert Assignment.objects.count() == 0
    code, out, err = run(
        capsys,
        "matrix",
        "apply",
        str(world.client_a1.pk),
        "starter:small-business-msp",
        "--suggested",
        "--map",
        "msp=northwind it",
        "--leave-out",
        "software_vendor",
        "--as",
        world.vcio.email,
    )
    assert code == 0, err
    assert "0 areas with no one responsible or no one accountable" in out
    assert "Left out: Business software vendor" in out
    assert _without_r_or_a(world) == []
    code, _, err = run(capsys, "matrix", "apply", str(world.client_a1.pk), "starter:nonesuch", "--suggested")
    assert code == 1 and "matrix templates" in error_lines(err)[0]


@pytest.mark.parametrize("ref", ["", "template:", "template:²", "template:99999999999999999999", "starter:", "x"])
def test_a_malformed_reference_is_not_found(world: Any, ref: str) -> None:
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.template_source_get(workspace=world.ws_a, ref=ref)

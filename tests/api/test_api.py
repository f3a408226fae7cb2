"""The REST API: auth, the error shape, validation that writes nothing, optimistic concurrency, paging."""

from __future__ import annotations

from typing import Any

import pytest

from sevenc.accounts.services import api_token_create
from sevenc.tenancy.models import Client, Party
from tests.api.client import Api
from tests.catalog.factories import shipped_framework
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_it_requires_authentication(client: Any, world: Any) -> None:
    response = client.get("/api/v1/clients")
    assert response.status_code == 401
    assert "message" in response.json()


def test_it_tells_who_the_token_acts_as(as_user: Any, world: Any) -> None:
    body = as_user(world.analyst).get("/me").json()
    assert body["email"] == world.analyst.email
    assert body["workspace_id"] == world.ws_a.pk
    assert body["role"] == "analyst"
    assert "view" in body["capabilities"] and "edit_clients" not in body["capabilities"]


def test_it_lists_only_the_tokens_workspace_clients(as_user: Any, world: Any) -> None:
    body = as_user(world.outsider, world.ws_b).get("/clients").json()
    assert [c["name"] for c in body["items"]] == ["Bravo Client"]
    assert body["count"] == 1


def test_it_pages_and_searches_clients(as_user: Any, world: Any) -> None:
    for i in range(60):
        ClientFactory(workspace=world.ws_a, name=f"Paged {i:02d}")
    api = as_user(world.viewer)
    first = api.get("/clients", q="paged").json()
    assert first["count"] == 60 and len(first["items"]) == 50
    second = api.get("/clients", q="paged", page=2).json()
    assert len(second["items"]) == 10
    assert {c["name"] for c in first["items"]}.isdisjoint({c["name"] for c in second["items"]})


def test_it_creates_a_client(as_user: Any, world: Any) -> None:
    response = as_user(world.vcio).send("POST", "/clients", {"name": "  Gamma Logistics ", "seats": 80})
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Gamma Logistics"
    assert Client.objects.filter(workspace=world.ws_a, name="Gamma Logistics").exists()


def test_it_refuses_a_duplicate_client_name_and_writes_nothing(as_user: Any, world: Any) -> None:
    before = Client.objects.count()
    response = as_user(world.vcio).send("POST", "/clients", {"name": "beta manufacturing"})
    assert response.status_code == 422
    body = response.json()
    assert "already exists" in body["message"]
    assert body["fields"]["name"]
    assert Client.objects.count() == before


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"seats": 5}, "name"),
        ({"name": ""}, "name"),
        ({"name": "X", "seats": -1}, "seats"),
        ({"name": "X", "seats": "many"}, "seats"),
        ({"name": "X", "colour": "red"}, "colour"),
    ],
)
def test_it_rejects_an_invalid_payload_with_field_details(
    as_user: Any, world: Any, payload: dict[str, Any], field: str
) -> None:
    before = Client.objects.count()
    response = as_user(world.vcio).send("POST", "/clients", payload)
    assert response.status_code == 422
    body = response.json()
    assert body["message"] and field in body["fields"]
    assert Client.objects.count() == before


def test_it_refuses_writes_below_the_role(as_user: Any, world: Any) -> None:
    response = as_user(world.analyst).send("POST", "/clients", {"name": "Nope"})
    assert response.status_code == 403
    assert not Client.objects.filter(name="Nope").exists()


def test_it_refuses_a_stale_version_with_the_current_value(as_user: Any, world: Any) -> None:
    api = as_user(world.vcio)
    url = f"/clients/{world.client_a2.pk}"
    version = api.get(url).json()["version"]
    assert api.send("PATCH", url, {"version": version, "seats": 120}).status_code == 200
    stale = api.send("PATCH", url, {"version": version, "seats": 7})
    assert stale.status_code == 409
    assert stale.json()["current"]["seats"] == 120
    assert stale.json()["current"]["version"] == version + 1
    world.client_a2.refresh_from_db()
    assert world.client_a2.seats == 120


def test_it_archives_and_restores_a_client(as_user: Any, world: Any) -> None:
    api = as_user(world.vcio)
    url = f"/clients/{world.client_a2.pk}"
    version = api.get(url).json()["version"]
    archived = api.send("PATCH", url, {"version": version, "archived": True}).json()
    assert archived["archived"] is True
    assert world.client_a2.name not in [c["name"] for c in api.get("/clients").json()["items"]]
    assert world.client_a2.name in [c["name"] for c in api.get("/clients", archived="true").json()["items"]]
    restored = api.send("PATCH", url, {"version": archived["version"], "archived": False}).json()
    assert restored["archived"] is False


def test_it_manages_parties(as_user: Any, world: Any) -> None:
    api = as_user(world.vcio)
    base = f"/clients/{world.client_a2.pk}/parties"
    created = api.send("POST", base, {"name": "Fibre ISP", "kind": "isp", "email": "noc@fibre.example"})
    assert created.status_code == 201, created.content
    party = created.json()
    assert api.send("POST", base, {"name": "fibre isp"}).status_code == 422
    assert api.send("POST", base, {"name": "Bad kind", "kind": "alien"}).status_code == 422
    updated = api.send("PATCH", f"{base}/{party['id']}", {"version": party["version"], "phone": "+1 555 0100"})
    assert updated.json()["phone"] == "+1 555 0100"
    assert api.send("DELETE", f"{base}/{party['id']}").status_code == 204
    assert not Party.objects.filter(pk=party["id"]).exists()


def test_it_hides_another_workspaces_party_behind_404(as_user: Any, world: Any) -> None:
    api = as_user(world.outsider, world.ws_b)
    response = api.get(f"/clients/{world.client_b1.pk}/parties/{world.party_a1.pk}")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found.", "fields": {}}


def test_it_serves_the_framework_tree(as_user: Any, world: Any) -> None:
    framework = shipped_framework()
    api = as_user(world.viewer)
    listed = api.get("/frameworks").json()["items"]
    assert [(f["key"], f["practice_count"], f["shipped"]) for f in listed] == [("7c", 139, True)]
    tree = api.get(f"/frameworks/{framework.pk}").json()
    assert len(tree["blocks"]) == 7
    assert sum(len(b["areas"]) for b in tree["blocks"]) == 27
    assert sum(len(a["practices"]) for b in tree["blocks"] for a in b["areas"]) == 139
    assert [s["level"] for s in tree["scale"]] == [0, 1, 2, 3, 4, 5]


def test_it_manages_staff_within_the_rules(as_user: Any, world: Any) -> None:
    admin = as_user(world.admin)
    assert (
        admin.send("POST", "/memberships/invitations", {"email": "new@alpha.example", "role": "owner"}).status_code
        == 403
    )
    analyst = world.memberships["analyst"]  # people join by accepting an invitation: tests/tenancy/
    changed = admin.send("PATCH", f"/memberships/{analyst.pk}", {"role": "vcio"})
    assert changed.json()["role"] == "vcio"
    last_owner = world.memberships["owner"].pk
    assert as_user(world.owner).send("PATCH", f"/memberships/{last_owner}", {"role": "viewer"}).status_code == 422


def test_it_revokes_a_token(client: Any, world: Any) -> None:
    new = api_token_create(workspace=world.ws_a, user=world.vcio, name="script")
    api = Api(client, new.secret)
    assert api.get("/tokens").json()["items"][0]["prefix"] == new.secret[:10]
    assert api.send("DELETE", f"/tokens/{new.token.pk}").status_code == 204
    assert api.get("/me").status_code == 401


def test_it_serves_the_openapi_schema_and_offline_docs(client: Any, db: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "sevenc API"
    op_ids = [op["operationId"] for ops in schema["paths"].values() for op in ops.values()]
    assert len(op_ids) == len(set(op_ids))
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()


def _queries_for(api: Api, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert api.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_it_lists_clients_and_parties_in_a_constant_number_of_queries(as_user: Any, world: Any) -> None:
    from tests.factories import PartyFactory

    api = as_user(world.viewer)
    api.get("/me")  # the first use of a token records last_used_at; later uses within a minute do not
    few_clients = _queries_for(api, "/clients")
    few_parties = _queries_for(api, f"/clients/{world.client_a2.pk}/parties")
    for i in range(20):
        ClientFactory(workspace=world.ws_a, name=f"More {i}")
        PartyFactory(client=world.client_a2, name=f"Vendor {i}")
    assert _queries_for(api, "/clients") == few_clients
    assert _queries_for(api, f"/clients/{world.client_a2.pk}/parties") == few_parties


def test_it_filters_clients_by_archived_state(as_user: Any, world: Any) -> None:
    world.client_a2.archived = True
    world.client_a2.save()
    api = as_user(world.viewer)
    names = {
        key: {c["name"] for c in api.get("/clients", archived=key).json()["items"]} for key in ("false", "true", "all")
    }
    assert world.client_a2.name in names["true"] and world.client_a2.name not in names["false"]
    assert names["all"] == names["true"] | names["false"]
    assert api.get("/clients", archived="maybe").status_code == 422

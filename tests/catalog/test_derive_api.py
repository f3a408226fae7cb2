"""Derived framework versions through the API: derive, edit practices, publish, delete; drafts never assessed."""

from __future__ import annotations

from typing import Any

import pytest

from sevenc.catalog.models import Framework, Practice
from tests.api.client import Api

pytestmark = pytest.mark.django_db

AREA = "continuous.backup-management-implementation"
FIRST = f"{AREA}.01"


def _derive(api: Api, framework_id: int, version: str = "2026.1-alpha") -> dict[str, Any]:
    response = api.send("POST", f"/frameworks/{framework_id}/derive", {"version": version, "name": "7C Alpha"})
    assert response.status_code == 201, response.content
    return response.json()


def test_it_derives_edits_and_publishes_a_version(admin: Api, shipped: Framework) -> None:
    draft = _derive(admin, shipped.pk)
    assert (draft["name"], draft["is_draft"], draft["based_on_id"], draft["shipped"]) == (
        "7C Alpha",
        True,
        shipped.pk,
        False,
    )
    fid = draft["id"]
    patched = admin.send("PATCH", f"/frameworks/{fid}/practices/{FIRST}", {"weight": 2.5, "critical": True})
    assert patched.status_code == 200, patched.content
    assert patched.json() == {
        "key": FIRST,
        "name": patched.json()["name"],
        "area_key": AREA,
        "weight": 2.5,
        "critical": True,
    }
    added = admin.send(
        "POST",
        f"/frameworks/{fid}/practices",
        {"area_key": AREA, "key": "alpha.immutable", "name": "Immutable backups", "weight": 2},
    )
    assert added.status_code == 201, added.content
    assert admin.send("DELETE", f"/frameworks/{fid}/practices/{AREA}.02").status_code == 204
    published = admin.send("POST", f"/frameworks/{fid}/publish")
    assert published.status_code == 200 and published.json()["is_draft"] is False
    tree = admin.get(f"/frameworks/{fid}").json()
    keys = [p["key"] for p in tree["blocks"][0]["areas"][0]["practices"]]
    assert FIRST in keys and f"{AREA}.02" not in keys and keys[-1] == "alpha.immutable"
    assert Practice.objects.filter(framework=shipped, key=f"{AREA}.02").exists()


def test_it_refuses_changes_to_a_published_version_with_409(admin: Api, shipped: Framework) -> None:
    fid = _derive(admin, shipped.pk)["id"]
    assert admin.send("POST", f"/frameworks/{fid}/publish").status_code == 200
    for method, path, body in [
        ("PATCH", f"/frameworks/{fid}/practices/{FIRST}", {"weight": 3}),
        ("DELETE", f"/frameworks/{fid}/practices/{FIRST}", None),
        ("POST", f"/frameworks/{fid}/practices", {"area_key": AREA, "key": "x", "name": "X"}),
        ("POST", f"/frameworks/{fid}/publish", None),
        ("DELETE", f"/frameworks/{fid}", None),
    ]:
        response = admin.send(method, path, body)
        assert response.status_code == 409, (method, path, response.content)
        assert "published versions never change; derive a new version" in response.json()["message"]
    assert admin.send("PATCH", f"/frameworks/{shipped.pk}/practices/{FIRST}", {"weight": 3}).status_code == 409
    assert Practice.objects.get(framework_id=fid, key=FIRST).weight == 1.0


def test_it_validates_keys_weights_and_versions(admin: Api, shipped: Framework) -> None:
    fid = _derive(admin, shipped.pk)["id"]
    bad_key = admin.send("POST", f"/frameworks/{fid}/practices", {"area_key": AREA, "key": "Bad Key", "name": "X"})
    assert bad_key.status_code == 422 and "key" in bad_key.json()["fields"]
    taken = admin.send("POST", f"/frameworks/{fid}/practices", {"area_key": AREA, "key": FIRST, "name": "X"})
    assert taken.status_code == 422 and "already used" in taken.json()["fields"]["key"][0]
    negative = admin.send("PATCH", f"/frameworks/{fid}/practices/{FIRST}", {"weight": -1})
    assert negative.status_code == 422
    again = admin.send("POST", f"/frameworks/{shipped.pk}/derive", {"version": "2026.1-alpha"})
    assert again.status_code == 422 and "version" in again.json()["fields"]
    unknown = admin.send("PATCH", f"/frameworks/{fid}/practices/no.such.key", {"weight": 2})
    assert unknown.status_code == 404


def test_it_refuses_to_delete_the_last_practice_of_an_area(admin: Api, shipped: Framework) -> None:
    fid = _derive(admin, shipped.pk)["id"]
    keys = list(Practice.objects.filter(framework_id=fid, area__key=AREA).values_list("key", flat=True))
    for key in keys[:-1]:
        assert admin.send("DELETE", f"/frameworks/{fid}/practices/{key}").status_code == 204
    last = admin.send("DELETE", f"/frameworks/{fid}/practices/{keys[-1]}")
    assert last.status_code == 422 and "last practice of its area" in last.json()["message"]


def test_it_refuses_a_draft_for_a_new_assessment(
    admin: Api,
    as_user: Any,
    world: Any,
    shipped: Framework,
) -> None:
    fid = _derive(admin, shipped.pk)["id"]
    body = {"client_id": world.client_a1.pk, "title": "ITCq", "assessed_on": "2026-09-30", "framework_id": fid}
    vcio = as_user(world.vcio)
    refused = vcio.send("POST", "/assessments", body)
    assert refused.status_code == 422 and "draft" in refused.json()["message"]
    admin.send("POST", f"/frameworks/{fid}/publish")
    created = vcio.send("POST", "/assessments", body)
    assert created.status_code == 201 and created.json()["framework_id"] == fid


def test_it_deletes_a_draft(admin: Api, shipped: Framework) -> None:
    fid = _derive(admin, shipped.pk)["id"]
    assert admin.send("DELETE", f"/frameworks/{fid}").status_code == 204
    assert not Framework.objects.filter(pk=fid).exists()
    assert admin.send("DELETE", f"/frameworks/{shipped.pk}").status_code == 409


def test_it_keeps_viewers_and_outsiders_out(
    admin: Api,
    as_user: Any,
    world: Any,
    shipped: Framework,
) -> None:
    fid = _derive(admin, shipped.pk)["id"]
    viewer, outsider = as_user(world.viewer), as_user(world.outsider, world.ws_b)
    assert viewer.send("POST", f"/frameworks/{fid}/publish").status_code == 403
    assert viewer.send("POST", f"/frameworks/{shipped.pk}/derive", {"version": "v"}).status_code == 403
    assert outsider.send("POST", f"/frameworks/{fid}/publish").status_code == 404
    assert outsider.send("PATCH", f"/frameworks/{fid}/practices/{FIRST}", {"weight": 2}).status_code == 404
    assert outsider.get(f"/frameworks/{fid}").status_code == 404
    assert Framework.objects.get(pk=fid).is_draft

"""The pages for derived versions: derive from the detail page, the draft editor, publish and delete."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sevenc.catalog.models import Area, Block, Framework, Practice
from sevenc.catalog.services import framework_derive, framework_publish

pytestmark = pytest.mark.django_db

AREA = "continuous.disaster-recovery-plan-implementation"  # 5 practices


@pytest.fixture
def draft(world: Any, shipped: Framework) -> Framework:
    return framework_derive(
        workspace=world.ws_a, actor=world.admin, source=shipped, version="2026.1-alpha", name="7C Alpha"
    )


def _url(name: str, framework: Framework) -> str:
    return reverse(f"catalog:{name}", kwargs={"framework_id": framework.pk})


def test_it_offers_deriving_to_admins_only(world: Any, login: Any, shipped: Framework) -> None:
    body = login(world.admin).get(_url("framework_detail", shipped)).content.decode()
    assert "Derive a version" in body and _url("framework_derive", shipped) in body
    body = login(world.vcio).get(_url("framework_detail", shipped)).content.decode()
    assert "Derive a version" not in body


def test_it_derives_a_draft_and_opens_its_editor(world: Any, login: Any, shipped: Framework) -> None:
    response = login(world.admin).post(_url("framework_derive", shipped), {"version": "2026.1-alpha", "name": ""})
    derived = Framework.objects.get(workspace=world.ws_a, version="2026.1-alpha")
    assert response.status_code == 302 and response["Location"] == _url("framework_edit", derived)
    assert derived.is_draft and derived.name == shipped.name
    body = login(world.admin).get(response["Location"]).content.decode()
    practice = Practice.objects.filter(framework=derived).order_by("pk").first()
    assert f'name="practice-{practice.pk}-weight"' in body and f'name="practice-{practice.pk}-critical"' in body
    assert f'name="block-{Block.objects.filter(framework=derived).first().pk}-weight"' in body
    assert body.count('name="table"') == 1 + Area.objects.filter(framework=derived).count()


def test_it_shows_a_taken_version_with_422(world: Any, login: Any, shipped: Framework, draft: Framework) -> None:
    response = login(world.admin).post(_url("framework_derive", shipped), {"version": draft.version})
    assert response.status_code == 422
    assert "already has version" in response.content.decode()
    assert Framework.objects.filter(workspace=world.ws_a).count() == 1


def test_it_marks_shipped_draft_and_published_versions_in_the_list(
    world: Any, login: Any, shipped: Framework, draft: Framework
) -> None:
    body = login(world.viewer).get(reverse("catalog:framework_list")).content.decode()
    assert "shipped" in body and "draft" in body
    assert f"based on {shipped.name} {shipped.version}" in body
    framework_publish(workspace=world.ws_a, actor=world.admin, framework=draft)
    body = login(world.viewer).get(reverse("catalog:framework_list")).content.decode()
    assert "published" in body


def test_it_saves_the_blocks_and_areas_table(world: Any, login: Any, draft: Framework) -> None:
    block = Block.objects.filter(framework=draft).order_by("position").first()
    area = Area.objects.get(framework=draft, key=AREA)
    response = login(world.admin).post(
        _url("framework_edit", draft),
        {"table": "structure", f"block-{block.pk}-weight": "2.5", f"area-{area.pk}-weight": "0"},
    )
    assert response.status_code == 302
    block.refresh_from_db()
    area.refresh_from_db()
    assert (block.weight, area.weight) == (2.5, 0.0)


def test_it_saves_an_area_table_all_or_nothing(world: Any, login: Any, draft: Framework) -> None:
    practices = list(Practice.objects.filter(framework=draft, area__key=AREA).order_by("position"))
    good, bad = practices[0], practices[1]
    post = {
        "table": f"area-{good.area_id}",
        f"practice-{good.pk}-weight": "3",
        f"practice-{good.pk}-critical": "on",
        f"practice-{bad.pk}-weight": "-2",
        **{f"practice-{p.pk}-weight": "1" for p in practices[2:]},
    }
    response = login(world.admin).post(_url("framework_edit", draft), post)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Nothing was saved" in body and 'aria-invalid="true"' in body
    assert 'value="-2"' in body  # what was posted is shown again
    good.refresh_from_db()
    assert (good.weight, good.critical) == (1.0, False)
    post[f"practice-{bad.pk}-weight"] = "1"
    post[f"practice-{practices[2].pk}-remove"] = "on"
    assert login(world.admin).post(_url("framework_edit", draft), post).status_code == 302
    good.refresh_from_db()
    assert (good.weight, good.critical) == (3.0, True)
    assert not Practice.objects.filter(pk=practices[2].pk).exists()


def test_it_refuses_to_remove_every_practice_of_an_area(world: Any, login: Any, draft: Framework) -> None:
    practices = list(Practice.objects.filter(framework=draft, area__key=AREA))
    post = {"table": f"area-{practices[0].area_id}"}
    for p in practices:
        post |= {f"practice-{p.pk}-weight": "1", f"practice-{p.pk}-remove": "on"}
    response = login(world.admin).post(_url("framework_edit", draft), post)
    assert response.status_code == 422
    assert "last practice of its area" in response.content.decode()
    assert Practice.objects.filter(framework=draft, area__key=AREA).count() == len(practices)


def test_it_adds_a_practice_and_an_area(world: Any, login: Any, draft: Framework) -> None:
    http = login(world.admin)
    response = http.post(
        _url("framework_practice_add", draft),
        {"area_key": AREA, "key": "alpha.tabletop-exercise", "name": "Yearly tabletop exercise", "weight": "2"},
    )
    assert response.status_code == 302
    assert Practice.objects.get(framework=draft, key="alpha.tabletop-exercise").weight == 2.0
    response = http.post(
        _url("framework_area_add", draft),
        {
            "block_key": "continuous",
            "key": "alpha-cloud",
            "name": "Cloud resilience",
            "description": "",
            "practice_key": "alpha-cloud.01",
            "practice_name": "Region failover tested",
        },
    )
    assert response.status_code == 302
    assert Area.objects.get(framework=draft, key="alpha-cloud").practices.count() == 1


def test_it_shows_a_bad_key_with_422(world: Any, login: Any, draft: Framework) -> None:
    response = login(world.admin).post(
        _url("framework_practice_add", draft), {"area_key": AREA, "key": "Bad Key", "name": "X", "weight": "1"}
    )
    assert response.status_code == 422
    assert "lower-case letters" in response.content.decode()
    assert not Practice.objects.filter(framework=draft, name="X").exists()


def test_it_publishes_and_then_refuses_every_change(world: Any, login: Any, draft: Framework) -> None:
    http = login(world.admin)
    response = http.post(_url("framework_publish", draft))
    assert response.status_code == 302 and response["Location"] == _url("framework_detail", draft)
    draft.refresh_from_db()
    assert not draft.is_draft and draft.checksum
    assert http.get(_url("framework_edit", draft)).status_code == 302  # back to the read-only page
    block = Block.objects.filter(framework=draft).first()
    response = http.post(_url("framework_edit", draft), {"table": "structure", f"block-{block.pk}-weight": "9"})
    assert response.status_code == 409
    assert "published versions never change" in response.content.decode()
    assert http.post(_url("framework_delete", draft)).status_code == 409
    assert (
        http.post(
            _url("framework_practice_add", draft), {"area_key": AREA, "key": "alpha.x", "name": "X", "weight": "1"}
        ).status_code
        == 409
    )
    block.refresh_from_db()
    assert block.weight == 1.0 and Framework.objects.filter(pk=draft.pk).exists()


def test_it_refuses_to_edit_the_shipped_framework(world: Any, login: Any, shipped: Framework) -> None:
    http = login(world.admin)
    assert http.get(_url("framework_edit", shipped)).status_code == 302
    assert http.post(_url("framework_publish", shipped)).status_code == 409
    assert http.post(_url("framework_delete", shipped)).status_code == 409


def test_it_deletes_a_draft(world: Any, login: Any, draft: Framework) -> None:
    response = login(world.admin).post(_url("framework_delete", draft))
    assert response.status_code == 302 and response["Location"] == reverse("catalog:framework_list")
    assert not Framework.objects.filter(pk=draft.pk).exists()


def test_it_keeps_drafts_out_of_the_assessment_form(
    world: Any, login: Any, shipped: Framework, draft: Framework
) -> None:
    url = reverse("assessments:assessment_create", kwargs={"client_id": world.client_a1.pk})
    body = login(world.vcio).get(url).content.decode()
    assert f'value="{shipped.pk}"' in body and f'value="{draft.pk}"' not in body
    response = login(world.vcio).post(
        url, {"title": "T", "period": "", "assessed_on": "2026-09-30", "framework": str(draft.pk)}
    )
    assert response.status_code == 422
    framework_publish(workspace=world.ws_a, actor=world.admin, framework=draft)
    assert f'value="{draft.pk}"' in login(world.vcio).get(url).content.decode()


def test_it_keeps_other_workspaces_out(world: Any, login: Any, draft: Framework) -> None:
    http = login(world.outsider)
    assert http.get(_url("framework_detail", draft)).status_code == 404
    assert http.get(_url("framework_edit", draft)).status_code == 404
    assert http.post(_url("framework_publish", draft)).status_code == 404
    assert login(world.vcio).post(_url("framework_publish", draft)).status_code == 403
    draft.refresh_from_db()
    assert draft.is_draft

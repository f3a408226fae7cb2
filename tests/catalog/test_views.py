"""The catalog pages."""

from __future__ import annotations

import json
from typing import Any

from django.urls import reverse
from django.utils.html import escape

from sevenc.catalog.services import SHIPPED_DIR
from tests.catalog.factories import shipped_framework


def _seven_c() -> Any:
    return shipped_framework()


def test_it_lists_the_frameworks(world: Any, login: Any) -> None:
    framework = _seven_c()
    body = login(world.viewer).get(reverse("catalog:framework_list")).content.decode()
    assert "7C IT Management Framework" in body
    assert reverse("catalog:framework_detail", kwargs={"framework_id": framework.pk}) in body
    assert "shipped" in body
    assert ">139<" in body


def test_it_shows_every_practice_of_the_7c_framework(world: Any, login: Any) -> None:
    framework = _seven_c()
    doc = json.loads((SHIPPED_DIR / "7c.json").read_text(encoding="utf-8"))
    names = [p["name"] for b in doc["blocks"] for a in b["areas"] for p in a["practices"]]
    assert len(names) == 139
    response = login(world.viewer).get(reverse("catalog:framework_detail", kwargs={"framework_id": framework.pk}))
    assert response.status_code == 200
    body = response.content.decode()
    missing = [n for n in names if escape(n) not in body]
    assert missing == []
    for block in doc["blocks"]:
        assert f'href="#block-{block["key"]}"' in body
        assert escape(block["question"]) in body
    for level in doc["scale"]:
        assert escape(level["description"]) in body
    assert body.count("<details") == sum(len(b["areas"]) for b in doc["blocks"])


def test_it_keeps_portal_users_and_strangers_out(world: Any, login: Any, client: Any) -> None:
    framework = _seven_c()
    url = reverse("catalog:framework_detail", kwargs={"framework_id": framework.pk})
    assert client.get(url).status_code == 302
    assert login(world.exec_a1).get(url).status_code == 403


def test_it_answers_404_for_an_unknown_framework(world: Any, login: Any) -> None:
    response = login(world.viewer).get(reverse("catalog:framework_detail", kwargs={"framework_id": 999999}))
    assert response.status_code == 404

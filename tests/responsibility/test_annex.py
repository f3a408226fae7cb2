"""The per-party responsibility annex: a PDF holding exactly that party's areas, by role."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from sevenc.responsibility import services
from sevenc.responsibility.models import ResponsibilityArea
from sevenc.responsibility.services import CellChange
from tests.factories import PartyFactory
from tests.responsibility.factories import ResponsibilityAreaFactory

pytestmark = pytest.mark.django_db


def _area(key: str, title: str) -> ResponsibilityArea:
    return ResponsibilityAreaFactory(key=key, title=title, area_key="a", practice_key="p")


def _text(pdf: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_annex_holds_exactly_the_partys_areas(world: Any, login: Any) -> None:
    verify, renew, strategy = (
        _area("a.verify", "Verify nightly backups"),
        _area("a.renew", "Renew domain names"),
        _area("a.strategy", "Own the IT strategy"),
    )
    ceo = PartyFactory(client=world.client_a1, name="Chief Executive", kind="internal_role")
    services.matrix_save(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        changes=[
            CellChange(verify.pk, world.party_a1.pk, "R", ""),
            CellChange(renew.pk, world.party_a1.pk, "I", ""),
            CellChange(strategy.pk, ceo.pk, "A", ""),
            CellChange(verify.pk, ceo.pk, "A", ""),
        ],
    )
    c = login(world.viewer)
    response = c.get(
        reverse("responsibility:party_annex", kwargs={"client_id": world.client_a1.pk, "party_id": world.party_a1.pk})
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Verify nightly backups" in text and "Renew domain names" in text
    assert "Own the IT strategy" not in text
    assert "Responsible (R)" in text and "Informed (I)" in text and "Accountable (A)" not in text
    other = _text(
        c.get(
            reverse("responsibility:party_annex", kwargs={"client_id": world.client_a1.pk, "party_id": ceo.pk})
        ).content
    )
    assert "Own the IT strategy" in other and "Verify nightly backups" in other and "Renew domain names" not in other


def test_a_party_of_another_client_has_no_annex_here(world: Any, login: Any) -> None:
    elsewhere = PartyFactory(client=world.client_a2, name="Elsewhere")
    c = login(world.viewer)
    assert (
        c.get(
            reverse("responsibility:party_annex", kwargs={"client_id": world.client_a1.pk, "party_id": elsewhere.pk})
        ).status_code
        == 404
    )

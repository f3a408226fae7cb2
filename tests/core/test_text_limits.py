"""Free text has one documented limit (core.limits.TEXT_MAX), enforced alike by the API's schemas, the
services (so every form and import), and the forms the pages show."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sevenc.assessments.models import Answer
from sevenc.assessments.services import assessment_create
from sevenc.assessments.transfer import services as transfer
from sevenc.core.domain.errors import ApplicationError
from sevenc.core.domain.limits import TEXT_MAX
from sevenc.tenancy import services
from sevenc.tenancy.models import Client
from tests.catalog.factories import shipped_framework

pytestmark = pytest.mark.django_db
TOO_LONG = "x" * (TEXT_MAX + 1)


def test_a_service_refuses_text_past_the_limit(world: Any) -> None:
    with pytest.raises(ApplicationError) as exc:
        services.client_create(workspace=world.ws_a, actor=world.vcio, name="Zeta", notes=TOO_LONG)
    assert "notes" in exc.value.fields
    assert not Client.objects.filter(name="Zeta").exists()
    services.client_create(workspace=world.ws_a, actor=world.vcio, name="Zeta", notes="x" * TEXT_MAX)


def test_the_web_form_refuses_text_past_the_limit_and_shows_the_limit(client: Any, world: Any) -> None:
    client.force_login(world.vcio)
    page = client.get("/clients/new/").content.decode()
    assert f'maxlength="{TEXT_MAX}"' in page
    response = client.post("/clients/new/", {"name": "Eta", "notes": TOO_LONG})
    assert response.status_code == 422
    assert not Client.objects.filter(name="Eta").exists()


def test_an_import_refuses_a_note_past_the_limit_and_writes_nothing(world: Any) -> None:
    framework = shipped_framework()
    draft = assessment_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        framework=framework,
        title="Q1",
        period="2027-Q1",
        assessed_on=dt.date(2027, 3, 31),
    )
    key = Answer.objects.filter(assessment=draft).order_by("pk").values_list("practice__key", flat=True)[0]
    content = f"practice_key,answer,note\n{key},3,{TOO_LONG}\n".encode()
    with pytest.raises(ApplicationError):
        transfer.answers_import(
            workspace=world.ws_a, actor=world.vcio, assessment=draft, content=content, filename="answers.csv"
        )
    assert not Answer.objects.filter(assessment=draft).exclude(level=None).exists()

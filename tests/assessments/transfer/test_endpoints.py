"""Answers as files through the web UI and the API."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sevenc.accounts.services import api_token_create
from sevenc.assessments.models import Answer, Assessment

pytestmark = pytest.mark.django_db

FIRST = "continuous.backup-management-implementation.01"


def _first(assessment: Assessment) -> Answer:
    return Answer.objects.get(assessment=assessment, practice__key=FIRST)


def test_it_downloads_the_answers_as_csv_and_xlsx(world: Any, login: Any, draft: Assessment) -> None:
    http = login(world.viewer)
    csv = http.get(reverse("assessments:answer_export", kwargs={"assessment_id": draft.pk, "fmt": "csv"}))
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 140 and lines[1].startswith(FIRST)
    xlsx = http.get(reverse("assessments:answer_export", kwargs={"assessment_id": draft.pk, "fmt": "xlsx"}))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 140
    assert (
        http.get(reverse("assessments:answer_export", kwargs={"assessment_id": draft.pk, "fmt": "pdf"})).status_code
        == 404
    )


def test_it_imports_a_file_in_the_web_ui_or_nothing(world: Any, login: Any, draft: Assessment) -> None:
    http = login(world.analyst)
    url = reverse("assessments:answer_import", kwargs={"assessment_id": draft.pk})
    good = SimpleUploadedFile("a.csv", f"practice_key,answer\n{FIRST},4\n".encode())
    response = http.post(url, {"file": good})
    assert response.status_code == 302
    assert _first(draft).level == 4
    bad = SimpleUploadedFile("b.csv", f"practice_key,answer\n{FIRST},2\nno.such.key,3\n".encode())
    response = http.post(url, {"file": bad})
    assert response.status_code == 422
    assert "no.such.key" in response.content.decode()
    assert _first(draft).level == 4
    assert http.post(url, {}).status_code == 422


def test_it_exports_and_imports_through_the_api(client: Any, world: Any, draft: Assessment) -> None:
    secret = api_token_create(workspace=world.ws_a, user=world.analyst, name="t").secret
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    exported = client.get(f"/api/v1/assessments/{draft.pk}/export", {"format": "csv"}, **auth)
    assert exported.status_code == 200, exported.content
    content = exported.content.decode("utf-8-sig")
    unchanged = client.post(
        f"/api/v1/assessments/{draft.pk}/import", {"file": SimpleUploadedFile("same.csv", content.encode())}, **auth
    )
    assert unchanged.json() == {"changed": 0, "unchanged": 139}
    changed = client.post(
        f"/api/v1/assessments/{draft.pk}/import",
        {"file": SimpleUploadedFile("x.csv", f"practice_key,answer\n{FIRST},N/A\n".encode())},
        **auth,
    )
    assert changed.json() == {"changed": 1, "unchanged": 0}
    assert _first(draft).state == "na"
    refused = client.post(
        f"/api/v1/assessments/{draft.pk}/import",
        {"file": SimpleUploadedFile("y.csv", b"practice_key,answer\nnope,9\n")},
        **auth,
    )
    assert refused.status_code == 422 and refused.json()["fields"]

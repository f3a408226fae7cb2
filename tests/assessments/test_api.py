"""Assessments through the API: create, answer (single and bulk, with versions), finalise, immutability."""

from __future__ import annotations

from typing import Any

import pytest

from sevenc.assessments.models import Answer, Assessment
from tests.api.client import Api

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("framework")]  # the API assesses against it

FIRST = "continuous.backup-management-implementation.01"
SECOND = "continuous.backup-management-implementation.02"


def _create(api: Api, world: Any, **extra: Any) -> dict[str, Any]:
    body = {
        "client_id": world.client_a1.pk,
        "title": "Q4 ITCq",
        "period": "2026-Q4",
        "assessed_on": "2026-11-20",
        **extra,
    }
    response = api.send("POST", "/assessments", body)
    assert response.status_code == 201, response.content
    return response.json()


def test_it_creates_an_assessment_with_every_practice_unanswered(vcio: Api, world: Any) -> None:
    created = _create(vcio, world)
    assert (created["framework_key"], created["status"], created["version"]) == ("7c", "draft", 1)
    answers = vcio.get(f"/assessments/{created['id']}/answers").json()
    assert len(answers) == 139
    assert answers[0]["practice_key"] == FIRST and answers[0]["state"] == ""


def test_it_sets_one_answer_and_refuses_a_stale_version_with_the_current_answer(vcio: Api, world: Any) -> None:
    aid = _create(vcio, world)["id"]
    url = f"/assessments/{aid}/answers/{FIRST}"
    first = vcio.send("PUT", url, {"version": 1, "state": "level", "level": 3, "note": "weekly test restores"})
    assert first.status_code == 200, first.content
    assert (first.json()["level"], first.json()["version"]) == (3, 2)
    stale = vcio.send("PUT", url, {"version": 1, "state": "level", "level": 5})
    assert stale.status_code == 409
    assert stale.json()["current"]["level"] == 3
    assert stale.json()["current"]["version"] == 2
    assert Answer.objects.get(assessment_id=aid, practice__key=FIRST).level == 3


def test_it_applies_a_bulk_update_all_or_nothing(vcio: Api, world: Any) -> None:
    aid = _create(vcio, world)["id"]
    ok = vcio.send(
        "PATCH",
        f"/assessments/{aid}/answers",
        {
            "answers": [
                {"practice_key": FIRST, "version": 1, "state": "level", "level": 2},
                {"practice_key": SECOND, "version": 1, "state": "na"},
            ]
        },
    )
    assert ok.status_code == 200, ok.content
    assert [a["version"] for a in ok.json()] == [2, 2]
    refused = vcio.send(
        "PATCH",
        f"/assessments/{aid}/answers",
        {
            "answers": [
                {"practice_key": SECOND, "version": 2, "state": "unknown"},
                {"practice_key": FIRST, "version": 1, "state": "level", "level": 5},  # stale
            ]
        },
    )
    assert refused.status_code == 409
    assert Answer.objects.get(assessment_id=aid, practice__key=SECOND).state == "na"


@pytest.mark.parametrize(
    "body",
    [
        {"version": 1, "state": "level", "level": 9},
        {"version": 1, "state": "level", "level": 2, "colour": "red"},
        {"state": "na"},
    ],
)
def test_it_rejects_an_invalid_answer_payload(vcio: Api, world: Any, body: dict[str, Any]) -> None:
    aid = _create(vcio, world)["id"]
    response = vcio.send("PUT", f"/assessments/{aid}/answers/{FIRST}", body)
    assert response.status_code == 422
    assert response.json()["fields"]
    assert Answer.objects.get(assessment_id=aid, practice__key=FIRST).version == 1


def test_it_lets_an_analyst_answer_but_not_create_or_finalise(as_user: Any, vcio: Api, world: Any) -> None:
    created = _create(vcio, world)
    analyst = as_user(world.analyst)
    assert (
        analyst.send(
            "PUT", f"/assessments/{created['id']}/answers/{FIRST}", {"version": 1, "state": "unknown"}
        ).status_code
        == 200
    )
    assert (
        analyst.send(
            "POST", "/assessments", {"client_id": world.client_a1.pk, "title": "x", "assessed_on": "2026-11-20"}
        ).status_code
        == 403
    )
    assert analyst.send("POST", f"/assessments/{created['id']}/finalise", {"version": 1}).status_code == 403


def test_it_copies_forward_and_then_refuses_every_change_once_final(vcio: Api, world: Any) -> None:
    first = _create(vcio, world)
    vcio.send("PUT", f"/assessments/{first['id']}/answers/{FIRST}", {"version": 1, "state": "level", "level": 4})
    final = vcio.send("POST", f"/assessments/{first['id']}/finalise", {"version": 1})
    assert final.status_code == 200 and final.json()["status"] == "final"
    aid = first["id"]
    attempts = [
        ("PUT", f"/assessments/{aid}/answers/{FIRST}", {"version": 2, "state": "level", "level": 0}),
        ("PATCH", f"/assessments/{aid}/answers", {"answers": [{"practice_key": FIRST, "version": 2, "state": "na"}]}),
        ("PATCH", f"/assessments/{aid}", {"version": 2, "title": "changed"}),
        ("POST", f"/assessments/{aid}/finalise", {"version": 2}),
        ("DELETE", f"/assessments/{aid}", None),
    ]
    for method, url, body in attempts:
        response = vcio.send(method, url, body)
        assert response.status_code == 409, (method, url, response.content)
        assert "final" in response.json()["message"]
    assert Assessment.objects.get(pk=aid).title == "Q4 ITCq"
    assert Answer.objects.get(assessment_id=aid, practice__key=FIRST).level == 4
    second = _create(vcio, world, title="Q1 ITCq", assessed_on="2027-02-20", copy_from_id=aid)
    answers = {a["practice_key"]: a for a in vcio.get(f"/assessments/{second['id']}/answers").json()}
    assert answers[FIRST]["level"] == 4 and answers[FIRST]["version"] == 1


def test_it_filters_assessments_by_client(vcio: Api, world: Any) -> None:
    _create(vcio, world)
    listed = vcio.get("/assessments", client_id=world.client_a2.pk).json()
    assert listed["count"] == 0
    assert vcio.get("/assessments", client_id=world.client_a1.pk).json()["count"] == 1
    assert vcio.get("/assessments", client_id=world.client_b1.pk).status_code == 404


def _queries(api: Api, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert api.get(path).status_code == 200  # warms the token and the per-process framework caches
    with CaptureQueriesContext(connection) as ctx:
        assert api.get(path).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("endpoint", ["answers", "scores"])
def test_it_answers_in_the_same_few_queries_whatever_the_size(vcio: Api, world: Any, endpoint: str) -> None:
    from sevenc.catalog.services import framework_load
    from tests.catalog.factories import mini_framework_doc

    mini = framework_load(doc=mini_framework_doc(10)).framework
    small = _create(vcio, world, framework_id=mini.pk, client_id=world.client_a2.pk)
    large = _create(vcio, world)
    n_small = _queries(vcio, f"/assessments/{small['id']}/{endpoint}")
    n_large = _queries(vcio, f"/assessments/{large['id']}/{endpoint}")
    for i in range(19):  # client A1 now has 20 assessments
        _create(vcio, world, title=f"older {i}", assessed_on=f"2025-01-{i + 1:02d}")
    n_many = _queries(vcio, f"/assessments/{large['id']}/{endpoint}")
    assert n_small == n_large == n_many <= 6


def test_it_scores_an_assessment(vcio: Api, world: Any) -> None:
    aid = _create(vcio, world)["id"]
    answers = vcio.get(f"/assessments/{aid}/answers").json()
    batch = [{"practice_key": a["practice_key"], "version": 1, "state": "level", "level": 3} for a in answers]
    batch[0] = {"practice_key": answers[0]["practice_key"], "version": 1, "state": "unknown"}
    assert vcio.send("PATCH", f"/assessments/{aid}/answers", {"answers": batch}).status_code == 200
    scores = vcio.get(f"/assessments/{aid}/scores").json()
    assert scores["overall"]["score"] == pytest.approx(60.0)
    assert scores["progress"] == {"answered": 139, "total": 139, "na": 0, "unknown": 1, "unanswered": 0}
    assert [b["name"] for b in scores["blocks"]][0] == "Continuous"
    backup = scores["areas"][0]
    assert backup["coverage"] == pytest.approx(6 / 7)
    assert backup["pessimistic"] == pytest.approx(60.0 * 6 / 7)
    assert backup["gated_level"] == 3 and not backup["provisional"]
    assert len(scores["areas"]) == 27

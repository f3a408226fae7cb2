"""Workshops through the API: invite, answer blind (own responses only), consolidate, apply with rationale."""

from __future__ import annotations

from typing import Any

import pytest

from sevenc.assessments.models import Answer, Assessment

pytestmark = pytest.mark.django_db

FIRST = "continuous.backup-management-implementation.01"


def test_it_runs_a_workshop_end_to_end(as_user: Any, world: Any, draft: Assessment) -> None:
    vcio, analyst = as_user(world.vcio), as_user(world.analyst)
    base = f"/assessments/{draft.pk}"
    invited = vcio.send("POST", f"{base}/respondents", {"email": world.analyst.email})
    assert invited.status_code == 201, invited.content
    rid = invited.json()["id"]
    assert (invited.json()["kind"], invited.json()["total"]) == ("staff", 139)
    client_r = vcio.send("POST", f"{base}/respondents", {"email": world.exec_a1.email.upper()})
    assert client_r.status_code == 201 and client_r.json()["client_role"] == "executive"
    refused = vcio.send("POST", f"{base}/respondents", {"email": world.exec_a2.email})
    assert refused.status_code == 422 and "email" in refused.json()["fields"]

    url = f"/respondents/{rid}/responses/{FIRST}"
    first = analyst.send("PUT", url, {"version": 1, "state": "level", "level": 1, "comment": "never restored"})
    assert first.status_code == 200, first.content
    assert (first.json()["level"], first.json()["version"]) == (1, 2)
    stale = analyst.send("PUT", url, {"version": 1, "state": "level", "level": 2})
    assert stale.status_code == 409 and stale.json()["current"]["level"] == 1
    assert vcio.send("PUT", url, {"version": 2, "state": "na"}).status_code == 404  # not the vCIO's questionnaire
    assert vcio.get(f"/respondents/{rid}/responses").status_code == 404
    assert len(analyst.get(f"/respondents/{rid}/responses").json()) == 139
    assert analyst.send("POST", f"/respondents/{rid}/submit").json()["submitted_at"]
    assert analyst.send("PUT", url, {"version": 2, "state": "level", "level": 3}).status_code == 409

    view = vcio.get(f"{base}/consolidated").json()
    practice = next(p for p in view["practices"] if p["key"] == FIRST)
    assert practice["suggestion"] == 1 and practice["responses"][0]["comment"] == "never restored"
    applied = vcio.send(
        "POST",
        f"{base}/consolidated",
        {
            "decisions": [
                {
                    "practice_key": FIRST,
                    "state": "level",
                    "level": 2,
                    "rationale": "one restore test seen",
                    "version": practice["answer_version"],
                }
            ]
        },
    )
    assert applied.status_code == 200, applied.content
    assert applied.json()[0] == {
        "practice_key": FIRST,
        "state": "level",
        "level": 2,
        "rationale": "one restore test seen",
        "version": 2,
    }
    again = vcio.send(
        "POST",
        f"{base}/consolidated",
        {"decisions": [{"practice_key": FIRST, "state": "level", "level": 4, "rationale": "", "version": 1}]},
    )
    assert again.status_code == 409
    assert Answer.objects.get(assessment=draft, practice__key=FIRST).level == 2

    assert vcio.send("DELETE", f"{base}/respondents/{rid}").status_code == 204
    assert [r["email"] for r in vcio.get(f"{base}/respondents").json()] == [world.exec_a1.email]


def test_it_refuses_consolidating_to_an_analyst(as_user: Any, world: Any, draft: Assessment) -> None:
    response = as_user(world.analyst).send(
        "POST",
        f"/assessments/{draft.pk}/consolidated",
        {"decisions": [{"practice_key": FIRST, "state": "na", "rationale": "", "version": 1}]},
    )
    assert response.status_code == 403

"""Every bulk input that names objects by id or key refuses naming one of them twice: 422, the object named, and
nothing changed. Through the API, the web forms and the services (the matrix has its own tests in
tests/responsibility/test_matrix.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sevenc.assessments.forms import answer_digest, state_token
from sevenc.assessments.models import Answer, Assessment
from sevenc.assessments.targets import services as targets
from sevenc.assessments.targets.models import Target
from sevenc.assessments.workshops import services as workshop
from sevenc.assessments.workshops.models import Response
from sevenc.assessments.workshops.services import ResponseChange
from sevenc.core.domain.bulk import DuplicateError
from sevenc.planning import services as planning_services
from sevenc.planning.models import ActionItem, ItemDependency, ItemLift
from sevenc.planning.services import LiftSpec
from sevenc.planning.strategy import services as strategy
from sevenc.planning.strategy.models import StrategicInitiative
from tests.api.client import Api
from tests.planning.plan_fixtures import assessment, practices_of

pytestmark = pytest.mark.django_db

FIRST = "continuous.backup-management-implementation.01"
SECOND = "continuous.backup-management-implementation.02"


def _answers(a: Assessment) -> list[tuple[Any, ...]]:
    return sorted(Answer.objects.filter(assessment=a).values_list("pk", "state", "level", "rationale", "version"))


def _item(world: Any, title: str, **fields: Any) -> ActionItem:
    return planning_services.item_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title=title, **fields
    )


def _items() -> list[tuple[Any, ...]]:
    return sorted(ActionItem.objects.values_list("pk", "version", "one_time_cost", "accepted_at", "initiative_id"))


def _refused(response: Any, *words: str) -> dict[str, Any]:
    assert response.status_code == 422, response.content
    body: dict[str, Any] = response.json()
    assert "is named more than once" in body["message"] and "nothing was changed" in body["message"]
    for word in words:
        assert word in body["message"], body
    return body


# --- assessments ---------------------------------------------------------------------------------------------


def test_the_answers_bulk_update_refuses_a_practice_named_twice(vcio: Api, world: Any, draft: Assessment) -> None:
    before = _answers(draft)
    body = _refused(
        vcio.send(
            "PATCH",
            f"/assessments/{draft.pk}/answers",
            {
                "answers": [
                    {"practice_key": FIRST, "version": 1, "state": "level", "level": 2},
                    {"practice_key": SECOND, "version": 1, "state": "level", "level": 3},
                    {"practice_key": FIRST, "version": 1, "state": "level", "level": 4},
                ]
            },
        ),
        f"Practice {FIRST}",
    )
    assert body["fields"] == {"practice_key": [f"Practice {FIRST} is named more than once."]}
    assert _answers(draft) == before


def test_the_consolidation_refuses_a_practice_decided_twice(vcio: Api, world: Any, draft: Assessment) -> None:
    before = _answers(draft)
    decision = {"practice_key": FIRST, "state": "level", "level": 2, "rationale": "agreed", "version": 1}
    _refused(
        vcio.send("POST", f"/assessments/{draft.pk}/consolidated", {"decisions": [decision, {**decision, "level": 3}]}),
        f"Practice {FIRST}",
    )
    assert _answers(draft) == before


def test_a_respondents_batch_refuses_a_practice_named_twice(world: Any, draft: Assessment) -> None:
    r = workshop.respondent_invite(workspace=world.ws_a, actor=world.vcio, assessment=draft, user=world.analyst)
    with pytest.raises(DuplicateError, match=f"Practice {FIRST} is named more than once"):
        workshop.responses_bulk_set(
            workspace=world.ws_a,
            actor=world.analyst,
            respondent=r,
            changes=[
                ResponseChange(FIRST, 1, state="level", level=1),
                ResponseChange(FIRST, 1, state="level", level=5),
            ],
        )
    assert set(Response.objects.filter(respondent=r).values_list("version", flat=True)) == {1}


def test_the_goal_setting_refuses_a_target_named_twice(world: Any) -> None:
    a = assessment(world)
    with pytest.raises(DuplicateError, match="The target block:continuous is named more than once") as exc:
        targets.targets_save(
            workspace=world.ws_a,
            actor=world.vcio,
            assessment=a,
            changes=[
                targets.TargetChange("block", "continuous", level=3.0, reason="continuity"),
                targets.TargetChange("block", "continuous", level=4.0, reason="continuity"),
            ],
        )
    assert exc.value.status == 422 and not Target.objects.exists()


def _row(answer: Answer, state: str) -> dict[str, str]:
    pk = answer.pk
    return {
        f"state-{pk}": state,
        f"note-{pk}": answer.note,
        f"evidence-{pk}": answer.evidence_url,
        f"version-{pk}": str(answer.version),
        f"orig-{pk}": answer_digest(answer),
    }


def _post_pairs(http: Any, url: str, pairs: list[tuple[str, str]]) -> Any:
    from urllib.parse import urlencode

    return http.post(url, urlencode(pairs), content_type="application/x-www-form-urlencoded")


def test_the_answer_grid_refuses_a_row_posted_twice(world: Any, login: Any, draft: Assessment) -> None:
    first = Answer.objects.get(assessment=draft, practice__key=FIRST)
    before = _answers(draft)
    url = reverse("assessments:assessment_grid", kwargs={"assessment_id": draft.pk})
    http = login(world.analyst)
    pairs = [*_row(first, "2").items(), (f"state-{first.pk}", "4")]  # which level was meant?
    page = _post_pairs(http, url, pairs)
    assert page.status_code == 422 and "posted more than once" in page.content.decode()
    assert _answers(draft) == before
    assert _post_pairs(http, url, list(_row(first, "2").items())).status_code == 302  # once is fine
    assert Answer.objects.get(pk=first.pk).level == 2
    assert state_token(Answer.objects.get(pk=first.pk)) == "2"


def test_the_questionnaire_and_the_consolidation_forms_refuse_a_row_posted_twice(
    world: Any, login: Any, draft: Assessment
) -> None:
    r = workshop.respondent_invite(workspace=world.ws_a, actor=world.vcio, assessment=draft, user=world.analyst)
    response = Response.objects.get(respondent=r, practice__key=FIRST)
    url = reverse("assessments:questionnaire_answer", kwargs={"assessment_id": draft.pk})
    page = _post_pairs(
        login(world.analyst),
        url,
        [(f"state-{response.pk}", "2"), (f"state-{response.pk}", "3"), (f"version-{response.pk}", "1")],
    )
    assert page.status_code == 422 and "posted more than once" in page.content.decode()
    assert Response.objects.get(pk=response.pk).version == 1
    answer = Answer.objects.get(assessment=draft, practice__key=FIRST)
    before = _answers(draft)
    url = reverse("assessments:assessment_consolidate", kwargs={"assessment_id": draft.pk})
    page = _post_pairs(
        login(world.vcio),
        url,
        [
            (f"final-{answer.pk}", "2"),
            (f"rationale-{answer.pk}", "a"),
            (f"version-{answer.pk}", "1"),
            (f"final-{answer.pk}", "4"),
        ],
    )
    assert page.status_code == 422 and "posted more than once" in page.content.decode()
    assert _answers(draft) == before


# --- action plans ------------------------------------------------------------------------------------------------


def test_merge_refuses_an_item_named_twice_so_its_costs_are_not_added_twice(vcio: Api, world: Any) -> None:
    into, other = _item(world, "Firewall", one_time_cost=100), _item(world, "Backup", one_time_cost=50)
    before = _items()
    body = _refused(
        vcio.send("POST", f"/action-items/{into.pk}/merge", {"others": [other.pk, other.pk], "version": 1}),
        f"Action item {other.pk}",
    )
    assert body["fields"] == {"others": [f"Action item {other.pk} is named more than once."]}
    assert _items() == before
    with pytest.raises(DuplicateError, match="Action item “Backup”"):  # the service itself, for every caller
        planning_services.items_merge(workspace=world.ws_a, actor=world.vcio, into=into, others=[other, other])
    assert _items() == before


def test_accept_refuses_an_item_named_twice(vcio: Api, world: Any) -> None:
    item = _item(world, "Firewall")
    before = _items()
    _refused(
        vcio.send("POST", f"/clients/{world.client_a1.pk}/action-items/accept", {"item_ids": [item.pk, item.pk]}),
        f"Action item {item.pk}",
    )
    assert _items() == before


def test_an_item_refuses_a_dependency_or_a_practice_named_twice(vcio: Api, world: Any, login: Any) -> None:
    assessment(world)
    key = practices_of("continuous")[0]
    first, item = _item(world, "Firewall"), _item(world, "Backup")
    before = (_items(), ItemDependency.objects.count(), ItemLift.objects.count())
    _refused(
        vcio.send("PATCH", f"/action-items/{item.pk}", {"version": 1, "depends_on": [first.pk, first.pk]}),
        f"Action item {first.pk}",
    )
    body = _refused(
        vcio.send(
            "PATCH",
            f"/action-items/{item.pk}",
            {
                "version": 1,
                "lifts": [{"practice_key": key, "expected_level": 3}, {"practice_key": key, "expected_level": 4}],
            },
        ),
        f"Practice {key}",
    )
    assert body["fields"] == {"lifts": [f"Practice {key} is named more than once."]}
    with pytest.raises(DuplicateError):
        planning_services.item_create(
            workspace=world.ws_a,
            actor=world.vcio,
            client=world.client_a1,
            title="New",
            lifts=[LiftSpec(key, 3), LiftSpec(key, 3)],
        )
    assert (_items(), ItemDependency.objects.count(), ItemLift.objects.count()) == before
    # the web form: a dependency ticked twice (a crafted post) is refused the same way, not a server error
    url = reverse("planning:item_edit", kwargs={"item_id": item.pk})
    form = {
        "title": "Backup",
        "description": "",
        "status": "proposed",
        "priority": "2",
        "responsible_party": "",
        "accountable": "",
        "quarter": "",
        "due_date": "",
        "one_time_cost": "0",
        "recurring_monthly_cost": "0",
        "effort_hours": "0",
        "delivered_by": "",
        "psa_reference": "",
        "psa_url": "",
        "version": "1",
    }
    page = _post_pairs(
        login(world.vcio), url, [*form.items(), ("depends_on", str(first.pk)), ("depends_on", str(first.pk))]
    )
    assert page.status_code == 422 and "is named more than once" in page.content.decode()
    assert (_items(), ItemDependency.objects.count(), ItemLift.objects.count()) == before


def test_an_initiative_refuses_an_item_named_twice(vcio: Api, world: Any) -> None:
    item = _item(world, "Firewall")
    before = _items()
    _refused(
        vcio.send(
            "POST",
            f"/clients/{world.client_a1.pk}/initiatives",
            {"title": "Resilience", "year": 2027, "item_ids": [item.pk, item.pk]},
        ),
        f"Action item {item.pk}",
    )
    assert not StrategicInitiative.objects.exists() and _items() == before
    initiative = strategy.initiative_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title="Resilience", year=2027
    )
    _refused(
        vcio.send(
            "PATCH", f"/initiatives/{initiative.pk}", {"version": initiative.version, "item_ids": [item.pk, item.pk]}
        )
    )
    with pytest.raises(DuplicateError, match="Action item “Firewall”"):
        strategy.initiative_items_set(workspace=world.ws_a, actor=world.vcio, initiative=initiative, items=[item, item])
    assert _items() == before

"""The one-step shortcuts of a new client's first hour: Start the first assessment from the overview (the new-assessment
form's defaults), Finalise from the grid, and Save and see the gaps on the targets."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sevenc.assessments.models import Assessment
from sevenc.assessments.targets.models import Target
from tests.assessments.factories import AssessmentFactory
from tests.assessments.targets.test_views import _form, _row_index

pytestmark = pytest.mark.django_db


def test_the_overview_starts_the_first_assessment_in_one_post(world: Any, login: Any, framework: Any) -> None:
    http = login(world.vcio)
    overview = http.get(reverse("tenancy:client_detail", kwargs={"client_id": world.client_a2.pk})).content.decode()
    assert "Start the first assessment" in overview
    url = reverse("assessments:assessment_create", kwargs={"client_id": world.client_a2.pk})
    r = http.post(url, {"defaults": "1"})
    created = Assessment.objects.get(client=world.client_a2)
    assert r.status_code == 302 and r["Location"] == reverse(
        "assessments:assessment_grid", kwargs={"assessment_id": created.pk}
    )
    assert created.title.startswith("ITCq assessment ") and created.period == created.title.rsplit(" ", 1)[1]
    assert created.framework == framework and created.status == "draft"


def test_the_start_button_is_for_those_who_may_start_and_only_before_the_first(
    world: Any, login: Any, framework: Any
) -> None:
    url = reverse("tenancy:client_detail", kwargs={"client_id": world.client_a2.pk})
    assert "Start the first assessment" not in login(world.viewer).get(url).content.decode()
    AssessmentFactory(client=world.client_a2, actor=world.vcio, framework=framework)
    assert "Start the first assessment" not in login(world.vcio).get(url).content.decode()


def test_the_grid_offers_finalise_to_a_vcio_and_not_to_an_analyst(world: Any, login: Any, draft: Any) -> None:
    url = reverse("assessments:assessment_grid", kwargs={"assessment_id": draft.pk})
    finalise = reverse("assessments:assessment_finalise", kwargs={"assessment_id": draft.pk})
    assert finalise in login(world.vcio).get(url).content.decode()
    assert finalise not in login(world.analyst).get(url).content.decode()


def test_save_and_see_the_gaps_lands_on_the_gap_analysis(world: Any, login: Any, framework: Any) -> None:
    a = AssessmentFactory(client=world.client_a1, actor=world.vcio, framework=framework, level=2, final=True)
    http = login(world.vcio)
    url = reverse("assessments:target_list", kwargs={"assessment_id": a.pk})
    data = _form(http.get(url).content.decode())
    data[f"t{_row_index(data, 'block', 'continuous')}-level"] = "4"
    r = http.post(url, data | {"then": "gaps"})
    assert r.status_code == 302 and r["Location"] == reverse("assessments:gap_analysis", kwargs={"assessment_id": a.pk})
    assert Target.objects.get(assessment=a).level == 4

"""Targets, gaps, trend and benchmark through the API: versions and 409 bodies, validation, worst first."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sevenc.assessments.models import Assessment
from sevenc.assessments.targets.models import Target
from tests.api.client import Api
from tests.assessments.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def _final(
    world: Any,
    framework: Any,
    *,
    client: Any = None,
    level: int = 2,
    on: dt.date = dt.date(2026, 3, 31),
    copy_from: Any = None,
) -> Assessment:
    return AssessmentFactory(
        client=client or world.client_a1,
        actor=world.vcio,
        framework=framework,
        title="ITCq",
        period=f"{on.year}-Q{(on.month - 1) // 3 + 1}",
        assessed_on=on,
        based_on=copy_from,
        level=level,
        final=True,
    )


def test_it_creates_updates_and_refuses_a_stale_target(vcio: Api, world: Any, framework: Any) -> None:
    a = _final(world, framework)
    url = f"/assessments/{a.pk}/targets/block/continuous"
    created = vcio.send(
        "PUT", url, {"level": 3.5, "importance": 2, "reason": "continuity", "target_date": "2026-12-31"}
    )
    assert created.status_code == 200, created.content
    body = created.json()
    assert (body["level"], body["importance"], body["version"], body["set_by"]) == (3.5, 2.0, 1, "vcio@alpha.example")
    assert vcio.send("PUT", url, {"version": 1, "level": 4}).json()["version"] == 2
    stale = vcio.send("PUT", url, {"version": 1, "level": 5})
    assert stale.status_code == 409
    assert stale.json()["current"]["level"] == 4.0 and stale.json()["current"]["version"] == 2
    listed = vcio.get(f"/assessments/{a.pk}/targets").json()
    assert [(t["scope"], t["key"], t["level"]) for t in listed] == [("block", "continuous", 4.0)]


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("block/nowhere", {"level": 3}, 422),
        ("galaxy/continuous", {"level": 3}, 422),
        ("block/continuous", {"level": 6}, 422),
        ("block/continuous", {"importance": -1}, 422),
        ("block/continuous", {"level": 3, "colour": "red"}, 422),
        ("block/continuous", {}, 422),
    ],
)
def test_it_refuses_invalid_targets(
    vcio: Api, world: Any, framework: Any, path: str, body: dict[str, Any], status: int
) -> None:
    a = _final(world, framework)
    response = vcio.send("PUT", f"/assessments/{a.pk}/targets/{path}", body)
    assert response.status_code == status, response.content
    assert "message" in response.json()
    assert not Target.objects.exists()


def test_it_deletes_a_target(vcio: Api, world: Any, framework: Any) -> None:
    a = _final(world, framework)
    url = f"/assessments/{a.pk}/targets/area/continuous.backup-management-implementation"
    vcio.send("PUT", url, {"level": 4})
    assert vcio.send("DELETE", url + "?version=9").status_code == 409
    assert vcio.send("DELETE", url + "?version=1").status_code == 204
    assert vcio.send("DELETE", url).status_code == 404


def test_it_lists_gaps_worst_first(vcio: Api, world: Any, framework: Any) -> None:
    a = _final(world, framework, level=2)
    vcio.send("PUT", f"/assessments/{a.pk}/targets/block/continuous", {"level": 3})
    vcio.send("PUT", f"/assessments/{a.pk}/targets/block/competent", {"level": 4})
    rows = vcio.get(f"/assessments/{a.pk}/gaps", scope="block").json()
    assert [(r["key"], r["name"], round(r["gap"])) for r in rows] == [
        ("competent", "Competent", 40),
        ("continuous", "Continuous", 20),
    ]
    everything = vcio.get(f"/assessments/{a.pk}/gaps").json()
    assert {r["scope"] for r in everything} == {"block", "area", "practice"}
    weighted = [r["weighted_gap"] for r in everything]
    assert weighted == sorted(weighted, reverse=True)


def test_it_gives_the_trend_and_the_benchmark(vcio: Api, world: Any, framework: Any) -> None:
    first = _final(world, framework, level=1)
    _final(world, framework, level=3, on=dt.date(2026, 6, 30), copy_from=first)
    trend = vcio.get(f"/clients/{world.client_a1.pk}/trend").json()
    assert [round(p["overall"]["score"]) for p in trend] == [20, 60]
    assert [p["is_draft"] for p in trend] == [False, False] and len(trend[0]["blocks"]) == 7
    assert vcio.get("/benchmark").json() == []
    _final(world, framework, client=world.client_a2, level=2)
    ranks = {r["client_id"]: r for r in vcio.get("/benchmark").json()}
    assert ranks[world.client_a1.pk]["overall_percentile"] == 75
    assert ranks[world.client_a2.pk]["overall_percentile"] == 25
    assert ranks[world.client_a1.pk]["block_percentiles"]["continuous"] == 75
    assert ranks[world.client_a1.pk]["quotient"] is None


def test_it_gives_the_gap_summary(vcio: Api, world: Any, framework: Any) -> None:
    a = _final(world, framework)  # every practice at level 2: 40
    for key, level in (("continuous", 4), ("competent", 3), ("clear", 2)):
        assert vcio.send("PUT", f"/assessments/{a.pk}/targets/block/{key}", {"level": level}).status_code in (200, 201)
    body = vcio.get(f"/assessments/{a.pk}/gaps/summary").json()
    assert [r["key"] for r in body["worst_blocks"]] == ["continuous", "competent"]  # Clear has reached its 40
    assert body["worst_blocks"][0]["name"] == "Continuous" and body["worst_blocks"][0]["gap"] == 40
    assert len(body["worst_areas"]) == 3 and len(body["largest_practices"]) == 5
    assert body["itcq_now"] == 40 and body["itcq_at_target"] == 40 + body["points_below_target"]
    assert body["below"]["block"] == 2 and body["targeted"]["block"] == 3

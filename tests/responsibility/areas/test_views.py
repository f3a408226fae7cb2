"""The workspace's responsibility areas page: hide and show, PSA mapping, adding an own area with clear errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sevenc.responsibility.models import HiddenArea, PsaMapping, ResponsibilityArea
from tests.responsibility.factories import ResponsibilityAreaFactory

pytestmark = pytest.mark.django_db

PRACTICE = "continuous.backup-management-implementation.01"


@pytest.fixture
def shipped(db: Any) -> ResponsibilityArea:
    """An area of the shipped library."""
    return ResponsibilityAreaFactory(
        key="b.verify", title="Verify nightly backups", area_key="a", practice_key=PRACTICE
    )


def test_a_vcio_hides_maps_and_adds_areas(world: Any, shipped: Any, login: Any) -> None:
    c = login(world.vcio)
    url = reverse("responsibility:area_list")
    assert "Verify nightly backups" in c.get(url).content.decode()
    c.post(
        reverse("responsibility:area_psa", kwargs={"area_id": shipped.pk}),
        {"board": "Service", "queue": "Backups", "category": "Verify"},
    )
    assert PsaMapping.objects.get(workspace=world.ws_a).queue == "Backups"
    c.post(reverse("responsibility:area_visibility", kwargs={"area_id": shipped.pk}), {"hidden": "1"})
    assert HiddenArea.objects.filter(workspace=world.ws_a, area=shipped).exists()
    row = '<th scope="row">Verify nightly backups'
    assert row not in c.get(url).content.decode()
    assert row in c.get(url + "?hidden=1").content.decode()
    bad = c.post(url, {"title": "", "key": "b.verify", "practice_key": "nope", "criticality": "low"})
    text = bad.content.decode()
    assert bad.status_code == 422 and "This field is required" in text and "Unknown practice" in text
    assert "is taken" in text
    ok = c.post(
        url,
        {
            "title": "Check the printers",
            "key": "alpha.printers",
            "group": "Office",
            "practice_key": PRACTICE,
            "criticality": "low",
        },
    )
    assert ok.status_code == 302
    own = ResponsibilityArea.objects.get(workspace=world.ws_a)
    assert (own.block_key, own.criticality) == ("continuous", "low")


def test_a_viewer_sees_but_does_not_change(world: Any, shipped: Any, login: Any) -> None:
    c = login(world.viewer)
    page = c.get(reverse("responsibility:area_list")).content.decode()
    assert "Verify nightly backups" in page and "Add an area of your own" not in page
    assert (
        c.post(reverse("responsibility:area_visibility", kwargs={"area_id": shipped.pk}), {"hidden": "1"}).status_code
        == 403
    )
    assert c.post(reverse("responsibility:area_list"), {"title": "x"}).status_code == 403
    assert not HiddenArea.objects.exists()

"""The responsibility matrix in the portal: executives see it read-only with its findings; contributors do not."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sevenc.responsibility import services
from sevenc.responsibility.models import ResponsibilityArea
from sevenc.responsibility.services import CellChange

pytestmark = pytest.mark.django_db


def test_an_executive_sees_the_matrix_and_what_falls_to_the_ceo(world: Any, login: Any) -> None:
    backups = ResponsibilityArea.objects.create(
        key="b.v",
        title="Verify nightly backups",
        group="Backup",
        block_key="continuous",
        area_key="a",
        practice_key="p",
        criticality="high",
    )
    ResponsibilityArea.objects.create(
        key="b.s",
        title="Own the IT strategy",
        group="Strategy",
        block_key="conscious",
        area_key="a",
        practice_key="p",
        criticality="high",
    )
    services.matrix_save(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        changes=[CellChange(backups.pk, world.party_a1.pk, "R", "")],
    )
    c = login(world.exec_a1)
    url = reverse("portal:matrix_detail", kwargs={"client_id": world.client_a1.pk})
    page = c.get(url).content.decode()
    assert "Verify nightly backups" in page and "Own the IT strategy" in page and "falls to the CEO" in page
    assert "<input" in page and "disabled" in page and "Save the matrix" not in page
    gaps = c.get(url + "?gaps=1").content.decode()
    assert f'data-area="{backups.pk}"' in gaps  # R but no A: still a gap
    assert login(world.contributor_a1).get(url).status_code == 404

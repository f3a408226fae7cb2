"""The demo's proposals arrive staffed: the demo fills each client's matrix before it plans, and the proposals take
their responsible party and accountable person from it."""

from __future__ import annotations

from typing import Any

import pytest

from sevenc.demo import demo_load
from sevenc.planning.models import ActionItem, ItemOrigin
from sevenc.tenancy.selectors import client_list

pytestmark = pytest.mark.django_db


def test_every_demo_clients_proposals_have_a_responsible_party_and_an_accountable_person(db: Any) -> None:
    workspace = demo_load().workspace
    for client in client_list(workspace=workspace):
        items = list(ActionItem.objects.filter(client=client, origin=ItemOrigin.GENERATED))
        assert items, client.name
        staffed = [i for i in items if i.responsible_party_id is not None]
        accountable = [i for i in items if i.accountable]
        assert len(staffed) == len(items), (client.name, [i.title for i in items if i not in staffed])
        assert len(accountable) >= len(items) * 0.9, client.name
        assert all(i.responsible_party.client_id == client.pk for i in staffed)

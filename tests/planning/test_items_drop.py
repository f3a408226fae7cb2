"""Dropping ticked items is one atomic service: a refusal of any one leaves every item as it was."""

from __future__ import annotations

from typing import Any

import pytest

from sevenc.core.domain.errors import ApplicationError
from sevenc.planning import services
from sevenc.planning.models import ActionItem, ItemStatus

pytestmark = pytest.mark.django_db


def _items(world: Any, client: Any, n: int) -> list[ActionItem]:
    return [
        services.item_create(workspace=client.workspace, actor=world.vcio, client=client, title=f"Item {i}")
        for i in range(n)
    ]


def _statuses(items: list[ActionItem]) -> list[str]:
    return [ActionItem.objects.get(pk=i.pk).status for i in items]


def test_it_drops_every_ticked_item(world: Any) -> None:
    items = _items(world, world.client_a1, 3)
    n = services.items_drop(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, items=items)
    assert n == 3 and _statuses(items) == [ItemStatus.DROPPED] * 3


def test_it_drops_none_when_one_belongs_to_another_client(world: Any) -> None:
    mine = _items(world, world.client_a1, 2)
    other = _items(world, world.client_a2, 1)
    before = _statuses(mine + other)
    with pytest.raises(ApplicationError, match="another client"):
        services.items_drop(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, items=[*mine, *other])
    assert _statuses(mine + other) == before


def test_it_drops_none_when_one_belongs_to_another_workspace(world: Any) -> None:
    mine = _items(world, world.client_a1, 2)
    theirs = services.item_create(workspace=world.ws_b, actor=world.outsider, client=world.client_b1, title="B")
    with pytest.raises(ApplicationError, match="another workspace"):
        services.items_drop(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, items=[*mine, theirs])
    assert _statuses(mine) == [ItemStatus.PROPOSED] * 2


def test_it_refuses_an_item_ticked_twice(world: Any) -> None:
    items = _items(world, world.client_a1, 2)
    with pytest.raises(ApplicationError):
        services.items_drop(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, items=[*items, items[0]])
    assert _statuses(items) == [ItemStatus.PROPOSED] * 2


def test_the_bulk_page_drops_all_or_none(world: Any, login: Any) -> None:
    items = _items(world, world.client_a1, 2)
    other = _items(world, world.client_a2, 1)[0]
    client = login(world.vcio)
    url = f"/clients/{world.client_a1.pk}/plan/items/bulk/"
    # an item of another client is not found on this client's page: only this client's items are dropped
    response = client.post(url, {"action": "drop", "item": [str(i.pk) for i in items] + [str(other.pk)]})
    assert response.status_code == 302
    assert _statuses(items) == [ItemStatus.DROPPED] * 2 and _statuses([other]) == [ItemStatus.PROPOSED]

"""factory_boy factories for planning. An action item takes its workspace from its client."""

from __future__ import annotations

import factory

from sevenc.planning.models import ActionItem, ItemStatus
from tests.factories import ClientFactory


class ActionItemFactory(factory.django.DjangoModelFactory):
    """An approved action item made with the ORM, for tests of what reads items (the planning services, which
    also record versions and activity, are tested through ``services.item_create``)."""

    class Meta:
        model = ActionItem

    client = factory.SubFactory(ClientFactory)
    workspace = factory.LazyAttribute(lambda o: o.client.workspace)
    title = factory.Sequence(lambda n: f"Item {n}")
    status = ItemStatus.APPROVED

"""Matrix templates: save a client's split of duties by kind of party, start another client from it without
overwriting what is decided or making a second Accountable."""

from __future__ import annotations

from typing import Any

import pytest

from sevenc.core.domain.errors import ApplicationError
from sevenc.responsibility import selectors, services
from sevenc.responsibility.models import Assignment, ResponsibilityArea, TemplateAssignment
from sevenc.responsibility.services import CellChange
from tests.factories import PartyFactory
from tests.responsibility.factories import ResponsibilityAreaFactory

pytestmark = pytest.mark.django_db


def _area(key: str) -> ResponsibilityArea:
    return ResponsibilityAreaFactory(key=key, group="G", area_key="a", practice_key="p")


def test_a_template_carries_the_split_to_another_client(world: Any) -> None:
    backups, strategy, domains = _area("t.backups"), _area("t.strategy"), _area("t.domains")
    msp1 = PartyFactory(client=world.client_a1, name="MSP", kind="msp")
    ceo1 = PartyFactory(client=world.client_a1, name="CEO", kind="internal_role")
    services.matrix_save(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        changes=[
            CellChange(backups.pk, msp1.pk, "R", ""),
            CellChange(backups.pk, ceo1.pk, "A", ""),
            CellChange(strategy.pk, ceo1.pk, "A", ""),
            CellChange(domains.pk, msp1.pk, "R", ""),
        ],
    )
    template = services.template_from_client(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, name="Standard"
    )
    assert sorted(TemplateAssignment.objects.values_list("area__key", "party_kind", "role")) == [
        ("t.backups", "internal_role", "A"),
        ("t.backups", "msp", "R"),
        ("t.domains", "msp", "R"),
        ("t.strategy", "internal_role", "A"),
    ]
    msp2 = PartyFactory(client=world.client_a2, name="Our MSP", kind="msp")
    owner2 = PartyFactory(client=world.client_a2, name="Owner", kind="internal_role")
    services.matrix_save(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a2,
        changes=[CellChange(domains.pk, owner2.pk, "A", ""), CellChange(strategy.pk, msp2.pk, "A", "")],
    )
    source = selectors.template_source_get(workspace=world.ws_a, ref=f"template:{template.pk}")
    assert [(s.key, s.required) for s in source.slots] == [("internal_role", False), ("msp", False)]
    result = services.template_apply(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a2,
        source=source,
        mapping={"msp": msp2.pk, "internal_role": owner2.pk},
    )
    cells = sorted(Assignment.objects.filter(client=world.client_a2).values_list("area__key", "party__name", "role"))
    assert cells == [
        ("t.backups", "Our MSP", "R"),
        ("t.backups", "Owner", "A"),
        ("t.domains", "Our MSP", "R"),
        ("t.domains", "Owner", "A"),
        ("t.strategy", "Our MSP", "A"),
    ]
    assert result.set == 3 and result.kept == 1 and result.left_out == ()
    # the strategy area has an A already (the MSP's), so the template's A for the owner was kept out


def test_it_refuses_an_empty_matrix_and_a_taken_name(world: Any) -> None:
    with pytest.raises(ApplicationError, match="empty"):
        services.template_from_client(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, name="Empty")
    area = _area("t.x")
    services.matrix_save(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        changes=[CellChange(area.pk, world.party_a1.pk, "R", "")],
    )
    services.template_from_client(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, name="A")
    with pytest.raises(ApplicationError, match="already"):
        services.template_from_client(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, name="A")
    with pytest.raises(ApplicationError, match="name"):
        services.template_from_client(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, name=" ")

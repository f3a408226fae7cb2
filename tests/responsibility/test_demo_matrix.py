"""The demo matrix: a realistic split with the gaps a first workshop finds, made once."""

from __future__ import annotations

from typing import Any

import pytest

from sevenc.responsibility import selectors
from sevenc.responsibility.demo import demo_matrix
from sevenc.responsibility.library import library_load_shipped
from sevenc.responsibility.models import Assignment
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


def test_it_fills_an_empty_matrix_once_with_one_accountable_per_area_and_some_gaps(world: Any) -> None:
    library_load_shipped()
    PartyFactory(client=world.client_a1, name="Northwind", kind="msp")
    PartyFactory(client=world.client_a1, name="CEO", kind="internal_role")
    PartyFactory(client=world.client_a1, name="Office manager", kind="internal_role")
    made = demo_matrix(workspace=world.ws_a, actor=world.vcio, client=world.client_a1)
    assert made == Assignment.objects.filter(client=world.client_a1).count() > 200
    result = selectors.matrix_analysis(workspace=world.ws_a, client=world.client_a1)
    assert result.falls_to_ceo and not result.several_accountable
    assert any(f.kind for f in result.findings)
    assert demo_matrix(workspace=world.ws_a, actor=world.vcio, client=world.client_a1) == 0

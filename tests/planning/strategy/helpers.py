"""Shared set-up for the strategy tests: a session of client A1 and action items made directly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sevenc.planning.models import ActionItem
from sevenc.planning.strategy import services as strategy
from sevenc.planning.strategy.models import StrategySession
from tests.planning.factories import ActionItemFactory


def session(world: Any, *, client: Any = None, year: int = 2027, title: str = "IT strategy retreat") -> StrategySession:
    return strategy.strategy_session_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=client or world.client_a1,
        title=title,
        held_on=dt.date(2026, 11, 5),
        year=year,
    )


def item(
    world: Any,
    *,
    client: Any = None,
    title: str = "Item",
    quarter: str = "",
    one_time: str = "0",
    monthly: str = "0",
    hours: str = "0",
    status: str = "approved",
    initiative: Any = None,
    workspace: Any = None,
) -> ActionItem:
    """An action item made with the ORM (the planning services are not under test here)."""
    client = client or world.client_a1
    return ActionItemFactory(
        workspace=workspace or client.workspace,
        client=client,
        title=title,
        quarter=quarter,
        one_time_cost=Decimal(one_time),
        recurring_monthly_cost=Decimal(monthly),
        effort_hours=Decimal(hours),
        status=status,
        initiative=initiative,
    )

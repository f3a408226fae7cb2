"""The planning tests' fixtures. Builders of assessments and targets are in plan_fixtures.py, of action items in
factories.py; the strategy and execution folders have helpers.py of their own."""

from __future__ import annotations

from typing import Any

import pytest

from tests.planning.plan_fixtures import assessment, block_targets, practices_of


@pytest.fixture
def planned(world: Any) -> Any:
    """A1 assessed: every practice at 2, the first three of the Continuous block at 1; targets continuous 4,
    clear 3."""
    a = assessment(world, levels={k: 1 for k in practices_of("continuous")[:3]})
    block_targets(world, a, {"continuous": 4, "clear": 3})
    return a

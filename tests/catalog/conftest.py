"""The catalog tests' fixtures."""

from __future__ import annotations

from typing import Any

import pytest

from sevenc.catalog.models import Framework
from tests.catalog.factories import shipped_framework


@pytest.fixture
def shipped(db: Any) -> Framework:
    """The shipped 7C framework (loaded with the test database)."""
    return shipped_framework("7c")

"""The peer-normed quotient: frozen per framework version and year once 30 clients qualify."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sevenc.assessments.domain import scoring
from sevenc.assessments.models import PeerNorm
from sevenc.assessments.targets import selectors as target_selectors
from sevenc.catalog.services import framework_load
from tests.assessments.factories import AssessmentFactory
from tests.catalog.factories import mini_framework_doc
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def _final(world: Any, framework: Any, client: Any, level: int, day: dt.date) -> Any:
    return AssessmentFactory(
        client=client,
        actor=world.vcio,
        framework=framework,
        title=f"ITCq {day}",
        period="",
        assessed_on=day,
        level=level,
        final=True,
    )


def test_it_freezes_the_norm_when_the_thirtieth_client_is_assessed(world: Any) -> None:
    framework = framework_load(doc=mini_framework_doc(4)).framework
    day = dt.date(2026, 6, 30)
    clients = [ClientFactory(workspace=world.ws_a, name=f"Peer {i:02d}") for i in range(31)]
    for i, client in enumerate(clients[:29]):
        _final(world, framework, client, level=i % 6, day=day)
    assert not PeerNorm.objects.exists()
    summary = target_selectors.workspace_benchmark_summary(workspace=world.ws_a)
    assert summary.quotient(clients[0].pk) is None

    _final(world, framework, clients[29], level=5, day=day)
    frozen = PeerNorm.objects.get(workspace=world.ws_a, framework=framework, year=2026)
    levels = [i % 6 for i in range(29)] + [5]
    expected = scoring.norm_from([lv * 20.0 for lv in levels])
    assert expected is not None
    assert (frozen.median, frozen.scale, frozen.peers) == (expected.median, expected.scale, 30)

    _final(world, framework, clients[30], level=0, day=day)  # a 31st client does not move a frozen norm
    assert PeerNorm.objects.get(pk=frozen.pk).median == expected.median
    summary = target_selectors.workspace_benchmark_summary(workspace=world.ws_a)
    top = summary.quotient(clients[29].pk)
    assert top == pytest.approx(scoring.quotient(100.0, expected))
    assert top > 100


def test_it_keeps_norms_apart_by_year_and_workspace(world: Any) -> None:
    framework = framework_load(doc=mini_framework_doc(2)).framework
    for i in range(30):
        client = ClientFactory(workspace=world.ws_a, name=f"Early {i:02d}")
        _final(world, framework, client, level=i % 6, day=dt.date(2025, 3, 31))
    assert PeerNorm.objects.filter(year=2025).count() == 1
    assert not PeerNorm.objects.filter(year=2026).exists()
    assert not PeerNorm.objects.filter(workspace=world.ws_b).exists()

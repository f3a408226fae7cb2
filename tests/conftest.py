"""Shared fixtures of every test folder. A folder's own live in its conftest.py; builders in factories.py.

The personas (``world``): workspace A with owner, admin, vcio, analyst, viewer; clients A1 and A2 with an
executive each and a contributor on A1. Workspace B: an outsider (owner of B) with client B1. Plus anonymous.
Rule: another workspace → 404 (or 401/redirect when not logged in), lower role → 403.

The shipped catalog is in the test database from the start (loaded once per database, that is per xdist
worker); ``framework`` is its 7C framework and ``draft`` a draft assessment of it. The personas reach the API
through ``as_user`` or ready-made as ``owner``, ``admin``, ``vcio``, ``analyst`` and ``viewer``. ``ctx`` is the
access harness's context (tests/access/harness.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from sevenc.accounts.services import api_token_create
from sevenc.core.domain.roles import ClientRole, StaffRole
from tests.access.harness import Ctx, ctx_build
from tests.api.client import Api
from tests.assessments.factories import AssessmentFactory
from tests.catalog.factories import shipped_catalog_remove, shipped_framework
from tests.factories import (
    PASSWORD,
    ClientFactory,
    ClientMembershipFactory,
    MembershipFactory,
    PartyFactory,
    UserFactory,
    WorkspaceFactory,
)

# Property tests must not depend on how fast the machine is. Hypothesis' per-example deadline and its too_slow
# health check both measure wall-clock time, so a busy machine (other processes on a shared 2-core box) can fail a
# correct test; both are off here, for every test. Every other health check stays on (filter_too_much,
# data_too_large, large_base_example, …): those measure the strategies themselves, not the clock, and a strategy
# that trips one must be made cheaper, not silenced.
settings.register_profile("sevenc", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.load_profile("sevenc")

SENTINEL = "Sentinel-7f3a9"  # planted in workspace A's data; no outsider may ever see it


@dataclass
class World:
    ws_a: Any
    ws_b: Any
    owner: Any
    admin: Any
    vcio: Any
    analyst: Any
    viewer: Any
    outsider: Any
    exec_a1: Any
    exec_a2: Any
    contributor_a1: Any
    client_a1: Any
    client_a2: Any
    client_b1: Any
    party_a1: Any
    party_b1: Any
    memberships: dict[str, Any]


# --- the shipped catalog, once per test database ----------------------------------------------------------


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """The test database holds the shipped frameworks from the start: loaded once per database (one per xdist
    worker), so a test that needs them does not load them again, and every test's rollback keeps them."""
    from sevenc.catalog.services import framework_load_shipped

    with django_db_blocker.unblock():
        framework_load_shipped()


def _is_transactional(request: Any) -> bool:
    """As pytest-django decides it (its ``_django_db_helper``): such a test runs outside a transaction and the
    database is emptied after it."""
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return "transactional_db" in request.fixturenames or "live_server" in request.fixturenames


@pytest.fixture(autouse=True)
def _transactional_tests_start_empty(request: Any) -> None:
    """A transactional test starts from an empty database, as it always has: pytest-django empties the database
    after each one, and runs them after all other database tests, so only a worker's first one would find the
    catalog loaded at set-up; it is taken out for that one."""
    if _is_transactional(request):
        request.getfixturevalue("transactional_db")
        shipped_catalog_remove()


@pytest.fixture
def empty_catalog(db: Any) -> None:
    """No shipped framework in the database, for a test of loading them (inside the test's transaction: the next
    test has them again)."""
    shipped_catalog_remove()


@pytest.fixture
def framework(db: Any) -> Any:
    """The shipped 7C framework."""
    return shipped_framework()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    """Argon2 costs ~0.1 s per user; the personas would take a second per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_framework_caches() -> Any:
    """A rolled-back test database reuses framework ids; the per-process scoring indexes must not outlive it."""
    from sevenc.assessments.selectors import framework_caches_clear

    framework_caches_clear()
    yield
    framework_caches_clear()


@pytest.fixture
def world(db: Any) -> World:
    ws_a = WorkspaceFactory(name="Alpha IT")
    ws_b = WorkspaceFactory(name="Bravo IT")
    people = {}
    memberships = {}
    for role in StaffRole:
        user = UserFactory(email=f"{role.value}@alpha.example", full_name=f"Alpha {role.label}")
        memberships[role.value] = MembershipFactory(workspace=ws_a, user=user, role=role)
        people[role.value] = user
    outsider = UserFactory(email="owner@bravo.example", full_name="Bravo Owner")
    memberships["outsider"] = MembershipFactory(workspace=ws_b, user=outsider, role=StaffRole.OWNER)
    client_a1 = ClientFactory(workspace=ws_a, name=f"{SENTINEL} Acme", notes=f"notes {SENTINEL}")
    client_a2 = ClientFactory(workspace=ws_a, name="Beta Manufacturing")
    client_b1 = ClientFactory(workspace=ws_b, name="Bravo Client")
    exec_a1 = ClientMembershipFactory(
        client=client_a1, role=ClientRole.EXECUTIVE, user=UserFactory(email="ceo@a1.example")
    ).user
    exec_a2 = ClientMembershipFactory(
        client=client_a2, role=ClientRole.EXECUTIVE, user=UserFactory(email="ceo@a2.example")
    ).user
    contributor_a1 = ClientMembershipFactory(
        client=client_a1, role=ClientRole.CONTRIBUTOR, user=UserFactory(email="office@a1.example")
    ).user
    party_a1 = PartyFactory(client=client_a1, name=f"{SENTINEL} Telco")
    party_b1 = PartyFactory(client=client_b1, name="Bravo ISP")
    return World(
        ws_a=ws_a,
        ws_b=ws_b,
        owner=people["owner"],
        admin=people["admin"],
        vcio=people["vcio"],
        analyst=people["analyst"],
        viewer=people["viewer"],
        outsider=outsider,
        exec_a1=exec_a1,
        exec_a2=exec_a2,
        contributor_a1=contributor_a1,
        client_a1=client_a1,
        client_a2=client_a2,
        client_b1=client_b1,
        party_a1=party_a1,
        party_b1=party_b1,
        memberships=memberships,
    )


@pytest.fixture
def login(client: Any) -> Any:
    """login(user) logs the Django test client in as user and returns it."""

    def _login(user: Any) -> Any:
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def password() -> str:
    return PASSWORD


# --- the API as the personas --------------------------------------------------------------------------------


@pytest.fixture
def as_user(client: Any, world: World) -> Any:
    """as_user(user, workspace=A) -> Api: the REST API with a new token of ``user`` in ``workspace``."""

    def make(user: Any, workspace: Any = None) -> Api:
        return Api(client, api_token_create(workspace=workspace or world.ws_a, user=user, name="test").secret)

    return make


@pytest.fixture
def owner(as_user: Any, world: World) -> Api:
    return as_user(world.owner)


@pytest.fixture
def admin(as_user: Any, world: World) -> Api:
    return as_user(world.admin)


@pytest.fixture
def vcio(as_user: Any, world: World) -> Api:
    return as_user(world.vcio)


@pytest.fixture
def analyst(as_user: Any, world: World) -> Api:
    return as_user(world.analyst)


@pytest.fixture
def viewer(as_user: Any, world: World) -> Api:
    return as_user(world.viewer)


# --- objects many folders' tests start from -----------------------------------------------------------------


@pytest.fixture
def draft(world: World, framework: Any) -> Any:
    """Client A1's draft assessment of the 7C framework, "Q3 review" of 2026-Q3, every practice unanswered."""
    return AssessmentFactory(client=world.client_a1, actor=world.vcio, framework=framework)


@pytest.fixture
def ctx(world: World) -> Ctx:
    """The access harness's context: the world plus an object of every kind that a route names."""
    return ctx_build(world)

"""The access harness's machinery, shared by its tests (test_routes.py) and the tests that walk the same routes
(tests/api/test_atomic_writes.py, tests/core/test_csp.py): the routes of the URLconf, the context ``ctx`` that
fills their parameters (the fixture is in tests/conftest.py), a logged-in client per persona, API secrets."""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field
from typing import Any

from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver

from sevenc.accounts.services import api_token_create, api_token_revoke
from sevenc.assessments.models import Answer
from sevenc.assessments.services import AnswerChange, answer_set
from sevenc.assessments.workshops.services import respondent_invite
from sevenc.catalog.services import SHIPPED_DIR, framework_document_parse, framework_load
from sevenc.tenancy.models import ClientMembership, Membership
from sevenc.tenancy.services import portal_invitation_create, staff_invitation_create
from tests.access.cases import SENTINEL, WebCase
from tests.assessments.factories import AssessmentFactory
from tests.catalog.factories import shipped_framework
from tests.factories import MembershipFactory, UserFactory

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


# --- discovery -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name
    route: str  # the URL pattern from the root, e.g. clients/<int:client_id>/
    params: tuple[str, ...]


def web_routes() -> list[Route]:
    """Every URL pattern of the URLconf, recursively, with its namespaced name and its parameters."""
    found: list[Route] = []

    def walk(resolver: URLResolver, namespace: str, prefix: str) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                ns = ":".join(x for x in (namespace, p.namespace) if x)
                walk(p, ns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or f"<unnamed {prefix}{p.pattern}>")
                found.append(
                    Route(
                        name, prefix + str(p.pattern), tuple(p.pattern.converters) or tuple(p.pattern.regex.groupindex)
                    )
                )

    walk(get_resolver(), "", "")
    return found


@functools.cache
def route_params() -> dict[str, tuple[str, ...]]:
    return {r.name: r.params for r in web_routes()}


def params_of(case: WebCase) -> tuple[str, ...]:
    return route_params()[case.name]


def http_for(ctx: Ctx, persona: str) -> HttpClient:
    http = HttpClient()
    if persona != "anonymous":
        http.force_login(ctx.user(persona))
    return http


# --- the context: the world plus the objects that routes name ----------------------------------------------


@dataclass
class Ctx:
    world: Any
    framework: Any  # workspace A's own framework, named with the SENTINEL
    shipped: Any
    token: Any  # the owner's API token in A, named with the SENTINEL
    client_membership: Any  # exec_a1's portal access to A1
    assessment: Any = None  # a draft assessment of A1
    answer: Any = None  # its first answer, with the SENTINEL in its note
    respondent: Any = None  # the analyst, invited to answer the draft blind (workshops)
    questionnaire: Any = None  # contributor_a1, invited likewise: their portal questionnaire
    staff_invitation: Any = None  # a pending invitation to A's staff (SENTINEL in the suggested name)
    portal_invitation: Any = None  # a pending invitation to A1's portal (SENTINEL in the suggested name)
    accept: Any = None  # contributor_a1's pending invitation to A2's portal, from the owner: .token is the link's
    secrets: dict[str, str] = field(default_factory=dict)  # API persona -> bearer secret

    def user(self, persona: str) -> Any:
        return getattr(self.world, persona)


@functools.cache
def _shipped_doc() -> dict[str, Any]:
    path = SHIPPED_DIR / "7c.json"
    return framework_document_parse(path.read_text(encoding="utf-8"), filename=path.name)


def ctx_build(world: Any) -> Ctx:
    """The context of the ``ctx`` fixture (tests/conftest.py)."""
    shipped = shipped_framework()
    doc = copy.deepcopy(_shipped_doc())
    doc["name"] = f"{SENTINEL} 7C, Alpha's weighting"
    own = framework_load(doc=doc, workspace=world.ws_a).framework
    token = api_token_create(workspace=world.ws_a, user=world.owner, name=f"{SENTINEL} deploy").token
    cm = ClientMembership.objects.get(client=world.client_a1, user=world.exec_a1)
    # People whose names only those allowed may read; none of them is ever a refused persona.
    type(world.owner).objects.filter(pk=world.owner.pk).update(full_name=f"Alpha Owner {SENTINEL}")
    type(world.exec_a1).objects.filter(pk=world.exec_a1.pk).update(full_name=f"{SENTINEL} Chief Executive")
    assessment = AssessmentFactory(client=world.client_a1, actor=world.vcio, framework=shipped)
    answer = Answer.objects.filter(assessment=assessment).order_by("pk").first()
    answer_set(
        workspace=world.ws_a,
        actor=world.vcio,
        assessment=assessment,
        change=AnswerChange(answer.practice.key, version=1, note=f"{SENTINEL} backup note"),
    )
    answer.refresh_from_db()
    respondent = respondent_invite(workspace=world.ws_a, actor=world.vcio, assessment=assessment, user=world.analyst)
    questionnaire = respondent_invite(
        workspace=world.ws_a, actor=world.vcio, assessment=assessment, user=world.contributor_a1
    )
    staff_invitation = staff_invitation_create(
        workspace=world.ws_a,
        actor_membership=world.memberships["owner"],
        email="invitee@example.com",
        role="analyst",
        full_name=f"{SENTINEL} Invitee",
    ).invitation
    portal_invitation = portal_invitation_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        email="cfo@a1.example",
        role="executive",
        full_name=f"{SENTINEL} Finance",
    ).invitation
    accept = portal_invitation_create(
        workspace=world.ws_a,
        actor=world.owner,
        client=world.client_a2,
        email=world.contributor_a1.email,
        role="executive",
    )
    return Ctx(
        world=world,
        framework=own,
        shipped=shipped,
        token=token,
        client_membership=cm,
        assessment=assessment,
        answer=answer,
        respondent=respondent,
        questionnaire=questionnaire,
        staff_invitation=staff_invitation,
        portal_invitation=portal_invitation,
        accept=accept,
    )


def api_secrets(ctx: Ctx) -> dict[str, str]:
    w = ctx.world
    secrets = {
        role: api_token_create(workspace=w.ws_a, user=getattr(w, role), name="harness").secret
        for role in ("viewer", "analyst", "vcio", "admin", "owner")
    }
    secrets["outsider"] = api_token_create(workspace=w.ws_b, user=w.outsider, name="harness").secret
    revoked = api_token_create(workspace=w.ws_a, user=w.owner, name="revoked")
    api_token_revoke(workspace=w.ws_a, user=w.owner, token=revoked.token)
    secrets["revoked"] = revoked.secret
    leaver = UserFactory(email="leaver@alpha.example")
    membership = MembershipFactory(workspace=w.ws_a, user=leaver, role="owner")
    secrets["leaver"] = api_token_create(workspace=w.ws_a, user=leaver, name="harness").secret
    Membership.objects.filter(pk=membership.pk).delete()  # the token row stays; the membership is gone
    return secrets

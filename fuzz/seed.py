"""The data the API fuzzer runs against: the demo workspace, a few objects the demo does not make, an API
token per persona, and the ids of every kind of object, so that generated paths name real objects.

The demo (``sevenc.demo.demo_load``) gives the clients, parties, portal users, draft and final assessments,
targets, action items, a roadmap, meetings, decisions, a strategy session with its SWOT, goals and initiatives
and the responsibility matrices. The rest is made through the API itself, as a script would, so that this file
depends on the documented API rather than on service signatures.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import DatabaseError, transaction

PERSONAS = ("owner", "viewer")


@dataclass
class Persona:
    name: str  # "owner" or "viewer": the role in the demo workspace
    user: Any
    membership: Any
    token_id: int  # the token every fuzzed call is sent with
    secret: str
    spare_token_id: int  # a second token of the same person, for the revoke operation to hit


@dataclass
class World:
    workspace: Any
    personas: dict[str, Persona]
    warnings: list[str] = field(default_factory=list)


def seed(*, out: Callable[[str], None]) -> World:
    """Load the demo, add what it lacks, give each persona a token. Needs a migrated database with the catalog."""
    from sevenc.accounts.services import api_token_create
    from sevenc.demo import DEMO_SLUG, MSP_DOMAIN, demo_load
    from sevenc.tenancy.models import Membership

    info = demo_load()
    workspace = info.workspace
    assert workspace.slug == DEMO_SLUG
    personas = {}
    for name in PERSONAS:
        membership = Membership.objects.select_related("user").get(
            workspace=workspace, user__email=f"{name}@{MSP_DOMAIN}"
        )
        used = api_token_create(workspace=workspace, user=membership.user, name=f"fuzz {name}")
        spare = api_token_create(workspace=workspace, user=membership.user, name=f"fuzz {name} spare")
        personas[name] = Persona(
            name=name,
            user=membership.user,
            membership=membership,
            token_id=used.token.pk,
            secret=used.secret,
            spare_token_id=spare.token.pk,
        )
    world = World(workspace=workspace, personas=personas)
    _extras(world, out=out)
    return world


def _extras(world: World, *, out: Callable[[str], None]) -> None:
    """Objects the demo does not make, made through the API as the owner. A refusal is reported and skipped:
    the fuzzing still runs, with one kind of object fewer to aim at."""
    from django.test import Client as HttpClient

    from sevenc.assessments.models import Assessment
    from sevenc.catalog.models import Framework
    from sevenc.planning.models import ActionItem
    from sevenc.tenancy.models import Client

    owner = world.personas["owner"]
    http = HttpClient(HTTP_AUTHORIZATION=f"Bearer {owner.secret}", raise_request_exception=False)
    ws = world.workspace

    def call(method: str, path: str, body: Any = None) -> Any:
        response = getattr(http, method)(f"/api/v1{path}", data=json.dumps(body or {}), content_type="application/json")
        if response.status_code >= 300:
            world.warnings.append(
                f"seed: {method.upper()} {path} answered {response.status_code}: {response.content[:200]!r}"
            )
            return None
        out(f"  seed: {method.upper()} {path} → {response.status_code}")
        return response.json() if response.content else None

    clients = list(Client.objects.filter(workspace=ws).order_by("pk"))
    shipped = Framework.objects.filter(workspace__isnull=True).order_by("pk").first()
    if shipped is not None:
        call("post", f"/frameworks/{shipped.pk}/derive", {"version": "fuzz-draft", "name": "7C (fuzzing draft)"})
    # Drafts to work on: the demo leaves one draft; copy the latest final of two other clients.
    for client in clients[:3]:
        final = Assessment.objects.filter(workspace=ws, client=client, status="final").order_by("-pk").first()
        if final is not None and not Assessment.objects.filter(workspace=ws, client=client, status="draft").exists():
            call(
                "post",
                "/assessments",
                {
                    "client_id": client.pk,
                    "framework_id": final.framework_id,
                    "title": "ITCq (fuzzing draft)",
                    "copy_from_id": final.pk,
                    "assessed_on": final.assessed_on.isoformat(),
                },
            )
    draft = Assessment.objects.filter(workspace=ws, status="draft").order_by("pk").first()
    if draft is not None:
        for persona in world.personas.values():  # so that /respondents/{id}/… has the caller's own respondents
            call("post", f"/assessments/{draft.pk}/respondents", {"email": persona.user.email})
    for client in clients[:2]:
        call("post", f"/clients/{client.pk}/calendar-feeds", {"label": "Fuzzing feed"})
        call(
            "post",
            f"/clients/{client.pk}/invitations",
            {"email": f"invitee-{client.pk}@client.example", "role": "contributor", "full_name": "Invited Person"},
        )
    call("post", "/memberships/invitations", {"email": "new-analyst@msp.example", "role": "analyst"})
    item = ActionItem.objects.filter(workspace=ws).order_by("pk").first()
    if item is not None:
        call("post", f"/action-items/{item.pk}/comments", {"body": "Seen at the fuzzing kick-off."})
    call(
        "post",
        "/responsibility-areas",
        {"key": "fuzz-own-area", "title": "Our own duty", "group": "Own", "practice_key": _some_practice_key()},
    )


def _some_practice_key() -> str:
    from sevenc.catalog.models import Practice

    practice = Practice.objects.filter(framework__workspace__isnull=True).order_by("pk").first()
    return practice.key if practice is not None else ""


# --- ids ---------------------------------------------------------------------------------------------------

# Exclusions inside the pools (the whole list of operations left out is in run_api_fuzz.EXCLUDED):
# - token_id never names the token the calls are sent with: revoking it makes every later call 401, so the rest
#   of the run would test nothing. The persona's spare token stands in for it.
# - membership_id never names the caller's own membership: demoting or removing oneself would turn every later
#   call into 403/401 for the same reason. The other memberships are fair game.


def _values(model: str, *fields: str, **filters: Any) -> list[Any]:
    """values_list of an app model, [] when the model or its table is not there (yet)."""
    try:
        cls = apps.get_model(model)
    except LookupError:
        return []
    try:
        with transaction.atomic():
            rows = cls._default_manager.filter(**filters).order_by("pk").values_list(*fields)
            return [row if len(fields) > 1 else row[0] for row in rows]
    except DatabaseError:
        return []


def _dicts(names: tuple[str, ...], rows: Iterable[Any]) -> list[dict[str, Any]]:
    return [dict(zip(names, row if isinstance(row, tuple) else (row,), strict=True)) for row in rows]


def _spread(rows: list[Any], limit: int) -> list[Any]:
    """At most ``limit`` rows, evenly spread (deterministic)."""
    if len(rows) <= limit:
        return rows
    step = len(rows) / limit
    return [rows[int(n * step)] for n in range(limit)]


def path_combos(world: World, persona: Persona) -> dict[frozenset[str], list[dict[str, Any]]]:
    """For each set of path parameter names the API uses, the coherent values that name real objects now:
    a party with its client, a practice key of the assessment's framework, a target scope with a key of it …"""
    ws = world.workspace
    wid = ws.pk
    combos: dict[frozenset[str], list[dict[str, Any]]] = {}

    def put(names: tuple[str, ...], rows: Iterable[Any]) -> None:
        combos[frozenset(names)] = _dicts(names, rows)

    put(("client_id",), _values("tenancy.Client", "pk", workspace_id=wid))
    put(("client_id", "party_id"), _values("tenancy.Party", "client_id", "pk", workspace_id=wid))
    put(("client_id", "client_membership_id"), _values("tenancy.ClientMembership", "client_id", "pk", workspace_id=wid))
    put(
        ("client_id", "invitation_id"),
        _values("accounts.Invitation", "client_id", "pk", workspace_id=wid, client__isnull=False),
    )
    put(("invitation_id",), _values("accounts.Invitation", "pk", workspace_id=wid, client__isnull=True))
    put(
        ("membership_id",),
        [pk for pk in _values("tenancy.Membership", "pk", workspace_id=wid) if pk != persona.membership.pk],
    )
    put(
        ("token_id",),
        [
            pk
            for pk in _values("accounts.ApiToken", "pk", workspace_id=wid, user_id=persona.user.pk)
            if pk != persona.token_id
        ],
    )

    frameworks = _values("catalog.Framework", "pk", workspace_id=wid) + _values(
        "catalog.Framework", "pk", workspace__isnull=True
    )
    put(("framework_id",), frameworks)
    drafts = _values("catalog.Framework", "pk", workspace_id=wid, is_draft=True)
    practice_rows = _values("catalog.Practice", "framework_id", "key", framework_id__in=frameworks)
    keys_by_framework: dict[int, list[str]] = {}
    for framework_id, key in practice_rows:
        keys_by_framework.setdefault(framework_id, []).append(key)
    put(
        ("framework_id", "practice_key"),
        [(f, k) for f in drafts + frameworks[:1] for k in _spread(keys_by_framework.get(f, []), 40)],
    )

    assessments = _values("assessments.Assessment", "pk", "framework_id", workspace_id=wid)
    put(("assessment_id",), [pk for pk, _ in assessments])
    put(
        ("assessment_id", "practice_key"),
        [(a, k) for a, f in assessments for k in _spread(keys_by_framework.get(f, []), 12)],
    )
    put(("assessment_id", "respondent_id"), _values("assessments.Respondent", "assessment_id", "pk", workspace_id=wid))
    own_respondents = _values(
        "assessments.Respondent", "pk", "assessment__framework_id", workspace_id=wid, user_id=persona.user.pk
    )
    put(("respondent_id",), [pk for pk, _ in own_respondents])
    put(
        ("respondent_id", "practice_key"),
        [(r, k) for r, f in own_respondents for k in _spread(keys_by_framework.get(f, []), 20)],
    )
    blocks = _values("catalog.Block", "framework_id", "key", framework_id__in=frameworks)
    areas = _values("catalog.Area", "framework_id", "key", framework_id__in=frameworks)
    targets = [
        (a, s, k) for a, s, k in _values("assessments.Target", "assessment_id", "scope", "key", workspace_id=wid)
    ]
    scoped = [(a, "block", k) for a, f in assessments[:8] for ff, k in blocks if ff == f]
    scoped += [(a, "area", k) for a, f in assessments[:8] for ff, k in _spread(areas, 10) if ff == f]
    put(("assessment_id", "scope", "key"), targets + scoped)

    put(("item_id",), _values("planning.ActionItem", "pk", workspace_id=wid))
    put(("goal_id",), _values("planning.BusinessGoal", "pk", workspace_id=wid))
    put(("initiative_id",), _values("planning.StrategicInitiative", "pk", workspace_id=wid))
    put(("session_id",), _values("planning.StrategySession", "pk", workspace_id=wid))
    put(("swot_id",), _values("planning.SwotEntry", "pk", workspace_id=wid))
    put(("feed_id",), _values("planning.CalendarFeed", "pk", workspace_id=wid))
    put(("decision_id",), _values("planning.Decision", "pk", workspace_id=wid))
    put(("meeting_id",), _values("planning.Meeting", "pk", workspace_id=wid))
    years = sorted(set(_values("planning.StrategySession", "year", workspace_id=wid)))
    put(("client_id", "year"), [(c, y) for c in _values("tenancy.Client", "pk", workspace_id=wid) for y in years])
    own_areas = _values("responsibility.ResponsibilityArea", "pk", workspace_id=wid)
    library = _spread(_values("responsibility.ResponsibilityArea", "pk", workspace__isnull=True), 40)
    put(("area_id",), own_areas + library)
    return {names: rows for names, rows in combos.items() if rows}


# Fields of request bodies and query strings that name objects: which pool of ids they draw from.
ID_FIELDS = {
    "client_id": "client_id",
    "framework_id": "framework_id",
    "copy_from_id": "assessment_id",
    "assessment_id": "assessment_id",
    "meeting_id": "meeting_id",
    "item_id": "item_id",
    "session_id": "session_id",
    "goal_id": "goal_id",
    "initiative_id": "initiative_id",
    "responsible_party_id": "party_id",
    "party_id": "party_id",
    "item_ids": "item_id",
    "others": "item_id",
}


def id_pools(combos: dict[frozenset[str], list[dict[str, Any]]]) -> dict[str, list[Any]]:
    """Every id named in the combinations, per name (for body and query fields)."""
    pools: dict[str, list[Any]] = {}
    for rows in combos.values():
        for row in rows:
            for name, value in row.items():
                if name.endswith("_id"):
                    pools.setdefault(name, [])
                    if value not in pools[name]:
                        pools[name].append(value)
    return pools

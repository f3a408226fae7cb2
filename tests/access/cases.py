"""The access harness's tables: one case per web route and per API operation, or an exemption with a reason.

A case says how to build the URL from the personas' world, which methods to try (with a plausible body),
and who is the least-privileged persona allowed. test_routes.py derives the personas that must be
refused from that, after NetBox's ``ViewTestCases``/``APIViewTestCases``:

- staff routes (``kind="staff"``): anonymous → login redirect; the outsider (owner of workspace B) → 404
  when the URL or body names an object of workspace A; client portal users → 403; the role just below
  the minimum → 403; for ``own_only`` objects (a person's API token) any other staff of A → 404.
- portal routes (``kind="portal"``): anonymous → login; the outsider and the executive of another client → 404.
- routes for any logged-in person (``kind="login"``): anonymous → login; others → 404 when they name A's objects.
- the API: no credentials, a revoked token, a token whose owner left the workspace → 401; the outsider's
  token → 404 on A's objects; portal users (browser session) → 403; the role below the minimum → 403.

Personas named in ``allowed`` are attributes of the world (``viewer``…``owner``, ``exec_a1``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sevenc.core.domain.roles import StaffRole

SENTINEL = "Sentinel-7f3a9"  # the same string as tests.conftest.SENTINEL

Builder = Callable[[Any], Any]  # ctx -> value

# How to fill each URL / path parameter from the context (test_routes.ctx). Every object named here
# belongs to workspace A (the outsider's workspace is B).
KWARGS: dict[str, Builder] = {
    "client_id": lambda c: c.world.client_a1.pk,
    "party_id": lambda c: c.world.party_a1.pk,
    "membership_id": lambda c: c.world.memberships["analyst"].pk,
    "client_membership_id": lambda c: c.client_membership.pk,
    "framework_id": lambda c: c.framework.pk,  # A's own framework (a shipped one is public by design)
    "token_id": lambda c: c.token.pk,  # the owner's token in workspace A
    "assessment_id": lambda c: c.assessment.pk,  # a draft assessment of client A1
    "practice_key": lambda c: c.answer.practice.key,
    "fmt": lambda c: "csv",
    "answer_id": lambda c: c.answer.pk,  # its first answer, whose note holds the SENTINEL
    "respondent_id": lambda c: c.respondent.pk,  # the analyst, invited to answer the draft blind
    "questionnaire_id": lambda c: c.questionnaire.pk,  # contributor_a1's respondent row (their portal questionnaire)
    "scope": lambda c: "block",
    "key": lambda c: _target(c).key,  # a block target of the draft, made on first use
    "item_id": lambda c: _item(c).pk,  # an action item of client A1 (SENTINEL in its description), made on first use
    "meeting_id": lambda c: _meeting(c).pk,  # a meeting of client A1 (SENTINEL in its notes), made on first use
    "decision_id": lambda c: _decision(c).pk,  # a pending decision at that meeting (SENTINEL in its text)
    "feed_id": lambda c: _feed(c).pk,  # a live calendar feed of client A1 (SENTINEL in its label)
    "session_id": lambda c: _strategy_session(c).pk,  # a strategy session of A1 (SENTINEL in its notes), made lazily
    "swot_id": lambda c: _swot(c).pk,  # a strength of that session (SENTINEL in its text)
    "goal_id": lambda c: _business_goal(c).pk,  # a business goal of that session (SENTINEL in its title)
    "initiative_id": lambda c: _initiative(c).pk,  # an initiative of A1 for 2027 (SENTINEL in its title)
    "year": lambda c: _initiative(c).year,  # the year of that initiative (its operational plan)
    "area_id": lambda c: _own_area(c).pk,  # workspace A's own responsibility area (SENTINEL in its title)
    "invitation_id": lambda c: c.staff_invitation.pk,  # a pending staff invitation of A (SENTINEL in its name)
    "token": lambda c: c.accept.token,  # the link of contributor_a1's invitation to A2's portal, sent by the owner
}

STAFF_ORDER = [StaffRole.VIEWER, StaffRole.ANALYST, StaffRole.VCIO, StaffRole.ADMIN, StaffRole.OWNER]


def role_below(role: str) -> str | None:
    """The staff role just below ``role`` (None for viewer or a non-staff persona)."""
    try:
        i = STAFF_ORDER.index(StaffRole(role))
    except ValueError:
        return None
    return STAFF_ORDER[i - 1].value if i > 0 else None


@dataclass(frozen=True)
class Op:
    """One HTTP method on a route.

    ``allowed``: the least-privileged persona that may do it. ``body``: form data / JSON, built from ctx.
    ``sentinel``: True: the allowed persona's answer must show the SENTINEL; False: it must not
    (e.g. another person's token); None: no claim.
    """

    method: str
    allowed: str
    body: Builder | None = None
    sentinel: bool | None = None


@dataclass(frozen=True)
class WebCase:
    name: str  # namespace:name
    ops: tuple[Op, ...]
    kind: str = "staff"  # staff | portal | login
    names_object: bool | None = None  # default: the URL has parameters
    own_only: bool = False  # the object belongs to one person: other staff of A get 404
    expect: dict[str, int] = field(default_factory=dict)  # persona -> status, where a route deviates by design
    why: str = ""  # the reason for any deviation
    kwargs: dict[str, Builder] = field(default_factory=dict)  # builders that replace KWARGS' for this case

    def url_kwargs(self, ctx: Any, params: list[str]) -> dict[str, Any]:
        return {p: {**KWARGS, **self.kwargs}[p](ctx) for p in params}


@dataclass(frozen=True)
class ApiCase:
    method: str
    path: str  # as in the OpenAPI schema, e.g. /api/v1/clients/{client_id}
    operation_id: str
    allowed: str
    body: Builder | None = None
    sentinel: bool | None = None
    own_only: bool = False
    kwargs: dict[str, Builder] = field(default_factory=dict)  # builders that replace KWARGS' for this case
    multipart: bool = False  # POST a form with files instead of JSON

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def params(self) -> list[str]:
        return [part[1:-1] for part in self.path.split("/") if part.startswith("{")]

    def url(self, ctx: Any) -> str:
        return self.path.format(**{p: {**KWARGS, **self.kwargs}[p](ctx) for p in self.params})


def G(allowed: str, sentinel: bool | None = None) -> Op:  # noqa: N802
    return Op("GET", allowed, sentinel=sentinel)


def P(allowed: str, body: Builder | None = None) -> Op:  # noqa: N802
    return Op("POST", allowed, body=body or (lambda c: {}))


def _client_form(c: Any) -> dict[str, Any]:
    a1 = c.world.client_a1
    return {"name": a1.name, "seats": "41", "industry": a1.industry, "address": "", "notes": a1.notes, "version": "1"}


def _party_form(c: Any) -> dict[str, Any]:
    p = c.world.party_a1
    return {
        "name": p.name,
        "kind": p.kind,
        "contact_name": "",
        "email": p.email,
        "phone": "555 0100",
        "website": "",
        "notes": "",
        "version": "1",
    }


def _answers_file(c: Any) -> dict[str, Any]:
    """A one-row CSV of answers that sets the planted answer to level 2."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("answers.csv", f"practice_key,answer\n{c.answer.practice.key},2\n".encode())}


def _grid_row(c: Any) -> dict[str, Any]:
    """One grid row (the first answer) set to level 3."""
    pk = c.answer.pk
    return {
        f"state-{pk}": "3",
        f"note-{pk}": c.answer.note,
        f"evidence-{pk}": "",
        f"version-{pk}": str(c.answer.version),
    }


def _draft(c: Any) -> Any:
    """A draft version of workspace A's own framework (named with the SENTINEL), derived on first use, before
    any request of the case is made."""
    draft = getattr(c, "draft", None)
    if draft is None:
        from sevenc.catalog.services import framework_derive

        draft = c.draft = framework_derive(
            workspace=c.world.ws_a, actor=c.world.admin, source=c.framework, version="2026.1-draft"
        )
    return draft


def _draft_first(c: Any, kind: str) -> str:
    from sevenc.catalog.models import Area, Block

    model = {"area": Area, "block": Block}[kind]
    return model.objects.filter(framework=_draft(c)).order_by("pk").values_list("key", flat=True)[0]


def _draft_structure_form(c: Any) -> dict[str, Any]:
    """The editor's blocks-and-areas table with the first block's weight doubled."""
    from sevenc.catalog.models import Block

    block = Block.objects.filter(framework=_draft(c)).order_by("position").first()
    return {"table": "structure", f"block-{block.pk}-weight": "2"}


def _response_row(respondent: Any) -> dict[str, Any]:
    """A questionnaire row (the respondent's first response) set to level 2."""
    r = respondent.responses.order_by("pk").first()
    return {f"state-{r.pk}": "2", f"comment-{r.pk}": "", f"version-{r.pk}": str(r.version)}


WEB_CASES: list[WebCase] = [
    WebCase(
        "core:dashboard",
        (G("viewer"),),
        expect={"exec_a2": 302, "contributor_a1": 302},
        why="a portal user who opens / is sent on to the portal",
    ),
    WebCase("accounts:password_change", (G("exec_a1"),), kind="login"),
    WebCase("accounts:password_change_done", (G("exec_a1"),), kind="login"),
    WebCase(
        "accounts:workspace_switch",
        (P("viewer", lambda c: {"workspace": c.world.ws_a.pk}),),
        kind="login",
        names_object=True,
    ),
    WebCase("accounts:api_token_list", (G("viewer", sentinel=False), P("viewer", lambda c: {"name": "ci"}))),
    WebCase("accounts:api_token_revoke", (P("owner"),), own_only=True),
    # The invited person's link: only contributor_a1 sees the offer (sent by A's owner, whose name holds the
    # SENTINEL) and accepts it; anyone else logged in gets 404, as for a bad token; anonymous is sent to log in,
    # since the address has an account.
    WebCase(
        "accounts:invitation_accept",
        (G("contributor_a1", sentinel=True), P("contributor_a1")),
        kind="login",
        expect={"viewer": 404, "admin": 404},
        why="someone else's invitation is a 404 for everyone but the invited address",
    ),
    WebCase("tenancy:client_list", (G("viewer", sentinel=True),)),
    WebCase(
        "tenancy:client_create",
        (G("vcio"), P("vcio", lambda c: {"name": "Delta Dynamics", "seats": "12", "industry": "Retail"})),
    ),
    WebCase("tenancy:client_detail", (G("viewer", sentinel=True),)),
    WebCase("tenancy:client_edit", (G("vcio", sentinel=True), P("vcio", _client_form))),
    WebCase("tenancy:client_archive", (P("vcio"),)),
    WebCase("tenancy:party_list", (G("viewer", sentinel=True),)),
    WebCase("tenancy:party_create", (G("vcio"), P("vcio", lambda c: {"name": "Northern ISP", "kind": "isp"}))),
    WebCase("tenancy:party_edit", (G("vcio", sentinel=True), P("vcio", _party_form))),
    WebCase("tenancy:party_delete", (P("vcio"),)),
    WebCase(
        "tenancy:client_membership_list",
        (
            G("viewer", sentinel=True),
            P("vcio", lambda c: {"email": "office2@a1.example", "full_name": "Office", "role": "contributor"}),
        ),
    ),
    WebCase("tenancy:client_membership_remove", (P("vcio"),)),
    WebCase(
        "tenancy:membership_list",
        (
            G("admin", sentinel=True),
            P("admin", lambda c: {"email": "new.staff@alpha.example", "full_name": "New", "role": "analyst"}),
        ),
    ),
    WebCase("tenancy:membership_role", (P("admin", lambda c: {"role": "viewer"}),)),
    WebCase("tenancy:membership_remove", (P("admin"),)),
    WebCase("tenancy:invitation_revoke", (P("admin"),)),
    WebCase(
        "tenancy:client_invitation_revoke", (P("vcio"),), kwargs={"invitation_id": lambda c: c.portal_invitation.pk}
    ),
    WebCase("assessments:assessment_list", (G("viewer", sentinel=True),)),
    WebCase(
        "assessments:assessment_create",
        (
            G("vcio"),
            P(
                "vcio",
                lambda c: {
                    "title": "ITCq 2026-Q4",
                    "period": "2026-Q4",
                    "assessed_on": "2026-12-01",
                    "framework": str(c.shipped.pk),
                },
            ),
        ),
    ),
    WebCase("assessments:assessment_detail", (G("viewer", sentinel=True),)),
    WebCase(
        "assessments:assessment_edit",
        (
            G("vcio", sentinel=True),
            P("vcio", lambda c: {"title": "Renamed", "period": "2026-Q3", "assessed_on": "2026-09-30", "version": "1"}),
        ),
    ),
    WebCase("assessments:assessment_finalise", (P("vcio", lambda c: {"version": "1"}),)),
    WebCase("assessments:assessment_delete", (P("vcio"),)),
    WebCase("assessments:assessment_grid", (G("viewer", sentinel=True), P("analyst", _grid_row))),
    WebCase("assessments:answer_export", (G("viewer", sentinel=True),)),
    WebCase("assessments:answer_import", (P("analyst", _answers_file),)),
    WebCase("assessments:answer_save", (P("analyst", _grid_row),)),
    WebCase(
        "assessments:target_list",
        (
            G("viewer", sentinel=True),
            P(
                "vcio",
                lambda c: {
                    "t0-scope": "block",
                    "t0-key": "continuous",
                    "t0-level": "3.5",
                    "t0-version": "",
                    "t0-orig": "",
                },
            ),
        ),
    ),
    WebCase("assessments:gap_analysis", (G("viewer", sentinel=True),)),
    WebCase("assessments:client_trend", (G("viewer", sentinel=True),)),
    WebCase(
        "assessments:respondent_list",
        (G("viewer", sentinel=True), P("vcio", lambda c: {"user": str(c.world.exec_a1.pk)})),
    ),
    WebCase("assessments:respondent_remove", (P("vcio"),)),
    WebCase(
        "assessments:assessment_consolidate",
        (
            G("viewer", sentinel=True),
            P(
                "vcio",
                lambda c: {
                    f"final-{c.answer.pk}": "3",
                    f"rationale-{c.answer.pk}": "agreed in the workshop",
                    f"version-{c.answer.pk}": str(c.answer.version),
                },
            ),
        ),
    ),
    WebCase(
        "assessments:questionnaire_answer",
        (G("analyst", sentinel=True), P("analyst", lambda c: _response_row(c.respondent))),
        own_only=True,
    ),
    WebCase("catalog:framework_list", (G("viewer", sentinel=True),)),
    WebCase("catalog:framework_detail", (G("viewer", sentinel=True),)),
    WebCase("catalog:framework_derive", (P("admin", lambda c: {"version": "2026.1-alpha", "name": ""}),)),
    WebCase(
        "catalog:framework_edit",
        (G("admin", sentinel=True), P("admin", _draft_structure_form)),
        kwargs={"framework_id": lambda c: _draft(c).pk},
    ),
    WebCase(
        "catalog:framework_practice_add",
        (
            P(
                "admin",
                lambda c: {
                    "area_key": _draft_first(c, "area"),
                    "key": "alpha.extra-practice",
                    "name": "Extra",
                    "weight": "1",
                },
            ),
        ),
        kwargs={"framework_id": lambda c: _draft(c).pk},
    ),
    WebCase(
        "catalog:framework_area_add",
        (
            P(
                "admin",
                lambda c: {
                    "block_key": _draft_first(c, "block"),
                    "key": "alpha-extra-area",
                    "name": "Extra area",
                    "practice_key": "alpha-extra-area.01",
                    "practice_name": "First",
                },
            ),
        ),
        kwargs={"framework_id": lambda c: _draft(c).pk},
    ),
    WebCase("catalog:framework_publish", (P("admin"),), kwargs={"framework_id": lambda c: _draft(c).pk}),
    WebCase("catalog:framework_delete", (P("admin"),), kwargs={"framework_id": lambda c: _draft(c).pk}),
    WebCase("planning:item_list", (G("viewer", sentinel=True),), kwargs={"client_id": lambda c: _item(c).client_id}),
    WebCase(
        "planning:item_create",
        (
            G("vcio"),
            P(
                "vcio",
                lambda c: {
                    "title": "Renew domains",
                    "status": "proposed",
                    "priority": "2",
                    "one_time_cost": "0",
                    "recurring_monthly_cost": "0",
                    "effort_hours": "1",
                },
            ),
        ),
    ),
    WebCase("planning:items_generate", (P("vcio"),)),
    WebCase(
        "planning:items_bulk",
        (P("vcio", lambda c: {"item": [str(_item(c).pk)], "action": "accept"}),),
        kwargs={"client_id": lambda c: _item(c).client_id},
    ),  # the item exists before the fingerprint; the "accept all" and per-block buttons post to the same route
    WebCase("planning:item_detail", (G("viewer", sentinel=True),)),
    WebCase("planning:item_edit", (G("vcio", sentinel=True), P("vcio", lambda c: _item_form(c)))),
    WebCase(
        "planning:item_status", (P("analyst", lambda c: {"status": "in_progress", "version": str(_item(c).version)}),)
    ),
    WebCase("planning:item_comment", (P("analyst", lambda c: {"body": "Started"}),)),
    WebCase("planning:item_delete", (P("vcio"),)),
    WebCase("planning:item_move", (P("vcio", lambda c: {"quarter": "", "version": str(_item(c).version)}),)),
    WebCase("planning:item_split", (P("vcio", lambda c: {"version": str(_item(c).version)}),)),
    WebCase("planning:item_duration", (P("vcio", lambda c: {"duration": "2", "version": str(_item(c).version)}),)),
    WebCase(
        "planning:roadmap_limit",
        (P("vcio", lambda c: {"quarter": "2027-Q2", "budget": "9000", "hours": "80"}),),
        kwargs={"client_id": lambda c: _item(c).client_id},
    ),
    WebCase("planning:roadmap", (G("viewer", sentinel=True),), kwargs={"client_id": lambda c: _item(c).client_id}),
    WebCase(
        "planning:roadmap_settings",
        (
            P(
                "vcio",
                lambda c: {
                    "first_quarter": "2027-Q1",
                    "quarters": "4",
                    "budget_per_quarter": "5000",
                    "hours_per_quarter": "40",
                },
            ),
        ),
    ),
    WebCase("planning:roadmap_schedule", (P("vcio"),)),
    WebCase(
        "planning:plan_approve",
        (P("vcio", lambda c: _item_planned(c)),),
        kwargs={"client_id": lambda c: _item(c).client_id},
    ),
    WebCase("planning:plan_export", (G("viewer", sentinel=True),), kwargs={"client_id": lambda c: _item(c).client_id}),
    WebCase(
        "planning:planning_settings",
        (
            G("vcio"),
            P(
                "vcio",
                lambda c: {
                    "hourly_rate": "130",
                    "hours_per_level": "8",
                    "one_time_cost_per_level": "250",
                    "recurring_monthly_per_level": "0",
                    "urgency_boost": "0.25",
                    "currency": "EUR",
                },
            ),
        ),
    ),
    # execution cycles (planning/execution/views.py)
    WebCase(
        "planning:meeting_list",
        (
            G("viewer", sentinel=True),
            P(
                "vcio",
                lambda c: {
                    "meeting-kind": "monthly",
                    "meeting-starts_at": "2030-05-06T10:00",
                    "meeting-title": "",
                    "meeting-duration_minutes": "60",
                    "meeting-location": "",
                },
            ),
        ),
        kwargs={"client_id": lambda c: _meeting(c).client_id},
    ),
    WebCase(
        "planning:meeting_series",
        (
            P(
                "vcio",
                lambda c: {
                    "series-kind": "quarterly",
                    "series-first_starts_at": "2030-01-15T10:00",
                    "series-count": "4",
                    "series-duration_minutes": "90",
                    "series-location": "",
                },
            ),
        ),
    ),
    WebCase("planning:meeting_detail", (G("viewer", sentinel=True),)),
    WebCase(
        "planning:meeting_edit",
        (
            P(
                "vcio",
                lambda c: {
                    "edit-kind": "monthly",
                    "edit-starts_at": "2030-06-03T10:00",
                    "edit-title": "Renamed",
                    "edit-duration_minutes": "60",
                    "edit-location": "",
                    "edit-version": str(_meeting(c).version),
                },
            ),
        ),
    ),
    WebCase(
        "planning:meeting_notes",
        (P("vcio", lambda c: {"notes": "Agreed the budget", "version": str(_meeting(c).version)}),),
    ),
    WebCase("planning:meeting_hold", (P("vcio", lambda c: {"version": str(_meeting(c).version)}),)),
    WebCase("planning:meeting_delete", (P("vcio", lambda c: {"version": str(_meeting(c).version)}),)),
    WebCase(
        "planning:decision_create",
        (P("vcio", lambda c: {"decision-text": "Move mail to the cloud", "decision-item": ""}),),
    ),
    WebCase("planning:decision_update", (P("vcio", lambda c: {"status": "decided"}),)),
    WebCase("planning:decision_delete", (P("vcio"),)),
    WebCase(
        "planning:calendar_feed_list",
        (G("viewer", sentinel=True), P("vcio", lambda c: {"label": "CEO"})),
        kwargs={"client_id": lambda c: _feed(c).client_id},
    ),
    WebCase("planning:calendar_feed_revoke", (P("vcio"),)),
    WebCase("planning:strategy_session_list", (G("viewer", sentinel=True),)),
    WebCase(
        "planning:strategy_session_create",
        (P("vcio", lambda c: {"title": "Retreat", "held_on": "2026-11-05", "year": "2027", "notes": ""}),),
    ),
    WebCase("planning:strategy_session_detail", (G("viewer", sentinel=True),)),
    WebCase(
        "planning:strategy_session_edit",
        (
            P(
                "vcio",
                lambda c: {
                    "title": "Retreat 2027",
                    "held_on": "2026-11-05",
                    "year": "2027",
                    "notes": "Agreed",
                    "version": str(_strategy_session(c).version),
                },
            ),
        ),
    ),
    WebCase("planning:strategy_session_delete", (P("vcio", lambda c: {"version": str(_strategy_session(c).version)}),)),
    WebCase("planning:swot_entry_create", (P("vcio", lambda c: {"kind": "threat", "text": "Ransomware"}),)),
    WebCase(
        "planning:swot_entry_edit",
        (P("vcio", lambda c: {"kind": "strength", "text": "Tested backups", "version": ""}),),
    ),
    WebCase("planning:swot_entry_move", (P("vcio", lambda c: {"direction": "down"}),)),
    WebCase("planning:swot_entry_delete", (P("vcio"),)),
    WebCase(
        "planning:business_goal_create",
        (P("vcio", lambda c: {"title": "Cut downtime", "measure": "", "target_date": ""}),),
    ),
    WebCase(
        "planning:business_goal_edit",
        (P("vcio", lambda c: {"title": "Grow", "measure": "2 sites", "target_date": "", "version": ""}),),
    ),
    WebCase("planning:business_goal_move", (P("vcio", lambda c: {"direction": "up"}),)),
    WebCase("planning:business_goal_delete", (P("vcio"),)),
    WebCase(
        "planning:initiative_create",
        (
            P(
                "vcio",
                lambda c: {
                    "title": "Cloud move",
                    "priority": "2",
                    "year": "2027",
                    "goal": "",
                    "owner": "",
                    "description": "",
                },
            ),
        ),
    ),
    WebCase("planning:initiative_detail", (G("viewer", sentinel=True),)),
    WebCase(
        "planning:initiative_edit",
        (
            P(
                "vcio",
                lambda c: {
                    "title": "Backup overhaul",
                    "priority": "1",
                    "year": "2027",
                    "goal": "",
                    "owner": "Dana",
                    "session": "",
                    "description": "",
                    "version": str(_initiative(c).version),
                },
            ),
        ),
    ),
    WebCase("planning:initiative_items", (P("vcio", lambda c: {"item": [str(_item(c).pk)]}),)),
    WebCase("planning:initiative_delete", (P("vcio", lambda c: {"version": str(_initiative(c).version)}),)),
    WebCase("planning:operational_plan", (G("viewer", sentinel=True),)),
    WebCase(
        "responsibility:matrix",
        (G("viewer", sentinel=True), P("vcio", lambda c: _matrix_cell(c))),
        kwargs={"client_id": lambda c: (_matrix_cell(c), c.world.client_a1.pk)[1]},
    ),
    WebCase("responsibility:party_annex", (G("viewer"),)),
    WebCase(
        "responsibility:area_list",
        (
            G("viewer"),
            P(
                "vcio",
                lambda c: {
                    "key": "alpha.check-printers",
                    "title": "Check the printers",
                    "group": "Own",
                    "practice_key": "continuous.backup-management-implementation.01",
                    "criticality": "low",
                },
            ),
        ),
    ),
    WebCase("responsibility:area_visibility", (P("vcio", lambda c: {"hidden": "1"}),)),
    WebCase("responsibility:area_psa", (P("vcio", lambda c: {"board": "Service", "queue": "Q", "category": "C"}),)),
    WebCase(
        "responsibility:template_save",
        (P("vcio", lambda c: {"name": "Standard split"}),),
        kwargs={"client_id": lambda c: (_matrix_filled(c), c.world.client_a1.pk)[1]},
    ),
    WebCase(
        "responsibility:template_apply",
        (
            P(
                "vcio",
                lambda c: {
                    "template": str(_matrix_template(c).pk),
                    f"map_{c.world.party_a1.kind}": str(c.world.party_a1.pk),
                },
            ),
        ),
        kwargs={"client_id": lambda c: (_matrix_template(c), c.world.client_a1.pk)[1]},
    ),
    WebCase(
        "responsibility:matrix_export",
        (G("viewer", sentinel=True),),
        kwargs={"client_id": lambda c: (_matrix_cell(c), c.world.client_a1.pk)[1]},
    ),
    WebCase(
        "responsibility:matrix_import",
        (G("vcio", sentinel=True), P("vcio", lambda c: _matrix_file(c))),
        kwargs={"client_id": lambda c: (_shipped_area(c), c.world.client_a1.pk)[1]},
    ),
    WebCase("responsibility:psa_export", (G("viewer"),)),
    WebCase("portal:portal_home", (G("exec_a1"),), kind="login"),
    WebCase("portal:portal_client", (G("exec_a1", sentinel=True),), kind="portal"),
    WebCase("portal:plan_detail", (G("exec_a1", sentinel=True),), kind="portal"),
    WebCase("portal:matrix_detail", (G("exec_a1", sentinel=True),), kind="portal"),
    WebCase(
        "portal:plan_approve",
        (P("exec_a1", lambda c: _item_planned(c)),),
        kind="portal",
        kwargs={"client_id": lambda c: _item(c).client_id},
    ),
    WebCase(
        "portal:questionnaire_detail",
        (G("contributor_a1", sentinel=True), P("contributor_a1", lambda c: _response_row(c.questionnaire))),
        kind="portal",
    ),  # exec_a1 of the same client, not invited → 404: tests/portal/test_questionnaire.py
]

# Routes without a case, each with the reason.
WEB_EXEMPT: dict[str, str] = {
    "core:healthz": "public health check for load balancers; answers 'ok' and reads no data",
    "accounts:login": "public by design: the login page",
    "accounts:logout": "ends only the caller's own session; harmless for anyone",
    "accounts:password_reset": "public by design: asking for a reset mail (same answer whether the address exists)",
    "accounts:password_reset_done": "public by design: a static 'mail sent' page",
    "accounts:password_reset_confirm": "public by design: guarded by the signed one-time token in the URL",
    "accounts:password_reset_complete": "public by design: a static 'password set' page",
    "planning:calendar_feed": "public by design: a client's iCalendar feed, guarded by the secret token in its URL "
    "(unknown or revoked → 404); tests/planning/test_ical.py checks it leaks nothing else",
    "api:api-root": "the API's root; points to the docs, reads no data",
    "api:openapi-json": "the public API schema: describes operations, holds no data",
    "api:openapi-view": "the public API docs page: renders the schema, holds no data",
}
# API URL patterns of the ``api`` namespace that are operations are covered by API_CASES (matched by path).

API = "/api/v1"

API_CASES: list[ApiCase] = [
    ApiCase("GET", f"{API}/me", "accounts_me_get", "viewer"),
    ApiCase("GET", f"{API}/tokens", "accounts_api_token_list", "viewer", sentinel=False),
    ApiCase("DELETE", f"{API}/tokens/{{token_id}}", "accounts_api_token_revoke", "owner", own_only=True),
    ApiCase("GET", f"{API}/clients", "tenancy_client_list", "viewer", sentinel=True),
    ApiCase(
        "POST",
        f"{API}/clients",
        "tenancy_client_create",
        "vcio",
        body=lambda c: {"name": "Delta Dynamics", "seats": 12},
    ),
    ApiCase("GET", f"{API}/clients/{{client_id}}", "tenancy_client_get", "viewer", sentinel=True),
    ApiCase(
        "PATCH",
        f"{API}/clients/{{client_id}}",
        "tenancy_client_update",
        "vcio",
        body=lambda c: {"version": 1, "seats": 41},
    ),
    ApiCase("GET", f"{API}/clients/{{client_id}}/parties", "tenancy_party_list", "viewer", sentinel=True),
    ApiCase(
        "POST",
        f"{API}/clients/{{client_id}}/parties",
        "tenancy_party_create",
        "vcio",
        body=lambda c: {"name": "Northern ISP", "kind": "isp"},
    ),
    ApiCase("GET", f"{API}/clients/{{client_id}}/parties/{{party_id}}", "tenancy_party_get", "viewer", sentinel=True),
    ApiCase(
        "PATCH",
        f"{API}/clients/{{client_id}}/parties/{{party_id}}",
        "tenancy_party_update",
        "vcio",
        body=lambda c: {"version": 1, "phone": "555 0100"},
    ),
    ApiCase("DELETE", f"{API}/clients/{{client_id}}/parties/{{party_id}}", "tenancy_party_delete", "vcio"),
    ApiCase("GET", f"{API}/clients/{{client_id}}/users", "tenancy_client_membership_list", "viewer", sentinel=True),
    ApiCase(
        "DELETE",
        f"{API}/clients/{{client_id}}/users/{{client_membership_id}}",
        "tenancy_client_membership_delete",
        "vcio",
    ),
    ApiCase("GET", f"{API}/memberships", "tenancy_membership_list", "viewer", sentinel=True),
    ApiCase("GET", f"{API}/memberships/invitations", "tenancy_invitation_list", "admin", sentinel=True),
    ApiCase(
        "POST",
        f"{API}/memberships/invitations",
        "tenancy_invitation_create",
        "admin",
        body=lambda c: {"email": "new.staff@alpha.example", "role": "analyst"},
    ),
    ApiCase("DELETE", f"{API}/memberships/invitations/{{invitation_id}}", "tenancy_invitation_revoke", "admin"),
    ApiCase(
        "GET", f"{API}/clients/{{client_id}}/invitations", "tenancy_client_invitation_list", "viewer", sentinel=True
    ),
    ApiCase(
        "POST",
        f"{API}/clients/{{client_id}}/invitations",
        "tenancy_client_invitation_create",
        "vcio",
        body=lambda c: {"email": "office2@a1.example", "role": "contributor"},
    ),
    ApiCase(
        "DELETE",
        f"{API}/clients/{{client_id}}/invitations/{{invitation_id}}",
        "tenancy_client_invitation_revoke",
        "vcio",
        kwargs={"invitation_id": lambda c: c.portal_invitation.pk},
    ),
    ApiCase(
        "PATCH",
        f"{API}/memberships/{{membership_id}}",
        "tenancy_membership_update",
        "admin",
        body=lambda c: {"role": "viewer"},
    ),
    ApiCase("DELETE", f"{API}/memberships/{{membership_id}}", "tenancy_membership_delete", "admin"),
    ApiCase("GET", f"{API}/frameworks", "catalog_framework_list", "viewer", sentinel=True),
    ApiCase("GET", f"{API}/frameworks/{{framework_id}}", "catalog_framework_get", "viewer", sentinel=True),
    ApiCase(
        "POST",
        f"{API}/frameworks/{{framework_id}}/derive",
        "catalog_framework_derive",
        "admin",
        body=lambda c: {"version": "2026.1-alpha"},
    ),
    ApiCase(
        "POST",
        f"{API}/frameworks/{{framework_id}}/practices",
        "catalog_framework_practice_add",
        "admin",
        body=lambda c: {"area_key": _draft_first(c, "area"), "key": "alpha.extra-practice", "name": "Extra"},
        kwargs={"framework_id": lambda c: _draft(c).pk},
    ),
    ApiCase(
        "PATCH",
        f"{API}/frameworks/{{framework_id}}/practices/{{practice_key}}",
        "catalog_framework_practice_update",
        "admin",
        body=lambda c: {"weight": 2, "critical": True},
        kwargs={"framework_id": lambda c: _draft(c).pk},
    ),
    ApiCase(
        "DELETE",
        f"{API}/frameworks/{{framework_id}}/practices/{{practice_key}}",
        "catalog_framework_practice_delete",
        "admin",
        kwargs={"framework_id": lambda c: _draft(c).pk},
    ),
    ApiCase(
        "POST",
        f"{API}/frameworks/{{framework_id}}/publish",
        "catalog_framework_publish",
        "admin",
        kwargs={"framework_id": lambda c: _draft(c).pk},
    ),
    ApiCase(
        "DELETE",
        f"{API}/frameworks/{{framework_id}}",
        "catalog_framework_delete",
        "admin",
        kwargs={"framework_id": lambda c: _draft(c).pk},
    ),
    ApiCase("GET", f"{API}/assessments", "assessments_assessment_list", "viewer"),
    ApiCase(
        "POST",
        f"{API}/assessments",
        "assessments_assessment_create",
        "vcio",
        body=lambda c: {"client_id": c.world.client_a1.pk, "title": "ITCq 2026-Q4", "assessed_on": "2026-12-01"},
    ),
    ApiCase("GET", f"{API}/assessments/{{assessment_id}}", "assessments_assessment_get", "viewer"),
    ApiCase(
        "PATCH",
        f"{API}/assessments/{{assessment_id}}",
        "assessments_assessment_update",
        "vcio",
        body=lambda c: {"version": c.assessment.version, "title": "Renamed"},
    ),
    ApiCase("DELETE", f"{API}/assessments/{{assessment_id}}", "assessments_assessment_delete", "vcio"),
    ApiCase(
        "POST",
        f"{API}/assessments/{{assessment_id}}/finalise",
        "assessments_assessment_finalise",
        "vcio",
        body=lambda c: {"version": c.assessment.version},
    ),
    ApiCase("GET", f"{API}/assessments/{{assessment_id}}/answers", "assessments_answer_list", "viewer", sentinel=True),
    ApiCase(
        "PUT",
        f"{API}/assessments/{{assessment_id}}/answers/{{practice_key}}",
        "assessments_answer_set",
        "analyst",
        body=lambda c: {"version": c.answer.version, "state": "level", "level": 3},
    ),
    ApiCase(
        "PATCH",
        f"{API}/assessments/{{assessment_id}}/answers",
        "assessments_answer_bulk_set",
        "analyst",
        body=lambda c: {
            "answers": [{"practice_key": c.answer.practice.key, "version": c.answer.version, "state": "na"}]
        },
    ),
    ApiCase("GET", f"{API}/assessments/{{assessment_id}}/scores", "assessments_assessment_scores", "viewer"),
    ApiCase("GET", f"{API}/assessments/{{assessment_id}}/export", "assessments_answer_export", "viewer", sentinel=True),
    ApiCase(
        "POST",
        f"{API}/assessments/{{assessment_id}}/import",
        "assessments_answer_import",
        "analyst",
        body=_answers_file,
        multipart=True,
    ),
    ApiCase("GET", f"{API}/assessments/{{assessment_id}}/respondents", "assessments_respondent_list", "viewer"),
    ApiCase(
        "POST",
        f"{API}/assessments/{{assessment_id}}/respondents",
        "assessments_respondent_invite",
        "vcio",
        body=lambda c: {"email": c.world.exec_a1.email},
    ),
    ApiCase(
        "DELETE",
        f"{API}/assessments/{{assessment_id}}/respondents/{{respondent_id}}",
        "assessments_respondent_remove",
        "vcio",
    ),
    ApiCase("GET", f"{API}/assessments/{{assessment_id}}/consolidated", "assessments_consolidated_get", "viewer"),
    ApiCase(
        "POST",
        f"{API}/assessments/{{assessment_id}}/consolidated",
        "assessments_consolidated_apply",
        "vcio",
        body=lambda c: {
            "decisions": [
                {
                    "practice_key": c.answer.practice.key,
                    "state": "level",
                    "level": 3,
                    "rationale": "agreed",
                    "version": c.answer.version,
                }
            ]
        },
    ),
    ApiCase(
        "GET", f"{API}/respondents/{{respondent_id}}/responses", "assessments_response_list", "analyst", own_only=True
    ),
    ApiCase(
        "PUT",
        f"{API}/respondents/{{respondent_id}}/responses/{{practice_key}}",
        "assessments_response_set",
        "analyst",
        body=lambda c: {"version": 1, "state": "level", "level": 2},
        own_only=True,
    ),
    ApiCase(
        "POST", f"{API}/respondents/{{respondent_id}}/submit", "assessments_respondent_submit", "analyst", own_only=True
    ),
    ApiCase("GET", f"{API}/assessments/{{assessment_id}}/targets", "assessments_target_list", "viewer"),
    ApiCase(
        "PUT",
        f"{API}/assessments/{{assessment_id}}/targets/{{scope}}/{{key}}",
        "assessments_target_set",
        "vcio",
        body=lambda c: {"version": _target(c).version, "level": 4, "reason": "continuity"},
    ),
    ApiCase(
        "DELETE", f"{API}/assessments/{{assessment_id}}/targets/{{scope}}/{{key}}", "assessments_target_delete", "vcio"
    ),
    ApiCase("GET", f"{API}/assessments/{{assessment_id}}/gaps", "assessments_gap_list", "viewer"),
    ApiCase("GET", f"{API}/assessments/{{assessment_id}}/gaps/summary", "assessments_gap_summary", "viewer"),
    ApiCase("GET", f"{API}/clients/{{client_id}}/trend", "tenancy_client_trend", "viewer"),
    ApiCase("GET", f"{API}/benchmark", "assessments_benchmark", "viewer"),
    # action plans (planning/api.py)
    ApiCase(
        "GET",
        f"{API}/clients/{{client_id}}/action-items",
        "planning_action_item_list",
        "viewer",
        sentinel=True,
        kwargs={"client_id": lambda c: _item(c).client_id},
    ),
    ApiCase(
        "POST",
        f"{API}/clients/{{client_id}}/action-items",
        "planning_action_item_create",
        "vcio",
        body=lambda c: {"title": "Renew domains", "one_time_cost": "100"},
    ),
    ApiCase("GET", f"{API}/action-items/{{item_id}}", "planning_action_item_get", "viewer", sentinel=True),
    ApiCase(
        "PATCH",
        f"{API}/action-items/{{item_id}}",
        "planning_action_item_update",
        "vcio",
        body=lambda c: {"version": _item(c).version, "one_time_cost": "600"},
    ),  # the analyst: 403 (a cost)
    ApiCase("DELETE", f"{API}/action-items/{{item_id}}", "planning_action_item_delete", "vcio"),
    ApiCase(
        "POST",
        f"{API}/action-items/{{item_id}}/status",
        "planning_action_item_status_set",
        "analyst",
        body=lambda c: {"status": "in_progress", "version": _item(c).version},
    ),
    ApiCase(
        "GET",
        f"{API}/action-items/{{item_id}}/comments",
        "planning_item_comment_list",
        "viewer",
        sentinel=True,
        kwargs={"item_id": lambda c: _item_comment(c).item_id},
    ),
    ApiCase(
        "POST",
        f"{API}/action-items/{{item_id}}/comments",
        "planning_item_comment_create",
        "analyst",
        body=lambda c: {"body": "Started"},
    ),
    ApiCase(
        "POST",
        f"{API}/clients/{{client_id}}/action-items/generate",
        "planning_action_items_generate",
        "vcio",
        body=lambda c: {},
    ),
    ApiCase(
        "POST",
        f"{API}/clients/{{client_id}}/action-items/accept",
        "planning_action_items_accept",
        "vcio",
        body=lambda c: {"item_ids": [_item(c).pk]},
        kwargs={"client_id": lambda c: _item(c).client_id},
    ),
    ApiCase(
        "POST",
        f"{API}/clients/{{client_id}}/action-items/drop",
        "planning_action_items_drop",
        "vcio",
        body=lambda c: {"all": True},
        kwargs={"client_id": lambda c: _item(c).client_id},
    ),
    ApiCase(
        "POST",
        f"{API}/action-items/{{item_id}}/merge",
        "planning_action_item_merge",
        "vcio",
        body=lambda c: {"others": [_merge_pair(c)[1].pk], "version": _merge_pair(c)[0].version},
        kwargs={"item_id": lambda c: _merge_pair(c)[0].pk},
    ),
    ApiCase(
        "POST",
        f"{API}/action-items/{{item_id}}/split",
        "planning_action_item_split",
        "vcio",
        body=lambda c: {"version": _item(c).version},
    ),
    ApiCase(
        "POST",
        f"{API}/action-items/{{item_id}}/move",
        "planning_action_item_move",
        "vcio",
        body=lambda c: {"quarter": "", "version": _item(c).version},
    ),
    ApiCase("GET", f"{API}/clients/{{client_id}}/roadmap", "planning_roadmap_get", "viewer"),
    ApiCase(
        "PATCH",
        f"{API}/clients/{{client_id}}/roadmap",
        "planning_roadmap_update",
        "vcio",
        body=lambda c: {
            "version": 1,
            "first_quarter": "2027-Q1",
            "quarters": 4,
            "limits": {"2027-Q2": {"budget": "2000"}},
        },
    ),
    ApiCase(
        "POST",
        f"{API}/clients/{{client_id}}/roadmap/schedule",
        "planning_roadmap_schedule",
        "vcio",
        body=lambda c: {"method": "greedy"},
        kwargs={"client_id": lambda c: _item(c).client_id},
    ),
    ApiCase(
        "POST",
        f"{API}/clients/{{client_id}}/roadmap/approve",
        "planning_plan_approve",
        "vcio",
        body=lambda c: _item_planned(c),
        kwargs={"client_id": lambda c: _item(c).client_id},
    ),
    ApiCase(
        "GET",
        f"{API}/clients/{{client_id}}/plan-approvals",
        "planning_plan_approval_list",
        "viewer",
        sentinel=True,
        kwargs={"client_id": lambda c: _plan_approval(c).client_id},
    ),
    ApiCase(
        "GET",
        f"{API}/clients/{{client_id}}/plan/export",
        "planning_plan_export",
        "viewer",
        sentinel=True,
        kwargs={"client_id": lambda c: _item(c).client_id},
    ),
    ApiCase("GET", f"{API}/planning-settings", "planning_settings_get", "viewer"),
    ApiCase(
        "PUT",
        f"{API}/planning-settings",
        "planning_settings_update",
        "vcio",
        body=lambda c: {"version": 1, "hourly_rate": "130"},
    ),
    # execution cycles (planning/execution/api.py)
    ApiCase(
        "GET",
        f"{API}/clients/{{client_id}}/meetings",
        "planning_meeting_list",
        "viewer",
        sentinel=True,
        kwargs={"client_id": lambda c: _meeting(c).client_id},
    ),
    ApiCase(
        "POST",
        f"{API}/clients/{{client_id}}/meetings",
        "planning_meeting_create",
        "vcio",
        body=lambda c: {"kind": "monthly", "starts_at": "2030-05-06T10:00:00+00:00"},
    ),
    ApiCase("GET", f"{API}/meetings/{{meeting_id}}", "planning_meeting_get", "viewer", sentinel=True),
    ApiCase(
        "PATCH",
        f"{API}/meetings/{{meeting_id}}",
        "planning_meeting_update",
        "vcio",
        body=lambda c: {"version": _meeting(c).version, "title": "Renamed"},
    ),
    ApiCase("DELETE", f"{API}/meetings/{{meeting_id}}", "planning_meeting_delete", "vcio"),
    ApiCase(
        "POST",
        f"{API}/meetings/{{meeting_id}}/hold",
        "planning_meeting_hold",
        "vcio",
        body=lambda c: {"version": _meeting(c).version},
    ),
    ApiCase(
        "GET",
        f"{API}/meetings/{{meeting_id}}/agenda",
        "planning_meeting_agenda_get",
        "viewer",
        sentinel=True,
        kwargs={"meeting_id": lambda c: _decision(c).meeting_id},
    ),  # the pending decision is on the agenda
    ApiCase(
        "GET",
        f"{API}/clients/{{client_id}}/decisions",
        "planning_decision_list",
        "viewer",
        sentinel=True,
        kwargs={"client_id": lambda c: _decision(c).client_id},
    ),
    ApiCase(
        "POST",
        f"{API}/clients/{{client_id}}/decisions",
        "planning_decision_create",
        "vcio",
        body=lambda c: {"text": "Move mail to the cloud"},
    ),
    ApiCase(
        "PATCH",
        f"{API}/decisions/{{decision_id}}",
        "planning_decision_update",
        "vcio",
        body=lambda c: {"status": "decided"},
    ),
    ApiCase("DELETE", f"{API}/decisions/{{decision_id}}", "planning_decision_delete", "vcio"),
    ApiCase(
        "GET",
        f"{API}/clients/{{client_id}}/calendar-feeds",
        "planning_calendar_feed_list",
        "viewer",
        sentinel=True,
        kwargs={"client_id": lambda c: _feed(c).client_id},
    ),
    ApiCase(
        "POST",
        f"{API}/clients/{{client_id}}/calendar-feeds",
        "planning_calendar_feed_create",
        "vcio",
        body=lambda c: {"label": "CEO"},
    ),
    ApiCase("DELETE", f"{API}/calendar-feeds/{{feed_id}}", "planning_calendar_feed_revoke", "vcio"),
    ApiCase(
        "GET",
        f"{API}/clients/{{client_id}}/strategy-sessions",
        "planning_strategy_session_list",
        "viewer",
        sentinel=True,
        kwargs={"client_id": lambda c: _strategy_session(c).client_id},
    ),
    ApiCase(
        "POST",
        f"{API}/clients/{{client_id}}/strategy-sessions",
        "planning_strategy_session_create",
        "vcio",
        body=lambda c: {"title": "Retreat", "held_on": "2026-11-05", "year": 2027},
    ),
    ApiCase("GET", f"{API}/strategy-sessions/{{session_id}}", "planning_strategy_session_get", "viewer", sentinel=True),
    ApiCase(
        "PATCH",
        f"{API}/strategy-sessions/{{session_id}}",
        "planning_strategy_session_update",
        "vcio",
        body=lambda c: {"version": _strategy_session(c).version, "notes": "Agreed"},
    ),
    ApiCase("DELETE", f"{API}/strategy-sessions/{{session_id}}", "planning_strategy_session_delete", "vcio"),
    ApiCase(
        "POST",
        f"{API}/strategy-sessions/{{session_id}}/swot",
        "planning_swot_entry_create",
        "vcio",
        body=lambda c: {"kind": "threat", "text": "Ransomware"},
    ),
    ApiCase(
        "PATCH",
        f"{API}/swot/{{swot_id}}",
        "planning_swot_entry_update",
        "vcio",
        body=lambda c: {"text": "Tested backups", "position": 0},
    ),
    ApiCase("DELETE", f"{API}/swot/{{swot_id}}", "planning_swot_entry_delete", "vcio"),
    ApiCase(
        "POST",
        f"{API}/strategy-sessions/{{session_id}}/goals",
        "planning_business_goal_create",
        "vcio",
        body=lambda c: {"title": "Cut downtime"},
    ),
    ApiCase(
        "PATCH",
        f"{API}/goals/{{goal_id}}",
        "planning_business_goal_update",
        "vcio",
        body=lambda c: {"measure": "two sites"},
    ),
    ApiCase("DELETE", f"{API}/goals/{{goal_id}}", "planning_business_goal_delete", "vcio"),
    ApiCase(
        "GET",
        f"{API}/clients/{{client_id}}/initiatives",
        "planning_initiative_list",
        "viewer",
        sentinel=True,
        kwargs={"client_id": lambda c: _initiative(c).client_id},
    ),
    ApiCase(
        "POST",
        f"{API}/clients/{{client_id}}/initiatives",
        "planning_initiative_create",
        "vcio",
        body=lambda c: {"title": "Cloud move", "year": 2027},
    ),
    ApiCase("GET", f"{API}/initiatives/{{initiative_id}}", "planning_initiative_get", "viewer", sentinel=True),
    ApiCase(
        "PATCH",
        f"{API}/initiatives/{{initiative_id}}",
        "planning_initiative_update",
        "vcio",
        body=lambda c: {"version": _initiative(c).version, "owner": "Sam", "item_ids": [_item(c).pk]},
    ),
    ApiCase("DELETE", f"{API}/initiatives/{{initiative_id}}", "planning_initiative_delete", "vcio"),
    ApiCase(
        "GET",
        f"{API}/clients/{{client_id}}/operational-plan/{{year}}",
        "planning_operational_plan_get",
        "viewer",
        sentinel=True,
    ),
    # the responsibility matrix (responsibility/api.py)
    ApiCase("GET", f"{API}/responsibility-areas", "responsibility_area_list", "viewer"),
    ApiCase(
        "POST",
        f"{API}/responsibility-areas",
        "responsibility_area_create",
        "vcio",
        body=lambda c: {
            "key": "alpha.renew-domains",
            "title": "Renew domain names",
            "group": "Own",
            "practice_key": "continuous.backup-management-implementation.01",
        },
    ),
    ApiCase("POST", f"{API}/responsibility-areas/{{area_id}}/hide", "responsibility_area_hide", "vcio", sentinel=True),
    ApiCase(
        "POST",
        f"{API}/responsibility-areas/{{area_id}}/unhide",
        "responsibility_area_unhide",
        "vcio",
        sentinel=True,
        kwargs={"area_id": lambda c: _hidden_area(c).pk},
    ),
    ApiCase(
        "PUT",
        f"{API}/responsibility-areas/{{area_id}}/psa",
        "responsibility_psa_mapping_set",
        "vcio",
        body=lambda c: {"board": "Service", "queue": "Backups", "category": "Verify"},
        sentinel=True,
    ),
    ApiCase("GET", f"{API}/responsibility-areas/psa-export", "responsibility_psa_mapping_export", "viewer"),
    ApiCase(
        "GET", f"{API}/clients/{{client_id}}/responsibility-matrix/analysis", "responsibility_matrix_analysis", "viewer"
    ),
    ApiCase(
        "GET",
        f"{API}/clients/{{client_id}}/responsibility-matrix",
        "responsibility_matrix_get",
        "viewer",
        sentinel=True,
        kwargs={"client_id": lambda c: (_matrix_cell(c), c.world.client_a1.pk)[1]},
    ),
    ApiCase(
        "PATCH",
        f"{API}/clients/{{client_id}}/responsibility-matrix",
        "responsibility_matrix_update",
        "vcio",
        body=lambda c: {
            "cells": [{"area_id": _shipped_area(c).pk, "party_id": c.world.party_a1.pk, "role": "R", "seen": ""}]
        },
        kwargs={"client_id": lambda c: (_shipped_area(c), c.world.client_a1.pk)[1]},
    ),
    ApiCase(
        "GET",
        f"{API}/clients/{{client_id}}/responsibility-matrix/export",
        "responsibility_matrix_export",
        "viewer",
        sentinel=True,
    ),
    ApiCase(
        "POST",
        f"{API}/clients/{{client_id}}/responsibility-matrix/import",
        "responsibility_matrix_import",
        "vcio",
        body=lambda c: _matrix_file(c),
        multipart=True,
        kwargs={"client_id": lambda c: (_shipped_area(c), c.world.client_a1.pk)[1]},
    ),
    ApiCase("GET", f"{API}/responsibility-templates", "responsibility_template_list", "viewer"),
    ApiCase(
        "POST",
        f"{API}/clients/{{client_id}}/responsibility-matrix/apply",
        "responsibility_matrix_apply_template",
        "vcio",
        body=lambda c: {
            "template": f"template:{_matrix_template(c).pk}",
            "mapping": {c.world.party_a1.kind: c.world.party_a1.pk},
        },
        kwargs={"client_id": lambda c: (_matrix_template(c), c.world.client_a1.pk)[1]},
    ),
]


def _target(c: Any) -> Any:
    """The draft's target for block "continuous" (its note holds the SENTINEL); made directly, without an
    activity entry, the first time a URL or body names it (before the harness takes its fingerprint)."""
    from sevenc.assessments.targets.models import Target

    target, _ = Target.objects.get_or_create(
        workspace=c.world.ws_a,
        assessment=c.assessment,
        scope="block",
        key="continuous",
        defaults={"level": 3.0, "reason_note": f"{SENTINEL} why"},
    )
    return target


def _shipped_area(c: Any) -> Any:
    """A shipped responsibility area (the same for every workspace), made on first use."""
    from sevenc.responsibility.models import ResponsibilityArea

    area, _ = ResponsibilityArea.objects.get_or_create(
        workspace=None,
        key="access.verify-backups",
        defaults={
            "title": "Verify backups",
            "group": "Backup",
            "block_key": "continuous",
            "area_key": "a",
            "practice_key": "p",
        },
    )
    return area


def _matrix_cell(c: Any) -> dict[str, Any]:
    """The shipped area (made on first use) and the form field that makes party A1 responsible."""
    from sevenc.responsibility.matrix_ui import cell_name

    return {cell_name(_shipped_area(c).pk, c.world.party_a1.pk, ""): "R"}


def _matrix_file(c: Any) -> dict[str, Any]:
    """A CSV of the matrix that makes party A1 responsible in the shipped area (made before, by the URL)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = f"key,{c.world.party_a1.name}\n{_shipped_area(c).key},R\n".encode()
    return {"file": SimpleUploadedFile("matrix.csv", content)}


def _own_area(c: Any) -> Any:
    """Workspace A's own responsibility area (its title holds the SENTINEL), made on first use: a shipped one is
    visible to every workspace, so only an own area tells the outsider's 404 apart."""
    area = getattr(c, "own_area", None)
    if area is None:
        from sevenc.responsibility.models import ResponsibilityArea

        area = c.own_area = ResponsibilityArea.objects.create(
            workspace=c.world.ws_a,
            key="alpha.check-ups",
            title=f"{SENTINEL} quarterly check-up",
            group="Own",
            block_key="continuous",
            area_key="a",
            practice_key="p",
            position=100_000,
        )
    return area


def _hidden_area(c: Any) -> Any:
    """That own area, hidden in workspace A (so that showing it again changes something)."""
    from sevenc.responsibility.models import HiddenArea

    area = _own_area(c)
    HiddenArea.objects.get_or_create(workspace=c.world.ws_a, area=area)
    return area


def _matrix_filled(c: Any) -> Any:
    """Party A1 responsible for the shipped area of _matrix_cell (made directly, once)."""
    from sevenc.responsibility.models import Assignment, ResponsibilityArea

    _matrix_cell(c)
    area = ResponsibilityArea.objects.get(workspace=None, key="access.verify-backups")
    return Assignment.objects.get_or_create(
        workspace=c.world.ws_a, client=c.world.client_a1, area=area, party=c.world.party_a1, defaults={"role": "R"}
    )[0]


def _matrix_template(c: Any) -> Any:
    """A template of workspace A (its description holds the SENTINEL) that makes the MSP responsible."""
    from sevenc.responsibility.models import MatrixTemplate, ResponsibilityArea, TemplateAssignment

    _matrix_cell(c)
    template, made = MatrixTemplate.objects.get_or_create(
        workspace=c.world.ws_a, name="Access template", defaults={"description": SENTINEL}
    )
    if made:
        area = ResponsibilityArea.objects.get(workspace=None, key="access.verify-backups")
        TemplateAssignment.objects.create(
            workspace=c.world.ws_a, template=template, area=area, party_kind=c.world.party_a1.kind, role="R"
        )
    return template


def _item(c: Any) -> Any:
    """An action item of client A1 (its description holds the SENTINEL); made directly, without an activity
    entry, the first time a URL or body names it."""
    item = getattr(c, "item", None)
    if item is None:
        from sevenc.planning.models import ActionItem

        item = c.item = ActionItem.objects.create(
            workspace=c.world.ws_a,
            client=c.world.client_a1,
            title="Verify backups",
            description=f"{SENTINEL} plan",
            one_time_cost=500,
            effort_hours=4,
        )
    return item


def _item_planned(c: Any) -> dict[str, Any]:
    """Plan the item in the roadmap's first quarter (so there is something to approve); the approval's body."""
    from sevenc.planning.selectors import default_first_quarter

    item = _item(c)
    if not item.quarter:
        item.quarter = default_first_quarter()
        item.save(update_fields=["quarter"])
    return {"comment": "ok"}


def _item_form(c: Any) -> dict[str, Any]:
    item = _item(c)
    return {
        "title": item.title,
        "description": item.description,
        "status": "approved",
        "priority": "2",
        "responsible_party": "",
        "accountable": "",
        "quarter": "2027-Q1",
        "due_date": "",
        "one_time_cost": "600",
        "recurring_monthly_cost": "0",
        "effort_hours": "4",
        "delivered_by": "",
        "psa_reference": "",
        "psa_url": "",
        "version": str(item.version),
    }


def _item_comment(c: Any) -> Any:
    """A comment (holding the SENTINEL) on the action item; made directly, without an activity entry."""
    comment = getattr(c, "item_comment", None)
    if comment is None:
        from sevenc.planning.models import ItemComment

        comment = c.item_comment = ItemComment.objects.create(
            workspace=c.world.ws_a, item=_item(c), author=c.world.analyst, body=f"{SENTINEL} started"
        )
    return comment


def _merge_pair(c: Any) -> tuple[Any, Any]:
    """Two more action items of client A1 (the SENTINEL in their descriptions), one to merge into the other."""
    pair = getattr(c, "merge_pair", None)
    if pair is None:
        from sevenc.planning.models import ActionItem

        pair = c.merge_pair = tuple(
            ActionItem.objects.create(
                workspace=c.world.ws_a,
                client=c.world.client_a1,
                title=title,
                description=f"{SENTINEL} {title}",
                one_time_cost=100,
                effort_hours=2,
            )
            for title in ("Patch servers", "Patch laptops")
        )
    return pair


def _plan_approval(c: Any) -> Any:
    """An earlier approval of A1's plan (its comment holds the SENTINEL)."""
    approval = getattr(c, "plan_approval", None)
    if approval is None:
        from sevenc.planning.models import PlanApproval

        approval = c.plan_approval = PlanApproval.objects.create(
            workspace=c.world.ws_a,
            client=c.world.client_a1,
            approved_by=c.world.vcio,
            comment=f"{SENTINEL} go",
            items=[{"id": 0, "title": "Verify backups", "quarter": "2027-Q1"}],
            total_cost=500,
        )
    return approval


def _planning_fingerprint(scoped: Any) -> dict[str, Any]:
    """Action items (versions), their lifts and comments, roadmaps (versions) and their quarter limits, plan
    approvals and the planning settings (versions)."""
    from django.db.models import Count, Sum

    from sevenc.planning.models import (
        ActionItem,
        ItemComment,
        ItemLift,
        PlanApproval,
        PlanningSettings,
        QuarterLimit,
        Roadmap,
    )

    versioned = {
        m.__name__: scoped(m).aggregate(n=Count("pk"), v=Sum("version"))
        for m in (ActionItem, Roadmap, PlanningSettings)
    }
    return {**versioned, **{m.__name__: scoped(m).count() for m in (ItemLift, ItemComment, QuarterLimit, PlanApproval)}}


def _meeting(c: Any) -> Any:
    """An upcoming monthly review of client A1 (its notes hold the SENTINEL); made directly, without an activity
    entry, the first time a URL or body names it."""
    meeting = getattr(c, "meeting", None)
    if meeting is None:
        import datetime as dt

        from sevenc.planning.execution.models import Meeting

        meeting = c.meeting = Meeting.objects.create(
            workspace=c.world.ws_a,
            client=c.world.client_a1,
            kind="monthly",
            title="Monthly review",
            starts_at=dt.datetime(2030, 3, 4, 9, 0, tzinfo=dt.UTC),
            notes=f"{SENTINEL} minutes",
        )
    return meeting


def _decision(c: Any) -> Any:
    """A pending decision raised at that meeting (its text holds the SENTINEL)."""
    decision = getattr(c, "decision", None)
    if decision is None:
        from sevenc.planning.execution.models import Decision

        decision = c.decision = Decision.objects.create(
            workspace=c.world.ws_a, client=c.world.client_a1, meeting=_meeting(c), text=f"{SENTINEL} renew the firewall"
        )
    return decision


def _feed(c: Any) -> Any:
    """A live calendar feed of client A1 (its label holds the SENTINEL; only a hash of its token is stored)."""
    feed = getattr(c, "feed", None)
    if feed is None:
        from sevenc.accounts.services import token_hash
        from sevenc.planning.execution.models import CalendarFeed

        feed = c.feed = CalendarFeed.objects.create(
            workspace=c.world.ws_a,
            client=c.world.client_a1,
            token_hash=token_hash("scf_harness-feed-secret"),
            token_prefix="scf_harn",
            label=f"{SENTINEL} CEO",
        )
    return feed


def _meetings_fingerprint(scoped: Any) -> dict[str, Any]:
    """Meetings (versions, held), decisions (status, text) and calendar feeds (revocations)."""
    from django.db.models import Count, Q, Sum
    from django.db.models.functions import Length

    from sevenc.planning.execution.models import CalendarFeed, Decision, Meeting

    return {
        "Meeting": scoped(Meeting).aggregate(
            n=Count("pk"), v=Sum("version"), held=Count("pk", filter=Q(held_at__isnull=False))
        ),
        "Decision": scoped(Decision).aggregate(
            n=Count("pk"), decided=Count("pk", filter=Q(status="decided")), text=Sum(Length("text"))
        ),
        "CalendarFeed": scoped(CalendarFeed).aggregate(
            n=Count("pk"), revoked=Count("pk", filter=Q(revoked_at__isnull=False))
        ),
    }


def _strategy_session(c: Any) -> Any:
    """A strategy session of client A1 planning 2027 (its notes hold the SENTINEL); made directly, without an
    activity entry, the first time a URL or body names it."""
    session = getattr(c, "strategy_session", None)
    if session is None:
        import datetime as dt

        from sevenc.planning.strategy.models import StrategySession

        session = c.strategy_session = StrategySession.objects.create(
            workspace=c.world.ws_a,
            client=c.world.client_a1,
            title="IT strategy retreat",
            held_on=dt.date(2026, 11, 5),
            year=2027,
            notes=f"{SENTINEL} retreat notes",
        )
    return session


def _swot(c: Any) -> Any:
    """Two strengths of that session (the first one's text holds the SENTINEL; the second lets it move down)."""
    entry = getattr(c, "swot", None)
    if entry is None:
        from sevenc.planning.strategy.models import SwotEntry

        entry = c.swot = SwotEntry.objects.create(
            workspace=c.world.ws_a,
            session=_strategy_session(c),
            kind="strength",
            text=f"{SENTINEL} tested backups",
            position=0,
        )
        SwotEntry.objects.create(
            workspace=c.world.ws_a, session=_strategy_session(c), kind="strength", text="Loyal staff", position=1
        )
    return entry


def _business_goal(c: Any) -> Any:
    """A business goal of that session (its title holds the SENTINEL)."""
    goal = getattr(c, "business_goal", None)
    if goal is None:
        from sevenc.planning.strategy.models import BusinessGoal

        goal = c.business_goal = BusinessGoal.objects.create(
            workspace=c.world.ws_a, session=_strategy_session(c), title=f"{SENTINEL} open a second site", position=0
        )
    return goal


def _initiative(c: Any) -> Any:
    """An initiative of client A1 for 2027 from that session (its title holds the SENTINEL). The action item that
    bodies assign to it is made here too, before the harness takes its fingerprint."""
    initiative = getattr(c, "initiative", None)
    if initiative is None:
        from sevenc.planning.strategy.models import StrategicInitiative

        _item(c)
        initiative = c.initiative = StrategicInitiative.objects.create(
            workspace=c.world.ws_a,
            client=c.world.client_a1,
            session=_strategy_session(c),
            goal=_business_goal(c),
            title=f"{SENTINEL} backup overhaul",
            owner="Dana",
            priority=1,
            year=2027,
        )
    return initiative


def _strategy_fingerprint(scoped: Any) -> dict[str, Any]:
    """Strategy sessions and initiatives (versions), SWOT entries and goals (versions, positions and their latest
    stamp) and which action items are grouped in initiatives."""
    from django.db.models import Count, Max, Q, Sum

    from sevenc.planning.models import ActionItem
    from sevenc.planning.strategy.models import BusinessGoal, StrategicInitiative, StrategySession, SwotEntry

    return {
        "StrategySession": scoped(StrategySession).aggregate(n=Count("pk"), v=Sum("version")),
        **{
            m.__name__: scoped(m).aggregate(n=Count("pk"), p=Sum("position"), v=Sum("version"), t=Max("updated_at"))
            for m in (SwotEntry, BusinessGoal)
        },
        "StrategicInitiative": scoped(StrategicInitiative).aggregate(n=Count("pk"), v=Sum("version")),
        "ActionItem.initiative": scoped(ActionItem).aggregate(
            grouped=Count("pk", filter=Q(initiative__isnull=False)), ids=Sum("initiative_id")
        ),
    }


# API operations without a case, each with the reason.
API_EXEMPT: dict[str, str] = {}


def fingerprint(workspace: Any = None) -> dict[str, Any]:
    """What a refused request must not change: row counts (of one workspace, or all) and the fields that
    writes without new rows touch (versions, archived, roles, revocations, the activity log)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q, Sum

    from sevenc.accounts.models import ApiToken
    from sevenc.assessments.models import Answer, Assessment
    from sevenc.assessments.targets.models import Target
    from sevenc.assessments.workshops.models import Respondent, Response
    from sevenc.catalog.models import Area, Block, Framework, Practice
    from sevenc.core.models import ActivityEntry
    from sevenc.tenancy.models import Client, ClientMembership, Invitation, Membership, Party

    def scoped(model: Any) -> Any:
        qs = model.objects.all()
        return qs.filter(workspace=workspace) if workspace is not None else qs

    def catalog(model: Any) -> Any:
        qs = model.objects.all()
        return qs.filter(framework__workspace=workspace) if workspace is not None else qs

    clients = scoped(Client).aggregate(n=Count("pk"), v=Sum("version"), archived=Count("pk", filter=Q(archived=True)))
    return {
        "Client": clients,
        "Party": scoped(Party).aggregate(n=Count("pk"), v=Sum("version")),
        "Membership": sorted(scoped(Membership).values_list("user_id", "role")),
        "ClientMembership": scoped(ClientMembership).count(),
        "ApiToken": scoped(ApiToken).aggregate(n=Count("pk"), revoked=Count("pk", filter=Q(revoked_at__isnull=False))),
        "Invitation": sorted(scoped(Invitation).values_list("pk", "status", "role", "token_hash")),
        "User.last_workspace": sorted(
            get_user_model()
            .objects.filter(**({"last_workspace": workspace} if workspace is not None else {}))
            .values_list("pk", "last_workspace")
        ),
        "ActivityEntry": scoped(ActivityEntry).count(),
        "Assessment": scoped(Assessment).aggregate(
            n=Count("pk"), v=Sum("version"), final=Count("pk", filter=Q(status="final"))
        ),
        "Answer": scoped(Answer).aggregate(n=Count("pk"), v=Sum("version")),
        "Respondent": scoped(Respondent).aggregate(
            n=Count("pk"), submitted=Count("pk", filter=Q(submitted_at__isnull=False))
        ),
        "Response": scoped(Response).aggregate(n=Count("pk"), v=Sum("version")),
        # the workspace's own framework versions (derive, edit, publish, delete)
        "Framework": scoped(Framework).aggregate(n=Count("pk"), drafts=Count("pk", filter=Q(is_draft=True))),
        **{m.__name__: catalog(m).aggregate(n=Count("pk"), w=Sum("weight")) for m in (Block, Area)},
        "Practice": catalog(Practice).aggregate(
            n=Count("pk"), w=Sum("weight"), critical=Count("pk", filter=Q(critical=True))
        ),
        "Target": scoped(Target).aggregate(n=Count("pk"), v=Sum("version")),
        **_meetings_fingerprint(scoped),
        **_strategy_fingerprint(scoped),
        **_planning_fingerprint(scoped),
        **_responsibility_fingerprint(scoped),
    }


def _responsibility_fingerprint(scoped: Any) -> dict[str, Any]:
    """Every cell of the matrices, the areas (the workspace's own; all: the library too), which areas are hidden
    and every PSA mapping's values."""
    from django.db.models import Count

    from sevenc.responsibility.models import (
        Assignment,
        HiddenArea,
        MatrixTemplate,
        PsaMapping,
        ResponsibilityArea,
        TemplateAssignment,
    )

    return {
        "Assignment": sorted(scoped(Assignment).values_list("area_id", "party_id", "role")),
        "ResponsibilityArea": scoped(ResponsibilityArea).aggregate(n=Count("pk")),
        "HiddenArea": sorted(scoped(HiddenArea).values_list("area_id", flat=True)),
        "PsaMapping": sorted(scoped(PsaMapping).values_list("area_id", "board", "queue", "category")),
        "MatrixTemplate": sorted(scoped(MatrixTemplate).values_list("name", flat=True)),
        "TemplateAssignment": scoped(TemplateAssignment).count(),
    }

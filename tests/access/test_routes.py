"""The access harness: every web route and API operation, every persona that must be refused.

1. Coverage: each route of the URLconf and each operation of the OpenAPI schema has a case in cases.py
   or an exemption with a reason; stale cases and exemptions fail too.
2. Negative: per route × persona, the expected refusal (login redirect / 401 / 403 / 404), the SENTINEL
   planted in workspace A absent from the body, and nothing changed by a refused write.
3. Positive control: the least-privileged allowed persona gets 2xx/3xx (and sees the SENTINEL where the
   object holds it), so a view broken into refusing everyone cannot pass.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from sevenc.api.api import api
from tests import conftest
from tests.access.cases import (
    API_CASES,
    API_EXEMPT,
    SENTINEL,
    WEB_CASES,
    WEB_EXEMPT,
    ApiCase,
    Op,
    WebCase,
    fingerprint,
    role_below,
)
from tests.access.harness import UNSAFE, Ctx, api_secrets, http_for, params_of, route_params, web_routes

assert SENTINEL == conftest.SENTINEL

WEB_CASE_BY_NAME = {c.name: c for c in WEB_CASES}


# --- discovery -------------------------------------------------------------------------------------------


def api_operations() -> dict[str, str]:
    """'METHOD /path' -> operationId for every operation of the OpenAPI schema."""
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}": op.get("operationId", "")
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    }


def _as_openapi_path(route: str) -> str:
    """api/v1/clients/<client_id> -> /api/v1/clients/{client_id}"""
    parts = [f"{{{part[1:-1].split(':')[-1]}}}" if part.startswith("<") else part for part in route.split("/")]
    return "/" + "/".join(parts)


def test_it_has_a_case_or_an_exemption_for_every_web_route() -> None:
    routes = web_routes()
    api_paths = {key.split(" ", 1)[1] for key in api_operations()}
    names = [r.name for r in routes if not (r.name.startswith("api:") and _as_openapi_path(r.route) in api_paths)]
    missing = sorted(set(names) - set(WEB_CASE_BY_NAME) - set(WEB_EXEMPT))
    assert not missing, f"routes without an access case in tests/access/cases.py: {missing}"
    stale = sorted((set(WEB_CASE_BY_NAME) | set(WEB_EXEMPT)) - set(names))
    assert not stale, f"cases or exemptions naming routes that no longer exist: {stale}"
    both = sorted(set(WEB_CASE_BY_NAME) & set(WEB_EXEMPT))
    assert not both, f"routes both cased and exempt: {both}"
    assert len(WEB_CASE_BY_NAME) == len(WEB_CASES), "a route has two cases"
    assert all(reason.strip() for reason in WEB_EXEMPT.values())


def test_it_has_a_case_or_an_exemption_for_every_api_operation() -> None:
    operations = api_operations()
    cases = {c.key: c for c in API_CASES}
    missing = sorted(set(operations) - set(cases) - set(API_EXEMPT))
    assert not missing, f"API operations without an access case in tests/access/cases.py: {missing}"
    stale = sorted((set(cases) | set(API_EXEMPT)) - set(operations))
    assert not stale, f"cases or exemptions naming API operations that no longer exist: {stale}"
    renamed = sorted(
        f"{k}: case says {c.operation_id}, schema says {operations[k]}"
        for k, c in cases.items()
        if operations.get(k, c.operation_id) != c.operation_id
    )
    assert not renamed, renamed
    assert len(cases) == len(API_CASES), "an operation has two cases"


def test_it_knows_how_to_fill_every_route_parameter() -> None:
    from tests.access.cases import KWARGS

    params = {r.name: r.params for r in web_routes()}
    unknown = sorted(f"{name}: {p}" for name in WEB_CASE_BY_NAME for p in params.get(name, ()) if p not in KWARGS)
    unknown += sorted(f"{c.key}: {p}" for c in API_CASES for p in c.params if p not in KWARGS)
    assert not unknown, f"no builder in cases.KWARGS for: {unknown}"


# --- checking one request ------------------------------------------------------------------------------

LOGIN = "login"  # expected: a redirect to the login page (web)
FOREIGN = {"anonymous", "outsider", "exec_a2", "revoked", "leaver"}  # may see nothing of workspace A


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def check(self) -> None:
        assert not self.problems, "\n" + "\n".join(self.problems)


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and urlparse(response["Location"]).path == reverse("accounts:login")


def _web_request(http: HttpClient, op: Op, url: str, ctx: Ctx) -> Any:
    if op.method == "GET":
        return http.get(url)
    assert op.method == "POST", "web forms only GET and POST"
    return http.post(url, op.body(ctx) if op.body else {})


def web_refusals(case: WebCase, op: Op) -> dict[str, Any]:
    """persona -> expected status (or LOGIN; None: any answer but a leak or a change)."""
    names_object = case.names_object if case.names_object is not None else bool(params_of(case))
    out: dict[str, Any] = {"anonymous": LOGIN}
    if case.kind == "staff":
        out["outsider"] = 404 if names_object else None
        out["exec_a2"] = 403
        out["contributor_a1"] = 403
        lower = role_below(op.allowed)
        if lower and not case.own_only:  # an own object is refused for not being yours, not for the role
            out[lower] = 403
        if case.own_only:
            for role in ("viewer", "admin"):
                if role != op.allowed:
                    out.setdefault(role, 404)
    else:
        out["outsider"] = 404 if names_object else None
        out["exec_a2"] = 404 if names_object else None
    out.update(case.expect)
    return out


def _check_refusal(
    findings: Findings, where: str, response: Any, expected: Any, http: HttpClient, foreign: bool
) -> None:
    """``foreign``: the persona may see nothing of workspace A anywhere, so redirects are followed too."""
    status = response.status_code
    if expected == LOGIN:
        if not _is_login_redirect(response):
            findings.add(where, f"expected a redirect to the login page, got {status} {response.get('Location', '')}")
    elif expected is None:
        if status >= 500:
            findings.add(where, f"server error {status}")
    elif status != expected:
        findings.add(where, f"expected {expected}, got {status}")
    if SENTINEL in _body(response):
        findings.add(where, f"the body shows workspace A's SENTINEL (status {status})")
    if foreign and status in (301, 302, 303) and not _is_login_redirect(response):
        followed = http.get(response["Location"], follow=True)
        if SENTINEL in _body(followed):
            findings.add(where, f"the page it redirects to ({response['Location']}) shows the SENTINEL")


def _check_allowed(findings: Findings, where: str, response: Any, sentinel: bool | None) -> None:
    status = response.status_code
    if not 200 <= status < 400 or _is_login_redirect(response):
        findings.add(
            where, f"the allowed persona was refused: {status} {response.get('Location', '')}\n{_body(response)[:500]}"
        )
        return
    if sentinel is True and SENTINEL not in _body(response):
        findings.add(where, "the allowed persona's page does not show the SENTINEL (a positive control)")
    if sentinel is False and SENTINEL in _body(response):
        findings.add(where, "shows the SENTINEL, which this persona must not see")


# --- web routes ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("case", WEB_CASES, ids=lambda c: c.name)
def test_it_guards_the_web_route(case: WebCase, ctx: Ctx) -> None:
    if case.name not in route_params():
        pytest.fail(f"{case.name} is not a route (see the coverage test)")
    run_web_case(case, ctx).check()


def run_web_case(case: WebCase, ctx: Ctx) -> Findings:
    url = reverse(case.name, kwargs=case.url_kwargs(ctx, list(params_of(case))))
    findings = Findings()
    for op in case.ops:
        for persona, expected in web_refusals(case, op).items():
            where = f"{op.method} {url} as {persona}"
            unsafe = op.method in UNSAFE  # only a write can change data: reads skip the fingerprints
            before_all, before_a = (fingerprint(), fingerprint(ctx.world.ws_a)) if unsafe else (None, None)
            http = http_for(ctx, persona)
            response = _web_request(http, op, url, ctx)
            _check_refusal(findings, where, response, expected, http, foreign=persona in FOREIGN)
            if op.method in UNSAFE:
                if fingerprint(ctx.world.ws_a) != before_a:
                    findings.add(where, "a refused request changed workspace A's data")
                if expected is not None and response.status_code >= 300 and fingerprint() != before_all:
                    findings.add(where, "a refused request changed data")
    for op in case.ops:
        where = f"{op.method} {url} as {op.allowed} (allowed)"
        response = _web_request(http_for(ctx, op.allowed), op, url, ctx)
        _check_allowed(findings, where, response, op.sentinel)
    return findings


@pytest.mark.django_db
def test_it_shows_nothing_of_a_workspace_on_the_exempt_public_routes(ctx: Ctx) -> None:
    findings = Findings()
    http = HttpClient()
    for route in web_routes():
        if route.name not in WEB_EXEMPT or route.name == "accounts:logout":
            continue
        url = reverse(route.name, kwargs={p: "x" for p in route.params})
        response = http.get(url)
        if response.status_code >= 500 or SENTINEL in _body(response):
            findings.add(f"GET {url} as anonymous", f"status {response.status_code}, or shows the SENTINEL")
    findings.check()


# --- the API -------------------------------------------------------------------------------------------------

API_SESSION = {"exec_a2", "contributor_a1"}  # portal users, through a logged-in browser session


def api_refusals(case: ApiCase) -> dict[str, Any]:
    names_object = bool(case.params)
    out: dict[str, Any] = {
        "anonymous": 401,
        "revoked": 401,
        "leaver": 401,
        "exec_a2": 403,
        "contributor_a1": 403,
        "outsider": 404 if names_object else None,
    }
    lower = role_below(case.allowed)
    if lower and not case.own_only:
        out[lower] = 403
        if case.method in UNSAFE:
            out["viewer"] = 403  # a read-only token never writes
    if case.own_only:
        for role in ("viewer", "admin"):
            if role != case.allowed:
                out.setdefault(role, 404)
    return out


def _api_request(ctx: Ctx, persona: str, case: ApiCase) -> tuple[Any, HttpClient]:
    http = HttpClient()
    headers: dict[str, str] = {}
    if persona in API_SESSION:
        http.force_login(ctx.user(persona))
    elif persona != "anonymous":
        headers["HTTP_AUTHORIZATION"] = f"Bearer {ctx.secrets[persona]}"
    if case.multipart:  # a file upload: the body builder gives form fields and files
        response = http.post(case.url(ctx), case.body(ctx) if case.body else {}, **headers)
        return response, http
    body = json.dumps(case.body(ctx)) if case.body else ""
    response = http.generic(case.method, case.url(ctx), body, content_type="application/json", **headers)
    return response, http


@pytest.mark.django_db
@pytest.mark.parametrize("case", API_CASES, ids=lambda c: c.key)
def test_it_guards_the_api_operation(case: ApiCase, ctx: Ctx) -> None:
    ctx.secrets = api_secrets(ctx)
    run_api_case(case, ctx).check()


def run_api_case(case: ApiCase, ctx: Ctx) -> Findings:
    findings = Findings()
    for persona, expected in api_refusals(case).items():
        where = f"{case.method} {case.url(ctx)} as {persona}"
        unsafe = case.method in UNSAFE  # only a write can change data: reads skip the fingerprints
        before_all, before_a = (fingerprint(), fingerprint(ctx.world.ws_a)) if unsafe else (None, None)
        response, _ = _api_request(ctx, persona, case)
        status = response.status_code
        if expected is None:
            if status >= 500:
                findings.add(where, f"server error {status}")
        elif status != expected:
            findings.add(where, f"expected {expected}, got {status}: {_body(response)[:300]}")
        elif "message" not in json.loads(_body(response) or "{}"):
            findings.add(where, f"the {status} answer lacks the error shape {{message, fields}}")
        if SENTINEL in _body(response):
            findings.add(where, f"the body shows workspace A's SENTINEL (status {status})")
        if case.method in UNSAFE:
            if fingerprint(ctx.world.ws_a) != before_a:
                findings.add(where, "a refused request changed workspace A's data")
            if expected is not None and fingerprint() != before_all:
                findings.add(where, "a refused request changed data")
    response, _ = _api_request(ctx, case.allowed, case)
    _check_allowed(findings, f"{case.method} {case.url(ctx)} as {case.allowed} (allowed)", response, case.sentinel)
    return findings


@pytest.mark.django_db
def test_it_shows_the_outsider_only_its_own_workspace_through_api_lists(ctx: Ctx) -> None:
    ctx.secrets = api_secrets(ctx)
    http = HttpClient(HTTP_AUTHORIZATION=f"Bearer {ctx.secrets['outsider']}")
    clients = http.get("/api/v1/clients").json()["items"]
    assert [c["name"] for c in clients] == [ctx.world.client_b1.name]
    members = http.get("/api/v1/memberships").json()["items"]
    assert [m["email"] for m in members] == [ctx.world.outsider.email]
    frameworks = http.get("/api/v1/frameworks").json()["items"]
    assert [f["id"] for f in frameworks] == [ctx.shipped.pk]
    parties = http.get(f"/api/v1/clients/{ctx.world.client_b1.pk}/parties").json()["items"]
    assert [p["name"] for p in parties] == [ctx.world.party_b1.name]


# --- the harness checks itself: a planted hole must be found ------------------------------------------------


def _leaky_client_get(*, workspace: Any, pk: int) -> Any:
    from sevenc.tenancy.models import Client

    return Client.objects.get(pk=pk)  # forgets the workspace


@pytest.mark.django_db
def test_it_catches_a_selector_that_forgets_the_workspace(ctx: Ctx, monkeypatch: Any) -> None:
    from sevenc.tenancy import selectors

    monkeypatch.setattr(selectors, "client_get", _leaky_client_get)
    ctx.secrets = api_secrets(ctx)
    web = run_web_case(WEB_CASE_BY_NAME["tenancy:client_detail"], ctx).problems
    assert any("as outsider: expected 404, got 200" in p for p in web), web
    assert any("as outsider: the body shows workspace A's SENTINEL" in p for p in web), web
    api_case = next(c for c in API_CASES if c.operation_id == "tenancy_client_get")
    assert any("as outsider: expected 404, got 200" in p for p in run_api_case(api_case, ctx).problems)


@pytest.mark.django_db
def test_it_catches_a_role_check_that_lets_everyone_through(ctx: Ctx, monkeypatch: Any) -> None:
    from sevenc.core import access
    from sevenc.core import api as permissions

    monkeypatch.setattr(access, "role_can", lambda role, capability: role is not None)
    monkeypatch.setattr(permissions, "role_can", lambda role, capability: True)
    ctx.secrets = api_secrets(ctx)
    web = run_web_case(WEB_CASE_BY_NAME["tenancy:party_delete"], ctx).problems
    assert any("as analyst: expected 403, got 302" in p for p in web), web
    assert any("changed" in p for p in web), web
    api_case = next(c for c in API_CASES if c.operation_id == "tenancy_membership_update")
    api_problems = run_api_case(api_case, ctx).problems
    assert any("as vcio: expected 403, got 200" in p for p in api_problems), api_problems


@pytest.mark.django_db
def test_it_catches_a_view_that_refuses_everyone(ctx: Ctx, monkeypatch: Any) -> None:
    from sevenc.tenancy import selectors

    def refuse(**kwargs: Any) -> Any:
        from django.http import Http404

        raise Http404

    monkeypatch.setattr(selectors, "party_list", refuse)
    problems = run_web_case(WEB_CASE_BY_NAME["tenancy:party_list"], ctx).problems
    assert any("as viewer (allowed): the allowed persona was refused: 404" in p for p in problems), problems


@pytest.mark.django_db
def test_it_catches_an_invitation_page_that_shows_the_offer_to_anyone(ctx: Ctx, monkeypatch: Any) -> None:
    from sevenc.accounts import views as invitations

    monkeypatch.setattr(invitations, "is_invited", lambda user, invitation: True)
    problems = run_web_case(WEB_CASE_BY_NAME["accounts:invitation_accept"], ctx).problems
    assert any("GET" in p and "as outsider: expected 404, got 200" in p for p in problems), problems
    assert any("as outsider: the body shows workspace A's SENTINEL" in p for p in problems), problems

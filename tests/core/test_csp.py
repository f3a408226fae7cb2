"""Content-Security-Policy on every HTML page: the header is there, it allows no inline script (nor eval, nor
inline style), and the page itself carries nothing that the policy would block (an inline script, an inline
event handler, a style attribute or element, a javascript: link).

The pages are every web route of the access harness (tests/access/cases.py), fetched by the least-privileged
persona allowed to see them, plus the public pages and the error pages. The browser tests check the same in
chromium (tests/browser/test_csp.py)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client as HttpClient
from django.urls import include, path, reverse

from tests.access.cases import WEB_CASES, WEB_EXEMPT
from tests.access.harness import Ctx, http_for, params_of

pytestmark = pytest.mark.django_db

UNSAFE_SOURCES = {
    "'unsafe-inline'",
    "'unsafe-eval'",
    "'unsafe-hashes'",
    "'wasm-unsafe-eval'",
    "*",
    "data:",
    "http:",
    "https:",
    "blob:",
}


def directives(response: Any) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    out: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0].lower()] = words[1:]
    return out


class InlineFinder(HTMLParser):
    """What a page holds that script-src 'self' / style-src 'self' would block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name.lower(): value or "" for name, value in attrs}
        if (
            tag == "script"
            and "src" not in names
            and names.get("type", "") not in {"application/json", "application/ld+json"}
        ):
            self.found.append("an inline <script>")
        if tag == "style":
            self.found.append("a <style> element")
        for name, value in names.items():
            if name.startswith("on"):
                self.found.append(f"an inline event handler {name}= on <{tag}>")
            if name == "style":
                self.found.append(f"a style attribute on <{tag}>")
            if name in {"href", "src", "action", "formaction"} and value.strip().lower().startswith("javascript:"):
                self.found.append(f"a javascript: URL in {name}= on <{tag}>")


def check_page(response: Any, where: str) -> list[str]:
    problems: list[str] = []
    if not response.get("Content-Type", "").startswith("text/html"):
        return problems
    policy = directives(response)
    script = policy.get("script-src", policy.get("default-src"))
    if script is None:
        problems.append(f"{where}: no script-src (nor default-src)")
    elif UNSAFE_SOURCES & set(script):
        problems.append(f"{where}: script-src allows {sorted(UNSAFE_SOURCES & set(script))}")
    style = policy.get("style-src", policy.get("default-src", []))
    if "'unsafe-inline'" in style:
        problems.append(f"{where}: style-src allows 'unsafe-inline'")
    for directive in ("object-src", "base-uri", "frame-ancestors"):
        if policy.get(directive) != ["'none'"]:
            problems.append(f"{where}: {directive} is {policy.get(directive)}, not 'none'")
    finder = InlineFinder()
    finder.feed(response.content.decode(errors="replace"))
    problems += [f"{where}: {found}" for found in sorted(set(finder.found))]
    return problems


def test_every_page_sends_a_policy_without_inline_script(ctx: Ctx) -> None:
    problems: list[str] = []
    pages = 0
    for case in WEB_CASES:
        for op in case.ops:
            if op.method != "GET":
                continue
            url = reverse(case.name, kwargs=case.url_kwargs(ctx, list(params_of(case))))
            response = http_for(ctx, op.allowed).get(url)
            pages += response.get("Content-Type", "").startswith("text/html")
            problems += check_page(response, f"GET {url} as {op.allowed}")
    assert pages >= 40, pages  # the harness's routes really were fetched
    assert not problems, "\n".join(problems)


PUBLIC_PAGES = [
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
    "api:openapi-view",
]


def test_the_public_pages_send_it_too(db: Any) -> None:
    assert set(PUBLIC_PAGES) <= set(WEB_EXEMPT)
    problems: list[str] = []
    for name in PUBLIC_PAGES:
        response = HttpClient().get(reverse(name))
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith("text/html"), name
        problems += check_page(response, name)
    assert not problems, "\n".join(problems)


def test_the_api_docs_page_loads_swagger_from_our_own_static_files(db: Any) -> None:
    body = HttpClient().get(reverse("api:openapi-view")).content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body and "/static/ninja/swagger-ui-init.js" in body
    assert "cdn" not in body.lower()


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom), path("", include("sevenc.urls"))]


@pytest.mark.urls(__name__)
def test_the_error_pages_send_it_too(world: Any) -> None:
    problems: list[str] = []
    response = HttpClient().get("/no-such-page/")
    assert response.status_code == 404
    problems += check_page(response, "404")
    portal = HttpClient()
    portal.force_login(world.exec_a1)
    response = portal.get(reverse("tenancy:client_list"))
    assert response.status_code == 403
    problems += check_page(response, "403")
    response = HttpClient(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    problems += check_page(response, "500")
    assert not problems, "\n".join(problems)


def test_the_check_finds_what_the_policy_blocks() -> None:
    finder = InlineFinder()
    finder.feed(
        '<script>x()</script><script src="/a.js"></script><script type="application/json">{}</script>'
        '<a href="javascript:x()" onclick="x()">a</a><p style="color:red"></p><style>p{}</style>'
        '<svg><circle onload="x()"/></svg>'
    )
    assert sorted(finder.found) == sorted(
        [
            "an inline <script>",
            "a javascript: URL in href= on <a>",
            "an inline event handler onclick= on <a>",
            "a style attribute on <p>",
            "a <style> element",
            "an inline event handler onload= on <circle>",
        ]
    )

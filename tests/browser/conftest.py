"""The browser tests' shared fixtures: Debian's chromium through Playwright, watched for Content-Security-Policy
violations on every page it opens.

``browser`` is chromium with the demo workspace loaded first; ``chromium`` is the same without the demo;
``log_in`` logs a page in as a demo person, ``expect`` is Playwright's assertion.
Every page they open, in any context, reports each ``securitypolicyviolation`` event and each console
message about the Content Security Policy; at teardown the fixture fails the test if there was any, so no
browser test can pass on a page that breaks the policy (an inline script or style, an inline event handler,
a foreign source).

Needs Playwright (the ``test`` extra) and /usr/bin/chromium (``apt-get install -y chromium``); the tests are
skipped with the reason when either is missing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from such a thread unless told.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# Runs in every page and frame before the page's own scripts (Playwright injects it, outside the page's CSP).
WATCH_CSP = """
window.__sevencCspSeen = 0;
document.addEventListener("securitypolicyviolation", (e) => {
  window.__sevencCspSeen += 1;
  window.__sevencCspViolation({directive: e.violatedDirective, blocked: e.blockedURI,
                               source: e.sourceFile, line: e.lineNumber, sample: e.sample,
                               page: document.location.href});
}, true);
"""


def _sync_api() -> Any:
    return pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")


@pytest.fixture
def demo(live_server: Any) -> Any:
    """The catalog and the demo workspace, loaded before Playwright starts: Playwright's sync API switches
    greenlets, and a database connection opened from inside it would outlive the test."""
    from sevenc.catalog.services import framework_load_shipped
    from sevenc.demo import demo_load

    framework_load_shipped()
    return demo_load()


@pytest.fixture
def csp_violations() -> list[str]:
    """What the watched pages reported; a test that provokes a violation on purpose empties it."""
    return []


class WatchedBrowser:
    """Playwright's Browser, except that every context it opens (``new_context``, and ``new_page``, which opens
    one of its own) reports CSP violations into ``violations``."""

    def __init__(self, browser: Any, violations: list[str]) -> None:
        self._browser = browser
        self._violations = violations

    def _on_violation(self, report: dict[str, Any]) -> None:
        self._violations.append(
            f"{report.get('page')}: {report.get('directive')} blocked {report.get('blocked') or 'inline'} "
            f"({report.get('source')}:{report.get('line')}) {report.get('sample') or ''}".strip()
        )

    def _on_console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self._violations.append(f"console {message.type}: {message.text}")

    def new_context(self, **kwargs: Any) -> Any:
        context = self._browser.new_context(**kwargs)
        context.expose_function("__sevencCspViolation", self._on_violation)
        context.add_init_script(WATCH_CSP)
        context.on("console", self._on_console)
        return context

    def new_page(self, **kwargs: Any) -> Any:
        return self.new_context(**kwargs).new_page()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


@pytest.fixture
def chromium(live_server: Any, csp_violations: list[str]) -> Iterator[WatchedBrowser]:
    """Chromium whose pages are all watched for CSP violations; none may remain at teardown."""
    sync_api = _sync_api()
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        try:
            yield WatchedBrowser(browser, csp_violations)
        finally:
            browser.close()
            from django.db import connections

            # ORM calls made while Playwright's loop runs get connections of their own; close them, or PostgreSQL
            # cannot drop the test database afterwards
            connections.close_all()
    assert not csp_violations, "Content-Security-Policy violations:\n" + "\n".join(csp_violations)


@pytest.fixture
def browser(demo: Any, chromium: Any) -> Any:
    """The watched chromium, with the demo workspace loaded before it started."""
    return chromium


@pytest.fixture
def expect() -> Any:
    """Playwright's ``expect``: assertions that wait for the page."""
    return _sync_api().expect


@pytest.fixture
def log_in(live_server: Any) -> Callable[..., None]:
    """log_in(page, email, password=the demo's): through the login page; fails the test if it did not go through."""

    def _log_in(page: Any, email: str, password: str | None = None) -> None:
        from sevenc.demo import DEMO_PASSWORD

        page.goto(live_server.url + "/accounts/login/")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", password or DEMO_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, f"{email} could not log in"

    return _log_in

"""API authentication. A token binds the request to its workspace (and to its owner's current role
there); a browser session uses the workspace chosen in the session. Unsafe methods under session
auth need the CSRF token, as any form would."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from sevenc.accounts.selectors import api_token_authenticate


class TokenAuth(HttpBearer):
    openapi_description = "A personal API token (`sc_…`), created under API tokens in the web UI."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = api_token_authenticate(raw=token)
        if found is None:
            return None
        api_token, membership = found
        request.user = membership.user
        request.workspace = membership.workspace  # type: ignore[attr-defined]
        request.membership = membership  # type: ignore[attr-defined]
        request.api_token = api_token  # type: ignore[attr-defined]
        return membership


class BrowserSessionAuth(SessionAuth):
    """The logged-in browser session. A portal user passes here and is refused (403) by the role check.

    Nobody logged in: 401, before any CSRF check (a CSRF refusal would be a 403 that tells an anonymous
    caller nothing useful). A logged-in session that sends no valid CSRF token on an unsafe method: 403."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.user.is_authenticated:
            return request.user
        return None


AUTH = [TokenAuth(), BrowserSessionAuth()]

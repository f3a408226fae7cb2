"""Logging in by email, and the two answers django-axes asks of us for the lock-out: which account a login
names and which address it comes from (settings.AXES_USERNAME_CALLABLE, AXES_CLIENT_IP_CALLABLE).

The lock-out itself is django-axes (``axes.backends.AxesStandaloneBackend`` runs before EmailBackend): after
LOGIN_FAILURE_LIMIT failures for one account from one address, that pair is refused for
LOGIN_LOCKOUT_MINUTES. docs/permissions.md ("Logging in") says what a user sees.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


def normalise_login(raw: Any) -> str:
    """The one spelling of an email as a login: spaces trimmed, lower case (emails are unique ignoring case)."""
    return str(raw or "").strip().lower()


class EmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        email: str | None = None,
        **kwargs: Any,
    ) -> Any:
        User = get_user_model()
        login = normalise_login(email or username or kwargs.get(User.USERNAME_FIELD))
        if not login or password is None:
            return None
        user = User._default_manager.filter(email__iexact=login).first()
        if user is None:
            User().set_password(password)  # spend the same time as a real check
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def login_name(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The account a login attempt names, as axes records it: the normalised email."""
    if credentials:
        raw = credentials.get("email") or credentials.get("username")
    else:
        raw = request.POST.get("email")
    return normalise_login(raw)


def client_address(request: HttpRequest) -> str | None:
    """The address a request comes from. REMOTE_ADDR, unless sevenc runs behind a proxy (BEHIND_PROXY):
    then the last X-Forwarded-For entry, the one the proxy itself added for the peer it saw. Entries
    before it are whatever the client sent, so they are never trusted."""
    remote = request.META.get("REMOTE_ADDR") or None
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        try:
            return str(ipaddress.ip_address(last))
        except ValueError:
            return remote
    return remote

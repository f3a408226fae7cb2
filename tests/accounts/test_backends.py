"""Logging in by email (EmailBackend) and the two answers axes takes from us: the login name and the client
address. The lock-out itself is tested through the web in test_lockout.py."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.test import RequestFactory

from sevenc.accounts.backends import EmailBackend, client_address, login_name
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _auth(**credentials: Any) -> Any:
    return EmailBackend().authenticate(None, **credentials)


def test_it_logs_in_with_the_right_password_and_any_email_case(db: Any) -> None:
    user = UserFactory(email="ana@alpha.example")
    assert _auth(email=" ANA@Alpha.example ", password=PASSWORD) == user
    assert _auth(username="ana@alpha.example", password=PASSWORD) == user


def test_it_refuses_unknown_users_wrong_and_missing_passwords(db: Any) -> None:
    user = UserFactory()
    assert _auth(email="nobody@alpha.example", password=PASSWORD) is None
    assert _auth(email=user.email, password="wrong password") is None
    assert _auth(email=user.email, password=None) is None
    assert _auth(email="", password=PASSWORD) is None


def test_it_refuses_an_inactive_user(db: Any) -> None:
    user = UserFactory(is_active=False)
    assert _auth(email=user.email, password=PASSWORD) is None


def test_axes_checks_every_login_before_the_password() -> None:
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert "axes.middleware.AxesMiddleware" in settings.MIDDLEWARE


def test_django_authenticate_logs_in_through_both_backends(db: Any) -> None:
    user = UserFactory(email="ana@alpha.example")
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="192.0.2.1")
    assert authenticate(request, email="ana@alpha.example", password=PASSWORD) == user


def test_the_login_name_is_the_normalised_email() -> None:
    request = RequestFactory().post("/accounts/login/", {"email": " Ana@Alpha.Example "})
    assert login_name(request, {"email": " Ana@Alpha.Example ", "password": "********"}) == "ana@alpha.example"
    assert login_name(request, None) == "ana@alpha.example"
    assert login_name(request, {"username": "BOB@x.example"}) == "bob@x.example"


def test_the_address_is_remote_addr_without_a_proxy(settings: Any) -> None:
    settings.BEHIND_PROXY = False
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert client_address(request) == "192.0.2.1"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("198.51.100.7", "198.51.100.7"),
        ("10.0.0.1, 198.51.100.7", "198.51.100.7"),  # only the entry the proxy appended counts
        ("10.0.0.1,2001:db8::1", "2001:db8::1"),
        ("not-an-address", "127.0.0.1"),
        ("", "127.0.0.1"),
    ],
)
def test_behind_a_proxy_the_address_is_the_last_forwarded_entry(settings: Any, forwarded: str, expected: str) -> None:
    settings.BEHIND_PROXY = True
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_it_hashes_passwords_with_argon2_outside_the_tests() -> None:
    import sevenc.settings as configured

    assert configured.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    from django.contrib.auth.hashers import Argon2PasswordHasher

    assert Argon2PasswordHasher().encode("a long passphrase", Argon2PasswordHasher().salt()).startswith("argon2$")

"""Login lock-out (django-axes on the account and the client address together), through the whole middleware
stack of the test client: the failures must be recorded by the real request path, and a locked account must
answer exactly like a wrong password or an unknown email."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sevenc.accounts.services import api_token_create
from tests.factories import PASSWORD

LOGIN = "/accounts/login/"
ATTACKER = "203.0.113.66"  # knows the victim's address, not the password
VICTIM = "198.51.100.7"  # where the victim logs in from
ELSEWHERE = "192.0.2.20"
EMAIL = "viewer@alpha.example"


def _post(client: Any, email: str, password: str, address: str, **headers: str) -> Any:
    return client.post(LOGIN, {"email": email, "password": password}, REMOTE_ADDR=address, **headers)


def _fail(client: Any, email: str, address: str, times: int | None = None, **headers: str) -> list[Any]:
    return [
        _post(client, email, "not the password", address, **headers)
        for _ in range(settings.LOGIN_FAILURE_LIMIT if times is None else times)
    ]


def _logged_in(client: Any) -> bool:
    return client.session.get("_auth_user_id") is not None


def _page(response: Any, email: str) -> str:
    """The answer with what legitimately differs taken out: the typed email and the per-render CSRF token."""
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', body)
    return body.replace(email, "EMAIL")


def test_it_locks_the_account_from_that_address_after_the_limit(world: Any) -> None:
    client = Client()
    answers = _fail(client, EMAIL, ATTACKER)
    assert [r.status_code for r in answers] == [200] * settings.LOGIN_FAILURE_LIMIT  # < 400: kept, not rolled back
    attempt = AccessAttempt.objects.get(username=EMAIL, ip_address=ATTACKER)
    assert attempt.failures_since_start == settings.LOGIN_FAILURE_LIMIT
    assert "not the password" not in attempt.post_data

    response = _post(client, EMAIL, PASSWORD, ATTACKER)
    assert response.status_code == 200
    assert "Email or password is wrong" in response.content.decode()
    assert not _logged_in(client)


def test_it_does_not_lock_before_the_limit(world: Any) -> None:
    client = Client()
    _fail(client, EMAIL, ATTACKER, times=settings.LOGIN_FAILURE_LIMIT - 1)
    assert _post(client, EMAIL, PASSWORD, ATTACKER).status_code == 302
    assert _logged_in(client)


def test_a_locked_account_answers_exactly_like_a_wrong_password_and_an_unknown_email(world: Any) -> None:
    _fail(Client(), EMAIL, ATTACKER)
    locked = _post(Client(), EMAIL, PASSWORD, ATTACKER)  # the right password, refused
    wrong = _post(Client(), EMAIL, "not the password", ELSEWHERE)
    unknown_email = "nobody@alpha.example"
    unknown = _post(Client(), unknown_email, PASSWORD, ELSEWHERE)
    _fail(Client(), unknown_email, ATTACKER)
    unknown_locked = _post(Client(), unknown_email, PASSWORD, ATTACKER)

    assert {r.status_code for r in (locked, wrong, unknown, unknown_locked)} == {200}
    expected = _page(wrong, EMAIL)
    assert "Email or password is wrong" in expected
    assert _page(locked, EMAIL) == expected
    assert _page(unknown, unknown_email) == expected
    assert _page(unknown_locked, unknown_email) == expected


def test_someone_who_knows_only_the_email_cannot_lock_the_owner_out_elsewhere(world: Any) -> None:
    _fail(Client(), EMAIL, ATTACKER, times=settings.LOGIN_FAILURE_LIMIT * 3)
    owner = Client()
    assert _post(owner, EMAIL, PASSWORD, VICTIM).status_code == 302
    assert _logged_in(owner)


def test_it_counts_every_spelling_of_the_email_as_one_account(world: Any) -> None:
    client = Client()
    for spelling in ["Viewer@Alpha.example", " viewer@alpha.example ", "VIEWER@ALPHA.EXAMPLE", EMAIL, EMAIL]:
        _post(client, spelling, "not the password", ATTACKER)
    assert _post(client, EMAIL, PASSWORD, ATTACKER).status_code == 200
    assert not _logged_in(client)


def test_a_forged_forwarded_for_header_does_not_dodge_the_lock(world: Any) -> None:
    client = Client()
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        _post(client, EMAIL, "not the password", ATTACKER, HTTP_X_FORWARDED_FOR=f"10.9.8.{n}")
    assert _post(client, EMAIL, PASSWORD, ATTACKER, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 200
    assert not _logged_in(client)


def test_behind_a_proxy_it_locks_the_address_the_proxy_saw(world: Any, settings: Any) -> None:
    settings.BEHIND_PROXY = True
    proxy = "127.0.0.1"
    attacker = Client()
    for n in range(settings.LOGIN_FAILURE_LIMIT):  # forged entries first, then the one the proxy appended
        _post(attacker, EMAIL, "not the password", proxy, HTTP_X_FORWARDED_FOR=f"10.9.8.{n}, {ATTACKER}")
    assert AccessAttempt.objects.filter(ip_address=ATTACKER).exists()
    assert _post(attacker, EMAIL, PASSWORD, proxy, HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 200
    assert not _logged_in(attacker)
    owner = Client()  # same proxy, another client behind it
    assert _post(owner, EMAIL, PASSWORD, proxy, HTTP_X_FORWARDED_FOR=VICTIM).status_code == 302


def _age_attempts(by: timedelta) -> None:
    AccessAttempt.objects.update(attempt_time=timezone.now() - by)


def test_it_unlocks_when_the_lockout_time_has_passed(world: Any) -> None:
    client = Client()
    _fail(client, EMAIL, ATTACKER)
    _age_attempts(timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES, seconds=1))
    assert _post(client, EMAIL, PASSWORD, ATTACKER).status_code == 302


def test_it_stays_locked_just_before_the_lockout_time_has_passed(world: Any) -> None:
    client = Client()
    _fail(client, EMAIL, ATTACKER)
    _age_attempts(timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES, seconds=-30))
    assert _post(client, EMAIL, PASSWORD, ATTACKER).status_code == 200
    assert not _logged_in(client)


def test_a_refusal_while_locked_does_not_extend_the_lock(world: Any) -> None:
    client = Client()
    _fail(client, EMAIL, ATTACKER)
    _age_attempts(timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES, seconds=-30))
    _fail(client, EMAIL, ATTACKER, times=3)  # still locked: refused, not counted
    _age_attempts(timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES, seconds=1))
    assert _post(client, EMAIL, PASSWORD, ATTACKER).status_code == 302


def test_a_login_resets_the_count_of_its_address(world: Any) -> None:
    client = Client()
    _fail(client, EMAIL, VICTIM, times=settings.LOGIN_FAILURE_LIMIT - 1)
    assert _post(client, EMAIL, PASSWORD, VICTIM).status_code == 302
    client.post(reverse("accounts:logout"), REMOTE_ADDR=VICTIM)
    _fail(client, EMAIL, VICTIM, times=settings.LOGIN_FAILURE_LIMIT - 1)
    assert _post(client, EMAIL, PASSWORD, VICTIM).status_code == 302


def test_a_password_reset_lifts_the_lock_everywhere(world: Any) -> None:
    _fail(Client(), EMAIL, VICTIM)
    _fail(Client(), EMAIL, ATTACKER)
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": EMAIL}, REMOTE_ADDR=VICTIM)
    link = re.search(r"https?://testserver(/accounts/password/reset/[^/\s]+/[^/\s]+/)", mail.outbox[-1].body)
    assert link
    response = client.get(link.group(1), REMOTE_ADDR=VICTIM)
    new_password = "a fresh long passphrase 7"
    response = client.post(
        response.url, {"new_password1": new_password, "new_password2": new_password}, REMOTE_ADDR=VICTIM
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=EMAIL).exists()
    assert _post(Client(), EMAIL, new_password, VICTIM).status_code == 302


def test_a_locked_users_api_tokens_keep_working(world: Any) -> None:
    """The decision (docs/permissions.md, "Logging in"): the lock guards the password against guessing; a
    token is another secret the user already holds, and a stranger must not be able to cut it off."""
    secret = api_token_create(workspace=world.ws_a, user=world.viewer, name="nightly export").secret
    _fail(Client(), EMAIL, ATTACKER)
    assert _post(Client(), EMAIL, PASSWORD, ATTACKER).status_code == 200  # locked from there
    response = Client().get("/api/v1/clients", HTTP_AUTHORIZATION=f"Bearer {secret}", REMOTE_ADDR=ATTACKER)
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("limit", [1, 3])
def test_it_follows_the_configured_limit(world: Any, settings: Any, limit: int) -> None:
    settings.LOGIN_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT = limit
    client = Client()
    _fail(client, EMAIL, ATTACKER, times=limit)
    assert _post(client, EMAIL, PASSWORD, ATTACKER).status_code == 200
    assert not _logged_in(client)

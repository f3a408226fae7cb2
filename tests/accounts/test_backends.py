"""Login lock-out: LOGIN_FAILURE_LIMIT failures within LOGIN_LOCKOUT_MINUTES lock the account."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.utils import timezone

from sevenc.accounts.backends import is_locked
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def fail(user: Any, times: int) -> None:
    for _ in range(times):
        assert authenticate(None, email=user.email, password="wrong password") is None


def test_it_logs_in_with_the_right_password_and_any_email_case(db: Any) -> None:
    user = UserFactory(email="ana@alpha.example")
    assert authenticate(None, email=" ANA@Alpha.example ", password=PASSWORD) == user
    assert authenticate(None, username="ana@alpha.example", password=PASSWORD) == user


def test_it_refuses_unknown_users_and_missing_passwords(db: Any) -> None:
    user = UserFactory()
    assert authenticate(None, email="nobody@alpha.example", password=PASSWORD) is None
    assert authenticate(None, email=user.email, password=None) is None
    assert authenticate(None, email="", password=PASSWORD) is None


def test_it_refuses_an_inactive_user(db: Any) -> None:
    user = UserFactory(is_active=False)
    assert authenticate(None, email=user.email, password=PASSWORD) is None


def test_it_counts_failures(db: Any) -> None:
    user = UserFactory()
    fail(user, 3)
    user.refresh_from_db()
    assert user.failed_login_count == 3
    assert user.last_failed_login_at is not None
    assert not is_locked(user)


def test_it_locks_after_the_limit_and_refuses_even_the_right_password(db: Any) -> None:
    assert settings.LOGIN_FAILURE_LIMIT == 5
    user = UserFactory()
    fail(user, 4)
    user.refresh_from_db()
    assert not is_locked(user)
    fail(user, 1)
    user.refresh_from_db()
    assert is_locked(user)
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, email=user.email, password=PASSWORD) is None
    assert request.sevenc_locked_out is True
    user.refresh_from_db()
    assert user.failed_login_count == 5  # a refusal while locked does not extend the lock


def test_it_unlocks_after_the_window(db: Any) -> None:
    user = UserFactory()
    fail(user, 5)
    user.refresh_from_db()
    user.last_failed_login_at = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES, seconds=1)
    user.save(update_fields=["last_failed_login_at"])
    assert not is_locked(user)
    assert authenticate(None, email=user.email, password=PASSWORD) == user
    user.refresh_from_db()
    assert (user.failed_login_count, user.last_failed_login_at) == (0, None)


def test_it_stays_locked_just_inside_the_window(db: Any) -> None:
    user = UserFactory()
    fail(user, 5)
    user.refresh_from_db()
    user.last_failed_login_at = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES, seconds=-30)
    user.save(update_fields=["last_failed_login_at"])
    assert authenticate(None, email=user.email, password=PASSWORD) is None


def test_it_resets_the_counter_on_success(db: Any) -> None:
    user = UserFactory()
    fail(user, 4)
    assert authenticate(None, email=user.email, password=PASSWORD) == user
    user.refresh_from_db()
    assert (user.failed_login_count, user.last_failed_login_at) == (0, None)
    fail(user, 4)
    user.refresh_from_db()
    assert not is_locked(user)


def test_it_starts_a_new_count_after_an_old_failure(db: Any) -> None:
    user = UserFactory()
    fail(user, 4)
    user.refresh_from_db()
    user.last_failed_login_at = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES + 1)
    user.save(update_fields=["last_failed_login_at"])
    fail(user, 1)
    user.refresh_from_db()
    assert user.failed_login_count == 1
    assert not is_locked(user)


def test_it_locks_one_account_only(db: Any) -> None:
    locked, other = UserFactory(), UserFactory()
    fail(locked, 5)
    assert authenticate(None, email=other.email, password=PASSWORD) == other


def test_it_hashes_passwords_with_argon2_outside_the_tests() -> None:
    import sevenc.settings as configured

    assert configured.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    from django.contrib.auth.hashers import Argon2PasswordHasher

    assert Argon2PasswordHasher().encode("a long passphrase", Argon2PasswordHasher().salt()).startswith("argon2$")

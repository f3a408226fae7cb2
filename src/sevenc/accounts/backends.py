"""Login by email with a lock-out after repeated failures (settings.LOGIN_FAILURE_LIMIT within
LOGIN_LOCKOUT_MINUTES). While locked, even the right password is refused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone


def is_locked(user: Any, now: Any = None) -> bool:
    now = now or timezone.now()
    if user.failed_login_count < settings.LOGIN_FAILURE_LIMIT or user.last_failed_login_at is None:
        return False
    return user.last_failed_login_at > now - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None,
                     email: str | None = None, **kwargs: Any) -> Any:
        User = get_user_model()
        login = (email or username or kwargs.get(User.USERNAME_FIELD) or "").strip().lower()
        if not login or password is None:
            return None
        user = User.objects.filter(email__iexact=login).first()
        if user is None:
            User().set_password(password)  # spend the same time as a real check
            return None
        now = timezone.now()
        if is_locked(user, now):
            if request is not None:
                request.sevenc_locked_out = True  # type: ignore[attr-defined]
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            if user.failed_login_count:
                User.objects.filter(pk=user.pk).update(failed_login_count=0, last_failed_login_at=None)
            return user
        window_start = now - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        if user.last_failed_login_at is None or user.last_failed_login_at < window_start:
            User.objects.filter(pk=user.pk).update(failed_login_count=1, last_failed_login_at=now)
        else:
            User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1,
                                                   last_failed_login_at=now)
        return None

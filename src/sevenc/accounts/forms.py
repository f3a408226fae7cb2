"""Forms for logging in, passwords and API tokens."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    email = forms.CharField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class SevencPasswordResetForm(PasswordResetForm):
    """Django's reset form, but it also reaches people who never set a password (invited users):
    sevenc has no other way to log in, so an account without a password is one waiting for its first."""

    def get_users(self, email: str) -> Iterator[Any]:
        User = get_user_model()
        email = (email or "").strip().lower()
        yield from User._default_manager.filter(email__iexact=email, is_active=True)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What will use it, e.g. “nightly export script”.")
    )

"""Logging in and out, passwords, the workspace switcher and API tokens in the web UI."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core import mail
from django.urls import reverse

from sevenc.accounts.models import ApiToken
from sevenc.accounts.services import api_token_create, token_hash
from sevenc.tenancy.middleware import SESSION_KEY
from tests.factories import PASSWORD, MembershipFactory, UserFactory

LOGIN = "/accounts/login/"


def _login_post(client: Any, email: str, password: str, **extra: str) -> Any:
    return client.post(reverse("accounts:login"), {"email": email, "password": password, **extra})


def _logged_in_user_id(client: Any) -> Any:
    return client.session.get("_auth_user_id")


def test_it_shows_the_login_form(client: Any, db: Any) -> None:
    body = client.get(reverse("accounts:login")).content.decode()
    assert 'name="email"' in body and 'name="password"' in body
    assert "Log in</button>" in body


def test_it_logs_in_with_the_right_password(world: Any, client: Any) -> None:
    response = _login_post(client, "VIEWER@alpha.example", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("core:dashboard")
    assert _logged_in_user_id(client) == str(world.viewer.pk)


def test_it_refuses_a_wrong_password(world: Any, client: Any) -> None:
    response = _login_post(client, "viewer@alpha.example", "not the password")
    assert response.status_code == 200
    assert "Email or password is wrong" in response.content.decode()
    assert _logged_in_user_id(client) is None


def test_it_says_the_same_for_an_unknown_email(db: Any, client: Any) -> None:
    response = _login_post(client, "nobody@example.com", PASSWORD)
    assert "Email or password is wrong" in response.content.decode()


def test_it_locks_out_after_the_limit_even_with_the_right_password(world: Any, client: Any) -> None:
    """The lock-out in detail: test_lockout.py."""
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _login_post(client, "viewer@alpha.example", "wrong")
    response = _login_post(client, "viewer@alpha.example", PASSWORD)
    assert response.status_code == 200
    assert "Email or password is wrong" in response.content.decode()
    assert _logged_in_user_id(client) is None


def test_it_follows_a_safe_next(world: Any, client: Any) -> None:
    response = _login_post(client, "viewer@alpha.example", PASSWORD, next="/clients/?q=a")
    assert response.url == "/clients/?q=a"


def test_it_ignores_an_unsafe_next(world: Any, client: Any) -> None:
    response = _login_post(client, "viewer@alpha.example", PASSWORD, next="https://evil.example/")
    assert response.url == reverse("core:dashboard")


def test_it_carries_next_through_the_login_form(client: Any, db: Any) -> None:
    response = client.get(reverse("accounts:login") + "?next=/catalog/")
    assert 'name="next" value="/catalog/"' in response.content.decode()


def test_it_needs_post_to_log_out(world: Any, login: Any) -> None:
    client = login(world.viewer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert _logged_in_user_id(client) is not None
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert _logged_in_user_id(client) is None


def _reset_link(body: str) -> str:
    match = re.search(r"https?://testserver(/accounts/password/reset/[^/\s]+/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def _follow_reset_link(client: Any, path: str, new_password: str) -> Any:
    response = client.get(path)
    assert response.status_code == 302  # Django moves the token into the session
    set_password_url = response.url
    return client.post(set_password_url, {"new_password1": new_password, "new_password2": new_password})


def test_it_emails_a_working_password_reset_link(world: Any, client: Any) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "viewer@alpha.example"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["viewer@alpha.example"]
    response = _follow_reset_link(client, _reset_link(mail.outbox[0].body), "a brand new passphrase 42")
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")
    assert _login_post(client, "viewer@alpha.example", "a brand new passphrase 42").status_code == 302
    assert _logged_in_user_id(client) == str(world.viewer.pk)


def test_it_sends_no_email_for_an_unknown_address(db: Any, client: Any) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_it_lets_a_user_without_a_password_set_one_by_reset(db: Any, client: Any) -> None:
    user = UserFactory(email="new@example.com", password=None)
    user.set_unusable_password()
    user.save()
    client.post(reverse("accounts:password_reset"), {"email": "new@example.com"})
    assert len(mail.outbox) == 1
    _follow_reset_link(client, _reset_link(mail.outbox[0].body), "first passphrase of mine")
    user.refresh_from_db()
    assert user.check_password("first passphrase of mine")


def test_it_changes_the_password(world: Any, login: Any) -> None:
    client = login(world.viewer)
    new = "another long passphrase"
    response = client.post(
        reverse("accounts:password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    world.viewer.refresh_from_db()
    assert world.viewer.check_password("another long passphrase")


def test_it_needs_login_to_change_the_password(client: Any, db: Any) -> None:
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_it_switches_to_another_workspace_of_the_user(world: Any, login: Any) -> None:
    MembershipFactory(workspace=world.ws_b, user=world.viewer, role="analyst")
    client = login(world.viewer)
    response = client.post(reverse("accounts:workspace_switch"), {"workspace": world.ws_b.pk})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == world.ws_b.pk
    body = client.get(reverse("tenancy:client_list")).content.decode()
    assert "Bravo Client" in body


def test_it_refuses_to_switch_to_a_workspace_of_someone_else(world: Any, login: Any) -> None:
    client = login(world.viewer)
    response = client.post(reverse("accounts:workspace_switch"), {"workspace": world.ws_b.pk})
    assert response.status_code == 404
    assert SESSION_KEY not in client.session


def test_it_needs_post_to_switch(world: Any, login: Any) -> None:
    assert login(world.viewer).get(reverse("accounts:workspace_switch")).status_code == 405


def test_it_shows_a_new_token_once_and_stores_only_its_hash(world: Any, login: Any) -> None:
    client = login(world.viewer)
    response = client.post(reverse("accounts:api_token_list"), {"name": "nightly export"})
    assert response.status_code == 200
    secret = response.context["new_token"].secret
    assert secret in response.content.decode()
    token = ApiToken.objects.get(user=world.viewer)
    assert token.workspace == world.ws_a
    assert token.token_hash == token_hash(secret)
    assert secret not in {token.name, token.prefix, token.token_hash}
    again = client.get(reverse("accounts:api_token_list")).content.decode()
    assert "nightly export" in again
    assert secret not in again


def test_it_requires_a_token_name(world: Any, login: Any) -> None:
    response = login(world.viewer).post(reverse("accounts:api_token_list"), {"name": "  "})
    assert response.status_code == 422
    assert not ApiToken.objects.exists()


def test_it_lists_only_my_tokens_in_this_workspace(world: Any, login: Any) -> None:
    api_token_create(workspace=world.ws_a, user=world.owner, name="owner's script")
    api_token_create(workspace=world.ws_a, user=world.viewer, name="viewer's script")
    body = login(world.viewer).get(reverse("accounts:api_token_list")).content.decode()
    assert "viewer&#x27;s script" in body
    assert "owner&#x27;s script" not in body


def test_it_revokes_a_token(world: Any, login: Any) -> None:
    new = api_token_create(workspace=world.ws_a, user=world.viewer, name="old")
    client = login(world.viewer)
    assert client.get(reverse("accounts:api_token_revoke", kwargs={"token_id": new.token.pk})).status_code == 405
    response = client.post(reverse("accounts:api_token_revoke", kwargs={"token_id": new.token.pk}))
    assert response.status_code == 302
    new.token.refresh_from_db()
    assert new.token.revoked_at is not None


def test_it_hides_another_users_token(world: Any, login: Any) -> None:
    new = api_token_create(workspace=world.ws_a, user=world.owner, name="owner's")
    response = login(world.viewer).post(reverse("accounts:api_token_revoke", kwargs={"token_id": new.token.pk}))
    assert response.status_code == 404
    new.token.refresh_from_db()
    assert new.token.revoked_at is None


def test_it_hides_a_token_of_another_workspace(world: Any, login: Any) -> None:
    MembershipFactory(workspace=world.ws_b, user=world.viewer, role="viewer")
    new = api_token_create(workspace=world.ws_b, user=world.viewer, name="in bravo")
    client = login(world.viewer)  # current workspace: Alpha (the first by name)
    response = client.post(reverse("accounts:api_token_revoke", kwargs={"token_id": new.token.pk}))
    assert response.status_code == 404


def test_it_keeps_portal_users_away_from_tokens(world: Any, login: Any) -> None:
    assert login(world.exec_a1).get(reverse("accounts:api_token_list")).status_code == 403

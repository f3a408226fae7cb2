"""API tokens: only a hash is stored; a token works while unrevoked and while its owner is staff."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from sevenc.accounts.models import ApiToken
from sevenc.accounts.selectors import api_token_authenticate, api_token_get, api_token_list
from sevenc.accounts.services import api_token_create, api_token_revoke
from sevenc.core.domain.errors import ApplicationError
from sevenc.core.models import ActivityEntry
from sevenc.tenancy.models import Membership
from sevenc.tenancy.services import membership_remove

pytestmark = pytest.mark.django_db


def test_it_stores_only_the_hash_of_the_secret(world: Any) -> None:
    new = api_token_create(workspace=world.ws_a, user=world.analyst, name=" deploy script ")
    row = ApiToken.objects.get(pk=new.token.pk)
    assert new.secret.startswith("sc_") and len(new.secret) > 40
    assert row.token_hash == hashlib.sha256(new.secret.encode()).hexdigest()
    assert row.name == "deploy script"
    assert new.secret.startswith(row.prefix) and len(row.prefix) < len(new.secret) // 2
    stored = [str(v) for v in ApiToken.objects.filter(pk=row.pk).values().get().values()]
    assert not any(new.secret in v for v in stored)
    assert ActivityEntry.objects.for_workspace(world.ws_a).filter(verb="created", object_type="apitoken").exists()


def test_it_makes_a_different_secret_each_time(world: Any) -> None:
    a = api_token_create(workspace=world.ws_a, user=world.analyst, name="a")
    b = api_token_create(workspace=world.ws_a, user=world.analyst, name="a")
    assert a.secret != b.secret


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_it_refuses_a_bad_name(world: Any, name: str) -> None:
    with pytest.raises(ApplicationError) as exc:
        api_token_create(workspace=world.ws_a, user=world.analyst, name=name)
    assert "name" in exc.value.fields
    assert not ApiToken.objects.exists()


def test_it_authenticates_with_the_secret(world: Any) -> None:
    new = api_token_create(workspace=world.ws_a, user=world.analyst, name="t")
    found = api_token_authenticate(raw=new.secret)
    assert found is not None
    token, membership = found
    assert token == new.token
    assert membership == world.memberships["analyst"]
    assert membership.workspace == world.ws_a
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_it_binds_the_token_to_its_own_workspace(world: Any) -> None:
    Membership.objects.create(workspace=world.ws_b, user=world.analyst, role="owner")
    new = api_token_create(workspace=world.ws_a, user=world.analyst, name="t")
    _, membership = api_token_authenticate(raw=new.secret)
    assert (membership.workspace, membership.role) == (world.ws_a, "analyst")


def test_it_follows_the_owners_current_role(world: Any) -> None:
    new = api_token_create(workspace=world.ws_a, user=world.analyst, name="t")
    Membership.objects.filter(pk=world.memberships["analyst"].pk).update(role="viewer")
    _, membership = api_token_authenticate(raw=new.secret)
    assert membership.role == "viewer"


@pytest.mark.parametrize("raw", ["", "sc_", "sc_nonsense", "Bearer x", "not-a-token"])
def test_it_refuses_unknown_secrets(world: Any, raw: str) -> None:
    api_token_create(workspace=world.ws_a, user=world.analyst, name="t")
    assert api_token_authenticate(raw=raw) is None


def test_it_refuses_the_hash_itself(world: Any) -> None:
    new = api_token_create(workspace=world.ws_a, user=world.analyst, name="t")
    assert api_token_authenticate(raw=new.token.token_hash) is None
    assert api_token_authenticate(raw="sc_" + new.token.token_hash) is None


def test_it_refuses_a_revoked_token(world: Any) -> None:
    new = api_token_create(workspace=world.ws_a, user=world.analyst, name="t")
    api_token_revoke(workspace=world.ws_a, user=world.analyst, token=new.token)
    assert ApiToken.objects.get(pk=new.token.pk).revoked_at is not None
    assert api_token_authenticate(raw=new.secret) is None


def test_it_revokes_once(world: Any) -> None:
    new = api_token_create(workspace=world.ws_a, user=world.analyst, name="t")
    first = api_token_revoke(workspace=world.ws_a, user=world.analyst, token=new.token).revoked_at
    entries = ActivityEntry.objects.filter(verb="revoked").count()
    again = api_token_revoke(workspace=world.ws_a, user=world.analyst, token=ApiToken.objects.get(pk=new.token.pk))
    assert again.revoked_at == first
    assert ActivityEntry.objects.filter(verb="revoked").count() == entries == 1


def test_it_refuses_to_revoke_someone_elses_token(world: Any) -> None:
    new = api_token_create(workspace=world.ws_a, user=world.analyst, name="t")
    with pytest.raises(ApplicationError):
        api_token_revoke(workspace=world.ws_a, user=world.owner, token=new.token)
    with pytest.raises(ApplicationError):
        api_token_revoke(workspace=world.ws_b, user=world.analyst, token=new.token)
    assert api_token_authenticate(raw=new.secret) is not None


def test_it_refuses_a_token_whose_owner_left_the_workspace(world: Any) -> None:
    new = api_token_create(workspace=world.ws_a, user=world.analyst, name="t")
    Membership.objects.filter(pk=world.memberships["analyst"].pk).delete()  # even without the service
    assert ApiToken.objects.filter(pk=new.token.pk).exists()
    assert api_token_authenticate(raw=new.secret) is None


def test_it_drops_the_tokens_of_a_removed_member(world: Any) -> None:
    new = api_token_create(workspace=world.ws_a, user=world.analyst, name="t")
    membership_remove(
        workspace=world.ws_a, actor_membership=world.memberships["owner"], membership=world.memberships["analyst"]
    )
    assert api_token_authenticate(raw=new.secret) is None
    assert not ApiToken.objects.filter(pk=new.token.pk).exists()


def test_it_refuses_a_token_of_an_inactive_user(world: Any) -> None:
    new = api_token_create(workspace=world.ws_a, user=world.analyst, name="t")
    type(world.analyst).objects.filter(pk=world.analyst.pk).update(is_active=False)
    assert api_token_authenticate(raw=new.secret) is None


def test_it_updates_last_used_at_at_most_once_a_minute(world: Any) -> None:
    new = api_token_create(workspace=world.ws_a, user=world.analyst, name="t")
    api_token_authenticate(raw=new.secret)
    first = ApiToken.objects.get(pk=new.token.pk).last_used_at
    api_token_authenticate(raw=new.secret)
    assert ApiToken.objects.get(pk=new.token.pk).last_used_at == first
    ApiToken.objects.filter(pk=new.token.pk).update(last_used_at=timezone.now() - timedelta(minutes=5))
    api_token_authenticate(raw=new.secret)
    assert ApiToken.objects.get(pk=new.token.pk).last_used_at > first - timedelta(seconds=1)


def test_it_lists_only_the_callers_tokens_in_the_workspace(world: Any) -> None:
    mine = api_token_create(workspace=world.ws_a, user=world.analyst, name="mine").token
    api_token_create(workspace=world.ws_a, user=world.owner, name="owner's")
    Membership.objects.create(workspace=world.ws_b, user=world.analyst, role="viewer")
    api_token_create(workspace=world.ws_b, user=world.analyst, name="in b")
    assert list(api_token_list(workspace=world.ws_a, user=world.analyst)) == [mine]
    from django.http import Http404

    owners = ApiToken.objects.get(name="owner's")
    with pytest.raises(Http404):
        api_token_get(workspace=world.ws_a, user=world.analyst, pk=owners.pk)

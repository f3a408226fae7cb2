"""core.versioning, the one optimistic-locking implementation, and core.ui.posted_version, the web forms' reading
of the version they were rendered with."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import RequestFactory

from sevenc.core.domain.errors import ConflictError
from sevenc.core.ui import posted_version
from sevenc.core.versioning import versioned_delete, versioned_save, versioned_update, versions_bump
from sevenc.tenancy.models import Client, Party

pytestmark = pytest.mark.django_db


def _client(world: Any) -> Client:
    return Client.objects.get(pk=world.client_a2.pk)


def test_an_update_at_the_version_read_moves_it_on(world: Any) -> None:
    c = _client(world)
    read = c.version
    versioned_update(c, expected_version=read, values={"notes": "Ours"})
    assert c.version == read + 1 and c.notes == "Ours"
    stored = _client(world)
    assert (stored.version, stored.notes) == (read + 1, "Ours")
    assert stored.updated_at == c.updated_at  # the stamp moves with it


def test_a_stale_version_changes_nothing_and_carries_the_current_row(world: Any) -> None:
    mine, theirs = _client(world), _client(world)
    versioned_save(theirs, expected_version=theirs.version, fields=[])
    mine.notes = "Mine"
    with pytest.raises(ConflictError) as exc:
        versioned_save(mine, expected_version=mine.version, fields=["notes"])
    assert exc.value.current.version == theirs.version
    assert f"you had version {mine.version}" in exc.value.message
    assert _client(world).notes != "Mine"


def test_a_caller_names_its_own_conflict(world: Any) -> None:
    c = _client(world)
    with pytest.raises(ConflictError, match="Ours: 7 is gone"):
        versioned_update(
            c, expected_version=7, values={"notes": "x"}, conflict=lambda cur: ConflictError("Ours: 7 is gone")
        )


def test_a_delete_checks_the_version_and_deletes_nothing_when_stale(world: Any) -> None:
    party = Party.objects.get(pk=world.party_a1.pk)
    with pytest.raises(ConflictError):
        versioned_delete(party, expected_version=party.version + 1)
    assert Party.objects.filter(pk=party.pk).exists()
    versioned_delete(party, expected_version=party.version)
    assert not Party.objects.filter(pk=party.pk).exists()
    with pytest.raises(ConflictError, match="deleted by someone else"):
        versioned_delete(party, expected_version=party.version)


def test_a_bulk_change_moves_every_rows_version(world: Any) -> None:
    before = dict(Client.objects.for_workspace(world.ws_a).values_list("pk", "version"))
    n = versions_bump(Client.objects.for_workspace(world.ws_a), notes="Reviewed")
    after = dict(Client.objects.for_workspace(world.ws_a).values_list("pk", "version"))
    assert n == len(before) and after == {pk: v + 1 for pk, v in before.items()}


@pytest.mark.parametrize(
    ("posted", "required", "expected"),
    [
        ({}, False, None),
        ({"version": ""}, False, None),
        ({}, True, 0),
        ({"version": "3"}, False, 3),
        ({"version": " 3 "}, False, 3),
        ({"version": "3.0"}, False, 0),
        ({"version": "-1"}, False, 0),
        ({"version": "0"}, False, 0),
        ({"version": "abc"}, False, 0),
        ({"version": "99999999999999999999"}, False, 0),
    ],
)
def test_a_posted_version_that_is_not_a_whole_number_is_stale_never_unchecked(
    posted: dict[str, str], required: bool, expected: int | None
) -> None:
    request = RequestFactory().post("/", posted)
    assert posted_version(request, required=required) == expected


def test_a_malformed_version_on_a_web_form_is_refused_as_stale(world: Any, login: Any) -> None:
    from sevenc.planning.strategy import services as strategy
    from sevenc.planning.strategy.models import StrategySession

    session = strategy.strategy_session_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        title="Retreat",
        held_on=dt.date(2026, 11, 1),
        year=2027,
    )
    response = login(world.vcio).post(f"/strategy-sessions/{session.pk}/delete/", {"version": "not-a-version"})
    assert response.status_code == 409
    assert StrategySession.objects.filter(pk=session.pk).exists()

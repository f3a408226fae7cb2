"""The workspace's currency: chosen when the workspace is created (service, CLI), an ISO 4217 code, changeable from
the planning settings (web and API); a bad code is refused with a clear message and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from sevenc.cli import main
from sevenc.core.domain.errors import ApplicationError
from sevenc.core.models import ActivityEntry
from sevenc.tenancy import services
from sevenc.tenancy.models import Membership, Workspace

pytestmark = pytest.mark.django_db

STRONG = "plum-orbit-harbor-42"


def _owner(email: str = "boss@example.com") -> Any:
    return get_user_model().objects.create_user(email=email, password=None)


def _counts() -> tuple[int, int, int, int]:
    return (
        Workspace.objects.count(),
        Membership.objects.count(),
        get_user_model().objects.count(),
        ActivityEntry.objects.count(),
    )


# --- the service ---------------------------------------------------------------------------------------------------


def test_a_new_workspace_is_in_euros_unless_told() -> None:
    assert services.workspace_create(name="Acme MSP", owner=_owner()).currency == "EUR"


def test_it_creates_a_workspace_in_the_currency_chosen() -> None:
    ws = services.workspace_create(name="Acme MSP", owner=_owner(), currency=" usd ")
    ws.refresh_from_db()
    assert ws.currency == "USD"


@pytest.mark.parametrize(
    ("code", "says"),
    [("EURO", "three-letter ISO 4217 code"), ("ABC", "not an ISO 4217 currency code"), ("", "ISO 4217")],
)
def test_a_bad_currency_creates_nothing(code: str, says: str) -> None:
    owner = _owner()
    before = _counts()
    with pytest.raises(ApplicationError) as exc:
        services.workspace_create(name="Acme MSP", owner=owner, currency=code)
    assert says in exc.value.message and says in exc.value.fields["currency"][0]
    assert _counts() == before


def test_the_model_refuses_a_code_that_is_not_iso_4217(world: Any) -> None:
    world.ws_a.currency = "XYZ"
    with pytest.raises(ValidationError) as exc:
        world.ws_a.full_clean()
    assert "currency" in exc.value.message_dict


def test_changing_the_currency_is_recorded_and_converts_nothing(world: Any) -> None:
    services.workspace_currency_set(workspace=world.ws_a, actor=world.owner, currency="gbp")
    world.ws_a.refresh_from_db()
    assert world.ws_a.currency == "GBP"
    assert ActivityEntry.objects.filter(workspace=world.ws_a, summary="Currency EUR → GBP").exists()
    with pytest.raises(ApplicationError):
        services.workspace_currency_set(workspace=world.ws_a, actor=world.owner, currency="pounds")
    world.ws_a.refresh_from_db()
    assert world.ws_a.currency == "GBP"


# --- the command line ----------------------------------------------------------------------------------------------


def _createadmin(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["createadmin", "--email", "boss@example.com", "--password", STRONG, "--workspace", "Acme", *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_createadmin_creates_the_workspace_in_the_currency_given(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _createadmin(capsys, "--currency", "usd")
    assert (code, err) == (0, "")
    assert "Created workspace Acme (/acme) in USD" in out
    assert Workspace.objects.get(name="Acme").currency == "USD"


def test_createadmin_defaults_to_euros(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _createadmin(capsys)
    assert code == 0 and " in EUR " in out
    assert Workspace.objects.get(name="Acme").currency == "EUR"


def test_createadmin_refuses_a_bad_currency_and_creates_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _createadmin(capsys, "--currency", "EURO")
    assert code != 0
    assert "--currency: Enter a currency as its three-letter ISO 4217 code" in err
    assert _counts() == (0, 0, 0, 0)


# --- planning settings: web and API --------------------------------------------------------------------------------


def _settings_form(**over: str) -> dict[str, str]:
    return {
        "hourly_rate": "120",
        "hours_per_level": "8",
        "one_time_cost_per_level": "250",
        "recurring_monthly_per_level": "0",
        "urgency_boost": "0.25",
        "currency": "EUR",
        "staff_from_matrix": "on",
        "version": "",
    } | over


def test_the_settings_page_shows_and_changes_the_workspace_currency(world: Any, login: Any) -> None:
    c = login(world.owner)
    url = reverse("planning:planning_settings")
    assert 'name="currency" value="EUR"' in c.get(url).content.decode()
    assert c.post(url, _settings_form(currency="usd")).status_code == 302
    world.ws_a.refresh_from_db()
    assert world.ws_a.currency == "USD"


def test_the_settings_page_refuses_a_bad_currency_and_changes_nothing(world: Any, login: Any) -> None:
    c = login(world.owner)
    r = c.post(reverse("planning:planning_settings"), _settings_form(currency="ABC", hourly_rate="99"))
    assert r.status_code == 422
    assert "ABC is not an ISO 4217 currency code" in r.content.decode()
    world.ws_a.refresh_from_db()
    assert world.ws_a.currency == "EUR"
    assert c.get(reverse("planning:planning_settings")).content.decode().count('value="99"') == 0


def test_the_api_refuses_a_bad_currency_and_changes_nothing(vcio: Any, world: Any) -> None:
    r = vcio.send("PUT", "/planning-settings", {"version": 1, "hourly_rate": "99", "currency": "XYZ"})
    assert r.status_code == 422, r.content
    body = r.json()
    assert "XYZ is not an ISO 4217 currency code" in body["fields"]["currency"][0]
    shown = vcio.get("/planning-settings").json()
    assert (shown["currency"], shown["hourly_rate"], shown["version"]) == ("EUR", "120.00", 1)
    world.ws_a.refresh_from_db()
    assert world.ws_a.currency == "EUR"


def test_the_api_shows_each_workspace_its_own_currency(as_user: Any, world: Any) -> None:
    services.workspace_currency_set(workspace=world.ws_b, actor=None, currency="USD")
    assert as_user(world.vcio).get("/planning-settings").json()["currency"] == "EUR"
    outsider = world.memberships["outsider"].user
    assert as_user(outsider, world.ws_b).get("/planning-settings").json()["currency"] == "USD"

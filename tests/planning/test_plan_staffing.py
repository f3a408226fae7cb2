"""Proposals from gaps arrive staffed from the client's responsibility matrix (planning settings may turn it off),
and the setting is on the settings page and in the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sevenc.catalog.models import Practice
from sevenc.planning import services
from sevenc.planning.models import ActionItem, PlanningSettings
from sevenc.responsibility.models import Assignment, HiddenArea
from tests.api.client import Api
from tests.factories import PartyFactory
from tests.planning.plan_fixtures import practices_of, shipped
from tests.responsibility.factories import ResponsibilityAreaFactory

pytestmark = pytest.mark.django_db


def _duty(world: Any, practice_key: str, **roles: Any) -> Any:
    """A duty of workspace A tied to the practice, with roles {"R": [parties], "A": party} in client A1."""
    practice = Practice.objects.select_related("area__block").get(framework=shipped(), key=practice_key)
    area = ResponsibilityAreaFactory(
        workspace=world.ws_a,
        key=f"own.{practice_key}.{ResponsibilityAreaFactory._meta.model.objects.count()}",
        block_key=practice.area.block.key,
        area_key=practice.area.key,
        practice_key=practice_key,
    )
    for party in roles.get("R", []):
        Assignment.objects.create(workspace=world.ws_a, client=world.client_a1, area=area, party=party, role="R")
    if roles.get("A") is not None:
        Assignment.objects.create(workspace=world.ws_a, client=world.client_a1, area=area, party=roles["A"], role="A")
    return area


def _generate(world: Any) -> dict[str, ActionItem]:
    """The proposals by the area they lift."""
    created = services.items_generate(workspace=world.ws_a, actor=world.vcio, client=world.client_a1).created
    return {item.lifts.select_related("practice__area").first().practice.area.key: item for item in created}


@pytest.fixture
def parties(world: Any) -> dict[str, Any]:
    return {
        "msp": PartyFactory(client=world.client_a1, name="Harbour MSP", kind="msp", contact_name="Victor Chen"),
        "ceo": PartyFactory(client=world.client_a1, name="CEO", kind="internal_role"),
        "it": PartyFactory(client=world.client_a1, name="Internal IT", kind="person", contact_name="Ida"),
    }


def test_generated_items_take_their_r_and_a_from_the_matrix(world: Any, planned: Any, parties: Any) -> None:
    backup = practices_of("continuous")[:3]
    _duty(world, backup[0], R=[parties["msp"]], A=parties["ceo"])
    _duty(world, backup[1], R=[parties["msp"], parties["it"]], A=parties["ceo"])
    _duty(world, backup[2], R=[parties["it"]], A=parties["msp"])
    items = _generate(world)
    area = Practice.objects.get(framework=shipped(), key=backup[0]).area.key
    item = items[area]
    assert item.responsible_party == parties["msp"]  # R for 2 duties (Internal IT for 2 too: "Harbour" first)
    assert item.accountable == "CEO"  # A for 2 of the 3
    item.refresh_from_db()
    assert item.responsible_party_id == parties["msp"].pk and item.accountable == "CEO"
    # the other proposals have no duty in the matrix: they stay unstaffed, with no error
    others = [i for key, i in items.items() if key != area]
    assert others and all(i.responsible_party_id is None and i.accountable == "" for i in others)
    # and the items stay editable as before
    edited = services.item_update(
        workspace=world.ws_a,
        actor=world.vcio,
        item=item,
        version=item.version,
        responsible_party=parties["it"],
        accountable="Ida",
    )
    assert (edited.responsible_party, edited.accountable) == (parties["it"], "Ida")


def test_the_accountable_person_is_the_contact_of_the_party(world: Any, planned: Any, parties: Any) -> None:
    key = practices_of("clear")[0]
    _duty(world, key, R=[parties["it"]], A=parties["msp"])
    item = _generate(world)[Practice.objects.get(framework=shipped(), key=key).area.key]
    assert item.responsible_party == parties["it"] and item.accountable == "Victor Chen (Harbour MSP)"


def test_a_hidden_duty_does_not_count(world: Any, planned: Any, parties: Any) -> None:
    key = practices_of("clear")[0]
    area = _duty(world, key, R=[parties["it"]], A=parties["msp"])
    HiddenArea.objects.create(workspace=world.ws_a, area=area)
    item = _generate(world)[Practice.objects.get(framework=shipped(), key=key).area.key]
    assert item.responsible_party is None and item.accountable == ""


def test_the_setting_turns_staffing_off(world: Any, planned: Any, parties: Any) -> None:
    key = practices_of("clear")[0]
    _duty(world, key, R=[parties["it"]], A=parties["msp"])
    settings = services.planning_settings_update(
        workspace=world.ws_a, actor=world.vcio, version=None, staff_from_matrix=False
    )
    assert PlanningSettings.objects.get(pk=settings.pk).staff_from_matrix is False
    items = _generate(world)
    assert all(i.responsible_party_id is None and i.accountable == "" for i in items.values())


def test_another_clients_matrix_does_not_staff_this_one(world: Any, planned: Any, parties: Any) -> None:
    key = practices_of("clear")[0]
    area = _duty(world, key)
    foreign = PartyFactory(client=world.client_a2, name="A2's MSP")
    Assignment.objects.create(workspace=world.ws_a, client=world.client_a2, area=area, party=foreign, role="R")
    boss = PartyFactory(client=world.client_a2, name="A2's CEO")
    Assignment.objects.create(workspace=world.ws_a, client=world.client_a2, area=area, party=boss, role="A")
    items = _generate(world)
    assert all(i.responsible_party_id is None and i.accountable == "" for i in items.values())


def test_staffing_takes_the_same_queries_for_any_number_of_duties(world: Any, planned: Any, parties: Any) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            services.items_generate(workspace=world.ws_a, actor=world.vcio, client=world.client_a1)
        return len(ctx.captured_queries)

    _duty(world, practices_of("clear")[0], R=[parties["it"]], A=parties["msp"])
    count()  # the first run makes the proposals; the next ones replace them
    few = count()
    for key in practices_of("continuous") + practices_of("clear")[1:]:
        _duty(world, key, R=[parties["msp"], parties["it"]], A=parties["ceo"])
    assert count() == few


# --- the setting on the page and in the API ----------------------------------------------------------------------


def test_the_settings_page_shows_and_saves_the_setting(world: Any, login: Any) -> None:
    browser = login(world.vcio)
    page = browser.get("/settings/planning/").content.decode()
    box = page[page.rindex("<input", 0, page.index('name="staff_from_matrix"')) :]
    assert box[: box.index(">")].count("checked") == 1  # on by default
    data = {
        "hourly_rate": "120",
        "hours_per_level": "8",
        "one_time_cost_per_level": "250",
        "recurring_monthly_per_level": "0",
        "urgency_boost": "0.25",
        "currency": "EUR",
    }  # the box left unticked
    response = browser.post("/settings/planning/", data)
    assert response.status_code == 302
    assert PlanningSettings.objects.get(workspace=world.ws_a).staff_from_matrix is False


def test_the_api_reads_and_changes_the_setting(vcio: Api, world: Any) -> None:
    got = vcio.send("GET", "/planning-settings")
    assert got.json()["staff_from_matrix"] is True
    changed = vcio.send("PUT", "/planning-settings", {"version": got.json()["version"], "staff_from_matrix": False})
    assert changed.status_code == 200 and changed.json()["staff_from_matrix"] is False


def test_the_api_schema_names_the_setting(client: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    for name in ("PlanningSettingsIn", "PlanningSettingsOut"):
        assert "staff_from_matrix" in schema["components"]["schemas"][name]["properties"]

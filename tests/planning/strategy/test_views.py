"""The strategy pages: the session list (empty state, create form), the session (SWOT 2×2, goals, initiatives,
each editable with plain forms; 422 with messages, 409 with the stored value), the initiative (edit, group
items; cross-client refused) and the annual operational plan (prints well, year picker)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from sevenc.planning.models import ActionItem
from sevenc.planning.strategy import services as strategy
from sevenc.planning.strategy.models import BusinessGoal, StrategicInitiative, StrategySession, SwotEntry
from tests.planning.strategy.helpers import item, session

pytestmark = pytest.mark.django_db


def _url(name: str, **kw: Any) -> str:
    return reverse(f"planning:{name}", kwargs=kw)


def _html(response: Any) -> str:
    return response.content.decode()


def _initiative(world: Any, s: Any = None, **kw: Any) -> StrategicInitiative:
    kw.setdefault("title", "Backup overhaul")
    kw.setdefault("year", 2027)
    return strategy.initiative_create(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, session=s, **kw)


# --- the session list ----------------------------------------------------------------------------------------


def test_it_shows_an_empty_state_and_the_create_form_to_a_vcio(world: Any, login: Any) -> None:
    html = _html(login(world.vcio).get(_url("strategy_session_list", client_id=world.client_a1.pk)))
    assert "No strategy session yet" in html
    assert _url("strategy_session_create", client_id=world.client_a1.pk) in html
    assert 'aria-current="page">Strategy</a>' in html  # the client's tab


def test_it_shows_no_create_form_to_a_viewer(world: Any, login: Any) -> None:
    session(world)
    html = _html(login(world.viewer).get(_url("strategy_session_list", client_id=world.client_a1.pk)))
    assert "IT strategy retreat" in html
    assert _url("strategy_session_create", client_id=world.client_a1.pk) not in html


def test_it_creates_a_session_and_goes_to_it(world: Any, login: Any) -> None:
    response = login(world.vcio).post(
        _url("strategy_session_create", client_id=world.client_a1.pk),
        {"title": "Retreat 2027", "held_on": "2026-11-05", "year": "2027", "notes": ""},
    )
    s = StrategySession.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("strategy_session_detail", session_id=s.pk)
    assert (s.title, s.year, s.client) == ("Retreat 2027", 2027, world.client_a1)


def test_it_re_renders_an_invalid_session_with_422_and_messages(world: Any, login: Any) -> None:
    response = login(world.vcio).post(
        _url("strategy_session_create", client_id=world.client_a1.pk), {"title": "", "held_on": "5 Nov", "year": "1850"}
    )
    assert response.status_code == 422
    html = _html(response)
    assert "This field is required." in html
    assert "Enter a valid date." in html
    assert "Ensure this value is greater than or equal to 2000." in html
    assert not StrategySession.objects.exists()


# --- the session page ----------------------------------------------------------------------------------------


def test_it_shows_the_swot_as_a_2x2_with_goals_and_initiatives(world: Any, login: Any) -> None:
    s = session(world)
    for kind, text in (
        ("threat", "Ransomware"),
        ("strength", "Tested backups"),
        ("opportunity", "Cloud ERP"),
        ("weakness", "Flat network"),
    ):
        strategy.swot_entry_add(workspace=world.ws_a, actor=world.vcio, session=s, kind=kind, text=text)
    goal = strategy.business_goal_add(workspace=world.ws_a, actor=world.vcio, session=s, title="Second site")
    _initiative(world, s, goal=goal, owner="Dana")
    html = _html(login(world.viewer).get(_url("strategy_session_detail", session_id=s.pk)))
    quadrants = re.findall(r'class="swot__quadrant swot__quadrant--(\w+)"', html)
    assert quadrants == ["strength", "weakness", "opportunity", "threat"]  # internal row, then external
    assert html.index(">Internal<") < html.index("Tested backups") < html.index(">External<") < html.index("Ransomware")
    assert "Second site" in html and "Backup overhaul" in html and "Dana" in html
    assert "swot__edit" not in html  # a viewer reads, does not edit


def test_it_adds_a_swot_entry_without_javascript(world: Any, login: Any) -> None:
    s = session(world)
    response = login(world.vcio).post(
        _url("swot_entry_create", session_id=s.pk), {"kind": "threat", "text": "Ransomware"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#swot")
    assert list(SwotEntry.objects.values_list("kind", "text")) == [("threat", "Ransomware")]


def test_it_re_renders_an_empty_swot_entry_with_422_and_keeps_the_others(world: Any, login: Any) -> None:
    s = session(world)
    strategy.swot_entry_add(workspace=world.ws_a, actor=world.vcio, session=s, kind="strength", text="Backups")
    response = login(world.vcio).post(_url("swot_entry_create", session_id=s.pk), {"kind": "weakness", "text": ""})
    assert response.status_code == 422
    html = _html(response)
    assert "This field is required." in html and "Backups" in html
    assert SwotEntry.objects.count() == 1


def test_it_shows_a_stale_swot_edit_with_409_and_the_stored_text(world: Any, login: Any) -> None:
    s = session(world)
    e = strategy.swot_entry_add(workspace=world.ws_a, actor=world.vcio, session=s, kind="strength", text="Backups")
    read = e.version
    strategy.swot_entry_update(workspace=world.ws_a, actor=world.vcio, entry=e, text="Tested backups")
    response = login(world.vcio).post(
        _url("swot_entry_edit", swot_id=e.pk), {"kind": "strength", "text": "Nightly backups", "version": read}
    )
    assert response.status_code == 409
    html = _html(response)
    assert "Stored now: “Tested backups”" in html
    assert 'value="Nightly backups"' in html  # the user's text is kept in the form
    assert SwotEntry.objects.get().text == "Tested backups"
    current = re.search(rf'name="version" value="([^"]+)" id="id_swot{e.pk}_version"', html).group(1)
    again = login(world.vcio).post(
        _url("swot_entry_edit", swot_id=e.pk), {"kind": "strength", "text": "Nightly backups", "version": current}
    )
    assert again.status_code == 302
    assert SwotEntry.objects.get().text == "Nightly backups"


def test_it_moves_and_removes_swot_entries(world: Any, login: Any) -> None:
    s = session(world)
    a = strategy.swot_entry_add(workspace=world.ws_a, actor=world.vcio, session=s, kind="strength", text="A")
    b = strategy.swot_entry_add(workspace=world.ws_a, actor=world.vcio, session=s, kind="strength", text="B")
    http = login(world.vcio)
    assert http.post(_url("swot_entry_move", swot_id=b.pk), {"direction": "up"}).status_code == 302
    assert list(SwotEntry.objects.order_by("position").values_list("text", flat=True)) == ["B", "A"]
    assert http.post(_url("swot_entry_move", swot_id=b.pk), {"direction": "sideways"}).status_code == 422
    assert http.post(_url("swot_entry_delete", swot_id=a.pk)).status_code == 302
    assert list(SwotEntry.objects.values_list("text", flat=True)) == ["B"]


def test_it_edits_goals_with_messages_and_conflicts(world: Any, login: Any) -> None:
    s = session(world)
    http = login(world.vcio)
    assert (
        http.post(
            _url("business_goal_create", session_id=s.pk),
            {"title": "Second site", "measure": "Open by Q3", "target_date": "2027-09-30"},
        ).status_code
        == 302
    )
    goal = BusinessGoal.objects.get()
    bad = http.post(_url("business_goal_edit", goal_id=goal.pk), {"title": "", "target_date": "soon"})
    assert bad.status_code == 422
    assert "This field is required." in _html(bad) and "Enter a valid date." in _html(bad)
    read = goal.version
    strategy.business_goal_update(workspace=world.ws_a, actor=world.vcio, goal=goal, title="Two sites")
    stale = http.post(_url("business_goal_edit", goal_id=goal.pk), {"title": "Mine", "version": read})
    assert stale.status_code == 409 and "Stored now: “Two sites”" in _html(stale)
    assert http.post(_url("business_goal_delete", goal_id=goal.pk)).status_code == 302
    assert not BusinessGoal.objects.exists()


def test_it_shows_a_stale_session_edit_with_409_and_the_current_values(world: Any, login: Any) -> None:
    s = session(world)
    strategy.strategy_session_update(
        workspace=world.ws_a, actor=world.vcio, session=s, version=1, notes="Agreed: two sites"
    )
    response = login(world.vcio).post(
        _url("strategy_session_edit", session_id=s.pk),
        {"title": "Mine", "held_on": "2026-11-05", "year": "2027", "notes": "", "version": "1"},
    )
    assert response.status_code == 409
    html = _html(response)
    assert "Someone else saved this in the meantime" in html and "Agreed: two sites" in html
    assert 'name="version" value="2"' in html
    assert StrategySession.objects.get().title == "IT strategy retreat"


def test_it_deletes_a_session_and_keeps_its_initiatives(world: Any, login: Any) -> None:
    s = session(world)
    _initiative(world, s)
    response = login(world.vcio).post(_url("strategy_session_delete", session_id=s.pk), {"version": "1"})
    assert response["Location"] == _url("strategy_session_list", client_id=world.client_a1.pk)
    assert not StrategySession.objects.exists() and StrategicInitiative.objects.count() == 1


# --- initiatives ---------------------------------------------------------------------------------------------


def test_it_creates_an_initiative_from_the_session(world: Any, login: Any) -> None:
    s = session(world, year=2028)
    goal = strategy.business_goal_add(workspace=world.ws_a, actor=world.vcio, session=s, title="Continuity")
    response = login(world.vcio).post(
        _url("initiative_create", session_id=s.pk),
        {
            "title": "Backup overhaul",
            "goal": str(goal.pk),
            "owner": "Dana",
            "priority": "1",
            "year": "2028",
            "description": "",
        },
    )
    i = StrategicInitiative.objects.get()
    assert response["Location"] == _url("initiative_detail", initiative_id=i.pk)
    assert (i.session, i.goal, i.priority, i.year) == (s, goal, 1, 2028)
    bad = login(world.vcio).post(_url("initiative_create", session_id=s.pk), {"title": "", "priority": "7", "year": ""})
    assert bad.status_code == 422 and "Select a valid choice." in _html(bad)


def test_it_groups_the_ticked_items_in_the_initiative(world: Any, login: Any) -> None:
    i = _initiative(world)
    a, b = item(world, title="Buy NAS", quarter="2027-Q1", one_time="1000"), item(world, title="Restore test")
    http = login(world.vcio)
    page = _html(http.get(_url("initiative_detail", initiative_id=i.pk)))
    assert "Buy NAS" in page and f'name="item" value="{a.pk}"' in page
    assert http.post(_url("initiative_items", initiative_id=i.pk), {"item": [str(a.pk)]}).status_code == 302
    assert set(i.items.values_list("title", flat=True)) == {"Buy NAS"}
    page = _html(http.get(_url("initiative_detail", initiative_id=i.pk)))
    assert re.search(rf'value="{a.pk}" id="assign-{a.pk}" checked', page)
    assert "1,000.00" in page  # its cost in the initiative's budget
    http.post(_url("initiative_items", initiative_id=i.pk), {"item": [str(b.pk)]})
    assert set(i.items.values_list("title", flat=True)) == {"Restore test"}


def test_it_refuses_an_item_of_another_client_with_422_and_a_clear_message(world: Any, login: Any) -> None:
    i = _initiative(world)
    theirs = item(world, title="Beta's firewall", client=world.client_a2)
    response = login(world.vcio).post(_url("initiative_items", initiative_id=i.pk), {"item": [str(theirs.pk)]})
    assert response.status_code == 422
    assert "“Beta&#x27;s firewall” is an action item of another client" in _html(response)
    assert not ActionItem.objects.filter(initiative__isnull=False).exists()


def test_it_answers_404_for_an_item_of_another_workspace(world: Any, login: Any) -> None:
    i = _initiative(world)
    foreign = item(world, title="Bravo", client=world.client_b1, workspace=world.ws_b)
    response = login(world.vcio).post(_url("initiative_items", initiative_id=i.pk), {"item": [str(foreign.pk)]})
    assert response.status_code == 404
    assert ActionItem.objects.get(pk=foreign.pk).initiative_id is None


def test_it_edits_an_initiative_and_shows_a_stale_version_with_409(world: Any, login: Any) -> None:
    i = _initiative(world)
    http = login(world.vcio)
    form = {
        "title": "Backup overhaul",
        "goal": "",
        "owner": "Dana",
        "priority": "1",
        "year": "2027",
        "session": "",
        "description": "",
        "version": "1",
    }
    assert http.post(_url("initiative_edit", initiative_id=i.pk), form).status_code == 302
    stale = http.post(_url("initiative_edit", initiative_id=i.pk), {**form, "owner": "Sam"})
    assert stale.status_code == 409
    html = _html(stale)
    assert "Someone else saved this in the meantime" in html and "<dd>Dana</dd>" in html
    assert 'value="Sam"' in html
    assert StrategicInitiative.objects.get().owner == "Dana"
    bad = http.post(_url("initiative_edit", initiative_id=i.pk), {**form, "year": "abc", "version": "2"})
    assert bad.status_code == 422 and "Enter a whole number." in _html(bad)


def test_it_deletes_an_initiative_and_goes_to_its_plan(world: Any, login: Any) -> None:
    i = _initiative(world)
    a = item(world, title="Buy NAS", initiative=i)
    response = login(world.vcio).post(_url("initiative_delete", initiative_id=i.pk), {"version": "1"})
    assert response["Location"] == _url("operational_plan", client_id=world.client_a1.pk, year=2027)
    assert ActionItem.objects.get(pk=a.pk).initiative_id is None


# --- the operational plan ------------------------------------------------------------------------------------


def test_it_shows_the_operational_plan_with_budget_by_quarter(world: Any, login: Any) -> None:
    s = session(world)
    goal = strategy.business_goal_add(workspace=world.ws_a, actor=world.vcio, session=s, title="Continuity")
    i = _initiative(world, s, goal=goal, owner="Dana", priority=1)
    item(world, title="Buy NAS", quarter="2027-Q1", one_time="1000", monthly="100", hours="10", initiative=i)
    item(world, title="Firewall", quarter="2027-Q2", one_time="300")
    _initiative(world, title="Cloud", year=2029)
    html = _html(login(world.viewer).get(_url("operational_plan", client_id=world.client_a1.pk, year=2027)))
    assert world.client_a1.name in html and "Operational plan 2027" in html
    assert "Backup overhaul" in html and "Dana" in html and "Continuity" in html and "High" in html
    assert "1,300.00" in html and "2,200.00" in html  # Q1 of the initiative; its year
    assert "Not in an initiative" in html and "Firewall" in html
    assert "2,500.00" in html  # the year's total
    assert "Total (EUR)" in html and "amounts in EUR" in html
    years = re.findall(r'href="/clients/\d+/operational-plan/(\d+)/"', html)
    assert years == ["2027", "2029"]  # the year picker
    assert "sevenc/css/strategy.css" in html


def test_it_prints_well(world: Any) -> None:
    css = Path(finders.find("sevenc/css/strategy.css")).read_text()
    block = css[css.index("@media print") :]
    assert ".site-header" in block and "nav" in block and "form" in block  # no navigation, no forms
    assert "thead { display: table-header-group; }" in block  # column heads repeat on each page
    assert "break-inside: avoid" in block  # rows and initiatives are not split
    assert "@page" in css and "landscape" in css


def test_it_shows_an_empty_plan_for_a_year_without_initiatives(world: Any, login: Any) -> None:
    response = login(world.viewer).get(_url("operational_plan", client_id=world.client_a1.pk, year=2031))
    assert response.status_code == 200 and "No initiatives and no action items for 2031 yet." in _html(response)
    assert login(world.viewer).get(_url("operational_plan", client_id=world.client_a1.pk, year=1)).status_code == 404


def test_it_keeps_other_workspaces_out(world: Any, login: Any) -> None:
    s = session(world)
    http = login(world.outsider)
    assert http.get(_url("strategy_session_detail", session_id=s.pk)).status_code == 404
    assert http.get(_url("operational_plan", client_id=world.client_a1.pk, year=2027)).status_code == 404
    assert (
        login(world.analyst)
        .post(_url("swot_entry_create", session_id=s.pk), {"kind": "threat", "text": "x"})
        .status_code
        == 403
    )
    assert not SwotEntry.objects.exists()

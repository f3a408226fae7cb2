"""Accepting and dropping many items at once: the ticked items, every undecided proposal, or a block's. One atomic
service (all or nothing, versions checked), through the plan page (with and without JavaScript), the API and the
CLI; an accepted proposal shows "Accepted" until the plan is approved."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sevenc.core.domain.errors import ApplicationError, ConflictError
from sevenc.core.models import ActivityEntry
from sevenc.planning import selectors, services
from sevenc.planning.models import ActionItem, ItemOrigin, ItemStatus
from tests.api.client import Api
from tests.planning.factories import ActionItemFactory
from tests.test_cli import run

pytestmark = pytest.mark.django_db


def _generate(world: Any) -> list[ActionItem]:
    return services.items_generate(workspace=world.ws_a, actor=world.vcio, client=world.client_a1).created


def _blocks(items: list[ActionItem]) -> dict[int, set[str]]:
    return {
        i.pk: {lift.practice.area.block.key for lift in i.lifts.select_related("practice__area__block")} for i in items
    }


def _state(client: Any) -> list[tuple[Any, ...]]:
    return sorted(
        ActionItem.objects.filter(client=client).values_list("pk", "version", "status", "accepted_at", "done_at")
    )


def _accepted(items: list[ActionItem]) -> set[int]:
    return set(
        ActionItem.objects.filter(pk__in=[i.pk for i in items], accepted_at__isnull=False).values_list("pk", flat=True)
    )


# --- the service -------------------------------------------------------------------------------------------------


def test_it_accepts_every_undecided_proposal_at_once(world: Any, planned: Any) -> None:
    created = _generate(world)
    manual = services.item_create(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title="By hand")
    n = services.items_accept(workspace=world.ws_a, actor=world.vcio, client=world.client_a1)
    assert n == len(created) == 9
    assert _accepted(created) == {i.pk for i in created}
    assert _accepted([manual]) == set()  # added by hand: not a proposal
    entry = ActivityEntry.objects.filter(verb="accepted").get()
    assert entry.summary.startswith("9 proposed action item(s) accepted")
    # a second time there is nothing left to accept
    assert services.items_accept(workspace=world.ws_a, actor=world.vcio, client=world.client_a1) == 0


def test_it_accepts_and_drops_a_blocks_proposals(world: Any, planned: Any) -> None:
    created = _generate(world)
    blocks = _blocks(created)
    continuous = {pk for pk, keys in blocks.items() if "continuous" in keys}
    assert continuous and len(continuous) < len(created)
    n = services.items_accept(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, block="continuous")
    assert n == len(continuous) and _accepted(created) == continuous
    n = services.items_drop(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, block="clear")
    dropped = set(ActionItem.objects.filter(status=ItemStatus.DROPPED).values_list("pk", flat=True))
    assert n == len(created) - len(continuous) and dropped == {i.pk for i in created} - continuous


def test_it_refuses_an_unknown_block_and_changes_nothing(world: Any, planned: Any) -> None:
    _generate(world)
    before = _state(world.client_a1)
    with pytest.raises(ApplicationError, match="no block") as exc:
        services.items_accept(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, block="nope")
    assert "block" in exc.value.fields and _state(world.client_a1) == before


def test_a_stale_item_refuses_the_whole_operation(world: Any, planned: Any) -> None:
    created = _generate(world)
    seen = {i.pk: i.version for i in created}
    changed = created[3]
    changed.refresh_from_db()
    services.item_update(workspace=world.ws_a, actor=world.analyst, item=changed, version=changed.version, title="Mine")
    before = _state(world.client_a1)
    for service in (services.items_accept, services.items_drop):
        with pytest.raises(ConflictError, match="1 of these items changed since you loaded the plan") as exc:
            service(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, versions=seen)
        assert "“Mine”" in exc.value.message and "Nothing was" in exc.value.message
        with pytest.raises(ConflictError):  # the ticked items too
            service(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, items=created, versions=seen)
    assert _state(world.client_a1) == before
    # with the current versions it goes through
    seen[changed.pk] += 1
    assert services.items_accept(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, versions=seen) == 9


def test_a_proposal_the_caller_did_not_see_refuses_all_and_block(world: Any, planned: Any) -> None:
    created = _generate(world)
    seen = {i.pk: i.version for i in created[1:]}  # the first one came after the page was loaded
    with pytest.raises(ConflictError, match="changed since you loaded"):
        services.items_accept(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, versions=seen)
    assert _accepted(created) == set()


def test_the_ticked_items_are_all_or_none(world: Any, planned: Any) -> None:
    created = _generate(world)
    other = services.item_create(workspace=world.ws_a, actor=world.vcio, client=world.client_a2, title="A2's")
    theirs = services.item_create(workspace=world.ws_b, actor=world.outsider, client=world.client_b1, title="B's")
    before = _state(world.client_a1)
    for service in (services.items_accept, services.items_drop):
        with pytest.raises(ApplicationError, match="another client"):
            service(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, items=[*created[:2], other])
        with pytest.raises(ApplicationError, match="another workspace"):
            service(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, items=[created[0], theirs])
        with pytest.raises(ApplicationError):  # ticked twice
            service(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, items=[created[0], created[0]])
    assert _state(world.client_a1) == before


def test_dropping_a_done_item_clears_its_done_date_and_flag(world: Any) -> None:
    item = services.item_create(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title="X")
    item = services.item_status_set(
        workspace=world.ws_a, actor=world.vcio, item=item, status=ItemStatus.DONE, version=item.version
    )
    ActionItem.objects.filter(pk=item.pk).update(review_flag="Review after …")
    assert services.items_drop(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, items=[item]) == 1
    item.refresh_from_db()
    assert (item.status, item.done_at, item.review_flag) == (ItemStatus.DROPPED, None, "")
    # dropped already: not counted again, and its version stays
    version = item.version
    assert services.items_drop(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, items=[item]) == 0
    item.refresh_from_db()
    assert item.version == version


@pytest.mark.parametrize("n", [3, 40])
def test_bulk_operations_take_the_same_queries_for_3_or_40_items(
    world: Any, n: int, django_assert_max_num_queries: Any
) -> None:
    items = ActionItemFactory.create_batch(
        n, client=world.client_a1, status=ItemStatus.PROPOSED, origin=ItemOrigin.GENERATED
    )
    versions = {i.pk: i.version for i in items}
    with django_assert_max_num_queries(8):
        assert (
            services.items_accept(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, versions=versions)
            == n
        )
    items = list(ActionItem.objects.filter(pk__in=versions))
    versions = {i.pk: i.version for i in items}
    with django_assert_max_num_queries(8):
        assert (
            services.items_drop(
                workspace=world.ws_a, actor=world.vcio, client=world.client_a1, items=items, versions=versions
            )
            == n
        )
    with django_assert_max_num_queries(4):
        selectors.proposal_scope(workspace=world.ws_a, client=world.client_a1)


# --- "Accepted" until the plan is approved ----------------------------------------------------------------------


def test_an_accepted_proposal_shows_accepted_until_the_plan_is_approved(world: Any, planned: Any, login: Any) -> None:
    created = _generate(world)
    first = created[0]
    assert (first.status_shown, first.status_shown_label) == ("proposed", "Proposed")
    services.items_accept(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, items=[first])
    first.refresh_from_db()
    assert (first.status, first.status_shown, first.status_shown_label) == ("proposed", "accepted", "Accepted")
    browser = login(world.vcio)
    chip = '<span class="badge badge--status-accepted">Accepted</span>'
    page = browser.get(f"/clients/{world.client_a1.pk}/plan/items/").content.decode()
    assert page.count(chip) == 1 and page.count("badge--status-proposed") == len(created) - 1
    assert chip in browser.get(f"/action-items/{first.pk}/").content.decode()
    quarter = selectors.default_first_quarter()
    services.item_move(workspace=world.ws_a, actor=world.vcio, item=first, quarter=quarter, version=first.version)
    roadmap = browser.get(f"/clients/{world.client_a1.pk}/roadmap/").content.decode()
    assert chip in roadmap
    portal = login(world.exec_a1).get(reverse("portal:plan_detail", kwargs={"client_id": world.client_a1.pk}))
    assert chip in portal.content.decode()
    # approved: it shows as approved, as every other approved item
    first.refresh_from_db()
    ActionItem.objects.filter(pk=first.pk).update(status=ItemStatus.APPROVED)
    first.refresh_from_db()
    assert (first.status_shown, first.status_shown_label) == ("approved", "Approved")


# --- the plan page -------------------------------------------------------------------------------------------------


def _page(browser: Any, world: Any) -> str:
    return browser.get(f"/clients/{world.client_a1.pk}/plan/items/?status=proposed").content.decode()


def _seen(world: Any) -> list[str]:
    return [f"{pk}:{v}" for pk, v in ActionItem.objects.filter(client=world.client_a1).values_list("pk", "version")]


def test_the_page_offers_accept_all_and_per_block_buttons_that_work_without_javascript(
    world: Any, planned: Any, login: Any
) -> None:
    created = _generate(world)
    browser = login(world.vcio)
    page = _page(browser, world)
    assert "9 proposals await a decision" in page
    assert 'name="bulk" value="accept:all"' in page and 'name="bulk" value="drop:all"' in page
    assert 'value="accept:block:continuous"' in page and 'value="drop:block:clear"' in page
    assert "data-select-all hidden" in page and "planning/item_list.js" in page
    url = f"/clients/{world.client_a1.pk}/plan/items/bulk/"
    response = browser.post(url, {"bulk": "accept:block:continuous", "seen": _seen(world)}, follow=True)
    continuous = {pk for pk, keys in _blocks(created).items() if "continuous" in keys}
    assert _accepted(created) == continuous
    assert f"{len(continuous)} proposal(s) accepted." in response.content.decode()
    browser.post(url, {"bulk": "accept:all", "seen": _seen(world)})
    assert _accepted(created) == {i.pk for i in created}
    assert "await a decision" not in _page(browser, world)  # nothing left to decide: the bar is gone


def test_the_page_refuses_a_stale_page_and_says_so(world: Any, planned: Any, login: Any) -> None:
    created = _generate(world)
    browser = login(world.vcio)
    seen = _seen(world)
    item = created[0]
    services.item_update(workspace=world.ws_a, actor=world.vcio, item=item, version=item.version, title="Edited")
    before = _state(world.client_a1)
    url = f"/clients/{world.client_a1.pk}/plan/items/bulk/"
    response = browser.post(url, {"bulk": "drop:all", "seen": seen}, follow=True)
    assert "changed since you loaded the plan" in response.content.decode() and "“Edited”" in response.content.decode()
    response = browser.post(url, {"action": "accept", "item": [str(item.pk)], "seen": seen}, follow=True)
    assert "changed since you loaded the plan" in response.content.decode()
    assert _state(world.client_a1) == before


def test_the_page_drops_the_ticked_items(world: Any, planned: Any, login: Any) -> None:
    created = _generate(world)
    browser = login(world.vcio)
    url = f"/clients/{world.client_a1.pk}/plan/items/bulk/"
    ticked = [str(i.pk) for i in created[:2]]
    browser.post(url, {"action": "drop", "item": ticked, "seen": _seen(world)})
    assert set(ActionItem.objects.filter(status=ItemStatus.DROPPED).values_list("pk", flat=True)) == {
        i.pk for i in created[:2]
    }
    response = browser.post(url, {"action": "accept"}, follow=True)  # nothing ticked
    assert "Tick at least one item first." in response.content.decode()
    response = browser.post(url, {"bulk": "accept:everything"}, follow=True)  # not a button of the page
    assert response.status_code == 200 and _accepted(created) == set()


def test_the_bulk_bar_is_for_vcios_only(world: Any, planned: Any, login: Any) -> None:
    _generate(world)
    page = _page(login(world.analyst), world)
    assert "await a decision" not in page and "item_list.js" not in page


# --- API ---------------------------------------------------------------------------------------------------------


def test_the_api_accepts_and_drops_all_a_block_or_the_items_named(vcio: Api, world: Any, planned: Any) -> None:
    created = _generate(world)
    base = f"/clients/{world.client_a1.pk}/action-items"
    response = vcio.send("POST", f"{base}/accept", {"block": "continuous"})
    continuous = {pk for pk, keys in _blocks(created).items() if "continuous" in keys}
    assert response.status_code == 200 and response.json() == {"accepted": len(continuous)}
    stale = {str(i.pk): 1 for i in created}  # the accepted ones moved on to version 2
    response = vcio.send("POST", f"{base}/drop", {"all": True, "versions": stale})
    assert response.status_code == 200  # the undecided ones are all at version 1
    assert response.json() == {"dropped": len(created) - len(continuous)}
    response = vcio.send("POST", f"{base}/drop", {"item_ids": sorted(continuous), "versions": stale})
    assert response.status_code == 409 and "changed since you loaded" in response.json()["message"]
    response = vcio.send("POST", f"{base}/drop", {"item_ids": sorted(continuous)})
    assert response.json() == {"dropped": len(continuous)}


@pytest.mark.parametrize(
    "body",
    [{}, {"all": True, "block": "continuous"}, {"item_ids": [1], "all": True}, {"all": False}, {"block": ""}],
)
def test_the_api_wants_exactly_one_choice(vcio: Api, world: Any, planned: Any, body: dict[str, Any]) -> None:
    _generate(world)
    before = _state(world.client_a1)
    response = vcio.send("POST", f"/clients/{world.client_a1.pk}/action-items/accept", body)
    assert response.status_code == 422 and _state(world.client_a1) == before


def test_the_api_refuses_an_unknown_block(vcio: Api, world: Any, planned: Any) -> None:
    response = vcio.send("POST", f"/clients/{world.client_a1.pk}/action-items/drop", {"block": "nope"})
    assert response.status_code == 422 and response.json()["fields"] == {"block": ["Unknown block: nope"]}


# --- CLI -----------------------------------------------------------------------------------------------------------


def test_the_cli_accepts_all_or_a_block_and_drops(capsys: pytest.CaptureFixture[str], world: Any, planned: Any) -> None:
    created = _generate(world)
    client = str(world.client_a1.pk)
    code, out, err = run(capsys, "plan", "accept", client, "--block", "continuous", "--as", "vcio@alpha.example")
    continuous = {pk for pk, keys in _blocks(created).items() if "continuous" in keys}
    assert (code, err) == (0, "") and out.startswith(f"{len(continuous)} items of ")
    assert "continuous block's proposals" in out and _accepted(created) == continuous
    assert ActivityEntry.objects.filter(verb="accepted").get().actor == world.vcio
    code, out, _ = run(capsys, "plan", "drop", client, "--items", str(created[0].pk))
    assert code == 0 and out.startswith("1 item of ")
    code, out, _ = run(capsys, "plan", "accept", client, "--all")
    assert code == 0 and out.startswith(f"{len(created) - len(continuous) - (created[0].pk not in continuous)} item")
    assert (
        ActionItem.objects.filter(client=world.client_a1, accepted_at__isnull=True)
        .exclude(status=ItemStatus.DROPPED)
        .count()
        == 0
    )


def test_the_cli_wants_one_choice_and_refuses_unknown_items(
    capsys: pytest.CaptureFixture[str], world: Any, planned: Any
) -> None:
    _generate(world)
    client = str(world.client_a1.pk)
    code, _, _ = run(capsys, "plan", "accept", client)
    assert code == 2
    code, _, _ = run(capsys, "plan", "accept", client, "--all", "--block", "clear")
    assert code == 2
    before = _state(world.client_a1)
    code, _, err = run(capsys, "plan", "drop", client, "--items", "999999")
    assert code != 0 and "no action item 999999" in err and _state(world.client_a1) == before
    code, _, err = run(capsys, "plan", "drop", client, "--block", "nope")
    assert code != 0 and "no block" in err and _state(world.client_a1) == before

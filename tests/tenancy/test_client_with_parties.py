"""A new client and its parties in one step (web form rows, API ``parties``): all or nothing, with the bad row
named; empty rows are skipped."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sevenc.tenancy.models import Client, Party

pytestmark = pytest.mark.django_db

KINDS = ["msp", "internal_role", "person", "isp", "software_vendor", "hardware_vendor", "cloud_vendor", "consultant"]


def _form(name: str, parties: list[tuple[str, str]], rows: int = 8) -> dict[str, str]:
    data = {
        "name": name,
        "seats": "40",
        "industry": "Dental",
        "address": "",
        "notes": "",
        "parties-TOTAL_FORMS": str(rows),
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "50",
    }
    for i in range(rows):
        party, kind = parties[i] if i < len(parties) else ("", "")
        data |= {f"parties-{i}-name": party, f"parties-{i}-kind": kind}
    return data


def test_the_new_client_page_offers_eight_party_rows(world: Any, login: Any) -> None:
    page = login(world.vcio).get(reverse("tenancy:client_create")).content.decode()
    assert page.count('name="parties-') >= 8 * 4 and 'name="parties-7-name"' in page


def test_a_client_and_its_eight_parties_are_one_post(world: Any, login: Any) -> None:
    c = login(world.vcio)
    parties = [(f"Party {i}", KINDS[i]) for i in range(8)]
    r = c.post(reverse("tenancy:client_create"), _form("Harbour Dental", parties))
    assert r.status_code == 302
    client = Client.objects.get(workspace=world.ws_a, name="Harbour Dental")
    assert sorted(client.parties.values_list("name", "kind")) == sorted(parties)
    assert r["Location"] == reverse("tenancy:client_detail", kwargs={"client_id": client.pk})


def test_empty_rows_are_skipped(world: Any, login: Any) -> None:
    c = login(world.vcio)
    r = c.post(reverse("tenancy:client_create"), _form("Solo", [("The MSP", "msp")]))
    assert r.status_code == 302
    assert list(Party.objects.filter(client__name="Solo").values_list("name", flat=True)) == ["The MSP"]


@pytest.mark.parametrize(
    "parties",
    [
        [("Same", "msp"), ("same", "person")],  # duplicate names (case-insensitive)
        [("Fine", "msp"), ("x" * 151, "person")],  # too long
        [("Fine", "nonsense")],  # unknown kind
    ],
)
def test_a_bad_party_refuses_the_whole_client(world: Any, login: Any, parties: list[tuple[str, str]]) -> None:
    c = login(world.vcio)
    r = c.post(reverse("tenancy:client_create"), _form("Refused", parties))
    assert r.status_code == 422
    assert not Client.objects.filter(name="Refused").exists()
    assert not Party.objects.filter(name__iexact="fine").exists() and not Party.objects.filter(name="Same").exists()


def test_a_row_with_an_email_but_no_name_is_named_in_the_error(world: Any, login: Any) -> None:
    c = login(world.vcio)
    data = _form("Refused", []) | {"parties-2-email": "it@example.com"}
    r = c.post(reverse("tenancy:client_create"), data)
    assert r.status_code == 422 and "Name the party, or clear the row." in r.content.decode()
    assert not Client.objects.filter(name="Refused").exists()


def test_the_api_creates_a_client_with_parties_all_or_nothing(vcio: Any, world: Any) -> None:
    ok = vcio.send(
        "POST", "/clients", {"name": "Api Dental", "parties": [{"name": "MSP", "kind": "msp"}, {"name": "Office"}]}
    )
    assert ok.status_code == 201, ok.content
    assert sorted(Party.objects.filter(client__name="Api Dental").values_list("name", flat=True)) == ["MSP", "Office"]
    bad = vcio.send("POST", "/clients", {"name": "Api Twice", "parties": [{"name": "A"}, {"name": "a"}]})
    assert bad.status_code in (400, 409, 422), bad.content
    assert "Party 2" in bad.content.decode()
    assert not Client.objects.filter(name="Api Twice").exists()


def test_a_row_without_a_kind_takes_the_party_default(world: Any, login: Any) -> None:
    c = login(world.vcio)
    page = c.get(reverse("tenancy:client_create")).content.decode()
    assert '<option value="" selected>—</option>' in page
    r = c.post(reverse("tenancy:client_create"), _form("Kindless", [("Someone", "")]))
    assert r.status_code == 302
    assert Party.objects.get(client__name="Kindless").kind == "other"

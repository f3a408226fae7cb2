"""One cost vocabulary with the workspace's currency (docs/planning.md, "Costs"): the same item shows the same labelled
amounts on the plan list, its page, the roadmap, the portal, the export and the CLI."""

from __future__ import annotations

import csv
import html
import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sevenc.cli import main
from sevenc.planning import export, selectors, services
from sevenc.planning.selectors import default_first_quarter
from sevenc.tenancy import services as tenancy_services

pytestmark = pytest.mark.django_db

# 225 one-time + 12 × 12 monthly + 6 h × 120 (the default hourly rate) = 1,089
ONE_TIME, MONTHLY, FIRST_YEAR = "$225.00", "$12.00", "$1,089.00"


@pytest.fixture
def item(world: Any) -> Any:
    tenancy_services.workspace_currency_set(workspace=world.ws_a, actor=world.owner, currency="USD")
    first = services.roadmap_update(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        version=None,
        first_quarter=default_first_quarter(),
    ).first_quarter
    return services.item_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        title="Verify backups",
        quarter=first,
        one_time_cost="225",
        recurring_monthly_cost="12",
        effort_hours="6",
    )


def _page(c: Any, name: str, **kwargs: Any) -> str:
    r = c.get(reverse(name, kwargs=kwargs))
    assert r.status_code == 200
    return html.unescape(r.content.decode())


def test_the_first_year_cost_is_the_one_prioritisation_ranks_by(world: Any, item: Any) -> None:
    rates = selectors.rates_for(selectors.planning_settings_get(workspace=world.ws_a))
    assert selectors.item_first_year_cost(item, rates) == Decimal("1089")


def test_the_plan_list_and_the_item_page_name_and_format_the_costs(world: Any, login: Any, item: Any) -> None:
    c = login(world.viewer)
    listed = _page(c, "planning:item_list", client_id=world.client_a1.pk)
    assert "First-year cost" in listed and FIRST_YEAR in listed
    detail = _page(c, "planning:item_detail", item_id=item.pk)
    for label, amount in (("One-time cost", ONE_TIME), ("Monthly cost", MONTHLY), ("First-year cost", FIRST_YEAR)):
        assert f"{label}</dt><dd>{amount}</dd>" in detail
    assert "Recurring monthly cost" not in detail


def test_the_form_names_the_costs_as_the_pages_do(world: Any, login: Any, item: Any) -> None:
    form = _page(login(world.vcio), "planning:item_edit", item_id=item.pk)
    assert "One-time cost" in form and "Monthly cost" in form and "Recurring monthly cost" not in form


def test_the_roadmap_card_shows_the_same_labelled_amounts(world: Any, login: Any, item: Any) -> None:
    page = _page(login(world.viewer), "planning:roadmap", client_id=world.client_a1.pk)
    assert f"One-time cost {ONE_TIME} · Monthly cost {MONTHLY} · First-year cost {FIRST_YEAR} · 6 h" in page
    # the quarter's spend: one-time + 3 × monthly, in the currency, named as what it is
    assert "Spend in the quarter" in page and "$261.00 / $" in page


def test_the_portal_shows_the_same_labelled_amounts(world: Any, login: Any, item: Any) -> None:
    page = _page(login(world.exec_a1), "portal:plan_detail", client_id=world.client_a1.pk)
    for label in ("One-time cost", "Monthly cost", "First-year cost"):
        assert f">{label}</th>" in page
    row = page[page.index("Verify backups") :]
    row = row[: row.index("</tr>")]
    assert row.index(ONE_TIME) < row.index(MONTHLY) < row.index(FIRST_YEAR)
    assert "Spend in the quarter: $261.00" in page


def test_the_export_heads_the_costs_with_their_names_and_the_currency(world: Any, login: Any, item: Any) -> None:
    c = login(world.viewer)
    url = lambda fmt: reverse("planning:plan_export", kwargs={"client_id": world.client_a1.pk, "fmt": fmt})  # noqa: E731
    rows = list(csv.reader(io.StringIO(c.get(url("csv")).content.decode("utf-8-sig"), newline="")))
    head = rows[0]
    for name in ("One-time cost (USD)", "Monthly cost (USD)", "First-year cost (USD)"):
        assert name in head
    assert not {"one_time_cost", "recurring_monthly_cost", "first_year_cost"} & set(head)
    row = dict(zip(head, rows[1], strict=True))
    assert (row["One-time cost (USD)"], row["Monthly cost (USD)"], row["First-year cost (USD)"]) == (
        "225.00",
        "12.00",
        "1089.00",
    )
    sheet = load_workbook(io.BytesIO(c.get(url("xlsx")).content)).active
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("First-year cost (USD)") + 1)
    assert cell.data_type == "n" and float(cell.value) == 1089.0
    assert export.headers("EUR")[export.COLUMNS.index("first_year_cost")] == "First-year cost (EUR)"


def test_the_cli_shows_the_same_first_year_cost(capsys: pytest.CaptureFixture[str], world: Any, item: Any) -> None:
    assert main(["plan", "list", str(world.client_a1.pk)]) == 0
    out = capsys.readouterr().out
    assert "FIRST-YEAR COST" in out.splitlines()[0] and FIRST_YEAR in out


def test_an_item_without_monthly_cost_leaves_it_off_its_card(world: Any, login: Any, item: Any) -> None:
    services.item_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        title="One-off",
        quarter=item.quarter,
        one_time_cost="100",
    )
    page = _page(login(world.viewer), "planning:roadmap", client_id=world.client_a1.pk)
    assert "One-time cost $100.00 · First-year cost $100.00 · 0 h" in page

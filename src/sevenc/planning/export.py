"""The plan as a spreadsheet: CSV or XLSX, one row per action item, for the client's records or the PSA.

The files are written by :mod:`sevenc.core.domain.spreadsheets`, which neutralises text that a spreadsheet would run as
a formula (a title such as ``=HYPERLINK(…)`` is written ``'=HYPERLINK(…)``); amounts stay numbers.

The cost columns are headed with the words every page uses and the workspace's currency ("One-time cost (USD)",
"Monthly cost (USD)", "First-year cost (USD)"; docs/planning.md, "Costs"); the other columns keep their field names.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext

from sevenc.core import downloads
from sevenc.core.domain import money, spreadsheets
from sevenc.planning import selectors
from sevenc.planning.domain import prioritise
from sevenc.planning.models import ActionItem
from sevenc.tenancy.models import Client

FORMATS = spreadsheets.FORMATS
COLUMNS = (
    "id",
    "title",
    "status",
    "priority",
    "quarter",
    "pinned",
    "due_date",
    "responsible_party",
    "accountable",
    "practices",
    "one_time_cost",
    "recurring_monthly_cost",
    "first_year_cost",
    "effort_hours",
    "value",
    "value_for_money",
    "depends_on",
    "initiative",
    "delivered_by",
    "psa_reference",
    "psa_url",
    "origin",
    "review_flag",
    "description",
)
_WIDTHS = {"title": 40, "description": 60, "practices": 40}


def headers(currency: str) -> list[str]:
    """The header row: field names, and for the costs their label with the currency, e.g. "First-year cost (USD)"."""
    return [
        f"{gettext(money.COST_LABELS[name])} ({currency})" if name in money.COST_LABELS else name for name in COLUMNS
    ]


def plan_table(*, workspace: Any, client: Client) -> list[list[Any]]:
    """The header row and one row per item (plan order), with the value computed from the latest targets."""
    items = selectors.plan_rows(workspace=workspace, client=client)
    basis = selectors.plan_basis(workspace=workspace, client=client)
    settings = selectors.planning_settings_get(workspace=workspace)
    rates = selectors.rates_for(settings)
    priorities = selectors.item_priorities(items=items, basis=basis, rates=rates)
    return [headers(workspace.currency), *(_row(i, priorities.get(i.pk), rates) for i in items)]


def _row(item: ActionItem, priority: Any, rates: prioritise.Rates) -> list[Any]:
    return [
        item.pk,
        item.title,
        item.status,
        item.get_priority_display(),
        item.quarter,
        "yes" if item.pinned else "",
        item.due_date.isoformat() if item.due_date else "",
        item.responsible_party.name if item.responsible_party else "",
        item.accountable,
        "; ".join(f"{lift.practice.key}→{lift.expected_level}" for lift in item.lifts.all()),
        item.one_time_cost,
        item.recurring_monthly_cost,
        selectors.item_first_year_cost(item, rates),
        item.effort_hours,
        round(priority.value, 3) if priority else "",
        round(priority.value_for_money, 3) if priority else "",
        "; ".join(str(d.pk) for d in item.depends_on.all()),
        item.initiative.title if item.initiative else "",
        item.delivered_by,
        item.psa_reference,
        item.psa_url,
        item.origin,
        item.review_flag,
        item.description,
    ]


def to_csv(rows: list[list[Any]]) -> bytes:
    return spreadsheets.csv_bytes(rows)


def to_xlsx(rows: list[list[Any]], *, title: str) -> bytes:
    """One sheet "Plan": a bold header, frozen with the id and title columns, and column widths."""
    book = spreadsheets.XlsxBook(title=title)
    book.sheet("Plan", rows, freeze="C2", widths=[_WIDTHS.get(name, 14) for name in COLUMNS])
    return book.to_bytes()


def plan_response(*, workspace: Any, client: Client, fmt: str) -> HttpResponse:
    rows = plan_table(workspace=workspace, client=client)
    body = to_csv(rows) if fmt == "csv" else to_xlsx(rows, title=f"Action plan of {client.name}")
    return downloads.file_response(body, fmt=fmt, name=f"plan-{client.name}", fallback=f"plan-{client.pk}")

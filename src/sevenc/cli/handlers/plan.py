"""``sevenc plan generate|schedule|export|list``."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from django.db import transaction

from sevenc.assessments import selectors as assessment_selectors
from sevenc.cli.base import (
    money as base_money,
)
from sevenc.cli.base import (
    plural,
    print_refusal,
    say,
    score_text,
    short,
    spreadsheet_output,
    table,
    write_file,
)
from sevenc.cli.handlers import lookup
from sevenc.core.domain import money, spreadsheets
from sevenc.core.domain.errors import ApplicationError
from sevenc.core.domain.roles import Capability
from sevenc.planning import export, selectors, services

# The cost columns, named as every page names them (docs/planning.md, "Costs").
ONE_TIME, MONTHLY, FIRST_YEAR = (
    label.upper() for label in (money.ONE_TIME_COST, money.MONTHLY_COST, money.FIRST_YEAR_COST)
)


def _money(amount: Any, workspace: Any) -> str:
    """An amount in the workspace's currency: "$1,089.00"."""
    return base_money(amount, workspace.currency)


def _actor(workspace: Any, email: str | None) -> Any:
    return lookup.actor(workspace, email, Capability.MANAGE_PLANS, "planning") if email else None


def _client(args: argparse.Namespace) -> Any:
    return assessment_selectors.client_get_unscoped(workspace_slug=args.workspace, ref=args.client)


def cmd_plan_generate(args: argparse.Namespace, out: TextIO) -> int:
    client = _client(args)
    assessment = lookup.client_assessment(client, args.assessment) if args.assessment is not None else None
    actor = _actor(client.workspace, args.as_email)
    say(out, f"Proposing action items for {client.name} ({client.workspace.slug}) from its gaps …")
    result = services.items_generate(workspace=client.workspace, actor=actor, client=client, assessment=assessment)
    if result.assessment is None:
        raise ApplicationError(f"{client.name} has no assessment to plan from yet")
    a = result.assessment
    say(out, f"From “{a.title}”, {a.assessed_on.isoformat()}, id {a.pk}: {result.message}")
    if result.replaced:
        say(out, f"{plural(result.replaced, 'untouched earlier proposal')} replaced.")
    if result.created:
        say(out)
        rows = [["ID", "PRIORITY", ONE_TIME, MONTHLY, "HOURS", "TITLE"]]
        for item in result.created:
            rows.append(
                [
                    str(item.pk),
                    item.get_priority_display(),
                    _money(item.one_time_cost, client.workspace),
                    _money(item.recurring_monthly_cost, client.workspace),
                    f"{item.effort_hours:.1f}",
                    short(item.title),
                ]
            )
        table(rows, out)
    return 0


# --- schedule ------------------------------------------------------------------------------------------------


def _limits(args: argparse.Namespace) -> dict[str, Any]:
    """The roadmap's limits the options change."""
    return {
        k: v
        for k, v in (
            ("first_quarter", args.first_quarter),
            ("quarters", args.quarters),
            ("budget_per_quarter", args.budget),
            ("hours_per_quarter", args.hours),
        )
        if v is not None
    }


def _schedule(args: argparse.Namespace, client: Any, out: TextIO) -> Any:
    """Change the roadmap's limits, then schedule it: both or neither. An infeasible plan prints its reasons
    and returns the exit status 2 instead of the result."""
    workspace = client.workspace
    actor = _actor(workspace, args.as_email)
    limits = _limits(args)
    method = "greedy" if args.greedy else "solver"
    stage = "limits"
    try:
        with transaction.atomic():  # an infeasible plan keeps the old limits too
            if limits:
                services.roadmap_update(workspace=workspace, actor=actor, client=client, version=None, **limits)
            stage = "schedule"
            say(
                out,
                f"Scheduling the open items of {client.name} ({workspace.slug}) "
                f"{'greedily' if args.greedy else 'with the solver (a second or two)'} …",
            )
            return services.roadmap_schedule(workspace=workspace, actor=actor, client=client, method=method)
    except ApplicationError as exc:
        if stage != "schedule" or "__all__" not in exc.fields:
            raise
        return print_refusal(f"{exc.message} Nothing was changed.", exc.fields["__all__"])


def _print_quarter(col: Any, out: TextIO, workspace: Any) -> None:
    say(out)
    over = [w for w, flag in (("budget", col.over_budget), ("hours", col.over_hours)) if flag]
    projected = f"   ITCq {score_text(col.projected.score)}" if col.projected else ""
    say(
        out,
        f"{col.quarter}   spend in the quarter {_money(col.spend, workspace)} / {_money(col.budget, workspace)}   "
        f"hours {col.hours:.1f} / {col.capacity:.1f}{projected}"
        f"{'   OVER ' + ' and '.join(over) if over else ''}",
    )
    if not col.items:
        say(out, "  (nothing planned)")
    for item in col.items:
        flags = ", ".join(
            f
            for f, on in (("pinned", item.pinned), (item.status_shown_label.lower(), item.status_shown != "proposed"))
            if on
        )
        say(out, f"  #{item.pk}  {short(item.title)}{f'  ({flags})' if flags else ''}")


def _print_schedule(view: Any, result: Any, out: TextIO) -> None:
    plan = result.schedule
    say(out, f"Method: {plan.method}{f' ({plan.note})' if plan.note else ''}")
    say(
        out,
        f"{plural(len(plan.plan), 'item')} placed, {len(plan.unscheduled)} left in the backlog, "
        f"{len(result.excluded)} left out; {result.moved} moved.",
    )
    titles = {i.pk: i.title for i in [*view.backlog, *view.earlier, *(i for c in view.columns for i in c.items)]}
    for col in view.columns:
        _print_quarter(col, out, view.client.workspace)
    if plan.unscheduled:
        say(out)
        say(out, "Left in the backlog (over the limits):")
        critical = result.critical
        for key in plan.unscheduled:
            mark = "  CRITICAL" if critical.get(int(key)) else ""
            say(out, f"  #{key}  {short(titles.get(int(key), ''))}{mark}")
            why = plan.unplaced.get(key)
            if why is not None:
                say(out, f"      {why.reason}")
                for remedy in why.remedies:
                    say(out, f"      - {remedy.text}")
    if result.excluded:
        say(out)
        say(out, "Left out of the schedule:")
        for pk, reason in result.excluded.items():
            say(out, f"  #{pk}  {short(titles.get(pk, ''))}: {reason}")


def cmd_plan_schedule(args: argparse.Namespace, out: TextIO) -> int:
    client = _client(args)
    result = _schedule(args, client, out)
    if isinstance(result, int):
        return result
    _print_schedule(selectors.roadmap_view(workspace=client.workspace, client=client), result, out)
    return 0


# --- export and list -----------------------------------------------------------------------------------------


def cmd_plan_export(args: argparse.Namespace, out: TextIO) -> int:
    output, fmt = spreadsheet_output(args)
    client = _client(args)
    rows = export.plan_table(workspace=client.workspace, client=client)
    if output is None:
        out.write(spreadsheets.csv_text(rows))
        return 0
    data = export.to_xlsx(rows, title=f"Action plan of {client.name}") if fmt == "xlsx" else export.to_csv(rows)
    write_file(output, data)
    print(
        f"Wrote {plural(len(rows) - 1, 'action item')} of {client.name} ({client.workspace.slug}) to {output}",
        file=sys.stderr,
    )
    return 0


def cmd_plan_list(args: argparse.Namespace, out: TextIO) -> int:
    client = _client(args)
    workspace = client.workspace
    items = list(
        selectors.item_list(workspace=workspace, client=client, status=None if args.status == "all" else args.status)
    )
    if not items:
        which = "" if args.status == "all" else f"{args.status.replace('_', ' ')} "
        say(out, f"{client.name} has no {which}action items.")
        return 0
    basis = selectors.plan_basis(workspace=workspace, client=client)
    rates = selectors.rates_for(selectors.planning_settings_get(workspace=workspace))
    priorities = selectors.item_priorities(items=items, basis=basis, rates=rates)
    rows = [["ID", "STATUS", "QUARTER", "PRIORITY", FIRST_YEAR, "HOURS", "VALUE", "VALUE/1000", "TITLE"]]
    for item in items:
        p = priorities[item.pk]
        rows.append(
            [
                str(item.pk),
                item.status_shown,
                item.quarter or "—",
                item.get_priority_display(),
                _money(p.cost, workspace),
                f"{item.effort_hours:.1f}",
                f"{p.value:.2f}",
                f"{p.value_for_money:.2f}",
                short(item.title),
            ]
        )
    table(rows, out)
    return 0


# --- accept, drop --------------------------------------------------------------------------------------------


def _decide(args: argparse.Namespace, out: TextIO, action: str) -> int:
    """Accept or drop the items named, every undecided proposal (--all) or a block's (--block): all or nothing."""
    client = _client(args)
    workspace = client.workspace
    actor = _actor(workspace, args.as_email)
    items = None
    if args.items:
        wanted = list(dict.fromkeys(args.items))
        found = {i.pk: i for i in selectors.item_list(workspace=workspace, client=client).filter(pk__in=wanted)}
        missing = [pk for pk in wanted if pk not in found]
        if missing:
            raise ApplicationError(
                f"{client.name} has no action item {', '.join(map(str, missing))}; nothing was changed"
            )
        items = [found[pk] for pk in wanted]
    service = services.items_accept if action == "accept" else services.items_drop
    n = service(workspace=workspace, actor=actor, client=client, items=items, block=args.block)
    which = (
        "the items named" if items is not None else f"the {args.block} block's proposals" if args.block else "proposals"
    )
    verb = "accepted" if action == "accept" else "dropped"
    say(out, f"{plural(n, 'item')} of {client.name} {verb} ({which}).")
    return 0


def cmd_plan_accept(args: argparse.Namespace, out: TextIO) -> int:
    return _decide(args, out, "accept")


def cmd_plan_drop(args: argparse.Namespace, out: TextIO) -> int:
    return _decide(args, out, "drop")

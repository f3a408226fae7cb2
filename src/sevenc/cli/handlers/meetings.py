"""``sevenc meetings`` and ``sevenc operational-plan``."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from sevenc.assessments import selectors as assessment_selectors
from sevenc.cli.base import money, say, short, table
from sevenc.core.domain import money as domain_money
from sevenc.planning.execution import selectors as meeting_selectors
from sevenc.planning.strategy import selectors as strategy_selectors


def _print_agenda(workspace: Any, meeting: Any, out: TextIO) -> None:
    agenda = meeting_selectors.meeting_agenda(workspace=workspace, meeting=meeting).agenda
    say(out, "")
    say(out, f"Agenda of {meeting.title}:")
    for section in agenda.sections:
        say(out, f"  {section.title}")
        if section.is_empty:
            say(out, f"    {section.empty_text}")
        for entry in section.entries:
            late = f" (overdue {entry.overdue_days} days)" if entry.overdue_days else ""
            if entry.before is not None or entry.after is not None:
                late = (
                    f": {'—' if entry.before is None else f'{entry.before:.0f}'} → "
                    f"{'—' if entry.after is None else f'{entry.after:.0f}'}"
                )
            where = f" [{entry.quarter}]" if entry.quarter else ""
            costs = (
                f" — {domain_money.ONE_TIME_COST} {money(entry.one_time_cost, workspace.currency)}, "
                f"{domain_money.MONTHLY_COST} {money(entry.monthly_cost or 0, workspace.currency)}"
                if entry.one_time_cost is not None
                else ""
            )
            say(out, f"    - {entry.text}{where}{late}{costs}")


def cmd_meetings(args: argparse.Namespace, out: TextIO) -> int:
    """The client's upcoming (or past) review meetings; with --agenda, the next one's agenda."""
    client = assessment_selectors.client_get_unscoped(workspace_slug=args.workspace, ref=args.client)
    workspace = client.workspace
    meetings = list(meeting_selectors.meeting_list(workspace=workspace, client=client, when=args.when)[: args.limit])
    if not meetings:
        say(out, f"{client.name} has no {args.when} meetings.")
        return 0
    zone = meeting_selectors.workspace_zone(workspace)
    rows = [["ID", "WHEN", "KIND", "MINUTES", "TITLE"]]
    for m in meetings:
        rows.append(
            [
                str(m.pk),
                m.starts_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                m.get_kind_display(),
                str(m.duration_minutes),
                short(m.title),
            ]
        )
    table(rows, out)
    if args.agenda:
        _print_agenda(workspace, meetings[0], out)
    return 0


def cmd_operational_plan(args: argparse.Namespace, out: TextIO) -> int:
    """The client's annual operational plan: initiatives by priority with owner and items, budget by quarter."""
    client = assessment_selectors.client_get_unscoped(workspace_slug=args.workspace, ref=args.client)
    plan = strategy_selectors.operational_plan(workspace=client.workspace, client=client, year=args.year)
    say(out, f"Operational plan {args.year} of {client.name} ({plan.currency})")
    if plan.is_empty:
        say(out, "Nothing planned for this year: no initiative and no action item costs money or hours in it.")
        return 0
    for initiative in plan.initiatives:
        say(out, "")
        owner = f", owner {initiative.owner}" if initiative.owner else ""
        say(out, f"{initiative.title} ({initiative.priority_label} priority{owner})")
        for item in initiative.items:
            say(out, f"  - [{item.quarter or '—'}] {item.title} ({item.status_label})")
    if plan.unassigned:
        say(out, "")
        say(out, "Not in an initiative:")
        for item in plan.unassigned:
            say(out, f"  - [{item.quarter or '—'}] {item.title} ({item.status_label})")
    say(out, "")
    rows = [
        ["", *plan.quarters, "YEAR"],
        ["cost", *[money(v) for v in plan.totals.cost], money(plan.totals.total_cost)],
        ["hours", *[f"{v:.1f}" for v in plan.totals.hours], f"{plan.totals.total_hours:.1f}"],
    ]
    table(rows, out)
    return 0

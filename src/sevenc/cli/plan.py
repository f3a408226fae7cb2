"""``sevenc plan generate|schedule|export|list|accept|drop``: a client's action plan.

The client is found as ``scores`` finds it (id or exact name, --workspace when it is ambiguous). The services
write the activity log; --as names the staff member it credits (else no one).
"""

from __future__ import annotations

import argparse

from sevenc.cli.base import (
    Command,
    Subparsers,
    add_actor,
    add_client,
    add_group,
    add_spreadsheet_output,
    positive,
    spreadsheet_output,
)


def register(sub: Subparsers) -> None:
    psub = add_group(sub, "plan", "a client's action plan: propose items, schedule the roadmap, list, export")
    _generate(psub)
    _schedule(psub)
    _export(psub)
    _list(psub)
    _decide(psub, "accept", "accepted", "keep proposals: regeneration no longer replaces them")
    _decide(psub, "drop", "dropped", "drop proposals or items")


def _add(psub: Subparsers, name: str, command: Command, help_text: str, description: str) -> argparse.ArgumentParser:
    c: argparse.ArgumentParser = psub.add_parser(name, help=help_text, description=description)
    c.set_defaults(func=command)
    add_client(c)
    return c


def _generate(psub: Subparsers) -> None:
    c = _add(
        psub,
        "generate",
        Command("plan", "cmd_plan_generate"),
        "propose action items from the client's gaps",
        "Propose action items for the practices below target (one per area, costed from the "
        "workspace's planning settings). Replaces only earlier proposals nobody touched; items the "
        "vCIO kept are never changed.",
    )
    c.add_argument(
        "--assessment",
        type=positive,
        metavar="ID",
        help="plan from this assessment of the client (default: its latest one with targets)",
    )
    add_actor(c)


def _schedule(psub: Subparsers) -> None:
    c = _add(
        psub,
        "schedule",
        Command("plan", "cmd_plan_schedule"),
        "place the open items in the roadmap's quarters and print the plan",
        "Place the open items in the roadmap's quarters under its limits (pinned and in-progress "
        "items stay put) and print the plan per quarter: items, spend/budget, hours/capacity, the "
        "method, and the items left in the backlog or left out, with the reasons. The options change "
        "the roadmap first. An infeasible plan exits 2 with the explanations and changes nothing.",
    )
    c.add_argument("--greedy", action="store_true", help="best value for money first, instead of the solver")
    c.add_argument("--first-quarter", metavar="QUARTER", help="the roadmap's first quarter, e.g. 2027-Q1")
    c.add_argument("--quarters", type=positive, metavar="N", help="the number of quarters (1–16)")
    c.add_argument("--budget", metavar="AMOUNT", help="the default budget per quarter")
    c.add_argument("--hours", metavar="HOURS", help="the default hours capacity per quarter")
    add_actor(c)


def _export(psub: Subparsers) -> None:
    c = _add(
        psub,
        "export",
        Command("plan", "cmd_plan_export", check=spreadsheet_output),
        "write the client's plan as CSV or XLSX",
        "Write one row per action item (id, title, status, priority, quarter, practices, costs, value, "
        "dependencies, PSA reference, description …). CSV goes to standard output unless --output is "
        "given; XLSX needs --output.",
    )
    add_spreadsheet_output(c)


def _list(psub: Subparsers) -> None:
    c = _add(
        psub,
        "list",
        Command("plan", "cmd_plan_list"),
        "list the client's action items with their value",
        "List the client's action items: id, status, quarter, priority, first-year cost, effort hours, "
        "value (ITCq points) and value per 1,000 of cost, by status, quarter and priority.",
    )
    c.add_argument(
        "--status",
        choices=["all", "open", "proposed", "approved", "in_progress", "done", "dropped"],
        default="all",
        help="open: proposed, approved or in progress (default: %(default)s)",
    )


def _decide(psub: Subparsers, name: str, done: str, help_text: str) -> None:
    c = _add(
        psub,
        name,
        Command("plan", f"cmd_plan_{name}"),
        help_text,
        f"The proposals nobody has accepted or dropped yet (--all), those of one block of the framework "
        f"(--block), or the items named (--items) are {done}: all or none. Prints how many.",
    )
    which = c.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="every undecided proposal of the client")
    which.add_argument("--block", metavar="KEY", help="the undecided proposals that lift a practice of this block")
    which.add_argument("--items", type=positive, nargs="+", metavar="ID", help="these items of the client")
    add_actor(c)

"""``sevenc meetings`` and ``sevenc operational-plan``: a client's execution cycles and its year's plan."""

from __future__ import annotations

from sevenc.cli.base import Command, Subparsers, add_client, add_command


def register(sub: Subparsers) -> None:
    p = add_command(
        sub, "meetings", Command("meetings", "cmd_meetings"), "a client's review meetings, and the next one's agenda"
    )
    add_client(p)
    p.add_argument(
        "--past",
        dest="when",
        action="store_const",
        const="past",
        default="upcoming",
        help="the held and earlier meetings instead of the upcoming ones",
    )
    p.add_argument("--limit", type=int, default=10, help="at most this many (default: %(default)s)")
    p.add_argument("--agenda", action="store_true", help="also print the first listed meeting's agenda")
    p = add_command(
        sub,
        "operational-plan",
        Command("meetings", "cmd_operational_plan"),
        "a client's annual operational plan: initiatives, budget",
    )
    add_client(p)
    p.add_argument("year", type=int, metavar="YEAR", help="e.g. 2027")

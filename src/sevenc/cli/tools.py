"""``sevenc openapi`` and ``sevenc manage``: the REST API's schema, and Django's own management commands."""

from __future__ import annotations

from sevenc.cli.base import Command, Subparsers, add_command


def register(sub: Subparsers) -> None:
    p = add_command(
        sub, "openapi", Command("tools", "cmd_openapi", database=False), "print the REST API's OpenAPI schema as JSON"
    )
    p.add_argument("--indent", type=int, default=2, help="JSON indent; 0 prints one line (default: %(default)s)")

    # Listed for --help only: main() hands everything after `manage` to Django before argparse sees it.
    sub.add_parser(
        "manage",
        help="run a Django management command: sevenc manage COMMAND [ARGS]",
        description="Pass everything after `manage` to Django's manage.py, e.g. "
        "`sevenc manage makemigrations --check` or `sevenc manage help`.",
        add_help=False,
    )

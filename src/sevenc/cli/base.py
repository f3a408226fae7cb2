"""What the parts of the ``sevenc`` command share: errors, setting Django up, the handlers the parsers name,
the parser pieces several commands use, printing, and reading and writing files.

The parsers import this module before any command runs (``sevenc --help`` among them), so it imports nothing
that needs Django's settings or apps; Django is set up only in :func:`setup`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import django
from django.db import connection

from sevenc.conf import PROG, one_line, use_settings_module

Func = Callable[[argparse.Namespace, TextIO], int]
Subparsers = Any  # argparse's _SubParsersAction, which argparse does not name publicly


class CommandError(Exception):
    """A command cannot go on; the message is printed as one line and the exit status is ``status``."""

    def __init__(self, message: str, *, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


# --- Django and the handlers ---------------------------------------------------------------------------------


def setup(*, database: bool = True) -> None:
    """Load the settings (may raise ConfigError) and the apps, and check that the database answers."""
    use_settings_module()
    django.setup()
    if database:
        connection.ensure_connection()  # an unreachable database fails here, before any output


def load(module: str, function: str, *, database: bool = True) -> Callable[..., int]:
    """Set Django up, then return ``function`` of ``sevenc.cli.handlers.<module>``."""
    setup(database=database)
    return getattr(importlib.import_module(f"sevenc.cli.handlers.{module}"), function)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Command:
    """A command's handler, ``function`` of ``sevenc.cli.handlers.<module>``, as its parser names it.

    The handler modules import models, selectors and services at their top, which needs Django set up; the
    parsers (and so ``--help``) must not, so they name the handler and calling it imports it. ``check`` runs
    first, before Django: what it refuses needs neither the settings nor the database."""

    module: str
    function: str
    database: bool = True
    check: Callable[[argparse.Namespace], object] | None = None

    def __call__(self, args: argparse.Namespace, out: TextIO) -> int:
        if self.check is not None:
            self.check(args)
        return int(load(self.module, self.function, database=self.database)(args, out) or 0)


# --- parser pieces -------------------------------------------------------------------------------------------


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def add_command(
    sub: Subparsers, name: str, func: Func, help_text: str, description: str | None = None
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=description or help_text)
    parser.set_defaults(func=func)
    return parser


def add_group(sub: Subparsers, name: str, help_text: str) -> Subparsers:
    """A command with subcommands (``sevenc NAME SUBCOMMAND``); alone, it prints its help and exits 2."""
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)

    def print_help(args: argparse.Namespace, out: TextIO) -> int:
        parser.print_help(out)
        return 2

    parser.set_defaults(func=print_help)
    return parser.add_subparsers(dest=f"{name}_command", metavar="SUBCOMMAND", title="subcommands")


def add_client(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("client", metavar="CLIENT", help="a client id or its exact name (case-insensitive)")
    parser.add_argument("--workspace", metavar="SLUG", help="the workspace, when the name is used in several")


def add_actor(
    parser: argparse.ArgumentParser, who: str = "vCIO or higher in the client's workspace", *, required: bool = False
) -> None:
    """``--as EMAIL``: the staff member the activity log names; handlers read ``args.as_email``."""
    default = "" if required else " (default: no one)"
    parser.add_argument(
        "--as",
        dest="as_email",
        metavar="EMAIL",
        required=required,
        help=f"the staff member ({who}) the activity log names{default}",
    )


def add_spreadsheet_output(parser: argparse.ArgumentParser) -> None:
    """``--format csv|xlsx`` and ``--output FILE``; the handler reads them with :func:`spreadsheet_output`."""
    parser.add_argument("--format", choices=["csv", "xlsx"], help="(default: xlsx when FILE ends in .xlsx, else csv)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")


def spreadsheet_output(args: argparse.Namespace) -> tuple[str | None, str]:
    """(the file to write, or None for standard output; csv or xlsx). A workbook needs a file."""
    output = args.output if args.output and args.output != "-" else None
    fmt = args.format or ("xlsx" if output and output.lower().endswith(".xlsx") else "csv")
    if fmt == "xlsx" and output is None:
        raise CommandError("--format xlsx needs --output FILE (a workbook is not text)", status=2)
    return output, fmt


# --- printing ------------------------------------------------------------------------------------------------


def say(out: TextIO, text: str = "") -> None:
    print(text, file=out, flush=True)


def print_error(message: str, err: TextIO) -> None:
    print(f"{PROG}: error: {message}", file=err, flush=True)


def print_refusal(message: str, problems: list[str]) -> int:
    """The one error line, then each problem indented on its own line; exit status 2."""
    print_error(one_line(message), sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 2


def table(rows: list[list[str]], out: TextIO) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        say(out, "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def money(amount: Any, currency: str | None = None) -> str:
    """An amount for the terminal: "1,089.00", or in a workspace's currency "$1,089.00" (core.domain.money's rule)."""
    if currency:
        from sevenc.core.domain import money as domain_money

        return domain_money.format_money(amount, currency, domain_money.DEFAULT_LOCALE)
    return f"{amount:,.2f}"


def short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def score_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


# --- files ---------------------------------------------------------------------------------------------------


def read_bytes(file: str) -> tuple[bytes, str]:
    """The content of ``file`` ('-': standard input) and the name to report it by."""
    if file == "-":
        return sys.stdin.buffer.read(), "(stdin)"
    path = Path(file)
    try:
        return path.read_bytes(), path.name
    except OSError as exc:
        raise CommandError(f"cannot read {file}: {exc.strerror or exc}") from None


def write_file(path: str, data: bytes) -> None:
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None

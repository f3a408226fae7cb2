"""The ``sevenc`` command: demo, serve, migrate, createadmin, catalog, assessment, scores, plan, meetings,
operational-plan, matrix, openapi, manage.

Each module here registers one domain's commands (``register(subparsers)``): their parsers, and the handler each
runs, named by module and function in ``sevenc.cli.handlers``. A handler is a thin shell around services and
selectors, like a view; it is imported only when its command runs, after Django is set up, so ``sevenc --help``
needs neither settings nor a database. Errors become one line on stderr: a bad environment (ConfigError) or an
unreachable database exits 2, a refused request (ApplicationError) exits 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import TextIO

from django.db.utils import OperationalError

from sevenc.cli import assessments, catalog, matrix, meetings, plan, server, tools
from sevenc.cli.base import PROG, CommandError, load, print_error
from sevenc.conf import ConfigError, one_line
from sevenc.core.domain.errors import ApplicationError

__all__ = ["build_parser", "main"]

# In the order `sevenc --help` lists their commands.
DOMAINS = (server, catalog, assessments, plan, meetings, matrix, tools)


def _version() -> str:
    try:
        return version("sevenc")
    except PackageNotFoundError:  # running from a source tree that was not installed
        return "0+unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="sevenc: the self-hostable vCIO platform for MSPs on the 7C IT Management Framework.",
        epilog="Settings come from the environment (SEVENC_DATA_DIR, DATABASE_URL, …); see docs/configuration.md.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for domain in DOMAINS:
        domain.register(sub)
    return parser


def _run(args_list: list[str], out: TextIO) -> int:
    if args_list[:1] == ["manage"]:  # everything after it is Django's, unparsed
        return load("tools", "run_manage", database=False)(args_list[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else 0
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(out)
        return 2
    return int(func(args, out) or 0)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    out, err = sys.stdout, sys.stderr
    try:
        return _run(args_list, out)
    except ConfigError as exc:
        print_error(one_line(str(exc)), err)
        return 2
    except ApplicationError as exc:
        print_error(one_line(exc.message), err)
        for field, problems in exc.fields.items():
            for problem in problems:
                prefix = "" if field in {"__all__", "document", "rows"} else f"{field}: "
                print(f"  {prefix}{problem}", file=err)
        return 1
    except CommandError as exc:
        print_error(one_line(str(exc)), err)
        return exc.status
    except KeyboardInterrupt:
        print(file=err)
        return 130
    except BrokenPipeError:  # the reader went away (`sevenc assessment list | head`): stop quietly
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())  # so the flush at exit does not fail again
        except (OSError, ValueError, AttributeError):
            pass
        return 141
    except OperationalError as exc:
        print_error(f"cannot use the database: {one_line(str(exc))} (check DATABASE_URL)", err)
        return 2

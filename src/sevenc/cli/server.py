"""``sevenc demo``, ``serve``, ``migrate`` and ``createadmin``: set up, fill and serve an installation."""

from __future__ import annotations

from sevenc.cli.base import Command, Subparsers, add_command, positive

DEFAULT_WORKSPACE = "My MSP"


def register(sub: Subparsers) -> None:
    _demo(sub)
    _serve(sub)
    p = add_command(
        sub,
        "migrate",
        Command("server", "cmd_migrate"),
        "create or update the database tables and load the shipped catalog",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    _createadmin(sub)


def _demo(sub: Subparsers) -> None:
    p = add_command(
        sub,
        "demo",
        Command("server", "cmd_demo"),
        "set up a demo workspace with sample clients and serve it",
        "Migrate the database, load the 7C catalog, create (or refresh) the demo workspace "
        "'Northwind IT Partners' with sample clients, print the logins and serve the app. "
        "Safe to run again: nothing is duplicated.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    p.add_argument("--port", type=positive, default=8000, help="port to listen on (default: %(default)s)")
    p.add_argument("--no-serve", action="store_true", help="load the demo data and stop, without serving")


def _serve(sub: Subparsers) -> None:
    p = add_command(
        sub,
        "serve",
        Command("server", "cmd_serve"),
        "serve sevenc with gunicorn (production server)",
        "Serve sevenc with gunicorn. Static files are served by the app itself (WhiteNoise). "
        "Put a TLS-terminating proxy (nginx, Caddy) in front and set BEHIND_PROXY=true.",
    )
    p.add_argument("--bind", default="127.0.0.1:8000", help="HOST:PORT to listen on (default: %(default)s)")
    p.add_argument("--workers", type=positive, default=2, help="worker processes (default: %(default)s)")
    p.add_argument(
        "--timeout",
        type=positive,
        default=30,
        help="seconds before a silent worker is restarted (default: %(default)s)",
    )


def _createadmin(sub: Subparsers) -> None:
    p = add_command(
        sub,
        "createadmin",
        Command("server", "cmd_createadmin"),
        "create a user who owns a workspace (or find them)",
        "Create a user (or find an existing one) and make sure they own a workspace. "
        "Without --password the password is asked twice.",
    )
    p.add_argument("--email", required=True, help="the user's email address (their login)")
    p.add_argument("--password", help="the password (avoid on shared machines: it lands in the shell history)")
    p.add_argument(
        "--workspace",
        metavar="NAME",
        help=f"workspace the user owns; created if they have none by that name "
        f"(default: any workspace they own, else {DEFAULT_WORKSPACE!r})",
    )
    p.add_argument("--full-name", default="", help="the user's full name")
    p.add_argument(
        "--currency",
        metavar="CODE",
        default="EUR",
        help="ISO 4217 code of a workspace created now, such as EUR or USD: every amount of the workspace is in "
        "it (default: EUR; an existing workspace keeps its own)",
    )

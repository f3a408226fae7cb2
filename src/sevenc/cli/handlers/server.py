"""``sevenc demo``, ``serve``, ``migrate`` and ``createadmin``."""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.validators import validate_email
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from gunicorn.app.base import BaseApplication

from sevenc.catalog import selectors as catalog_selectors
from sevenc.catalog import services as catalog_services
from sevenc.catalog.domain import document
from sevenc.cli.base import CommandError, say, table
from sevenc.cli.server import DEFAULT_WORKSPACE
from sevenc.core.domain import money
from sevenc.core.domain.errors import ApplicationError
from sevenc.core.domain.roles import StaffRole
from sevenc.responsibility.library import library_load_shipped
from sevenc.tenancy import selectors as tenancy_selectors
from sevenc.tenancy import services as tenancy_services

# --- the database --------------------------------------------------------------------------------------------


def _migrate(*, out: TextIO, verbose: bool) -> None:
    if verbose:
        call_command("migrate", interactive=False, verbosity=1, stdout=out)
    else:
        call_command("migrate", interactive=False, verbosity=0)


def _load_catalog(*, out: TextIO) -> None:
    for result in catalog_services.framework_load_shipped():
        fw = result.framework
        blocks, areas, practices = document.counts(catalog_selectors.framework_tree(framework=fw))
        state = "loaded" if result.created else "already loaded"
        say(out, f"Catalog: {fw.key} {fw.version} {state} ({blocks} blocks, {areas} areas, {practices} practices)")


def _load_responsibility_library(*, out: TextIO) -> None:
    result = library_load_shipped()
    updated = f", {result.updated} updated" if result.updated else ""
    say(out, f"Responsibility areas: {result.total} loaded ({result.created} new{updated})")


def _pending_migrations() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def cmd_migrate(args: argparse.Namespace, out: TextIO) -> int:
    started = time.monotonic()
    say(out, "Migrating the database …")
    _migrate(out=out, verbose=not args.quiet)
    _load_catalog(out=out)
    _load_responsibility_library(out=out)
    say(out, f"Done in {time.monotonic() - started:.1f}s.")
    return 0


# --- serve and demo ------------------------------------------------------------------------------------------


def _parse_bind(bind: str) -> tuple[str, int]:
    host, sep, port = bind.rpartition(":")
    if not sep or not port.isdigit() or not host:
        raise CommandError(f"--bind {bind!r}: expected HOST:PORT, e.g. 127.0.0.1:8000", status=2)
    return host, int(port)


class _Server(BaseApplication):  # type: ignore[misc]
    """gunicorn running ``application`` in this process."""

    def __init__(self, application: Any, options: dict[str, Any]) -> None:
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # settings differ between gunicorn versions
                self.cfg.set(key, value)

    def load(self) -> Any:
        return self.application


def _run_gunicorn(*, bind: str, workers: int, timeout: int, out: TextIO) -> int:
    """Serve sevenc with gunicorn in this process until it is stopped (Ctrl-C or SIGTERM)."""
    # Importing sevenc.wsgi builds the application, middleware and all (WhiteNoise scans the static files), here
    # before the workers fork; at the top of the module, `sevenc migrate` and `createadmin` would build it too.
    from sevenc.wsgi import application

    host, port = _parse_bind(bind)
    pending = _pending_migrations()
    if pending:
        raise CommandError(f"the database lacks {pending} migration(s); run `sevenc migrate` first")
    connections.close_all()  # the workers open their own connections after the fork
    shown = bind if host not in {"0.0.0.0", "[::]"} else f"<this machine's address>:{port}"
    say(
        out,
        f"sevenc is listening on http://{shown}/ ({workers} worker{'s' if workers != 1 else ''}); stop it with Ctrl-C",
    )
    options = {
        "bind": bind,
        "workers": workers,
        "timeout": timeout,
        "accesslog": "-",
        "errorlog": "-",
        "proc_name": "sevenc",
        "forwarded_allow_ips": "127.0.0.1,::1",
        "control_socket_disable": True,  # gunicorn 25+: no control socket in $HOME
    }
    try:
        _Server(application, options).run()
    except SystemExit as exc:  # gunicorn exits through sys.exit when it halts
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    return _run_gunicorn(bind=args.bind, workers=args.workers, timeout=args.timeout, out=out)


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    # The demo data imports every app's services (a quarter of a second); only this command needs it, so not at
    # the top, where `sevenc migrate` and `createadmin` would load it too.
    from sevenc.demo import demo_load

    say(out, "Preparing the database …")
    _migrate(out=out, verbose=False)
    _load_catalog(out=out)
    _load_responsibility_library(out=out)
    info = demo_load(stdout=out)
    url = f"http://{args.host}:{args.port}/"
    say(out)
    say(out, f"Demo workspace: {info.workspace.name} ({'created' if info.created else 'already there'})")
    say(out, "Log in with any of these (the password is the same for all):")
    table([["  ROLE", "EMAIL", "PASSWORD"], *(["  " + role, email, pw] for role, email, pw in info.logins)], out)
    if args.no_serve:
        say(out, f"Start it with `sevenc demo` or `sevenc serve`, then open {url}")
        return 0
    say(out, f"Open {url} in a browser.")
    return _run_gunicorn(bind=f"{args.host}:{args.port}", workers=2, timeout=30, out=out)


# --- createadmin ---------------------------------------------------------------------------------------------


def _ask_password() -> str:
    if not sys.stdin.isatty():
        raise CommandError("no password given: pass --password or run in a terminal to be asked")
    first = getpass.getpass("Password: ")
    second = getpass.getpass("Password (again): ")
    if first != second:
        raise CommandError("the two passwords differ")
    return first


def _password(args: argparse.Namespace, email: str, existing: Any) -> str | None:
    """The new password: --password, else asked for a new user; checked by Django's validators. None keeps an
    existing user's password."""
    password: str | None = args.password
    if existing is None and password is None:
        password = _ask_password()
    if password is not None:
        candidate = existing or get_user_model()(email=email, full_name=args.full_name or "")
        try:
            validate_password(password, user=candidate)
        except ValidationError as exc:
            raise ApplicationError("The password is too weak.", fields={"password": list(exc.messages)}) from None
    return password


def _user_save(args: argparse.Namespace, email: str, password: str | None, out: TextIO) -> Any:
    user, created = tenancy_services.user_get_or_create(email=email, full_name=args.full_name or "")
    if password is not None:
        user.set_password(password)
        user.save(update_fields=["password"])
    if created:
        say(out, f"Created user {user.email}.")
    elif password is not None:
        say(out, f"User {user.email} exists; password changed.")
    else:
        say(out, f"User {user.email} exists; password unchanged (pass --password to change it).")
    if args.full_name and user.full_name != args.full_name.strip():
        user.full_name = args.full_name.strip()
        user.save(update_fields=["full_name"])
    return user


def _workspace_owned(args: argparse.Namespace, user: Any, out: TextIO) -> None:
    """Make sure ``user`` owns the workspace --workspace names (else any, else a new one called DEFAULT_WORKSPACE)."""
    memberships = tenancy_selectors.membership_list_for_user(user=user)
    wanted = (args.workspace or "").strip()
    if wanted:
        match = [m for m in memberships if m.workspace.name.lower() == wanted.lower()]
        if match and match[0].role != StaffRole.OWNER:
            raise ApplicationError(
                f"{user.email} is a member of {match[0].workspace.name} as {match[0].role}, not owner; "
                "an owner can change the role under Staff in the web UI."
            )
        owned = match[0].workspace if match else None
    else:
        owned = next((m.workspace for m in memberships if m.role == StaffRole.OWNER), None)
        wanted = DEFAULT_WORKSPACE
    if owned is not None:
        say(out, f"{user.email} is owner of workspace {owned.name} (/{owned.slug}).")
    else:
        owned = tenancy_services.workspace_create(name=wanted, owner=user, currency=args.currency)
        say(out, f"Created workspace {owned.name} (/{owned.slug}) in {owned.currency} with {user.email} as owner.")


def cmd_createadmin(args: argparse.Namespace, out: TextIO) -> int:
    email = (args.email or "").strip().lower()
    existing = get_user_model().objects.filter(email=email).first() if email else None
    try:
        validate_email(email)
    except ValidationError:
        raise ApplicationError(f"{args.email!r} is not a valid email address.") from None
    problem = money.currency_problem(money.normalise_currency(args.currency))
    if problem is not None:
        raise ApplicationError(f"--currency: {problem}")
    password = _password(args, email, existing)
    with transaction.atomic():
        user = _user_save(args, email, password, out)
        _workspace_owned(args, user, out)
    return 0

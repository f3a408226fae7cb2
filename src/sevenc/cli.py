"""The ``sevenc`` command: demo, serve, migrate, createadmin, catalog, assessment, scores, plan, matrix,
openapi, manage.

Each command is a thin shell around services and selectors, like a view. Django is set up lazily
inside the commands, so ``sevenc --help`` works without a database. Errors become one line on
stderr: a bad environment (ConfigError) or an unreachable database exits 2, a refused request
(ApplicationError) exits 1.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from sevenc.conf import ConfigError
from sevenc.core.domain.errors import ApplicationError

PROG = "sevenc"


class CommandError(Exception):
    """A command cannot go on; the message is printed as one line and the exit status is ``status``."""

    def __init__(self, message: str, *, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


# --- helpers ------------------------------------------------------------------------------------------


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("sevenc")
    except PackageNotFoundError:  # running from a source tree that was not installed
        return "0+unknown"


def _setup(*, database: bool = True) -> None:
    """Load the settings (may raise ConfigError) and the apps, and check that the database answers."""
    from sevenc.conf import use_settings_module

    use_settings_module()
    import django

    django.setup()
    if database:
        from django.db import connection

        connection.ensure_connection()  # an unreachable database fails here, before any output


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _say(out: TextIO, text: str = "") -> None:
    print(text, file=out, flush=True)


def _migrate(*, out: TextIO, verbose: bool) -> None:
    from django.core.management import call_command

    if verbose:
        call_command("migrate", interactive=False, verbosity=1, stdout=out)
    else:
        call_command("migrate", interactive=False, verbosity=0)


def _load_catalog(*, out: TextIO) -> None:
    from sevenc.catalog import selectors, services
    from sevenc.catalog.domain import document

    for result in services.framework_load_shipped():
        fw = result.framework
        blocks, areas, practices = document.counts(selectors.framework_tree(framework=fw))
        state = "loaded" if result.created else "already loaded"
        _say(out, f"Catalog: {fw.key} {fw.version} {state} ({blocks} blocks, {areas} areas, {practices} practices)")


def _load_responsibility_library(*, out: TextIO) -> None:
    from sevenc.responsibility.library import library_load_shipped

    result = library_load_shipped()
    updated = f", {result.updated} updated" if result.updated else ""
    _say(out, f"Responsibility areas: {result.total} loaded ({result.created} new{updated})")


def _pending_migrations() -> int:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


# --- serve --------------------------------------------------------------------------------------------


def _parse_bind(bind: str) -> tuple[str, int]:
    host, sep, port = bind.rpartition(":")
    if not sep or not port.isdigit() or not host:
        raise CommandError(f"--bind {bind!r}: expected HOST:PORT, e.g. 127.0.0.1:8000", status=2)
    return host, int(port)


def _run_gunicorn(*, bind: str, workers: int, timeout: int, out: TextIO) -> int:
    """Serve sevenc with gunicorn in this process until it is stopped (Ctrl-C or SIGTERM)."""
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from sevenc.wsgi import application

    host, port = _parse_bind(bind)
    pending = _pending_migrations()
    if pending:
        raise CommandError(f"the database lacks {pending} migration(s); run `sevenc migrate` first")
    connections.close_all()  # the workers open their own connections after the fork

    class Server(BaseApplication):  # type: ignore[misc]
        def __init__(self, options: dict[str, Any]) -> None:
            self.options = options
            super().__init__()

        def load_config(self) -> None:
            for key, value in self.options.items():
                if key in self.cfg.settings:  # settings differ between gunicorn versions
                    self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    shown = bind if host not in {"0.0.0.0", "[::]"} else f"<this machine's address>:{port}"
    _say(
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
        Server(options).run()
    except SystemExit as exc:  # gunicorn exits through sys.exit when it halts
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    _setup()
    return _run_gunicorn(bind=args.bind, workers=args.workers, timeout=args.timeout, out=out)


# --- demo ---------------------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    _setup()
    from sevenc.demo import demo_load

    _say(out, "Preparing the database …")
    _migrate(out=out, verbose=False)
    _load_catalog(out=out)
    _load_responsibility_library(out=out)
    info = demo_load(stdout=out)
    url = f"http://{args.host}:{args.port}/"
    _say(out)
    _say(out, f"Demo workspace: {info.workspace.name} ({'created' if info.created else 'already there'})")
    _say(out, "Log in with any of these (the password is the same for all):")
    _table([["  ROLE", "EMAIL", "PASSWORD"], *(["  " + role, email, pw] for role, email, pw in info.logins)], out)
    if args.no_serve:
        _say(out, f"Start it with `sevenc demo` or `sevenc serve`, then open {url}")
        return 0
    _say(out, f"Open {url} in a browser.")
    return _run_gunicorn(bind=f"{args.host}:{args.port}", workers=2, timeout=30, out=out)


# --- migrate ------------------------------------------------------------------------------------------


def cmd_migrate(args: argparse.Namespace, out: TextIO) -> int:
    _setup()
    started = time.monotonic()
    _say(out, "Migrating the database …")
    _migrate(out=out, verbose=not args.quiet)
    _load_catalog(out=out)
    _load_responsibility_library(out=out)
    _say(out, f"Done in {time.monotonic() - started:.1f}s.")
    return 0


# --- createadmin --------------------------------------------------------------------------------------

DEFAULT_WORKSPACE = "My MSP"


def _ask_password() -> str:
    if not sys.stdin.isatty():
        raise CommandError("no password given: pass --password or run in a terminal to be asked")
    first = getpass.getpass("Password: ")
    second = getpass.getpass("Password (again): ")
    if first != second:
        raise CommandError("the two passwords differ")
    return first


def cmd_createadmin(args: argparse.Namespace, out: TextIO) -> int:
    _setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from django.db import transaction

    from sevenc.core.domain.roles import StaffRole
    from sevenc.tenancy import selectors as tenancy_selectors
    from sevenc.tenancy import services as tenancy_services

    User = get_user_model()
    email = (args.email or "").strip().lower()
    existing = User.objects.filter(email=email).first() if email else None
    password = args.password
    try:
        validate_email(email)
    except ValidationError:
        raise ApplicationError(f"{args.email!r} is not a valid email address.") from None
    if existing is None and password is None:
        password = _ask_password()
    if password is not None:
        candidate = existing or User(email=email, full_name=args.full_name or "")
        try:
            validate_password(password, user=candidate)
        except ValidationError as exc:
            raise ApplicationError("The password is too weak.", fields={"password": list(exc.messages)}) from None

    with transaction.atomic():
        user, created = tenancy_services.user_get_or_create(email=email, full_name=args.full_name or "")
        if password is not None:
            user.set_password(password)
            user.save(update_fields=["password"])
        if created:
            _say(out, f"Created user {user.email}.")
        elif password is not None:
            _say(out, f"User {user.email} exists; password changed.")
        else:
            _say(out, f"User {user.email} exists; password unchanged (pass --password to change it).")
        if args.full_name and user.full_name != args.full_name.strip():
            user.full_name = args.full_name.strip()
            user.save(update_fields=["full_name"])

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
            _say(out, f"{user.email} is owner of workspace {owned.name} (/{owned.slug}).")
        else:
            owned = tenancy_services.workspace_create(name=wanted, owner=user)
            _say(out, f"Created workspace {owned.name} (/{owned.slug}) with {user.email} as owner.")
    return 0


# --- catalog ------------------------------------------------------------------------------------------


def _catalog_workspace(slug: str | None) -> Any:
    """The workspace named by ``--workspace`` (its slug), or None for the shipped frameworks."""
    if not slug:
        return None
    from sevenc.tenancy.models import Workspace

    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        raise CommandError(f"no workspace {slug!r}; the address of its pages shows its slug (/{slug}/…)")
    return workspace


def _framework_get(key: str, version: str | None, workspace: Any = None) -> Any:
    from django.http import Http404

    from sevenc.catalog import selectors

    try:
        return selectors.framework_get(workspace=workspace, key=key, version=version)
    except Http404:
        which = f"{key!r} version {version!r}" if version else repr(key)
        where = f" in workspace {workspace.slug!r}" if workspace is not None else ""
        raise CommandError(f"no framework {which}{where}; `sevenc catalog list` shows those there are") from None


def _table(rows: list[list[str]], out: TextIO) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        _say(out, "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def _catalog_help(args: argparse.Namespace, out: TextIO) -> int:
    args.catalog_parser.print_help(out)
    return 2


def cmd_catalog_list(args: argparse.Namespace, out: TextIO) -> int:
    _setup()
    from sevenc.catalog import selectors

    rows = [["KEY", "VERSION", "NAME", "BLOCKS/AREAS/PRACTICES", "ORIGIN"]]
    for fw in selectors.framework_list_all():
        origin = "shipped" if fw.workspace_id is None else f"derived ({fw.workspace.name})"
        rows.append([fw.key, fw.version, fw.name, f"{fw.block_count}/{fw.area_count}/{fw.practice_count}", origin])
    if len(rows) == 1:
        _say(out, "No frameworks yet; `sevenc migrate` loads the shipped ones.")
        return 0
    _table(rows, out)
    return 0


def export_text(doc: dict[str, Any], fmt: str) -> str:
    if fmt == "yaml":
        import yaml

        return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def cmd_catalog_export(args: argparse.Namespace, out: TextIO) -> int:
    _setup()
    from sevenc.catalog import selectors

    framework = _framework_get(args.framework, args.version, _catalog_workspace(args.workspace))
    text = export_text(selectors.framework_tree(framework=framework), args.format)
    if args.output and args.output != "-":
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Wrote {framework.key} {framework.version} to {args.output}", file=sys.stderr)
    else:
        out.write(text)
    return 0


def cmd_catalog_import(args: argparse.Namespace, out: TextIO) -> int:
    _setup()
    from sevenc.catalog import services
    from sevenc.catalog.domain import document

    workspace = _catalog_workspace(args.workspace)
    if args.file == "-":
        text, name = sys.stdin.read(), "(stdin)"
    else:
        path = Path(args.file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {args.file}: {getattr(exc, 'strerror', None) or exc}") from None
        name = path.name
    doc = services.framework_document_parse(text, filename=name)
    result = services.framework_load(doc=doc, workspace=workspace)
    blocks, areas, practices = document.counts(doc)
    fw = result.framework
    state = "Created" if result.created else "Already loaded:"
    where = f" in workspace {workspace.name} (/{workspace.slug})" if workspace is not None else ""
    _say(
        out, f"{state} {fw.key} {fw.version} — {fw.name} ({blocks} blocks, {areas} areas, {practices} practices){where}"
    )
    return 0


# --- assessment and scores ----------------------------------------------------------------------------
# The command line has no workspace context: it finds assessments and clients across workspaces through the
# *_unscoped selectors of sevenc.assessments.selectors (trusted local use only), and names the workspace it prints.


def _assessment_help(args: argparse.Namespace, out: TextIO) -> int:
    args.assessment_parser.print_help(out)
    return 2


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _write_file(path: str, data: bytes) -> None:
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None


def cmd_assessment_list(args: argparse.Namespace, out: TextIO) -> int:
    _setup()
    from sevenc.assessments import selectors as assessment_selectors

    client = (
        assessment_selectors.client_get_unscoped(ref=args.client, workspace_slug=args.workspace)
        if args.client
        else None
    )
    assessments = assessment_selectors.assessment_list_unscoped(client=client, workspace_slug=args.workspace)
    rows = [["ID", "WORKSPACE", "CLIENT", "TITLE", "DATE", "STATUS", "ANSWERED"]]
    for a in assessments:
        rows.append(
            [
                str(a.pk),
                a.workspace.slug,
                a.client.name,
                a.title,
                a.assessed_on.isoformat(),
                a.status,
                f"{a.answered_count}/{a.practice_count}",
            ]
        )
    if len(rows) == 1:
        _say(out, f"{client.name} has no assessments yet." if client is not None else "No assessments yet.")
        return 0
    _table(rows, out)
    return 0


def cmd_assessment_export(args: argparse.Namespace, out: TextIO) -> int:
    output = args.output if args.output and args.output != "-" else None
    fmt = args.format or ("xlsx" if output and output.lower().endswith(".xlsx") else "csv")
    if fmt == "xlsx" and output is None:
        raise CommandError("--format xlsx needs --output FILE (a workbook is not text)", status=2)
    _setup()
    from sevenc.assessments import selectors as assessment_selectors
    from sevenc.assessments.transfer import services as transfer
    from sevenc.core.domain import spreadsheets

    assessment = assessment_selectors.assessment_get_unscoped(pk=args.assessment_id)
    rows = transfer.answers_export_rows(workspace=assessment.workspace, assessment=assessment)
    if output is None:
        out.write(spreadsheets.csv_text(transfer.answers_table(rows)))
        return 0
    data = transfer.answers_to_xlsx(rows, title=assessment.title) if fmt == "xlsx" else transfer.answers_to_csv(rows)
    _write_file(output, data)
    print(
        f"Wrote {_plural(len(rows), 'answer')} of “{assessment.title}” ({assessment.client.name}) to {output}",
        file=sys.stderr,
    )
    return 0


def _import_actor(workspace: Any, email: str) -> Any:
    """The staff member the activity log will name; they must be allowed to answer assessments."""
    from sevenc.assessments import selectors as assessment_selectors
    from sevenc.core.domain.roles import Capability, StaffRole, role_can

    membership = assessment_selectors.staff_membership_get(workspace=workspace, email=email)
    if membership is None or not membership.user.is_active:
        raise ApplicationError(
            f"{email} is not an active staff member of {workspace.name} (/{workspace.slug}); --as must name one"
        )
    if not role_can(membership.role, Capability.ANSWER):
        raise ApplicationError(
            f"{membership.user.email} is {membership.role} in {workspace.name}; importing "
            f"answers needs {StaffRole.ANALYST.value} or higher"
        )
    return membership.user


def cmd_assessment_import(args: argparse.Namespace, out: TextIO) -> int:
    _setup()
    from sevenc.assessments import selectors as assessment_selectors
    from sevenc.assessments.transfer import services as transfer

    assessment = assessment_selectors.assessment_get_unscoped(pk=args.assessment_id)
    actor = _import_actor(assessment.workspace, args.as_email)
    if args.file == "-":
        content, name = sys.stdin.buffer.read(), "(stdin)"
    else:
        path = Path(args.file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {args.file}: {exc.strerror or exc}") from None
        name = path.name
    result = transfer.answers_import(
        workspace=assessment.workspace, actor=actor, assessment=assessment, content=content, filename=name
    )
    _say(out, f"{_plural(result.changed, 'answer')} changed, {result.unchanged} unchanged")
    return 0


def scores_document(*, assessment: Any, scores: Any, index: Any) -> dict[str, Any]:
    """The scores in the REST API's shape (``ScoresOut``, GET /assessments/{id}/scores)."""
    from dataclasses import asdict

    return {
        "assessment_id": assessment.pk,
        "overall": asdict(scores.overall),
        "blocks": [
            {"key": b.key, "name": index.block_names[b.key], **asdict(scores.blocks[b.key])} for b in index.tree.blocks
        ],
        "areas": [
            {"key": a.key, "block_key": a.block_key, "name": index.area_names[a.key], **asdict(scores.areas[a.key])}
            for a in index.tree.areas
        ],
        "progress": asdict(scores.progress),
    }


def _score_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def cmd_scores(args: argparse.Namespace, out: TextIO) -> int:
    _setup()
    from sevenc.assessments import selectors

    client = selectors.client_get_unscoped(ref=args.client, workspace_slug=args.workspace)
    if args.assessment is not None:
        assessment = selectors.assessment_get_unscoped(pk=args.assessment)
        if assessment.client_id != client.pk:
            raise ApplicationError(
                f"assessment {assessment.pk} is not one of {client.name}'s; "
                f"`sevenc assessment list --client {client.pk}` shows those there are"
            )
        which = f"assessment {assessment.pk} ({assessment.status})"
    else:
        assessment = selectors.assessment_previous(workspace=client.workspace, client=client)
        if assessment is None:
            raise ApplicationError(f"{client.name} has no assessments yet")
        which = "latest final assessment" if assessment.is_final else "latest draft (there is no final assessment yet)"
    scores = selectors.assessment_scores(workspace=client.workspace, assessment=assessment)
    index = selectors.framework_index(framework_id=assessment.framework_id)
    if args.format == "json":
        doc = scores_document(assessment=assessment, scores=scores, index=index)
        out.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return 0
    overall = scores.overall
    _say(out, f"{client.name} ({client.workspace.slug}): {which}")
    _say(out, f"“{assessment.title}”, {assessment.assessed_on.isoformat()}, id {assessment.pk}")
    _say(
        out,
        f"ITCq {_score_text(overall.score)}   coverage {overall.coverage:.0%}   "
        f"provisional {'yes' if overall.provisional else 'no'}",
    )
    _say(out)
    rows = [["BLOCK", "SCORE", "COVERAGE", "GATED LEVEL"]]
    for block in index.tree.blocks:
        s = scores.blocks[block.key]
        rows.append([index.block_names[block.key], _score_text(s.score), f"{s.coverage:.0%}", str(s.gated_level)])
    _table(rows, out)
    return 0


# --- plan ---------------------------------------------------------------------------------------------
# A client's action plan, found as `scores` finds the client (id or exact name, --workspace when it is ambiguous).
# The services write the activity log; --as names the staff member it credits (else no one).


def _plan_help(args: argparse.Namespace, out: TextIO) -> int:
    args.plan_parser.print_help(out)
    return 2


def _actor(workspace: Any, email: str | None, capability: Any, doing: str) -> Any:
    """The staff member the activity log names (``--as``), who must have ``capability`` in the client's
    workspace; None without --as. ``doing`` names the work in the refusal ("planning needs vcio or higher")."""
    if not email:
        return None
    from sevenc.assessments import selectors as assessment_selectors
    from sevenc.core.domain.roles import REQUIRED_ROLE, role_can

    membership = assessment_selectors.staff_membership_get(workspace=workspace, email=email)
    if membership is None or not membership.user.is_active:
        raise ApplicationError(
            f"{email} is not an active staff member of {workspace.name} (/{workspace.slug}); --as must name one"
        )
    if not role_can(membership.role, capability):
        raise ApplicationError(
            f"{membership.user.email} is {membership.role} in {workspace.name}; {doing} needs "
            f"{REQUIRED_ROLE[capability].value} or higher"
        )
    return membership.user


def _plan_actor(workspace: Any, email: str | None) -> Any:
    from sevenc.core.domain.roles import Capability

    return _actor(workspace, email, Capability.MANAGE_PLANS, "planning")


def _money(amount: Any) -> str:
    return f"{amount:,.2f}"


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_plan_generate(args: argparse.Namespace, out: TextIO) -> int:
    _setup()
    from sevenc.assessments import selectors as assessment_selectors
    from sevenc.planning import services

    client = assessment_selectors.client_get_unscoped(ref=args.client, workspace_slug=args.workspace)
    assessment = None
    if args.assessment is not None:
        assessment = assessment_selectors.assessment_get_unscoped(pk=args.assessment)
        if assessment.client_id != client.pk:
            raise ApplicationError(
                f"assessment {assessment.pk} is not one of {client.name}'s; "
                f"`sevenc assessment list --client {client.pk}` shows those there are"
            )
    actor = _plan_actor(client.workspace, args.as_email)
    _say(out, f"Proposing action items for {client.name} ({client.workspace.slug}) from its gaps …")
    result = services.items_generate(workspace=client.workspace, actor=actor, client=client, assessment=assessment)
    if result.assessment is None:
        raise ApplicationError(f"{client.name} has no assessment to plan from yet")
    a = result.assessment
    _say(out, f"From “{a.title}”, {a.assessed_on.isoformat()}, id {a.pk}: {result.message}")
    if result.replaced:
        _say(out, f"{_plural(result.replaced, 'untouched earlier proposal')} replaced.")
    if result.created:
        _say(out)
        rows = [["ID", "PRIORITY", "ONE-TIME", "MONTHLY", "HOURS", "TITLE"]]
        for item in result.created:
            rows.append(
                [
                    str(item.pk),
                    item.get_priority_display(),
                    _money(item.one_time_cost),
                    _money(item.recurring_monthly_cost),
                    f"{item.effort_hours:.1f}",
                    _short(item.title),
                ]
            )
        _table(rows, out)
    return 0


def cmd_plan_schedule(args: argparse.Namespace, out: TextIO) -> int:
    _setup()
    from django.db import transaction

    from sevenc.assessments import selectors as assessment_selectors
    from sevenc.planning import selectors, services

    client = assessment_selectors.client_get_unscoped(ref=args.client, workspace_slug=args.workspace)
    workspace = client.workspace
    actor = _plan_actor(workspace, args.as_email)
    limits = {
        k: v
        for k, v in (
            ("first_quarter", args.first_quarter),
            ("quarters", args.quarters),
            ("budget_per_quarter", args.budget),
            ("hours_per_quarter", args.hours),
        )
        if v is not None
    }
    method = "greedy" if args.greedy else "solver"
    stage = "limits"
    try:
        with transaction.atomic():  # an infeasible plan keeps the old limits too
            if limits:
                services.roadmap_update(workspace=workspace, actor=actor, client=client, version=None, **limits)
            stage = "schedule"
            _say(
                out,
                f"Scheduling the open items of {client.name} ({workspace.slug}) "
                f"{'greedily' if args.greedy else 'with the solver (a second or two)'} …",
            )
            result = services.roadmap_schedule(workspace=workspace, actor=actor, client=client, method=method)
    except ApplicationError as exc:
        if stage != "schedule" or "__all__" not in exc.fields:
            raise
        _print_error(_one_line(f"{exc.message} Nothing was changed."), sys.stderr)
        for reason in exc.fields["__all__"]:
            print(f"  {reason}", file=sys.stderr)
        return 2
    view = selectors.roadmap_view(workspace=workspace, client=client)
    plan = result.schedule
    _say(out, f"Method: {plan.method}{f' ({plan.note})' if plan.note else ''}")
    _say(
        out,
        f"{_plural(len(plan.plan), 'item')} placed, {len(plan.unscheduled)} left in the backlog, "
        f"{len(result.excluded)} left out; {result.moved} moved.",
    )
    titles = {i.pk: i.title for i in [*view.backlog, *view.earlier, *(i for c in view.columns for i in c.items)]}
    for col in view.columns:
        _say(out)
        over = [w for w, flag in (("budget", col.over_budget), ("hours", col.over_hours)) if flag]
        projected = f"   ITCq {_score_text(col.projected.score)}" if col.projected else ""
        _say(
            out,
            f"{col.quarter}   spend {_money(col.spend)} / {_money(col.budget)}   "
            f"hours {col.hours:.1f} / {col.capacity:.1f}{projected}"
            f"{'   OVER ' + ' and '.join(over) if over else ''}",
        )
        if not col.items:
            _say(out, "  (nothing planned)")
        for item in col.items:
            flags = ", ".join(
                f
                for f, on in (("pinned", item.pinned), (item.get_status_display().lower(), item.status != "proposed"))
                if on
            )
            _say(out, f"  #{item.pk}  {_short(item.title)}{f'  ({flags})' if flags else ''}")
    if plan.unscheduled:
        _say(out)
        _say(out, "Left in the backlog (over the limits):")
        for key in plan.unscheduled:
            _say(out, f"  #{key}  {_short(titles.get(int(key), ''))}")
    if result.excluded:
        _say(out)
        _say(out, "Left out of the schedule:")
        for pk, reason in result.excluded.items():
            _say(out, f"  #{pk}  {_short(titles.get(pk, ''))}: {reason}")
    return 0


def cmd_plan_export(args: argparse.Namespace, out: TextIO) -> int:
    output = args.output if args.output and args.output != "-" else None
    fmt = args.format or ("xlsx" if output and output.lower().endswith(".xlsx") else "csv")
    if fmt == "xlsx" and output is None:
        raise CommandError("--format xlsx needs --output FILE (a workbook is not text)", status=2)
    _setup()
    from sevenc.assessments import selectors as assessment_selectors
    from sevenc.core.domain import spreadsheets
    from sevenc.planning import export

    client = assessment_selectors.client_get_unscoped(ref=args.client, workspace_slug=args.workspace)
    rows = export.plan_table(workspace=client.workspace, client=client)
    if output is None:
        out.write(spreadsheets.csv_text(rows))
        return 0
    data = export.to_xlsx(rows, title=f"Action plan of {client.name}") if fmt == "xlsx" else export.to_csv(rows)
    _write_file(output, data)
    print(
        f"Wrote {_plural(len(rows) - 1, 'action item')} of {client.name} ({client.workspace.slug}) to {output}",
        file=sys.stderr,
    )
    return 0


def cmd_plan_list(args: argparse.Namespace, out: TextIO) -> int:
    _setup()
    from sevenc.assessments import selectors as assessment_selectors
    from sevenc.planning import selectors

    client = assessment_selectors.client_get_unscoped(ref=args.client, workspace_slug=args.workspace)
    workspace = client.workspace
    items = list(
        selectors.item_list(workspace=workspace, client=client, status=None if args.status == "all" else args.status)
    )
    if not items:
        which = "" if args.status == "all" else f"{args.status.replace('_', ' ')} "
        _say(out, f"{client.name} has no {which}action items.")
        return 0
    basis = selectors.plan_basis(workspace=workspace, client=client)
    rates = selectors.rates_for(selectors.planning_settings_get(workspace=workspace))
    priorities = selectors.item_priorities(items=items, basis=basis, rates=rates)
    rows = [["ID", "STATUS", "QUARTER", "PRIORITY", "FIRST-YEAR COST", "HOURS", "VALUE", "VALUE/1000", "TITLE"]]
    for item in items:
        p = priorities[item.pk]
        rows.append(
            [
                str(item.pk),
                item.status,
                item.quarter or "—",
                item.get_priority_display(),
                _money(p.cost),
                f"{item.effort_hours:.1f}",
                f"{p.value:.2f}",
                f"{p.value_for_money:.2f}",
                _short(item.title),
            ]
        )
    _table(rows, out)
    return 0


# --- execution cycles and the operational plan ------------------------------------------------------------


def cmd_meetings(args: argparse.Namespace, out: TextIO) -> int:
    """The client's upcoming (or past) review meetings; with --agenda, the next one's agenda."""
    _setup()
    from sevenc.assessments import selectors as assessment_selectors
    from sevenc.planning.execution import selectors as meeting_selectors

    client = assessment_selectors.client_get_unscoped(ref=args.client, workspace_slug=args.workspace)
    workspace = client.workspace
    meetings = list(meeting_selectors.meeting_list(workspace=workspace, client=client, when=args.when)[: args.limit])
    if not meetings:
        _say(out, f"{client.name} has no {args.when} meetings.")
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
                _short(m.title),
            ]
        )
    _table(rows, out)
    if args.agenda:
        first = meetings[0]
        agenda = meeting_selectors.meeting_agenda(workspace=workspace, meeting=first).agenda
        _say(out, "")
        _say(out, f"Agenda of {first.title}:")
        for section in agenda.sections:
            _say(out, f"  {section.title}")
            if section.is_empty:
                _say(out, f"    {section.empty_text}")
            for entry in section.entries:
                late = f" (overdue {entry.overdue_days} days)" if entry.overdue_days else ""
                if entry.before is not None or entry.after is not None:
                    late = (
                        f": {'—' if entry.before is None else f'{entry.before:.0f}'} → "
                        f"{'—' if entry.after is None else f'{entry.after:.0f}'}"
                    )
                _say(out, f"    - {entry.text}{late}")
    return 0


def cmd_operational_plan(args: argparse.Namespace, out: TextIO) -> int:
    """The client's annual operational plan: initiatives by priority with owner and items, budget by quarter."""
    _setup()
    from sevenc.assessments import selectors as assessment_selectors
    from sevenc.planning.strategy import selectors as strategy_selectors

    client = assessment_selectors.client_get_unscoped(ref=args.client, workspace_slug=args.workspace)
    plan = strategy_selectors.operational_plan(workspace=client.workspace, client=client, year=args.year)
    _say(out, f"Operational plan {args.year} of {client.name} ({plan.currency})")
    if plan.is_empty:
        _say(out, "Nothing planned for this year: no initiative and no action item costs money or hours in it.")
        return 0
    for initiative in plan.initiatives:
        _say(out, "")
        owner = f", owner {initiative.owner}" if initiative.owner else ""
        _say(out, f"{initiative.title} ({initiative.priority_label} priority{owner})")
        for item in initiative.items:
            _say(out, f"  - [{item.quarter or '—'}] {item.title} ({item.status_label})")
    if plan.unassigned:
        _say(out, "")
        _say(out, "Not in an initiative:")
        for item in plan.unassigned:
            _say(out, f"  - [{item.quarter or '—'}] {item.title} ({item.status_label})")
    _say(out, "")
    rows = [
        ["", *plan.quarters, "YEAR"],
        ["cost", *[_money(v) for v in plan.totals.cost], _money(plan.totals.total_cost)],
        ["hours", *[f"{v:.1f}" for v in plan.totals.hours], f"{plan.totals.total_hours:.1f}"],
    ]
    _table(rows, out)
    return 0


# --- matrix -------------------------------------------------------------------------------------------
# A client's responsibility matrix as a file, found as `plan` finds the client; the shipped library of areas.


def _matrix_help(args: argparse.Namespace, out: TextIO) -> int:
    args.matrix_parser.print_help(out)
    return 2


def _matrix_actor(workspace: Any, email: str | None) -> Any:
    from sevenc.core.domain.roles import Capability

    return _actor(workspace, email, Capability.MANAGE_RESPONSIBILITIES, "changing the matrix")


def cmd_matrix_export(args: argparse.Namespace, out: TextIO) -> int:
    output = args.output if args.output and args.output != "-" else None
    fmt = args.format or ("xlsx" if output and output.lower().endswith(".xlsx") else "csv")
    if fmt == "xlsx" and output is None:
        raise CommandError("--format xlsx needs --output FILE (a workbook is not text)", status=2)
    _setup()
    from sevenc.assessments import selectors as assessment_selectors
    from sevenc.core.domain import spreadsheets
    from sevenc.responsibility.transfer import services as transfer

    client = assessment_selectors.client_get_unscoped(ref=args.client, workspace_slug=args.workspace)
    if output is None:
        out.write(spreadsheets.csv_text(transfer.matrix_table(workspace=client.workspace, client=client)))
        return 0
    data = (
        transfer.matrix_to_xlsx(workspace=client.workspace, client=client)
        if fmt == "xlsx"
        else transfer.matrix_to_csv(workspace=client.workspace, client=client)
    )
    _write_file(output, data)
    print(f"Wrote the responsibility matrix of {client.name} ({client.workspace.slug}) to {output}", file=sys.stderr)
    return 0


def cmd_matrix_import(args: argparse.Namespace, out: TextIO) -> int:
    _setup()
    from sevenc.assessments import selectors as assessment_selectors
    from sevenc.responsibility.transfer import services as transfer

    client = assessment_selectors.client_get_unscoped(ref=args.client, workspace_slug=args.workspace)
    actor = _matrix_actor(client.workspace, args.as_email)
    if args.file == "-":
        content, name = sys.stdin.buffer.read(), "(stdin)"
    else:
        path = Path(args.file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {args.file}: {exc.strerror or exc}") from None
        name = path.name
    try:
        result = transfer.matrix_import(
            workspace=client.workspace, actor=actor, client=client, content=content, filename=name
        )
    except ApplicationError as exc:
        if "rows" not in exc.fields:
            raise
        _print_error(_one_line(exc.message), sys.stderr)
        for problem in exc.fields["rows"]:
            print(f"  {problem}", file=sys.stderr)
        return 2
    _say(
        out,
        f"{_plural(result.changed, 'cell')} changed, {result.unchanged} unchanged "
        f"({client.name}, {client.workspace.slug})",
    )
    return 0


def cmd_matrix_findings(args: argparse.Namespace, out: TextIO) -> int:
    """What the client's matrix reveals: the analysis's findings, most severe first, and the load per party."""
    _setup()
    from sevenc.assessments import selectors as assessment_selectors
    from sevenc.responsibility import selectors

    client = assessment_selectors.client_get_unscoped(ref=args.client, workspace_slug=args.workspace)
    view = selectors.matrix_get(workspace=client.workspace, client=client)
    if not view.parties:
        _say(out, f"{client.name} has no parties yet: add its virtual IT department first.")
        return 0
    result = selectors.matrix_analysis(workspace=client.workspace, client=client, view=view)
    _say(
        out,
        f"Responsibility matrix of {client.name}: {len(view.areas)} areas × {len(view.parties)} parties, "
        f"{len(view.cells)} roles; {len(result.falls_to_ceo)} areas fall to the CEO.",
    )
    for n, f in enumerate(result.findings, start=1):
        _say(out, f"{n:3}. [{f.severity}] {f.sentence}")
    if not result.findings:
        _say(out, "No findings: every area has one Responsible and one Accountable.")
    names = {str(p.pk): p.name for p in view.parties}
    _say(out, "")
    _say(out, f"{'party':40} {'R':>4} {'A':>4} {'C':>4} {'I':>4} {'weighted':>9}")
    for pl in result.load:
        _say(
            out,
            f"{names[pl.party_key][:40]:40} {pl.responsible:4} {pl.accountable:4} {pl.consulted:4} "
            f"{pl.informed:4} {pl.weighted:9.0f}",
        )
    return 0


def cmd_matrix_areas(args: argparse.Namespace, out: TextIO) -> int:
    _setup()
    from collections import Counter

    from sevenc.responsibility.areas import selectors as api_selectors

    areas = list(api_selectors.library_list(block=args.block or ""))
    if not areas:
        if args.block and api_selectors.library_list().exists():
            blocks = sorted(set(api_selectors.library_list().values_list("block_key", flat=True)))
            raise ApplicationError(
                f"no shipped responsibility areas in block {args.block!r}; the blocks are {', '.join(blocks)}"
            )
        _say(out, "The responsibility library is not loaded yet; `sevenc migrate` loads it.")
        return 0
    rows = [["KEY", "BLOCK", "CRITICALITY", "DUTY"]]
    rows += [[a.key, a.block_key, a.criticality, _short(a.title)] for a in areas]
    _table(rows, out)
    groups = Counter(a.group for a in areas)
    blocks = Counter(a.block_key for a in areas)
    criticality = Counter(a.criticality for a in areas)
    _say(out)
    _say(
        out,
        f"{_plural(len(areas), 'area')} in {_plural(len(groups), 'group')}: "
        + ", ".join(f"{criticality[c]} {c}" for c in ("high", "medium", "low")),
    )
    _say(out, "By block: " + ", ".join(f"{b} {n}" for b, n in sorted(blocks.items())))
    return 0


# --- openapi ------------------------------------------------------------------------------------------


def cmd_openapi(args: argparse.Namespace, out: TextIO) -> int:
    _setup(database=False)
    from sevenc.api.api import api

    schema = api.get_openapi_schema()
    out.write(json.dumps(schema, indent=args.indent if args.indent > 0 else None, ensure_ascii=False) + "\n")
    return 0


# --- manage -------------------------------------------------------------------------------------------


def run_manage(rest: Sequence[str]) -> int:
    _setup(database=False)
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line([f"{PROG} manage", *rest])
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


# --- the parser ---------------------------------------------------------------------------------------


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="sevenc: the self-hostable vCIO platform for MSPs on the 7C IT Management Framework.",
        epilog="Settings come from the environment (SEVENC_DATA_DIR, DATABASE_URL, …); see docs/configuration.md.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    def add(
        name: str, func: Callable[[argparse.Namespace, TextIO], int], help_text: str, description: str | None = None
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=description or help_text)
        p.set_defaults(func=func)
        return p

    p = add(
        "demo",
        cmd_demo,
        "set up a demo workspace with sample clients and serve it",
        "Migrate the database, load the 7C catalog, create (or refresh) the demo workspace "
        "'Northwind IT Partners' with sample clients, print the logins and serve the app. "
        "Safe to run again: nothing is duplicated.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    p.add_argument("--port", type=_positive, default=8000, help="port to listen on (default: %(default)s)")
    p.add_argument("--no-serve", action="store_true", help="load the demo data and stop, without serving")

    p = add(
        "serve",
        cmd_serve,
        "serve sevenc with gunicorn (production server)",
        "Serve sevenc with gunicorn. Static files are served by the app itself (WhiteNoise). "
        "Put a TLS-terminating proxy (nginx, Caddy) in front and set BEHIND_PROXY=true.",
    )
    p.add_argument("--bind", default="127.0.0.1:8000", help="HOST:PORT to listen on (default: %(default)s)")
    p.add_argument("--workers", type=_positive, default=2, help="worker processes (default: %(default)s)")
    p.add_argument(
        "--timeout",
        type=_positive,
        default=30,
        help="seconds before a silent worker is restarted (default: %(default)s)",
    )

    p = add("migrate", cmd_migrate, "create or update the database tables and load the shipped catalog")
    p.add_argument("-q", "--quiet", action="store_true", help="print only the summary")

    p = add(
        "createadmin",
        cmd_createadmin,
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

    p = add("catalog", _catalog_help, "list, export and import frameworks")
    p.set_defaults(catalog_parser=p)
    csub = p.add_subparsers(dest="catalog_command", metavar="SUBCOMMAND", title="subcommands")
    c = csub.add_parser("list", help="list the frameworks", description="List the frameworks.")
    c.set_defaults(func=cmd_catalog_list)
    c = csub.add_parser(
        "export",
        help="print a framework as a JSON or YAML document",
        description="Print a framework as the document that `catalog import` reads (format: docs/catalog.md).",
    )
    c.set_defaults(func=cmd_catalog_export)
    c.add_argument("--framework", required=True, metavar="KEY", help="framework key, e.g. 7c")
    c.add_argument("--version", help="framework version (default: the newest)")
    c.add_argument("--format", choices=["json", "yaml"], default="json", help="(default: %(default)s)")
    c.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    c.add_argument("--workspace", metavar="SLUG", help="a version derived in this workspace (default: shipped ones)")
    c = csub.add_parser(
        "import",
        help="load a framework from a JSON or YAML file",
        description="Load a framework document (JSON or YAML). All or nothing: a file with "
        "problems lists every one and changes nothing. Loading the same file "
        "again changes nothing; changed content needs a new version.",
    )
    c.set_defaults(func=cmd_catalog_import)
    c.add_argument("file", metavar="FILE", help="the document ('-' reads standard input)")
    c.add_argument(
        "--workspace",
        metavar="SLUG",
        help="load it as this workspace's own (published) version instead of a shipped one",
    )

    p = add("assessment", _assessment_help, "list assessments, export and import their answers (CSV, XLSX)")
    p.set_defaults(assessment_parser=p)
    asub = p.add_subparsers(dest="assessment_command", metavar="SUBCOMMAND", title="subcommands")
    a = asub.add_parser(
        "list",
        help="list assessments across workspaces",
        description="List assessments (every workspace's, or one client's): id, workspace, "
        "client, title, date, status and answered/total practices.",
    )
    a.set_defaults(func=cmd_assessment_list)
    a.add_argument("--client", metavar="NAME_OR_ID", help="only this client's (an id or the exact name)")
    a.add_argument("--workspace", metavar="SLUG", help="only this workspace's")
    a = asub.add_parser(
        "export",
        help="write an assessment's answers as CSV or XLSX",
        description="Write one row per practice (format: docs/assessments-import-export.md). "
        "CSV goes to standard output unless --output is given; XLSX needs --output.",
    )
    a.set_defaults(func=cmd_assessment_export)
    a.add_argument("assessment_id", type=_positive, metavar="ASSESSMENT_ID")
    a.add_argument("--format", choices=["csv", "xlsx"], help="(default: xlsx when FILE ends in .xlsx, else csv)")
    a.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    a = asub.add_parser(
        "import",
        help="set a draft assessment's answers from a CSV or XLSX file",
        description="Set answers from a CSV or XLSX file. All or nothing: a file with problems "
        "lists every one (with its row number) and changes nothing; only rows that "
        "differ from the stored answers are written.",
    )
    a.set_defaults(func=cmd_assessment_import)
    a.add_argument("assessment_id", type=_positive, metavar="ASSESSMENT_ID")
    a.add_argument("file", metavar="FILE", help="the .csv or .xlsx file ('-' reads standard input)")
    a.add_argument(
        "--as",
        dest="as_email",
        metavar="EMAIL",
        required=True,
        help="the staff member (analyst or higher in the assessment's workspace) the activity log names",
    )

    p = add(
        "scores",
        cmd_scores,
        "print a client's ITCq: overall and per block",
        "Print the ITCq of a client's latest final assessment (else its latest draft, as it says): overall "
        "score, coverage and provisional flag, then per block the score, coverage and gated level.",
    )
    p.add_argument("client", metavar="CLIENT", help="a client id or its exact name (case-insensitive)")
    p.add_argument("--assessment", type=_positive, metavar="ID", help="this assessment of the client instead")
    p.add_argument("--workspace", metavar="SLUG", help="the workspace, when the name is used in several")
    p.add_argument(
        "--format",
        choices=["table", "json"],
        default="table",
        help="json: the REST API's scores document (default: %(default)s)",
    )

    p = add("plan", _plan_help, "a client's action plan: propose items, schedule the roadmap, list, export")
    p.set_defaults(plan_parser=p)
    psub = p.add_subparsers(dest="plan_command", metavar="SUBCOMMAND", title="subcommands")

    def plan_parser(
        name: str, func: Callable[[argparse.Namespace, TextIO], int], help_text: str, description: str
    ) -> argparse.ArgumentParser:
        c = psub.add_parser(name, help=help_text, description=description)
        c.set_defaults(func=func)
        c.add_argument("client", metavar="CLIENT", help="a client id or its exact name (case-insensitive)")
        c.add_argument("--workspace", metavar="SLUG", help="the workspace, when the name is used in several")
        return c

    as_help = "the staff member (vCIO or higher in the client's workspace) the activity log names (default: no one)"
    c = plan_parser(
        "generate",
        cmd_plan_generate,
        "propose action items from the client's gaps",
        "Propose action items for the practices below target (one per area, costed from the "
        "workspace's planning settings). Replaces only earlier proposals nobody touched; items the "
        "vCIO kept are never changed.",
    )
    c.add_argument(
        "--assessment",
        type=_positive,
        metavar="ID",
        help="plan from this assessment of the client (default: its latest one with targets)",
    )
    c.add_argument("--as", dest="as_email", metavar="EMAIL", help=as_help)
    c = plan_parser(
        "schedule",
        cmd_plan_schedule,
        "place the open items in the roadmap's quarters and print the plan",
        "Place the open items in the roadmap's quarters under its limits (pinned and in-progress "
        "items stay put) and print the plan per quarter: items, spend/budget, hours/capacity, the "
        "method, and the items left in the backlog or left out, with the reasons. The options change "
        "the roadmap first. An infeasible plan exits 2 with the explanations and changes nothing.",
    )
    c.add_argument("--greedy", action="store_true", help="best value for money first, instead of the solver")
    c.add_argument("--first-quarter", metavar="QUARTER", help="the roadmap's first quarter, e.g. 2027-Q1")
    c.add_argument("--quarters", type=_positive, metavar="N", help="the number of quarters (1–16)")
    c.add_argument("--budget", metavar="AMOUNT", help="the default budget per quarter")
    c.add_argument("--hours", metavar="HOURS", help="the default hours capacity per quarter")
    c.add_argument("--as", dest="as_email", metavar="EMAIL", help=as_help)
    c = plan_parser(
        "export",
        cmd_plan_export,
        "write the client's plan as CSV or XLSX",
        "Write one row per action item (id, title, status, priority, quarter, practices, costs, value, "
        "dependencies, PSA reference, description …). CSV goes to standard output unless --output is "
        "given; XLSX needs --output.",
    )
    c.add_argument("--format", choices=["csv", "xlsx"], help="(default: xlsx when FILE ends in .xlsx, else csv)")
    c.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    c = plan_parser(
        "list",
        cmd_plan_list,
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

    p = add("meetings", cmd_meetings, "a client's review meetings, and the next one's agenda")
    p.add_argument("client", metavar="CLIENT", help="a client id or its exact name (case-insensitive)")
    p.add_argument("--workspace", metavar="SLUG", help="the workspace, when the name is used in several")
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
    p = add("operational-plan", cmd_operational_plan, "a client's annual operational plan: initiatives, budget")
    p.add_argument("client", metavar="CLIENT", help="a client id or its exact name (case-insensitive)")
    p.add_argument("year", type=int, metavar="YEAR", help="e.g. 2027")
    p.add_argument("--workspace", metavar="SLUG", help="the workspace, when the name is used in several")

    p = add("matrix", _matrix_help, "a client's responsibility matrix as a file; the library of areas")
    p.set_defaults(matrix_parser=p)
    msub = p.add_subparsers(dest="matrix_command", metavar="SUBCOMMAND", title="subcommands")
    c = msub.add_parser(
        "export",
        help="write the client's responsibility matrix as CSV or XLSX",
        description="Write one row per area in use (key, group, duty, criticality, practice, then "
        "one column per party with R, A, C, I or nothing). CSV goes to standard output "
        "unless --output is given; XLSX needs --output.",
    )
    c.set_defaults(func=cmd_matrix_export)
    c.add_argument("client", metavar="CLIENT", help="a client id or its exact name (case-insensitive)")
    c.add_argument("--workspace", metavar="SLUG", help="the workspace, when the name is used in several")
    c.add_argument("--format", choices=["csv", "xlsx"], help="(default: xlsx when FILE ends in .xlsx, else csv)")
    c.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    c = msub.add_parser(
        "import",
        help="set the client's responsibility matrix from a CSV or XLSX file",
        description="Set cells of the matrix from a file in the export's format (key plus one "
        "column per party). Replaces exactly the cells in the file. All or nothing: a "
        "file with problems lists every one with its row number, changes nothing and "
        "exits 2.",
    )
    c.set_defaults(func=cmd_matrix_import)
    c.add_argument("client", metavar="CLIENT", help="a client id or its exact name (case-insensitive)")
    c.add_argument("file", metavar="FILE", help="the .csv or .xlsx file ('-' reads standard input)")
    c.add_argument("--workspace", metavar="SLUG", help="the workspace, when the name is used in several")
    c.add_argument(
        "--as",
        dest="as_email",
        metavar="EMAIL",
        help="the staff member (vCIO or higher in the client's workspace) the activity log names (default: no one)",
    )
    c = msub.add_parser(
        "findings",
        help="what the client's matrix reveals: findings and the load per party",
        description="Print the analysis of the client's responsibility matrix: the areas that fall "
        "to the CEO, several Accountables, single points of failure, concentration on "
        "one supplier, low-scoring owned areas, most severe first; then the load per "
        "party (R and A weighted by criticality).",
    )
    c.set_defaults(func=cmd_matrix_findings)
    c.add_argument("client", metavar="CLIENT", help="a client id or its exact name (case-insensitive)")
    c.add_argument("--workspace", metavar="SLUG", help="the workspace, when the name is used in several")
    c = msub.add_parser(
        "areas",
        help="list the shipped library of responsibility areas, with counts",
        description="List the shipped responsibility areas (key, block, criticality, duty) in "
        "library order, then how many there are per criticality and per block.",
    )
    c.set_defaults(func=cmd_matrix_areas)
    c.add_argument("--block", metavar="KEY", help="only this 7C block's areas, e.g. continuous")

    p = add("openapi", cmd_openapi, "print the REST API's OpenAPI schema as JSON")
    p.add_argument("--indent", type=int, default=2, help="JSON indent; 0 prints one line (default: %(default)s)")

    sub.add_parser(
        "manage",
        help="run a Django management command: sevenc manage COMMAND [ARGS]",
        description="Pass everything after `manage` to Django's manage.py, e.g. "
        "`sevenc manage makemigrations --check` or `sevenc manage help`.",
        add_help=False,
    )
    return parser


def _print_error(message: str, err: TextIO) -> None:
    print(f"{PROG}: error: {message}", file=err, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    out, err = sys.stdout, sys.stderr
    try:
        if args_list[:1] == ["manage"]:
            return run_manage(args_list[1:])
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
    except ConfigError as exc:
        _print_error(_one_line(str(exc)), err)
        return 2
    except ApplicationError as exc:
        _print_error(_one_line(exc.message), err)
        for field, problems in exc.fields.items():
            for problem in problems:
                prefix = "" if field in {"__all__", "document", "rows"} else f"{field}: "
                print(f"  {prefix}{problem}", file=err)
        return 1
    except CommandError as exc:
        _print_error(_one_line(str(exc)), err)
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
    except Exception as exc:
        from django.db.utils import OperationalError

        if isinstance(exc, OperationalError):
            _print_error(f"cannot use the database: {_one_line(str(exc))} (check DATABASE_URL)", err)
            return 2
        raise

"""``sevenc assessment list|export|import`` and ``sevenc scores``: assessments, their answers and scores.

The command line has no workspace context: it finds assessments and clients across workspaces through the
``*_unscoped`` selectors of ``sevenc.assessments.selectors`` (trusted local use only), and names the workspace in
what it prints.
"""

from __future__ import annotations

import argparse

from sevenc.cli.base import (
    Command,
    Subparsers,
    add_actor,
    add_command,
    add_group,
    add_spreadsheet_output,
    positive,
    spreadsheet_output,
)


def register(sub: Subparsers) -> None:
    asub = add_group(sub, "assessment", "list assessments, export and import their answers (CSV, XLSX)")
    _list(asub)
    _export(asub)
    _import(asub)
    _scores(sub)


def _list(asub: Subparsers) -> None:
    a: argparse.ArgumentParser = asub.add_parser(
        "list",
        help="list assessments across workspaces",
        description="List assessments (every workspace's, or one client's): id, workspace, "
        "client, title, date, status and answered/total practices.",
    )
    a.set_defaults(func=Command("assessments", "cmd_assessment_list"))
    a.add_argument("--client", metavar="NAME_OR_ID", help="only this client's (an id or the exact name)")
    a.add_argument("--workspace", metavar="SLUG", help="only this workspace's")


def _export(asub: Subparsers) -> None:
    a: argparse.ArgumentParser = asub.add_parser(
        "export",
        help="write an assessment's answers as CSV or XLSX",
        description="Write one row per practice (format: docs/assessments-import-export.md). "
        "CSV goes to standard output unless --output is given; XLSX needs --output.",
    )
    a.set_defaults(func=Command("assessments", "cmd_assessment_export", check=spreadsheet_output))
    a.add_argument("assessment_id", type=positive, metavar="ASSESSMENT_ID")
    add_spreadsheet_output(a)


def _import(asub: Subparsers) -> None:
    a: argparse.ArgumentParser = asub.add_parser(
        "import",
        help="set a draft assessment's answers from a CSV or XLSX file",
        description="Set answers from a CSV or XLSX file. All or nothing: a file with problems "
        "lists every one (with its row number) and changes nothing; only rows that "
        "differ from the stored answers are written.",
    )
    a.set_defaults(func=Command("assessments", "cmd_assessment_import"))
    a.add_argument("assessment_id", type=positive, metavar="ASSESSMENT_ID")
    a.add_argument("file", metavar="FILE", help="the .csv or .xlsx file ('-' reads standard input)")
    add_actor(a, "analyst or higher in the assessment's workspace", required=True)


def _scores(sub: Subparsers) -> None:
    p = add_command(
        sub,
        "scores",
        Command("assessments", "cmd_scores"),
        "print a client's ITCq: overall and per block",
        "Print the ITCq of a client's latest final assessment (else its latest draft, as it says): overall "
        "score, coverage and provisional flag, then per block the score, coverage and gated level.",
    )
    p.add_argument("client", metavar="CLIENT", help="a client id or its exact name (case-insensitive)")
    p.add_argument("--assessment", type=positive, metavar="ID", help="this assessment of the client instead")
    p.add_argument("--workspace", metavar="SLUG", help="the workspace, when the name is used in several")
    p.add_argument(
        "--format",
        choices=["table", "json"],
        default="table",
        help="json: the REST API's scores document (default: %(default)s)",
    )

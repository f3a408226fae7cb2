"""``sevenc matrix export|import|findings|areas|templates|apply``: a client's responsibility matrix as a file,
found as ``plan`` finds the client; the shipped library of areas; starting a matrix from a starter or a template."""

from __future__ import annotations

import argparse

from sevenc.cli.base import (
    Command,
    Subparsers,
    add_actor,
    add_client,
    add_group,
    add_spreadsheet_output,
    spreadsheet_output,
)


def register(sub: Subparsers) -> None:
    msub = add_group(sub, "matrix", "a client's responsibility matrix as a file; the library of areas")
    _export(msub)
    _import(msub)
    _findings(msub)
    _areas(msub)
    _templates(msub)
    _apply(msub)


def _export(msub: Subparsers) -> None:
    c: argparse.ArgumentParser = msub.add_parser(
        "export",
        help="write the client's responsibility matrix as CSV or XLSX",
        description="Write one row per area in use (key, group, duty, criticality, practice, then "
        "one column per party with R, A, C, I or nothing). CSV goes to standard output "
        "unless --output is given; XLSX needs --output.",
    )
    c.set_defaults(func=Command("matrix", "cmd_matrix_export", check=spreadsheet_output))
    add_client(c)
    add_spreadsheet_output(c)


def _import(msub: Subparsers) -> None:
    c: argparse.ArgumentParser = msub.add_parser(
        "import",
        help="set the client's responsibility matrix from a CSV or XLSX file",
        description="Set cells of the matrix from a file in the export's format (key plus one "
        "column per party). Replaces exactly the cells in the file. All or nothing: a "
        "file with problems lists every one with its row number, changes nothing and "
        "exits 2.",
    )
    c.set_defaults(func=Command("matrix", "cmd_matrix_import"))
    add_client(c)
    c.add_argument("file", metavar="FILE", help="the .csv or .xlsx file ('-' reads standard input)")
    add_actor(c)


def _findings(msub: Subparsers) -> None:
    c: argparse.ArgumentParser = msub.add_parser(
        "findings",
        help="what the client's matrix reveals: findings and the load per party",
        description="Print the analysis of the client's responsibility matrix: the areas that fall "
        "to the CEO, several Accountables, single points of failure, concentration on "
        "one supplier, low-scoring owned areas, most severe first; then the load per "
        "party (R and A weighted by criticality).",
    )
    c.set_defaults(func=Command("matrix", "cmd_matrix_findings"))
    add_client(c)


def _areas(msub: Subparsers) -> None:
    c: argparse.ArgumentParser = msub.add_parser(
        "areas",
        help="list the shipped library of responsibility areas, with counts",
        description="List the shipped responsibility areas (key, block, criticality, duty) in "
        "library order, then how many there are per criticality and per block.",
    )
    c.set_defaults(func=Command("matrix", "cmd_matrix_areas"))
    c.add_argument("--block", metavar="KEY", help="only this 7C block's areas, e.g. continuous")


def _templates(msub: Subparsers) -> None:
    c: argparse.ArgumentParser = msub.add_parser(
        "templates",
        help="list the starters and the workspace's templates, with the client's suggested parties",
        description="List what the client's matrix can start from: the shipped starters, then the "
        "workspace's templates, each with its reference (for `matrix apply`) and its slots (the "
        "kinds of party it gives roles to), and for each slot the client's party suggested for it.",
    )
    c.set_defaults(func=Command("matrix", "cmd_matrix_templates"))
    add_client(c)


def _apply(msub: Subparsers) -> None:
    c: argparse.ArgumentParser = msub.add_parser(
        "apply",
        help="fill the client's empty cells from a starter or a template",
        description="Fill the client's empty cells from TEMPLATE (starter:<key> or template:<id>, as "
        "`matrix templates` lists them), giving each of its slots one of the client's parties. Every "
        "slot must be mapped (--map) or, when optional, left out (--leave-out); --suggested takes the "
        "suggested party for the slots not named. Nothing already set is overwritten. All or nothing: "
        "a slot not mapped lists the problems, changes nothing and exits 2.",
    )
    c.set_defaults(func=Command("matrix", "cmd_matrix_apply"))
    add_client(c)
    c.add_argument("template", metavar="TEMPLATE", help="starter:<key> or template:<id>")
    c.add_argument(
        "--map",
        dest="maps",
        action="append",
        default=[],
        metavar="SLOT=PARTY",
        help="the client's party (id or exact name) for a slot; repeat for each slot",
    )
    c.add_argument(
        "--leave-out", dest="leave_out", action="append", default=[], metavar="SLOT", help="leave an optional slot out"
    )
    c.add_argument("--suggested", action="store_true", help="map the slots not named onto the suggested parties")
    add_actor(c)

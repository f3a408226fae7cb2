"""A client's responsibility matrix to and from spreadsheets, and the workspace's PSA mapping as CSV.

Export (CSV or XLSX): one row per area in matrix order (the shipped library, then the workspace's own), with the
columns ``key, group, duty, criticality, practice`` and then one column per party (by name), each cell R, A, C,
I or empty. The workbook also has the sheets "Parties" (name, kind, contact, email, phone), "PSA" (area key,
board, queue, category of the mapped areas) and, when :func:`findings_rows` gives rows, "Findings".

Import (the same format, CSV or the workbook's "Matrix" sheet): ``key`` names the area; every column named after
a party of the client sets that party's cells; ``group``, ``duty``, ``criticality`` and ``practice`` are ignored,
so an exported file imports as it is. Cells hold R, A, C, I (any case) or nothing. The import replaces exactly
the cells in the file: rows left out and parties without a column are untouched.

All or nothing: every row is checked first and every problem is reported with its row number (the header is
row 1): an unknown area key, a column that names no party, a role other than R/A/C/I, two Accountables in an area
(counting the parties the file leaves out). Then the cells that differ are written in one transaction through
:func:`sevenc.responsibility.services.matrix_save`.

Reading and writing the files, and spreadsheet safety (text that a spreadsheet would take for a formula is
written with a leading ``'``, which the import removes again), are :mod:`sevenc.core.domain.spreadsheets`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpResponse

from sevenc.core import downloads
from sevenc.core.domain import spreadsheets
from sevenc.core.domain.errors import ApplicationError, ConflictError
from sevenc.core.guards import same_workspace
from sevenc.core.services import activity_record
from sevenc.responsibility import selectors, services
from sevenc.responsibility.areas import selectors as api_selectors
from sevenc.responsibility.models import RaciRole
from sevenc.tenancy.models import Client, PartyKind, Workspace

if TYPE_CHECKING:
    from sevenc.accounts.models import User

COLUMNS = ("key", "group", "duty", "criticality", "practice")
PARTY_SHEET_COLUMNS = ("name", "kind", "contact", "email", "phone")
PSA_SHEET_COLUMNS = ("area key", "board", "queue", "category")
PSA_COLUMNS = ("key", "duty", "board", "queue", "category")
ROLES = tuple(RaciRole.values)  # R, A, C, I
# The cell colours of the matrix page (static/responsibility/matrix.css, .role-R … .role-I).
FILLS = {"R": "D9ECFF", "A": "FFE0B3", "C": "E8F5E9", "I": "F3F3F3"}
FORMATS = spreadsheets.FORMATS
MAX_ROWS = spreadsheets.MAX_ROWS

_WIDTHS = {"key": 34, "group": 24, "duty": 60, "criticality": 11, "practice": 44}
_PARTY_WIDTH = 6


@dataclass(frozen=True)
class ImportResult:
    changed: int  # cells written
    unchanged: int  # cells of the file that already held its role


# --- export ----------------------------------------------------------------------------------------------------


def matrix_table(*, workspace: Workspace, client: Client, view: Any = None) -> list[list[str]]:
    """The header row and one row per area in use, in matrix order (three queries, none with ``view``)."""
    view = view or selectors.matrix_get(workspace=workspace, client=client)
    header = [*COLUMNS, *(p.name for p in view.parties)]
    return [
        header,
        *(
            [
                a.key,
                a.group,
                a.title,
                a.criticality,
                a.practice_key,
                *(view.cells.get((a.pk, p.pk), "") for p in view.parties),
            ]
            for a in view.areas
        ),
    ]


def matrix_to_csv(*, workspace: Workspace, client: Client) -> bytes:
    return spreadsheets.csv_bytes(matrix_table(workspace=workspace, client=client))


def findings_rows(workspace: Workspace, client: Client) -> list[list[Any]]:
    """The rows of the workbook's "Findings" sheet, header row first: the matrix analysis's findings, most severe
    first, with the areas and parties they name. Empty when the client has no parties yet."""
    view = selectors.matrix_get(workspace=workspace, client=client)
    if not view.parties:
        return []
    result = selectors.matrix_analysis(workspace=workspace, client=client, view=view)
    areas = {str(a.pk): a.title for a in view.areas}
    parties = {str(p.pk): p.name for p in view.parties}
    rows: list[list[Any]] = [["severity", "finding", "kind", "areas", "parties"]]
    for f in result.findings:
        rows.append(
            [
                f.severity,
                f.sentence,
                f.kind,
                "; ".join(areas.get(k, k) for k in f.area_keys),
                "; ".join(parties.get(k, k) for k in f.party_keys),
            ]
        )
    return rows if len(rows) > 1 else []


def matrix_to_xlsx(*, workspace: Workspace, client: Client) -> bytes:
    """The workbook: "Matrix" (R/A/C/I cells coloured as on the matrix page, frozen header and area columns, a
    drop-down on every cell), "Parties", "PSA" and, when there are findings, "Findings". No cell holds a
    formula."""
    from openpyxl.styles import Alignment, PatternFill  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

    view = selectors.matrix_get(workspace=workspace, client=client)
    table = matrix_table(workspace=workspace, client=client, view=view)
    book = spreadsheets.XlsxBook(title=f"Responsibility matrix of {client.name}")
    first_party = len(COLUMNS) + 1
    ws = book.sheet(
        "Matrix",
        table,
        widths=[*(_WIDTHS[c] for c in COLUMNS), *[_PARTY_WIDTH] * len(view.parties)],
        freeze=f"{get_column_letter(first_party)}2",
    )
    for cell in ws[1][first_party - 1 :]:
        cell.alignment = Alignment(text_rotation=90, horizontal="center")
    fills = {
        role: PatternFill(fill_type="solid", start_color=colour, end_color=colour) for role, colour in FILLS.items()
    }
    centre = Alignment(horizontal="center")
    for cells in ws.iter_rows(min_row=2, min_col=first_party, max_col=len(table[0])):
        for cell in cells:
            cell.alignment = centre
            if cell.value in fills:
                cell.fill = fills[cell.value]
    last_row = max(len(view.areas) + 1, 2)
    last_col = get_column_letter(len(COLUMNS) + len(view.parties))
    if view.parties:
        roles = DataValidation(
            type="list",
            formula1=f'"{",".join(ROLES)}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="role",
            error="R, A, C, I or empty",
        )
        roles.add(f"{get_column_letter(first_party)}2:{last_col}{last_row}")
        ws.add_data_validation(roles)
    ws.auto_filter.ref = f"A1:{last_col}{last_row}"

    kinds = dict(PartyKind.choices)
    book.sheet(
        "Parties",
        [
            list(PARTY_SHEET_COLUMNS),
            *([p.name, str(kinds.get(p.kind, p.kind)), p.contact_name, p.email, p.phone] for p in view.parties),
        ],
        widths=[36, 18, 28, 32, 18],
    )
    mapped = [
        a
        for a in api_selectors.psa_table(workspace=workspace)
        if any(getattr(a, f"psa_{f}") for f in api_selectors.PSA_FIELDS)
    ]
    book.sheet(
        "PSA",
        [
            list(PSA_SHEET_COLUMNS),
            *(
                [
                    a.key,
                    a.psa_board or "",
                    a.psa_queue or "",
                    a.psa_category or "",
                ]
                for a in mapped
            ),
        ],
        widths=[34, 24, 24, 24],
    )
    findings = findings_rows(workspace, client)
    if findings:
        book.sheet("Findings", findings, widths=[14, 90, 40, 40])
    return book.to_bytes()


def matrix_response(*, workspace: Workspace, client: Client, fmt: str) -> HttpResponse:
    """The matrix as a download (``fmt``: csv or xlsx)."""
    body = (
        matrix_to_csv(workspace=workspace, client=client)
        if fmt == "csv"
        else matrix_to_xlsx(workspace=workspace, client=client)
    )
    return downloads.file_response(
        body, fmt=fmt, name=f"{client.name} responsibilities", fallback=f"responsibilities-{client.pk}"
    )


def psa_rows(*, workspace: Workspace) -> list[list[str]]:
    """The header and one row per area in use (matrix order), its PSA board, queue and category (empty when it
    has no mapping), so that the file doubles as a template to fill in."""
    return [
        list(PSA_COLUMNS),
        *(
            [
                a.key,
                a.title,
                a.psa_board or "",
                a.psa_queue or "",
                a.psa_category or "",
            ]
            for a in api_selectors.psa_table(workspace=workspace)
        ),
    ]


def psa_response(*, workspace: Workspace) -> HttpResponse:
    return downloads.file_response(spreadsheets.csv_bytes(psa_rows(workspace=workspace)), fmt="csv", name="psa-mapping")


# --- reading a file -----------------------------------------------------------------------------------------


def _refuse(problems: list[str]) -> ApplicationError:
    message, shown = spreadsheets.refusal(problems)
    return ApplicationError(message, fields={"rows": shown})


def _names(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


# --- import ------------------------------------------------------------------------------------------------


@transaction.atomic
def matrix_import(
    *, workspace: Workspace, actor: User | None, client: Client, content: bytes, filename: str
) -> ImportResult:
    """Check every row of the file, then set the cells that differ from the client's matrix, all or nothing.

    Raises ApplicationError listing every problem under ``fields["rows"]`` (row numbers, header = row 1) and
    ConflictError when someone changes the matrix while the file is written; in both cases nothing changes.
    The activity log names ``actor``."""
    same_workspace(workspace, client, what="client")
    table = spreadsheets.read_table(content, filename=filename, sheet="Matrix")
    if not table.complete:
        raise _refuse(table.problems)
    problems = list(table.problems)
    view = selectors.matrix_get(workspace=workspace, client=client)
    parties = {p.name.strip().casefold(): p for p in view.parties}
    areas = {a.key: a for a in view.areas}

    # the header: the key column, the ignored columns, one column per party
    header = [spreadsheets.cell_text(c) for c in table.header]
    data = table.rows
    key_at: int | None = None
    party_at: list[tuple[int, Any]] = []
    seen_columns: dict[str, int] = {}
    for i, name in enumerate(header):
        folded = name.casefold()
        if folded in COLUMNS and folded not in seen_columns:
            seen_columns[folded] = i
            if folded == "key":
                key_at = i
            continue
        if folded in COLUMNS and folded not in parties:
            problems.append(f"row 1: the column {name!r} appears twice")
            continue
        if not name:
            if any(i < len(cells) and spreadsheets.cell_text(cells[i]) for _, cells in data):
                problems.append(f"row 1: column {i + 1} has values but no name (a party's name)")
            continue
        party = parties.get(folded)
        if party is None:
            known = _names([p.name for p in view.parties][:10]) or "none yet"
            problems.append(f"row 1: the column {name!r} is not a party of {client.name} (its parties: {known})")
        elif party.pk in {p.pk for _, p in party_at}:
            problems.append(f"row 1: the party {party.name!r} has two columns")
        else:
            party_at.append((i, party))
    if key_at is None:
        problems.append("row 1: no key column (the first row must hold the column names: key, …, one per party)")
    elif not party_at and not problems:
        problems.append("row 1: no column names a party of this client; nothing to import")
    if problems:
        raise _refuse(problems)
    assert key_at is not None  # else problems names the missing key column

    # the rows
    in_file = {p.pk for _, p in party_at}
    names = {p.pk: p.name for p in view.parties}
    rows: list[tuple[Any, dict[int, str]]] = []
    row_of: dict[str, int] = {}
    for n, cells in data:
        key = spreadsheets.cell_text(cells[key_at]) if key_at < len(cells) else ""
        if not key:
            problems.append(f"row {n}: no area key")
            continue
        if key in row_of:
            problems.append(f"row {n}: the area key {key!r} is already on row {row_of[key]}")
            continue
        row_of[key] = n
        area = areas.get(key)
        if area is None:
            problems.append(f"row {n}: the area key {key!r} is not in this workspace's matrix (unknown or hidden)")
        wanted: dict[int, str] = {}
        bad = False
        for i, party in party_at:
            value = spreadsheets.cell_text(cells[i]).upper() if i < len(cells) else ""
            if value and value not in ROLES:
                problems.append(f"row {n}, column {party.name!r}: {value!r} is not R, A, C, I or empty")
                bad = True
            wanted[party.pk] = value
        if area is None or bad:
            continue
        kept = [
            pk
            for pk, in_matrix in ((p.pk, view.cells.get((area.pk, p.pk), "")) for p in view.parties)
            if pk not in in_file and in_matrix == RaciRole.ACCOUNTABLE
        ]
        accountable = [pk for pk, role in wanted.items() if role == RaciRole.ACCOUNTABLE] + kept
        if len(accountable) > 1:
            also = f" ({_names([names[pk] for pk in kept])} already, not in the file)" if kept else ""
            problems.append(
                f"row {n}: {key!r} would have {len(accountable)} Accountables: "
                f"{_names(sorted(names[pk] for pk in accountable))}{also}; an area has one"
            )
            continue
        rows.append((area, wanted))
    if problems:
        raise _refuse(problems)

    changes: list[services.CellChange] = []
    unchanged = 0
    for area, wanted in rows:
        for party_pk, role in wanted.items():
            seen = view.cells.get((area.pk, party_pk), "")
            if role == seen:
                unchanged += 1
            else:
                changes.append(services.CellChange(area.pk, party_pk, role, seen))
    if changes:
        try:
            services.matrix_save(workspace=workspace, actor=actor, client=client, changes=changes)
        except services.MatrixConflictError:
            raise ConflictError(
                "The matrix was changed by someone else while the file was imported; nothing was "
                "imported. Import the file again."
            ) from None
        activity_record(
            workspace=workspace,
            actor=actor,
            verb="imported",
            obj=client,
            summary=f"Responsibility matrix of {client.name}: {len(changes)} cell(s) imported from "
            f"{filename or 'a file'}",
        )
    return ImportResult(changed=len(changes), unchanged=unchanged)

"""Assessment answers to and from spreadsheets (CSV and XLSX). docs/assessments-import-export.md is the user guide.

Export: one row per practice, in framework order, with the columns of :data:`COLUMNS`.

Import reads ``practice_key`` (required) and either ``answer`` (``0``–``5``, ``N/A``/``na``, ``unknown``/``?``,
blank) or ``state`` + ``level``; optionally ``note``, ``note_shared``, ``evidence_url`` and ``version``. Every other
column (block, area, practice …) is ignored, so an exported file imports as it is. A column that is present sets
its field on every row (a blank note clears the note); a column that is absent leaves its field alone; a practice
that has no row is left alone.

``version``: when the column is present, each row must carry the answer's current version (as exported); a row
whose answer was changed since is a conflict. Without the column, the current versions are used: the file
deliberately overwrites whatever is stored.

All or nothing: every row is checked first and every problem is reported with its row number (the header is
row 1); then only the rows that differ from the stored answers are written, in one transaction, through
:func:`sevenc.assessments.services.answers_bulk_set`.

Reading and writing the files, and spreadsheet safety (text that a spreadsheet would run as a formula is written
with a leading ``'``, which the import removes again), are :mod:`sevenc.core.domain.spreadsheets`'s, as for every other
import and export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.http import HttpResponse

from sevenc.assessments import selectors, services
from sevenc.assessments.models import Answer, AnswerState, Assessment
from sevenc.core import downloads
from sevenc.core.domain import spreadsheets
from sevenc.core.domain.errors import ApplicationError, ConflictError
from sevenc.core.guards import same_workspace
from sevenc.core.services import activity_record

if TYPE_CHECKING:
    from sevenc.accounts.models import User
    from sevenc.tenancy.models import Workspace

COLUMNS = (
    "practice_key",
    "block",
    "area",
    "practice",
    "state",
    "level",
    "note",
    "note_shared",
    "evidence_url",
    "version",
)
READ_COLUMNS = ("practice_key", "answer", "state", "level", "note", "note_shared", "evidence_url", "version")
STATE_CHOICES = ("level", "na", "unknown")
MAX_ROWS = spreadsheets.MAX_ROWS
MAX_PROBLEMS = spreadsheets.MAX_PROBLEMS

_WIDTHS = {
    "practice_key": 44,
    "block": 16,
    "area": 36,
    "practice": 52,
    "state": 10,
    "level": 7,
    "note": 50,
    "note_shared": 12,
    "evidence_url": 40,
    "version": 9,
}
_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0", ""}
_NA = {"na", "n/a"}
_UNKNOWN = {"unknown", "?"}


@dataclass(frozen=True)
class ParsedRow:
    """One data row of an import. A field is None when its column is absent (keep what is stored)."""

    row: int  # 1-based; the header is row 1
    practice_key: str
    state: str | None = None  # "level", "na", "unknown" or "" (unanswered)
    level: int | None = None
    note: str | None = None
    note_shared: bool | None = None
    evidence_url: str | None = None
    version: int | None = None


@dataclass(frozen=True)
class ImportResult:
    changed: int
    unchanged: int


# --- export ----------------------------------------------------------------------------------------------


def answers_export_rows(*, workspace: Workspace, assessment: Assessment) -> list[dict[str, Any]]:
    """One row per practice in framework order (one query). ``level`` and ``version`` are ints (level None
    unless the state is "level"); ``note_shared`` is "yes" or "no"."""
    return [_export_row(a) for a in selectors.answer_list(workspace=workspace, assessment=assessment)]


def _export_row(answer: Answer) -> dict[str, Any]:
    practice = answer.practice
    return {
        "practice_key": practice.key,
        "block": practice.area.block.name,
        "area": practice.area.name,
        "practice": practice.name,
        "state": answer.state,
        "level": answer.level if answer.state == AnswerState.LEVEL else None,
        "note": answer.note,
        "note_shared": "yes" if answer.note_shared else "no",
        "evidence_url": answer.evidence_url,
        "version": answer.version,
    }


def _lines(value: Any) -> Any:
    """Text with LF line ends only (a workbook cell keeps no CR; a browser's textarea sends CRLF)."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def answers_table(rows: list[dict[str, Any]]) -> list[list[Any]]:
    """The header row and the rows' values in :data:`COLUMNS` order (None for an empty cell)."""
    return [list(COLUMNS), *([None if row.get(c) in (None, "") else row[c] for c in COLUMNS] for row in rows)]


def answers_to_csv(rows: list[dict[str, Any]]) -> bytes:
    """The rows as a CSV file (UTF-8 with a byte order mark, comma-separated, a header row, CRLF line ends)."""
    return spreadsheets.csv_bytes(answers_table(rows))


def answers_to_xlsx(rows: list[dict[str, Any]], *, title: str) -> bytes:
    """The rows as an .xlsx workbook: one sheet named after the assessment, a bold frozen header, column widths,
    drop-down lists on state and note_shared and a 0–5 check on level. No cell holds a formula."""
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

    book = spreadsheets.XlsxBook()
    ws = book.sheet(
        spreadsheets.sheet_title(title, "Answers"), answers_table(rows), widths=[_WIDTHS[c] for c in COLUMNS]
    )
    last = max(len(rows) + 1, 2)

    def col(name: str) -> str:
        letter = get_column_letter(COLUMNS.index(name) + 1)
        return f"{letter}2:{letter}{last}"

    state = DataValidation(
        type="list",
        formula1=f'"{",".join(STATE_CHOICES)}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="state",
        error="level, na, unknown, or empty for unanswered",
    )
    level = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="5",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="level",
        error="A whole number from 0 to 5",
    )
    shared = DataValidation(type="list", formula1='"yes,no"', allow_blank=True)
    for validation, name in ((state, "state"), (level, "level"), (shared, "note_shared")):
        validation.add(col(name))
        ws.add_data_validation(validation)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    return book.to_bytes()


def answers_response(*, workspace: Workspace, assessment: Assessment, fmt: str) -> HttpResponse:
    """The answers as a download (``fmt``: csv or xlsx), named after the client and the assessment."""
    rows = answers_export_rows(workspace=workspace, assessment=assessment)
    body = answers_to_csv(rows) if fmt == "csv" else answers_to_xlsx(rows, title=assessment.title)
    return downloads.file_response(
        body, fmt=fmt, name=f"{assessment.client.name} {assessment.title}", fallback=f"assessment-{assessment.pk}"
    )


# --- parsing ---------------------------------------------------------------------------------------------


def _whole(value: Any) -> int | None:
    """A whole number from a cell (3, 3.0, "3"), or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip()
    return int(text) if re.fullmatch(r"\d+", text) else None


def _parse_answer(value: Any) -> tuple[str, int | None] | None:
    """An ``answer`` cell as (state, level), or None when it is not an answer code."""
    text = spreadsheets.cell_text(value).lower()
    if text == "":
        return AnswerState.UNANSWERED, None
    if text in _NA:
        return AnswerState.NA, None
    if text in _UNKNOWN:
        return AnswerState.UNKNOWN, None
    level = _whole(value)
    if level is not None and 0 <= level <= 5:
        return AnswerState.LEVEL, level
    return None


def _parse_state(
    row: int, key: str, state_value: Any, level_value: Any, problems: list[str]
) -> tuple[str | None, int | None]:
    state_text = spreadsheets.cell_text(state_value).lower()
    level_text = spreadsheets.cell_text(level_value)
    level = _whole(level_value) if level_text else None
    if level_text and (level is None or not 0 <= level <= 5):
        problems.append(f"row {row}: level {level_text!r} for {key} is not a whole number from 0 to 5")
        return None, None
    if state_text in ("", *_NA, *_UNKNOWN) and level is not None:
        problems.append(
            f"row {row}: level {level} for {key} needs state 'level' (the state is {state_text or 'empty'!r})"
        )
        return None, None
    if state_text == "":
        return AnswerState.UNANSWERED, None
    if state_text in _NA:
        return AnswerState.NA, None
    if state_text in _UNKNOWN:
        return AnswerState.UNKNOWN, None
    if state_text == "level":
        if level is None:
            problems.append(f"row {row}: state 'level' for {key} needs a level from 0 to 5")
            return None, None
        return AnswerState.LEVEL, level
    problems.append(f"row {row}: state {state_text!r} for {key} is not one of level, na, unknown or empty")
    return None, None


def _parse_bool(row: int, key: str, value: Any, problems: list[str]) -> bool | None:
    if isinstance(value, bool):
        return value
    text = spreadsheets.cell_text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    problems.append(f"row {row}: note_shared {text!r} for {key} is not yes/no/true/false/1/0")
    return None


def _parse_url(row: int, key: str, value: Any, problems: list[str]) -> str | None:
    url = spreadsheets.cell_text(value)
    if not url:
        return ""
    if len(url) > 500:
        problems.append(f"row {row}: evidence_url for {key} is longer than 500 characters")
        return None
    try:
        URLValidator()(url)
    except ValidationError:
        problems.append(f"row {row}: evidence_url {url!r} for {key} is not a full web address (https://…)")
        return None
    return url


def _header(cells: list[Any]) -> tuple[dict[str, int], list[str]]:
    names = [spreadsheets.cell_text(c).lower() for c in cells]
    problems = []
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in READ_COLUMNS:
            if name in index:
                problems.append(f"row 1: the column {name!r} appears twice")
            index.setdefault(name, i)
    if "practice_key" not in index:
        problems.append("row 1: no practice_key column (the first row must hold the column names)")
    if "answer" in index and ("state" in index or "level" in index):
        problems.append("row 1: use either an answer column or state and level columns, not both")
    elif "level" in index and "state" not in index:
        problems.append("row 1: a level column needs a state column (or use a single answer column)")
    return index, problems


@dataclass(frozen=True)
class _Parsed:
    rows: list[ParsedRow]  # the rows without problems
    problems: list[str]
    keys: list[tuple[int, str]]  # (row, practice key) of every keyed row, with or without problems


def _parse(*, content: bytes, filename: str) -> _Parsed:
    """The rows of a file and every problem found without looking at the database."""
    table = spreadsheets.read_table(content, filename=filename)
    if not table.complete:
        return _Parsed([], table.problems, [])
    index, header_problems = _header(table.header)
    problems = table.problems + header_problems
    if header_problems:
        return _Parsed([], problems, [])
    data = table.rows

    def cell(cells: list[Any], name: str) -> Any:
        i = index.get(name)
        return cells[i] if i is not None and i < len(cells) else None

    rows: list[ParsedRow] = []
    seen: dict[str, int] = {}
    keys: list[tuple[int, str]] = []
    for n, cells in data:
        before = len(problems)
        key = spreadsheets.cell_text(cell(cells, "practice_key"))
        if not key:
            problems.append(f"row {n}: no practice key")
            continue
        if key in seen:
            problems.append(f"row {n}: practice key {key!r} is already on row {seen[key]}")
            continue
        seen[key] = n
        keys.append((n, key))
        state: str | None = None
        level: int | None = None
        if "answer" in index:
            answer = _parse_answer(cell(cells, "answer"))
            if answer is None:
                problems.append(
                    f"row {n}: answer {spreadsheets.cell_text(cell(cells, 'answer'))!r} for {key} "
                    "is not 0–5, N/A, unknown, ? or empty"
                )
            else:
                state, level = answer
        elif "state" in index:
            state, level = _parse_state(n, key, cell(cells, "state"), cell(cells, "level"), problems)
        note = spreadsheets.cell_text(cell(cells, "note")) if "note" in index else None
        note_shared = _parse_bool(n, key, cell(cells, "note_shared"), problems) if "note_shared" in index else None
        url = _parse_url(n, key, cell(cells, "evidence_url"), problems) if "evidence_url" in index else None
        version: int | None = None
        if "version" in index:
            version = _whole(cell(cells, "version"))
            if version is None or version < 1:
                problems.append(
                    f"row {n}: version {spreadsheets.cell_text(cell(cells, 'version'))!r} for {key} is not a whole "
                    "number from the export (remove the version column to overwrite regardless)"
                )
        if len(problems) == before:
            rows.append(
                ParsedRow(
                    row=n,
                    practice_key=key,
                    state=state,
                    level=level,
                    note=note,
                    note_shared=note_shared,
                    evidence_url=url,
                    version=version,
                )
            )
    return _Parsed(rows, problems, keys)


def _refuse(problems: list[str]) -> ApplicationError:
    message, shown = spreadsheets.refusal(problems)
    return ApplicationError(message, fields={"rows": shown})


def answers_parse(*, content: bytes, filename: str) -> list[ParsedRow]:
    """Read a CSV (UTF-8 with or without a byte order mark; comma, semicolon or tab) or XLSX file (by its
    first bytes, else its extension). Raises ApplicationError listing every problem under ``fields["rows"]``."""
    parsed = _parse(content=content, filename=filename)
    if parsed.problems:
        raise _refuse(parsed.problems)
    return parsed.rows


# --- import ----------------------------------------------------------------------------------------------


def _change_for(row: ParsedRow, answer: Answer) -> services.AnswerChange | None:
    """The change that makes ``answer`` what the row says, or None when it says what is stored."""
    values: dict[str, Any] = {}
    if row.state is not None and (row.state, row.level) != (answer.state, answer.level):
        values["state"], values["level"] = row.state, row.level
    if row.note is not None and _lines(row.note) != _lines(answer.note.strip()):  # line ends alone: unchanged
        values["note"] = row.note
    if row.note_shared is not None and row.note_shared != answer.note_shared:
        values["note_shared"] = row.note_shared
    if row.evidence_url is not None and row.evidence_url != answer.evidence_url.strip():
        values["evidence_url"] = row.evidence_url
    if not values:
        return None
    return services.AnswerChange(practice_key=row.practice_key, version=answer.version, **values)


@transaction.atomic
def answers_import(
    *, workspace: Workspace, actor: User, assessment: Assessment, content: bytes, filename: str
) -> ImportResult:
    """Check every row, then write the rows that differ from the stored answers, all or nothing.

    Raises FinalAssessmentError on a final assessment, ApplicationError listing every problem (row numbers,
    header = row 1) and ConflictError listing every row whose ``version`` is stale; in each case nothing is
    written. The activity log names ``actor``."""
    same_workspace(workspace, assessment, what="assessment")
    if assessment.is_final:
        raise services.FinalAssessmentError(assessment)
    parsed = _parse(content=content, filename=filename)
    rows = parsed.rows
    current = {a.practice.key: a for a in selectors.answer_list(workspace=workspace, assessment=assessment)}
    problems = parsed.problems + [
        f"row {n}: practice key {key!r} is not in this framework" for n, key in parsed.keys if key not in current
    ]
    if problems:
        raise _refuse(problems)
    stale = [
        f"row {r.row}: {r.practice_key} was changed since the export (version {r.version} in the file, "
        f"{current[r.practice_key].version} now)"
        for r in rows
        if r.version is not None and r.version != current[r.practice_key].version
    ]
    if stale:
        conflict = ConflictError(
            f"{len(stale)} answer{'s were' if len(stale) != 1 else ' was'} changed since the "
            "file was exported; nothing was imported. Export again, or remove the version "
            "column to overwrite them."
        )
        conflict.fields = {"rows": stale[:MAX_PROBLEMS]}
        raise conflict
    changes = [c for r in rows if (c := _change_for(r, current[r.practice_key])) is not None]
    if changes:
        services.answers_bulk_set(workspace=workspace, actor=actor, assessment=assessment, changes=changes)
        activity_record(
            workspace=workspace,
            actor=actor,
            verb="imported",
            obj=assessment,
            summary=f"{len(changes)} answer{'s' if len(changes) != 1 else ''} of “{assessment.title}” "
            f"imported from {filename}",
        )
    return ImportResult(changed=len(changes), unchanged=len(rows) - len(changes))

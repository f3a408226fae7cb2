"""Spreadsheets in and out: the one module that reads and writes CSV and XLSX files.

Every import and export of the product goes through here (answers, the action plan, the responsibility matrix,
the PSA mapping; web, API and CLI alike), so that the rules below hold everywhere. Pure: bytes in, rows out; rows
in, bytes out. No Django, no database.

**Formula neutralising** (:func:`neutralise`). A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or
``@`` as a formula, and a tab or carriage return in front does not stop it (CSV or formula injection). So every
text cell that starts with one of :data:`FORMULA_START` is written with one leading ``'``: ``=HYPERLINK(…)``
becomes ``'=HYPERLINK(…)``, in CSV and XLSX alike, and every text cell of a workbook is stored as a string,
never a formula. Real numbers (``int``, ``float``, ``Decimal``) are numbers, not text, and are written as they
are, so ``-12.50`` stays a number. Text that already starts with quotes followed by a formula character gets one
more quote (``'=x`` → ``''=x``), so that :func:`restore`, which every reader applies, removes exactly the quote
that was added: ``restore(neutralise(text)) == text`` for every text. Applying :func:`neutralise` twice is safe
(still no formula) but not idempotent: each application adds a quote that one :func:`restore` takes away.

**Reading** (:func:`read_table`): a CSV file (UTF-8 with or without a byte order mark; comma, semicolon or tab,
whichever the first line has most of) or an XLSX workbook (recognised by its first bytes, else by its name),
at most :data:`MAX_BYTES` and :data:`MAX_ROWS` data rows. Empty rows are skipped; row numbers are the ones a
spreadsheet shows (the header is row 1). Cells holding a formula are refused, and so is text that a database
cannot store (NUL, lone surrogates). Every problem names its row (and column where there is one), in words a
user can act on; the caller decides what the columns mean.

**Writing**: :func:`csv_bytes` (UTF-8 with a byte order mark, so that Excel reads accents right; comma-separated,
CRLF line ends) and :func:`csv_text` (the same text, without the mark, for a terminal); :class:`XlsxBook` for
workbooks: :meth:`XlsxBook.sheet` writes the rows and hands back the openpyxl worksheet for styling (fills, drop-
downs), never for writing values. A workbook cell keeps LF line ends only (CR and CRLF become LF) and no
control character that XML cannot carry (each becomes U+FFFD).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sevenc.core.domain.errors import ApplicationError
from sevenc.core.domain.limits import TEXT_MAX
from sevenc.core.domain.text import unstorable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}

MAX_BYTES = 5 * 1024 * 1024  # an upload; the web pages, the API and the CLI all refuse a larger file
MAX_ROWS = 5000  # data rows (not counting the header and empty rows)
MAX_COLUMNS = 1000
MAX_UNPACKED = 200 * 1024 * 1024  # what a workbook may unpack to (a 5 MB zip can hide gigabytes)
MAX_PROBLEMS = 200  # a refusal lists at most this many problems (beyond, it is a wrong file, not a few typos)

_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
_ZIP_MAGIC = b"PK\x03\x04"
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NUMBERS = (int, float, Decimal)


# --- the formula rule ---------------------------------------------------------------------------------------------


def neutralise(value: Any) -> Any:
    """``value`` as it may be written to a spreadsheet cell: text that a spreadsheet would take for a formula gets
    one leading ``'``; every other value (numbers, dates, None, harmless text) is returned as it is."""
    return _quoted(value) if isinstance(value, str) else value


def _quoted(text: str) -> str:
    return "'" + text if text.lstrip("'").startswith(FORMULA_START) else text


def restore(text: str) -> str:
    """The text that :func:`neutralise` was given: one leading ``'`` is removed where neutralise added one."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_START):
        return text[1:]
    return text


def _cell(value: Any) -> Any:
    """A value as a cell holds it: None, a number, a date or a bool as they are; anything else as text."""
    if value is None or isinstance(value, (*_NUMBERS, bool, dt.date, dt.time)):
        return value
    return str(value)


# --- writing ------------------------------------------------------------------------------------------------------


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """The rows as CSV text: comma-separated, CRLF line ends, text quoted where needed, formulas neutralised,
    None as an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if (v := _cell(value)) is None else neutralise(v) for value in row])
    return buffer.getvalue()


def csv_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    """:func:`csv_text` as UTF-8 with a byte order mark (Excel then reads accents right; every reader here
    accepts it)."""
    return csv_text(rows).encode("utf-8-sig")


def sheet_title(title: str, fallback: str = "Sheet") -> str:
    """A valid worksheet name: at most 31 characters, none of ``[]:*?/\\``, not starting or ending with a quote."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", title).strip().strip("'").strip()
    return cleaned[:31].strip() or fallback


def _xlsx_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # XML keeps no CR: say so now, before neutralising
    return _quoted(_ILLEGAL_XML.sub("\ufffd", text))


class XlsxBook:
    """A workbook being written. ``sheet()`` adds a worksheet with its rows (formulas neutralised, text stored as
    strings) and returns the openpyxl worksheet for styling; ``to_bytes()`` gives the .xlsx file."""

    def __init__(self, *, title: str = "") -> None:
        from openpyxl import Workbook  # type: ignore[import-untyped]

        self._wb = Workbook()
        self._fresh = True  # the first sheet() reuses the sheet every new workbook has
        if title:
            self._wb.properties.title = title[:255]

    def sheet(
        self,
        title: str,
        rows: Iterable[Sequence[Any]],
        *,
        widths: Sequence[float] = (),
        freeze: str | None = "A2",
        bold_header: bool = True,
    ) -> Any:
        """Add a sheet holding ``rows`` (the first one is the header: bold, and frozen with ``freeze``), with the
        column ``widths`` in order. Empty text and None make empty cells. Returns the worksheet."""
        from openpyxl.styles import Font  # type: ignore[import-untyped]
        from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

        ws = self._wb.active if self._fresh else self._wb.create_sheet()
        self._fresh = False
        ws.title = sheet_title(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                value = _cell(value)
                if value is None or value == "":
                    continue
                cell = ws.cell(row=r, column=c)
                if isinstance(value, str):
                    cell.value = _xlsx_text(value)
                    cell.data_type = "s"  # a string, whatever it starts with: never a formula
                else:
                    cell.value = value
        if bold_header:
            bold = Font(bold=True)
            for cell in ws[1]:
                cell.font = bold
        if freeze:
            ws.freeze_panes = freeze
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        return ws

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self._wb.save(out)
        return out.getvalue()


def xlsx_bytes(
    rows: Iterable[Sequence[Any]], *, sheet: str = "Sheet", title: str = "", widths: Sequence[float] = ()
) -> bytes:
    """A workbook with one sheet of ``rows`` (bold frozen header)."""
    book = XlsxBook(title=title)
    book.sheet(sheet, rows, widths=widths)
    return book.to_bytes()


# --- reading ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """What :func:`read_table` found. ``header``: the first row's cells; ``rows``: (row number, cells) of every
    later row with something in it. Text cells are restored (:func:`restore`), not stripped; XLSX cells may also
    be numbers, booleans or dates. ``problems``: every problem, each starting ``row N`` (but the one about the
    file's size); when there are any, the file must be refused. ``complete`` is False when reading stopped early
    (an unreadable file, too many rows or columns): then ``rows`` is cut short and not worth checking further."""

    header: list[Any]
    rows: list[tuple[int, list[Any]]]
    problems: list[str]
    complete: bool = True


class _Reading:
    """The problems found while reading, and whether reading gave up."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.stopped = False

    def stop(self, problem: str) -> None:
        self.problems.append(problem)
        self.stopped = True


def column_letter(index: int) -> str:
    """The spreadsheet name of the 0-based column ``index``: A, B, …, Z, AA, …"""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
    """A cell read from CSV or XLSX as text: empty for nothing, ``3`` for a spreadsheet's ``3.0``, stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit} bytes"


def upload_content(upload: Any, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of an uploaded file (anything with ``size`` and ``read()``), refused before it is read when it
    is missing or larger than ``max_bytes``: the one upload rule of the web pages and the API."""
    if upload is None:
        raise ApplicationError("Choose a CSV or XLSX file to import.", fields={"file": ["Choose a file."]})
    if upload.size > max_bytes:
        raise ApplicationError(
            f"The file is larger than {_size(max_bytes)}.", fields={"file": [f"At most {_size(max_bytes)}."]}
        )
    content: bytes = upload.read()
    return content


def read_table(
    content: bytes,
    *,
    filename: str = "",
    sheet: str | None = None,
    max_rows: int = MAX_ROWS,
    max_bytes: int = MAX_BYTES,
) -> Table:
    """Read a CSV or XLSX file (see the module's docstring). From a workbook, the sheet named ``sheet`` is read
    when there is one, else the first."""
    if len(content) > max_bytes:
        return Table([], [], [f"the file is larger than {_size(max_bytes)}"], complete=False)
    if not content.strip():
        return Table([], [], ["row 1: the file is empty"], complete=False)
    if content.startswith(_XLS_MAGIC):
        return Table([], [], ["row 1: this is an old .xls workbook; save it as .xlsx or CSV"], complete=False)
    reading = _Reading()
    if content.startswith(_ZIP_MAGIC) or filename.lower().endswith(".xlsx"):
        records = _xlsx_records(content, sheet, reading)
    else:
        records = _csv_records(content, reading)
    header: list[Any] | None = None
    rows: list[tuple[int, list[Any]]] = []
    try:
        for n, raw in records:
            if len(raw) > MAX_COLUMNS:
                if any(not is_blank(v) for v in raw[MAX_COLUMNS:]):
                    reading.stop(f"row {n}: more than {MAX_COLUMNS} columns; is this the right file?")
                    break
                raw = raw[:MAX_COLUMNS]
            cells = [restore(v) if isinstance(v, str) else v for v in raw]
            if header is not None and all(is_blank(v) for v in cells):
                continue
            if header is not None and len(rows) == max_rows:
                reading.stop(f"row {n}: more than {max_rows} rows; is this the right file?")
                break
            _check_storable(n, cells, header, reading.problems)
            if header is None:
                header = cells
            else:
                rows.append((n, cells))
    finally:
        records.close()  # a workbook is closed now, not when the garbage is collected
    if header is None and not reading.problems:
        reading.stop("row 1: the file is empty")
    return Table(header or [], rows, reading.problems, complete=not reading.stopped)


def _check_storable(n: int, cells: list[Any], header: list[Any] | None, problems: list[str]) -> None:
    """Refuse text that a database cannot store (``core.text``: NUL, lone surrogates) and text past the
    documented limit (``core.limits.TEXT_MAX``), as the API and the forms do."""
    for i, value in enumerate(cells):
        if not isinstance(value, str):
            continue
        reason = unstorable(value)
        if reason is None and len(value) > TEXT_MAX:
            reason = f"holds {len(value):,} characters, more than the {TEXT_MAX:,} a text may have"
        if reason:
            name = header[i].strip() if header is not None and i < len(header) and isinstance(header[i], str) else ""
            column = f"{column_letter(i)} ({name!r})" if name else column_letter(i)
            problems.append(f"row {n}, column {column}: the text {reason}; remove it")


def _csv_records(content: bytes, reading: _Reading) -> Generator[tuple[int, list[Any]], None, None]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = content[: exc.start].count(b"\n") + 1
        reading.stop(f"row {row}: the file is not UTF-8 text; save it as “CSV UTF-8” or as .xlsx")
        return
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    n = 0
    try:
        for record in reader:
            n += 1
            yield n, list(record)
    except csv.Error as exc:
        reading.stop(f"row {n + 1}: not valid CSV ({exc})")


def _xlsx_records(content: bytes, sheet: str | None, reading: _Reading) -> Generator[tuple[int, list[Any]], None, None]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED:
            reading.stop(f"row 1: the workbook unpacks to more than {_size(MAX_UNPACKED)}; is this the right file?")
            return
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # a damaged or hostile file fails in many ways; each gets the same answer
        reading.stop("row 1: not a readable .xlsx workbook (an old .xls? save it as .xlsx or CSV)")
        return
    n = 0
    try:
        ws = wb[sheet] if sheet is not None and sheet in wb.sheetnames else wb.worksheets[0]
        ws.reset_dimensions()  # some writers record a wrong size; read every stored cell instead
        for cells in ws.iter_rows():
            n += 1
            values: list[Any] = []
            for cell in cells:
                if getattr(cell, "data_type", None) == "f":
                    reading.problems.append(f"row {n}: cell {cell.coordinate} holds a formula; type the value instead")
                    values.append(None)
                else:
                    values.append(cell.value)
            yield n, values
    except Exception:
        reading.stop(
            "row 1: not a readable .xlsx workbook (an old .xls? save it as .xlsx or CSV)"
            if n == 0
            else f"row {n + 1}: the workbook cannot be read from this row on; save it again as .xlsx or CSV"
        )
    finally:
        wb.close()


# --- refusing a file ----------------------------------------------------------------------------------------------


def _row_number(problem: str) -> int:
    match = re.match(r"row (\d+)", problem)
    return int(match.group(1)) if match else 0


def refusal(problems: Sequence[str]) -> tuple[str, list[str]]:
    """The message and the problems to show for a refused file: "The file has 3 problems; nothing was imported."
    and the problems in row order (a row's problems keep their order), at most :data:`MAX_PROBLEMS` of them."""
    ordered = sorted(problems, key=_row_number)
    shown = ordered[:MAX_PROBLEMS]
    if len(ordered) > MAX_PROBLEMS:
        shown.append(f"… and {len(ordered) - MAX_PROBLEMS} more")
    count = f"{len(ordered)} problem{'s' if len(ordered) != 1 else ''}"
    return f"The file has {count}; nothing was imported.", shown

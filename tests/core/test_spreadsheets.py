"""sevenc.core.domain.spreadsheets: the formula rule (laws, with hypothesis), writing CSV and XLSX, reading them back
exactly, and every file it refuses with a message naming the row. No database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment

from sevenc.core.domain import spreadsheets as sheets
from sevenc.core.domain.spreadsheets import FORMULA_START, neutralise, restore

NASTY = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tfoo", "\rbar"]

# Text as the database holds it: anything but NUL and lone surrogates (both refused before they are stored).
stored_text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)
# Text that looks like a formula, quoted or not, to make the laws work hard.
formulaic = st.builds(
    lambda quotes, start, rest: "'" * quotes + start + rest,
    st.integers(0, 3),
    st.sampled_from(FORMULA_START),
    stored_text,
)
any_text = st.one_of(stored_text, formulaic)


def _runs_as_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


# --- the rule ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", NASTY)
def test_it_quotes_every_formula_start(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@given(any_text)
def test_neutralised_text_never_runs_as_a_formula(text: str) -> None:
    assert not _runs_as_formula(neutralise(text))


@given(any_text)
def test_restore_undoes_neutralise_exactly(text: str) -> None:
    assert restore(neutralise(text)) == text


@given(any_text)
def test_neutralising_twice_is_still_safe_and_still_undone(text: str) -> None:
    twice = neutralise(neutralise(text))
    assert not _runs_as_formula(twice)
    assert restore(restore(twice)) == text
    assert twice == neutralise(text) or twice == "'" + neutralise(text)  # at most one more quote


@given(stored_text)
def test_harmless_text_is_left_alone(text: str) -> None:
    if not text.lstrip("'").startswith(FORMULA_START):
        assert neutralise(text) == text
        assert restore(text) == text


@pytest.mark.parametrize(
    "value", [-3, 0, 12, -2.5, Decimal("-12.50"), Decimal("0.00"), None, True, dt.date(2027, 1, 31)]
)
def test_numbers_and_other_values_are_not_touched(value: Any) -> None:
    assert neutralise(value) is value


def test_an_already_quoted_text_gets_one_more_quote() -> None:
    assert neutralise("'=already quoted") == "''=already quoted"
    assert restore("''=already quoted") == "'=already quoted"
    assert neutralise("plain 'quote") == "plain 'quote" and neutralise("'quoted") == "'quoted"


# --- writing -----------------------------------------------------------------------------------------------------


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_bytes_carry_a_byte_order_mark_and_neutralised_text() -> None:
    data = sheets.csv_bytes([["name", "amount"], *([text, -5] for text in NASTY), [None, Decimal("-12.50")]])
    assert data.startswith(b"\xef\xbb\xbfname,amount\r\n")
    rows = _csv_rows(data)
    assert [r[0] for r in rows[1:]] == ["'" + t for t in NASTY] + [""]
    assert [r[1] for r in rows[1:]] == ["-5"] * 6 + ["-12.50"]  # numbers stay numbers
    assert sheets.csv_text([["a"]]) == "a\r\n"  # the terminal's text: no byte order mark


def test_csv_writes_any_other_object_as_text() -> None:
    class Lazy:
        def __str__(self) -> str:
            return "=1+1"

    assert _csv_rows(sheets.csv_bytes([[Lazy()]])) == [["'=1+1"]]


def test_xlsx_stores_text_as_strings_and_numbers_as_numbers() -> None:
    book = sheets.XlsxBook(title="T")
    ws = book.sheet(
        "Plan",
        [["text", "amount"], *([t, v] for t, v in zip(NASTY, [-3, -2.5, Decimal("-12.50"), 0, 7, 1], strict=True))],
        widths=[30, 10],
        freeze="B2",
    )
    ws["A1"].alignment = Alignment(wrap_text=True)  # the caller styles what it gets back
    wb = load_workbook(io.BytesIO(book.to_bytes()))
    sheet = wb["Plan"]
    assert wb.properties.title == "T"
    assert sheet.freeze_panes == "B2" and sheet.column_dimensions["A"].width == 30
    assert sheet["A1"].font.bold and sheet["A1"].alignment.wrap_text
    texts = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in texts] == ["'" + t for t in NASTY[:5]] + ["\nbar"]  # a leading CR is a line end: LF
    assert all(c.data_type == "s" for c in texts)
    amounts = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert [float(c.value) for c in amounts] == [-3, -2.5, -12.5, 0, 7, 1]
    assert all(c.data_type == "n" for c in amounts)


def test_xlsx_keeps_no_carriage_return_and_no_control_character() -> None:
    data = sheets.xlsx_bytes([["note"], ["a\r\nb\rc"], ["bell\x07 and vertical tab\x0b"], ["\rstarts with CR"]])
    values = [c.value for c in load_workbook(io.BytesIO(data)).active["A"]]
    assert values == ["note", "a\nb\nc", "bell\ufffd and vertical tab\ufffd", "\nstarts with CR"]


def test_the_first_sheet_reuses_the_workbooks_own_and_names_are_valid() -> None:
    book = sheets.XlsxBook()
    book.sheet("Q3: review [draft]", [["a"]])
    book.sheet("", [["b"]])
    assert load_workbook(io.BytesIO(book.to_bytes())).sheetnames == ["Q3  review  draft", "Sheet"]
    assert sheets.sheet_title("'quoted'") == "quoted"
    assert sheets.sheet_title("x" * 40) == "x" * 31
    assert sheets.sheet_title("///", "Answers") == "Answers"


# --- round trips -------------------------------------------------------------------------------------------------

rows_of_text = st.lists(st.lists(any_text, min_size=3, max_size=3), max_size=6)


def _kept(rows: list[list[str]]) -> list[list[str]]:
    """The rows a reader gives back: rows with nothing but blanks are skipped."""
    return [row for row in rows if any(cell.strip() for cell in row)]


@given(rows_of_text)
def test_csv_round_trips_every_text(rows: list[list[str]]) -> None:
    table = sheets.read_table(sheets.csv_bytes([["a", "b", "c"], *rows]), filename="x.csv")
    assert table.problems == [] and table.complete
    assert table.header == ["a", "b", "c"]
    assert [cells for _, cells in table.rows] == _kept(rows)


def _as_workbook_keeps(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join("\ufffd" if (ord(ch) < 32 and ch not in "\t\n") or ch in "\ufffe\uffff" else ch for ch in text)


@settings(max_examples=25, deadline=None)
@given(rows_of_text)
def test_xlsx_round_trips_every_text_but_its_line_ends(rows: list[list[str]]) -> None:
    table = sheets.read_table(sheets.xlsx_bytes([["a", "b", "c"], *rows]), filename="x.xlsx")
    assert table.problems == [] and table.complete
    expected = [[_as_workbook_keeps(c) or None for c in row] for row in rows]
    expected = [row for row in expected if any(c is not None and c.strip() for c in row)]
    got = [[c if c is not None else None for c in cells] + [None] * (3 - len(cells)) for _, cells in table.rows]
    assert got == expected


def test_numbers_come_back_as_numbers_from_a_workbook() -> None:
    table = sheets.read_table(sheets.xlsx_bytes([["n", "when"], [-12, dt.date(2027, 1, 31)], [2.5, None]]))
    assert [cells for _, cells in table.rows] == [[-12, dt.datetime(2027, 1, 31)], [2.5]]


# --- reading -----------------------------------------------------------------------------------------------------


def test_it_reads_a_byte_order_mark_semicolons_and_tabs() -> None:
    assert sheets.read_table('\ufeffkey;note\r\nx;"a; b"\r\n'.encode()).rows == [(2, ["x", "a; b"])]
    assert sheets.read_table(b"key\tnote\nx\ty\n").rows == [(2, ["x", "y"])]


def test_it_skips_blank_rows_and_keeps_the_row_numbers_a_spreadsheet_shows() -> None:
    table = sheets.read_table(b"key,note\n,\nx,1\n  ,\t\ny,2\n")
    assert table.rows == [(3, ["x", "1"]), (5, ["y", "2"])]


def test_a_quoted_cell_typed_by_hand_is_read_as_its_text() -> None:
    table = sheets.read_table(b"key,note\nx,'=1+1\ny,'plain\n")
    assert [cells for _, cells in table.rows] == [["x", "=1+1"], ["y", "'plain"]]


@pytest.mark.parametrize(
    ("content", "filename", "problem"),
    [
        (b"", "a.csv", "row 1: the file is empty"),
        (b"  \r\n", "a.csv", "row 1: the file is empty"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest",
            "a.xls",
            "row 1: this is an old .xls workbook; save it as .xlsx or CSV",
        ),
        (
            b"PK\x03\x04not really a zip",
            "a.xlsx",
            "row 1: not a readable .xlsx workbook (an old .xls? save it as .xlsx or CSV)",
        ),
        (b"not a zip at all", "a.xlsx", "row 1: not a readable .xlsx workbook (an old .xls? save it as .xlsx or CSV)"),
        (
            "key,note\nx,é\n".encode("latin-1"),
            "a.csv",
            "row 2: the file is not UTF-8 text; save it as “CSV UTF-8” or as .xlsx",
        ),
        (
            b'key,note\nx,"' + b"y" * 200_000 + b'"\n',
            "a.csv",
            "row 2: not valid CSV (field larger than field limit (131072))",
        ),
    ],
)
def test_it_refuses_unreadable_files(content: bytes, filename: str, problem: str) -> None:
    table = sheets.read_table(content, filename=filename)
    assert table.problems == [problem] and not table.complete


def test_it_refuses_a_file_larger_than_the_limit() -> None:
    table = sheets.read_table(b"key\n" + b"x\n" * 600, max_bytes=1000)
    assert table.problems == ["the file is larger than 1000 bytes"] and not table.complete
    assert sheets.MAX_BYTES == 5 * 1024 * 1024


def test_it_stops_after_the_row_limit() -> None:
    table = sheets.read_table(b"key\n" + b"x\n\n" * 6, max_rows=5)
    assert table.problems == ["row 12: more than 5 rows; is this the right file?"] and not table.complete
    assert len(table.rows) == 5
    assert sheets.read_table(b"key\n" + b"x\n" * 5, max_rows=5).problems == []


def test_it_refuses_text_that_cannot_be_stored_naming_row_and_column() -> None:
    table = sheets.read_table(b"key,note\nx,fine\ny,bad\x00text\n")
    assert table.problems == [
        "row 3, column B ('note'): the text holds a NUL character (U+0000), which cannot be stored; remove it"
    ]
    assert table.complete  # the rest of the file was read: the caller lists its problems too
    header = sheets.read_table(b"key,\x00\nx,y\n")
    assert header.problems == [
        "row 1, column B: the text holds a NUL character (U+0000), which cannot be stored; remove it"
    ]


def _workbook(*rows: list[Any], title: str = "Sheet") -> bytes:
    wb = Workbook()
    wb.active.title = title
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_it_refuses_formulas_in_a_workbook() -> None:
    table = sheets.read_table(_workbook(["key", "answer"], ["a", "=1+2"], ["b", "3"]), filename="a.xlsx")
    assert table.problems == ["row 2: cell B2 holds a formula; type the value instead"]
    assert table.rows == [(2, ["a", None]), (3, ["b", "3"])]


def test_it_recognises_a_workbook_by_its_bytes_and_picks_the_named_sheet() -> None:
    book = sheets.XlsxBook()
    book.sheet("Notes", [["ignored"]])
    book.sheet("Matrix", [["key"], ["x"]])
    data = book.to_bytes()
    assert sheets.read_table(data, filename="upload.csv", sheet="Matrix").rows == [(2, ["x"])]
    assert sheets.read_table(data, sheet="Missing").header == ["ignored"]


def _with_sheet_xml(data: bytes, change: Any) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info.filename)
            target.writestr(info, change(body) if info.filename == "xl/worksheets/sheet1.xml" else body)
    return out.getvalue()


@pytest.mark.parametrize(
    ("change", "row"),
    [
        (lambda xml: xml.replace(b"PLACEHOLDER", b"a&#0;b"), 2),  # NUL, which XML cannot carry
        (lambda xml: xml.replace(b"</sheetData>", b"<broken></sheetData>"), 3),  # not XML
        (lambda xml: xml[:200], 1),  # cut short
    ],
)
def test_a_damaged_workbook_is_refused_not_a_crash(change: Any, row: int) -> None:
    data = _with_sheet_xml(_workbook(["key", "note"], ["a", "PLACEHOLDER"]), change)
    table = sheets.read_table(data, filename="a.xlsx")
    assert not table.complete
    assert table.problems == [
        f"row {row}: the workbook cannot be read from this row on; save it again as .xlsx or CSV"
        if row > 1
        else "row 1: not a readable .xlsx workbook (an old .xls? save it as .xlsx or CSV)"
    ]


def test_a_workbook_that_unpacks_to_too_much_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheets, "MAX_UNPACKED", 1000)
    table = sheets.read_table(_workbook(["key"], *([f"row {n}"] for n in range(200))))
    assert table.problems == ["row 1: the workbook unpacks to more than 1000 bytes; is this the right file?"]


def test_too_many_columns_are_refused() -> None:
    table = sheets.read_table(("," * 1000 + "x\n").encode())
    assert table.problems == ["row 1: more than 1000 columns; is this the right file?"]
    assert sheets.read_table(("key" + "," * 1200 + "\nx\n").encode()).problems == []  # empty ones do not count


# --- refusing ----------------------------------------------------------------------------------------------------


def test_a_refusal_lists_problems_by_row_and_cuts_a_long_list() -> None:
    message, shown = sheets.refusal(["row 10: b", "row 2: a", "the file is larger than 5 MB", "row 2: c"])
    assert message == "The file has 4 problems; nothing was imported."
    assert shown == ["the file is larger than 5 MB", "row 2: a", "row 2: c", "row 10: b"]
    message, shown = sheets.refusal([f"row {n}: x" for n in range(2, 252)])
    assert message == "The file has 250 problems; nothing was imported."
    assert len(shown) == 201 and shown[-1] == "… and 50 more"
    assert sheets.refusal(["row 1: x"])[0] == "The file has 1 problem; nothing was imported."


def test_column_letters() -> None:
    assert [sheets.column_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == ["A", "B", "Z", "AA", "AB", "ZZ", "AAA"]


class _Upload:
    def __init__(self, content: bytes) -> None:
        self.content, self.size, self.reads = content, len(content), 0

    def read(self) -> bytes:
        self.reads += 1
        return self.content


def test_an_upload_is_refused_before_it_is_read_when_missing_or_too_large() -> None:
    from sevenc.core.domain.errors import ApplicationError

    with pytest.raises(ApplicationError, match="Choose a CSV or XLSX file"):
        sheets.upload_content(None)
    big = _Upload(b"x" * 11)
    with pytest.raises(ApplicationError, match="larger than 10 bytes") as exc:
        sheets.upload_content(big, max_bytes=10)
    assert exc.value.fields == {"file": ["At most 10 bytes."]} and big.reads == 0
    assert sheets.upload_content(_Upload(b"key\n"), max_bytes=10) == b"key\n"

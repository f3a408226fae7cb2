"""Answers to and from CSV/XLSX: round trips, every bad row reported, all or nothing, versions, formula safety."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from sevenc.assessments import services
from sevenc.assessments.models import Answer, Assessment
from sevenc.assessments.services import AnswerChange, FinalAssessmentError
from sevenc.assessments.transfer import services as transfer
from sevenc.core.domain.errors import ApplicationError, ConflictError
from sevenc.core.models import ActivityEntry

pytestmark = pytest.mark.django_db

FIRST = "continuous.backup-management-implementation.01"
SECOND = "continuous.backup-management-implementation.02"
THIRD = "continuous.backup-management-implementation.03"
FOURTH = "continuous.backup-management-implementation.04"
BACKUP = "continuous.backup-management-implementation"  # .01 to .07
DR = "continuous.disaster-recovery-plan-implementation"  # .01 to .05, right after BACKUP
NASTY = ['=HYPERLINK("http://evil.example","click")', "+1+2", "-3", "@SUM(A1)", "'=already quoted", "plain 'quote"]


@pytest.fixture
def answered(world: Any, draft: Assessment) -> Assessment:
    """A draft with every kind of answer, multi-line and formula-like notes, shared notes and evidence."""
    services.answers_bulk_set(
        workspace=world.ws_a,
        actor=world.analyst,
        assessment=draft,
        changes=[
            AnswerChange(
                FIRST,
                version=1,
                state="level",
                level=4,
                note="tested monthly\nrestore drill in May",
                note_shared=True,
                evidence_url="https://wiki.example/backup",
            ),
            AnswerChange(SECOND, version=1, state="na", note=NASTY[0]),
            AnswerChange(THIRD, version=1, state="unknown", note=NASTY[1]),
            AnswerChange(FOURTH, version=1, state="level", level=0, note='; semi, comma "quoted"'),
            *[
                AnswerChange(f"{DR}.{n:02d}", version=1, state="level", level=2, note=note)
                for n, note in enumerate(NASTY[2:], start=1)
            ],
            AnswerChange(f"{DR}.05", version=1, state="level", level=3, note="typed in a browser\r\nsecond line  "),
        ],
    )
    return draft


def _snapshot(assessment: Assessment) -> list[tuple[Any, ...]]:
    return list(
        Answer.objects.filter(assessment=assessment)
        .order_by("pk")
        .values_list("practice__key", "state", "level", "note", "note_shared", "evidence_url", "version")
    )


def _rows(world: Any, assessment: Assessment) -> list[dict[str, Any]]:
    return transfer.answers_export_rows(workspace=world.ws_a, assessment=assessment)


def _import(
    world: Any, assessment: Assessment, content: bytes | str, filename: str = "answers.csv", actor: Any = None
) -> transfer.ImportResult:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return transfer.answers_import(
        workspace=world.ws_a, actor=actor or world.analyst, assessment=assessment, content=data, filename=filename
    )


def _answer(assessment: Assessment, key: str) -> Answer:
    return Answer.objects.get(assessment=assessment, practice__key=key)


# --- export --------------------------------------------------------------------------------------------------


def test_it_exports_one_row_per_practice_in_framework_order(world: Any, answered: Assessment) -> None:
    rows = _rows(world, answered)
    assert len(rows) == 139
    assert all(list(r) == list(transfer.COLUMNS) for r in rows)
    assert rows[0] == {
        "practice_key": FIRST,
        "block": "Continuous",
        "area": "Backup management implementation",
        "practice": "Backup policy, regulation implementation",
        "state": "level",
        "level": 4,
        "note": "tested monthly\nrestore drill in May",
        "note_shared": "yes",
        "evidence_url": "https://wiki.example/backup",
        "version": 2,
    }
    assert (rows[1]["state"], rows[1]["level"], rows[2]["state"]) == ("na", None, "unknown")
    assert rows[-1]["practice"] == "Purchase Process Policy Implementation"
    assert (rows[-1]["state"], rows[-1]["level"], rows[-1]["note_shared"], rows[-1]["version"]) == ("", None, "no", 1)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_round_trips_without_changing_anything(world: Any, answered: Assessment, fmt: str) -> None:
    before = _snapshot(answered)
    activity = ActivityEntry.objects.count()
    rows = _rows(world, answered)
    content = transfer.answers_to_csv(rows) if fmt == "csv" else transfer.answers_to_xlsx(rows, title=answered.title)
    result = _import(world, answered, content, filename=f"answers.{fmt}")
    assert result == transfer.ImportResult(changed=0, unchanged=139)
    assert _snapshot(answered) == before
    assert ActivityEntry.objects.count() == activity


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_formula_start_round_trips(world: Any, draft: Assessment, fmt: str) -> None:
    rows = _rows(world, draft)
    keys = [r["practice_key"] for r in rows[-6:]]
    notes = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tfoo", "\rbar"]
    versions = {r["practice_key"]: r["version"] for r in rows}
    services.answers_bulk_set(
        workspace=world.ws_a,
        actor=world.analyst,
        assessment=draft,
        changes=[
            AnswerChange(key, version=versions[key], state="na", note=note)
            for key, note in zip(keys, notes, strict=True)
        ],
    )
    before = _snapshot(draft)
    rows = _rows(world, draft)
    content = transfer.answers_to_csv(rows) if fmt == "csv" else transfer.answers_to_xlsx(rows, title="x")
    assert _import(world, draft, content, filename=f"a.{fmt}") == transfer.ImportResult(changed=0, unchanged=139)
    assert _snapshot(draft) == before


def test_it_writes_only_the_rows_that_differ(world: Any, answered: Assessment) -> None:
    rows = _rows(world, answered)
    rows[0]["level"] = 5
    rows[1]["note_shared"] = "yes"
    rows[-1]["state"], rows[-1]["level"] = "level", 3
    result = _import(world, answered, transfer.answers_to_csv(rows), actor=world.vcio)
    assert result == transfer.ImportResult(changed=3, unchanged=136)
    first = _answer(answered, FIRST)
    assert (first.level, first.note, first.version, first.answered_by) == (
        5,
        "tested monthly\nrestore drill in May",
        3,
        world.vcio,
    )
    assert _answer(answered, SECOND).note_shared is True
    assert _answer(answered, THIRD).version == 2  # untouched
    assert (_answer(answered, rows[-1]["practice_key"]).state, _answer(answered, rows[-1]["practice_key"]).level) == (
        "level",
        3,
    )
    entry = ActivityEntry.objects.filter(verb="imported").get()
    assert entry.actor == world.vcio and entry.object_id == answered.pk
    assert "3 answers of “Q3 review” imported from answers.csv" in entry.summary


def test_it_reads_a_byte_order_mark_and_semicolons(world: Any, draft: Assessment) -> None:
    content = f'\ufeffpractice_key;answer;note\r\n{FIRST};3;"a; b"\r\n{SECOND};N/A;\r\n'.encode()
    assert _import(world, draft, content) == transfer.ImportResult(changed=2, unchanged=0)
    first = _answer(draft, FIRST)
    assert (first.state, first.level, first.note) == ("level", 3, "a; b")
    assert _answer(draft, SECOND).state == "na"


def test_it_reads_tab_separated_text(world: Any, draft: Assessment) -> None:
    assert _import(world, draft, f"practice_key\tanswer\n{FIRST}\t2\n").changed == 1
    assert _answer(draft, FIRST).level == 2


@pytest.mark.parametrize(
    ("code", "state", "level"),
    [
        ("0", "level", 0),
        ("5", "level", 5),
        (" 3 ", "level", 3),
        ("N/A", "na", None),
        ("na", "na", None),
        ("NA", "na", None),
        ("unknown", "unknown", None),
        ("Unknown", "unknown", None),
        ("?", "unknown", None),
    ],
)
def test_it_reads_the_answer_codes(world: Any, draft: Assessment, code: str, state: str, level: int | None) -> None:
    _import(world, draft, f"practice_key,answer\n{FIRST},{code}\n")
    answer = _answer(draft, FIRST)
    assert (answer.state, answer.level) == (state, level)


def test_a_blank_answer_clears_and_absent_columns_keep(world: Any, answered: Assessment) -> None:
    result = _import(world, answered, f"practice_key,answer\n{FIRST},\n")
    assert result.changed == 1
    first = _answer(answered, FIRST)
    assert (first.state, first.level, first.note, first.note_shared, first.evidence_url) == (
        "",
        None,
        "tested monthly\nrestore drill in May",
        True,
        "https://wiki.example/backup",
    )
    assert _answer(answered, SECOND).state == "na"  # no row: left alone


def test_it_reads_numbers_and_booleans_from_xlsx_cells(world: Any, draft: Assessment) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Practice_Key", "Answer", "note_shared", "Note"])
    ws.append([FIRST, 4, True, "shared"])
    ws.append([SECOND, 2.0, "no", None])
    ws.append([None, None, None, None])  # blank rows are skipped
    ws.append([THIRD, "?", 0, ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    assert _import(world, draft, buffer.getvalue(), filename="from-excel.XLSX").changed == 3
    first = _answer(draft, FIRST)
    assert (first.level, first.note_shared, first.note) == (4, True, "shared")
    assert _answer(draft, SECOND).level == 2
    assert _answer(draft, THIRD).state == "unknown"


def test_it_detects_xlsx_by_its_first_bytes_whatever_the_name(world: Any, draft: Assessment) -> None:
    rows = _rows(world, draft)
    rows[0]["state"], rows[0]["level"] = "level", 1
    assert _import(world, draft, transfer.answers_to_xlsx(rows, title="x"), filename="answers.csv").changed == 1


# --- problems: every one listed, nothing written -------------------------------------------------------------


def _problems(world: Any, assessment: Assessment, content: bytes | str, filename: str = "answers.csv") -> list[str]:
    before = _snapshot(assessment)
    activity = ActivityEntry.objects.count()
    with pytest.raises(ApplicationError) as caught:
        _import(world, assessment, content, filename=filename)
    assert not isinstance(caught.value, ConflictError)
    assert _snapshot(assessment) == before
    assert ActivityEntry.objects.count() == activity
    assert caught.value.message.endswith("nothing was imported.")
    return caught.value.fields["rows"]


def test_it_reports_every_bad_row_with_its_number_and_writes_nothing(world: Any, answered: Assessment) -> None:
    content = (
        "\r\n".join(
            [
                "practice_key,state,level,note,note_shared,evidence_url",
                f"{FIRST},level,1,fine,yes,https://ok.example/x",  # row 2: valid, but must not be written
                "continuous.no-such-area.01,level,3,,no,",  # 3: unknown practice
                f"{SECOND},na,,,no,",  # 4: valid
                f"{SECOND},unknown,,,no,",  # 5: duplicate
                f"{THIRD},level,6,,no,",  # 6: level out of range
                f"{FOURTH},level,,,no,",  # 7: state level without a level
                f"{BACKUP}.05,na,2,,no,",  # 8: level without state level
                f"{BACKUP}.06,maybe,,,no,",  # 9: bad state
                f"{BACKUP}.07,level,2,,perhaps,",  # 10: bad boolean
                f"{DR}.01,level,2,,no,not a url",  # 11: bad URL
                ",level,2,,no,",  # 12: no key
                f"{DR}.02,level,two,,no,",  # 13: level not a number
                ",,,,,",  # 14: blank: skipped
                f"{DR}.03,level,1.5,,no,",  # 15: level not whole
                "nope.01,level,9,,no,",  # 16: unknown key and a bad level
            ]
        )
        + "\r\n"
    )
    assert _problems(world, answered, content) == [
        "row 3: practice key 'continuous.no-such-area.01' is not in this framework",
        f"row 5: practice key '{SECOND}' is already on row 4",
        f"row 6: level '6' for {THIRD} is not a whole number from 0 to 5",
        f"row 7: state 'level' for {FOURTH} needs a level from 0 to 5",
        f"row 8: level 2 for {BACKUP}.05 needs state 'level' (the state is 'na')",
        f"row 9: state 'maybe' for {BACKUP}.06 is not one of level, na, unknown or empty",
        f"row 10: note_shared 'perhaps' for {BACKUP}.07 is not yes/no/true/false/1/0",
        f"row 11: evidence_url 'not a url' for {DR}.01 is not a full web address (https://…)",
        "row 12: no practice key",
        f"row 13: level 'two' for {DR}.02 is not a whole number from 0 to 5",
        f"row 15: level '1.5' for {DR}.03 is not a whole number from 0 to 5",
        "row 16: level '9' for nope.01 is not a whole number from 0 to 5",
        "row 16: practice key 'nope.01' is not in this framework",
    ]


def test_it_reports_bad_answer_codes_and_versions(world: Any, draft: Assessment) -> None:
    content = f"practice_key,answer,version\n{FIRST},7,1\n{SECOND},yes,1\n{THIRD},3,x\n{FOURTH},-1,\n"
    assert _problems(world, draft, content) == [
        f"row 2: answer '7' for {FIRST} is not 0–5, N/A, unknown, ? or empty",
        f"row 3: answer 'yes' for {SECOND} is not 0–5, N/A, unknown, ? or empty",
        f"row 4: version 'x' for {THIRD} is not a whole number from the export (remove the version column to "
        "overwrite regardless)",
        f"row 5: answer '-1' for {FOURTH} is not 0–5, N/A, unknown, ? or empty",
        f"row 5: version '' for {FOURTH} is not a whole number from the export (remove the version column to "
        "overwrite regardless)",
    ]


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("key,answer", "row 1: no practice_key column (the first row must hold the column names)"),
        ("practice_key,answer,state", "row 1: use either an answer column or state and level columns, not both"),
        ("practice_key,level", "row 1: a level column needs a state column (or use a single answer column)"),
        ("practice_key,answer,Answer", "row 1: the column 'answer' appears twice"),
    ],
)
def test_it_checks_the_header(world: Any, draft: Assessment, header: str, problem: str) -> None:
    assert _problems(world, draft, f"{header}\n{FIRST},3,3\n") == [problem]


@pytest.mark.parametrize(
    ("content", "filename", "problem"),
    [
        (b"", "a.csv", "row 1: the file is empty"),
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
        (
            "practice_key,answer\nkey,é\n".encode("latin-1"),
            "a.csv",
            "row 2: the file is not UTF-8 text; save it as “CSV UTF-8” or as .xlsx",
        ),
    ],
)
def test_it_refuses_unreadable_files(
    world: Any, draft: Assessment, content: bytes, filename: str, problem: str
) -> None:
    assert _problems(world, draft, content, filename=filename) == [problem]


def test_it_refuses_formulas_in_an_uploaded_workbook(world: Any, draft: Assessment) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["practice_key", "answer"])
    ws.append([FIRST, "=1+2"])
    buffer = io.BytesIO()
    wb.save(buffer)
    assert _problems(world, draft, buffer.getvalue(), filename="a.xlsx") == [
        "row 2: cell B2 holds a formula; type the value instead"
    ]


def test_answers_parse_lists_the_problems_without_a_database() -> None:
    with pytest.raises(ApplicationError) as caught:
        transfer.answers_parse(content=b"practice_key,answer\na,9\nb,1\na,2\n", filename="x.csv")
    assert caught.value.message == "The file has 2 problems; nothing was imported."
    assert caught.value.fields == {
        "rows": [
            "row 2: answer '9' for a is not 0–5, N/A, unknown, ? or empty",
            "row 4: practice key 'a' is already on row 2",
        ]
    }
    rows = transfer.answers_parse(content=b"practice_key,answer\na,na\n", filename="x.csv")
    assert rows == [transfer.ParsedRow(row=2, practice_key="a", state="na", level=None)]


# --- versions and finality -----------------------------------------------------------------------------------


def test_a_stale_row_is_a_conflict_and_nothing_is_written(world: Any, answered: Assessment) -> None:
    rows = _rows(world, answered)
    services.answer_set(
        workspace=world.ws_a,
        actor=world.vcio,
        assessment=answered,
        change=AnswerChange(THIRD, version=2, state="level", level=1),
    )
    rows[0]["level"] = 5  # a real change on a row that is not stale
    before = _snapshot(answered)
    with pytest.raises(ConflictError) as caught:
        _import(world, answered, transfer.answers_to_csv(rows))
    assert caught.value.fields == {
        "rows": [f"row 4: {THIRD} was changed since the export (version 2 in the file, 3 now)"]
    }
    assert "nothing was imported" in caught.value.message
    assert _snapshot(answered) == before


def test_without_a_version_column_the_file_overwrites(world: Any, answered: Assessment) -> None:
    services.answer_set(
        workspace=world.ws_a,
        actor=world.vcio,
        assessment=answered,
        change=AnswerChange(THIRD, version=2, state="level", level=1),
    )
    assert _import(world, answered, f"practice_key,answer\n{THIRD},?\n").changed == 1
    third = _answer(answered, THIRD)
    assert (third.state, third.version) == ("unknown", 4)


def test_a_final_assessment_is_refused(world: Any, answered: Assessment) -> None:
    answered = services.assessment_finalise(
        workspace=world.ws_a, actor=world.vcio, assessment=answered, version=answered.version
    )
    before = _snapshot(answered)
    with pytest.raises(FinalAssessmentError):
        _import(world, answered, f"practice_key,answer\n{FIRST},1\n")
    with pytest.raises(FinalAssessmentError):  # even a file that would change nothing
        _import(world, answered, transfer.answers_to_csv(_rows(world, answered)))
    assert _snapshot(answered) == before


def test_another_workspaces_assessment_is_refused(world: Any, answered: Assessment) -> None:
    with pytest.raises(ApplicationError, match="another workspace"):
        transfer.answers_import(
            workspace=world.ws_b,
            actor=world.outsider,
            assessment=answered,
            content=f"practice_key,answer\n{FIRST},1\n".encode(),
            filename="a.csv",
        )
    assert _answer(answered, FIRST).level == 4


# --- spreadsheet safety and the workbook -----------------------------------------------------------------------


def test_formula_cells_are_neutralised_in_csv(world: Any, answered: Assessment) -> None:
    data = transfer.answers_to_csv(_rows(world, answered))
    assert data.startswith(b"\xef\xbb\xbfpractice_key,")  # a byte order mark: Excel then reads UTF-8
    records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert records[0] == list(transfer.COLUMNS)
    notes = [r[transfer.COLUMNS.index("note")] for r in records[1:]]
    assert notes[1] == "'" + NASTY[0]
    assert notes[2] == "'+1+2"
    assert notes[7:11] == ["'-3", "'@SUM(A1)", "''=already quoted", "plain 'quote"]
    assert not [cell for r in records for cell in r if cell[:1] in ("=", "+", "-", "@", "\t")]


def test_the_workbook_matches_the_answers_cell_for_cell(world: Any, answered: Assessment) -> None:
    rows = _rows(world, answered)
    wb = load_workbook(io.BytesIO(transfer.answers_to_xlsx(rows, title="Q3: review [draft]")))
    ws = wb.worksheets[0]
    assert len(wb.worksheets) == 1
    assert ws.title == "Q3  review  draft"
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == list(transfer.COLUMNS)
    assert all(c.font.bold for c in ws[1])
    assert ws.column_dimensions["A"].width > 30
    assert ws.max_row == 140
    for row, cells in zip(rows, ws.iter_rows(min_row=2), strict=True):
        expected = [
            (row[c].replace("\r\n", "\n") if isinstance(row[c], str) else row[c]) if row[c] != "" else None
            for c in transfer.COLUMNS
        ]  # a cell keeps "\n" line ends only
        expected = [
            "'" + v if isinstance(v, str) and v.lstrip("'")[:1] in ("=", "+", "-", "@", "\t") else v for v in expected
        ]
        assert [c.value for c in cells] == expected
        assert all(c.data_type != "f" for c in cells)
    validations = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    assert validations["E2:E140"].formula1 == '"level,na,unknown"'
    assert (validations["F2:F140"].type, validations["F2:F140"].formula1, validations["F2:F140"].formula2) == (
        "whole",
        "0",
        "5",
    )
    assert validations["H2:H140"].formula1 == '"yes,no"'


def test_the_sheet_name_is_always_valid() -> None:
    assert load_workbook(io.BytesIO(transfer.answers_to_xlsx([], title="///"))).sheetnames == ["Answers"]
    assert load_workbook(io.BytesIO(transfer.answers_to_xlsx([], title="x" * 40))).sheetnames == ["x" * 31]


def test_it_refuses_text_that_cannot_be_stored(world: Any, draft: Assessment) -> None:
    assert _problems(world, draft, f"practice_key,answer,note\n{FIRST},3,a\x00b\n") == [
        "row 2, column C ('note'): the text holds a NUL character (U+0000), which cannot be stored; remove it"
    ]


def test_a_damaged_workbook_is_refused_with_a_message(world: Any, draft: Assessment) -> None:
    data = transfer.answers_to_xlsx(_rows(world, draft), title="x")
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            body = source.read(info.filename)
            target.writestr(
                info, body.replace(b"</sheetData>", b"<x></sheetData>") if "worksheets" in info.filename else body
            )
    problems = _problems(world, draft, broken.getvalue(), filename="a.xlsx")
    assert len(problems) == 1 and "the workbook cannot be read from this row on" in problems[0]

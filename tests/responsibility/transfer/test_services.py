"""The responsibility matrix as files: the workbook and CSV exports, the CSV/XLSX import (all or nothing, row-level
problems, one Accountable per area), the PSA mapping and hiding areas, and the web pages for them."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sevenc.core.domain.errors import ApplicationError
from sevenc.core.models import ActivityEntry
from sevenc.responsibility import selectors, services
from sevenc.responsibility.areas import services as api_services
from sevenc.responsibility.models import Assignment, PsaMapping, ResponsibilityArea
from sevenc.responsibility.services import CellChange
from sevenc.responsibility.transfer import services as transfer
from tests.factories import PartyFactory
from tests.responsibility.factories import ResponsibilityAreaFactory

pytestmark = pytest.mark.django_db


def _area(
    key: str, title: str, *, position: int, workspace: Any = None, criticality: str = "high"
) -> ResponsibilityArea:
    return ResponsibilityAreaFactory(
        workspace=workspace,
        key=key,
        title=title,
        practice_key="continuous.backup-management-implementation.02",
        criticality=criticality,
        position=position,
    )


@pytest.fixture
def m(world: Any) -> Any:
    """Three areas (two shipped, one of workspace A's own) × three parties of A1, five cells set."""

    class M:
        verify = _area("backup.verify", "Verify last night's backups", position=1)
        renew = _area("domains.renew", "Renew domain names", position=2, criticality="low")
        own = _area("alpha.check-ups", "Quarterly check-up", position=100_000, workspace=world.ws_a)
        telco = world.party_a1
        ceo = PartyFactory(
            client=world.client_a1, name="CEO", kind="internal_role", contact_name="Dana", email="dana@a1.example"
        )
        isp = PartyFactory(client=world.client_a1, name="Northern ISP", kind="isp")

    services.matrix_save(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        changes=[
            CellChange(M.verify.pk, M.isp.pk, "R", ""),
            CellChange(M.verify.pk, M.ceo.pk, "A", ""),
            CellChange(M.verify.pk, M.telco.pk, "I", ""),
            CellChange(M.renew.pk, M.telco.pk, "C", ""),
            CellChange(M.own.pk, M.ceo.pk, "R", ""),
        ],
    )
    return M


def _cells(world: Any) -> dict[tuple[str, str], str]:
    return {
        (a.area.key, a.party.name): a.role
        for a in Assignment.objects.filter(client=world.client_a1).select_related("area", "party")
    }


def _import(world: Any, text: str, filename: str = "m.csv") -> transfer.ImportResult:
    return transfer.matrix_import(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, content=text.encode(), filename=filename
    )


def _problems(world: Any, text: str) -> list[str]:
    with pytest.raises(ApplicationError) as exc:
        _import(world, text)
    assert "nothing was imported" in exc.value.message
    return exc.value.fields["rows"]


# --- export ----------------------------------------------------------------------------------------------------


def test_the_workbook_matches_the_matrix_cell_for_cell(world: Any, m: Any) -> None:
    api_services.psa_mapping_set(
        workspace=world.ws_a, actor=world.vcio, area=m.verify, board="Service", queue="Backups", category="Verify"
    )
    wb = openpyxl.load_workbook(io.BytesIO(transfer.matrix_to_xlsx(workspace=world.ws_a, client=world.client_a1)))
    assert wb.sheetnames == ["Matrix", "Parties", "PSA", "Findings"]
    sheet = wb["Matrix"]
    table = transfer.matrix_table(workspace=world.ws_a, client=world.client_a1)
    got = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert got == table
    assert table[0] == ["key", "group", "duty", "criticality", "practice", "CEO", "Northern ISP", world.party_a1.name]
    assert [row[0] for row in table[1:]] == ["backup.verify", "domains.renew", "alpha.check-ups"]  # matrix order
    assert table[1][5:] == ["A", "R", "I"] and table[2][5:] == ["", "", "C"] and table[3][5:] == ["R", "", ""]
    for cells in sheet.iter_rows(min_row=2, min_col=6):
        for cell in cells:
            if cell.value:
                assert cell.fill.fill_type == "solid"
                assert cell.fill.fgColor.rgb.endswith(transfer.FILLS[cell.value]), cell.coordinate
            else:
                assert cell.fill.fill_type is None
    assert sheet.freeze_panes == "F2"
    assert sheet.column_dimensions["C"].width == 60
    assert list(wb["Parties"].iter_rows(values_only=True))[:2] == [
        ("name", "kind", "contact", "email", "phone"),
        ("CEO", "Internal role", "Dana", "dana@a1.example", None),
    ]
    assert list(wb["PSA"].iter_rows(values_only=True)) == [
        ("area key", "board", "queue", "category"),
        ("backup.verify", "Service", "Backups", "Verify"),
    ]


def test_the_findings_sheet_holds_the_analysis(world: Any, m: Any) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(transfer.matrix_to_xlsx(workspace=world.ws_a, client=world.client_a1)))
    assert wb.sheetnames[-1] == "Findings"
    rows = list(wb["Findings"].iter_rows(values_only=True))
    expected = selectors.matrix_analysis(workspace=world.ws_a, client=world.client_a1).findings
    assert rows[0] == ("severity", "finding", "kind", "areas", "parties")
    assert [(r[0], r[1]) for r in rows[1:]] == [(f.severity, f.sentence) for f in expected]
    assert expected and any("falls to the CEO" in f.sentence or "fall to the CEO" in f.sentence for f in expected)


def test_a_client_without_parties_gets_no_findings_sheet(world: Any) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(transfer.matrix_to_xlsx(workspace=world.ws_a, client=world.client_a2)))
    assert "Findings" not in wb.sheetnames


def test_the_matrix_colours_match_the_page(world: Any) -> None:
    css = selectors.__file__.rsplit("/", 1)[0] + "/static/responsibility/matrix.css"
    text = open(css, encoding="utf-8").read().lower()
    for role, colour in transfer.FILLS.items():
        assert f".role-{role.lower()} {{ background: #{colour.lower()}; }}" in text


# --- import ----------------------------------------------------------------------------------------------------


def test_the_csv_round_trips_without_changing_anything(world: Any, m: Any) -> None:
    before = _cells(world)
    text = transfer.matrix_to_csv(workspace=world.ws_a, client=world.client_a1).decode("utf-8-sig")
    assert _import(world, text) == transfer.ImportResult(changed=0, unchanged=9)
    assert _cells(world) == before


def test_the_workbook_imports_too(world: Any, m: Any) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(transfer.matrix_to_xlsx(workspace=world.ws_a, client=world.client_a1)))
    wb["Matrix"]["G3"] = "r"  # Northern ISP × domains.renew
    out = io.BytesIO()
    wb.save(out)
    result = transfer.matrix_import(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, content=out.getvalue(), filename="m.xlsx"
    )
    assert result == transfer.ImportResult(changed=1, unchanged=8)
    assert _cells(world)[("domains.renew", "Northern ISP")] == "R"


def test_it_replaces_exactly_the_cells_in_the_file(world: Any, m: Any) -> None:
    before = _cells(world)
    # one party, one row: the CEO's A moves nowhere (stays), its R in the own area is cleared
    result = _import(world, "key;ceo\nalpha.check-ups;\ndomains.renew;i\n")
    assert result == transfer.ImportResult(changed=2, unchanged=0)
    after = _cells(world)
    assert after.pop(("domains.renew", "CEO")) == "I"
    del before[("alpha.check-ups", "CEO")]
    assert after == before  # backup.verify (no row) and the other parties (no column) are untouched
    assert ActivityEntry.objects.filter(verb="imported", summary__contains="2 cell(s) imported from m.csv").exists()


def test_an_accountable_can_move_within_the_file(world: Any, m: Any) -> None:
    _import(world, "key,CEO,Northern ISP\nbackup.verify,C,A\n")
    assert _cells(world)[("backup.verify", "CEO")] == "C"
    assert _cells(world)[("backup.verify", "Northern ISP")] == "A"


def test_it_reports_every_bad_row_and_writes_nothing(world: Any, m: Any) -> None:
    before = _cells(world)
    problems = _problems(
        world,
        "key,CEO,Northern ISP\n"
        "backup.verify,R,X\n"  # row 2: a bad role
        "no.such-area,R,\n"  # row 3: unknown key
        ",R,\n"  # row 4: no key
        "backup.verify,R,\n"  # row 5: again
        "\n"  # a blank row is skipped
        "domains.renew,A,a\n",
    )  # row 7: two Accountables
    assert problems == [
        "row 2, column 'Northern ISP': 'X' is not R, A, C, I or empty",
        "row 3: the area key 'no.such-area' is not in this workspace's matrix (unknown or hidden)",
        "row 4: no area key",
        "row 5: the area key 'backup.verify' is already on row 2",
        "row 7: 'domains.renew' would have 2 Accountables: CEO and Northern ISP; an area has one",
    ]
    assert _cells(world) == before


def test_one_accountable_counts_the_parties_the_file_leaves_out(world: Any, m: Any) -> None:
    problems = _problems(world, f"key,{world.party_a1.name}\nbackup.verify,A\n")  # the CEO is A already
    assert problems == [
        f"row 2: 'backup.verify' would have 2 Accountables: CEO and {world.party_a1.name} (CEO "
        "already, not in the file); an area has one"
    ]


def test_a_hidden_or_foreign_area_is_not_in_the_matrix(world: Any, m: Any) -> None:
    api_services.area_hide(workspace=world.ws_a, actor=world.vcio, area=m.renew)
    theirs = _area("bravo.own", "Theirs", position=100_000, workspace=world.ws_b)
    problems = _problems(world, f"key,CEO\ndomains.renew,R\n{theirs.key},R\n")
    assert [p.split(":")[0] for p in problems] == ["row 2", "row 3"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("duty,CEO\nx,R\n", "row 1: no key column"),
        ("key,Nobody\nbackup.verify,R\n", "row 1: the column 'Nobody' is not a party of"),
        ("key,CEO,ceo\nbackup.verify,R,\n", "row 1: the party 'CEO' has two columns"),
        ("key,CEO,\nbackup.verify,R,A\n", "row 1: column 3 has values but no name"),
        ("key,group,group\nbackup.verify,,\n", "row 1: the column 'group' appears twice"),
        ("key,group,duty\nbackup.verify,,\n", "row 1: no column names a party"),
        ("", "row 1: the file is empty"),
    ],
)
def test_it_checks_the_header(world: Any, m: Any, text: str, problem: str) -> None:
    problems = _problems(world, text)
    assert problems[0].startswith(problem), problems


def test_it_refuses_formulas_in_an_uploaded_workbook(world: Any, m: Any) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["key", "CEO"])
    wb.active.append(["backup.verify", "=1+1"])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ApplicationError) as exc:
        transfer.matrix_import(
            workspace=world.ws_a, actor=world.vcio, client=world.client_a1, content=out.getvalue(), filename="x.xlsx"
        )
    assert exc.value.fields["rows"] == ["row 2: cell B2 holds a formula; type the value instead"]


def test_formula_looking_names_are_quoted_and_round_trip(world: Any, m: Any) -> None:
    PartyFactory(client=world.client_a1, name="=HYPERLINK(x)")
    data = transfer.matrix_to_csv(workspace=world.ws_a, client=world.client_a1)
    assert data.startswith("\ufeffkey,".encode())
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("key,group,duty,criticality,practice,'=HYPERLINK(x),CEO")
    assert _import(world, data.decode("utf-8-sig")).changed == 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_formula_start_in_a_party_name_round_trips(world: Any, m: Any, fmt: str) -> None:
    names = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "'=quoted", "-"]
    for i, name in enumerate(names):
        party = PartyFactory(client=world.client_a1, name=name)
        services.matrix_save(
            workspace=world.ws_a,
            actor=world.vcio,
            client=world.client_a1,
            changes=[CellChange(m.renew.pk, party.pk, "I" if i % 2 else "R", "")],
        )
    before = _cells(world)
    data = (
        transfer.matrix_to_csv(workspace=world.ws_a, client=world.client_a1)
        if fmt == "csv"
        else transfer.matrix_to_xlsx(workspace=world.ws_a, client=world.client_a1)
    )
    result = transfer.matrix_import(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, content=data, filename=f"m.{fmt}"
    )
    assert result == transfer.ImportResult(changed=0, unchanged=27)
    assert _cells(world) == before


def test_another_workspaces_client_is_refused(world: Any, m: Any) -> None:
    with pytest.raises(ApplicationError, match="another workspace"):
        transfer.matrix_import(
            workspace=world.ws_a, actor=world.vcio, client=world.client_b1, content=b"key,x\n", filename="m.csv"
        )


# --- the PSA mapping and hidden areas --------------------------------------------------------------------------


def test_psa_mapping_set_creates_updates_and_removes(world: Any, m: Any) -> None:
    def set_(**values: str) -> Any:
        return api_services.psa_mapping_set(
            workspace=world.ws_a,
            actor=world.vcio,
            area=m.verify,
            **{"board": "", "queue": "", "category": "", **values},
        )

    mapping = set_(board=" Service ", queue="Backups")
    assert (mapping.board, mapping.queue, mapping.category) == ("Service", "Backups", "")
    set_(board="Projects")
    assert PsaMapping.objects.get().board == "Projects" and PsaMapping.objects.get().queue == ""
    with pytest.raises(ApplicationError) as exc:
        set_(category="x" * 101)
    assert list(exc.value.fields) == ["category"]
    assert set_() is None and not PsaMapping.objects.exists()
    theirs = _area("bravo.own", "Theirs", position=100_000, workspace=world.ws_b)
    with pytest.raises(ApplicationError, match="another workspace"):
        api_services.psa_mapping_set(
            workspace=world.ws_a, actor=world.vcio, area=theirs, board="x", queue="", category=""
        )


def test_the_psa_csv_lists_every_area_in_use(world: Any, m: Any) -> None:
    api_services.psa_mapping_set(workspace=world.ws_a, actor=world.vcio, area=m.own, board="B", queue="Q", category="C")
    assert transfer.psa_rows(workspace=world.ws_a) == [
        ["key", "duty", "board", "queue", "category"],
        ["backup.verify", "Verify last night's backups", "", "", ""],
        ["domains.renew", "Renew domain names", "", "", ""],
        ["alpha.check-ups", "Quarterly check-up", "B", "Q", "C"],
    ]
    assert transfer.psa_rows(workspace=world.ws_b)[1:] == [
        ["backup.verify", "Verify last night's backups", "", "", ""],
        ["domains.renew", "Renew domain names", "", "", ""],
    ]


def test_hiding_an_area_keeps_its_roles_for_later(world: Any, m: Any) -> None:
    assert api_services.area_hide(workspace=world.ws_a, actor=world.vcio, area=m.verify) is True
    assert api_services.area_hide(workspace=world.ws_a, actor=world.vcio, area=m.verify) is False
    assert [a.key for a in selectors.matrix_get(workspace=world.ws_a, client=world.client_a1).areas] == [
        "domains.renew",
        "alpha.check-ups",
    ]
    assert [a.key for a in selectors.matrix_get(workspace=world.ws_b, client=world.client_b1).areas] == [
        "backup.verify",
        "domains.renew",
    ]  # another workspace still uses it
    assert api_services.area_unhide(workspace=world.ws_a, actor=world.vcio, area=m.verify) is True
    assert _cells(world)[("backup.verify", "CEO")] == "A"
    assert api_services.area_unhide(workspace=world.ws_a, actor=world.vcio, area=m.verify) is False


# --- the web pages ---------------------------------------------------------------------------------------------


def test_it_downloads_the_matrix_and_the_psa_mapping(world: Any, m: Any, login: Any) -> None:
    http = login(world.viewer)
    url = reverse("responsibility:matrix_export", kwargs={"client_id": world.client_a1.pk, "fmt": "csv"})
    csv = http.get(url)
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert csv["Content-Disposition"].endswith('-responsibilities.csv"')
    assert csv.content.decode("utf-8-sig").splitlines()[1].startswith("backup.verify,Backup,")
    xlsx = http.get(reverse("responsibility:matrix_export", kwargs={"client_id": world.client_a1.pk, "fmt": "xlsx"}))
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content))["Matrix"].max_row == 4
    assert (
        http.get(
            reverse("responsibility:matrix_export", kwargs={"client_id": world.client_a1.pk, "fmt": "pdf"})
        ).status_code
        == 404
    )
    psa = http.get(reverse("responsibility:psa_export"))
    assert psa.status_code == 200 and psa.content.decode("utf-8-sig").startswith("key,duty,board,queue,category")


def test_the_import_page_imports_or_lists_the_problems(world: Any, m: Any, login: Any) -> None:
    http = login(world.vcio)
    url = reverse("responsibility:matrix_import", kwargs={"client_id": world.client_a1.pk})
    assert "CSV or XLSX file" in http.get(url).content.decode()
    good = http.post(url, {"file": SimpleUploadedFile("m.csv", b"key,CEO\ndomains.renew,R\n")})
    assert good.status_code == 302 and good.url == reverse(
        "responsibility:matrix", kwargs={"client_id": world.client_a1.pk}
    )
    assert _cells(world)[("domains.renew", "CEO")] == "R"
    bad = http.post(url, {"file": SimpleUploadedFile("m.csv", b"key,CEO\ndomains.renew,\nnope,Q\n")})
    text = bad.content.decode()
    assert bad.status_code == 422
    assert "nothing was imported" in text and "row 3: the area key &#x27;nope&#x27;" in text
    assert _cells(world)[("domains.renew", "CEO")] == "R"
    assert http.post(url, {}).status_code == 422
    analyst = login(world.analyst)
    assert analyst.get(url).status_code == 403

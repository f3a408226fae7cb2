"""Every spreadsheet the product writes is safe to open: no cell runs as a formula.

Formula-looking text (``=HYPERLINK(…)``, ``+1+1``, ``-2+3``, ``@SUM(A1)``, a leading tab or carriage return) is
planted in every free-text field the exports write: client, party and area names, practice and block names,
notes, evidence links, item titles and descriptions, PSA queues, contact details … Then every export (each web
URL, API operation and CLI command that writes CSV or XLSX, in each format) is fetched, and every cell is checked:
no formula (XLSX), and no text starting with a formula character unless neutralised with a leading ``'``
(docs/assessments-import-export.md, "Spreadsheet safety"). Each planted value must be in the file, neutralised,
so that an export cannot pass by leaving a field out.

The lists of exports are compared with the URLconf, the OpenAPI operations and the CLI's parser: a new export
that this file does not fetch fails the coverage tests, so none can be added without the check.
"""

from __future__ import annotations

import argparse
import ast
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from sevenc.accounts.services import api_token_create
from sevenc.api.api import api
from sevenc.assessments import services as assessment_services
from sevenc.assessments.models import Answer, Assessment
from sevenc.catalog.models import Area, Block, Practice
from sevenc.cli import build_parser, main
from sevenc.planning import services as planning_services
from sevenc.planning.models import ActionItem, ItemLift
from sevenc.planning.strategy.models import StrategicInitiative
from sevenc.responsibility import services as responsibility_services
from sevenc.responsibility.models import PsaMapping, ResponsibilityArea
from sevenc.tenancy.models import Client
from tests.catalog.factories import shipped_framework
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[1] / "src" / "sevenc"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PAYLOADS = ('=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tfoo", "\rbar")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def payload(i: int, tag: str) -> str:
    return f"{PAYLOADS[i % len(PAYLOADS)]} {tag}"


# --- the exports ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    via: str  # web, api, cli
    name: str  # URL name, operation id or command
    fmt: str  # csv or xlsx; "stdout" for a CLI's CSV on standard output
    family: str  # answers, plan, matrix, psa: which planted values it must hold

    def __str__(self) -> str:
        return f"{self.via}:{self.name}:{self.fmt}"


WEB_EXPORTS = {
    "assessments:answer_export": "answers",
    "planning:plan_export": "plan",
    "responsibility:matrix_export": "matrix",
    "responsibility:psa_export": "psa",
}
API_EXPORTS = {
    "assessments_answer_export": "answers",
    "planning_plan_export": "plan",
    "responsibility_matrix_export": "matrix",
    "responsibility_psa_mapping_export": "psa",
}
CLI_EXPORTS = {"assessment export": "answers", "plan export": "plan", "matrix export": "matrix"}
CSV_ONLY = {"psa"}

# Routes, operations and commands whose names look like an export but write no spreadsheet.
EXEMPT = {
    "cli:catalog export": "writes a framework as a JSON or YAML document (docs/catalog.md), not a spreadsheet",
}

EXPORTS = [
    *(
        Export("web", name, fmt, family)
        for name, family in WEB_EXPORTS.items()
        for fmt in (("csv",) if family in CSV_ONLY else ("csv", "xlsx"))
    ),
    *(
        Export("api", name, fmt, family)
        for name, family in API_EXPORTS.items()
        for fmt in (("csv",) if family in CSV_ONLY else ("csv", "xlsx"))
    ),
    *(Export("cli", name, fmt, family) for name, family in CLI_EXPORTS.items() for fmt in ("stdout", "csv", "xlsx")),
]


# --- the planted data -------------------------------------------------------------------------------------------


@dataclass
class Planted:
    assessment: Assessment
    client: Client
    cells: dict[str, list[str]]  # family -> values that must each be a whole cell of the export


@pytest.fixture
def planted(world: Any) -> Planted:
    ws, client = world.ws_a, world.client_a1
    Client.objects.filter(pk=client.pk).update(name=payload(0, "client"))
    client.refresh_from_db()
    cells: dict[str, list[str]] = {"answers": [], "plan": [], "matrix": [], "matrix_xlsx": [], "psa": []}

    # answers: block, area and practice names, practice keys, notes and evidence links
    framework = shipped_framework()
    assessment = assessment_services.assessment_create(
        workspace=ws,
        actor=world.vcio,
        client=client,
        framework=framework,
        title=payload(1, "assessment"),
        period="2026-Q3",
        assessed_on=dt.date(2026, 9, 30),
    )
    practices = list(
        Practice.objects.filter(framework=assessment.framework)
        .select_related("area__block")
        .order_by("area__block__position", "area__position", "position")
    )
    blocks = list({p.area.block.pk: p.area.block for p in practices}.values())[:6]
    areas = list({p.area.pk: p.area for p in practices}.values())[:6]
    for i, block in enumerate(blocks):
        Block.objects.filter(pk=block.pk).update(name=payload(i, f"block {i}"))
        cells["answers"].append(payload(i, f"block {i}"))
    for i, area in enumerate(areas):
        Area.objects.filter(pk=area.pk).update(name=payload(i, f"area {i}"))
        cells["answers"].append(payload(i, f"area {i}"))
    for i, practice in enumerate(practices[:6]):
        Practice.objects.filter(pk=practice.pk).update(name=payload(i, f"practice {i}"), key=payload(i, f"key {i}"))
        cells["answers"] += [payload(i, f"practice {i}"), payload(i, f"key {i}")]
    for i, practice in enumerate(practices[6:12]):
        Answer.objects.filter(assessment=assessment, practice=practice).update(
            note=payload(i, f"note {i}"), evidence_url=payload(i, f"evidence {i}")
        )
        cells["answers"] += [payload(i, f"note {i}"), payload(i, f"evidence {i}")]
    practices = [Practice.objects.get(pk=p.pk) for p in practices[:6]]  # with the planted keys

    # the plan: every text column of an item, its party, its initiative and the practices it lifts
    parties = [
        PartyFactory(
            client=client,
            name=payload(i, f"party {i}"),
            contact_name=payload(i, f"contact {i}"),
            email=payload(i, f"email {i}"),
            phone=payload(i, f"phone {i}"),
        )
        for i in range(6)
    ]
    initiative = StrategicInitiative.objects.create(
        workspace=ws, client=client, title=payload(2, "initiative"), year=2027
    )
    for i in range(6):
        item = planning_services.item_create(workspace=ws, actor=world.vcio, client=client, title=f"item {i}")
        texts = {
            f: payload(i + n, f"{f} {i}")
            for n, f in enumerate(
                ("title", "description", "accountable", "delivered_by", "psa_reference", "psa_url", "review_flag")
            )
        }
        ActionItem.objects.filter(pk=item.pk).update(responsible_party=parties[i], initiative=initiative, **texts)
        ItemLift.objects.create(workspace=ws, item=item, practice=practices[i], expected_level=3)
        cells["plan"] += [*texts.values(), parties[i].name, f"{practices[i].key}→3"]
    cells["plan"].append(initiative.title)

    # the matrix: party names (the header), the Parties sheet, areas (own and shipped), PSA mapping, findings
    own = [
        ResponsibilityArea.objects.create(
            workspace=ws,
            key=payload(i, f"own key {i}"),
            group=payload(i + 1, f"own group {i}"),
            title=payload(i + 2, f"own duty {i}"),
            block_key="continuous",
            area_key="continuous.backup",
            practice_key=payload(i + 3, f"practice key {i}"),
            position=100_000 + i,
        )
        for i in range(6)
    ]
    shipped = ResponsibilityArea.objects.create(
        workspace=None,
        key="backup.verify",
        group=payload(4, "shipped group"),
        title=payload(5, "shipped duty"),
        block_key="continuous",
        area_key="continuous.backup",
        practice_key="continuous.x",
        position=1,
    )
    for i, area in enumerate(own):
        PsaMapping.objects.create(
            workspace=ws,
            area=area,
            board=payload(i, f"board {i}"),
            queue=payload(i + 1, f"queue {i}"),
            category=payload(i + 2, f"category {i}"),
        )
    responsibility_services.matrix_save(
        workspace=ws,
        actor=world.vcio,
        client=client,
        changes=[responsibility_services.CellChange(area.pk, parties[i].pk, "R", "") for i, area in enumerate(own)],
    )
    for area in (*own, shipped):
        cells["matrix"] += [area.group, area.title]
        cells["psa"].append(area.title)
    for area in own:
        cells["matrix"] += [area.key, area.practice_key]
        cells["psa"].append(area.key)
    for party in parties:
        cells["matrix"].append(party.name)  # the header
        cells["matrix_xlsx"] += [party.contact_name, party.email, party.phone]  # the sheet "Parties"
    for mapping in PsaMapping.objects.filter(workspace=ws):
        for value in (mapping.board, mapping.queue, mapping.category):
            cells["matrix_xlsx"].append(value)  # the sheet "PSA"
            cells["psa"].append(value)
    return Planted(assessment=assessment, client=client, cells=cells)


# --- fetching ---------------------------------------------------------------------------------------------------


def _fetch(export: Export, planted: Planted, world: Any, client: Any, capsys: Any, tmp_path: Path) -> tuple[bytes, str]:
    """The file and its content type ("" for the CLI)."""
    kwargs = (
        {"assessment_id": planted.assessment.pk}
        if export.family == "answers"
        else ({"client_id": planted.client.pk} if export.family != "psa" else {})
    )
    if export.via == "web":
        client.force_login(world.viewer)
        url = reverse(export.name, kwargs=kwargs | ({"fmt": export.fmt} if export.family != "psa" else {}))
        response = client.get(url)
        assert response.status_code == 200, (str(export), response.content[:300])
        return response.content, response["Content-Type"]
    if export.via == "api":
        secret = api_token_create(workspace=world.ws_a, user=world.viewer, name="exports").secret
        path = {
            "assessments_answer_export": f"/assessments/{planted.assessment.pk}/export",
            "planning_plan_export": f"/clients/{planted.client.pk}/plan/export",
            "responsibility_matrix_export": f"/clients/{planted.client.pk}/responsibility-matrix/export",
            "responsibility_psa_mapping_export": "/responsibility-areas/psa-export",
        }[export.name]
        params = {} if export.family == "psa" else {"format": export.fmt}
        response = client.get(f"/api/v1{path}", params, HTTP_AUTHORIZATION=f"Bearer {secret}")
        assert response.status_code == 200, (str(export), response.content[:300])
        return response.content, response["Content-Type"]
    target = str(planted.assessment.pk) if export.family == "answers" else str(planted.client.pk)
    argv = [*export.name.split(), target]
    if export.fmt != "stdout":
        output = tmp_path / f"out.{export.fmt}"
        argv += ["--output", str(output)]
    capsys.readouterr()
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 0, (str(export), captured.err)
    if export.fmt == "stdout":
        return captured.out.encode("utf-8"), ""
    return output.read_bytes(), ""


def _cells(data: bytes, fmt: str) -> list[tuple[str, Any, str]]:
    """(where, value, type) of every non-empty cell; the type is the XLSX data type, or "s" for CSV text."""
    if fmt in ("csv", "stdout"):
        text = data.decode("utf-8-sig")
        return [
            (f"row {r} column {c}", value, "s")
            for r, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
            for c, value in enumerate(row, start=1)
            if value != ""
        ]
    wb = load_workbook(io.BytesIO(data))
    return [
        (f"{ws.title}!{cell.coordinate}", cell.value, cell.data_type)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def _neutralised(value: str, fmt: str) -> str:
    """What a planted value must look like in the file."""
    if fmt == "xlsx":
        value = value.replace("\r\n", "\n").replace("\r", "\n")  # a workbook keeps LF line ends only
    return "'" + value if value.lstrip("'").startswith(FORMULA_START) else value


@pytest.mark.parametrize("export", EXPORTS, ids=str)
def test_no_cell_of_any_export_runs_as_a_formula(
    export: Export, planted: Planted, world: Any, client: Any, capsys: Any, tmp_path: Path
) -> None:
    data, content_type = _fetch(export, planted, world, client, capsys, tmp_path)
    if export.via != "cli":
        assert content_type == (XLSX if export.fmt == "xlsx" else CSV)
    if export.fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf"), "CSV files carry a byte order mark (Excel then reads UTF-8)"
    cells = _cells(data, export.fmt)
    formulas = [(where, value) for where, value, kind in cells if kind == "f"]
    assert not formulas, f"{export}: formula cells {formulas[:5]}"
    live = [
        (where, value)
        for where, value, kind in cells
        if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.fullmatch(value)
    ]
    assert not live, f"{export}: cells that a spreadsheet runs as formulas: {live[:5]}"
    texts = {value for _, value, _ in cells if isinstance(value, str)}
    expected = planted.cells[export.family] + (
        planted.cells.get(f"{export.family}_xlsx", []) if export.fmt == "xlsx" else []
    )
    missing = [v for v in expected if _neutralised(v, export.fmt) not in texts]
    assert not missing, f"{export}: planted values not in the file (a field left out?): {missing[:5]}"


def test_amounts_stay_numbers(world: Any, client: Any) -> None:
    """Neutralising is for text: amounts, levels and ids are numbers in a workbook and bare in CSV."""
    planning_services.item_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        title="Refund",
        one_time_cost="250.50",
        effort_hours="3",
    )
    client.force_login(world.viewer)
    url = lambda fmt: reverse("planning:plan_export", kwargs={"client_id": world.client_a1.pk, "fmt": fmt})  # noqa: E731
    rows = list(csv.reader(io.StringIO(client.get(url("csv")).content.decode("utf-8-sig"), newline="")))
    column = rows[0].index("One-time cost (EUR)")
    assert rows[1][column] == "250.50"
    sheet = load_workbook(io.BytesIO(client.get(url("xlsx")).content)).active
    cell = sheet.cell(row=2, column=column + 1)
    assert cell.data_type == "n" and float(cell.value) == 250.5


# --- coverage: every export is in the lists above ------------------------------------------------------------------

LOOKS_LIKE_EXPORT = re.compile(r"export|download|csv|xlsx|spreadsheet", re.I)


def _web_routes() -> dict[str, str]:
    found: dict[str, str] = {}

    def walk(resolver: URLResolver, namespace: str, prefix: str) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                walk(p, ":".join(x for x in (namespace, p.namespace) if x), prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and p.name:
                found[f"{namespace}:{p.name}" if namespace else p.name] = prefix + str(p.pattern)

    walk(get_resolver(), "", "")
    return found


def _cli_commands() -> dict[str, list[str]]:
    """'group sub' -> the choices of its --format option (empty when it has none), for every (sub)command."""
    found: dict[str, list[str]] = {}

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, [*path, name])
        if path:
            formats = [list(a.choices or []) for a in parser._actions if "--format" in a.option_strings]
            found[" ".join(path)] = formats[0] if formats else []

    walk(build_parser(), [])
    return found


def test_every_export_url_is_fetched() -> None:
    routes = _web_routes()
    looks = {
        name for name, route in routes.items() if LOOKS_LIKE_EXPORT.search(name) or LOOKS_LIKE_EXPORT.search(route)
    }
    looks = {n for n in looks if not n.startswith("api:")}
    missing = sorted(looks - set(WEB_EXPORTS) - {k[4:] for k in EXEMPT if k.startswith("web:")})
    assert not missing, f"export URLs this test does not fetch (add them to WEB_EXPORTS): {missing}"
    assert set(WEB_EXPORTS) <= set(routes), "WEB_EXPORTS names a URL that no longer exists"


def test_every_export_operation_is_fetched() -> None:
    schema = api.get_openapi_schema()
    operations: dict[str, dict[str, Any]] = {
        op.get("operationId", ""): op for ops in schema["paths"].values() for op in ops.values()
    }

    def writes_files(op: dict[str, Any]) -> bool:
        content = op.get("responses", {}).get(200, op.get("responses", {}).get("200", {})).get("content", {})
        return any("csv" in t or "spreadsheet" in t for t in content)

    looks = {
        name
        for name, op in operations.items()
        if LOOKS_LIKE_EXPORT.search(name) and "import" not in name or writes_files(op)
    }
    missing = sorted(looks - set(API_EXPORTS) - {k[4:] for k in EXEMPT if k.startswith("api:")})
    assert not missing, f"export operations this test does not fetch (add them to API_EXPORTS): {missing}"
    assert set(API_EXPORTS) <= set(operations), "API_EXPORTS names an operation that no longer exists"
    for name, family in API_EXPORTS.items():  # the OpenAPI says what the operation sends: a file, not JSON
        responses = operations[name]["responses"]
        documented = set((responses.get(200) or responses.get("200", {})).get("content", {}))
        assert documented == ({CSV} if family in CSV_ONLY else {CSV, XLSX}), (name, documented)


def test_every_export_command_is_run() -> None:
    commands = _cli_commands()
    looks = {name for name, formats in commands.items() if "export" in name or {"csv", "xlsx"} & set(formats)}
    missing = sorted(looks - set(CLI_EXPORTS) - {k[4:] for k in EXEMPT if k.startswith("cli:")})
    assert not missing, f"export commands this test does not run (add them to CLI_EXPORTS): {missing}"
    stale = sorted({k[4:] for k in EXEMPT if k.startswith("cli:")} - set(commands))
    assert not stale and set(CLI_EXPORTS) <= set(commands), f"stale names: {stale}"


# Styling what the module wrote (fills, fonts, drop-down checks, column letters) is allowed elsewhere; reading or
# writing a file is not.
STYLING = ("openpyxl.styles", "openpyxl.utils", "openpyxl.worksheet.datavalidation")


def test_only_the_spreadsheet_module_reads_and_writes_spreadsheets() -> None:
    """A second writer is how one export shipped without neutralising: files are read and written in one module."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path.relative_to(SRC).as_posix() == "core/domain/spreadsheets.py" or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            for name in names:
                if name.split(".")[0] in {"csv", "openpyxl", "xlsxwriter", "xlrd", "pandas"} and not name.startswith(
                    STYLING
                ):
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno} imports {name}")
    assert not offenders, f"read and write spreadsheets through sevenc.core.domain.spreadsheets: {offenders}"

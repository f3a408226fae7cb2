"""``sevenc assessment list|export|import`` and ``sevenc scores``, in-process against the test database."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from sevenc.accounts.services import api_token_create
from sevenc.assessments import services
from sevenc.assessments.models import Answer, Assessment
from sevenc.assessments.services import AnswerChange
from sevenc.assessments.transfer import services as transfer
from sevenc.catalog.services import framework_load_shipped
from sevenc.core.models import ActivityEntry
from tests.factories import ClientFactory
from tests.test_cli import error_lines, run

pytestmark = pytest.mark.django_db

FIRST = "continuous.backup-management-implementation.01"
SECOND = "continuous.backup-management-implementation.02"


@pytest.fixture
def framework(db: Any) -> Any:
    return framework_load_shipped()[0].framework


def _create(
    world: Any,
    framework: Any,
    *,
    client: Any = None,
    title: str = "Q3 review",
    on: dt.date = dt.date(2026, 9, 30),
    workspace: Any = None,
    actor: Any = None,
) -> Assessment:
    return services.assessment_create(
        workspace=workspace or world.ws_a,
        actor=actor or world.vcio,
        client=client or world.client_a1,
        framework=framework,
        title=title,
        assessed_on=on,
    )


@pytest.fixture
def draft(world: Any, framework: Any) -> Assessment:
    assessment = _create(world, framework)
    services.answers_bulk_set(
        workspace=world.ws_a,
        actor=world.analyst,
        assessment=assessment,
        changes=[
            AnswerChange(FIRST, version=1, state="level", level=4, note="=cmd|' /C calc'!A0"),
            AnswerChange(SECOND, version=1, state="na"),
        ],
    )
    return assessment


@pytest.fixture
def final(world: Any, framework: Any, draft: Assessment) -> Assessment:
    earlier = _create(world, framework, title="Q2 review", on=dt.date(2026, 6, 30))
    services.answers_bulk_set(
        workspace=world.ws_a,
        actor=world.analyst,
        assessment=earlier,
        changes=[AnswerChange(FIRST, version=1, state="level", level=2)],
    )
    return services.assessment_finalise(
        workspace=world.ws_a, actor=world.vcio, assessment=earlier, version=earlier.version
    )


def _snapshot(assessment: Assessment) -> list[tuple[Any, ...]]:
    return list(
        Answer.objects.filter(assessment=assessment)
        .order_by("pk")
        .values_list("state", "level", "note", "note_shared", "evidence_url", "version")
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["assessment", "--help"],
        ["assessment", "list", "--help"],
        ["assessment", "export", "--help"],
        ["assessment", "import", "--help"],
        ["scores", "--help"],
    ],
)
def test_it_has_help(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert out.startswith("usage: sevenc")


def test_assessment_without_a_subcommand_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "assessment")
    assert code == 2
    assert "export" in out and "import" in out


# --- list ----------------------------------------------------------------------------------------------------


def test_it_lists_assessments_across_workspaces(
    capsys: pytest.CaptureFixture[str], world: Any, framework: Any, draft: Assessment, final: Assessment
) -> None:
    other = _create(
        world, framework, client=world.client_b1, workspace=world.ws_b, actor=world.outsider, title="Bravo baseline"
    )
    code, out, _ = run(capsys, "assessment", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "WORKSPACE", "CLIENT", "TITLE", "DATE", "STATUS", "ANSWERED"]
    assert len(lines) == 4
    assert str(draft.pk) in lines[1] and "draft" in lines[1] and "2/139" in lines[1]
    assert str(final.pk) in lines[2] and "final" in lines[2] and "1/139" in lines[2]
    assert lines[3].startswith(f"{other.pk} ") and "Bravo baseline" in lines[3]

    code, out, _ = run(capsys, "assessment", "list", "--client", "BRAVO CLIENT")
    assert code == 0
    assert len(out.splitlines()) == 2 and "Bravo baseline" in out
    code, out, _ = run(capsys, "assessment", "list", "--client", str(world.client_a2.pk))
    assert (code, out) == (0, "Beta Manufacturing has no assessments yet.\n")
    code, out, _ = run(capsys, "assessment", "list", "--workspace", world.ws_b.slug)
    assert code == 0 and len(out.splitlines()) == 2


def test_it_says_when_there_are_none(capsys: pytest.CaptureFixture[str], db: Any) -> None:
    assert run(capsys, "assessment", "list") == (0, "No assessments yet.\n", "")


def test_an_unknown_client_is_one_line(capsys: pytest.CaptureFixture[str], world: Any) -> None:
    code, _, err = run(capsys, "assessment", "list", "--client", "Nobody Ltd")
    assert code == 1
    assert error_lines(err) == ["sevenc: error: no client 'Nobody Ltd' (give a client id or its exact name)"]


# --- export and import ---------------------------------------------------------------------------------------


def test_it_exports_csv_to_standard_output(capsys: pytest.CaptureFixture[str], world: Any, draft: Assessment) -> None:
    code, out, err = run(capsys, "assessment", "export", str(draft.pk))
    assert (code, err) == (0, "")
    rows = transfer.answers_export_rows(workspace=world.ws_a, assessment=draft)
    assert out == transfer.answers_to_csv(rows).decode("utf-8-sig")  # the file's text, without the byte order mark
    assert "'=cmd|' /C calc'!A0" in out


def test_xlsx_needs_an_output_file(capsys: pytest.CaptureFixture[str], draft: Assessment) -> None:
    code, out, err = run(capsys, "assessment", "export", str(draft.pk), "--format", "xlsx")
    assert (code, out) == (2, "")
    assert error_lines(err) == ["sevenc: error: --format xlsx needs --output FILE (a workbook is not text)"]


def test_an_unknown_assessment_is_one_line(capsys: pytest.CaptureFixture[str], world: Any) -> None:
    code, _, err = run(capsys, "assessment", "export", "999999")
    assert code == 1
    assert error_lines(err) == [
        "sevenc: error: no assessment with id 999999; `sevenc assessment list` shows those there are"
    ]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(
    capsys: pytest.CaptureFixture[str], world: Any, draft: Assessment, tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"answers.{suffix}"
    code, out, err = run(capsys, "assessment", "export", str(draft.pk), "-o", str(target))
    assert (code, out) == (0, "")
    assert err == f"Wrote 139 answers of “Q3 review” ({world.client_a1.name}) to {target}\n"
    assert target.read_bytes().startswith(b"PK" if suffix == "xlsx" else b"\xef\xbb\xbfpractice_key,")
    before = _snapshot(draft)
    code, out, _ = run(capsys, "assessment", "import", str(draft.pk), str(target), "--as", world.analyst.email)
    assert (code, out) == (0, "0 answers changed, 139 unchanged\n")
    assert _snapshot(draft) == before


def test_it_imports_changes_and_names_the_actor(
    capsys: pytest.CaptureFixture[str], world: Any, draft: Assessment, tmp_path: Path
) -> None:
    source = tmp_path / "answers.csv"
    source.write_text(f"practice_key,answer\n{FIRST},5\n{SECOND},na\n", encoding="utf-8")
    code, out, _ = run(capsys, "assessment", "import", str(draft.pk), str(source), "--as", "ANALYST@alpha.example")
    assert (code, out) == (0, "1 answer changed, 1 unchanged\n")
    answer = Answer.objects.get(assessment=draft, practice__key=FIRST)
    assert (answer.level, answer.answered_by) == (5, world.analyst)
    entry = ActivityEntry.objects.get(verb="imported")
    assert (entry.actor, entry.workspace) == (world.analyst, world.ws_a)
    assert "imported from answers.csv" in entry.summary


def test_import_lists_every_row_problem_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], world: Any, draft: Assessment, tmp_path: Path
) -> None:
    source = tmp_path / "answers.csv"
    source.write_text(f"practice_key,answer\n{FIRST},1\nnope,2\n{SECOND},9\n", encoding="utf-8")
    before = _snapshot(draft)
    code, out, err = run(capsys, "assessment", "import", str(draft.pk), str(source), "--as", world.vcio.email)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "sevenc: error: The file has 2 problems; nothing was imported.",
        "  row 3: practice key 'nope' is not in this framework",
        f"  row 4: answer '9' for {SECOND} is not 0–5, N/A, unknown, ? or empty",
    ]
    assert _snapshot(draft) == before


def test_import_reports_stale_rows(
    capsys: pytest.CaptureFixture[str], world: Any, draft: Assessment, tmp_path: Path
) -> None:
    source = tmp_path / "answers.csv"
    code, _, _ = run(capsys, "assessment", "export", str(draft.pk), "-o", str(source))
    assert code == 0
    services.answer_set(
        workspace=world.ws_a,
        actor=world.vcio,
        assessment=draft,
        change=AnswerChange(SECOND, version=2, state="unknown"),
    )
    before = _snapshot(draft)
    code, _, err = run(capsys, "assessment", "import", str(draft.pk), str(source), "--as", world.vcio.email)
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith("sevenc: error: 1 answer was changed since the file was exported; nothing was imported.")
    assert lines[1:] == [f"  row 3: {SECOND} was changed since the export (version 2 in the file, 3 now)"]
    assert _snapshot(draft) == before


@pytest.mark.parametrize(
    ("who", "message"),
    [
        (
            "viewer@alpha.example",
            "viewer@alpha.example is viewer in Alpha IT; importing answers needs analyst or higher",
        ),
        ("owner@bravo.example", "owner@bravo.example is not an active staff member of Alpha IT"),
        ("ceo@a1.example", "ceo@a1.example is not an active staff member of Alpha IT"),
        ("ghost@example.com", "ghost@example.com is not an active staff member of Alpha IT"),
    ],
)
def test_import_needs_an_answering_staff_member(
    capsys: pytest.CaptureFixture[str], world: Any, draft: Assessment, tmp_path: Path, who: str, message: str
) -> None:
    source = tmp_path / "answers.csv"
    source.write_text(f"practice_key,answer\n{FIRST},1\n", encoding="utf-8")
    code, _, err = run(capsys, "assessment", "import", str(draft.pk), str(source), "--as", who)
    assert code == 1
    assert len(error_lines(err)) == 1 and message in err
    assert Answer.objects.get(assessment=draft, practice__key=FIRST).level == 4


def test_import_needs_as(capsys: pytest.CaptureFixture[str], draft: Assessment, tmp_path: Path) -> None:
    code, _, err = run(capsys, "assessment", "import", str(draft.pk), str(tmp_path / "x.csv"))
    assert code == 2
    assert "--as" in err


def test_import_into_a_final_assessment_is_refused(
    capsys: pytest.CaptureFixture[str], world: Any, final: Assessment, tmp_path: Path
) -> None:
    source = tmp_path / "answers.csv"
    source.write_text(f"practice_key,answer\n{FIRST},5\n", encoding="utf-8")
    code, _, err = run(capsys, "assessment", "import", str(final.pk), str(source), "--as", world.vcio.email)
    assert code == 1
    assert error_lines(err) == [
        "sevenc: error: “Q2 review” is final and cannot be changed; start a new assessment from it to make corrections."
    ]


def test_import_of_a_missing_file_is_one_line(
    capsys: pytest.CaptureFixture[str], world: Any, draft: Assessment, tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "assessment", "import", str(draft.pk), str(tmp_path / "none.csv"), "--as", world.vcio.email
    )
    assert code == 1
    assert error_lines(err) == [f"sevenc: error: cannot read {tmp_path / 'none.csv'}: No such file or directory"]


# --- scores --------------------------------------------------------------------------------------------------


def test_scores_prefers_the_latest_final_assessment(
    capsys: pytest.CaptureFixture[str], world: Any, draft: Assessment, final: Assessment
) -> None:
    code, out, _ = run(capsys, "scores", world.client_a1.name.upper())
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{world.client_a1.name} ({world.ws_a.slug}): latest final assessment"
    assert lines[1] == f"“Q2 review”, 2026-06-30, id {final.pk}"
    assert lines[2] == "ITCq 40.0   coverage 1%   provisional yes"
    assert lines[4].split() == ["BLOCK", "SCORE", "COVERAGE", "GATED", "LEVEL"]
    assert lines[5].split() == ["Continuous", "40.0", "4%", "0"]
    assert lines[6].split() == ["Competent", "—", "0%", "0"]
    assert len(lines) == 12


def test_scores_falls_back_to_the_latest_draft_and_says_so(
    capsys: pytest.CaptureFixture[str], world: Any, draft: Assessment
) -> None:
    code, out, _ = run(capsys, "scores", str(world.client_a1.pk))
    assert code == 0
    assert out.splitlines()[0].endswith(": latest draft (there is no final assessment yet)")
    assert out.splitlines()[2].startswith("ITCq 80.0 ")


def test_scores_of_a_chosen_assessment(
    capsys: pytest.CaptureFixture[str], world: Any, draft: Assessment, final: Assessment
) -> None:
    code, out, _ = run(capsys, "scores", str(world.client_a1.pk), "--assessment", str(draft.pk))
    assert code == 0
    assert out.splitlines()[0].endswith(f": assessment {draft.pk} (draft)")
    code, _, err = run(capsys, "scores", "Beta Manufacturing", "--assessment", str(draft.pk))
    assert code == 1
    assert f"assessment {draft.pk} is not one of Beta Manufacturing's" in err


def test_scores_json_is_the_apis_document(
    capsys: pytest.CaptureFixture[str], client: Any, world: Any, draft: Assessment, final: Assessment
) -> None:
    code, out, _ = run(capsys, "scores", str(world.client_a1.pk), "--format", "json")
    assert code == 0
    secret = api_token_create(workspace=world.ws_a, user=world.viewer, name="test").secret
    response = client.get(f"/api/v1/assessments/{final.pk}/scores", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert json.loads(out) == response.json()
    assert list(json.loads(out)) == ["assessment_id", "overall", "blocks", "areas", "progress"]


def test_scores_asks_for_the_workspace_when_a_name_is_in_several(
    capsys: pytest.CaptureFixture[str], world: Any, framework: Any, draft: Assessment
) -> None:
    twin = ClientFactory(workspace=world.ws_b, name=world.client_a1.name.lower())
    code, out, err = run(capsys, "scores", world.client_a1.name)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"sevenc: error: '{world.client_a1.name}' names clients in several workspaces; add --workspace SLUG",
        f"  workspace: {world.ws_a.slug} (Alpha IT): client id {world.client_a1.pk}",
        f"  workspace: {world.ws_b.slug} (Bravo IT): client id {twin.pk}",
    ]
    code, out, _ = run(capsys, "scores", world.client_a1.name, "--workspace", world.ws_a.slug)
    assert code == 0 and out.startswith(f"{world.client_a1.name} ({world.ws_a.slug})")
    code, _, err = run(capsys, "scores", world.client_a1.name, "--workspace", world.ws_b.slug)
    assert code == 1
    assert error_lines(err) == [f"sevenc: error: {twin.name} has no assessments yet"]

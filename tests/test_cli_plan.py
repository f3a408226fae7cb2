"""``sevenc plan generate|schedule|export|list``, in-process against the test database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sevenc.core.models import ActivityEntry
from sevenc.planning import services
from sevenc.planning.models import ActionItem, Roadmap
from tests.factories import ClientFactory
from tests.planning.plan_fixtures import assessment, block_targets, practices_of
from tests.test_cli import error_lines, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(world: Any) -> Any:
    """A1 assessed: every practice at 2, the first three of the Continuous block at 1; targets continuous 4,
    clear 3."""
    a = assessment(world, levels={k: 1 for k in practices_of("continuous")[:3]})
    block_targets(world, a, {"continuous": 4, "clear": 3})
    return a


def _item(world: Any, title: str, **fields: Any) -> ActionItem:
    return services.item_create(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title=title, **fields)


@pytest.mark.parametrize(
    "argv",
    [
        ["plan", "--help"],
        ["plan", "generate", "--help"],
        ["plan", "schedule", "--help"],
        ["plan", "export", "--help"],
        ["plan", "list", "--help"],
    ],
)
def test_it_has_help(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert out.startswith("usage: sevenc")


def test_plan_without_a_subcommand_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plan")
    assert code == 2
    assert "generate" in out and "schedule" in out and "export" in out


# --- generate ------------------------------------------------------------------------------------------------


def test_it_generates_proposals_and_names_the_actor(
    capsys: pytest.CaptureFixture[str], world: Any, planned: Any
) -> None:
    code, out, err = run(capsys, "plan", "generate", str(world.client_a1.pk), "--as", "VCIO@alpha.example")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("Proposing action items for ")
    assert f"id {planned.pk}: 9 proposal(s)" in lines[1]
    header = ["ID", "PRIORITY", "ONE-TIME", "COST", "MONTHLY", "COST", "HOURS"]
    assert lines[3].split()[:7] == header and len(lines) == 4 + 9
    assert all("€" in line for line in lines[4:])  # amounts in the workspace's currency
    assert ActionItem.objects.filter(client=world.client_a1).count() == 9
    assert ActivityEntry.objects.filter(verb="generated").get().actor == world.vcio
    code, out, _ = run(capsys, "plan", "generate", str(world.client_a1.pk), "--assessment", str(planned.pk))
    assert code == 0 and "9 untouched earlier proposals replaced." in out
    assert ActionItem.objects.filter(client=world.client_a1).count() == 9


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--as", "analyst@alpha.example"],
            "analyst@alpha.example is analyst in Alpha IT; planning needs vcio or higher",
        ),
        (["--as", "owner@bravo.example"], "owner@bravo.example is not an active staff member of Alpha IT"),
    ],
)
def test_generate_needs_a_planning_staff_member(
    capsys: pytest.CaptureFixture[str], world: Any, planned: Any, extra: list[str], message: str
) -> None:
    code, _, err = run(capsys, "plan", "generate", str(world.client_a1.pk), *extra)
    assert code == 1 and len(error_lines(err)) == 1 and message in err
    assert not ActionItem.objects.exists()


def test_generate_refuses_a_client_without_assessments_or_another_clients(
    capsys: pytest.CaptureFixture[str], world: Any, planned: Any
) -> None:
    code, _, err = run(capsys, "plan", "generate", "beta manufacturing")
    assert code == 1
    assert error_lines(err) == ["sevenc: error: Beta Manufacturing has no assessment to plan from yet"]
    code, _, err = run(capsys, "plan", "generate", "Beta Manufacturing", "--assessment", str(planned.pk))
    assert code == 1 and f"assessment {planned.pk} is not one of Beta Manufacturing's" in err
    assert not ActionItem.objects.exists()


def test_an_unknown_or_ambiguous_client_is_refused(capsys: pytest.CaptureFixture[str], world: Any) -> None:
    code, _, err = run(capsys, "plan", "list", "Nobody Ltd")
    assert code == 1
    assert error_lines(err) == ["sevenc: error: no client 'Nobody Ltd' (give a client id or its exact name)"]
    ClientFactory(workspace=world.ws_b, name="Beta Manufacturing")
    code, _, err = run(capsys, "plan", "list", "Beta Manufacturing")
    assert code == 1 and "add --workspace SLUG" in err
    code, out, _ = run(capsys, "plan", "list", "Beta Manufacturing", "--workspace", world.ws_a.slug)
    assert (code, out) == (0, "Beta Manufacturing has no action items.\n")


# --- list ----------------------------------------------------------------------------------------------------


def test_it_lists_items_with_their_value(capsys: pytest.CaptureFixture[str], world: Any, planned: Any) -> None:
    backup = _item(
        world,
        "Restore test",
        lifts=[services.LiftSpec(practices_of("continuous")[0], 4)],
        one_time_cost="1000",
        quarter="2027-Q1",
    )
    done = _item(world, "Old work", status="done")
    code, out, _ = run(capsys, "plan", "list", str(world.client_a1.pk))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "ID",
        "STATUS",
        "QUARTER",
        "PRIORITY",
        "FIRST-YEAR",
        "COST",
        "HOURS",
        "VALUE",
        "VALUE/1000",
        "TITLE",
    ]
    assert len(lines) == 3
    row = next(line for line in lines if line.startswith(f"{backup.pk} "))
    assert "2027-Q1" in row and "€1,000.00" in row and "Restore test" in row
    code, out, _ = run(capsys, "plan", "list", str(world.client_a1.pk), "--status", "open")
    assert code == 0 and len(out.splitlines()) == 2 and f"{done.pk} " not in out
    code, out, _ = run(capsys, "plan", "list", str(world.client_a1.pk), "--status", "dropped")
    assert (code, out.strip()) == (0, f"{world.client_a1.name} has no dropped action items.")


# --- schedule ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", [["--greedy"], []])
def test_it_schedules_and_prints_the_plan_per_quarter(
    capsys: pytest.CaptureFixture[str], world: Any, planned: Any, method: list[str]
) -> None:
    services.items_generate(workspace=world.ws_a, actor=world.vcio, client=world.client_a1)
    dropped = _item(world, "Dropped", status="dropped")
    waiting = _item(world, "Waits", depends_on=[dropped])
    code, out, err = run(
        capsys,
        "plan",
        "schedule",
        world.client_a1.name,
        *method,
        "--first-quarter",
        "2027-Q1",
        "--quarters",
        "4",
        "--budget",
        "3000",
        "--hours",
        "60",
    )
    assert (code, err) == (0, ""), err
    roadmap = Roadmap.objects.get(client=world.client_a1)
    assert (roadmap.first_quarter, roadmap.quarters, roadmap.budget_per_quarter) == ("2027-Q1", 4, 3000)
    assert ("Method: greedy" if method else "Method: cp-sat") in out
    for quarter in ("2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"):
        assert any(
            line.startswith(f"{quarter}   spend in the quarter €")
            and " / €3,000.00   hours " in line
            and "/ 60.0" in line
            for line in out.splitlines()
        ), out
    assert "OVER" not in out
    placed = ActionItem.objects.filter(client=world.client_a1).exclude(quarter="")
    assert placed.exists() and all(f"  #{i.pk}  " in out for i in placed)
    assert "Left out of the schedule:" in out
    assert f"  #{waiting.pk}  Waits: depends on “Dropped”, which was dropped" in out


def test_an_infeasible_schedule_exits_2_with_the_reasons_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], world: Any
) -> None:
    services.roadmap_update(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        version=None,
        first_quarter="2027-Q1",
        quarters=2,
        budget_per_quarter="10000",
    )
    big = _item(world, "Big", one_time_cost="5000", quarter="2027-Q1", pinned=True)
    loose = _item(world, "Loose", one_time_cost="10")
    before = list(Roadmap.objects.values_list("version", "budget_per_quarter"))
    code, out, err = run(capsys, "plan", "schedule", str(world.client_a1.pk), "--greedy", "--budget", "100")
    assert code == 2
    lines = error_lines(err)
    assert lines[0] == "sevenc: error: The plan cannot be scheduled as it stands. Nothing was changed."
    assert len(lines) >= 2 and all(line.startswith("  ") for line in lines[1:])
    assert any(("Big" in line or str(big.pk) in line) and "budget" in line for line in lines[1:]), lines
    assert list(Roadmap.objects.values_list("version", "budget_per_quarter")) == before
    assert ActionItem.objects.get(pk=loose.pk).quarter == ""


def test_schedule_refuses_bad_limits(capsys: pytest.CaptureFixture[str], world: Any) -> None:
    code, _, err = run(
        capsys, "plan", "schedule", str(world.client_a1.pk), "--first-quarter", "2027-Q9", "--budget", "lots"
    )
    assert code == 1
    assert error_lines(err)[0] == "sevenc: error: Some fields are not valid."
    assert not Roadmap.objects.exists()
    code, _, err = run(capsys, "plan", "schedule", str(world.client_a1.pk), "--quarters", "0")
    assert code == 2 and "must be 1 or more" in err


# --- export --------------------------------------------------------------------------------------------------


def test_it_exports_csv_to_standard_output(capsys: pytest.CaptureFixture[str], world: Any) -> None:
    item = _item(world, "Renew =cmd|' /C calc'!A0 domains", one_time_cost="100")
    code, out, err = run(capsys, "plan", "export", str(world.client_a1.pk))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("id,title,status,priority,quarter") and lines[1].startswith(f"{item.pk},")
    assert not out.startswith("\ufeff")
    assert f"{item.pk},Renew =cmd|' /C calc'!A0 domains," in out  # not at the start of its cell: not a formula
    _item(world, "=cmd|' /C calc'!A0")
    assert "'=cmd|' /C calc'!A0" in run(capsys, "plan", "export", str(world.client_a1.pk))[1]


def test_it_exports_xlsx_to_a_file(capsys: pytest.CaptureFixture[str], world: Any, tmp_path: Path) -> None:
    _item(world, "Renew domains")
    target = tmp_path / "plan.xlsx"
    code, out, err = run(capsys, "plan", "export", str(world.client_a1.pk), "-o", str(target))
    assert (code, out) == (0, "")
    assert err.strip() == f"Wrote 1 action item of {world.client_a1.name} ({world.ws_a.slug}) to {target}"
    from openpyxl import load_workbook

    sheet = load_workbook(target).active
    assert sheet["A1"].value == "id" and sheet["B2"].value == "Renew domains"
    csv_file = tmp_path / "plan.csv"
    assert run(capsys, "plan", "export", str(world.client_a1.pk), "--format", "csv", "-o", str(csv_file))[0] == 0
    assert csv_file.read_bytes().startswith(b"\xef\xbb\xbfid,title")


def test_xlsx_needs_an_output_file(capsys: pytest.CaptureFixture[str], world: Any) -> None:
    code, _, err = run(capsys, "plan", "export", str(world.client_a1.pk), "--format", "xlsx")
    assert code == 2
    assert error_lines(err) == ["sevenc: error: --format xlsx needs --output FILE (a workbook is not text)"]


def test_schedule_explains_an_item_no_quarter_can_hold_and_marks_critical_work(
    capsys: pytest.CaptureFixture[str], world: Any, planned: Any
) -> None:
    big = _item(
        world,
        "Backups",
        effort_hours="128",
        lifts=[services.LiftSpec(practices_of("continuous")[0], 4)],
    )
    code, out, err = run(
        capsys, "plan", "schedule", str(world.client_a1.pk), "--first-quarter", "2031-Q1", "--hours", "40"
    )
    assert (code, err) == (0, ""), err
    lines = out.splitlines()
    at = lines.index(f"  #{big.pk}  Backups  CRITICAL")
    assert "128" in lines[at + 1] and "40" in lines[at + 1]
    assert any("4 quarters" in line for line in lines[at + 2 : at + 6]), lines[at:]

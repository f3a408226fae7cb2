"""``sevenc matrix export|import|areas``, in-process against the test database."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sevenc.core.models import ActivityEntry
from sevenc.responsibility import services
from sevenc.responsibility.models import Assignment, ResponsibilityArea
from sevenc.responsibility.services import CellChange
from tests.factories import PartyFactory
from tests.test_cli import error_lines, run

pytestmark = pytest.mark.django_db


def _area(
    key: str, title: str, position: int, *, block: str = "continuous", criticality: str = "high", group: str = "Backup"
) -> ResponsibilityArea:
    return ResponsibilityArea.objects.create(
        workspace=None,
        key=key,
        title=title,
        group=group,
        block_key=block,
        area_key=f"{block}.x",
        practice_key="p",
        criticality=criticality,
        position=position,
    )


@pytest.fixture
def matrix(world: Any) -> Any:
    verify = _area("backup.verify", "Verify last night's backups", 1)
    renew = _area("domains.renew", "Renew domain names", 2, block="clear", criticality="low", group="Domains")
    ceo = PartyFactory(client=world.client_a1, name="CEO", kind="internal_role")
    services.matrix_save(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        changes=[CellChange(verify.pk, ceo.pk, "A", ""), CellChange(renew.pk, ceo.pk, "R", "")],
    )
    return verify, renew, ceo


def _roles(world: Any) -> list[tuple[str, str, str]]:
    return sorted(Assignment.objects.filter(client=world.client_a1).values_list("area__key", "party__name", "role"))


@pytest.mark.parametrize(
    "argv",
    [
        ["matrix", "--help"],
        ["matrix", "export", "--help"],
        ["matrix", "import", "--help"],
        ["matrix", "areas", "--help"],
    ],
)
def test_it_has_help(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, _ = run(capsys, *argv)
    assert code == 0 and out.startswith("usage: sevenc")


def test_matrix_without_a_subcommand_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "matrix")
    assert code == 2 and "export" in out and "import" in out and "areas" in out


def test_it_exports_csv_to_standard_output(capsys: pytest.CaptureFixture[str], world: Any, matrix: Any) -> None:
    code, out, err = run(capsys, "matrix", "export", str(world.client_a1.pk))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"key,group,duty,criticality,practice,CEO,{world.party_a1.name}",
        "backup.verify,Backup,Verify last night's backups,high,p,A,",
        "domains.renew,Domains,Renew domain names,low,p,R,",
    ]


def test_it_exports_a_workbook_to_a_file(
    capsys: pytest.CaptureFixture[str], world: Any, matrix: Any, tmp_path: Path
) -> None:
    target = tmp_path / "acme.xlsx"
    code, out, err = run(capsys, "matrix", "export", world.client_a1.name.upper(), "-o", str(target))
    assert (code, out) == (0, "")
    assert err.startswith(f"Wrote the responsibility matrix of {world.client_a1.name}")
    sheet = openpyxl.load_workbook(io.BytesIO(target.read_bytes()))["Matrix"]
    assert [sheet["A2"].value, sheet["F2"].value, sheet["F3"].value] == ["backup.verify", "A", "R"]
    code, _, err = run(capsys, "matrix", "export", str(world.client_a1.pk), "--format", "xlsx")
    assert code == 2 and "needs --output" in err


def test_it_imports_a_file_and_names_the_actor(
    capsys: pytest.CaptureFixture[str], world: Any, matrix: Any, tmp_path: Path
) -> None:
    path = tmp_path / "m.csv"
    path.write_text("key,CEO\ndomains.renew,C\nbackup.verify,A\n", encoding="utf-8")
    code, out, err = run(capsys, "matrix", "import", str(world.client_a1.pk), str(path), "--as", "VCIO@alpha.example")
    assert (code, err) == (0, "")
    assert out.strip() == f"1 cell changed, 1 unchanged ({world.client_a1.name}, {world.ws_a.slug})"
    assert ("domains.renew", "CEO", "C") in _roles(world)
    assert ActivityEntry.objects.filter(verb="imported", actor=world.vcio).count() == 1


def test_a_file_with_bad_rows_exits_2_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], world: Any, matrix: Any, tmp_path: Path
) -> None:
    before = _roles(world)
    path = tmp_path / "m.csv"
    path.write_text(
        f"key,CEO,{world.party_a1.name}\ndomains.renew,C,Z\nnope,R,\nbackup.verify,,A\ndomains.renew,A,A\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "matrix", "import", str(world.client_a1.pk), str(path))
    assert (code, out) == (2, "")
    assert error_lines(err) == [
        "sevenc: error: The file has 3 problems; nothing was imported.",
        f"  row 2, column '{world.party_a1.name}': 'Z' is not R, A, C, I or empty",
        "  row 3: the area key 'nope' is not in this workspace's matrix (unknown or hidden)",
        "  row 5: the area key 'domains.renew' is already on row 2",
    ]
    assert _roles(world) == before


def test_it_refuses_an_actor_who_may_not_change_the_matrix(
    capsys: pytest.CaptureFixture[str], world: Any, matrix: Any, tmp_path: Path
) -> None:
    path = tmp_path / "m.csv"
    path.write_text("key,CEO\ndomains.renew,C\n", encoding="utf-8")
    code, _, err = run(capsys, "matrix", "import", str(world.client_a1.pk), str(path), "--as", world.analyst.email)
    assert code == 1 and "needs vcio or higher" in err
    code, _, err = run(capsys, "matrix", "import", str(world.client_a1.pk), str(tmp_path / "missing.csv"))
    assert code == 1 and "cannot read" in err
    code, _, err = run(capsys, "matrix", "import", "No such client", str(path))
    assert code == 1 and "no client 'No such client'" in err
    assert ("domains.renew", "CEO", "R") in _roles(world)


def test_it_lists_the_library_with_counts(capsys: pytest.CaptureFixture[str], world: Any, matrix: Any) -> None:
    _area("backup.test-restore", "Test a restore every quarter", 3, criticality="medium")
    code, out, err = run(capsys, "matrix", "areas")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["KEY", "BLOCK", "CRITICALITY", "DUTY"]
    assert [line.split()[0] for line in lines[1:4]] == ["backup.verify", "domains.renew", "backup.test-restore"]
    assert lines[-2:] == ["3 areas in 2 groups: 1 high, 1 medium, 1 low", "By block: clear 1, continuous 2"]
    code, out, _ = run(capsys, "matrix", "areas", "--block", "clear")
    assert code == 0 and [line.split()[0] for line in out.splitlines()[1:2]] == ["domains.renew"]
    assert "1 area in 1 group" in out
    code, _, err = run(capsys, "matrix", "areas", "--block", "nope")
    assert code == 1 and "the blocks are clear, continuous" in err


def test_it_says_when_the_library_is_not_loaded(capsys: pytest.CaptureFixture[str], db: Any) -> None:
    code, out, _ = run(capsys, "matrix", "areas")
    assert code == 0 and "not loaded yet" in out


def test_it_prints_the_findings_and_the_load(capsys: pytest.CaptureFixture[str], world: Any, matrix: Any) -> None:
    code, out, _ = run(capsys, "matrix", "findings", str(world.client_a1.pk))
    assert code == 0
    assert "2 areas × 2 parties, 2 roles; 2 areas fall to the CEO." in out
    assert "[high]" in out and "fall" in out and "CEO" in out
    load = [line for line in out.splitlines() if line.startswith("CEO ")]
    assert load and load[0].split()[1:] == ["1", "1", "0", "0", "4"]  # R on a low area (1) + A on a high one (3)

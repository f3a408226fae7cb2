"""A database made by an earlier sevenc migrates forward with nothing lost (tests/fixtures/README.md).

Models moved between apps (Invitation: accounts -> tenancy); their rows must survive the move. The migration runs
in a subprocess on a copy of the fixture, always on SQLite (the fixture's engine), whatever this run's database.
"""

from __future__ import annotations

import gzip
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "demo-2026-12-07.sqlite3.gz"
RENAMED = {"accounts_invitation": "tenancy_invitation"}
GROWS = {"django_migrations"}  # one row per migration applied
# The moved model's content type follows it (same id, so anything pointing at it still does).
RELABELLED = {("django_content_type", (12, "accounts", "invitation")): (12, "tenancy", "invitation")}


Rows = list[tuple[object, ...]]
Before = tuple[dict[str, Rows], dict[str, list[str]], Path]  # rows and columns of every table, the data folder


def _columns(db: Path) -> dict[str, list[str]]:
    with sqlite3.connect(db) as c:
        names = [
            r[0] for r in c.execute("select name from sqlite_master where type='table' and name not like 'sqlite_%'")
        ]
        return {n: [r[1] for r in c.execute(f'pragma table_info("{n}")')] for n in names}


def _tables(db: Path, columns: dict[str, list[str]] | None = None) -> dict[str, Rows]:
    """Every table's rows, sorted; with ``columns``, only those columns of a table named there (a later migration
    may add a column: the columns that were there must keep their values)."""
    with sqlite3.connect(db) as c:
        out = {}
        for name, cols in _columns(db).items():
            select = ", ".join(f'"{col}"' for col in (columns or {}).get(name, cols))
            out[name] = sorted(c.execute(f'select {select} from "{name}"').fetchall(), key=repr)
        return out


def _sevenc(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["SEVENC_DATA_DIR"] = str(data)
    return subprocess.run(
        [sys.executable, "-m", "sevenc", *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Before:
    data = tmp_path_factory.mktemp("old-data")
    db = data / "sevenc.sqlite3"
    with gzip.open(FIXTURE) as src, db.open("wb") as out:
        shutil.copyfileobj(src, out)
    before, columns = _tables(db), _columns(db)
    run = _sevenc(data, "migrate")
    assert run.returncode == 0, run.stdout + run.stderr
    return before, columns, data


def test_the_fixture_holds_what_it_should(migrated: Before) -> None:
    before, _, _ = migrated
    assert len(before["accounts_invitation"]) == 3
    assert len(before["assessments_answer"]) > 1000 and len(before["planning_actionitem"]) > 10


def test_every_row_survives_the_migration(migrated: Before) -> None:
    before, columns, data = migrated
    after = _tables(data / "sevenc.sqlite3", {RENAMED.get(t, t): cols for t, cols in columns.items()})
    for table, rows in before.items():
        if table in GROWS:
            continue
        new = RENAMED.get(table, table)
        assert new in after, f"{table} is gone"
        expected = sorted((RELABELLED.get((table, row), row) for row in rows), key=repr)
        assert after[new] == expected, f"{table} -> {new}: the rows differ"
    assert set(after) - set(RENAMED.values()) - GROWS <= set(before), "a table appeared without a migration for it"


def test_the_moved_model_reads_its_rows(migrated: Before) -> None:
    _, _, data = migrated
    code = (
        "from sevenc.tenancy.models import Invitation; from django.contrib.contenttypes.models import ContentType; "
        "print(sorted((i.email, i.status, i.workspace.name) for i in Invitation.objects.all())); "
        "print(ContentType.objects.get_for_model(Invitation).app_label)"
    )
    run = _sevenc(data, "manage", "shell", "-c", code)
    assert run.returncode == 0, run.stderr
    emails, label = run.stdout.strip().splitlines()[-2:]
    assert "('cfo@client.example', 'revoked'," in emails and "('new.analyst@example.com', 'pending'," in emails
    assert label == "tenancy"


def test_the_rows_that_gained_a_version_start_at_one(migrated: Before) -> None:
    before, _, data = migrated
    with sqlite3.connect(data / "sevenc.sqlite3") as c:
        for table in ("planning_swotentry", "planning_businessgoal", "planning_decision"):
            versions = [v for (v,) in c.execute(f'select version from "{table}"')]
            assert len(versions) == len(before[table]) and set(versions) <= {1}, table
    assert before["planning_decision"], "the fixture has decisions"

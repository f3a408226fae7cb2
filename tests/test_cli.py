"""The ``sevenc`` command: in-process against the test database, and in subprocesses for the environment errors."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from sevenc.catalog import selectors as catalog_selectors
from sevenc.catalog import services as catalog_services
from sevenc.catalog.models import Area, Block, Framework, Practice
from sevenc.cli import main
from sevenc.core.models import ActivityEntry
from sevenc.tenancy.models import Client, ClientMembership, Membership, Party, Workspace

User = get_user_model()

transactional = pytest.mark.django_db(transaction=True)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


# --- help and version (no database) ---------------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.startswith("sevenc ")


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["demo", "--help"],
        ["serve", "--help"],
        ["migrate", "--help"],
        ["createadmin", "--help"],
        ["catalog", "--help"],
        ["catalog", "list", "--help"],
        ["catalog", "export", "--help"],
        ["catalog", "import", "--help"],
        ["openapi", "--help"],
    ],
)
def test_help_everywhere(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert out.startswith("usage: sevenc")


def test_no_command_prints_help_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys)
    assert code == 2
    assert "createadmin" in out


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "catalog", "export", "--format", "xml", "--framework", "7c")
    assert code == 2
    assert "invalid choice" in err


# --- migrate -------------------------------------------------------------------------------------------------


@transactional
def test_migrate_loads_the_catalog_once(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "migrate", "--quiet")
    assert code == 0
    assert "Catalog: 7c 1.0 loaded (7 blocks, 27 areas, 139 practices)" in out
    code, out, _ = run(capsys, "migrate", "--quiet")
    assert code == 0
    assert "Catalog: 7c 1.0 already loaded (7 blocks, 27 areas, 139 practices)" in out
    assert Framework.objects.count() == 1


# --- catalog ------------------------------------------------------------------------------------------------


@pytest.fixture
def shipped(db: Any) -> Framework:
    return catalog_services.framework_load_shipped()[0].framework


def test_catalog_list(capsys: pytest.CaptureFixture[str], shipped: Framework) -> None:
    code, out, _ = run(capsys, "catalog", "list")
    assert code == 0
    header, row = out.splitlines()
    assert header.split()[:3] == ["KEY", "VERSION", "NAME"]
    assert row.split()[:2] == ["7c", "1.0"]
    assert "7/27/139" in row and "shipped" in row


def test_export_json_is_the_framework_tree(capsys: pytest.CaptureFixture[str], shipped: Framework) -> None:
    code, out, _ = run(capsys, "catalog", "export", "--framework", "7c", "--format", "json")
    assert code == 0
    expected = catalog_selectors.framework_tree(framework=shipped)
    assert out == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"


def test_export_yaml_is_the_framework_tree(capsys: pytest.CaptureFixture[str], shipped: Framework) -> None:
    code, out, _ = run(capsys, "catalog", "export", "--framework", "7c", "--version", "1.0", "--format", "yaml")
    assert code == 0
    expected = catalog_selectors.framework_tree(framework=shipped)
    assert out == yaml.safe_dump(expected, sort_keys=False, allow_unicode=True)
    assert yaml.safe_load(out) == expected


def test_export_json_contract(capsys: pytest.CaptureFixture[str], shipped: Framework) -> None:
    _, out, _ = run(capsys, "catalog", "export", "--framework", "7c")
    doc = json.loads(out)
    assert list(doc) == ["key", "name", "version", "source", "scale", "blocks"]  # source: where it comes from
    assert (doc["key"], doc["name"], doc["version"]) == ("7c", "7C IT Management Framework", "1.0")
    assert [s["level"] for s in doc["scale"]] == [0, 1, 2, 3, 4, 5]
    assert all(list(s) == ["level", "name", "description"] for s in doc["scale"])
    blocks = doc["blocks"]
    areas = [a for b in blocks for a in b["areas"]]
    practices = [p for a in areas for p in a["practices"]]
    assert all(list(b) == ["key", "name", "question", "areas"] for b in blocks)
    assert all(list(a) == ["key", "name", "description", "practices"] for a in areas)
    assert all(list(p) == ["key", "name"] for p in practices)
    assert (len(blocks), len(areas), len(practices)) == (7, 27, 139)

    assert [b["name"] for b in blocks] == [
        "Continuous",
        "Competent",
        "Charged",
        "Conscious",
        "Controlled",
        "Clear",
        "Cost effective",
    ]
    assert blocks[0]["key"] == "continuous"
    assert blocks[0]["question"] == "What is the level of the IT security/NIST Cyber Security?"
    first_area = blocks[0]["areas"][0]
    assert first_area["name"] == "Backup management implementation"
    assert first_area["key"] == "continuous.backup-management-implementation"
    assert first_area["practices"][0] == {
        "key": "continuous.backup-management-implementation.01",
        "name": "Backup policy, regulation implementation",
    }
    assert first_area["practices"][-1]["name"] == "Offsite backup solution implementation"
    assert practices[0]["name"] == "Backup policy, regulation implementation"
    assert practices[-1]["name"] == "Purchase Process Policy Implementation"

    charged = blocks[2]
    matrix = next(a for a in charged["areas"] if a["name"] == "Responsibility Matrix Implementation")
    assert len(matrix["practices"]) == 5
    assert matrix["practices"][0]["name"] == "Responsibility Matrix - Including the CIO Role Implementation"
    assert matrix["practices"][-1]["name"] == "Responsibility matrix - Attached to the Contracts"

    clear = blocks[5]
    assert [a["name"] for a in clear["areas"]][:2] == [
        "IT Reporting Practice implementation",
        "Responsibility Matrix Implementation",
    ]
    cost = blocks[6]
    assert cost["areas"][1]["practices"] == [
        {"key": cost["areas"][1]["key"] + ".01", "name": "Continuous Process Improvement Implementation"}
    ]
    # keys: block slug; area = block.slug-of-area-name; practice = area.NN
    for block in blocks:
        assert block["key"] == slugify(block["name"])
        for area in block["areas"]:
            assert area["key"] == f"{block['key']}.{slugify(area['name'])}"
            assert [p["key"] for p in area["practices"]] == [
                f"{area['key']}.{n:02d}" for n in range(1, len(area["practices"]) + 1)
            ]


def test_export_unknown_framework_is_one_line(capsys: pytest.CaptureFixture[str], shipped: Framework) -> None:
    code, out, err = run(capsys, "catalog", "export", "--framework", "nist-csf")
    assert code == 1
    assert out == ""
    assert error_lines(err) == ["sevenc: error: no framework 'nist-csf'; `sevenc catalog list` shows those there are"]
    code, _, err = run(capsys, "catalog", "export", "--framework", "7c", "--version", "9.9")
    assert code == 1
    assert len(error_lines(err)) == 1


def test_export_import_round_trip_as_a_new_version(
    capsys: pytest.CaptureFixture[str], shipped: Framework, tmp_path: Path
) -> None:
    for fmt in ("json", "yaml"):
        target = tmp_path / f"7c.{fmt}"
        code, _, _ = run(
            capsys,
            "catalog",
            "export",
            "--framework",
            "7c",
            "--version",
            "1.0",
            "--format",
            fmt,
            "--output",
            str(target),
        )
        assert code == 0
        new_version = "1.1-json" if fmt == "json" else "1.1-yaml"
        doc = yaml.safe_load(target.read_text(encoding="utf-8"))
        doc["version"] = new_version
        target.write_text(json.dumps(doc) if fmt == "json" else yaml.safe_dump(doc), encoding="utf-8")

        code, out, _ = run(capsys, "catalog", "import", str(target))
        assert code == 0
        assert out.startswith(f"Created 7c {new_version}")
        code, out, _ = run(capsys, "catalog", "import", str(target))
        assert code == 0
        assert out.startswith(f"Already loaded: 7c {new_version}")

        imported = catalog_selectors.framework_get(key="7c", version=new_version)
        assert catalog_selectors.framework_tree(framework=imported) == {
            **catalog_selectors.framework_tree(framework=shipped),
            "version": new_version,
        }
    assert Framework.objects.count() == 3


def _counts() -> tuple[int, ...]:
    return (Framework.objects.count(), Block.objects.count(), Area.objects.count(), Practice.objects.count())


def test_import_invalid_file_changes_nothing_and_lists_problems(
    capsys: pytest.CaptureFixture[str], shipped: Framework, tmp_path: Path
) -> None:
    before = _counts()
    doc = catalog_selectors.framework_tree(framework=shipped)
    doc["version"] = "2.0"
    doc["name"] = ""
    doc["blocks"][1]["key"] = "Not A Key"
    doc["blocks"][3]["areas"][0]["practices"][1]["key"] = doc["blocks"][3]["areas"][0]["practices"][0]["key"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = run(capsys, "catalog", "import", str(bad))
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == "sevenc: error: bad.json is not a valid framework document (3 problems)"
    assert lines[1:] == [
        "  name: must not be empty",
        "  blocks[1].key: 'Not A Key' may hold only lower-case letters, digits, '.', '_' and '-'",
        f"  blocks[3].areas[0].practices[1].key: duplicate key {doc['blocks'][3]['areas'][0]['practices'][0]['key']!r}",
    ]
    assert _counts() == before


def test_import_broken_syntax_and_missing_file(
    capsys: pytest.CaptureFixture[str], shipped: Framework, tmp_path: Path
) -> None:
    before = _counts()
    broken = tmp_path / "broken.yaml"
    broken.write_text("key: [unclosed\n", encoding="utf-8")
    code, _, err = run(capsys, "catalog", "import", str(broken))
    assert code == 1
    assert err.startswith("sevenc: error: broken.yaml is neither valid JSON nor valid YAML")
    code, _, err = run(capsys, "catalog", "import", str(tmp_path / "missing.json"))
    assert code == 1
    assert error_lines(err) == [f"sevenc: error: cannot read {tmp_path / 'missing.json'}: No such file or directory"]
    assert _counts() == before


def test_import_changed_content_under_the_same_version_is_refused(
    capsys: pytest.CaptureFixture[str], shipped: Framework, tmp_path: Path
) -> None:
    before = _counts()
    doc = catalog_selectors.framework_tree(framework=shipped)
    doc["blocks"][0]["areas"][0]["practices"][0]["name"] = "Something else"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = run(capsys, "catalog", "import", str(changed))
    assert code == 1
    assert "never changed in place" in err
    assert len(error_lines(err)) == 1
    assert _counts() == before
    assert (
        catalog_selectors.framework_tree(framework=shipped)["blocks"][0]["areas"][0]["practices"][0]["name"]
        == "Backup policy, regulation implementation"
    )


# --- demo ---------------------------------------------------------------------------------------------------


def _world_counts() -> dict[str, int]:
    return {
        "workspaces": Workspace.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "clients": Client.objects.count(),
        "parties": Party.objects.count(),
        "portal_users": ClientMembership.objects.count(),
        "activity": ActivityEntry.objects.count(),
        "frameworks": Framework.objects.count(),
    }


@transactional
def test_demo_twice_creates_nothing_new(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "demo", "--no-serve")
    assert code == 0
    assert "Demo workspace: Northwind IT Partners (created)" in out
    for email in (
        "owner@demo.sevenc.local",
        "vcio@demo.sevenc.local",
        "analyst@demo.sevenc.local",
        "viewer@demo.sevenc.local",
    ):
        assert email in out
    assert "sevenc-demo" in out
    first = _world_counts()
    assert first["workspaces"] == 1 and first["frameworks"] == 1
    assert first["clients"] >= 6 and first["portal_users"] == 2

    code, out, _ = run(capsys, "demo", "--no-serve")
    assert code == 0
    assert "Demo workspace: Northwind IT Partners (already there)" in out
    assert _world_counts() == first


@pytest.mark.django_db
def test_demo_data_is_realistic() -> None:
    from sevenc.demo import DEMO_PASSWORD, demo_load

    info = demo_load()
    assert info.created
    ws = info.workspace
    assert (ws.name, ws.slug) == ("Northwind IT Partners", "demo")
    roles = {m.user.email: m.role for m in Membership.objects.filter(workspace=ws)}
    assert roles == {
        "owner@demo.sevenc.local": "owner",
        "vcio@demo.sevenc.local": "vcio",
        "analyst@demo.sevenc.local": "analyst",
        "viewer@demo.sevenc.local": "viewer",
    }
    for _role, email, password in info.logins:
        assert password == DEMO_PASSWORD
        assert User.objects.get(email=email).check_password(DEMO_PASSWORD)
    clients = list(Client.objects.filter(workspace=ws))
    assert len(clients) >= 6
    for client in clients:
        assert 20 <= client.seats <= 300
        assert client.industry and client.address and client.notes
        parties = list(client.parties.all())
        assert 6 <= len(parties) <= 12, client.name
        kinds = {p.kind for p in parties}
        assert {"msp", "isp", "software_vendor", "cloud_vendor", "hardware_vendor", "internal_role"} <= kinds
        assert "Northwind IT Partners" in {p.name for p in parties}
        assert "Microsoft 365" in {p.name for p in parties}
    executives = ClientMembership.objects.filter(workspace=ws, role="executive").select_related("user", "client")
    assert len(executives) == 2
    for cm in executives:
        assert cm.user.email.startswith("ceo@") and cm.user.email.endswith(".example")
    assert ActivityEntry.objects.filter(workspace=ws).count() > len(clients)

    # a password changed after the first run stays changed
    vcio = User.objects.get(email="vcio@demo.sevenc.local")
    vcio.set_password("changed-by-hand-123")
    vcio.save()
    again = demo_load()
    assert not again.created
    vcio.refresh_from_db()
    assert vcio.check_password("changed-by-hand-123")


# --- createadmin --------------------------------------------------------------------------------------------

STRONG = "plum-orbit-harbor-42"


@pytest.mark.django_db
def test_createadmin_creates_user_and_workspace(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "createadmin",
        "--email",
        "Boss@Example.com",
        "--password",
        STRONG,
        "--workspace",
        "Acme MSP",
        "--full-name",
        "Bo Boss",
    )
    assert code == 0
    assert "Created user boss@example.com." in out
    assert "Created workspace Acme MSP" in out
    user = User.objects.get(email="boss@example.com")
    assert user.check_password(STRONG) and user.full_name == "Bo Boss"
    membership = Membership.objects.get(user=user)
    assert (membership.workspace.name, membership.role) == ("Acme MSP", "owner")

    code, out, _ = run(capsys, "createadmin", "--email", "boss@example.com", "--workspace", "Acme MSP")
    assert code == 0
    assert "password unchanged" in out and "is owner of workspace Acme MSP" in out
    assert Workspace.objects.count() == 1 and User.objects.count() == 1


@pytest.mark.django_db
def test_createadmin_without_workspace_uses_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "createadmin", "--email", "a@example.com", "--password", STRONG)
    assert code == 0
    assert "Created workspace My MSP" in out
    code, out, _ = run(capsys, "createadmin", "--email", "a@example.com")
    assert code == 0
    assert Workspace.objects.count() == 1


@pytest.mark.django_db
def test_createadmin_weak_password_lists_every_problem(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "createadmin", "--email", "a@example.com", "--password", "12345")
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == "sevenc: error: The password is too weak."
    assert len(lines) >= 3  # too short, too common, entirely numeric
    assert all(line.startswith("  password: ") for line in lines[1:])
    assert any("too short" in line for line in lines)
    assert not User.objects.exists() and not Workspace.objects.exists()


@pytest.mark.django_db
def test_createadmin_invalid_email(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "createadmin", "--email", "not-an-address", "--password", STRONG)
    assert code == 1
    assert error_lines(err) == ["sevenc: error: 'not-an-address' is not a valid email address."]
    assert not User.objects.exists()


@pytest.mark.django_db
def test_createadmin_prompts_twice(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter([STRONG, STRONG + "x"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, _, err = run(capsys, "createadmin", "--email", "a@example.com")
    assert code == 1
    assert "the two passwords differ" in err
    assert not User.objects.exists()

    answers = iter([STRONG, STRONG])
    code, _, _ = run(capsys, "createadmin", "--email", "a@example.com")
    assert code == 0
    assert User.objects.get(email="a@example.com").check_password(STRONG)


@pytest.mark.django_db
def test_createadmin_refuses_to_make_a_member_owner(capsys: pytest.CaptureFixture[str]) -> None:
    from sevenc.demo import demo_load

    demo_load()
    code, _, err = run(
        capsys, "createadmin", "--email", "vcio@demo.sevenc.local", "--workspace", "Northwind IT Partners"
    )
    assert code == 1
    assert "as vcio, not owner" in err
    assert Membership.objects.get(user__email="vcio@demo.sevenc.local").role == "vcio"


# --- openapi and manage --------------------------------------------------------------------------------------


def test_openapi_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "openapi")
    assert code == 0
    schema = json.loads(out)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "sevenc API"
    assert any(path.startswith("/api/v1/") for path in schema["paths"])
    code, out, _ = run(capsys, "openapi", "--indent", "0")
    assert code == 0 and out.count("\n") == 1


def test_manage_passes_through(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "manage", "check")
    assert code == 0
    assert "no issues" in out
    code, _, err = run(capsys, "manage", "no-such-command")
    assert code == 1
    assert "Unknown command" in err


# --- the environment: subprocesses, one line on stderr, exit 2 ----------------------------------------------


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env["SEVENC_DATA_DIR"] = str(tmp_path / "data")
    env.update(extra)
    return env


def _sevenc(env: dict[str, str], *argv: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """``sevenc ARGV`` in a subprocess; ``timeout`` only guards against a hang (a busy machine is just slower)."""
    return subprocess.run(
        [sys.executable, "-m", "sevenc", *argv], env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DATABASE_URL", "mysql://x", "sevenc: error: DATABASE_URL='mysql://x': unsupported scheme 'mysql'"),
        ("DATABASE_URL", "postgres://nobody@127.0.0.1:1/x", "sevenc: error: cannot use the database: "),
        ("SEVENC_DATA_DIR", "/etc/hostname/sub", "sevenc: error: SEVENC_DATA_DIR: cannot write to /etc/hostname/sub"),
        ("DEBUG", "maybe", "sevenc: error: DEBUG='maybe' is not a yes/no value"),
    ],
)
def test_bad_environment_is_one_line_and_exit_2(tmp_path: Path, variable: str, value: str, message: str) -> None:
    result = _sevenc(_env(tmp_path, **{variable: value}), "migrate")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=300) as response:  # noqa: S310  (a hang guard, not a speed test)
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_serve_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    result = _sevenc(_env(tmp_path), "serve", "--bind", f"127.0.0.1:{_free_port()}")
    assert result.returncode == 1
    assert "run `sevenc migrate` first" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_answers_pages_and_static_files(tmp_path: Path) -> None:
    env = _env(tmp_path)
    migrated = _sevenc(env, "migrate", "--quiet")
    assert migrated.returncode == 0, migrated.stderr
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sevenc", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    early: list[str] = []
    try:
        # Wait for gunicorn to say its worker is up (not for a number of seconds: a busy machine is only slower).
        # The app is imported before the fork, so a booted worker answers; EOF means the server stopped.
        assert server.stdout is not None
        for line in server.stdout:
            early.append(line)
            if "Booting worker" in line:
                break
        assert any("Booting worker" in line for line in early), "".join(early)
        status, body = _get(f"http://127.0.0.1:{port}/static/sevenc/css/app.css")
        assert status == 200 and len(body) > 100
        status, _ = _get(f"http://127.0.0.1:{port}/accounts/login/")
        assert status == 200
        status, body = _get(f"http://127.0.0.1:{port}/api/v1/openapi.json")
        assert status == 200 and json.loads(body)["info"]["title"] == "sevenc API"
    finally:
        server.terminate()
        output, _ = server.communicate()
    output = "".join(early) + output
    assert f"sevenc is listening on http://127.0.0.1:{port}/" in output
    assert server.returncode == 0, output

"""conf: typed environment readers (pure: no database), and every variable's bad value through the real
commands in subprocesses."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sevenc import conf
from sevenc.conf import ConfigError


def test_it_defaults_to_sqlite_in_the_data_folder(tmp_path: Path) -> None:
    db = conf.database(None, tmp_path)
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / "sevenc.sqlite3")
    assert "foreign_keys=ON" in db["OPTIONS"]["init_command"]
    assert conf.database("", tmp_path)["NAME"] == db["NAME"]


def test_it_reads_an_absolute_sqlite_url(tmp_path: Path) -> None:
    db = conf.database("sqlite:////var/lib/sevenc/db.sqlite3", tmp_path)
    assert (db["ENGINE"], db["NAME"]) == ("django.db.backends.sqlite3", "/var/lib/sevenc/db.sqlite3")


def test_it_reads_a_relative_sqlite_url(tmp_path: Path) -> None:
    assert conf.database("sqlite:///local.sqlite3", tmp_path)["NAME"] == "local.sqlite3"


def test_it_refuses_a_sqlite_url_without_a_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        conf.database("sqlite://", tmp_path)


def test_it_reads_a_postgres_url(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.delenv("CONN_MAX_AGE", raising=False)
    db = conf.database(
        "postgres://sevenc:p%40ss%3Aword@db.example:5433/sevenc_prod?sslmode=require&application_name=sevenc", tmp_path
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "sevenc_prod",
        "sevenc",
        "p@ss:word",
        "db.example",
        "5433",
    )
    assert db["OPTIONS"] == {"sslmode": "require", "application_name": "sevenc"}
    assert db["CONN_MAX_AGE"] == 60
    assert db["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize("scheme", ["postgresql", "pgsql", "POSTGRES"])
def test_it_accepts_postgres_scheme_spellings(tmp_path: Path, scheme: str) -> None:
    db = conf.database(f"{scheme}://u@localhost/name", tmp_path)
    assert (db["ENGINE"], db["NAME"], db["PASSWORD"], db["PORT"]) == ("django.db.backends.postgresql", "name", "", "")


def test_it_reads_conn_max_age(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("CONN_MAX_AGE", "0")
    assert conf.database("postgres://u:pw@h/db", tmp_path)["CONN_MAX_AGE"] == 0


@pytest.mark.parametrize(
    "url",
    [
        "mysql://admin:hunter2secret@db.example/sevenc",
        "admin:hunter2secret@db.example:5432/sevenc",
        "//admin:hunter2secret@db.example/sevenc",
        "postgres://admin:hunter2secret@db.example:notaport/sevenc",
        "postgres://admin:hunter2secret@db.example:5432/",
        "postgres://admin:hunter2secret@db.example:99999/sevenc",
        "mysql://admin:hunter2secret:more@db.example/sevenc",
        "postgres://admin:hunter2secret/x@db.example:port/sevenc",
    ],
)
def test_it_names_database_url_without_leaking_the_password(tmp_path: Path, url: str) -> None:
    with pytest.raises(ConfigError) as exc:
        conf.database(url, tmp_path)
    message = str(exc.value)
    assert "DATABASE_URL" in message
    assert "hunter2secret" not in message
    assert "\n" not in message


def test_it_says_what_is_wrong_with_the_port(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="port"):
        conf.database("postgres://u:pw@h:abc/db", tmp_path)


def test_it_says_which_schemes_work(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unsupported scheme 'mysql'"):
        conf.database("mysql://u@h/db", tmp_path)


@pytest.mark.parametrize(
    "raw,value",
    [
        ("1", True),
        ("true", True),
        (" Yes ", True),
        ("ON", True),
        ("0", False),
        ("false", False),
        ("no", False),
        ("off", False),
        ("", False),
    ],
)
def test_it_reads_yes_no_values(monkeypatch: Any, raw: str, value: bool) -> None:
    monkeypatch.setenv("SEVENC_FLAG", raw)
    assert conf.env_bool("SEVENC_FLAG", default=not value) is value


@pytest.mark.parametrize("raw", ["maybe", "2", "y", "treu", "enabled"])
def test_it_refuses_anything_else_as_yes_no(monkeypatch: Any, raw: str) -> None:
    monkeypatch.setenv("SEVENC_FLAG", raw)
    with pytest.raises(ConfigError, match="SEVENC_FLAG"):
        conf.env_bool("SEVENC_FLAG")


def test_it_uses_the_default_when_unset(monkeypatch: Any) -> None:
    monkeypatch.delenv("SEVENC_FLAG", raising=False)
    assert conf.env_bool("SEVENC_FLAG", True) is True
    assert conf.env_int("SEVENC_FLAG", 7) == 7
    assert conf.env_list("SEVENC_FLAG", ["a"]) == ["a"]


def test_it_reads_whole_numbers_strictly(monkeypatch: Any) -> None:
    monkeypatch.setenv("SEVENC_N", " 12 ")
    assert conf.env_int("SEVENC_N", 0) == 12
    monkeypatch.setenv("SEVENC_N", "")
    assert conf.env_int("SEVENC_N", 5) == 5
    monkeypatch.setenv("SEVENC_N", "1.5")
    with pytest.raises(ConfigError, match="SEVENC_N"):
        conf.env_int("SEVENC_N", 0)


def test_it_reads_lists(monkeypatch: Any) -> None:
    monkeypatch.setenv("SEVENC_HOSTS", " a.example, ,b.example ")
    assert conf.env_list("SEVENC_HOSTS", []) == ["a.example", "b.example"]


def test_it_makes_the_data_folder(tmp_path: Path, monkeypatch: Any) -> None:
    target = tmp_path / "deep" / "data"
    monkeypatch.setenv("SEVENC_DATA_DIR", str(target))
    assert conf.data_dir() == target
    assert target.is_dir()
    assert list(target.iterdir()) == []


def test_it_uses_xdg_data_home_without_sevenc_data_dir(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.delenv("SEVENC_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert conf.data_dir() == tmp_path / "sevenc"


@pytest.mark.parametrize("below", ["", "sub"])
def test_it_refuses_an_unwritable_data_folder(tmp_path: Path, monkeypatch: Any, below: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SEVENC_DATA_DIR", str(blocker / below) if below else str(blocker))
    with pytest.raises(ConfigError) as exc:
        conf.data_dir()
    assert "SEVENC_DATA_DIR" in str(exc.value)
    assert str(blocker) in str(exc.value)


def test_it_keeps_a_generated_secret_key(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = conf.secret_key(tmp_path)
    assert len(first) >= 50
    assert conf.secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    from_env = "from-the-environment-" + "x1y2z3" * 6
    monkeypatch.setenv("SECRET_KEY", from_env)
    assert conf.secret_key(tmp_path) == from_env


@pytest.mark.parametrize(
    "url,shown",
    [
        ("mysql://admin:pw@db.example/sevenc", "mysql://admin:***@db.example/sevenc"),
        ("admin:pw@db.example:5432/sevenc", "admin:***@db.example:5432/sevenc"),
        ("mysql://admin@db.example/sevenc", "mysql://admin@db.example/sevenc"),
    ],
)
def test_it_keeps_the_rest_of_the_url_readable(tmp_path: Path, url: str, shown: str) -> None:
    with pytest.raises(ConfigError) as exc:
        conf.database(url, tmp_path)
    assert shown in str(exc.value)


# --- every variable: a bad value stops every command with one line and exit 2 ------------------------------
#
# One row per environment variable that src/ reads. The coverage test below finds every read (os.environ,
# os.getenv and the conf readers, anywhere in src/) and fails on a variable without a row, so a new variable
# cannot skip the check; it fails on a stale row, and on a variable the docs list that nothing reads.


@dataclass(frozen=True)
class BadValue:
    value: str  # "{tmp}" is the test's own folder
    says: str  # a fragment of the one line
    secret: bool = False  # the line must not show the value
    unset: tuple[str, ...] = ()  # variables removed for this row


BAD_VALUES: dict[str, BadValue] = {
    "SEVENC_DATA_DIR": BadValue("{tmp}/a-file/data", "cannot write to"),
    "XDG_DATA_HOME": BadValue("relative/share", "not an absolute path", unset=("SEVENC_DATA_DIR",)),
    "DATABASE_URL": BadValue("mysql://admin:hunter2secret@db.example/sevenc", "unsupported scheme", secret=True),
    "CONN_MAX_AGE": BadValue("forever", "not a whole number"),
    "SECRET_KEY": BadValue("hunter2secret", "too weak", secret=True),
    "DEBUG": BadValue("maybe", "not a yes/no value"),
    "ALLOWED_HOSTS": BadValue("https://vcio.example.com", "not a host name"),
    "CSRF_TRUSTED_ORIGINS": BadValue("vcio.example.com", "not an origin"),
    "SITE_URL": BadValue("vcio.example.com/app", "not an origin"),
    "BEHIND_PROXY": BadValue("sometimes", "not a yes/no value"),
    "SESSION_COOKIE_SECURE": BadValue("2", "not a yes/no value"),
    "LOGIN_FAILURE_LIMIT": BadValue("0", "out of range"),
    "LOGIN_LOCKOUT_MINUTES": BadValue("a quarter hour", "not a whole number"),
    "TIME_ZONE": BadValue("Mars/Olympus_Mons", "not a time zone"),
    "EMAIL_BACKEND": BadValue("django.core.mail.backends.smtp.SmtpBackend", "has no 'SmtpBackend'"),
    "EMAIL_HOST": BadValue("smtp://mail.example.com", "not a host name"),
    "EMAIL_PORT": BadValue("70000", "out of range"),
    "EMAIL_HOST_USER": BadValue("sevenc\nBcc: everyone@example.com", "control character"),
    "EMAIL_HOST_PASSWORD": BadValue("hunter2secret\n", "control character", secret=True),
    "EMAIL_USE_TLS": BadValue("starttls", "not a yes/no value"),
    "DEFAULT_FROM_EMAIL": BadValue("sevenc at example dot com", "not an email address"),
    "LOG_LEVEL": BadValue("LOUD", "not one of"),
    "SEVENC_MAX_BODY_MB": BadValue("-1", "out of range"),
    "DJANGO_SETTINGS_MODULE": BadValue("sevenc.no_such_settings", "no such module"),
}

# Read, but not configuration: nobody sets them for sevenc, so they have no bad value.
NOT_SETTINGS = {
    "SERVER_SOFTWARE": "set by gunicorn itself; conf.fail picks the exit status gunicorn stops on",
}

SRC = Path(__file__).resolve().parents[2] / "src" / "sevenc"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"
README = Path(__file__).resolve().parents[2] / "README.md"

# Commands taken in turn, so the rows together go through each way sevenc starts.
COMMANDS: list[tuple[str, ...]] = [("migrate", "--quiet"), ("manage", "check"), ("openapi",), ("assessment", "list")]


def _readers() -> set[str]:
    """The conf functions that read a variable named by their first argument."""
    import inspect

    return {
        name
        for name, fn in vars(conf).items()
        if inspect.isfunction(fn)
        and fn.__module__ == conf.__name__
        and next(iter(inspect.signature(fn).parameters), None) == "name"
    }


def _is_environ(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ"
    )


def _read_key(node: ast.AST, readers: set[str]) -> tuple[bool, ast.AST | None]:
    """Whether ``node`` reads the environment, and the expression naming the variable (None: all of it)."""
    if isinstance(node, ast.Call):
        func = node.func
        first = node.args[0] if node.args else None
        if isinstance(func, ast.Attribute) and _is_environ(func.value):
            return True, first if func.attr in {"get", "setdefault", "pop"} else None
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "getenv" or name in readers:
            return True, first
        return False, None
    if isinstance(node, ast.Subscript) and _is_environ(node.value):
        return True, node.slice
    if isinstance(node, ast.Compare) and any(_is_environ(c) for c in node.comparators):
        return True, node.left
    return False, None


def env_reads() -> tuple[dict[str, list[str]], list[str]]:
    """Every variable name that src/ reads, with where; and the reads that name no variable literally
    (allowed only inside conf.py's generic readers, which take the name as their ``name`` parameter)."""
    conf_readers = _readers()
    found: dict[str, list[str]] = {}
    loose: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if path.name == "conf.py":
            readers = conf_readers
        else:  # conf's readers as this file can call them: conf.env_int or an imported env_int
            imported = {
                a.asname or a.name
                for n in ast.walk(tree)
                if isinstance(n, ast.ImportFrom) and n.module == "sevenc.conf"
                for a in n.names
            }
            readers = imported & conf_readers
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        handled: set[ast.AST] = set()
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in conf_readers
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "conf"
            ):
                reads, key = True, (node.args[0] if node.args else None)
            else:
                reads, key = _read_key(node, readers)
            if not reads:
                continue
            handled.update(ast.walk(node))
            where = f"{path.relative_to(SRC.parent)}:{node.lineno}"  # type: ignore[attr-defined]
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                found.setdefault(key.value, []).append(where)
                continue
            function = node
            while function in parents and not isinstance(function, ast.FunctionDef):
                function = parents[function]
            params = [a.arg for a in function.args.args] if isinstance(function, ast.FunctionDef) else []
            if not (path.name == "conf.py" and isinstance(key, ast.Name) and key.id == "name" and "name" in params):
                loose.append(where)
        loose += [
            f"{path.relative_to(SRC.parent)}:{n.lineno}"
            for n in ast.walk(tree)  # type: ignore[attr-defined]
            if _is_environ(n)
            and n not in handled
            and not isinstance(parents.get(n), ast.ImportFrom)
            and not (isinstance(n, ast.Name) and isinstance(parents.get(n), ast.alias))
        ]
    return found, sorted(set(loose))


def test_every_variable_src_reads_has_a_bad_value_row() -> None:
    found, loose = env_reads()
    assert not loose, f"read an environment variable by a literal name, through a conf.py reader: {loose}"
    unchecked = {name: where for name, where in found.items() if name not in BAD_VALUES and name not in NOT_SETTINGS}
    assert not unchecked, f"give each a row in BAD_VALUES (and read it through conf.environment()): {unchecked}"
    stale = sorted(set(BAD_VALUES) - set(found))
    assert not stale, f"rows for variables that src/ no longer reads: {stale}"
    assert set(NOT_SETTINGS) <= set(found), "stale NOT_SETTINGS entries"


def test_the_coverage_check_notices_a_new_read(tmp_path: Path, monkeypatch: Any) -> None:
    """A read the table lacks, written the ways code reads the environment, is found."""
    fake = tmp_path / "sevenc"
    fake.mkdir()
    (fake / "new.py").write_text(
        "import os\nfrom os import environ\nfrom sevenc import conf\n"
        "A = os.environ.get('NEW_A')\nB = os.getenv('NEW_B')\nC = os.environ['NEW_C']\nD = environ.get('NEW_D')\n"
        "E = conf.env_bool('NEW_E')\nF = 'NEW_F' in os.environ\nname = 'X'\nG = os.environ.get(name)\n"
        "H = dict(os.environ)\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "SRC", fake)
    found, loose = env_reads()
    assert set(found) == {"NEW_A", "NEW_B", "NEW_C", "NEW_D", "NEW_E", "NEW_F"}
    assert loose == ["sevenc/new.py:11", "sevenc/new.py:12"]


def _documented(text: str) -> set[str]:
    """The variables in the first column of the Markdown tables."""
    names: set[str] = set()
    for line in text.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]))
    return names


def test_the_docs_list_exactly_the_variables_sevenc_reads() -> None:
    documented = _documented(DOCS.read_text(encoding="utf-8"))
    assert documented == set(BAD_VALUES), (
        f"docs/configuration.md lacks {sorted(set(BAD_VALUES) - documented)}, "
        f"lists unread {sorted(documented - set(BAD_VALUES))}"
    )
    in_readme = _documented(README.read_text(encoding="utf-8"))
    assert in_readme <= set(BAD_VALUES), f"README lists unread {sorted(in_readme - set(BAD_VALUES))}"


def _clean_env(tmp_path: Path) -> dict[str, str]:
    """This process's environment without any sevenc setting, with a private data folder."""
    env = {k: v for k, v in os.environ.items() if k not in BAD_VALUES and k not in NOT_SETTINGS}
    env["SEVENC_DATA_DIR"] = str(tmp_path / "data")
    return env


def _one_line_exit_2(
    result: subprocess.CompletedProcess[str], variable: str, bad: BadValue | None = None, status: int = 2
) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == status, (result.returncode, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith(f"sevenc: error: {variable}") or line.startswith(f"sevenc: error: {variable}="), line
    if bad is not None:
        assert bad.says in line, line
        if bad.secret:
            assert "hunter2secret" not in line, line
    return line


@pytest.mark.parametrize("variable", sorted(BAD_VALUES))
def test_a_bad_value_stops_the_command_with_one_line_and_exit_2(tmp_path: Path, variable: str) -> None:
    bad = BAD_VALUES[variable]
    (tmp_path / "a-file").write_text("not a folder")
    env = _clean_env(tmp_path)
    for name in bad.unset:
        env.pop(name, None)
    if bad.unset:
        env["HOME"] = str(tmp_path / "home")
    env[variable] = bad.value.format(tmp=tmp_path)
    command = COMMANDS[sorted(BAD_VALUES).index(variable) % len(COMMANDS)]
    result = subprocess.run(
        [sys.executable, "-m", "sevenc", *command], env=env, capture_output=True, text=True, timeout=600, cwd=tmp_path
    )
    _one_line_exit_2(result, variable, bad)
    assert result.stdout == ""
    assert not (tmp_path / "data").exists(), "a bad value must stop sevenc before it writes anything"
    assert not (tmp_path / "home").exists()


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["-m", "django", "check"], id="python -m django"),
        pytest.param(["-c", "import sevenc.wsgi"], id="wsgi"),
        pytest.param(["-m", "sevenc", "manage", "migrate"], id="sevenc manage"),
        pytest.param(["-m", "sevenc", "serve", "--bind", "127.0.0.1:9"], id="sevenc serve"),
    ],
)
def test_every_way_in_stops_the_same(tmp_path: Path, argv: list[str]) -> None:
    env = _clean_env(tmp_path) | {"DJANGO_SETTINGS_MODULE": "sevenc.settings", "TIME_ZONE": "Nowhere/Town"}
    result = subprocess.run([sys.executable, *argv], env=env, capture_output=True, text=True, timeout=600)
    _one_line_exit_2(result, "TIME_ZONE", BAD_VALUES["TIME_ZONE"])


def test_gunicorn_on_its_own_stops_instead_of_restarting_workers(tmp_path: Path) -> None:
    """gunicorn restarts workers that exit, except on its "failed to boot" status 3; so a worker that meets a
    bad value says the one line and exits 3, and gunicorn stops."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists():
        pytest.skip("gunicorn is not installed beside this Python")
    env = _clean_env(tmp_path) | {"TIME_ZONE": "Nowhere/Town"}
    result = subprocess.run(
        [str(gunicorn), "--no-control-socket", "--workers", "1", "--bind", "127.0.0.1:0", "sevenc.wsgi:application"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    ours = [line for line in result.stderr.splitlines() if line.startswith("sevenc: error:")]
    assert ours == [
        "sevenc: error: TIME_ZONE='Nowhere/Town' is not a time zone name (use one such as UTC or Europe/Berlin)"
    ]
    assert "Worker failed to boot" in result.stderr


def test_several_bad_values_name_one_variable_at_a_time(tmp_path: Path) -> None:
    env = _clean_env(tmp_path) | {"DEBUG": "maybe", "EMAIL_PORT": "x"}
    result = subprocess.run(
        [sys.executable, "-m", "sevenc", "manage", "check"], env=env, capture_output=True, text=True, timeout=600
    )
    _one_line_exit_2(result, "DEBUG")


# --- the readers, one kind of value at a time --------------------------------------------------------------


@pytest.mark.parametrize("value", ["localhost", "vcio.example.com", ".example.com", "*", "127.0.0.1", "[::1]"])
def test_it_takes_host_names(monkeypatch: Any, value: str) -> None:
    monkeypatch.setenv("SEVENC_HOSTS", f" {value} ,testserver")
    assert conf.allowed_hosts("SEVENC_HOSTS", []) == [value, "testserver"]


@pytest.mark.parametrize(
    "value", ["https://vcio.example.com", "vcio.example.com:8000", "vcio.example.com/", "two words", "", " , "]
)
def test_it_refuses_what_is_not_a_host_name(monkeypatch: Any, value: str) -> None:
    monkeypatch.setenv("SEVENC_HOSTS", value)
    with pytest.raises(ConfigError, match="SEVENC_HOSTS"):
        conf.allowed_hosts("SEVENC_HOSTS", ["localhost"])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://vcio.example.com", "https://vcio.example.com"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000"),
        ("https://[::1]:8443", "https://[::1]:8443"),
    ],
)
def test_it_takes_an_origin_as_site_url(monkeypatch: Any, value: str, expected: str) -> None:
    monkeypatch.setenv("SEVENC_URL", value)
    assert conf.site_url("SEVENC_URL", "http://x") == expected


@pytest.mark.parametrize(
    "value",
    [
        "vcio.example.com",
        "ftp://vcio.example.com",
        "https://vcio.example.com/app",
        "https://vcio.example.com?x=1",
        "https://user@vcio.example.com",
        "https://vcio.example.com:99999",
        "https://",
    ],
)
def test_it_refuses_what_is_not_an_origin(monkeypatch: Any, value: str) -> None:
    monkeypatch.setenv("SEVENC_URL", value)
    with pytest.raises(ConfigError, match="SEVENC_URL"):
        conf.site_url("SEVENC_URL", "http://x")


def test_it_takes_wildcard_subdomains_as_trusted_origins(monkeypatch: Any) -> None:
    monkeypatch.setenv("SEVENC_ORIGINS", "https://*.example.com, https://vcio.example.com")
    assert conf.origin_list("SEVENC_ORIGINS", []) == ["https://*.example.com", "https://vcio.example.com"]


@pytest.mark.parametrize("value", ["UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires"])
def test_it_takes_time_zone_names(monkeypatch: Any, value: str) -> None:
    monkeypatch.setenv("SEVENC_TZ", value)
    assert conf.time_zone("SEVENC_TZ", "UTC") == value


@pytest.mark.parametrize("value", ["Mars/Olympus_Mons", "/etc/passwd", "../../etc/passwd", "Europe/"])
def test_it_refuses_what_is_not_a_time_zone(monkeypatch: Any, value: str) -> None:
    monkeypatch.setenv("SEVENC_TZ", value)
    with pytest.raises(ConfigError, match="SEVENC_TZ"):
        conf.time_zone("SEVENC_TZ", "UTC")


@pytest.mark.parametrize(
    "value", ["django.core.mail.backends.smtp.EmailBackend", "django.core.mail.backends.locmem.EmailBackend"]
)
def test_it_takes_a_class_path_without_importing_it(monkeypatch: Any, value: str) -> None:
    monkeypatch.setenv("SEVENC_CLASS", value)
    assert conf.python_path("SEVENC_CLASS", "a.B") == value


@pytest.mark.parametrize(
    "value",
    [
        "smtp",
        "django.core.mail.backends.nope.EmailBackend",
        "django.core.mail.backends.smtp.EmailBackendd",
        "no_such_package.Backend",
        "django..Backend",
        "django.core.mail.backends.smtp.Email-Backend",
    ],
)
def test_it_refuses_a_class_path_that_does_not_exist(monkeypatch: Any, value: str) -> None:
    monkeypatch.setenv("SEVENC_CLASS", value)
    with pytest.raises(ConfigError, match="SEVENC_CLASS"):
        conf.python_path("SEVENC_CLASS", "a.B")


@pytest.mark.parametrize("value", ["sevenc@example.com", "sevenc <sevenc@example.com>", "sevenc@localhost"])
def test_it_takes_email_addresses(monkeypatch: Any, value: str) -> None:
    monkeypatch.setenv("SEVENC_FROM", value)
    assert conf.email_address("SEVENC_FROM", "x@example.com") == value


@pytest.mark.parametrize("value", ["sevenc", "sevenc@", "<>", "sevenc <sevenc@>", "a@b@c.example"])
def test_it_refuses_what_is_not_an_email_address(monkeypatch: Any, value: str) -> None:
    monkeypatch.setenv("SEVENC_FROM", value)
    with pytest.raises(ConfigError, match="SEVENC_FROM"):
        conf.email_address("SEVENC_FROM", "x@example.com")


def test_it_bounds_whole_numbers(monkeypatch: Any) -> None:
    monkeypatch.setenv("SEVENC_N", "0")
    with pytest.raises(ConfigError, match=r"SEVENC_N='0' is out of range \(use from 1 to 9\)"):
        conf.env_int("SEVENC_N", 5, minimum=1, maximum=9)
    monkeypatch.setenv("SEVENC_N", "9")
    assert conf.env_int("SEVENC_N", 5, minimum=1, maximum=9) == 9


def test_it_reads_a_choice_in_any_case(monkeypatch: Any) -> None:
    monkeypatch.setenv("SEVENC_LEVEL", "info")
    assert conf.env_choice("SEVENC_LEVEL", "WARNING", conf.LOG_LEVELS) == "INFO"


def test_it_never_shows_a_secret_with_a_control_character(monkeypatch: Any) -> None:
    monkeypatch.setenv("SEVENC_SECRET", "hunter2secret\n")
    with pytest.raises(ConfigError) as exc:
        conf.env_str("SEVENC_SECRET", "", secret=True)
    assert "hunter2secret" not in str(exc.value)
    monkeypatch.setenv("SEVENC_SECRET", " keeps its spaces ")
    assert conf.env_str("SEVENC_SECRET", "", secret=True) == " keeps its spaces "


def test_it_refuses_a_weak_secret_key_without_showing_it(monkeypatch: Any, tmp_path: Path) -> None:
    monkeypatch.setenv("SECRET_KEY", "a" * 60)
    with pytest.raises(ConfigError, match="too weak") as exc:
        conf.secret_key(tmp_path)
    assert "aaaa" not in str(exc.value)
    assert not (tmp_path / "secret_key").exists()


def test_it_refuses_an_empty_secret_key_file(monkeypatch: Any, tmp_path: Path) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    (tmp_path / "secret_key").write_text("\n")
    with pytest.raises(ConfigError, match="is empty"):
        conf.secret_key(tmp_path)


@pytest.mark.parametrize(
    "url",
    [
        "postgres://u:hunter2secret@[bad/db",
        "postgres://u:hunter2secret@h/db?colour=red",
        "postgres://u:hunter2secret@h/db?sslmode=always",
    ],
)
def test_it_refuses_a_database_url_libpq_would_refuse(tmp_path: Path, url: str) -> None:
    with pytest.raises(ConfigError, match="DATABASE_URL") as exc:
        conf.database(url, tmp_path, conn_max_age=0)
    assert "hunter2secret" not in str(exc.value)


def test_it_takes_libpq_options(tmp_path: Path) -> None:
    db = conf.database("postgres://u@h/db?sslmode=verify-full&connect_timeout=5", tmp_path, conn_max_age=0)
    assert db["OPTIONS"] == {"sslmode": "verify-full", "connect_timeout": "5"}


def test_it_refuses_a_settings_module_that_does_not_exist(monkeypatch: Any) -> None:
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "sevenc.no_such_settings")
    with pytest.raises(ConfigError, match="DJANGO_SETTINGS_MODULE"):
        conf.use_settings_module()
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "sevenc.settings")
    assert conf.use_settings_module() == "sevenc.settings"


def test_it_reads_everything_before_it_writes(tmp_path: Path, monkeypatch: Any) -> None:
    for name in BAD_VALUES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SEVENC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    with pytest.raises(ConfigError, match="LOG_LEVEL"):
        conf.environment()
    assert not (tmp_path / "data").exists()
    monkeypatch.delenv("LOG_LEVEL")
    env = conf.environment()
    assert env.data_dir == tmp_path / "data"
    assert (tmp_path / "data" / "secret_key").exists()
    assert env.database["NAME"] == str(tmp_path / "data" / "sevenc.sqlite3")
    assert (env.log_level, env.time_zone, env.login_failure_limit) == ("WARNING", "UTC", 5)

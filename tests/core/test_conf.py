"""conf: typed environment readers (pure: no database)."""

from __future__ import annotations

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
    db = conf.database("postgres://sevenc:p%40ss%3Aword@db.example:5433/sevenc_prod"
                       "?sslmode=require&application_name=sevenc", tmp_path)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "sevenc_prod", "sevenc", "p@ss:word", "db.example", "5433")
    assert db["OPTIONS"] == {"sslmode": "require", "application_name": "sevenc"}
    assert db["CONN_MAX_AGE"] == 60
    assert db["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize("scheme", ["postgresql", "pgsql", "POSTGRES"])
def test_it_accepts_postgres_scheme_spellings(tmp_path: Path, scheme: str) -> None:
    db = conf.database(f"{scheme}://u@localhost/name", tmp_path)
    assert (db["ENGINE"], db["NAME"], db["PASSWORD"], db["PORT"]) == ("django.db.backends.postgresql", "name", "",
                                                                      "")


def test_it_reads_conn_max_age(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("CONN_MAX_AGE", "0")
    assert conf.database("postgres://u:pw@h/db", tmp_path)["CONN_MAX_AGE"] == 0


@pytest.mark.parametrize("url", [
    "mysql://admin:hunter2secret@db.example/sevenc",
    "admin:hunter2secret@db.example:5432/sevenc",
    "//admin:hunter2secret@db.example/sevenc",
    "postgres://admin:hunter2secret@db.example:notaport/sevenc",
    "postgres://admin:hunter2secret@db.example:5432/",
    "postgres://admin:hunter2secret@db.example:99999/sevenc",
    "mysql://admin:hunter2secret:more@db.example/sevenc",
    "postgres://admin:hunter2secret/x@db.example:port/sevenc",
])
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


@pytest.mark.parametrize("raw,value", [("1", True), ("true", True), (" Yes ", True), ("ON", True),
                                       ("0", False), ("false", False), ("no", False), ("off", False), ("", False)])
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
    monkeypatch.setenv("SECRET_KEY", "from-env")
    assert conf.secret_key(tmp_path) == "from-env"


@pytest.mark.parametrize("url,shown", [
    ("mysql://admin:pw@db.example/sevenc", "mysql://admin:***@db.example/sevenc"),
    ("admin:pw@db.example:5432/sevenc", "admin:***@db.example:5432/sevenc"),
    ("mysql://admin@db.example/sevenc", "mysql://admin@db.example/sevenc"),
])
def test_it_keeps_the_rest_of_the_url_readable(tmp_path: Path, url: str, shown: str) -> None:
    with pytest.raises(ConfigError) as exc:
        conf.database(url, tmp_path)
    assert shown in str(exc.value)

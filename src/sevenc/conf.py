"""Typed readers for the environment.

Every setting that differs between machines comes from here. A reader that
cannot make sense of a value raises ``ConfigError`` with one line that names
the variable; the CLI prints that line and exits with status 2.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse


class ConfigError(Exception):
    """A setting in the environment is missing or wrong."""


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name}={raw!r} is not a yes/no value (use true or false)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """The folder that holds the SQLite database, the secret key and uploads."""
    raw = os.environ.get("SEVENC_DATA_DIR")
    if raw:
        path = Path(raw).expanduser()
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / "sevenc"
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise ConfigError(
            f"SEVENC_DATA_DIR: cannot write to {path} ({exc.strerror or exc}); "
            "set SEVENC_DATA_DIR to a writable folder"
        ) from None
    return path


def secret_key(folder: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data folder."""
    raw = os.environ.get("SECRET_KEY")
    if raw:
        return raw
    keyfile = folder / "secret_key"
    if keyfile.exists():
        return keyfile.read_text().strip()
    key = secrets.token_urlsafe(50)
    keyfile.write_text(key)
    keyfile.chmod(0o600)
    return key


SQLITE_OPTIONS: dict[str, Any] = {
    # WAL lets readers work while one writer writes; foreign keys are off in SQLite by default.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def database(url: str | None, folder: Path) -> dict[str, Any]:
    """Turn DATABASE_URL into a Django DATABASES['default'] entry."""
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(folder / "sevenc.sqlite3"),
                "OPTIONS": dict(SQLITE_OPTIONS)}
    parsed = urlparse(url)
    scheme = parsed.scheme.lower()
    if scheme == "sqlite":
        # sqlite:///relative.sqlite3 (three slashes) or sqlite:////absolute/path.sqlite3 (four)
        name = unquote(url.split("://", 1)[1])
        name = name[1:] if name.startswith("/") else name
        if not name:
            raise ConfigError(f"DATABASE_URL={url!r}: no file name (use sqlite:////absolute/path.sqlite3)")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name, "OPTIONS": dict(SQLITE_OPTIONS)}
    if scheme in {"postgres", "postgresql", "pgsql"}:
        dbname = unquote(parsed.path.lstrip("/"))
        if not dbname:
            raise ConfigError(f"DATABASE_URL={_redact(url)!r}: no database name after the host")
        try:
            port = parsed.port
        except ValueError:
            raise ConfigError(f"DATABASE_URL={_redact(url)!r}: the port is not a number") from None
        options: dict[str, Any] = {}
        for key, values in parse_qs(parsed.query).items():
            options[key] = values[-1]
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": dbname,
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ConfigError(
        f"DATABASE_URL={_redact(url)!r}: unsupported scheme {scheme or '(none)'!r}; "
        "use postgres://user:password@host:5432/name or sqlite:////path/to/file.sqlite3"
    )


def _redact(url: str) -> str:
    """Hide a password in anything shaped like user:password@host, whatever the scheme."""
    return re.sub(r"^((?:[A-Za-z][\w+.-]*:)?//)?([^:/@]*):(?!//).*@", r"\1\2:***@", url)

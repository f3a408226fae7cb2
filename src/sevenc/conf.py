"""Typed readers for the environment.

Every setting that differs between machines comes from here, and every environment variable sevenc reads
is read in this module (tests/core/test_conf.py fails on a read anywhere else that has no row in its table).
A reader that cannot make sense of a value raises ``ConfigError`` with one line that names the variable;
:func:`or_exit` turns that into the line ``sevenc: error: …`` on standard error and exit status 2, so the
``sevenc`` command, ``python -m django`` with these settings and a WSGI server all stop the same way.

:func:`environment` reads and checks every variable before it touches the disk (the data folder, the
generated secret key), so a bad value changes nothing.
"""

from __future__ import annotations

import ast
import importlib.machinery
import importlib.util
import ipaddress
import os
import re
import secrets
import sys
import time
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from typing import Any, NoReturn, TypeVar
from urllib.parse import parse_qs, unquote, urlparse

T = TypeVar("T")

PROG = "sevenc"
EXIT_CONFIG = 2
EXIT_CONFIG_GUNICORN = 3  # gunicorn's "worker failed to boot": the only status on which it stops, not respawns


class ConfigError(Exception):
    """A setting in the environment is missing or wrong."""


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def fail(exc: ConfigError) -> NoReturn:
    """Print the one line for a bad environment and stop with status 2.

    Inside a gunicorn started on its own (``sevenc serve`` checks the settings before gunicorn starts), the
    status is 3: gunicorn restarts a worker that exits with any other status, forever, and stops on 3."""
    print(f"{PROG}: error: {one_line(str(exc))}", file=sys.stderr, flush=True)
    under_gunicorn = os.environ.get("SERVER_SOFTWARE", "").startswith("gunicorn/")
    raise SystemExit(EXIT_CONFIG_GUNICORN if under_gunicorn else EXIT_CONFIG)


def or_exit(read: Callable[[], T]) -> T:
    """``read()``, or the one line and exit status 2 when the environment is wrong.

    For the places that Django or a WSGI server import (settings.py, wsgi.py), where a raised exception
    would become a traceback; the ``sevenc`` command catches ConfigError itself."""
    try:
        return read()
    except ConfigError as exc:
        fail(exc)


# --- the readers ---------------------------------------------------------------------------------------------

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _raw(name: str, *, secret: bool = False) -> str | None:
    """The variable's value, refused when it holds a control character (a line break, a tab…), which no
    setting of sevenc ever needs and which usually means a broken env file. A secret is never echoed."""
    raw = os.environ.get(name)
    if raw is not None and _CONTROL.search(raw):
        shown = "" if secret else f"={raw!r}"
        raise ConfigError(f"{name}{shown} contains a control character (such as a line break or a tab)")
    return raw


def env_str(name: str, default: str, *, secret: bool = False) -> str:
    """A text; unset or empty means ``default``. Surrounding spaces are dropped unless it is a secret."""
    raw = _raw(name, secret=secret)
    if raw is None or raw.strip() == "":
        return default
    return raw if secret else raw.strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = _raw(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name}={raw!r} is not a yes/no value (use true or false)")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    raw = _raw(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        bounds = f"from {minimum} to {maximum}" if maximum is not None else f"{minimum} or more"
        raise ConfigError(f"{name}={raw!r} is out of range (use {bounds})")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = _raw(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of ``choices``, in any case; answered in the case of ``choices``."""
    raw = env_str(name, default)
    by_upper = {c.upper(): c for c in choices}
    if raw.upper() not in by_upper:
        raise ConfigError(f"{name}={raw!r} is not one of {', '.join(choices)}")
    return by_upper[raw.upper()]


# --- checks of one kind of value -----------------------------------------------------------------------------

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOSTNAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.?")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _is_host(text: str) -> bool:
    """A DNS name, an IPv4 address or a bracketed IPv6 address."""
    if text.startswith("[") and text.endswith("]"):
        try:
            ipaddress.IPv6Address(text[1:-1])
        except ValueError:
            return False
        return True
    return bool(_HOSTNAME.fullmatch(text)) and len(text) <= 253


def allowed_hosts(name: str, default: list[str]) -> list[str]:
    """Host names as Django's ALLOWED_HOSTS takes them: ``vcio.example.com``, ``.example.com`` (and
    subdomains), ``*``, ``127.0.0.1``, ``[::1]``; no scheme, no port, no path."""
    hosts = env_list(name, default)
    if not hosts:
        raise ConfigError(f"{name} is empty, so no request would be answered; name at least one host")
    for host in hosts:
        if host != "*" and not _is_host(host[1:] if host.startswith(".") else host):
            raise ConfigError(
                f"{name}: {host!r} is not a host name (write vcio.example.com: no scheme, no port, no path)"
            )
    return hosts


def _origin(name: str, text: str, *, wildcard: bool = False) -> str:
    """``scheme://host[:port]`` with http or https and nothing after it; the text without a final slash."""
    hint = f"{name}: {text!r} is not an origin (write https://vcio.example.com: scheme and host, no path)"
    try:
        parsed = urlparse(text)
        parsed.port  # noqa: B018 (raises ValueError for a port that is not a number or out of range)
    except ValueError:
        raise ConfigError(hint) from None
    host = parsed.hostname or ""
    if wildcard and host.startswith("*."):
        host = host[2:]
    if (
        parsed.scheme not in {"http", "https"}
        or not host
        or parsed.username is not None
        or parsed.path not in {"", "/"}
        or parsed.query
        or parsed.fragment
        or parsed.params
        or not _is_host(f"[{host}]" if ":" in host else host)
    ):
        raise ConfigError(hint)
    return text.rstrip("/")


def origin_list(name: str, default: list[str]) -> list[str]:
    return [_origin(name, item, wildcard=True) for item in env_list(name, default)]


def site_url(name: str, default: str) -> str:
    return _origin(name, env_str(name, default))


def host(name: str, default: str) -> str:
    value = env_str(name, default)
    if not _is_host(value):
        raise ConfigError(f"{name}={value!r} is not a host name or address (no scheme, no port)")
    return value


def time_zone(name: str, default: str) -> str:
    """An IANA time zone name such as ``Europe/Berlin``, checked the way Django checks it at start-up."""
    value = env_str(name, default)
    problem = f"{name}={value!r} is not a time zone name (use one such as UTC or Europe/Berlin)"
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise ConfigError(problem) from None
    root = Path("/usr/share/zoneinfo")  # Django refuses a name missing here when the folder exists
    if hasattr(time, "tzset") and root.exists() and not root.joinpath(*value.split("/")).exists():
        raise ConfigError(problem)
    return value


_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")


def email_address(name: str, default: str) -> str:
    """``sevenc@example.com`` or ``sevenc <sevenc@example.com>``: a plain local part, and a domain with a dot
    (or ``localhost``)."""
    value = env_str(name, default)
    _, address = parseaddr(value)
    local, at, domain = address.rpartition("@")
    if not (
        at
        and _EMAIL_LOCAL.fullmatch(local)
        and len(address) <= 254
        and (domain == "localhost" or ("." in domain.strip(".") and _is_host(domain)))
    ):
        raise ConfigError(
            f"{name}={value!r} is not an email address (write sevenc@example.com or sevenc <sevenc@example.com>)"
        )
    return value


def python_path(name: str, default: str) -> str:
    """A dotted path to a class, ``package.module.Class``, whose module exists and defines the name.

    Checked without importing anything (a backend module may read the settings that are loading now)."""
    value = env_str(name, default)
    module, _, attr = value.rpartition(".")
    parts = module.split(".")
    if not module or not all(_IDENTIFIER.fullmatch(p) for p in [*parts, attr]):
        raise ConfigError(f"{name}={value!r} is not a dotted path to a class (e.g. {default})")
    spec = _find_module(module)
    if spec is None:
        raise ConfigError(f"{name}={value!r}: there is no module {module!r}")
    if not _may_define(spec, attr):
        raise ConfigError(f"{name}={value!r}: the module {module!r} has no {attr!r}")
    return value


def _find_module(dotted: str) -> importlib.machinery.ModuleSpec | None:
    """The spec of a module, found on the path without running it or its packages."""
    parts = dotted.split(".")
    try:
        spec = importlib.util.find_spec(parts[0])  # a top-level name is looked up, not run
        for depth in range(1, len(parts)):
            if spec is None or spec.submodule_search_locations is None:
                return None
            spec = importlib.machinery.PathFinder.find_spec(
                ".".join(parts[: depth + 1]), list(spec.submodule_search_locations)
            )
    except (ImportError, ValueError):
        return None
    return spec


def _may_define(spec: importlib.machinery.ModuleSpec, attr: str) -> bool:
    """Whether the module's source binds ``attr`` at top level (or could: star imports, ``__getattr__``);
    True when there is no source to read."""
    if not spec.origin or not spec.origin.endswith(".py"):
        return True
    try:
        tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return True
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                if alias.name == "*":
                    return True
                names.add(alias.asname or alias.name.split(".")[0])
    return attr in names or "__getattr__" in names


# --- the data folder, the secret key, the database ---------------------------------------------------------


def data_dir_path() -> Path:
    """Where the data folder is, without creating it."""
    raw = env_str("SEVENC_DATA_DIR", "")
    if raw:
        return Path(raw).expanduser()
    base = env_str("XDG_DATA_HOME", "")
    if base and not Path(base).is_absolute():
        raise ConfigError(f"XDG_DATA_HOME={base!r} is not an absolute path (or set SEVENC_DATA_DIR)")
    return Path(base or Path.home() / ".local" / "share") / "sevenc"


def make_data_dir(path: Path) -> Path:
    """Create the folder if needed and check that sevenc can write there."""
    source = "SEVENC_DATA_DIR" if env_str("SEVENC_DATA_DIR", "") else "XDG_DATA_HOME"
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise ConfigError(
            f"{source}: cannot write to {path} ({exc.strerror or exc}); set SEVENC_DATA_DIR to a writable folder"
        ) from None
    return path


def data_dir() -> Path:
    """The folder that holds the SQLite database, the secret key and uploads (created if missing)."""
    return make_data_dir(data_dir_path())


SECRET_KEY_MIN_LENGTH = 50  # what Django's deployment check asks for
SECRET_KEY_MIN_UNIQUE = 5


def secret_key_from_env() -> str | None:
    raw = env_str("SECRET_KEY", "", secret=True)
    if not raw:
        return None
    if len(raw) < SECRET_KEY_MIN_LENGTH or len(set(raw)) < SECRET_KEY_MIN_UNIQUE:
        raise ConfigError(
            f"SECRET_KEY is too weak ({len(raw)} characters); use at least {SECRET_KEY_MIN_LENGTH} "
            "random ones, e.g. from: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    return raw


def secret_key(folder: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data folder."""
    from_env = secret_key_from_env()
    if from_env:
        return from_env
    keyfile = folder / "secret_key"
    try:
        if keyfile.exists():
            key = keyfile.read_text().strip()
            if not key:
                raise ConfigError(
                    f"SEVENC_DATA_DIR: {keyfile} is empty; delete it to generate a new key "
                    "(everybody is logged out) or set SECRET_KEY"
                )
            return key
        key = secrets.token_urlsafe(50)
        keyfile.write_text(key)
        keyfile.chmod(0o600)
    except OSError as exc:
        raise ConfigError(f"SEVENC_DATA_DIR: cannot use {keyfile} ({exc.strerror or exc})") from None
    return key


SQLITE_OPTIONS: dict[str, Any] = {
    # WAL lets readers work while one writer writes; foreign keys are off in SQLite by default.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}

SSLMODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")


def database(url: str | None, folder: Path, *, conn_max_age: int | None = None) -> dict[str, Any]:
    """Turn DATABASE_URL into a Django DATABASES['default'] entry."""
    if conn_max_age is None:
        conn_max_age = env_int("CONN_MAX_AGE", 60, minimum=0)
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(folder / "sevenc.sqlite3"),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    try:
        parsed = urlparse(url)
    except ValueError as exc:  # e.g. an unclosed [ in the host
        raise ConfigError(f"DATABASE_URL={_redact(url)!r}: {exc}") from None
    scheme = parsed.scheme.lower()
    if scheme == "sqlite":
        # sqlite:///relative.sqlite3 (three slashes) or sqlite:////absolute/path.sqlite3 (four)
        name = unquote(url.split("://", 1)[1]) if "://" in url else ""
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
            hostname = parsed.hostname
        except ValueError:
            raise ConfigError(f"DATABASE_URL={_redact(url)!r}: the port is not a number from 1 to 65535") from None
        options: dict[str, Any] = {}
        for key, values in parse_qs(parsed.query).items():
            options[key] = values[-1]
        _check_libpq_options(url, options)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": dbname,
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": conn_max_age,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ConfigError(
        f"DATABASE_URL={_redact(url)!r}: unsupported scheme {scheme or '(none)'!r}; "
        "use postgres://user:password@host:5432/name or sqlite:////path/to/file.sqlite3"
    )


def _check_libpq_options(url: str, options: dict[str, Any]) -> None:
    """Query parameters are libpq connection options: refuse a name libpq does not know, and an sslmode
    it would only refuse when connecting."""
    if not options:
        return
    from psycopg import ProgrammingError
    from psycopg.conninfo import make_conninfo

    try:
        make_conninfo("", **options)
    except ProgrammingError as exc:
        raise ConfigError(
            f"DATABASE_URL={_redact(url)!r}: {one_line(str(exc))} (query parameters are libpq "
            "connection options such as sslmode)"
        ) from None
    if "sslmode" in options and options["sslmode"] not in SSLMODES:
        raise ConfigError(
            f"DATABASE_URL={_redact(url)!r}: sslmode={options['sslmode']!r} is not one of {', '.join(SSLMODES)}"
        )


def _redact(url: str) -> str:
    """Hide a password in anything shaped like user:password@host, whatever the scheme."""
    return re.sub(r"^((?:[A-Za-z][\w+.-]*:)?//)?([^:/@]*):(?!//).*@", r"\1\2:***@", url)


# --- which settings module --------------------------------------------------------------------------------

DEFAULT_SETTINGS_MODULE = "sevenc.settings"


def use_settings_module() -> str:
    """Point Django at its settings (``DJANGO_SETTINGS_MODULE``, else sevenc's own), refusing a module that
    does not exist before Django tries to import it."""
    name = env_str("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS_MODULE)
    if not all(_IDENTIFIER.fullmatch(p) for p in name.split(".")) or _find_module(name) is None:
        raise ConfigError(
            f"DJANGO_SETTINGS_MODULE={name!r}: there is no such module (unset it to use {DEFAULT_SETTINGS_MODULE})"
        )
    os.environ["DJANGO_SETTINGS_MODULE"] = name
    return name


# --- everything settings.py needs, read at once ---------------------------------------------------------

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DEFAULT_ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]
DEFAULT_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"


@dataclass(frozen=True)
class Environment:
    """Every value settings.py takes from the environment (docs/configuration.md lists them)."""

    data_dir: Path
    secret_key: str
    debug: bool
    allowed_hosts: list[str]
    csrf_trusted_origins: list[str]
    site_url: str
    behind_proxy: bool
    session_cookie_secure: bool
    database: dict[str, Any]
    login_failure_limit: int
    login_lockout_minutes: int
    time_zone: str
    email_backend: str
    email_host: str
    email_port: int
    email_host_user: str
    email_host_password: str
    email_use_tls: bool
    default_from_email: str
    log_level: str
    max_body_mb: int


def environment() -> Environment:
    """Read and check every variable; only then create the data folder and, if needed, the secret key."""
    folder = data_dir_path()
    checked: dict[str, Any] = {
        "debug": env_bool("DEBUG", False),
        "allowed_hosts": allowed_hosts("ALLOWED_HOSTS", DEFAULT_ALLOWED_HOSTS),
        "csrf_trusted_origins": origin_list("CSRF_TRUSTED_ORIGINS", []),
        "site_url": site_url("SITE_URL", "http://127.0.0.1:8000"),
        "behind_proxy": env_bool("BEHIND_PROXY", False),
        "session_cookie_secure": env_bool("SESSION_COOKIE_SECURE", False),
        "database": database(
            env_str("DATABASE_URL", "", secret=True), folder, conn_max_age=env_int("CONN_MAX_AGE", 60, minimum=0)
        ),
        "login_failure_limit": env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=1000),
        "login_lockout_minutes": env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1, maximum=525_600),
        "time_zone": time_zone("TIME_ZONE", "UTC"),
        "email_backend": python_path("EMAIL_BACKEND", DEFAULT_EMAIL_BACKEND),
        "email_host": host("EMAIL_HOST", "localhost"),
        "email_port": env_int("EMAIL_PORT", 25, minimum=1, maximum=65535),
        "email_host_user": env_str("EMAIL_HOST_USER", ""),
        "email_host_password": env_str("EMAIL_HOST_PASSWORD", "", secret=True),
        "email_use_tls": env_bool("EMAIL_USE_TLS", False),
        "default_from_email": email_address("DEFAULT_FROM_EMAIL", "sevenc <sevenc@localhost>"),
        "log_level": env_choice("LOG_LEVEL", "WARNING", LOG_LEVELS),
        "max_body_mb": env_int("SEVENC_MAX_BODY_MB", 10, minimum=1, maximum=1024),
    }
    key = secret_key_from_env()  # checked before anything is written
    make_data_dir(folder)
    return Environment(data_dir=folder, secret_key=key or secret_key(folder), **checked)

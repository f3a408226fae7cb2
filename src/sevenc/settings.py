"""Django settings for sevenc. Whatever differs between machines comes from the environment (see conf.py)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF

from sevenc import conf

# Every value from the environment, read and checked at once; a bad one stops here with one line and exit 2.
env = conf.or_exit(conf.environment)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = env.data_dir

SECRET_KEY = env.secret_key
DEBUG = env.debug
ALLOWED_HOSTS = env.allowed_hosts
CSRF_TRUSTED_ORIGINS = env.csrf_trusted_origins
SITE_URL = env.site_url

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "axes",
    "csp",
    "sevenc.core",
    "sevenc.accounts",
    "sevenc.tenancy",
    "sevenc.catalog",
    "sevenc.assessments",
    "sevenc.planning",
    "sevenc.responsibility",
    "sevenc.portal",
    "sevenc.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sevenc.tenancy.middleware.WorkspaceMiddleware",
    "axes.middleware.AxesMiddleware",
    "sevenc.core.middleware.RequestGuardMiddleware",  # innermost: one transaction per unsafe request
]

ROOT_URLCONF = "sevenc.urls"
WSGI_APPLICATION = "sevenc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # the project's own, then each sub-domain's (planning/strategy/templates/...); apps' through APP_DIRS
        "DIRS": [BASE_DIR / "templates", *sorted(BASE_DIR.glob("*/*/templates"))],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sevenc.tenancy.context_processors.workspace",
            ],
        },
    }
]

DATABASES = {"default": env.database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked account/address pair before any check
    "sevenc.accounts.backends.EmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock-out (django-axes): after LOGIN_FAILURE_LIMIT failed logins for one account from one client address,
# that pair is refused for LOGIN_LOCKOUT_MINUTES. A locked pair gets the very answer of a wrong password, and
# the same account from another address is not affected (docs/permissions.md, "Logging in").
LOGIN_FAILURE_LIMIT = env.login_failure_limit
LOGIN_LOCKOUT_MINUTES = env.login_lockout_minutes
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_USERNAME_CALLABLE = "sevenc.accounts.backends.login_name"
AXES_CLIENT_IP_CALLABLE = "sevenc.accounts.backends.client_address"
AXES_LOCKOUT_CALLABLE = "sevenc.accounts.views.login_refused"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lock ends LOGIN_LOCKOUT_MINUTES after it began
AXES_DISABLE_ACCESS_LOG = True  # only failures are kept, and only until their cool-off has passed

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.session_cookie_secure
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
BEHIND_PROXY = env.behind_proxy  # also: the client address is the last X-Forwarded-For entry (lock-out)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp) on every response: our own files only; no inline script, no inline
# event handler, no inline style. The API docs (/api/v1/docs) need nothing more: ninja serves Swagger UI from
# its own static files and keeps its settings in a JSON block, not in a script. tests/core/test_csp.py checks
# every page; the browser tests fail on any violation (tests/browser/conftest.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
TIME_ZONE = env.time_zone
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = env.email_backend
EMAIL_HOST = env.email_host
EMAIL_PORT = env.email_port
EMAIL_HOST_USER = env.email_host_user
EMAIL_HOST_PASSWORD = env.email_host_password
EMAIL_USE_TLS = env.email_use_tls
DEFAULT_FROM_EMAIL = env.default_from_email

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.log_level},
}

NINJA_PAGINATION_PER_PAGE = 50

# The largest request body read into memory (JSON, forms): larger ones get 413 (docs/api.md, "Limits").
DATA_UPLOAD_MAX_MEMORY_SIZE = env.max_body_mb * 1024 * 1024

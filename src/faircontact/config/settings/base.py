"""Settings shared by every environment; everything that differs comes from the environment.

Environment:
- ``DATABASE_URL``: default the embedded SQLite file ``var/faircontact.sqlite3`` in the checkout.
- ``FAIRCONTACT_PROFILE``: the organisation's policy profile (a file under ``policies/``).
- ``FAIRCONTACT_TODAY``: a test clock (YYYY-MM-DD) for training, demos and acceptance tests;
  the production settings refuse it. ``FAIRCONTACT_TIME_OF_DAY`` (HH:MM), with it: the clock starts at that time
  of day rather than the real one (the test suite's 22:00, so that it does not depend on the hour it runs).
- ``DJANGO_SECRET_KEY``: required in production; development generates a throwaway one.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parents[2]
REPO_DIR = PACKAGE_DIR.parents[1]
VAR_DIR = Path(os.environ.get("FAIRCONTACT_VAR_DIR", REPO_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

FAIRCONTACT_PROFILE = os.environ.get("FAIRCONTACT_PROFILE", "wolverhampton-homes")
FAIRCONTACT_POLICIES_DIR = Path(os.environ.get("FAIRCONTACT_POLICIES_DIR", REPO_DIR / "policies"))
FAIRCONTACT_TODAY = os.environ.get("FAIRCONTACT_TODAY") or None
FAIRCONTACT_TIME_OF_DAY = os.environ.get("FAIRCONTACT_TIME_OF_DAY") or None
FAIRCONTACT_API_RATE = os.environ.get("FAIRCONTACT_API_RATE", "1200/m")  # per API token
FAIRCONTACT_TOKEN_DAYS = int(os.environ.get("FAIRCONTACT_TOKEN_DAYS", "90"))  # API tokens expire
# no date the records hold may be earlier (core.clock.check_not_before_floor): a mistyped year is refused
FAIRCONTACT_DATE_FLOOR = os.environ.get("FAIRCONTACT_DATE_FLOOR", "2000-01-01")
# the API schema and its docs page without signing in (off in production: api/v1/base.docs_access)
FAIRCONTACT_API_DOCS_PUBLIC = True

# The cache the API's rate limit (and anything else counted across requests) lives in. With several workers or
# servers it must be shared: FAIRCONTACT_CACHE_URL (or REDIS_URL), e.g. redis://127.0.0.1:6379/0, selects Django's own
# Redis backend; without one each process keeps its own local-memory cache (docs/deployment.md).
CACHE_URL = os.environ.get("FAIRCONTACT_CACHE_URL") or os.environ.get("REDIS_URL") or ""
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("FAIRCONTACT_CACHE_PREFIX", "faircontact"),  # one Redis, several systems
        }
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Live progress of background work (an import's rows read), written by the worker and read by the web servers: the
# same Redis as above when configured, otherwise files under VAR_DIR (one machine, as SQLite is).
CACHES["progress"] = (
    {**CACHES["default"], "KEY_PREFIX": CACHES["default"]["KEY_PREFIX"] + "-progress"}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(VAR_DIR / "progress")}
)

# Background work (docs/decisions/0018-task-queue.md): Django's tasks framework with the database backend, so the
# queue is a table of the one database (no broker) and `faircontact worker` runs it, on any number of servers.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# documents prepared in the background (evidence packs, board reports) are kept this many hours after they were
# asked for, then deleted: long enough to collect one the next working morning, no longer than a copy of personal
# data outside the records needs to live (docs/decisions/0019-prepared-documents.md)
FAIRCONTACT_PREPARED_DOCUMENT_HOURS = int(os.environ.get("FAIRCONTACT_PREPARED_DOCUMENT_HOURS", "24"))

# tokens of staff whose role needs two-factor sign-in expire within this many hours (wall clock)
FAIRCONTACT_PRIVILEGED_TOKEN_HOURS = int(os.environ.get("FAIRCONTACT_PRIVILEGED_TOKEN_HOURS", "12"))
# auditors are told (once an hour) when one member of staff reads more customers than this in an hour
# the demo's busiest officer-hour reads 192 customers (benchmarks/busy_hour.py); twice that is unusual (security.md)
FAIRCONTACT_READ_ALERT_PER_HOUR = int(os.environ.get("FAIRCONTACT_READ_ALERT_PER_HOUR", "400"))
# the key of the audit chain's HMAC (required and at least 32 characters in production; docs/security.md)
FAIRCONTACT_AUDIT_KEY = os.environ.get("FAIRCONTACT_AUDIT_KEY", "")
FAIRCONTACT_AUDIT_OLD_KEYS = os.environ.get("FAIRCONTACT_AUDIT_OLD_KEYS", "")  # comma-separated, after a rotation

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves Swagger UI for /api/v1/docs from its own static files, not a CDN
    "django_tasks",  # Django 6's tasks framework, backported (docs/decisions/0018-task-queue.md)
    "django_tasks_db",  # its database backend: the queue is a table, run by `faircontact worker`
    "faircontact.core",
    "faircontact.records",
    "faircontact.cases",
    "faircontact.gate",
    "faircontact.web",
    "faircontact.indicators",
    "faircontact.letters",
    "faircontact.register",
    "faircontact.reports",
    "faircontact.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "faircontact.core.middleware.InputBoundaryMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "faircontact.core.middleware.SecurityHeadersMiddleware",
    "faircontact.core.access.AccessAuditMiddleware",  # one read event per request (core/access.py)
]

ROOT_URLCONF = "faircontact.config.urls"
WSGI_APPLICATION = "faircontact.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "faircontact.web.context.service",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'faircontact.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }  # writers queue for the lock instead of failing mid-transaction
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "web:sign-in"
LOGIN_REDIRECT_URL = "web:home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
WHITENOISE_USE_FINDERS = True  # development and tests serve from the apps; production runs collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SESSION_COOKIE_AGE = int(os.environ.get("FAIRCONTACT_SESSION_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Request size (issue 14 §3; docs/security.md): every request's body at most FAIRCONTACT_MAX_REQUEST_BYTES, answered
# 413 from its Content-Length before it is read (core.middleware.InputBoundaryMiddleware); a CSV upload to the import
# addresses at most FAIRCONTACT_MAX_UPLOAD_BYTES (bigger files: `faircontact import contacts`). Django's own limit on
# what it reads into memory is the same request limit.
FAIRCONTACT_MAX_REQUEST_BYTES = int(os.environ.get("FAIRCONTACT_MAX_REQUEST_BYTES", str(2 * 1024 * 1024)))
FAIRCONTACT_MAX_UPLOAD_BYTES = int(os.environ.get("FAIRCONTACT_MAX_UPLOAD_BYTES", str(256 * 1024 * 1024)))
FAIRCONTACT_UPLOAD_PATHS = ["/api/v1/contacts/import"]
# the most characters one text field holds (core.middleware.field_limit): a contact's body or a letter's text ~ a long
# letter with pasted text; everything else (reasons, grounds, notes, summaries) smaller
FAIRCONTACT_MAX_BODY_CHARS = int(os.environ.get("FAIRCONTACT_MAX_BODY_CHARS", "200000"))
FAIRCONTACT_MAX_FIELD_CHARS = int(os.environ.get("FAIRCONTACT_MAX_FIELD_CHARS", "20000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = FAIRCONTACT_MAX_REQUEST_BYTES

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"no_personal_data": {"()": "faircontact.core.logging.RedactQueryStrings"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["no_personal_data"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("FAIRCONTACT_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # `faircontact serve --dev`: the development server's request lines, through the same filter (Django's own
        # handler for them would print query strings)
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Sign-in hardening: lock-out after failed sign-ins (django-axes) and two-factor sign-in with an authenticator
# app (django-otp TOTP); see docs/security.md. The API authenticates with tokens and is not affected.
INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp"]
_AUTH_MIDDLEWARE = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
MIDDLEWARE[_AUTH_MIDDLEWARE + 1 : _AUTH_MIDDLEWARE + 1] = [
    "django_otp.middleware.OTPMiddleware",
    "faircontact.web.auth.middleware.RequireTwoFactorMiddleware",
]
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last, as axes requires
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("FAIRCONTACT_SIGN_IN_ATTEMPTS", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("FAIRCONTACT_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # one address cannot lock a colleague out everywhere
AXES_HANDLER = "faircontact.web.auth.lockout.AddressAwareHandler"
# failed sign-ins from one address, over every username, within the cool-off before that address is locked out
FAIRCONTACT_SIGN_IN_ADDRESS_ATTEMPTS = int(os.environ.get("FAIRCONTACT_SIGN_IN_ADDRESS_ATTEMPTS", "30"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "faircontact.web.auth.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "faircontact.web.auth.lockout.client_ip"
AXES_ENABLE_ADMIN = False
FAIRCONTACT_SIGN_IN_LOG_DAYS = int(os.environ.get("FAIRCONTACT_SIGN_IN_LOG_DAYS", "90"))  # web/auth/retention.py
FAIRCONTACT_TRUSTED_PROXIES = int(os.environ.get("FAIRCONTACT_TRUSTED_PROXIES", "0"))
OTP_TOTP_ISSUER = "Fair Contact"
FAIRCONTACT_OTP_REQUIRED_ROLES = [
    r.strip()
    for r in os.environ.get(
        "FAIRCONTACT_OTP_REQUIRED_ROLES",
        "decision_maker,director,chief_executive,monitoring_officer,register_admin,admin",
    ).split(",")
    if r.strip()
]
LOGGING["loggers"]["axes.apps"] = {"level": "WARNING"}  # no start-up banner on every command

"""Production settings: secure defaults, secrets only from the environment, no test clock.

``manage.py check --deploy`` passes with these (see ``tests/test_settings.py``).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import FAIRCONTACT_TODAY

if FAIRCONTACT_TODAY:
    raise ImproperlyConfigured("FAIRCONTACT_TODAY is a test clock and is refused in production.")

try:
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
except KeyError:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in the environment.") from None

FAIRCONTACT_AUDIT_KEY = os.environ.get("FAIRCONTACT_AUDIT_KEY", "")
if len(FAIRCONTACT_AUDIT_KEY) < 32:  # core/audit.py: the audit chain's HMAC key (docs/security.md)
    raise ImproperlyConfigured(
        "FAIRCONTACT_AUDIT_KEY must be set in the environment, at least 32 random characters, kept apart from the "
        "database."
    )

DEBUG = False
FAIRCONTACT_API_DOCS_PUBLIC = False  # /api/v1/docs and openapi.json need a session or a token
SECURE_SSL_REDIRECT = os.environ.get("FAIRCONTACT_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

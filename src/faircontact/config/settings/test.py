"""Settings for the test suite: the database comes from ``DATABASE_URL`` as elsewhere."""

import os

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Parallel runs on one PostgreSQL server (developers, helpers) each name their own test database.
if os.environ.get("FAIRCONTACT_TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["FAIRCONTACT_TEST_DB_NAME"]}  # noqa: F405

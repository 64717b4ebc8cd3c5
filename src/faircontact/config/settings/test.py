"""Settings for the test suite: the database comes from ``DATABASE_URL`` as elsewhere."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

"""Settings for the test suite: the database comes from ``DATABASE_URL`` as elsewhere."""

import os
import tempfile
from pathlib import Path

# The test clock's time of day (core.clock.now): 22:00 on FAIRCONTACT_TODAY when the suite starts, then passing,
# whatever the hour it runs (after midnight a contact "today at 10:00" was in the future). Set in the environment
# so that the servers and workers the tests start keep it too.
os.environ.setdefault("FAIRCONTACT_TIME_OF_DAY", "22:00")

from .base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# SQLite tests use a file, not a shared in-memory database: the browser tests' live server answers requests in
# threads, and a file lets SQLite make a second writer wait (as it does in production) instead of failing.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"faircontact-test-{os.getpid()}.sqlite3")
    }

# Parallel runs on one PostgreSQL server (developers, helpers) each name their own test database.
if os.environ.get("FAIRCONTACT_TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["FAIRCONTACT_TEST_DB_NAME"]}  # noqa: F405

# Tasks run at once, in the process that queues them; tests/test_tasks.py runs the database backend with real
# worker processes (the production setting).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The suite's cache is each test process's own memory, emptied before every test (tests/conftest.py), whatever
# FAIRCONTACT_CACHE_URL says: clearing a shared Redis would empty it for everyone using it. Sharing through Redis is
# tested with real servers in tests/test_rate_limit.py.
CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}  # noqa: F405

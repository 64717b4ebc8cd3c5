"""Schemathesis against the served OpenAPI schema on a live server, through its own runner: every check it has
(server errors, status codes, content types, response headers and bodies against the schema, missing headers,
unsupported methods, ignored auth, use after free, resource availability, object-level authorization) and all four
phases — examples, coverage, fuzzing and the stateful phase that follows links between operations. Afterwards the
database passes an integrity check and the audit chain verifies.

Two checks are left out, because a schema cannot say what they need (docs/security.md, *What schemathesis cannot
check*):

- ``positive_data_acceptance`` expects every schema-valid request to succeed. Valid ids of records that do not
  exist (404), domain rules (a report covers at most 60 months, a decision needs a referral first: 409/422) and the
  input boundary (control characters: 400; field lengths: 422) refuse schema-valid requests by design.
- ``negative_data_rejection`` expects every schema-violating request to be refused. Pydantic's lax parsing takes a
  query parameter ``as_of=0`` as the date 1970-01-01 (a Unix time); such a date is only a report's or a queue's
  point in time, never stored (every stored date is checked against the date floor).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from django.db import connection
from django.test import Client

from faircontact.core.audit import verify_chain
from faircontact.core.models import ApiToken
from faircontact.core.profiles import GENERIC_ROLES
from faircontact.core.users import user_create

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES_PER_OPERATION = 5
NOT_CHECKABLE = "positive_data_acceptance,negative_data_rejection"


def test_every_operation_fuzzed_with_every_check_in_every_phase(transactional_db, settings, live_server, tmp_path):
    settings.FAIRCONTACT_API_RATE = "1000000/m"
    # a member of staff holding every role, so every operation is exercised past the permission check
    user = user_create(actor=None, username="fuzzer", roles=list(GENERIC_ROLES))
    _, key = ApiToken.issue(user)
    schema = tmp_path / "openapi.json"  # the served schema, fetched once (building it can take over 10 s under load)
    schema.write_bytes(Client().get("/api/v1/openapi.json").content)
    done = subprocess.run(
        [
            str(ROOT / ".venv/bin/st"),
            "run",
            str(schema),
            "--url",
            live_server.url,
            "--checks",
            "all",
            "--exclude-checks",
            NOT_CHECKABLE,
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--max-examples",
            str(EXAMPLES_PER_OPERATION),
            "--generation-deterministic",
            "--continue-on-failure",
            "--workers",
            "1",
            "--request-timeout",
            "60",
            "--header",
            f"Authorization: Bearer {key}",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=1800,
    )
    assert done.returncode == 0, done.stdout[-30000:]
    assert "Stateful" in done.stdout and "Coverage" in done.stdout and "Fuzzing" in done.stdout
    connection.check_constraints()
    assert verify_chain() is None

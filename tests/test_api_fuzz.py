"""Schemathesis fuzzes every operation of the served OpenAPI schema on a live server: no response is a 500,
every response matches the schema, and the database passes an integrity check afterwards."""

from __future__ import annotations

import schemathesis
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from faircontact.core.audit import verify_chain
from faircontact.core.models import ApiToken
from faircontact.core.profiles import GENERIC_ROLES
from faircontact.core.users import user_create

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 8


def test_every_operation_fuzzed_without_server_errors(transactional_db, settings, live_server):
    settings.FAIRCONTACT_API_RATE = "1000000/m"
    # a member of staff holding every role, so every operation is exercised past the permission check
    user = user_create(actor=None, username="fuzzer", roles=list(GENERIC_ROLES))
    _, key = ApiToken.issue(user, now=timezone.now())
    headers = {"Authorization": f"Bearer {key}"}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case):
            response = case.call(base_url=live_server.url, headers=headers)
            case.validate_response(response, checks=CHECKS)

        try:
            fuzz()
        except (Exception, BaseExceptionGroup) as exc:  # collect every operation's failures, then report them all
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:600]}")
    assert operations >= 30
    assert not failures, "\n\n".join(failures)
    connection.check_constraints()
    assert verify_chain() is None

"""The permission matrix holds: every API operation declares a permission, and every role × operation is
allowed or refused (403) exactly as ``core/permissions.MATRIX`` says — before any input is read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from faircontact.api.v1 import api
from faircontact.api.v1.base import Permission
from faircontact.core.models import ApiToken
from faircontact.core.permissions import MATRIX, allowed, markdown
from faircontact.core.profiles import GENERIC_ROLES
from faircontact.core.users import user_create


def operations():
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for op in path_view.operations:
                for method in op.methods:
                    yield method, path, op


OPERATIONS = sorted(((m, p, op) for m, p, op in operations()), key=lambda t: (t[1], t[0]))


def test_every_operation_declares_a_permission_from_the_matrix():
    missing = [
        f"{m} {p}"
        for m, p, op in OPERATIONS
        if not (len(op.auth_callbacks) == 1 and isinstance(op.auth_callbacks[0], Permission))
    ]
    assert not missing, f"operations without auth=perm(...): {missing}"
    assert {op.auth_callbacks[0].permission for _, _, op in OPERATIONS} <= set(MATRIX)


@pytest.mark.django_db
@pytest.mark.parametrize("role", GENERIC_ROLES)
def test_each_role_is_allowed_or_refused_as_the_matrix_says(role):
    user = user_create(actor=None, username=f"only-{role}", roles=[role])
    _, key = ApiToken.issue(user)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    wrong = []
    for method, path, op in OPERATIONS:
        url = "/api/v1" + re.sub(r"\{[^}]+\}", "1", path)
        response = client.generic(method, url, "{}", content_type="application/json")
        refused = response.status_code == 403 and response.json()["error"]["code"] == "role_not_permitted"
        expected = not allowed([role], op.auth_callbacks[0].permission)
        if refused != expected:
            wrong.append(f"{method} {path}: {'refused' if refused else response.status_code}")
    assert not wrong, f"{role}: {wrong}"


def test_an_enquirer_cannot_write_anything():
    # register.lookup says how their enquiry is answered (themselves, not through the administrator): not a right
    asked = ("register.enquire", "register.lookup")
    writes = [name for name, (roles, _) in MATRIX.items() if "enquirer" in roles and name not in asked]
    assert writes == ["work.view"]


def test_docs_permissions_is_generated_from_the_matrix():
    doc = Path(__file__).resolve().parents[1] / "docs" / "permissions.md"
    assert doc.read_text() == markdown(), "regenerate: python -m faircontact.core.permissions > docs/permissions.md"


def test_the_finer_rights_come_from_the_matrix_with_one_status(api, api_for, make_user):
    """Someone else's leave, anyone's token: a role refusal is 403 role_not_permitted; the matrix's roles may."""
    other = make_user("officer")
    url, leave = f"/api/v1/staff/{other.pk}/absence", {"absent_from": "2026-05-01", "absent_until": "2026-05-08"}
    refused = api.client.put(url, leave, content_type="application/json")
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "role_not_permitted")
    manager = api_for(make_user("manager"))
    assert manager.client.put(url, leave, content_type="application/json").status_code == 200
    admin = api_for(make_user("admin"))
    theirs = ApiToken.objects.get(user=api_for(other).user)
    assert admin.post(f"/tokens/{theirs.pk}/revoke").status_code == 200

"""The OpenAPI schema says what the server enforces on input: each request body's free-text strings carry the
``maxLength`` of the input boundary (``core.limits.field_limit``), and a date is a date — a number such as
``as_of=0`` is a 422 naming the field, never read as seconds since 1 January 1970."""

from __future__ import annotations

import pytest
from django.test import Client

from faircontact.api.v1.base import publish_lengths
from faircontact.core.ids import parse_id
from faircontact.core.profiles import GENERIC_ROLES


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return Client().get("/api/v1/openapi.json").json()


def _strings(node, components, name="", seen=None):
    """``(property name, string schema)`` for every string a request body schema can hold."""
    seen = set() if seen is None else seen
    if not isinstance(node, dict):
        return
    ref = node.get("$ref", "")
    if ref:
        key = ref.rsplit("/", 1)[-1]
        if key not in seen:
            seen.add(key)
            yield from _strings(components[key], components, name, seen)
        return
    if node.get("type") == "string":
        yield name, node
    for key, child in (node.get("properties") or {}).items():
        yield from _strings(child, components, key, seen)
    for child in node.get("anyOf", []) + node.get("allOf", []) + node.get("oneOf", []):
        yield from _strings(child, components, name, seen)
    for key in ("items", "additionalProperties"):
        yield from _strings(node.get(key), components, f"{name}[]", seen)


def test_every_free_text_string_of_a_request_body_publishes_the_length_the_server_enforces(schema, settings):
    components = schema["components"]["schemas"]
    checked = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for media in (operation.get("requestBody") or {}).get("content", {}).values():
                for name, string in _strings(media["schema"], components):
                    if "enum" in string or "const" in string or string.get("format") in ("date", "date-time", "binary"):
                        continue
                    assert "maxLength" in string, f"{method} {path}: {name}"
                    checked[name] = string["maxLength"]
    assert len(checked) > 30
    assert checked["body"] == settings.FAIRCONTACT_MAX_BODY_CHARS  # a contact's letter, pasted in whole
    assert checked["name"] == checked["reason"] == settings.FAIRCONTACT_MAX_FIELD_CHARS
    assert checked["support_needs[]"] == settings.FAIRCONTACT_MAX_FIELD_CHARS  # each item of a list


def test_the_published_length_is_the_deployments_setting_when_the_schema_is_built(schema, settings):
    settings.FAIRCONTACT_MAX_FIELD_CHARS = 500
    tightened = publish_lengths(Client().get("/api/v1/openapi.json").json())
    customer = tightened["components"]["schemas"]["CustomerIn"]["properties"]
    assert customer["name"]["maxLength"] == 500
    assert customer["reference"]["maxLength"] == 500


def test_a_body_one_character_over_the_published_length_is_refused_naming_the_field(api, schema):
    limit = schema["components"]["schemas"]["CustomerIn"]["properties"]["address"]["maxLength"]
    response = api.post("/customers", {"reference": "C-9", "name": "Alex Example", "address": "x" * (limit + 1)})
    assert response.status_code == 422, response.content
    assert response.json()["error"]["field"] == "address"


@pytest.mark.parametrize("value", ["0", "86400", "1700000000", "-1", "1e3", " 0 "])
@pytest.mark.parametrize(
    "path", ["/work", "/suggestions", "/reports/equality", "/customers/{id}/indicators"], ids=lambda p: p
)
def test_as_of_that_is_a_number_is_a_422_naming_as_of(api_for, make_user, customer, path, value):
    staff = api_for(make_user(*GENERIC_ROLES, username="reader"))  # every role: past every permission check
    response = staff.get(path.replace("{id}", customer["id"]), as_of=value)
    assert response.status_code == 422, (path, value, response.content)
    error = response.json()["error"]
    assert error["field"] == "as_of"
    assert error["message"].startswith("as_of: ") and "is not a date in the format YYYY-MM-DD" in error["message"]
    assert "None" not in error["message"]  # django-ninja does not keep a query's input: never "None is not a date"


def test_as_of_as_a_date_still_works(api):
    response = api.get("/work", as_of="2026-03-10")
    assert response.status_code == 200, response.content


def test_a_date_in_a_body_that_is_a_number_is_refused_naming_it(api, customer):
    before = api.get(f"/customers/{customer['id']}").json()["markers"]
    response = api.post(
        f"/customers/{customer['id']}/markers", {"type": "potentially_violent", "incident": "Shouted", "on": 0}
    )
    assert response.status_code == 422, response.content
    assert response.json()["error"]["field"] == "on"
    assert "is not a date in the format YYYY-MM-DD" in response.json()["error"]["message"]
    assert api.get(f"/customers/{customer['id']}").json()["markers"] == before  # nothing written


def test_a_time_that_is_a_number_is_refused_naming_it(api, customer):
    response = api.post(
        "/contacts", {"customer": customer["id"], "occurred_at": 1700000000, "channel": "phone", "subject": "Call"}
    )
    assert response.status_code == 422, response.content
    assert response.json()["error"]["field"] == "occurred_at"
    assert "is not a date and time in the format" in response.json()["error"]["message"]


def test_an_id_of_thousands_of_digits_is_not_found_not_a_server_error(api, customer):
    """The schema now says an id may be as long as any field (20,000 characters): the fuzzer sends such ids, and
    Python's int() refuses more than 4,300 digits — ``core.ids.parse_id`` must answer "no such id" first."""
    assert parse_id("9" * 5000) is None and parse_id("0" * 5000 + "7") == 7 and parse_id(str(2**63)) is None
    response = api.post("/cases", {"customer": "1" * 20000, "grounds": ["persistent"]})
    assert response.status_code in (404, 422), response.content
    assert response.json()["error"]["field"] == "customer"

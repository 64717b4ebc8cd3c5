"""The records API against the contract: customers, complaints, contacts, import, auth and errors."""

from __future__ import annotations

import io

from faircontact.core.models import AuditEvent
from faircontact.records.models import Contact, Customer


def test_create_customer_returns_201_and_duplicate_reference_409(api, customer):
    assert customer["reference"] == "C-1001"
    assert customer["identifiers"] == {"nino": "QQ123456C"}
    assert customer["representatives"][0]["relationship"] == "advocate"
    again = api.post("/customers", {"reference": "C-1001", "name": "Someone Else"})
    assert again.status_code == 409
    assert again.json()["error"]["field"] == "reference"
    assert Customer.objects.count() == 1


def test_no_token_or_bad_token_is_401(client, db):
    assert client.get("/api/v1/customers").status_code == 401
    bad = client.get("/api/v1/customers", HTTP_AUTHORIZATION="Bearer nope")
    assert bad.status_code == 401
    assert bad.json()["error"]["code"] == "unauthenticated"


def test_bad_nino_is_refused_naming_the_field(api, db):
    response = api.post("/customers", {"reference": "C-2", "name": "A B", "identifiers": {"nino": "12345"}})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "identifiers.nino"
    assert not Customer.objects.exists()


def test_contact_errors_name_the_field_and_change_nothing(api, customer):
    base = {"customer": customer["id"], "channel": "phone", "occurred_at": "2026-11-20T10:00:00+00:00"}
    cases = [
        ({"channel": "pigeon"}, "channel"),
        ({"occurred_at": "20/11/2026"}, "occurred_at"),
        ({"customer": "999999"}, "customer"),
        ({"customer": None}, "customer"),
        ({"occurred_at": "2099-01-01T10:00:00+00:00"}, "occurred_at"),
        ({"behaviour": ["rude"]}, "behaviour.0"),
    ]
    audit_before = AuditEvent.objects.count()
    for change, field in cases:
        response = api.post("/contacts", {**base, **change})
        assert response.status_code in (400, 422), (change, response.content)
        assert response.json()["error"]["field"] == field, change
    assert Contact.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


def test_contact_is_logged_with_guidance_and_appears_in_chronology(api, customer, complaint):
    response = api.post(
        "/contacts",
        {
            "customer": customer["id"],
            "channel": "email",
            "occurred_at": "2026-11-20T10:00:00+00:00",
            "complaint": complaint["id"],
            "staff_minutes": 15,
            "subject": "Boiler again",
            "recipients": ["chief.executive@example.org"],
            "external_id": "crm-1",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["guidance"]["handling"] == "handle_normally"
    assert body["staff_minutes"] == 15
    again = api.post("/contacts", {"customer": customer["id"], "channel": "email", "external_id": "crm-1"})
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    chronology = api.get(f"/customers/{customer['id']}/chronology").json()
    assert [e["object_id"] for e in chronology["items"]] == [body["id"]]
    assert chronology["items"][0]["complaint"] == "CMP-1"


def test_viewing_a_customer_is_audited(api, customer):
    api.get(f"/customers/{customer['id']}")
    event = AuditEvent.objects.filter(action="view", object_id=customer["id"]).get()
    assert event.actor == api.user


def test_pagination(api, db):
    for i in range(7):
        api.post("/customers", {"reference": f"P-{i}", "name": f"Person {i}"})
    page = api.get("/customers", page_size=3).json()
    assert page["count"] == 7 and len(page["items"]) == 3 and "page=2" in page["next"]
    last = api.get("/customers", page_size=3, page=3).json()
    assert len(last["items"]) == 1 and last["next"] is None
    assert api.get("/customers", page_size=501).status_code == 422


def test_search_by_reference_nino_and_tolerant_name(api, customer):
    for q in ("C-1001", "qq 12 34 56 c", "alex example", "Álex", "Alx Exampel"):
        found = api.get("/customers", q=q).json()["items"]
        assert [c["id"] for c in found] == [customer["id"]], q


def test_record_full_and_final_response(api, complaint, officer):
    response = api.patch(
        f"/complaints/{complaint['id']}", {"final_response_on": "2026-10-01", "final_response_by": str(officer.pk)}
    )
    assert response.status_code == 200
    assert response.json()["stage"] == "final"
    assert response.json()["final_response_on"] == "2026-10-01"


def _csv(rows):
    header = "external_id,customer,occurred_at,channel,direction,staff_minutes,subject,behaviour\n"
    return io.BytesIO((header + "".join(rows)).encode())


def test_import_is_idempotent_and_all_or_nothing(api, customer, api_for, make_user):
    refused = api.client.post("/api/v1/contacts/import", {"file": _named(_csv([]))})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "role_not_permitted"
    api = api_for(make_user("manager"))
    good = [f"ext-{i},C-1001,2026-11-0{i}T09:00:00+00:00,phone,inbound,5,Call {i},\n" for i in range(1, 5)]
    first = api.client.post("/api/v1/contacts/import", {"file": _named(_csv(good))})
    assert first.status_code == 200, first.content
    assert first.json()["created"] == 4
    second = api.client.post("/api/v1/contacts/import", {"file": _named(_csv(good))})
    assert second.json() == {"created": 0, "skipped_existing": 4, "errors": [], "imported": True}
    bad = good + ["ext-9,C-1001,yesterday,phone,inbound,5,x,\n", "ext-10,NOPE,2026-11-01T09:00:00Z,phone,,,y,\n"]
    third = api.client.post("/api/v1/contacts/import", {"file": _named(_csv(bad))}).json()
    assert third["imported"] is False
    assert [(e["line"], e["field"]) for e in third["errors"]] == [(6, "occurred_at"), (7, "customer")]
    assert Contact.objects.count() == 4


def _named(buffer, name="contacts.csv"):
    buffer.name = name
    return buffer


def test_openapi_lists_every_endpoint(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/customers",
        "/api/v1/customers/{customer_id}",
        "/api/v1/complaints",
        "/api/v1/contacts",
        "/api/v1/contacts/import",
        "/api/v1/gate",
        "/api/v1/customers/{customer_id}/chronology",
    ):
        assert path in paths, path


def test_the_reason_for_access_is_kept_with_the_view(api, customer):
    api.client.get(f"/api/v1/customers/{customer['id']}", HTTP_X_ACCESS_REASON="Caller on the line about rent")
    event = AuditEvent.objects.filter(action="view", object_id=customer["id"]).latest("id")
    assert event.reason == "Caller on the line about rent"


def test_the_api_docs_page_loads_swagger_from_our_own_static_files(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()


def test_the_nul_character_is_refused_with_400_and_changes_nothing(api, db):
    body = '{"reference": "N-1", "name": "Nul\\u0000 Person"}'
    response = api.client.post("/api/v1/customers", body, content_type="application/json")
    assert response.status_code == 400 and "NUL" in response.json()["error"]["message"]
    assert api.get("/customers", q="a\x00b").status_code == 400
    assert not Customer.objects.exists()

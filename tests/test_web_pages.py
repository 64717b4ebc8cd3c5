"""The staff pages through Django's test client: sign-in, search, the customer page, forms and the gate preview."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from faircontact.cases.models import Case, Protocol, ProtocolStatus
from faircontact.core import clock
from faircontact.core.models import AuditEvent
from faircontact.records.models import Complaint, Contact, Customer, Representative

from .conftest import give_reason


@pytest.fixture
def staff(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def alex(customer):
    return Customer.objects.get(pk=customer["id"])


def contact_post(**changes) -> dict:
    now = clock.now() - timedelta(minutes=5)
    data = {
        "channel": "phone",
        "direction": "inbound",
        "occurred_on_day": now.day,
        "occurred_on_month": now.month,
        "occurred_on_year": now.year,
        "occurred_time": now.strftime("%H:%M"),
        "staff_minutes": "10",
        "subject": "Boiler still broken",
        "body": "Called again about the boiler.",
        "action": "save",
    }
    data.update(changes)
    return data


def post_contact(api, customer, **fields):
    response = api.post("/contacts", {"customer": str(customer.pk), **fields})
    assert response.status_code == 201, response.content


def in_force_protocol(customer, spoc, **terms) -> Protocol:
    case = Case.objects.create(
        customer=customer, owner=spoc, opened_on=date(2026, 1, 5), state="restricted", grounds=["persistent"]
    )
    return Protocol.objects.create(
        case=case,
        customer=customer,
        status=ProtocolStatus.IN_FORCE,
        starts_on=date(2026, 2, 1),
        review_due_on=date(2026, 8, 1),
        spoc=spoc,
        **terms,
    )


@pytest.mark.parametrize("name", ["web:home", "web:customer-add"])
def test_pages_need_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:sign-in"))


def test_customer_pages_need_sign_in(client, alex):
    for name in ("web:customer", "web:contact-add", "web:customer-edit", "web:complaint-add"):
        response = client.get(reverse(name, args=[alex.pk]))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("web:sign-in"))
    assert client.post(reverse("web:gate-preview", args=[alex.pk]), {}).status_code == 302


def test_sign_in_then_sign_out(client, officer):
    page = client.get(reverse("web:sign-in"))
    assert page.status_code == 200
    assert b"csrfmiddlewaretoken" in page.content
    wrong = client.post(reverse("web:sign-in"), {"username": "officer", "password": "wrong"})
    assert b"There is a problem" in wrong.content
    right = client.post(reverse("web:sign-in"), {"username": "officer", "password": "correct horse battery"})
    assert right.status_code == 302 and right["Location"] == reverse("web:home")
    assert client.get(reverse("web:home")).status_code == 200
    client.post(reverse("web:sign-out"))
    assert client.get(reverse("web:home")).status_code == 302


@pytest.mark.parametrize("query", ["C-1001", "qq 12 34 56 c", "alex example", "Alex Exampel"])
def test_search_finds_by_reference_nino_and_name(staff, alex, query):
    response = staff.get(reverse("web:home"), {"q": query})
    assert response.status_code == 200
    assert list(response.context["results"]) == [alex]
    assert reverse("web:customer", args=[alex.pk]).encode() in response.content


def test_several_matches_are_all_listed_with_a_warning(staff, alex, officer):
    Customer.objects.create(reference="C-1002", name="Alex Example", search_name="alex example")
    response = staff.get(reverse("web:home"), {"q": "Alex Example"})
    assert len(response.context["results"]) == 2
    assert b"Several people match" in response.content
    assert b"C-1001" in response.content and b"C-1002" in response.content


def test_search_with_no_match_says_so(staff, alex):
    response = staff.get(reverse("web:home"), {"q": "Nobody Atall"})
    assert b"No customer found" in response.content


def test_customer_page_shows_record_and_chronology_newest_first(staff, api, alex, complaint):
    for day, subject in ((18, "Older call"), (20, "Newer email")):
        post_contact(
            api,
            alex,
            channel="email",
            subject=subject,
            occurred_at=f"2026-11-{day}T10:00:00+00:00",
            complaint=complaint["id"],
        )
    response = staff.get(reverse("web:customer", args=[alex.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Support needs" in html and "Prefers telephone contact (hearing loss: uses relay)" in html
    assert "QQ123456C" in html and "Pat Advocate" in html and "CMP-1" in html
    assert "This customer is recorded as vulnerable" in html
    assert html.index("Newer email") < html.index("Older call")


def test_chronology_filters_by_complaint_and_period(staff, api, alex, complaint):
    post_contact(
        api,
        alex,
        channel="email",
        subject="About the boiler",
        occurred_at="2026-11-20T10:00:00+00:00",
        complaint=complaint["id"],
    )
    post_contact(api, alex, channel="phone", subject="General query", occurred_at="2026-10-01T10:00:00+00:00")
    url = reverse("web:customer", args=[alex.pk])
    by_complaint = staff.get(url, {"complaint": complaint["id"]}).content.decode()
    assert "About the boiler" in by_complaint and "General query" not in by_complaint
    period = {
        "start_day": "1",
        "start_month": "10",
        "start_year": "2026",
        "end_day": "31",
        "end_month": "10",
        "end_year": "2026",
    }
    by_period = staff.get(url, period).content.decode()
    assert "General query" in by_period and "About the boiler" not in by_period
    backwards = staff.get(url, {**period, "end_day": "30", "end_month": "9"})
    assert "must be the same as or after" in backwards.content.decode()


def test_viewing_a_customer_is_audited(staff, alex, officer):
    before = AuditEvent.objects.filter(action="view", customer_id=alex.pk, actor=officer).count()
    staff.get(reverse("web:customer", args=[alex.pk]))
    assert AuditEvent.objects.filter(action="view", customer_id=alex.pk, actor=officer).count() == before + 1


def test_add_customer_with_representative(staff, db):
    response = staff.post(
        reverse("web:customer-add"),
        {
            "reference": "C-2001",
            "name": "Sam Sample",
            "nino": "qq 65 43 21 a",
            "support_needs": "Large print\n\nDyslexia",
            "vulnerable": "on",
            "preferred_format": "large_print",
            "rep_name": "Jo Relative",
            "rep_relationship": "relative",
            "rep_may_act": "on",
        },
    )
    customer = Customer.objects.get(reference="C-2001")
    assert response.status_code == 302 and response["Location"] == reverse("web:customer", args=[customer.pk])
    assert customer.nino == "QQ654321A" and customer.support_needs == ["Large print", "Dyslexia"]
    assert customer.vulnerable and customer.preferred_format == "large_print"
    assert customer.representatives.get().may_act


def test_duplicate_reference_shows_an_error_and_creates_nothing(staff, alex):
    response = staff.post(
        reverse("web:customer-add"), {"reference": "C-1001", "name": "Someone Else", "preferred_format": "standard"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and 'href="#id_reference"' in html
    assert "A customer with reference C-1001 already exists." in html
    assert Customer.objects.count() == 1


def test_bad_nino_is_shown_against_the_field(staff, db):
    response = staff.post(
        reverse("web:customer-add"), {"reference": "C-3", "name": "A B", "nino": "123", "preferred_format": "standard"}
    )
    assert 'href="#id_nino"' in response.content.decode()
    assert not Customer.objects.exists()


def test_edit_customer_keeps_other_identifiers(staff, alex):
    Customer.objects.filter(pk=alex.pk).update(identifiers={"nino": "QQ123456C", "tenancy": "T-9"})
    form = staff.get(reverse("web:customer-edit", args=[alex.pk]))
    assert b'value="QQ123456C"' in form.content
    response = staff.post(
        reverse("web:customer-edit", args=[alex.pk]),
        {
            "reference": "C-1001",
            "name": "Alex Example",
            "nino": "",
            "support_needs": "Uses a relay service",
            "preferred_format": "plain_text",
        },
    )
    assert response.status_code == 302
    alex.refresh_from_db()
    assert alex.identifiers == {"tenancy": "T-9"} and alex.nino == ""
    assert alex.support_needs == ["Uses a relay service"] and not alex.vulnerable


def test_add_representative(staff, alex):
    response = staff.post(
        reverse("web:representative-add", args=[alex.pk]), {"name": "Cllr Smith", "relationship": "councillor"}
    )
    assert response.status_code == 302
    rep = Representative.objects.get(name="Cllr Smith")
    assert rep.customer == alex and not rep.may_act
    missing = staff.post(reverse("web:representative-add", args=[alex.pk]), {"name": ""})
    assert b"Enter the representative" in missing.content


def test_add_complaint_then_record_full_and_final_response(staff, alex, officer):
    today = clock.today()
    response = staff.post(
        reverse("web:complaint-add", args=[alex.pk]),
        {
            "reference": "CMP-9",
            "summary": "Damp in the bedroom",
            "stage": "stage1",
            "received_on_day": today.day,
            "received_on_month": today.month,
            "received_on_year": today.year,
        },
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get(reference="CMP-9")
    assert complaint.received_on == today
    url = reverse("web:complaint-edit", args=[complaint.pk])
    no_one = staff.post(
        url,
        {
            "summary": "Damp in the bedroom",
            "stage": "stage2",
            "final_response_on_day": today.day,
            "final_response_on_month": today.month,
            "final_response_on_year": today.year,
        },
    )
    assert b"Choose who gave the full and final response." in no_one.content
    future = today + timedelta(days=3)
    later = staff.post(
        url,
        {
            "summary": "Damp in the bedroom",
            "stage": "stage2",
            "final_response_by": officer.pk,
            "final_response_on_day": future.day,
            "final_response_on_month": future.month,
            "final_response_on_year": future.year,
        },
    )
    assert b"The date cannot be in the future." in later.content
    done = staff.post(
        url,
        {
            "summary": "Damp in the bedroom",
            "stage": "stage2",
            "final_response_by": officer.pk,
            "final_response_on_day": today.day,
            "final_response_on_month": today.month,
            "final_response_on_year": today.year,
        },
    )
    assert done.status_code == 302
    complaint.refresh_from_db()
    assert complaint.final_response_on == today and complaint.final_response_by == officer


def test_log_a_contact_saves_it_and_repeats_the_guidance(staff, alex, complaint, officer):
    page = staff.get(reverse("web:contact-add", args=[alex.pk]))
    assert page.status_code == 200
    assert b'hx-post="' + reverse("web:gate-preview", args=[alex.pk]).encode() in page.content
    response = staff.post(
        reverse("web:contact-add", args=[alex.pk]),
        contact_post(complaint=complaint["id"], behaviour=["abusive"], recipients="a@x.org\nb@y.org"),
    )
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:customer", args=[alex.pk]) + f"?logged={contact.pk}"
    assert contact.channel == "phone" and contact.staff == officer and contact.staff_minutes == 10
    assert contact.complaint.reference == "CMP-1" and contact.behaviour == ["abusive"]
    assert contact.recipients == ["a@x.org", "b@y.org"] and contact.guidance["handling"] == "handle_normally"
    shown = staff.get(response["Location"]).content.decode()
    assert "Contact saved" in shown and "Guidance: Handle as normal" in shown and "Boiler still broken" in shown
    assert "{#" not in shown and "{%" not in shown
    again = staff.get(reverse("web:customer", args=[alex.pk])).content.decode()
    assert "Contact saved" not in again


def test_log_a_contact_refuses_a_future_time(staff, alex):
    later = clock.now() + timedelta(days=2)
    response = staff.post(
        reverse("web:contact-add", args=[alex.pk]),
        contact_post(occurred_on_day=later.day, occurred_on_month=later.month, occurred_on_year=later.year),
    )
    assert b"The contact cannot be in the future." in response.content
    assert b'href="#id_occurred_on_day"' in response.content
    assert not Contact.objects.exists()


def test_gate_preview_returns_guidance_html_and_stores_nothing(staff, alex, make_user):
    spoc = make_user("officer", name="Sam Spoc")
    in_force_protocol(alex, spoc, channels_allowed=["email", "letter"])
    give_reason(staff, alex)
    url = reverse("web:gate-preview", args=[alex.pk])
    phone = staff.post(url, contact_post()).content.decode()
    assert "Remind the customer of the arrangements and end the contact" in phone
    assert "outside the communication protocol" in phone and "govuk-inset-text" in phone
    email = staff.post(url, contact_post(channel="email")).content.decode()
    assert "Pass this to the single point of contact" in email and "Sam Spoc" in email
    urgent = staff.post(url, contact_post(urgent="on")).content.decode()
    assert "Handle as normal" in urgent
    incomplete = staff.post(url, {"direction": "inbound"}).content.decode()
    assert "Guidance will show here" in incomplete
    assert "{#" not in phone + incomplete
    assert not Contact.objects.exists()


def test_check_the_guidance_button_works_without_javascript(staff, alex, make_user):
    in_force_protocol(alex, make_user("officer"), channels_allowed=["letter"])
    give_reason(staff, alex)
    response = staff.post(reverse("web:contact-add", args=[alex.pk]), contact_post(action="preview"))
    assert response.status_code == 200
    assert b"Guidance: Remind the customer" in response.content
    assert not Contact.objects.exists()


def test_protocol_banner_on_every_page_about_the_customer(staff, alex, complaint, make_user):
    spoc, deputy = make_user("officer", name="Sam Spoc"), make_user("officer", name="Dee Deputy")
    protocol = in_force_protocol(alex, spoc, channels_allowed=["email"], spoc_deputy=deputy, ends_on=date(2027, 2, 1))
    protocol.acknowledge_only_complaints.add(Complaint.objects.get(pk=complaint["id"]))
    pages = [
        reverse(name, args=[alex.pk])
        for name in (
            "web:customer",
            "web:customer-edit",
            "web:contact-add",
            "web:complaint-add",
            "web:representative-add",
        )
    ]
    pages.append(reverse("web:complaint-edit", args=[complaint["id"]]))
    give_reason(staff, alex, reason="Customer phoned about a repair")
    for url in pages:
        html = staff.get(url).content.decode()
        assert "A communication protocol is in force" in html, url
        assert (  # the arrangement in one sentence
            "The customer may contact us only by email, through Sam Spoc (deputy Dee Deputy while they are away)."
            " New letters about complaint CMP-1 are read and acknowledged, not answered."
            " In force from 1 February 2026 until 1 February 2027; review due 1 August 2026."
        ) in html, url
    assert "communication protocol is in force" not in staff.get(reverse("web:home")).content.decode()


def test_no_banner_when_the_protocol_is_not_in_force(staff, alex, make_user):
    protocol = in_force_protocol(alex, make_user("officer"), channels_allowed=["email"])
    Protocol.objects.filter(pk=protocol.pk).update(status=ProtocolStatus.ENDED)
    assert b"communication protocol is in force" not in staff.get(reverse("web:customer", args=[alex.pk])).content


def test_open_cases_are_listed_with_their_state(staff, alex, officer):
    Case.objects.create(customer=alex, owner=officer, opened_on=date(2026, 3, 1), state="initial_warning")
    Case.objects.create(customer=alex, owner=officer, opened_on=date(2025, 3, 1), state="ended")
    html = staff.get(reverse("web:customer", args=[alex.pk])).content.decode()
    assert "Initial warning given" in html and "Ended" not in html


def test_pages_send_the_content_security_policy_and_no_inline_script(staff, alex):
    response = staff.get(reverse("web:contact-add", args=[alex.pk]))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert "<script>" not in html and "style=" not in html and " onclick=" not in html
    assert "{#" not in html and "{%" not in html


def test_a_customer_under_an_arrangement_asks_for_a_reason_once_per_sign_in(staff, alex, make_user):
    in_force_protocol(alex, make_user("officer"), channels_allowed=["email"])
    url = reverse("web:customer", args=[alex.pk])
    asked = staff.get(url).content.decode()
    assert "Why do you need to see this record?" in asked and "Alex" not in asked.split("<main")[1]
    assert not AuditEvent.objects.filter(action="view", object_id=str(alex.pk)).exists()
    assert f'name="customers" value="{alex.pk}"' in asked and 'action="/access-reason"' in asked
    refused = staff.post("/access-reason", {"customers": alex.pk, "reason": " ", "next": url}).content.decode()
    assert "Give a reason" in refused
    given = staff.post("/access-reason", {"customers": alex.pk, "reason": "Letter received about rent", "next": url})
    assert given.status_code == 302 and given["Location"] == url
    assert (
        staff.post("/access-reason", {"customers": 999999, "reason": "x y z", "next": "https://evil.example/"})[
            "Location"
        ]
        == "/"
    )
    assert "A communication protocol is in force" in staff.get(url).content.decode()
    assert staff.get(url).status_code == 200  # asked once per sign-in
    reasons = set(AuditEvent.objects.filter(action="view", object_id=str(alex.pk)).values_list("reason", flat=True))
    assert reasons == {"Letter received about rent"}


def test_equality_monitoring_is_entered_on_the_customer_form_and_counted_by_the_equality_report(
    staff, db, client, make_user, settings
):
    """Optional, in the report's categories, "Prefer not to say" an answer; a value outside them is refused
    naming the field; an officer (no reports.equality) can record but not read it back."""
    from faircontact.reports.selectors import equality

    page = staff.get(reverse("web:customer-add")).content.decode()
    assert "Equality monitoring (optional)" in page and "Prefer not to say" in page
    form = {"reference": "C-2001", "name": "Sam Equal", "preferred_format": "standard"}
    bad = staff.post(reverse("web:customer-add"), dict(form, ethnicity="Martian"))
    assert bad.status_code == 200 and not Customer.objects.filter(reference="C-2001").exists()
    staff.post(
        reverse("web:customer-add"),
        dict(form, ethnicity="White: Irish", disability="Prefer not to say"),
    )
    sam = Customer.objects.get(reference="C-2001")
    assert (sam.ethnicity, sam.disability) == ("White: Irish", "Prefer not to say")
    groups = {
        d["dimension"]: [g["group"] for g in d["groups"]] for d in equality(as_of=date(2026, 12, 31))["dimensions"]
    }
    assert "White: Irish" in groups["ethnicity"] and "Prefer not to say" in groups["disability"]
    # the officer's change form does not show what is recorded, and saving it unchanged keeps it
    edit = staff.get(reverse("web:customer-edit", args=[sam.pk])).content.decode()
    assert 'value="White: Irish" selected' not in edit
    staff.post(reverse("web:customer-edit", args=[sam.pk]), dict(form, name="Sam Equal-Smith"))
    sam.refresh_from_db()
    assert (sam.name, sam.ethnicity) == ("Sam Equal-Smith", "White: Irish")
    # a manager (reports.equality) sees it
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []
    client.force_login(make_user("manager"))
    assert 'value="White: Irish" selected' in client.get(reverse("web:customer-edit", args=[sam.pk])).content.decode()


def test_equality_monitoring_in_the_api_is_write_only_below_a_reporting_role(api_for, officer, make_user, db):
    api = api_for(officer)
    refused = api.post("/customers", {"reference": "C-3001", "name": "Ann", "ethnicity": "Martian"})
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "ethnicity"
    created = api.post("/customers", {"reference": "C-3001", "name": "Ann", "disability": "Yes, limited a lot"})
    assert created.status_code == 201 and created.json()["disability"] is None  # the officer cannot read it
    manager = api_for(make_user("manager"))
    customer_id = created.json()["id"]
    assert manager.get(f"/customers/{customer_id}").json()["disability"] == "Yes, limited a lot"
    changed = manager.patch(f"/customers/{customer_id}", {"ethnicity": "Prefer not to say"})
    assert changed.status_code == 200 and changed.json()["ethnicity"] == "Prefer not to say"
    schema = manager.client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ("CustomerIn", "CustomerPatch", "CustomerOut"):
        assert {"ethnicity", "disability"} <= set(schema[name]["properties"]), name


def test_add_customer_lists_every_error_at_once(staff, db):
    """GOV.UK error summary: the form's own errors and the service's checks in one submit, each linked to its field."""
    response = staff.post(
        reverse("web:customer-add"),
        {"reference": "C-4001", "name": "", "nino": "123", "rep_name": "Pat", "preferred_format": "standard"},
    )
    page = response.content.decode()
    summary = page.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert '<a href="#id_name">Enter the customer&#x27;s name.</a>' in summary
    assert '<a href="#id_nino">The National Insurance number is not in the right format' in summary
    assert '<a href="#id_rep_relationship">Choose how the representative is related' in summary
    assert not Customer.objects.filter(reference="C-4001").exists()


def test_log_a_contact_lists_the_future_time_with_the_other_errors(staff, alex):
    future = clock.now() + timedelta(days=2)
    data = contact_post(
        channel="",
        occurred_on_day=future.day,
        occurred_on_month=future.month,
        occurred_on_year=future.year,
    )
    page = staff.post(reverse("web:contact-add", args=[alex.pk]), data).content.decode()
    summary = page.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert '<a href="#id_channel_0">Choose how the contact was made.</a>' in summary
    assert '<a href="#id_occurred_on_day">The contact cannot be in the future.</a>' in summary
    assert not Contact.objects.exists()


def test_the_chronology_dates_a_case_opening_by_the_day_it_happened(staff, alex, officer):
    """A case opened on 18 August and typed in today reads "18 Aug" in the history (issue 17, finding 11)."""
    from faircontact.cases.services import case_open

    case_open(actor=officer, customer=alex, grounds=["persistent"], on=date(2026, 8, 18), today=clock.today())
    page = staff.get(reverse("web:customer", args=[alex.pk])).content.decode()
    history = page.split('id="history"')[1]
    row = next(r for r in history.split("<tr") if "Case opened" in r)
    assert "18 Aug 2026" in row


def test_identifiers_are_named_in_words_not_keys(staff, api):
    """Issue 17 §7: an identifier's key ('tenancy', 'nino') is shown in words on the customer page."""
    made = api.post(
        "/customers",
        {"reference": "ID-1", "name": "Ira Ident", "identifiers": {"nino": "QQ123456D", "tenancy_ref": "T0001"}},
    ).json()
    html = staff.get(reverse("web:customer", args=[made["id"]])).content.decode()
    assert ">National Insurance number</dt>" in html and ">Tenancy ref</dt>" in html and ">tenancy_ref<" not in html

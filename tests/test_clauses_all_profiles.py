"""Rules every seed policy states (issue 15, "All profiles"): each test is named after the clauses it applies."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from faircontact.cases.models import Case
from faircontact.core.models import AuditEvent
from faircontact.records import importer
from faircontact.records.models import Complaint, Contact, Customer, Marker

from .test_workflow import _refused, act


@pytest.fixture
def wh_case(use_profile, make_user, api_for):
    use_profile("wolverhampton-homes")
    officer = api_for(make_user("officer"))
    customer = officer.post("/customers", {"reference": "S-1", "name": "Sam Safe"}).json()
    case = officer.post("/cases", {"customer": customer["id"], "grounds": ["persistent"], "on": "2026-10-01"}).json()
    return officer, case["id"], customer


NEEDS = {
    "support_needs_considered": True,
    "reasons_for_behaviour": "Distress at the length of the repair",
    "adjustments_offered": ["Monthly letter"],
}


def test_000_s6_001_s5_002_s1_003_annex_a_consider_needs_records_safeguarding(wh_case):
    officer, cid, _ = wh_case
    error = _refused(officer, cid, "consider_needs", status=422, on="2026-10-02", **NEEDS)
    assert error["field"] == "safeguarding_considered" and "safeguarding" in error["message"]
    assert "000 §" in error["message"]  # the clause of the active profile's step
    assert Case.objects.get(pk=cid).needs_considered_on is None


def test_002_s1_safeguarding_existing_support_agency_contacted_with_date_and_outcome(wh_case):
    officer, cid, _ = wh_case
    agency = {"name": "Mind in Wolverhampton", "contacted_on": "2026-10-03", "outcome": "Support worker will attend"}
    error = _refused(
        officer,
        cid,
        "consider_needs",
        status=422,
        on="2026-10-02",
        safeguarding_considered=True,
        support_agency=agency,
        **NEEDS,
    )
    assert error["field"] == "support_agency.contacted_on"
    error = _refused(
        officer,
        cid,
        "consider_needs",
        status=422,
        on="2026-10-04",
        safeguarding_considered=True,
        support_agency=dict(agency, outcome=" "),
        **NEEDS,
    )
    assert error["field"] == "support_agency.outcome"
    body = act(
        officer,
        cid,
        "consider_needs",
        on="2026-10-04",
        safeguarding_considered=True,
        safeguarding_notes="No safeguarding concern raised",
        support_agency=agency,
        **NEEDS,
    )
    assert body["safeguarding_considered"] is True
    assert body["support_agency"] == agency
    assert body["actions"][-1]["details"]["support_agency"] == agency


@pytest.mark.parametrize(
    ("slug", "received", "due"),
    [
        ("wolverhampton-homes", "2026-03-27", "2026-04-14"),  # 10 working days over Good Friday and Easter Monday
        ("dwp", "2026-03-27", "2026-04-21"),  # 15 working days
    ],
)
def test_complaint_response_due_from_the_profiles_service_standard(use_profile, api, customer, slug, received, due):
    use_profile(slug)
    body = api.post(
        "/complaints",
        {"customer": customer["id"], "reference": "SS-1", "summary": "Repair", "received_on": received},
    ).json()
    assert body["response_due_on"] == due and body["response_sent_on"] is None
    early = api.patch(f"/complaints/{body['id']}", {"response_sent_on": "2026-03-01"})
    assert early.status_code == 422 and early.json()["error"]["field"] == "response_sent_on"
    assert Complaint.objects.get(pk=body["id"]).response_sent_on is None
    sent = api.patch(f"/complaints/{body['id']}", {"response_sent_on": "2026-04-02"}).json()
    assert sent["response_sent_on"] == "2026-04-02" and sent["response_overdue"] is False


def test_complaint_escalation_starts_the_next_stages_standard_from_the_day_it_was_received(use_profile, api, customer):
    use_profile("wolverhampton-homes")
    body = api.post(
        "/complaints",
        {"customer": customer["id"], "reference": "SS-2", "summary": "Repair", "received_on": "2026-05-01"},
    ).json()
    stage2 = api.patch(f"/complaints/{body['id']}", {"stage": "stage2", "stage_received_on": "2026-06-01"}).json()
    assert stage2["response_due_on"] == "2026-06-29"  # 20 working days
    assert stage2["response_overdue"] is True  # nothing sent, and the test clock is later


def test_000_s7_2_001_s6_3_1_potentially_violent_person_marker_on_its_own(wh_case, api_for, make_user):
    officer, _, customer = wh_case
    url = f"/customers/{customer['id']}/markers"
    missing = officer.post(url, {"type": "potentially_violent", "incident": " ", "on": "2026-10-05"})
    assert missing.status_code == 422 and missing.json()["error"]["field"] == "incident"
    assert "000 §7" in missing.json()["error"]["message"]
    made = officer.post(
        url,
        {
            "type": "potentially_violent",
            "incident": "Threatened to hit the officer at the door: 'you'll get what's coming'",
            "police_reference": "WM-2026-1234",
            "on": "2026-10-05",
        },
    )
    assert made.status_code == 201, made.content
    assert made.json()["review_due_on"] == "2027-10-05"  # [violence] marker_review_months = 12
    marker = Marker.objects.get(customer_id=customer["id"])
    assert marker.police_reference == "WM-2026-1234" and marker.source_case is None
    again = officer.post(url, {"type": "potentially_violent", "incident": "Again", "on": "2026-10-06"})
    assert again.status_code == 409 and Marker.objects.filter(customer_id=customer["id"]).count() == 1
    shown = officer.get(f"/customers/{customer['id']}").json()["markers"]
    assert shown[0]["type"] == "potentially_violent" and shown[0]["police_reference"] == "WM-2026-1234"


def test_dates_a_time_lost_when_the_clocks_go_forward_is_refused(api, customer):
    before = (Contact.objects.count(), AuditEvent.objects.count())
    lost = api.post("/contacts", {"customer": customer["id"], "channel": "phone", "occurred_at": "2026-03-29T01:30:00"})
    assert lost.status_code == 422, lost.content
    error = lost.json()["error"]
    assert error["field"] == "occurred_at" and "does not exist in Europe/London" in error["message"]
    assert (Contact.objects.count(), AuditEvent.objects.count()) == before
    with_offset = api.post(
        "/contacts", {"customer": customer["id"], "channel": "phone", "occurred_at": "2026-03-29T01:30:00+00:00"}
    )
    assert with_offset.status_code == 201, with_offset.content
    # the hour that happens twice when the clocks go back is the first of the two (BST, +01:00)
    twice = api.post(
        "/contacts", {"customer": customer["id"], "channel": "phone", "occurred_at": "2026-10-25T01:30:00"}
    )
    assert twice.status_code == 201 and twice.json()["occurred_at"].endswith("+01:00"), twice.content


def test_dates_a_lost_hour_in_an_imported_row_is_named(use_profile):
    use_profile("wolverhampton-homes")
    Customer.objects.create(reference="A-1", name="Ann", search_name="ann")
    header = "external_id,customer,occurred_at,channel\n"
    rows = "a,A-1,2026-03-29T01:15:00,phone\nb,A-1,2026-03-29T03:15:00,phone\n"
    result = importer.import_contacts_csv(
        io.BytesIO((header + rows).encode()), actor=None, now=datetime(2026, 11, 20, tzinfo=UTC)
    )
    assert [(e["line"], e["field"]) for e in result.errors] == [(2, "occurred_at")]
    assert "does not exist" in result.errors[0]["message"]
    assert Contact.objects.count() == 0  # all or nothing


@pytest.mark.parametrize(
    ("path", "payload", "words"),
    [
        ("/contacts", {"channel": "phone", "occurred_at": "yesterday"}, "YYYY-MM-DDTHH:MM:SS"),
        ("/complaints", {"reference": "D-1", "summary": "x", "received_on": "10/03/2026"}, "YYYY-MM-DD"),
    ],
)
def test_dates_every_date_error_states_the_expected_format(api, customer, path, payload, words):
    response = api.post(path, {"customer": customer["id"], **payload})
    assert response.status_code == 422
    assert words in response.json()["error"]["message"], response.content


def test_dates_an_action_date_error_states_the_expected_format(wh_case):
    officer, cid, _ = wh_case
    response = officer.post(f"/cases/{cid}/actions", {"action": "record_discussion", "channel": "phone", "on": "2/10"})
    assert response.status_code == 422 and "YYYY-MM-DD" in response.json()["error"]["message"]

"""The gate through the API: guidance on every contact, breaches stored and notified, dry runs store nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from faircontact.cases.models import Breach
from faircontact.core.models import Notification
from faircontact.gate.models import ReadingItem
from faircontact.records.models import Contact

from .test_workflow import NEEDS, act, approval


@pytest.fixture
def written_only(use_profile, make_user, api_for, settings):
    """A DWP customer registered on one complaint, written contact only, with a SPOC and deputy."""
    settings.FAIRCONTACT_TODAY = "2026-11-25"
    use_profile("dwp")
    officer, dsm, spoc, deputy = (api_for(make_user(r)) for r in ("officer", "decision_maker", "officer", "officer"))
    customer = officer.post("/customers", {"reference": "G-1", "name": "Gale Gate"}).json()
    registered = officer.post(
        "/complaints",
        {
            "customer": customer["id"],
            "reference": "G-C1",
            "summary": "Universal Credit overpayment recovery for the 2024 assessment period",
            "final_response_on": "2026-09-01",
        },
    ).json()
    cid = officer.post(
        "/cases",
        {"customer": customer["id"], "grounds": ["upcc"], "complaints": [registered["id"]], "on": "2026-10-01"},
    ).json()["id"]
    act(officer, cid, "initial_warning", channel="letter", on="2026-10-01")  # before written-only (003 Annex C)
    act(officer, cid, "consider_needs", on="2026-10-01", **NEEDS)
    act(officer, cid, "refer", on="2026-10-02", **approval(officer))
    act(
        dsm,
        cid,
        "decide",
        outcome="register",
        reasons="UPC",
        on="2026-10-05",
        protocol={
            "channels_allowed": ["letter", "email"],
            "spoc": str(spoc.user.pk),
            "spoc_deputy": str(deputy.user.pk),
        },
    )
    act(officer, cid, "notify", channel="letter", on="2026-10-06")
    return {
        "officer": officer,
        "spoc": spoc,
        "deputy": deputy,
        "customer": customer,
        "registered": registered,
        "case": cid,
    }


def _contact(g, **fields):
    return {"customer": g["customer"]["id"], "occurred_at": "2026-11-24T10:15:00+00:00", **fields}


def test_phone_call_is_remind_and_end_and_the_breach_reaches_the_case_owner(written_only):
    g = written_only
    response = g["officer"].post("/contacts", _contact(g, channel="phone", subject="Ringing again"))
    assert response.status_code == 201, response.content
    guidance = response.json()["guidance"]
    assert guidance["handling"] == "remind_and_end" and guidance["breach"] is True
    assert "I can't add anything to what I have already said to you" in guidance["script"]
    assert any("6 October 2026" in r for r in guidance["reasons"])
    breach = Breach.objects.get()
    assert str(breach.case_id) == g["case"] and str(breach.contact_id) == response.json()["id"]
    assert Notification.objects.filter(user=g["officer"].user, kind="breach").count() == 1
    chronology = g["officer"].get(f"/customers/{g['customer']['id']}/chronology").json()["items"]
    assert "breach" in [e["kind"] for e in chronology]


def test_gate_dry_run_stores_nothing(written_only):
    g = written_only
    before = (Contact.objects.count(), Breach.objects.count(), Notification.objects.count())
    guidance = g["officer"].post("/gate", _contact(g, channel="visit")).json()
    assert guidance["handling"] == "remind_and_end" and guidance["breach"]
    assert (Contact.objects.count(), Breach.objects.count(), Notification.objects.count()) == before


def test_letter_about_registered_complaint_is_acknowledge_only_and_goes_to_the_reading_queue(written_only):
    g = written_only
    body = g["officer"].post("/contacts", _contact(g, channel="letter", complaint=g["registered"]["id"])).json()
    assert body["guidance"]["handling"] == "acknowledge_only" and not body["breach"]
    assert ReadingItem.objects.get().contact_id == int(body["id"])


def test_permitted_contact_is_routed_to_the_spoc_or_deputy_when_away(written_only):
    g = written_only
    first = g["officer"].post("/gate", _contact(g, channel="email", subject="A question")).json()
    assert first["handling"] == "route_to_spoc" and first["spoc"]["id"] == str(g["spoc"].user.pk)
    g["spoc"].client.put(
        f"/api/v1/staff/{g['spoc'].user.pk}/absence",
        {"absent_from": "2026-11-23", "absent_until": "2026-11-27"},
        content_type="application/json",
    )
    second = g["officer"].post("/gate", _contact(g, channel="email", subject="A question")).json()
    assert second["spoc"] == {"id": str(g["deputy"].user.pk), "name": g["deputy"].user.display_name, "deputy": True}


@pytest.mark.parametrize(
    "fields", [{"urgent": True}, {"health_and_safety": True}, {"request_type": "sar"}, {"new_issue": True}]
)
def test_urgent_safety_requests_and_new_issues_are_never_refused(written_only, fields):
    g = written_only
    guidance = g["officer"].post("/gate", _contact(g, channel="phone", **fields)).json()
    assert guidance["handling"] in ("handle_normally", "new_complaint") and not guidance["breach"]


def test_same_issue_is_suggested_from_the_text(written_only):
    g = written_only
    guidance = (
        g["officer"]
        .post("/gate", _contact(g, channel="letter", body="About the universal credit overpayment recovery again"))
        .json()
    )
    assert guidance["same_issue"]["complaint"] == g["registered"]["id"]
    assert "overpayment" in guidance["same_issue"]["shared_terms"]


def test_gate_queries_do_not_grow_with_history(written_only):
    g = written_only

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert g["officer"].post("/gate", _contact(g, channel="phone")).status_code == 200
        return len(queries)

    small = count_queries()
    Contact.objects.bulk_create(
        [
            Contact(
                customer_id=int(g["customer"]["id"]),
                channel="letter",
                occurred_at="2026-01-01T10:00:00Z",
                complaint_id=int(g["registered"]["id"]),
            )
            for _ in range(300)
        ]
    )
    assert count_queries() == small


def test_a_new_issue_logged_from_a_restricted_customer_keeps_the_new_complaint_guidance(written_only):
    g = written_only
    body = g["officer"].post("/contacts", _contact(g, channel="phone", new_issue=True, subject="Broken lift")).json()
    assert body["guidance"]["handling"] == "new_complaint" and body["breach"] is False


def test_threatening_words_are_flagged_for_the_officer_to_confirm(written_only):
    g = written_only
    guidance = (
        g["officer"]
        .post(
            "/gate",
            _contact(g, channel="letter", body="If you don't sort this out I will come down there and hurt you."),
        )
        .json()
    )
    assert "possible_abuse" in guidance["flags"]
    assert any("for you to confirm" in reason for reason in guidance["reasons"])
    calm = g["officer"].post("/gate", _contact(g, channel="letter", body="Please could you send me the form.")).json()
    assert "possible_abuse" not in calm["flags"]


def test_a_group_sentence_flagged_is_explained_without_naming_the_group(written_only):
    """The officer sees why (a sentence about a group scored as hostile), never the customer's words for a faith."""
    g = written_only
    guidance = g["officer"].post("/gate", _contact(g, channel="letter", body="Muslims are terrorists.")).json()
    assert "possible_abuse" in guidance["flags"]
    why = [reason for reason in guidance["reasons"] if "for you to confirm" in reason]
    assert why and "group of people" in why[0] and "muslim" not in why[0].lower()
    calm = "My Muslim neighbour was harassed in the street last week."
    assert "possible_abuse" not in g["officer"].post("/gate", _contact(g, channel="letter", body=calm)).json()["flags"]

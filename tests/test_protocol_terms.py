"""Restrictions real policies use (issue 20): call limits, witnessed meetings, filing without reply, and no
field ever dropped silently — an unknown key in a case action or protocol is a 422 naming it."""

from __future__ import annotations

import pytest

from faircontact.cases.models import Breach, CaseAction, Protocol
from faircontact.gate.models import ReadingItem

from .test_workflow import NEEDS, act

TERMS = {
    "channels_allowed": ["letter", "email", "phone", "visit"],
    "call_limits": {"calls_per_week": 1, "max_minutes": 20},
    "meetings_witnessed": True,
    "ends_on": "2027-07-03",  # 000 §8.3: when the restriction ends
}


@pytest.fixture
def wh_case(use_profile, make_user, api_for, settings):
    """A Wolverhampton Homes case referred for a decision, with complaint C1 about the same matter."""
    settings.FAIRCONTACT_TODAY = "2026-08-20"
    use_profile("wolverhampton-homes")
    officer, manager, hos = (api_for(make_user(r)) for r in ("officer", "manager", "decision_maker"))
    customer = officer.post("/customers", {"reference": "T-1", "name": "Terry Terms"}).json()
    complaint = officer.post(
        "/complaints", {"customer": customer["id"], "reference": "T-C1", "summary": "Damp in the bedroom"}
    ).json()
    cid = officer.post(
        "/cases", {"customer": customer["id"], "grounds": ["persistent"], "complaints": [complaint["id"]]}
    ).json()["id"]
    act(officer, cid, "record_discussion", channel="phone", on="2026-07-01")
    act(officer, cid, "consider_needs", on="2026-07-01", **NEEDS)
    act(manager, cid, "assess", conclusion="unacceptable", findings="Daily calls", on="2026-07-02")
    act(manager, cid, "refer", on="2026-07-02")
    return {"officer": officer, "hos": hos, "customer": customer, "complaint": complaint, "case": cid}


def _decide_and_tell(c, **terms):
    protocol = dict(TERMS, file_without_reply_complaints=[c["complaint"]["id"]], **terms)
    act(c["hos"], c["case"], "decide", outcome="restrict", reasons="Daily calls", protocol=protocol, on="2026-07-03")
    return act(c["officer"], c["case"], "notify", channel="letter", on="2026-07-06")


def _counts():
    return CaseAction.objects.count(), Protocol.objects.count()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"protocol": {"max_call_minutes": 20}}, "protocol.max_call_minutes"),
        ({"protocol": {"meetings_with_witness_only": True}}, "protocol.meetings_with_witness_only"),
        ({"protocol": {"call_limits": {"calls_per_week": 1, "minutes": 20}}}, "protocol.call_limits.minutes"),
        ({"protocol": {"times": [{"channel": "phone", "from": "09:00", "to": "10:00", "weekday": "mon"}]}},
         "protocol.times.0.weekday"),
        ({"max_calls_per_week": 2}, "max_calls_per_week"),
    ],
)  # fmt: skip
def test_an_unknown_key_is_refused_naming_it_and_nothing_is_written(wh_case, payload, field):
    before = _counts()
    response = wh_case["hos"].post(
        f"/cases/{wh_case['case']}/actions",
        {"action": "decide", "outcome": "restrict", "reasons": "x", **payload, "protocol": payload.get("protocol", {})},
    )
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["field"] == field and field in error["message"]
    assert _counts() == before


def test_the_service_refuses_an_unknown_protocol_key_too(wh_case):
    """The web forms and the importer call the service directly: it names the key as well."""
    from datetime import date

    from faircontact.cases.models import Case
    from faircontact.cases.services import case_act
    from faircontact.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        case_act(
            actor=wh_case["hos"].user,
            case=Case.objects.get(pk=wh_case["case"]),
            data={"action": "decide", "outcome": "restrict", "reasons": "x", "protocol": {"max_call_minutes": 5}},
            today=date(2026, 8, 20),
        )
    assert refused.value.field == "protocol.max_call_minutes"


def test_the_terms_are_on_record_and_in_the_decision_letter(wh_case):
    told = _decide_and_tell(wh_case)
    protocol = wh_case["officer"].get(f"/cases/{wh_case['case']}/protocol").json()
    assert protocol["call_limits"] == {"calls_per_week": 1, "max_minutes": 20}
    assert protocol["meetings_witnessed"] is True
    assert protocol["file_without_reply_complaints"] == [wh_case["complaint"]["id"]]
    assert told["state"] == "restricted"
    letter = wh_case["hos"].post("/letters", {"kind": "decision", "case": wh_case["case"]})
    assert letter.status_code == 201, letter.content
    text = letter.json()["text"]
    assert "You may telephone us once a week (Monday to Sunday); each call may last up to 20 minutes." in text
    assert "Any meeting or visit will take place with a second member of staff present." in text
    assert "will be read and placed on file, but we will not acknowledge or reply to them" in text


def _call(c, when, **fields):
    body = {"customer": c["customer"]["id"], "channel": "phone", "occurred_at": when, **fields}
    response = c["officer"].post("/contacts", body)
    assert response.status_code == 201, response.content
    return response.json()["guidance"]


def test_one_call_a_week_monday_to_sunday_in_london_time(wh_case):
    _decide_and_tell(wh_case)
    first = _call(wh_case, "2026-08-10T09:00:00+01:00")  # Monday
    assert first["handling"] == "handle_normally" and not first["breach"]
    assert any("up to 20 minutes" in r and "Call 1 of the 1 allowed" in r for r in first["reasons"])
    second = _call(wh_case, "2026-08-16T23:30:00+01:00")  # Sunday night, same week
    assert second["handling"] == "remind_and_end" and second["breach"] is True
    assert second["script"].startswith("We have already explained the arrangements")
    assert any("allow 1 call a week" in r and "(000 §6.3)" in r for r in second["reasons"])
    # 00:30 on Monday in London is still Sunday in UTC: a new week all the same
    third = _call(wh_case, "2026-08-17T00:30:00+01:00")
    assert not third["breach"]
    assert Breach.objects.count() == 1
    # outbound calls and calls before the week do not count
    assert not _call(wh_case, "2026-08-18T10:00:00+01:00", direction="outbound")["breach"]


def test_a_visit_is_guided_to_a_second_officer(wh_case):
    _decide_and_tell(wh_case)
    guidance = _call(wh_case, "2026-08-11T10:00:00+01:00", channel="visit")
    assert any("second officer present" in r for r in guidance["reasons"])


def test_correspondence_filed_without_reply_is_read_never_acknowledged(wh_case):
    _decide_and_tell(wh_case)
    c = wh_case
    response = c["officer"].post(
        "/contacts",
        {
            "customer": c["customer"]["id"],
            "channel": "letter",
            "complaint": c["complaint"]["id"],
            "occurred_at": "2026-08-12T10:00:00+01:00",
            "subject": "Damp again",
        },
    )
    guidance = response.json()["guidance"]
    assert guidance["handling"] == "file_without_reply" and not guidance["breach"]
    assert any("new evidence, worsening conditions or a linked issue" in r for r in guidance["reasons"])
    item = ReadingItem.objects.get(contact_id=response.json()["id"])
    assert item.file_only
    queue = c["officer"].get("/reading").json()["items"]
    assert [(i["contact"], i["file_only"]) for i in queue] == [(response.json()["id"], True)]
    item_id = queue[0]["id"]
    refused = c["officer"].post(f"/reading/{item_id}", {"status": "no_new_issue"})
    assert refused.status_code == 422 and "without acknowledgement" in refused.json()["error"]["message"]
    filed = c["officer"].post(f"/reading/{item_id}", {"status": "filed"})
    assert filed.status_code == 200 and filed.json()["status"] == "filed"
    # an acknowledgement covering it cannot be sent (the completeness check before issuing)
    from types import SimpleNamespace

    from faircontact.letters.completeness import _acknowledgement_problems
    from faircontact.records.models import Contact

    covered = Contact.objects.filter(pk=response.json()["id"])
    letter = SimpleNamespace(pk=1, covers=SimpleNamespace(all=lambda: list(covered)))
    problems = _acknowledgement_problems(letter)
    assert problems == [f"an acknowledgement of contact {response.json()['id']}: it is placed on file without reply"]


def test_call_limits_need_the_telephone(wh_case):
    response = wh_case["hos"].post(
        f"/cases/{wh_case['case']}/actions",
        {
            "action": "decide",
            "outcome": "restrict",
            "reasons": "x",
            "protocol": {"channels_allowed": ["letter"], "call_limits": {"calls_per_week": 2}},
        },
    )
    assert response.status_code == 422 and response.json()["error"]["field"] == "protocol.call_limits"


def test_the_web_forms_set_the_new_terms_and_the_customers_language(wh_case, client, settings):
    """The staff pages offer what the API does: call limits, witnessed meetings, filing without reply, language."""
    from django.urls import reverse

    from faircontact.cases.models import Case
    from faircontact.records.models import Customer

    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []
    c = wh_case
    case = Case.objects.get(pk=c["case"])
    client.force_login(c["hos"].user)
    form = client.get(reverse("web:case-action", args=[case.pk, "decide"])).content.decode()
    assert "Most calls a week (Monday to Sunday)" in form and "Complaints whose correspondence is filed" in form
    response = client.post(
        reverse("web:case-action", args=[case.pk, "decide"]),
        {
            "on_day": 3,
            "on_month": 7,
            "on_year": 2026,
            "outcome": "restrict",
            "reasons": "Daily calls",
            "protocol-channels_allowed": ["letter", "email", "phone"],
            "protocol-calls_per_week": "2",
            "protocol-call_max_minutes": "15",
            "protocol-meetings_witnessed": "on",
            "protocol-file_without_reply_complaints": [c["complaint"]["id"]],
            # 000 §8.3: when the restriction ends
            "protocol-ends_on_day": "3",
            "protocol-ends_on_month": "7",
            "protocol-ends_on_year": "2027",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    protocol = Protocol.objects.get(case=case)
    assert protocol.call_limits == {"calls_per_week": 2, "max_minutes": 15} and protocol.meetings_witnessed
    assert [str(pk) for pk in protocol.file_without_reply_complaints.values_list("pk", flat=True)] == [
        c["complaint"]["id"]
    ]
    customer = Customer.objects.get(pk=c["customer"]["id"])
    edited = client.post(
        reverse("web:customer-edit", args=[customer.pk]),
        {"reference": customer.reference, "name": customer.name, "preferred_format": "standard", "language": "cy"},
    )
    assert edited.status_code == 302
    customer.refresh_from_db()
    assert customer.language == "cy"
    page = client.get(reverse("web:customer", args=[customer.pk])).content.decode()
    assert 'Language for letters</dt><dd class="govuk-summary-list__value">Welsh</dd>' in page


def test_every_missing_term_is_named_at_once_in_plain_words(wh_case, make_user):
    """Issue 17 §8: the protocol's missing terms in one message (times for the single point of contact, 000 §6.3,
    and when it ends, 000 §8.3), without field codes such as '(ends_on)'."""
    spoc = make_user("officer")
    response = wh_case["hos"].post(
        f"/cases/{wh_case['case']}/actions",
        {
            "action": "decide",
            "outcome": "restrict",
            "reasons": "x",
            "protocol": {"channels_allowed": ["letter"], "spoc": str(spoc.pk)},
        },
    )
    error = response.json()["error"]
    assert response.status_code == 422 and error["field"] == "protocol.ends_on"
    assert error["message"] == (
        "The protocol must state when the restrictions end, or the review date that ends them (000 §8.3) and the "
        "times agreed with the customer for contact with the single point of contact (000 §6.3)."
    )

"""Text analysis, offline: possible abuse with its trigger words, and same issue or new."""

from __future__ import annotations

import pytest

from faircontact.gate.similarity import same_issue
from faircontact.indicators.abuse import possible_abuse
from faircontact.records.models import Complaint, Contact, Customer

COMPLAINTS = [
    (1, "Boiler not repaired after three visits; no heating or hot water"),
    (2, "Damp and black mould in the children's bedroom"),
    (3, "Dispute over rent arrears and charges on the rent account"),
]


@pytest.mark.parametrize(
    ("text", "category", "trigger"),
    [
        ("Sort the boiler or I will kill you.", "threatening", "i will kill you"),
        ("I know where you live.", "threatening", "know where you live"),
        ("I will keep ringing you every day until you give in.", "harassment", "i will keep ringing you"),
        ("Go back to your own country.", "discriminatory", "go back to your own"),
        ("You are a useless fucking idiot.", "abusive", "fucking"),
        ("I'll bring a knife next time.", "threatening", "knife"),
    ],
)
def test_abusive_language_is_flagged_with_the_words_that_triggered_it(text, category, trigger):
    found = possible_abuse(text)
    assert found is not None and category in found["categories"]
    assert trigger in found["triggers"]


@pytest.mark.parametrize(
    "text",
    [
        "I will be contacting my MP and the Ombudsman about this disgraceful service.",
        "The damp is killing my children's health.",
        "I am absolutely furious, this is the fifth letter.",
        "I will keep writing until I get an answer.",
        "I'm Polish and need an interpreter.",
        "",
    ],
)
def test_strong_but_legitimate_complaints_are_not_flagged(text):
    assert possible_abuse(text) is None


def test_same_issue_finds_the_complaint_in_other_words_with_shared_terms():
    found = same_issue("The radiators are stone cold again and nobody came back.", COMPLAINTS)
    assert found["complaint"] == "1" and found["score"] >= 0.5
    assert "heating" in found["shared_terms"]
    assert same_issue("There is black mould on the wall again", COMPLAINTS)["complaint"] == "2"


def test_something_new_is_not_matched_to_an_old_complaint():
    assert same_issue("The neighbours had loud music until 4am.", COMPLAINTS) is None
    assert same_issue("", COMPLAINTS) is None
    assert same_issue("Boiler broken", []) is None


def test_the_api_checks_text_and_stored_contacts(api, use_profile):
    use_profile("wolverhampton-homes")
    checked = api.post("/text/possible-abuse", {"text": "Watch your back, you idiot."}).json()
    assert checked["flagged"] is True and "watch your back" in checked["triggers"]
    customer = Customer.objects.create(reference="T-1", name="Text Person", search_name="text person")
    complaint = Complaint.objects.create(customer=customer, reference="T-C1", summary=COMPLAINTS[1][1])
    contact = Contact.objects.create(
        customer=customer,
        occurred_at="2026-11-01T09:00:00Z",
        channel="email",
        subject="Mould",
        body="The mould is back on the bedroom wall.",
    )
    analysis = api.get(f"/contacts/{contact.pk}/text-analysis").json()
    assert analysis["possible_abuse"]["flagged"] is False
    assert analysis["same_issue"]["complaint"] == str(complaint.pk)

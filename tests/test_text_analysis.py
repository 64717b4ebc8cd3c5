"""Text analysis, offline: possible abuse with its trigger words, and same issue or new."""

from __future__ import annotations

import pytest

from faircontact.gate.similarity import same_issue
from faircontact.indicators import abuse_model
from faircontact.indicators.abuse import lexicon_hits, possible_abuse, profanity_probabilities
from faircontact.indicators.abuse_text import forms, normalise
from faircontact.records.models import Complaint, Contact, Customer

COMPLAINTS = [
    (1, "Boiler not repaired after three visits; no heating or hot water"),
    (2, "Damp and black mould in the children's bedroom"),
    (3, "Dispute over rent arrears and charges on the rent account"),
]


@pytest.mark.parametrize(
    ("text", "category", "trigger"),
    [
        ("Sort the boiler or I will kill you.", "threatening", "kill you"),
        ("I know where you live.", "harassment", "i know where you live"),
        ("I will keep ringing you every day until you give in.", "harassment", "i will keep ringing you"),
        ("Go back to your own country.", "discriminatory", "go back to your own"),
        ("You are a useless fucking idiot.", "abusive", "fucking"),
        ("I'll bring a knife next time.", "threatening", "bring a knife"),
        # wordings no list of phrases anticipated: the structure carries them
        ("I'll wring your scrawny neck.", "threatening", "wring your scrawny neck"),
        ("Caller said he would smash the officer's face in.", "threatening", "smash the officer's face"),
        ("Customer threatened to set fire to the housing office.", "threatening", "set fire to"),
        ("Don't be surprised if your car gets scratched.", "threatening", "do not be surprised if your"),
        ("If this carries on your staff will regret it.", "threatening", "your staff will regret it"),
        ("I know what time you finish work.", "harassment", "i know what time you finish"),
        ("What are you wearing today sweetheart?", "harassment", "what are you wearing"),
        ("These immigrants get houses before us.", "discriminatory", "immigrants get houses before us"),
        ("Send me someone who was born here.", "discriminatory", "someone who was born here"),
        ("You snivelling weasel.", "abusive", "you snivelling weasel"),
        ("Sh1t service from a bunch of tw@ts.", "abusive", "twats"),
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
        # someone else's threat reported by the customer, who is the victim
        "My neighbour said he would kill my dog if it barked again, I am scared.",
        "Customer reported that her neighbour threatened to kill her.",
        "The man next door keeps following me to the bus stop.",
        # a hazard, a need, a weapon in its ordinary place, figurative or legal wording
        "You'll need to fix the stairs before someone gets hurt.",
        "As a gay man I don't feel safe on this estate.",
        "The knife drawer was broken by your fitters.",
        "I could murder a cup of tea after the day I've had.",
        "If this isn't fixed you'll be hearing from my solicitor.",
        "I will be outside your office at nine for the appointment.",
        "Bloody hell, another missed appointment.",
        # ordinary requests (the learned model must not flag everyday wording)
        "Please call me back after 3pm.",
        "The lift has been broken for a week and my mum cannot get out.",
        "My daughter will be at the appointment with me.",
        "The bins have not been collected for three weeks and the smell is awful.",
    ],
)
def test_strong_but_legitimate_complaints_are_not_flagged(text):
    assert possible_abuse(text) is None


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("People who cross me tend to get hurt.", "get hurt"),
        ("Nobody would miss a council officer or two.", "would miss"),
        ("Think about your family before you refuse me again.", "your family"),
    ],
)
def test_the_learned_model_flags_wordings_the_rules_miss_with_the_words_that_weighed_most(text, trigger):
    assert not lexicon_hits(text)
    found = possible_abuse(text)
    assert found is not None and found["categories"] == ["abusive"]
    assert trigger in found["triggers"] and found["score"] >= abuse_model.THRESHOLD


def test_a_threat_in_a_long_ordinary_letter_is_not_diluted_by_the_rest():
    ordinary = (
        "Dear Sir or Madam, I am writing about my rent account. I have attached my bank statements. "
        "The repairs to the kitchen are still not done. My daughter will be at the appointment with me. "
        "Please call me back after 3pm. "
    )
    assert possible_abuse(ordinary) is None
    assert possible_abuse(ordinary + "People who cross me tend to get hurt.") is not None


def test_the_learned_model_is_fitted_once_deterministically_and_leaves_a_set_out_on_request():
    assert abuse_model.trained() is abuse_model.trained()
    text = "Think about your family before you refuse me again."
    assert abuse_model.score(abuse_model.fit(abuse_model.corpus()), text) == abuse_model.score(
        abuse_model.trained(), text
    )
    first_abusive, _ = abuse_model.SETS["first"]
    assert len(abuse_model.corpus(exclude=["first"])) == len(abuse_model.corpus()) - len(first_abusive) - len(
        abuse_model.SETS["first"][1]
    )
    assert first_abusive[0] not in {text for text, _ in abuse_model.corpus(exclude=["first"])}


def test_the_profanity_model_read_directly_gives_the_packages_own_probabilities():
    from profanity_check import predict_prob

    texts = ["You absolute moron.", "The boiler is still broken.", "go to hell", "thank you", "idiot", "f*** off"]
    expected = predict_prob(texts)
    assert max(abs(profanity_probabilities(texts) - expected)) < 1e-12
    assert expected[0] > 0.8 > expected[1]  # the comparison covers both sides of the threshold


def test_hidden_swearing_and_contractions_are_normalised_before_the_rules():
    assert normalise("You f***ing muppets, I'll get u") == "you fucking muppets, i will get you"
    assert normalise("Fuuuuck off, b*stard, sh1t, f.u.c.k") == "fuck off, bastard, shit, fuck"
    assert normalise("Reference 4471 at 10am") == "reference 4471 at 10am"
    assert {"stabbed", "stabbing", "stabs"} <= set(forms("stab").split("|"))
    assert {"broke", "broken", "breaking"} <= set(forms("break").split("|"))


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

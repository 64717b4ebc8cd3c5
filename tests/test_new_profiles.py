"""The two new profiles (issue 20) run the whole ladder through the API: a Scottish council (SPSO model
Unacceptable Actions Policy) and a Welsh housing association (the PSOW's published casework on contact
restrictions), decision letter PDF included, with Welsh letters for a customer whose language is Welsh."""

from __future__ import annotations

from datetime import date

import pytest

from faircontact.cases.models import Case

from .test_letters_pdf import pdf_text
from .test_workflow import NEEDS, act

REASONS = "Forty calls in two weeks to several officers, after a warning in writing."


def _ladder(slug, use_profile, make_user, api_for, *, language="en"):
    profile = use_profile(slug)
    staff = {r: api_for(make_user(r, name=f"{r.title()} Person")) for r in ("officer", "manager", "decision_maker")}
    staff["director"] = api_for(make_user("director", name="Dana Director"))
    officer = staff["officer"]
    customer = officer.post(
        "/customers",
        {"reference": f"{slug}-1", "name": "Morgan Caller", "address": "1 High Street", "language": language},
    ).json()
    cid = officer.post("/cases", {"customer": customer["id"], "grounds": ["persistent"], "on": "2026-11-20"}).json()
    cid = cid["id"]
    act(officer, cid, "record_discussion", channel="phone", on="2026-11-23")
    act(staff["manager"], cid, "initial_warning", channel="letter", behaviour=[], on="2026-11-24")
    act(officer, cid, "consider_needs", on="2026-11-25", **NEEDS)
    referred = act(staff["manager"], cid, "refer", on="2026-11-27")
    decided = act(
        staff["decision_maker"],
        cid,
        "decide",
        outcome="restrict",
        reasons=REASONS,
        protocol={
            "channels_allowed": ["letter", "email", "phone"],
            "call_limits": {"calls_per_week": 1, "max_minutes": 20},
        },
        on="2026-12-01",
    )
    assert decided["state"] == "decided"
    letter = staff["manager"].post("/letters", {"kind": "decision", "case": cid})
    assert letter.status_code == 201, letter.content
    letter = letter.json()
    assert letter["missing"] == [], letter["missing"]
    sent = staff["manager"].post(f"/letters/{letter['id']}/issue", {"channel": "letter", "on": "2026-12-01"})
    assert sent.status_code == 200, sent.content
    pdf = staff["manager"].get(f"/letters/{letter['id']}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    return profile, staff, customer, cid, referred, sent.json(), pdf_text(pdf.content)


@pytest.fixture
def ladder(use_profile, make_user, api_for, settings):
    settings.FAIRCONTACT_TODAY = "2026-12-01"

    def run(slug, **kwargs):
        return _ladder(slug, use_profile, make_user, api_for, **kwargs)

    return run


def test_a_scottish_council_on_the_spso_model_policy(ladder, settings):
    profile, staff, customer, cid, referred, letter, pdf = ladder("strathmore-council")
    # 10 working days from Fri 27 Nov skip St Andrew's Day (Mon 30 Nov): Scotland's calendar
    assert referred["decision_due_on"] == "2026-12-14"
    assert referred["deadline_calendar"] == ("working days in Scotland, bank holidays and 3 closure days excluded")
    assert "Our decision to restrict your contact with the council" in pdf
    assert "this is: unreasonable levels of contact." in letter["text"]  # the SPSO model's words for the ground
    assert "You may telephone us once a week" in pdf
    # 20 working days from 1 Dec: Christmas, Boxing Day substitute, three closure days and 1 and 4 Jan skipped
    assert "by 7 January 2027" in letter["text"] and "Scottish Public Services Ombudsman (SPSO)" in pdf
    case = Case.objects.get(pk=cid)
    assert (case.state, case.review_due_on) == ("restricted", date(2027, 6, 1))
    # review, then an appeal lodged in time and decided by a Head of Service not involved
    settings.FAIRCONTACT_TODAY = "2027-06-10"
    act(staff["decision_maker"], cid, "review", outcome="continue", reasons="Calls continue", on="2027-06-01")
    late = act(staff["officer"], cid, "appeal", expect=409, grounds="Unfair", received_on="2027-06-02")
    assert late["error"]["code"] == "appeal_out_of_time"
    appealed = act(
        staff["officer"], cid, "appeal", grounds="Unfair", received_on="2027-06-02", late_reasons="Letter went astray"
    )
    assert appealed["appeal_due_on"] == "2027-06-30"  # 20 working days
    outcome = act(staff["director"], cid, "decide_appeal", outcome="dismissed", reasons="Proportionate")
    assert outcome["state"] == "restricted"
    # [letters.send_roles]: the Head of Service who decided the appeal sends its outcome; a Team Leader may not
    made = staff["director"].post("/letters", {"kind": "appeal_outcome", "case": cid})
    assert made.status_code == 201 and made.json()["missing"] == [], made.content
    refused = staff["manager"].post(f"/letters/{made.json()['id']}/issue", {"channel": "letter", "on": "2027-06-10"})
    assert refused.status_code == 409
    assert refused.json()["error"]["message"] == "Only a Head of Service may send appeal outcome letters."
    sent = staff["director"].post(f"/letters/{made.json()['id']}/issue", {"channel": "letter", "on": "2027-06-10"})
    assert sent.status_code == 200 and sent.json()["status"] == "issued", sent.content
    # and may not send the letters the profile gives to others
    warning = staff["director"].post("/letters", {"kind": "initial_warning", "case": cid}).json()
    refused = staff["director"].post(f"/letters/{warning['id']}/issue", {"channel": "letter", "on": "2027-06-10"})
    assert refused.json()["error"]["message"] == (
        "Only a Customer Services Officer or Team Leader or Senior Manager may send initial warning letters."
    )


def test_a_welsh_housing_association_writes_in_welsh(ladder, settings):
    """A customer whose language is Welsh gets every letter Tai Tywi sends in Welsh: its templates, the phrases
    the product fills in (restrictions, dates, days, duration, outcomes) and the association's own words
    ([languages.cy]: roles, grounds, policy title, ombudsman), in the letter's frame too."""
    import re

    profile, staff, customer, cid, referred, letter, pdf = ladder("tai-tywi", language="cy")
    assert referred["decision_due_on"] == "2026-12-11"  # England and Wales: no St Andrew's Day
    assert letter["language"] == "cy" and letter["language_note"] == ""
    assert "Ein penderfyniad i gyfyngu ar eich cyswllt â ni" in pdf
    assert "Ombwdsmon Gwasanaethau Cyhoeddus Cymru" in pdf and "Public Services Ombudsman" not in pdf
    assert "O dan ein polisi: cyswllt afresymol o barhaus." in letter["text"]
    assert (
        "Cewch ein ffonio unwaith yr wythnos (o ddydd Llun i ddydd Sul); gall pob galwad bara hyd at 20 munud."
        in (letter["text"])
    )
    assert "Maent yn berthnasol o dyddiad y llythyr hwn nes i ni eu hadolygu" in letter["text"]
    assert "1 Mehefin 2027" in letter["text"]  # the review date, in Welsh
    assert "Dyddiad: 1 Rhagfyr 2026" in pdf and "Annwyl Morgan Caller" in pdf and "Yn gywir" in pdf
    assert "Pennaeth Tai" in pdf  # who decided, in the association's Welsh words
    assert not re.search(r"\b(?:January|June|December|Monday|You may|They apply|Dear|Yours sincerely)\b", pdf)
    # the appeal letters: acknowledgement and outcome in Welsh, no note
    settings.FAIRCONTACT_TODAY = "2026-12-10"
    act(staff["officer"], cid, "appeal", grounds="Unfair", received_on="2026-12-02")
    ack = staff["manager"].post("/letters", {"kind": "appeal_acknowledgement", "case": cid}).json()
    assert (ack["language"], ack["language_note"], ack["missing"]) == ("cy", "", [])
    assert "Cawsom eich apêl yn erbyn y cyfyngiad ar eich cyswllt ar 2 Rhagfyr 2026." in ack["text"]
    act(staff["director"], cid, "decide_appeal", outcome="dismissed", reasons="Cymesur", on="2026-12-09")
    outcome = staff["director"].post("/letters", {"kind": "appeal_outcome", "case": cid}).json()
    assert (outcome["language"], outcome["missing"]) == ("cy", [])
    assert "nid yw eich apêl wedi'i chadarnhau ac mae'r trefniadau'n parhau" in outcome["text"]
    assert "(Cyfarwyddwr)" in outcome["text"]
    warning = staff["manager"].post("/letters", {"kind": "initial_warning", "case": cid}).json()
    assert warning["language"] == "cy" and "Y ffordd rydych wedi bod yn cysylltu â ni" in warning["text"]


def test_a_letter_with_no_template_in_the_customers_language_is_drafted_in_english_and_says_so(ladder):
    """Strathmore Council has no Welsh templates: a Welsh-speaking customer's letter says it is in English."""
    *_, letter, pdf = ladder("strathmore-council", language="cy")
    assert letter["language"] == "en"
    assert letter["language_note"] == (
        "Strathmore Council has no Welsh template for decision and communication protocol letters: drafted in English."
    )
    assert "Our decision to restrict your contact" in pdf


def test_an_english_speaking_customer_of_the_welsh_association_gets_english(ladder):
    *_, letter, pdf = ladder("tai-tywi")
    assert letter["language"] == "en" and "Our decision to restrict your contact" in pdf

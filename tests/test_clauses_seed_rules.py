"""Each seed organisation's own rules (issue 15), applied from its profile; each test is named after its clause.

Every refusal is checked to change nothing (``_refused`` compares the case, its actions, protocols and the audit
trail before and after) and to name the clause of the active profile.
"""

from __future__ import annotations

from datetime import date

import pytest

from faircontact.cases.models import Case, Protocol
from faircontact.records.models import Contact

from .test_workflow import NEEDS, _refused, act, approval, with_terms


@pytest.fixture
def staff(use_profile, make_user, api_for):
    def build(slug):
        use_profile(slug)
        team = {"officer": api_for(make_user("officer")), "manager": api_for(make_user("manager"))}
        for role in ("decision_maker", "director", "chief_executive", "monitoring_officer"):
            team[role] = api_for(make_user(role))
        team["manager2"] = api_for(make_user("manager"))
        customer = team["officer"].post("/customers", {"reference": "K-1", "name": "Kim Caller"}).json()
        final = (
            team["officer"]
            .post(
                "/complaints",
                {"customer": customer["id"], "reference": "K-C1", "summary": "Rent", "final_response_on": "2026-01-02"},
            )
            .json()
        )
        case = (
            team["officer"]
            .post(
                "/cases",
                {"customer": customer["id"], "grounds": ["upcc"], "complaints": [final["id"]], "on": "2026-01-05"},
            )
            .json()
        )
        team.update(case=case["id"], customer=customer, complaint=final)
        return team

    return build


def _hs_referred(t):
    """Housing Solutions up to the Head of Service's decision."""
    cid = t["case"]
    act(t["officer"], cid, "initial_warning", channel="phone", on="2026-01-06")
    act(t["manager"], cid, "formal_warning", channel="letter", on="2026-01-08")
    act(t["manager"], cid, "consider_needs", on="2026-01-09", **NEEDS)
    act(t["manager"], cid, "assess", conclusion="unacceptable", findings="Daily abusive calls", on="2026-01-10")
    act(t["manager"], cid, "refer", on="2026-01-12")
    return cid


HS_PROTOCOL = {
    "channels_allowed": ["letter", "email", "phone"],
    "frequency": "A call from the named officer every Tuesday",
    "appointment_only": True,
}


# --- Housing Solutions (001) ----------------------------------------------------------------------------------
def test_001_s6_5_2_a_formal_warning_is_written_so_one_by_phone_is_refused(staff):
    t = staff("housing-solutions")
    act(t["officer"], t["case"], "initial_warning", channel="phone", on="2026-01-06")  # 6.5.1: by phone is fine
    error = _refused(t["manager"], t["case"], "formal_warning", status=422, channel="phone", on="2026-01-08")
    assert error["field"] == "channel" and "001 §6.5.2" in error["message"] and "writing" in error["message"]
    act(t["manager"], t["case"], "formal_warning", channel="letter", on="2026-01-08")


def test_001_s6_5_3_a_not_unacceptable_assessment_stops_the_referral_until_a_new_one(staff):
    t = staff("housing-solutions")
    cid = t["case"]
    act(t["officer"], cid, "initial_warning", channel="phone", on="2026-01-06")
    act(t["manager"], cid, "formal_warning", channel="letter", on="2026-01-08")
    act(t["manager"], cid, "consider_needs", on="2026-01-09", **NEEDS)
    act(t["manager"], cid, "assess", conclusion="not_unacceptable", findings="Two calls only", on="2026-01-10")
    error = _refused(t["manager"], cid, "refer", on="2026-01-12")
    assert "not unacceptable" in error["message"] and "001 §6.5.3" in error["message"]
    act(t["manager"], cid, "assess", conclusion="unacceptable", findings="Calls resumed daily", on="2026-02-10")
    assert act(t["manager"], cid, "refer", on="2026-02-11")["state"] == "referred"


@pytest.mark.parametrize(
    ("missing", "field"),
    [("frequency", "protocol.frequency"), ("spoc", "protocol.spoc"), ("appointment_only", "protocol.appointment_only")],
)
def test_001_s6_5_4_a_protocol_states_frequency_main_contact_and_appointment_only(staff, missing, field):
    t = staff("housing-solutions")
    cid = _hs_referred(t)
    protocol = dict(HS_PROTOCOL, spoc=str(t["officer"].user.pk))
    protocol.pop(missing)
    error = _refused(
        t["decision_maker"],
        cid,
        "decide",
        status=422,
        outcome="restrict",
        reasons="x",
        protocol=protocol,
        on="2026-01-13",
    )
    assert error["field"] == field and "001 §6.5.4" in error["message"]


def test_001_s6_5_4_a_protocol_comes_into_force_only_when_the_customer_is_told_in_writing(staff):
    t = staff("housing-solutions")
    cid = _hs_referred(t)
    protocol = dict(HS_PROTOCOL, spoc=str(t["officer"].user.pk))
    decided = act(
        t["decision_maker"], cid, "decide", outcome="restrict", reasons="x", protocol=protocol, on="2026-01-13"
    )
    assert decided["protocol"]["frequency"] == HS_PROTOCOL["frequency"]
    error = _refused(t["officer"], cid, "notify", status=422, channel="phone", on="2026-01-14")
    assert error["field"] == "channel" and "001 §6.5.4" in error["message"]
    assert Protocol.objects.get(case_id=cid).status == "draft"
    assert act(t["officer"], cid, "notify", channel="letter", on="2026-01-14")["protocol"]["status"] == "in_force"


def test_001_s6_5_5_one_appeal_decided_by_a_director_then_the_complaints_route(staff):
    t = staff("housing-solutions")
    cid = _hs_referred(t)
    protocol = dict(HS_PROTOCOL, spoc=str(t["officer"].user.pk))
    act(t["decision_maker"], cid, "decide", outcome="restrict", reasons="x", protocol=protocol, on="2026-01-13")
    act(t["officer"], cid, "notify", channel="letter", on="2026-01-14")
    act(t["officer"], cid, "appeal", grounds="Too strict", on="2026-01-20")
    act(t["director"], cid, "decide_appeal", outcome="dismissed", reasons="Proportionate", on="2026-01-27")
    error = _refused(t["officer"], cid, "appeal", grounds="Still too strict", on="2026-02-01")
    assert "one appeal" in error["message"] and "complaints policy" in error["message"]
    assert "001 §6.5.5" in error["message"]


@pytest.mark.parametrize("behaviour", ["aggressive", "abusive", "threatening"])
def test_001_s6_3_5_an_aggressive_or_abusive_incident_is_saved_only_with_a_factual_account(staff, behaviour):
    t = staff("housing-solutions")
    contact = {"customer": t["customer"]["id"], "channel": "phone", "behaviour": [behaviour]}
    refused = t["officer"].post("/contacts", contact)
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "body"
    assert "001 §6.3" in refused.json()["error"]["message"] and Contact.objects.count() == 0
    account = "Shouted 'you will regret this' and slammed the counter; call ended by the officer."
    assert t["officer"].post("/contacts", dict(contact, body=account)).status_code == 201


def test_001_s6_3_5_is_profile_data_wolverhampton_does_not_require_the_account(staff):
    t = staff("wolverhampton-homes")
    response = t["officer"].post(
        "/contacts", {"customer": t["customer"]["id"], "channel": "phone", "behaviour": ["abusive"]}
    )
    assert response.status_code == 201, response.content


# --- Southwark (002) --------------------------------------------------------------------------------------------
def _sw_to_assessed(t, *, discussed: bool):
    cid = t["case"]
    if discussed:
        act(t["manager"], cid, "record_discussion", channel="phone", on="2026-01-06")
    act(t["manager"], cid, "consider_needs", on="2026-01-07", **NEEDS)
    act(t["manager"], cid, "assess", conclusion="unacceptable", findings="Chronology", on="2026-01-08")
    return cid


def test_002_s4_the_report_to_the_chief_executive_waits_for_the_cems_contact_with_the_customer(staff):
    t = staff("southwark")
    cid = _sw_to_assessed(t, discussed=False)
    error = _refused(t["manager"], cid, "refer", on="2026-01-09")
    assert "Customer experience manager explains the concern" in error["message"] and "002 §4" in error["message"]


def test_002_s4_the_review_of_habitual_status_is_the_chief_executives_decision(staff):
    t = staff("southwark")
    cid = _sw_to_assessed(t, discussed=True)
    act(t["manager"], cid, "refer", on="2026-01-09")
    decision = {"channels_allowed": ["letter"], "ends_on": "2026-07-09"}
    act(t["chief_executive"], cid, "decide", outcome="restrict", reasons="x", protocol=decision, on="2026-01-12")
    error = _refused(t["manager"], cid, "notify", status=422, channel="phone", on="2026-01-13")
    assert "002 §4" in error["message"]  # "a letter will be sent from the chief executive"
    act(t["manager"], cid, "notify", channel="letter", on="2026-01-13")
    error = _refused(t["manager"], cid, "review", status=403, outcome="end", reasons="Calmer", on="2026-07-09")
    assert "Chief Executive" in error["message"] and "002 §4" in error["message"]
    # the monitoring officer ends it only in the chief executive's recorded absence
    assert (
        "absent"
        in _refused(t["monitoring_officer"], cid, "review", outcome="end", reasons="x", on="2026-07-09")["message"]
    )
    assert (
        act(t["chief_executive"], cid, "review", outcome="end", reasons="Calmer", on="2026-07-09")["state"] == "ended"
    )


# --- DWP (003) --------------------------------------------------------------------------------------------------
def _dwp_referred(t):
    cid = t["case"]
    act(t["officer"], cid, "consider_needs", on="2026-01-06", **NEEDS)
    act(t["officer"], cid, "refer", on="2026-01-07", approved_by=str(t["manager"].user.pk))
    return cid


def test_003_s22_a_referral_to_the_dsm_has_the_line_managers_approval(staff):
    t = staff("dwp")
    cid = t["case"]
    act(t["officer"], cid, "consider_needs", on="2026-01-06", **NEEDS)
    for approver in (None, str(t["officer"].user.pk), str(t["decision_maker"].user.pk)):
        error = _refused(t["officer"], cid, "refer", status=422, on="2026-01-07", approved_by=approver)
        assert error["field"] == "approved_by" and "003 §22" in error["message"]
    # a manager referring needs another manager's approval, not their own
    error = _refused(t["manager"], cid, "refer", status=422, on="2026-01-07", approved_by=str(t["manager"].user.pk))
    assert error["field"] == "approved_by"
    referred = act(t["officer"], cid, "refer", on="2026-01-07", approved_by=str(t["manager"].user.pk))
    assert referred["actions"][-1]["details"]["approved_by"] == int(t["manager"].user.pk)


def test_003_annex_c_written_only_contact_follows_a_warning_that_the_method_may_be_limited(staff):
    t = staff("dwp")
    cid = _dwp_referred(t)
    written = {"channels_allowed": ["letter", "email"]}
    error = _refused(
        t["decision_maker"],
        cid,
        "decide",
        status=422,
        outcome="register",
        reasons="x",
        protocol=written,
        on="2026-01-08",
    )
    assert error["field"] == "protocol.channels_allowed" and "003 Annex C" in error["message"]
    # with a warning on the case first, the same protocol is accepted
    other = t["officer"].post("/cases", {"customer": t["customer"]["id"], "grounds": ["upcc"], "on": "2026-01-05"})
    oid = other.json()["id"]
    Case.objects.get(pk=oid).complaints.add(t["complaint"]["id"])
    act(t["officer"], oid, "initial_warning", channel="letter", on="2026-01-05")
    act(t["officer"], oid, "consider_needs", on="2026-01-06", **NEEDS)
    act(t["officer"], oid, "refer", on="2026-01-07", approved_by=str(t["manager"].user.pk))
    act(t["decision_maker"], oid, "decide", outcome="register", reasons="x", protocol=written, on="2026-01-08")


def test_003_s28_a_spoc_has_a_deputy_the_customer_is_told_of(staff):
    t = staff("dwp")
    cid = _dwp_referred(t)
    protocol = {"channels_allowed": ["letter", "email", "phone"], "spoc": str(t["officer"].user.pk)}
    error = _refused(
        t["decision_maker"],
        cid,
        "decide",
        status=422,
        outcome="register",
        reasons="x",
        protocol=protocol,
        on="2026-01-08",
    )
    assert error["field"] == "protocol.spoc_deputy" and "003 §28" in error["message"]
    protocol["spoc_deputy"] = str(t["manager"].user.pk)
    decided = act(
        t["decision_maker"], cid, "decide", outcome="register", reasons="x", protocol=protocol, on="2026-01-08"
    )
    assert decided["protocol"]["spoc_deputy"]["id"] == str(t["manager"].user.pk)


# --- Wolverhampton Homes (000) ----------------------------------------------------------------------------------
def _wh_referred(t):
    cid = t["case"]
    act(t["officer"], cid, "record_discussion", channel="phone", on="2026-01-06")
    act(t["officer"], cid, "consider_needs", on="2026-01-07", **NEEDS)
    act(t["manager"], cid, "assess", conclusion="unacceptable", findings="Calls", on="2026-01-08")
    act(t["manager"], cid, "refer", on="2026-01-09")
    return cid


def test_000_s6_3_a_spoc_arrangement_states_the_contact_times_agreed_with_the_customer(staff):
    t = staff("wolverhampton-homes")
    cid = _wh_referred(t)
    protocol = {"channels_allowed": ["letter", "phone"], "spoc": str(t["officer"].user.pk), "ends_on": "2026-07-01"}
    error = _refused(
        t["decision_maker"],
        cid,
        "decide",
        status=422,
        outcome="restrict",
        reasons="x",
        protocol=protocol,
        on="2026-01-12",
    )
    assert error["field"] == "protocol.times" and "000 §6.3" in error["message"]
    protocol["times"] = [{"channel": "phone", "days": ["wed"], "from": "14:00", "to": "15:00"}]
    act(t["decision_maker"], cid, "decide", outcome="restrict", reasons="x", protocol=protocol, on="2026-01-12")


def test_000_s8_3_a_restriction_records_when_it_ends_or_the_review_date_that_ends_it(staff):
    t = staff("wolverhampton-homes")
    cid = _wh_referred(t)
    protocol = {"channels_allowed": ["letter", "phone"]}
    error = _refused(
        t["decision_maker"],
        cid,
        "decide",
        status=422,
        outcome="restrict",
        reasons="x",
        protocol=protocol,
        on="2026-01-12",
    )
    assert error["field"] == "protocol.ends_on" and "000 §8.3" in error["message"]
    decided = act(
        t["decision_maker"],
        cid,
        "decide",
        outcome="restrict",
        reasons="x",
        protocol=dict(protocol, review_due_on="2026-04-12"),
        on="2026-01-12",
    )
    assert decided["protocol"]["review_due_on"] == "2026-04-12"


def test_with_terms_builds_what_each_profile_requires(staff):
    """The helper other tests use follows the profile, so a new must_state term shows up here first."""
    t = staff("housing-solutions")
    terms = with_terms({"channels_allowed": ["letter"]}, "2026-01-01")
    assert {"frequency", "appointment_only", "spoc"} <= set(terms)
    assert approval(t["officer"])["approved_by"] != str(t["officer"].user.pk)


def test_000_s8_2_managers_see_the_reviews_due_in_the_next_30_days(staff, settings):
    t = staff("wolverhampton-homes")
    cid = _wh_referred(t)
    act(
        t["decision_maker"],
        cid,
        "decide",
        outcome="restrict",
        reasons="x",
        protocol={"channels_allowed": ["letter", "phone"], "ends_on": "2027-01-12"},
        on="2026-01-12",
    )
    act(t["officer"], cid, "notify", channel="letter", on="2026-01-31")  # review due 30 April (three months)
    # 25 days before: outside the ten-working-day reminder, inside [review] upcoming_days = 30
    items = t["manager"].get("/work", as_of="2026-04-05").json()["items"]
    assert [(i["kind"], i["due_on"], i["overdue"]) for i in items] == [("review", "2026-04-30", False)]
    assert t["manager"].get("/work", as_of="2026-03-30").json()["items"] == []  # 31 days before
    assert t["officer"].get("/work", as_of="2026-04-05").json()["items"] == []  # not a reviewer, not the owner


def test_000_s8_2_003_s10_a_review_change_is_audited_with_old_and_new_values_and_the_reason(staff):
    from faircontact.core.models import AuditEvent

    t = staff("wolverhampton-homes")
    cid = _wh_referred(t)
    act(
        t["decision_maker"],
        cid,
        "decide",
        outcome="restrict",
        reasons="x",
        protocol={"channels_allowed": ["letter", "phone"], "ends_on": "2027-01-12"},
        on="2026-01-12",
    )
    act(t["officer"], cid, "notify", channel="letter", on="2026-01-31")
    act(t["manager"], cid, "review", outcome="continue", reasons="Calls still daily", on="2026-04-28")
    event = AuditEvent.objects.filter(action="case_review").get()
    assert event.changes["changed"]["review_due_on"] == ["2026-04-30", "2026-07-28"]
    assert event.reason == "Calls still daily"
    act(
        t["manager"],
        cid,
        "review",
        outcome="vary",
        reasons="Letters only now",
        protocol={"channels_allowed": ["letter"], "ends_on": "2027-01-12"},
        override_reasons="Calls were abusive",
        on="2026-07-20",
    )
    varied = AuditEvent.objects.filter(action="case_review").order_by("-id").first()
    assert varied.changes["changed"]["protocol.channels_allowed"] == [["letter", "phone"], ["letter"]]
    assert varied.reason == "Letters only now"


def test_003_s20_21_a_customer_whose_nino_is_already_held_is_a_duplicate(staff):
    t = staff("dwp")
    officer = t["officer"]
    officer.post("/customers", {"reference": "N-1", "name": "Nia One", "identifiers": {"nino": "QQ123456C"}})
    again = officer.post(
        "/customers", {"reference": "N-2", "name": "Nia Two", "identifiers": {"nino": "qq 12 34 56 c"}}
    )
    assert again.status_code == 409 and again.json()["error"]["field"] == "identifiers.nino"
    assert "003 §20-21" in again.json()["error"]["message"]
    other = officer.post("/customers", {"reference": "N-3", "name": "Nia Three"}).json()
    changed = officer.patch(f"/customers/{other['id']}", {"identifiers": {"nino": "QQ123456C"}})
    assert changed.status_code == 409
    assert officer.get(f"/customers/{other['id']}").json()["identifiers"] == {}


def test_003_s20_21_the_database_keeps_one_record_per_nino_when_two_requests_check_at_once(staff, monkeypatch):
    from django.db import IntegrityError, transaction

    from faircontact.core.models import AuditEvent
    from faircontact.records import services
    from faircontact.records.models import Customer

    t = staff("dwp")
    officer = t["officer"]
    first = officer.post("/customers", {"reference": "N-1", "name": "Nia One", "identifiers": {"nino": "QQ123456C"}})
    other = officer.post("/customers", {"reference": "N-3", "name": "Nia Three"}).json()
    with pytest.raises(IntegrityError), transaction.atomic():  # the guarantee is the database's own
        Customer.objects.create(reference="N-9", name="Direct", nino="QQ123456C")
    # the other request checked before the first was saved: its check finds nothing, the database refuses
    real, checks = services._refuse_duplicate_nino, []

    def raced(nino, **kwargs):
        checks.append(nino)
        if len(checks) % 2 == 0:  # the check after the refusal sees the record that won
            real(nino, **kwargs)

    monkeypatch.setattr(services, "_refuse_duplicate_nino", raced)
    before = (Customer.objects.count(), AuditEvent.objects.count())
    again = officer.post(
        "/customers", {"reference": "N-2", "name": "Nia Two", "identifiers": {"nino": "qq 12 34 56 c"}}
    )
    assert again.status_code == 409, again.content
    assert again.json()["error"]["field"] == "identifiers.nino" and "003 §20-21" in again.json()["error"]["message"]
    changed = officer.patch(f"/customers/{other['id']}", {"identifiers": {"nino": "QQ 123456 C"}})
    assert changed.status_code == 409 and changed.json()["error"]["field"] == "identifiers.nino"
    assert (Customer.objects.count(), AuditEvent.objects.count()) == before
    assert Customer.objects.get(pk=other["id"]).nino == "" and first.status_code == 201


def test_one_record_per_nino_cites_only_the_active_profiles_clause(staff):
    t = staff("wolverhampton-homes")
    t["officer"].post("/customers", {"reference": "N-1", "name": "Nia One", "identifiers": {"nino": "QQ123456C"}})
    again = t["officer"].post("/customers", {"reference": "N-2", "name": "Nia", "identifiers": {"nino": "QQ123456C"}})
    assert again.status_code == 409 and "003" not in again.json()["error"]["message"]


def test_002_s4_a_suspension_pending_legal_advice_ends_on_its_date_and_its_channels_reopen(staff, settings):
    settings.FAIRCONTACT_TODAY = "2026-01-27"
    t = staff("southwark")
    cid = _sw_to_assessed(t, discussed=True)
    act(t["manager"], cid, "refer", on="2026-01-09")
    suspension = {"channels_allowed": [], "suspended_until": "2026-01-26"}
    act(
        t["chief_executive"],
        cid,
        "decide",
        outcome="restrict",
        reasons="x",
        protocol=suspension,
        override_reasons="Legal advice is needed first",
        on="2026-01-12",
    )
    told = act(t["manager"], cid, "notify", channel="letter", on="2026-01-13")
    assert told["review_due_on"] == "2026-01-26"  # reviewed when the suspension ends
    assert told["review_overdue"] is True  # the next day (the test clock is 27 January)
    ask = {"customer": t["customer"]["id"], "channel": "phone"}
    during = t["officer"].post("/gate", dict(ask, occurred_at="2026-01-20T10:00:00")).json()
    assert during["breach"] is True
    after = t["officer"].post("/gate", dict(ask, occurred_at="2026-01-27T10:00:00")).json()
    assert after["breach"] is False and after["handling"] != "remind_and_end", after


def test_003_s32_s34_an_acknowledgement_only_letter_may_not_cover_an_mp_a_new_complaint_or_foi_sar(staff):
    from faircontact.letters.models import Letter

    t = staff("dwp")
    officer, customer = t["officer"], t["customer"]
    cid = _dwp_referred(t)
    protocol = {"channels_allowed": ["letter", "email", "phone"]}
    act(t["decision_maker"], cid, "decide", outcome="register", reasons="UPC", protocol=protocol, on="2026-01-08")
    act(officer, cid, "notify", channel="letter", on="2026-01-09")
    changed = officer.patch(
        f"/customers/{customer['id']}", {"representatives": [{"name": "Jo MP", "relationship": "mp", "may_act": True}]}
    )
    assert changed.status_code == 200, changed.content
    mp_id = changed.json()["representatives"][0]["id"]

    def letter(**fields):
        body = {"customer": customer["id"], "channel": "letter", "occurred_at": "2026-01-20T10:00:00+00:00", **fields}
        response = officer.post("/contacts", body)
        assert response.status_code == 201, response.content
        return response.json()["id"]

    same = letter(complaint=t["complaint"]["id"], subject="Rent again")
    for contact, clause in (
        (letter(complaint=t["complaint"]["id"], from_representative=mp_id), "003 §32"),
        (letter(new_issue=True, subject="A new matter"), "003 §33"),
        (letter(request_type="sar", subject="My data"), "003 §34"),
    ):
        refused = officer.post("/letters", {"kind": "acknowledgement", "customer": customer["id"], "covers": [contact]})
        assert refused.status_code == 422 and refused.json()["error"]["field"] == "covers", refused.content
        assert clause in refused.json()["error"]["message"]
    assert Letter.objects.count() == 0
    made = officer.post("/letters", {"kind": "acknowledgement", "customer": customer["id"], "covers": [same]})
    assert made.status_code == 201, made.content


def test_001_s6_3_1_immediate_action_for_violence_records_the_police_report(staff):
    t = staff("housing-solutions")
    cid = t["case"]
    protocol = dict(HS_PROTOCOL, spoc=str(t["officer"].user.pk))
    error = _refused(t["director"], cid, "immediate_action", status=422, reasons="Punched the door", protocol=protocol)
    assert error["field"] == "police_reference" and "001 §6.3.1" in error["message"]
    done = act(
        t["director"],
        cid,
        "immediate_action",
        reasons="x",
        police_reference="TVP-1",
        protocol=protocol,
        on="2026-01-06",
    )
    assert done["police_reference"] == "TVP-1"


def test_003_s25_26_annex_g_the_upc_notification_names_the_final_response_and_who_gave_it(
    use_profile, make_user, api_for, settings
):
    from faircontact.core.models import AuditEvent
    from faircontact.letters.completeness import missing
    from faircontact.letters.models import Letter
    from faircontact.records.models import Complaint

    from .test_letters import decided_case, draft, issue

    settings.FAIRCONTACT_TODAY = "2026-03-10"
    world = decided_case("dwp", use_profile=use_profile, make_user=make_user, api_for=api_for)
    manager, case = world["staff"]["manager"], world["case"]
    letter = draft(manager, kind="decision", case=case["id"])
    assert letter["missing"] == []
    assert "complaint CMP-7 in a letter from Manager Person dated 2 February 2026" in letter["text"]
    # the giver not recorded: the notification cannot go out, and nothing changes
    Complaint.objects.filter(reference="CMP-7").update(final_response_by=None)
    unnamed = draft(manager, kind="decision", case=case["id"])
    assert unnamed["missing"] == ["who gave the full and final response (nothing is recorded)"]
    before = (Case.objects.get(pk=case["id"]).state, AuditEvent.objects.count())
    error = issue(manager, unnamed["id"], expect=422, on="2026-03-10")["error"]
    assert error["code"] == "incomplete" and "who gave the full and final response" in error["message"]
    assert (Case.objects.get(pk=case["id"]).state, AuditEvent.objects.count()) == before
    assert Letter.objects.get(pk=unnamed["id"]).status == "draft"
    # a letter that drops the final response paragraph names neither
    text = letter["text"]
    start = text.index('<div data-element="final_response">')
    manager.patch(f"/letters/{letter['id']}", {"text": text[:start] + text[text.index("</div>", start) + 6 :]})
    error = issue(manager, letter["id"], expect=422, on="2026-03-10")["error"]
    assert "the full and final response it relies on, and its date" in error["message"]
    assert "who gave the full and final response" in error["message"]
    # two responses relied on, one giver recorded: still incomplete
    two = Letter(kind="decision", text=letter["text"], facts={**Letter.objects.get(pk=letter["id"]).facts})
    two.facts.update(final_response_dates=["2 February 2026", "3 March 2026"], final_response_givers=["Ann", ""])
    problems = missing(two, profile=world["profile"])
    assert "who gave the full and final response (nothing is recorded for 1 of them)" in problems


def test_002_s4_copies_of_the_decision_letter_go_to_those_involved(use_profile, make_user, api_for, settings):
    from faircontact.core.models import AuditEvent
    from faircontact.letters.models import Letter

    from .test_letters import decided_case, draft, issue
    from .test_letters_pdf import pdf_text

    settings.FAIRCONTACT_TODAY = "2026-03-10"
    people = [
        {"name": "Pat Advocate", "relationship": "advocate", "may_act": True, "address": "1 Walworth Road"},
        {"name": "Jo Member MP", "relationship": "mp", "address": "House of Commons"},
    ]
    world = decided_case(
        "southwark",
        use_profile=use_profile,
        make_user=make_user,
        api_for=api_for,
        customer_fields={"representatives": people},
    )
    manager, ce = world["staff"]["manager"], world["staff"]["chief_executive"]
    letter = draft(manager, kind="decision", case=world["case"]["id"], addressed_to="customer")
    assert letter["copies"] == ["Pat Advocate", "Jo Member MP"]  # the profile copies decisions to those involved
    # those involved who are not on the customer's record are added by hand; the change is audited
    changed = manager.patch(
        f"/letters/{letter['id']}", {"copies": ["Pat Advocate", "Jo Member MP", "Sam Conciliator (conciliator)"]}
    )
    assert changed.status_code == 200 and changed.json()["copies"][-1] == "Sam Conciliator (conciliator)"
    event = AuditEvent.objects.filter(action="update", object_type="letter").latest("id")
    assert "copies" in event.changes["fields"]
    for bad in (["  "], ["x" * 201], [f"P{n}" for n in range(31)]):
        refused = manager.patch(f"/letters/{letter['id']}", {"copies": bad})
        assert refused.status_code == 422 and refused.json()["error"]["field"] == "copies"
    issued = issue(ce, letter["id"], on="2026-03-10")
    document = Letter.objects.get(pk=letter["id"]).document_html
    assert "Copy to:</strong> Pat Advocate, Jo Member MP, Sam Conciliator (conciliator)" in document
    assert issued["copies"] == ["Pat Advocate", "Jo Member MP", "Sam Conciliator (conciliator)"]
    assert manager.patch(f"/letters/{letter['id']}", {"copies": []}).status_code == 409  # sent: never changed
    pdf = manager.get(f"/letters/{letter['id']}.pdf")
    assert "Copy to: Pat Advocate, Jo Member MP, Sam Conciliator (conciliator)" in pdf_text(pdf.content)


def test_002_s4_the_copy_list_is_profile_data(use_profile, make_user, api_for, settings):
    from .test_letters import decided_case, draft

    settings.FAIRCONTACT_TODAY = "2026-03-10"
    people = [{"name": "Jo Member MP", "relationship": "mp", "address": "House of Commons"}]
    world = decided_case(
        "wolverhampton-homes",
        use_profile=use_profile,
        make_user=make_user,
        api_for=api_for,
        customer_fields={"representatives": people},
    )
    manager = world["staff"]["manager"]
    assert draft(manager, kind="decision", case=world["case"]["id"])["copies"] == []  # 000 says nothing of copies
    given = draft(manager, kind="decision", case=world["case"]["id"], copies=["Jo Member MP"])
    assert given["copies"] == ["Jo Member MP"]


def test_002_monitoring_every_access_to_the_list_of_habitual_individuals_refused_or_not_is_audited(
    staff, make_user, api_for, client, settings
):
    from faircontact.core.models import AuditEvent

    t = staff("southwark")
    officer, admin = t["officer"], api_for(make_user("register_admin"))
    assert admin.get("/register").status_code == 200
    assert AuditEvent.objects.filter(action="view", object_type="registerentry", actor=admin.user).exists()
    refused = officer.get("/register", state="all")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "role_not_permitted"
    event = AuditEvent.objects.filter(action="access_refused").latest("id")
    assert (event.actor, event.object_type, event.object_id) == (officer.user, "permission", "register.view")
    assert event.changes == {"path": "/api/v1/register"} and event.source.startswith("api")
    # the pages too; another refusal (the audit trail) is a 403 as ever, not this list's record
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []
    client.force_login(officer.user)
    assert client.get("/register").status_code == 403
    assert officer.get("/audit").status_code == 403
    refusals = AuditEvent.objects.filter(action="access_refused").order_by("id")
    assert [(e.changes["path"], e.source) for e in refusals] == [
        ("/api/v1/register", event.source),
        ("/register", "web"),
    ]


def _southwark_protocol(t):
    """Southwark: a protocol in force limiting contact to letters."""
    cid, manager = t["case"], t["manager"]
    act(manager, cid, "record_discussion", channel="phone", on="2026-01-06")
    act(manager, cid, "consider_needs", on="2026-01-06", **NEEDS)
    act(manager, cid, "assess", conclusion="unacceptable", findings="Daily calls", on="2026-01-07")
    act(manager, cid, "refer", on="2026-01-08")
    protocol = with_terms({"channels_allowed": ["letter"]}, "2026-01-09")
    act(t["chief_executive"], cid, "decide", outcome="restrict", reasons="Habitual", protocol=protocol, on="2026-01-09")
    act(manager, cid, "notify", channel="letter", on="2026-01-10")
    return cid


def test_002_s2_staff_classify_a_contacts_scope_and_excluded_contacts_are_kept_apart(staff, settings):
    from faircontact.cases.models import Breach
    from faircontact.core.models import AuditEvent
    from faircontact.indicators.evidence import evidence_context
    from faircontact.indicators.models import IndicatorState
    from faircontact.indicators.services import recompute
    from faircontact.records.models import Customer

    settings.FAIRCONTACT_TODAY = "2026-01-20"
    t = staff("southwark")
    _southwark_protocol(t)
    officer, customer = t["officer"], t["customer"]["id"]

    def log(**fields):
        return officer.post(
            "/contacts",
            {"customer": customer, "channel": "phone", "occurred_at": "2026-01-19T10:00:00+00:00", **fields},
        )

    # a call on a matter with its own process (legal action) is outside the policy: no breach, kept apart
    outside = log(scope="alternative_process")
    assert outside.status_code == 201, outside.content
    body = outside.json()
    assert (body["scope"], body["excluded"], body["breach"]) == ("alternative_process", True, False)
    assert any("Outside this policy (002 §2)" in r for r in body["guidance"]["reasons"])
    # the same call from a councillor acting for the council is in scope: a breach of the letters-only protocol
    inside = log(scope="councillor", occurred_at="2026-01-19T11:00:00+00:00").json()
    assert (inside["scope"], inside["excluded"], inside["breach"]) == ("councillor", False, True)
    assert Breach.objects.count() == 1
    # categories come from the profile; another is a 422 naming scope, and nothing is written
    refused = log(scope="neighbour_dispute")
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "scope"
    assert "staff, councillor, contractor, vexatious_foi, alternative_process" in refused.json()["error"]["message"]
    # the chronology keeps the two parts apart
    items = officer.get(f"/customers/{customer}/chronology").json()["items"]
    parts = {e["object_id"]: e["part"] for e in items if e["kind"] == "contact"}
    assert parts == {body["id"]: "excluded", inside["id"]: "in_scope"}
    excluded = officer.get(f"/customers/{customer}/chronology", part="excluded").json()["items"]
    assert [e["object_id"] for e in excluded] == [body["id"]]
    in_scope = officer.get(f"/customers/{customer}/chronology", part="in_scope").json()["items"]
    assert [e["object_id"] for e in in_scope if e["kind"] == "contact"] == [inside["id"]]
    assert {e["kind"] for e in in_scope} > {"contact"}  # the case's steps are in the in-scope part
    # the excluded call counts for no indicator, incrementally or recomputed, and stands apart in the evidence
    assert IndicatorState.objects.get(customer_id=customer).contacts == 1
    recompute([int(customer)])
    assert IndicatorState.objects.get(customer_id=customer).contacts == 1
    pack = evidence_context(Customer.objects.get(pk=customer), today=date(2026, 1, 20))
    assert pack["contact_count"] == 1 and [c["scope"] for c in pack["outside"]] == [
        "A matter with an alternative process in place (legal action, the aggressive behaviour process)"
    ]
    # classified afterwards: the breach stands; the excluded call brought back in scope counts again
    again = officer.post(f"/contacts/{inside['id']}/scope", {"scope": "vexatious_foi"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "breach_recorded"
    assert "002 §2" in again.json()["error"]["message"]
    back = officer.post(f"/contacts/{body['id']}/scope", {"scope": ""})
    assert back.status_code == 200 and (back.json()["scope"], back.json()["excluded"]) == ("", False)
    assert IndicatorState.objects.get(customer_id=customer).contacts == 2
    assert AuditEvent.objects.filter(action="update", object_type="contact").latest("id").changes == {
        "scope": ["alternative_process", ""]
    }
    assert officer.post(f"/contacts/{body['id']}/scope", {"scope": "neighbours"}).status_code == 422


def test_002_s2_scope_categories_are_profile_data(staff):
    t = staff("wolverhampton-homes")  # 000 sets no scope categories
    response = t["officer"].post(
        "/contacts", {"customer": t["customer"]["id"], "channel": "phone", "scope": "alternative_process"}
    )
    assert response.status_code == 422 and response.json()["error"]["field"] == "scope"


def test_002_s2_the_log_a_contact_form_asks_the_scope(staff, client, settings):
    from tests.conftest import give_reason

    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []
    settings.FAIRCONTACT_TODAY = "2026-01-20"
    t = staff("southwark")
    customer = t["customer"]["id"]
    client.force_login(t["officer"].user)
    give_reason(client, customer)
    page = client.get(f"/customers/{customer}/contacts/new").content.decode()
    assert "Is it within the policy?" in page and "A councillor acting for the council" not in page
    assert "Contact with a councillor acting for the council" in page
    form = {"channel": "letter", "direction": "inbound", "occurred_time": "10:00"}
    form.update(occurred_on_day=19, occurred_on_month=1, occurred_on_year=2026)
    saved = client.post(f"/customers/{customer}/contacts/new", {**form, "scope": "vexatious_foi", "action": "save"})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert Contact.objects.get(customer_id=customer).scope == "vexatious_foi"

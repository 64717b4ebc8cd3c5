"""The escalation ladder end to end through the API, for each profile, and the refusals that keep it fair."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from faircontact.cases.models import Case, CaseAction, Protocol
from faircontact.cases.selectors import current_protocol
from faircontact.core.models import AuditEvent, User
from faircontact.core.profiles import active_profile
from faircontact.core.users import user_create
from faircontact.records.models import Marker


@pytest.fixture
def people(use_profile, make_user, api_for):
    """Builds the staff one profile needs and returns API clients keyed by generic role."""

    def build(slug):
        profile = use_profile(slug)
        clients = {"officer": api_for(make_user("officer")), "manager": api_for(make_user("manager"))}
        for role in ("decision_maker", "director", "chief_executive", "monitoring_officer", "register_admin"):
            clients[role] = api_for(make_user(role))
        clients["manager_and_decider"] = api_for(make_user("manager", "decision_maker"))
        return profile, clients

    return build


def _customer_with_final_response(api, final_on="2026-06-01"):
    customer = api.post(
        "/customers",
        {"reference": "W-1", "name": "Jordan Persistent", "support_needs": ["Dyslexia: letters in plain English"]},
    ).json()
    complaint = api.post(
        "/complaints",
        {
            "customer": customer["id"],
            "reference": "W-C1",
            "summary": "Noise from neighbours",
            "final_response_on": final_on,
        },
    ).json()
    return customer, complaint


def act(api, case_id, action, expect=200, **fields):
    response = api.post(f"/cases/{case_id}/actions", {"action": action, **fields})
    assert response.status_code == expect, (action, response.content)
    return response.json()


def _refused(api, case_id, action, status=409, **fields):
    before = (
        Case.objects.get(pk=case_id).state,
        CaseAction.objects.count(),
        Protocol.objects.count(),
        AuditEvent.objects.count(),
    )
    body = act(api, case_id, action, expect=status, **fields)
    after = (
        Case.objects.get(pk=case_id).state,
        CaseAction.objects.count(),
        Protocol.objects.count(),
        AuditEvent.objects.count(),
    )
    assert before == after, "a refused action changed something"
    return body["error"]


def approval(referrer=None) -> dict:
    """003 §22: a DWP referral names the manager who approved it, someone other than the referrer."""
    besides = getattr(referrer, "user", referrer)
    for user in User.objects.filter(is_active=True).order_by("id"):
        if "manager" in user.roles and user != besides:
            return {"approved_by": str(user.pk)}
    user = user_create(
        actor=None, username="approver", roles=["manager"], full_name="Ann Approver", password="correct horse battery"
    )
    return {"approved_by": str(user.pk)}


def with_terms(protocol: dict, on: str | None = None) -> dict:
    """``protocol`` with what the active profile's policy says a protocol must state ([restrictions] must_state)."""
    terms = active_profile().restrictions.get("must_state", {})
    result = dict(protocol)
    if "frequency" in terms:
        result.setdefault("frequency", "A written update every month")
    if "appointment_only" in terms:
        result.setdefault("appointment_only", False)
    if "end" in terms and not result.get("review_due_on"):
        result.setdefault("ends_on", (date.fromisoformat(on) + timedelta(days=365)).isoformat() if on else "2030-12-31")
    if "main_contact" in terms and not result.get("spoc"):
        result["spoc"] = approval()["approved_by"]
    if "spoc_times" in terms and result.get("spoc") and not result.get("times"):
        channel = (result.get("channels_allowed") or ["letter"])[0]
        result["times"] = [{"channel": channel, "days": ["tue"], "from": "10:00", "to": "12:00"}]
    if "spoc_deputy" in terms and result.get("spoc") and not result.get("spoc_deputy"):
        result["spoc_deputy"] = next(
            str(u.pk) for u in User.objects.filter(is_active=True).order_by("id") if str(u.pk) != str(result["spoc"])
        )
    return result


NEEDS = {
    "support_needs_considered": True,
    "safeguarding_considered": True,
    "reasons_for_behaviour": "Frustration at the length of the repair",
    "adjustments_offered": ["Letters in plain English", "Monthly update by letter"],
}
WRITTEN_ONLY = {"channels_allowed": ["letter", "email"]}


def test_wolverhampton_homes_from_first_concern_to_appeal(people):
    profile, staff = people("wolverhampton-homes")
    officer, manager, hos, smt = staff["officer"], staff["manager"], staff["decision_maker"], staff["director"]
    customer, complaint = _customer_with_final_response(officer)
    case = officer.post(
        "/cases",
        {"customer": customer["id"], "grounds": ["persistent"], "complaints": [complaint["id"]], "on": "2026-01-05"},
    ).json()
    cid = case["id"]
    # the ladder: the discussion is required first (000 §8.1)
    assert "Initial contact to discuss behaviour" in _refused(manager, cid, "refer", on="2026-01-06")["message"]
    act(officer, cid, "record_discussion", channel="phone", on="2026-01-06")
    act(officer, cid, "consider_needs", on="2026-01-07", **NEEDS)
    act(manager, cid, "assess", conclusion="unacceptable", findings="Forty calls in a month", on="2026-01-08")
    referred = act(manager, cid, "refer", on="2026-01-09")
    assert referred["state"] == "referred"
    assert referred["decision_due_on"] == "2026-01-23"  # 10 working days
    decided = act(
        hos,
        cid,
        "decide",
        outcome="restrict",
        reasons="Persistent calls",
        protocol=with_terms(WRITTEN_ONLY, "2026-01-20"),
        on="2026-01-20",
    )
    assert decided["state"] == "decided" and decided["protocol"]["status"] == "draft"
    # the one definition of "the current protocol": the draft counts only when asked for
    assert current_protocol(Case.objects.get(pk=cid), include_draft=True).status == "draft"
    assert current_protocol(Case.objects.get(pk=cid), include_draft=False) is None
    told = act(officer, cid, "notify", channel="letter", on="2026-01-31")
    assert told["state"] == "restricted"
    in_force = current_protocol(Case.objects.get(pk=cid), include_draft=False)
    assert in_force.status == "in_force" and current_protocol(Case.objects.get(pk=cid), include_draft=True) == in_force
    assert told["review_due_on"] == "2026-04-30"  # 3 months from 31 January, clamped (000 §8.2)
    assert {m["type"] for m in officer.get(f"/customers/{customer['id']}").json()["markers"]} == {"protocol_in_place"}
    reviewed = act(manager, cid, "review", outcome="continue", reasons="Still calling daily", on="2026-04-28")
    assert reviewed["review_due_on"] == "2026-07-28"
    appealed = act(officer, cid, "appeal", grounds="Disproportionate", received_on="2026-05-01", on="2026-05-01")
    assert appealed["state"] == "under_appeal" and appealed["appeal_due_on"] == "2026-05-29"  # 28 days (000 §9.2)
    # the original decision maker cannot decide the appeal, nor can a director who took part
    assert (
        "Senior Management"
        in _refused(hos, cid, "decide_appeal", status=403, outcome="dismissed", reasons="x")["message"]
    )
    outcome = act(smt, cid, "decide_appeal", outcome="upheld", reasons="Adjustments not tried", on="2026-05-20")
    assert outcome["state"] == "ended" and outcome["protocol"] is None
    assert current_protocol(Case.objects.get(pk=cid), include_draft=True) is None
    assert not Marker.objects.filter(customer_id=customer["id"], ended_on__isnull=True).exists()
    kinds = [e["kind"] for e in officer.get(f"/customers/{customer['id']}/chronology").json()["items"]]
    assert kinds.count("case_action") == 10


def test_housing_solutions_warnings_are_required_and_director_hears_the_appeal(people):
    profile, staff = people("housing-solutions")
    officer, manager, hos, director = staff["officer"], staff["manager"], staff["decision_maker"], staff["director"]
    customer, complaint = _customer_with_final_response(officer)
    cid = officer.post("/cases", {"customer": customer["id"], "grounds": ["abusive"], "on": "2026-02-02"}).json()["id"]
    error = _refused(manager, cid, "formal_warning", channel="letter", on="2026-02-03")
    assert "Initial warning" in error["message"]
    act(officer, cid, "initial_warning", channel="phone", behaviour=["abusive"], on="2026-02-03")
    act(manager, cid, "formal_warning", channel="letter", behaviour=["abusive"], on="2026-02-10")
    act(manager, cid, "consider_needs", on="2026-02-11", **NEEDS)
    act(manager, cid, "assess", conclusion="unacceptable", findings="Abusive e-mails", on="2026-02-12")
    act(manager, cid, "refer", on="2026-02-12")
    act(
        hos,
        cid,
        "decide",
        outcome="restrict",
        reasons="Abuse of staff",
        on="2026-02-16",
        protocol=with_terms(
            {
                "channels_allowed": ["letter", "email", "phone"],
                "times": [{"channel": "phone", "days": ["tue", "thu"], "from": "10:00", "to": "11:00"}],
            },
            "2026-02-16",
        ),
    )
    told = act(officer, cid, "notify", channel="letter", on="2026-02-17")
    assert told["review_due_on"] == "2026-08-17"  # six months (001 §6.5.6)
    act(officer, cid, "appeal", grounds="Needs not considered", on="2026-03-01")
    varied = act(
        director,
        cid,
        "decide_appeal",
        outcome="varied",
        reasons="Allow e-mail to a named officer",
        protocol=with_terms({"channels_allowed": ["letter", "email", "phone"]}, "2026-03-10"),
        on="2026-03-10",
    )
    assert varied["state"] == "restricted" and varied["protocol"]["times"] == []
    act(manager, cid, "review", outcome="end", reasons="Behaviour improved", on="2026-08-10")
    assert Case.objects.get(pk=cid).state == "ended"


def test_southwark_monitoring_officer_decides_only_in_the_chief_executives_absence(people):
    profile, staff = people("southwark")
    officer, manager, ce, mo = staff["officer"], staff["manager"], staff["chief_executive"], staff["monitoring_officer"]
    customer, complaint = _customer_with_final_response(officer)
    cid = officer.post(
        "/cases", {"customer": customer["id"], "grounds": ["persistent", "vexatious"], "on": "2026-03-02"}
    ).json()["id"]
    act(manager, cid, "consider_needs", on="2026-03-03", **NEEDS)
    act(manager, cid, "record_discussion", channel="letter", on="2026-03-04")
    act(manager, cid, "assess", conclusion="unacceptable", findings="Chronology of 200 e-mails", on="2026-03-04")
    act(manager, cid, "refer", on="2026-03-05")
    decision = dict(
        outcome="restrict",
        reasons="Habitual contact",
        on="2026-03-09",
        protocol={"channels_allowed": ["letter"], "ends_on": "2026-09-09"},
    )
    assert "absent" in _refused(mo, cid, "decide", **decision)["message"]
    ce.client.put(
        f"/api/v1/staff/{ce.user.pk}/absence",
        {"absent_from": "2026-03-01", "absent_until": "2026-03-20"},
        content_type="application/json",
    )
    decided = act(mo, cid, "decide", **decision)
    assert decided["decided_by"] == str(mo.user.pk)
    told = act(manager, cid, "notify", channel="letter", on="2026-03-10")
    assert told["review_due_on"] == "2026-09-09"  # end of the period, as it is under a year (002 §4)
    assert "no appeal" in _refused(officer, cid, "appeal", grounds="Unfair", on="2026-03-11")["message"]
    act(ce, cid, "review", outcome="end", reasons="Period ended", on="2026-09-09")


def test_dwp_referral_straight_from_final_response_and_five_working_days(people, settings):
    settings.FAIRCONTACT_TODAY = "2027-02-01"  # the test clock: this case is recorded after the fact
    profile, staff = people("dwp")
    officer, manager, dsm = staff["officer"], staff["manager"], staff["decision_maker"]
    customer = officer.post("/customers", {"reference": "D-1", "name": "Sam Upc"}).json()
    open_complaint = officer.post(
        "/complaints", {"customer": customer["id"], "reference": "D-C0", "summary": "Open"}
    ).json()
    cid = officer.post(
        "/cases",
        {"customer": customer["id"], "grounds": ["upcc"], "complaints": [open_complaint["id"]], "on": "2026-12-01"},
    ).json()["id"]
    act(officer, cid, "consider_needs", on="2026-12-01", **NEEDS)
    assert "final response" in _refused(officer, cid, "refer", on="2026-12-23")["message"]
    final = officer.post(
        "/complaints",
        {"customer": customer["id"], "reference": "D-C1", "summary": "Overpayment", "final_response_on": "2026-11-02"},
    ).json()
    Case.objects.get(pk=cid).complaints.add(final["id"])
    referrer = staff["manager_and_decider"]
    referred = act(referrer, cid, "refer", on="2026-12-23", **approval(referrer))
    assert referred["decision_due_on"] == "2027-01-04"  # 003 §24, Christmas and New Year skipped
    assert "referred the case" in _refused(referrer, cid, "decide", outcome="register", reasons="x")["message"]
    assert (
        "Only a Designated Senior Manager"
        in _refused(manager, cid, "decide", status=403, outcome="register", reasons="x")["message"]
    )
    decided = act(
        dsm,
        cid,
        "decide",
        outcome="register",
        reasons="UPC after final response",
        on="2026-12-30",
        protocol={"channels_allowed": ["letter", "email", "phone"]},
    )
    assert decided["protocol"]["acknowledge_only_complaints"] == [final["id"]]
    told = act(officer, cid, "notify", channel="letter", on="2026-12-31")
    assert told["review_due_on"] == "2027-06-30"
    markers = {m["type"] for m in officer.get(f"/customers/{customer['id']}").json()["markers"]}
    assert markers == {"protocol_in_place", "registered"}
    assert "Independent Case Examiner" in _refused(officer, cid, "appeal", grounds="x")["message"]

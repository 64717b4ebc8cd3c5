"""Appeal windows as profile data (issue 20): ``[appeal] lodge_within_working_days``, ``decide_within_working_days``
and the letter variable ``appeal_lodge_by``; a decision letter's dates count from the day it is sent."""

from __future__ import annotations

from datetime import date

import pytest

from faircontact.cases.models import Case, CaseAction

from .profile_copies import edited_policies
from .test_letters import REASONS, draft, issue
from .test_workflow import NEEDS, act, with_terms


@pytest.fixture
def told(tmp_path, settings, use_profile, make_user, api_for):
    """Wolverhampton Homes with a 20-working-day appeal window; restriction decided 1 Dec, letter sent 4 Dec 2026."""
    edited_policies(
        tmp_path,
        settings,
        {r"^deadline_days = 28 .*$": "decide_within_working_days = 20\nlodge_within_working_days = 20"},
    )
    folder = tmp_path / "policies" / "letters" / "wolverhampton-homes" / "decision.html"
    text = folder.read_text(encoding="utf-8")
    folder.write_text(
        text.replace(
            "within {{ appeal_deadline_days }} days of receiving it",
            "within {{ appeal_deadline }} of receiving it. Please appeal by {{ appeal_lodge_by }}",
        ),
        encoding="utf-8",
    )
    settings.FAIRCONTACT_TODAY = "2026-12-01"
    profile = use_profile("wolverhampton-homes")
    staff = {r: api_for(make_user(r)) for r in ("officer", "manager", "decision_maker", "director")}
    customer = (
        staff["officer"]
        .post("/customers", {"reference": "A-1", "name": "Avery Appeal", "address": "1 High Street, WV1 1AA"})
        .json()
    )
    cid = staff["officer"].post("/cases", {"customer": customer["id"], "grounds": ["persistent"], "on": "2026-11-02"})
    cid = cid.json()["id"]
    act(staff["officer"], cid, "record_discussion", channel="phone", on="2026-11-03")
    act(staff["officer"], cid, "consider_needs", on="2026-11-03", **NEEDS)
    act(staff["manager"], cid, "assess", conclusion="unacceptable", findings="x", on="2026-11-04")
    act(staff["manager"], cid, "refer", on="2026-11-05")
    act(
        staff["decision_maker"],
        cid,
        "decide",
        outcome="restrict",
        reasons=REASONS,
        protocol=with_terms({"channels_allowed": ["letter", "email"]}),
        on="2026-12-01",
    )
    letter = draft(staff["manager"], kind="decision", case=cid)
    settings.FAIRCONTACT_TODAY = "2026-12-04"
    sent = issue(staff["manager"], letter["id"], on="2026-12-04")
    settings.FAIRCONTACT_TODAY = "2027-03-01"
    return {"profile": profile, "staff": staff, "case": cid, "drafted": letter, "sent": sent}


def test_the_decision_letter_counts_its_review_and_appeal_dates_from_the_day_it_is_sent(told):
    drafted, sent = told["drafted"], told["sent"]
    # drafted 1 Dec: review 1 Mar, appeal by 31 Dec; sent Fri 4 Dec: review 4 Mar, and 20 working days skip
    # Christmas Day, the Boxing Day substitute (28 Dec) and New Year's Day
    assert "1 March 2027" in drafted["text"] and "Please appeal by 31 December 2026" in drafted["text"]
    assert "4 March 2027" in sent["text"] and "1 March 2027" not in sent["text"]
    assert (
        "Please appeal by 6 January 2027" in sent["text"] and "within 20 working days of receiving it" in sent["text"]
    )
    case = Case.objects.get(pk=told["case"])
    assert (case.notified_on, case.review_due_on) == (date(2026, 12, 4), date(2027, 3, 4))


def test_an_appeal_after_the_window_is_refused_unless_accepted_with_reasons(told):
    officer, cid = told["staff"]["officer"], told["case"]
    before = CaseAction.objects.count()
    late = act(officer, cid, "appeal", expect=409, grounds="Unfair", received_on="2027-01-07", on="2027-01-07")
    assert late["error"]["code"] == "appeal_out_of_time" and "6 January 2027" in late["error"]["message"]
    assert CaseAction.objects.count() == before
    accepted = act(
        officer,
        cid,
        "appeal",
        grounds="Unfair",
        received_on="2027-01-07",
        on="2027-01-07",
        late_reasons="In hospital over the holiday",
    )
    assert accepted["state"] == "under_appeal"
    # 20 working days from 7 January 2027 (decide_within_working_days)
    assert accepted["appeal_due_on"] == "2027-02-04"
    details = CaseAction.objects.get(case_id=cid, action="appeal").details
    assert details["late"] is True and details["late_reasons"] == "In hospital over the holiday"


def test_an_appeal_within_the_window_needs_no_reasons(told):
    appealed = act(told["staff"]["officer"], told["case"], "appeal", grounds="Unfair", received_on="2027-01-06")
    assert appealed["state"] == "under_appeal"


def test_a_profile_sets_exactly_one_appeal_deadline(tmp_path, settings):
    from faircontact.core.profiles import ProfileError, load_profile_file

    folder = edited_policies(tmp_path, settings, {r"^(deadline_days = 28 .*)$": r"\1\ndecide_within_working_days = 20"})
    with pytest.raises(ProfileError, match="set exactly one of deadline_days and decide_within_working_days"):
        load_profile_file(folder / "wolverhampton-homes.toml")


def test_next_review_anchor_is_profile_data():
    """001 §6.5.6 keeps the cycle from the due date when a review is late; by default it counts from the review."""
    from pathlib import Path

    from faircontact.core import deadlines as dl
    from faircontact.core.profiles import load_profile_file

    policies = Path(__file__).resolve().parents[1] / "policies"
    hs = load_profile_file(policies / "housing-solutions.toml")
    dwp = load_profile_file(policies / "dwp.toml")
    assert hs.review["next_from"] == "due_date" and dwp.review["next_from"] == "review_date"
    # due 17 Aug 2026, held late on 2 Sep: Housing Solutions next 17 Feb 2027, DWP six months from the review
    assert dl.next_review_due_on(hs, date(2026, 9, 2), date(2026, 8, 17)) == date(2027, 2, 17)
    assert dl.next_review_due_on(dwp, date(2026, 9, 2), date(2026, 8, 17)) == date(2027, 3, 2)
    # held more than a cycle late, the next is still after the review
    assert dl.next_review_due_on(hs, date(2027, 3, 1), date(2026, 8, 17)) == date(2027, 8, 17)


def test_a_review_outcome_letter_counts_the_next_review_from_the_day_it_is_sent(told, settings):
    """000 §8.2, §10.2 (Wolverhampton Homes, next_from = "told")."""
    staff, cid = told["staff"], told["case"]
    reviewed = act(staff["manager"], cid, "review", outcome="continue", reasons="Calls continue", on="2027-03-01")
    assert reviewed["review_due_on"] == "2027-06-01"
    letter = draft(staff["manager"], kind="review_outcome", case=cid)
    assert "again by 1 June 2027" in letter["text"]
    settings.FAIRCONTACT_TODAY = "2027-03-05"
    sent = issue(staff["manager"], letter["id"], on="2027-03-05")
    assert "again by 5 June 2027" in sent["text"] and "1 June 2027" not in sent["text"]
    case = Case.objects.get(pk=cid)
    assert case.review_due_on == date(2027, 6, 5) and case.protocols.get(status="in_force").review_due_on == date(
        2027, 6, 5
    )

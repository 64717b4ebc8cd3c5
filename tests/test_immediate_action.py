"""Immediate action and grounds as profile data (issue 20): ``[immediate_action]`` grounds, police reference and
first review; ``[grounds] allowed`` and ``[labels.grounds]``."""

from __future__ import annotations

import pytest

from faircontact.cases.models import Case, CaseAction

from .profile_copies import edited_policies
from .test_workflow import act

SCOTTISH_WORDS = {
    r"^\[labels\]\n": '[labels]\ngrounds = { aggressive = "Aggressive or abusive behaviour", '
    'persistent = "Unreasonable persistence" }\n',
    r"^\[violence\]": '[grounds]\nallowed = ["persistent", "aggressive", "unreasonable_demands"]\n\n'
    '[immediate_action]\ngrounds = ["aggressive"]\npolice_reference_required = true\n'
    "first_review_within_days = 28\n\n[violence]",
}


@pytest.fixture
def staff(tmp_path, settings, use_profile, make_user, api_for):
    edited_policies(tmp_path, settings, SCOTTISH_WORDS)
    settings.FAIRCONTACT_TODAY = "2026-12-01"
    use_profile("wolverhampton-homes")
    officer = api_for(make_user("officer"))
    customer = officer.post("/customers", {"reference": "I-1", "name": "Ira Immediate"}).json()
    return {"officer": officer, "hos": api_for(make_user("decision_maker")), "customer": customer}


def _case(staff, *grounds):
    response = staff["officer"].post(
        "/cases", {"customer": staff["customer"]["id"], "grounds": list(grounds), "on": "2026-11-30"}
    )
    return response


def test_only_the_grounds_the_profile_allows_open_a_case(staff):
    refused = _case(staff, "vexatious")
    assert refused.status_code == 422
    assert refused.json()["error"] == {
        "code": "invalid",
        "message": "Grounds must be from persistent, aggressive, unreasonable_demands.",
        "field": "grounds",
    }
    assert _case(staff, "persistent").status_code == 201


def test_immediate_action_is_only_for_its_grounds_and_names_them_in_the_profiles_words(staff):
    cid = _case(staff, "persistent").json()["id"]
    before = CaseAction.objects.count()
    error = act(staff["hos"], cid, "immediate_action", expect=409, reasons="Threat", police_reference="PS-1")["error"]
    assert error["message"] == (
        "Immediate action is only for Aggressive or abusive behaviour; this case is about Unreasonable persistence "
        "(000 §7.1-7.2)."
    )
    assert CaseAction.objects.count() == before


def test_immediate_action_needs_a_police_reference_and_reviews_within_28_days_before_the_end(staff):
    cid = _case(staff, "aggressive").json()["id"]
    missing = act(staff["hos"], cid, "immediate_action", expect=422, reasons="Threatened staff")["error"]
    assert missing["field"] == "police_reference" and "(000 §7.1-7.2)" in missing["message"]
    done = act(
        staff["hos"],
        cid,
        "immediate_action",
        reasons="Threatened staff",
        police_reference="PS-2026-1",
        protocol={"channels_allowed": ["letter"], "ends_on": "2027-03-04"},
        on="2026-12-01",
    )
    assert done["review_due_on"] == "2026-12-29"  # 28 days, not three months (4 Mar 2027)
    assert Case.objects.get(pk=cid).police_reference == "PS-2026-1"


def test_a_first_review_never_falls_after_the_end(staff):
    cid = _case(staff, "aggressive").json()["id"]
    short = act(
        staff["hos"],
        cid,
        "immediate_action",
        reasons="Threat",
        police_reference="PS-3",
        protocol={"channels_allowed": ["letter"], "ends_on": "2026-12-10"},
        on="2026-12-01",
    )
    assert short["review_due_on"] == "2026-12-10"


def test_a_stated_review_after_the_end_is_refused(staff):
    cid = _case(staff, "aggressive").json()["id"]
    error = act(
        staff["hos"],
        cid,
        "immediate_action",
        expect=422,
        reasons="Threat",
        police_reference="PS-4",
        protocol={"channels_allowed": ["letter"], "ends_on": "2026-12-10", "review_due_on": "2027-01-10"},
        on="2026-12-01",
    )["error"]
    assert error["field"] == "protocol.review_due_on"


def test_letters_and_pages_use_the_profiles_words_for_grounds(staff, client, settings, make_user):
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []
    cid = _case(staff, "aggressive").json()["id"]
    client.force_login(staff["officer"].user)
    page = client.get(f"/cases/{cid}").content.decode()
    assert "Aggressive or abusive behaviour" in page
    form = client.get(f"/customers/{staff['customer']['id']}/cases/new").content.decode()
    assert "Unreasonable persistence" in form and "Vexatious" not in form

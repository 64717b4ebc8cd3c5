"""Fairness and protocol rules: refused with a reason, and nothing changes."""

from __future__ import annotations

import pytest

from faircontact.cases.models import Case
from faircontact.records.models import Marker

from .test_workflow import NEEDS, _refused, act, with_terms


@pytest.fixture
def referred_case(use_profile, make_user, api_for):
    use_profile("wolverhampton-homes")
    officer, manager = api_for(make_user("officer")), api_for(make_user("manager"))
    hos = api_for(make_user("decision_maker"))
    customer = officer.post(
        "/customers",
        {
            "reference": "R-1",
            "name": "Robin Caller",
            "support_needs": ["Hearing loss: needs telephone contact through Relay UK"],
        },
    ).json()
    cid = officer.post("/cases", {"customer": customer["id"], "grounds": ["persistent"], "on": "2026-10-01"}).json()[
        "id"
    ]
    act(officer, cid, "record_discussion", channel="phone", on="2026-10-02")
    act(manager, cid, "assess", conclusion="unacceptable", findings="Calls", on="2026-10-05")
    act(manager, cid, "refer", on="2026-10-06")
    return {"officer": officer, "manager": manager, "hos": hos, "case": cid, "customer": customer}


def test_a_restriction_needs_support_needs_considered_first(referred_case):
    c = referred_case
    error = _refused(
        c["hos"],
        c["case"],
        "decide",
        outcome="restrict",
        reasons="Calls",
        protocol={"channels_allowed": ["letter", "phone"]},
        on="2026-10-07",
    )
    assert error["code"] == "needs_not_considered" and "000 §8.2" in error["message"]


def test_no_action_needs_no_protocol(referred_case):
    c = referred_case
    assert (
        act(c["hos"], c["case"], "decide", outcome="no_action", reasons="Calls have stopped", on="2026-10-07")["state"]
        == "no_action"
    )


@pytest.mark.parametrize(
    ("protocol", "field", "words"),
    [
        ({"channels_allowed": []}, "protocol.channels_allowed", "at least one way"),
        ({"channels_allowed": ["phone"], "review_due_on": "2026-09-01"}, "protocol.review_due_on", "before the start"),
        ({"channels_allowed": ["phone"], "ends_on": "2026-10-01"}, "protocol.ends_on", "before the start"),
        ({"channels_allowed": ["phone"], "suspended_until": "2026-10-20"}, "protocol", "does not allow"),
        ({"channels_allowed": ["letter"]}, "protocol.override_reasons", "support needs"),
        ({"channels_allowed": ["phone"], "issue_limit": {"count": 2, "period_days": 30}}, "protocol", "issue limit"),
        (
            {
                "channels_allowed": ["phone"],
                "times": [{"channel": "phone", "days": ["tue"], "from": "11:00", "to": "10:00"}],
            },
            "protocol.times[0]",
            "HH:MM",
        ),
        ({"channels_allowed": ["phone"], "spoc": "999"}, "protocol.spoc", "no member of staff"),
    ],
)
def test_bad_protocols_are_refused_naming_the_field(referred_case, protocol, field, words):
    c = referred_case
    act(c["officer"], c["case"], "consider_needs", on="2026-10-06", **NEEDS)
    error = _refused(
        c["hos"],
        c["case"],
        "decide",
        status=422,
        outcome="restrict",
        reasons="Calls",
        protocol=protocol,
        on="2026-10-07",
    )
    assert error["field"] == field and words in error["message"], error


def test_a_conflicting_restriction_is_allowed_with_written_override_reasons(referred_case):
    c = referred_case
    act(c["officer"], c["case"], "consider_needs", on="2026-10-06", **NEEDS)
    decided = act(
        c["hos"],
        c["case"],
        "decide",
        outcome="restrict",
        reasons="Abusive calls to staff",
        protocol=with_terms({"channels_allowed": ["letter", "email"]}),
        on="2026-10-07",
        override_reasons="Relay UK calls were abusive; the customer can use e-mail with an advocate.",
    )
    assert decided["protocol"]["override_reasons"].startswith("Relay UK")


def test_immediate_action_for_violence_sets_the_markers(use_profile, make_user, api_for):
    use_profile("housing-solutions")
    officer, director = api_for(make_user("officer")), api_for(make_user("director"))
    hos = api_for(make_user("decision_maker"))
    customer = officer.post("/customers", {"reference": "V-1", "name": "Val Threat"}).json()
    cid = officer.post("/cases", {"customer": customer["id"], "grounds": ["aggressive"], "on": "2026-11-02"}).json()[
        "id"
    ]
    payload = dict(
        reasons="Threatened an officer with a knife",
        police_reference="WM-2026-1142",
        protocol=with_terms({"channels_allowed": ["letter"], "buildings_banned": ["Crown House"]}),
        on="2026-11-02",
    )
    assert "Director" in _refused(hos, cid, "immediate_action", status=403, **payload)["message"]
    done = act(director, cid, "immediate_action", **payload)
    assert done["state"] == "restricted" and done["police_reference"] == "WM-2026-1142"
    assert done["review_due_on"] == "2027-05-02"
    pvp = Marker.objects.get(customer_id=customer["id"], type="potentially_violent")
    assert pvp.review_due_on.isoformat() == "2027-11-02" and pvp.ended_on is None


def test_unknown_action_and_unknown_case(referred_case):
    c = referred_case
    assert c["officer"].post(f"/cases/{c['case']}/actions", {"action": "ban_forever"}).status_code == 422
    assert c["officer"].post("/cases/99999/actions", {"action": "close", "reasons": "x"}).status_code == 404
    assert Case.objects.get(pk=c["case"]).state == "referred"

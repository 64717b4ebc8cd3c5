"""Concurrent use on PostgreSQL: where only one may win, exactly one does; nothing is lost or doubled.

Requests run in parallel threads, each with its own database connection, against the real API. SQLite serialises
every write to the file itself, so these races only exist — and are only tested — on PostgreSQL (CI runs both).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from faircontact.cases.models import Case, CaseAction, Protocol
from faircontact.records.models import Contact

from .test_workflow import NEEDS, act

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are a PostgreSQL matter; CI runs it"),
]


def race(*calls):
    """Run the calls at the same moment in threads; return their responses in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.fixture
def referred(use_profile, make_user, api_for):
    use_profile("wolverhampton-homes")
    officer, manager = api_for(make_user("officer")), api_for(make_user("manager"))
    deciders = [api_for(make_user("decision_maker")) for _ in range(2)]
    directors = [api_for(make_user("director")) for _ in range(2)]
    customer = officer.post("/customers", {"reference": "CC-1", "name": "Casey Concurrent"}).json()
    cid = officer.post("/cases", {"customer": customer["id"], "grounds": ["persistent"], "on": "2026-09-01"}).json()[
        "id"
    ]
    act(officer, cid, "record_discussion", channel="phone", on="2026-09-02")
    act(officer, cid, "consider_needs", on="2026-09-02", **NEEDS)
    act(manager, cid, "assess", conclusion="unacceptable", findings="x", on="2026-09-03")
    act(manager, cid, "refer", on="2026-09-04")
    return {
        "officer": officer,
        "manager": manager,
        "deciders": deciders,
        "directors": directors,
        "case": cid,
        "customer": customer,
    }


def _decide(client, cid):
    return lambda: client.post(
        f"/cases/{cid}/actions",
        {
            "action": "decide",
            "outcome": "restrict",
            "reasons": "x",
            "protocol": {"channels_allowed": ["letter"], "ends_on": "2030-12-31"},  # 000 §8.3
            "on": "2026-09-07",
        },
    )


def test_two_decision_makers_deciding_at_once(referred):
    cid = referred["case"]
    responses = race(*(_decide(d, cid) for d in referred["deciders"]))
    assert sorted(r.status_code for r in responses) == [200, 409]
    loser = next(r for r in responses if r.status_code == 409)
    assert "cannot take the action" in loser.json()["error"]["message"]
    assert CaseAction.objects.filter(case_id=cid, action="decide").count() == 1
    assert Protocol.objects.filter(case_id=cid).count() == 1


def test_two_officers_logging_contacts_for_one_customer_at_once(referred, make_user, api_for):
    officers = [api_for(make_user("officer")) for _ in range(4)]
    customer = referred["customer"]["id"]
    calls = [
        lambda o=o, i=i: o.post(
            "/contacts",
            {
                "customer": customer,
                "channel": "phone",
                "subject": f"Call {i}",
                "occurred_at": "2026-09-10T10:00:00+01:00",
            },
        )
        for i, o in enumerate(officers)
    ]
    responses = race(*calls)
    assert [r.status_code for r in responses] == [201] * 4
    assert Contact.objects.filter(customer_id=customer).count() == 4
    same = race(
        *[
            lambda o=o: o.post("/contacts", {"customer": customer, "channel": "email", "external_id": "crm-7"})
            for o in officers[:2]
        ]
    )
    assert sorted(r.status_code for r in same) in ([200, 201], [201, 409])
    assert Contact.objects.filter(external_id="crm-7").count() == 1


def test_a_review_and_an_appeal_racing(referred):
    cid, officer, manager = referred["case"], referred["officer"], referred["manager"]
    act(
        referred["deciders"][0],
        cid,
        "decide",
        outcome="restrict",
        reasons="x",
        protocol={"channels_allowed": ["letter"], "ends_on": "2030-12-31"},
        on="2026-09-07",
    )
    act(officer, cid, "notify", channel="letter", on="2026-09-08")

    def review():
        return manager.post(
            f"/cases/{cid}/actions", {"action": "review", "outcome": "end", "reasons": "ok", "on": "2026-10-01"}
        )

    def appeal():
        return officer.post(f"/cases/{cid}/actions", {"action": "appeal", "grounds": "unfair", "on": "2026-10-01"})

    responses = race(review, appeal)
    assert sorted(r.status_code for r in responses) == [200, 409]
    case = Case.objects.get(pk=cid)
    assert case.state in ("ended", "under_appeal")
    assert CaseAction.objects.filter(case_id=cid, action__in=["review", "appeal"]).count() == 1


def test_the_sweep_run_twice_at_once_does_everything_once(referred):
    from datetime import date

    from faircontact.cases.sweep import sweep
    from faircontact.core.models import Notification

    cid, officer = referred["case"], referred["officer"]
    act(
        referred["deciders"][0],
        cid,
        "decide",
        outcome="restrict",
        reasons="x",
        protocol={"channels_allowed": ["letter"], "ends_on": "2030-12-31"},
        on="2026-09-07",
    )
    act(officer, cid, "notify", channel="letter", on="2026-09-08")  # review due 2026-12-08
    results = race(lambda: sweep(as_of=date(2026, 12, 9)), lambda: sweep(as_of=date(2026, 12, 9)))
    assert sum(r["reviews_due"] for r in results) == 1
    assert sum(r["reviews_overdue"] for r in results) == 1
    assert CaseAction.objects.filter(case_id=cid, action="review_due").count() == 1
    assert Notification.objects.filter(kind="review_overdue").count() == 1

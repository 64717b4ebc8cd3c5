"""No personal data in logs: a whole workflow is logged at DEBUG and searched for the customer's name and NINO."""

from __future__ import annotations

import logging

from faircontact.core.logging import RedactQueryStrings

from .test_workflow import NEEDS, act, with_terms

NAME, NINO = "Philippa Quennell-Oyelaran", "JT483920B"


def test_a_full_workflow_logs_nothing_personal(use_profile, make_user, api_for, client, caplog):
    caplog.set_level(logging.DEBUG)
    use_profile("wolverhampton-homes")
    officer, manager, hos = (api_for(make_user(r)) for r in ("officer", "manager", "decision_maker"))
    customer = officer.post(
        "/customers", {"reference": "L-1", "name": NAME, "identifiers": {"nino": NINO}, "support_needs": ["Anxiety"]}
    ).json()
    officer.post("/customers", {"reference": "L-1", "name": NAME})  # a refused duplicate is logged as a 409
    officer.post("/contacts", {"customer": customer["id"], "channel": "pigeon", "subject": NAME})  # a 422
    officer.get("/customers", q=NAME)
    officer.get("/customers", q=NINO)
    cid = officer.post("/cases", {"customer": customer["id"], "grounds": ["persistent"], "on": "2026-10-01"}).json()[
        "id"
    ]
    act(officer, cid, "record_discussion", channel="phone", on="2026-10-02")
    act(officer, cid, "consider_needs", on="2026-10-02", **NEEDS)
    act(manager, cid, "assess", conclusion="unacceptable", findings=f"{NAME} called 40 times", on="2026-10-03")
    act(manager, cid, "refer", on="2026-10-04")
    act(
        hos,
        cid,
        "decide",
        outcome="restrict",
        reasons=f"{NAME} abusive",
        on="2026-10-05",
        protocol=with_terms({"channels_allowed": ["letter"]}),
    )
    act(officer, cid, "notify", channel="letter", on="2026-10-06")
    officer.post(
        "/contacts",
        {
            "customer": customer["id"],
            "channel": "phone",
            "subject": f"{NAME} {NINO}",
            "occurred_at": "2026-10-07T10:00:00+01:00",
        },
    )
    client.force_login(officer.user)
    client.get("/", {"q": NAME})
    client.get(f"/customers/{customer['id']}")
    text = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)
    assert caplog.records, "the workflow should have logged something (requests refused, queries)"
    for secret in (NAME, NINO, "Quennell", NAME.replace(" ", "+"), NINO.lower()):
        assert secret not in text


def test_query_strings_are_redacted_from_request_lines():
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"GET /?q=%s HTTP/1.1" 200 %s', ("Alex+Example", 512), None
    )
    RedactQueryStrings().filter(record)
    assert record.getMessage() == '"GET /?[redacted] HTTP/1.1" 200 512'


def test_the_development_servers_request_lines_go_through_the_filter():
    """``faircontact serve --dev`` logs requests through ``django.server``: its handlers are the settings' own."""
    handlers = [
        h for h in logging.getLogger("django.server").handlers if type(h) is logging.StreamHandler
    ]  # not pytest's
    assert handlers and all(any(isinstance(f, RedactQueryStrings) for f in h.filters) for h in handlers)

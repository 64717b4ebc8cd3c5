"""The audit trail: tamper-evident chain, ``faircontact audit verify``, the auditor's API and page."""

from __future__ import annotations

from django.db import connection

from faircontact.cli import main
from faircontact.core.audit import record_event
from faircontact.core.models import AuditEvent

from .test_register import dwp, register_customer  # noqa: F401


def _tamper(event_id: int) -> None:
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET action = %s WHERE id = %s", ["view", event_id])


def test_tampering_with_one_row_makes_verify_fail_and_name_it(dwp, capsys):  # noqa: F811
    register_customer(dwp)
    assert main(["audit", "verify"]) == 0
    assert "Audit chain intact" in capsys.readouterr().out
    events = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    victim = events[len(events) // 2]
    _tamper(victim)
    assert main(["audit", "verify"]) == 1
    assert f"event {victim}" in capsys.readouterr().err
    body = dwp["auditor"].get("/audit/verify").json()
    assert body == {"intact": False, "events": len(events), "first_bad": str(victim)}


def test_deleting_a_row_breaks_the_chain_at_the_next_one(dwp):  # noqa: F811
    first, second, third = (record_event(actor=None, action="x", object_type="t", object_id=str(n)) for n in range(3))
    AuditEvent.objects.filter(pk=second.pk).delete()
    assert dwp["auditor"].get("/audit/verify").json()["first_bad"] == str(third.pk)


def test_audit_list_filters_and_is_for_auditors_only(dwp, settings):  # noqa: F811
    customer, _, _ = register_customer(dwp)
    auditor, officer = dwp["auditor"], dwp["officer"]
    assert officer.get("/audit").status_code == 403
    assert dwp["register_admin"].get("/audit/verify").status_code == 403
    mine = auditor.get("/audit", customer=customer["id"], page_size=500).json()
    assert mine["count"] > 5 and {e["customer"] for e in mine["items"]} == {customer["id"]}
    by_dsm = auditor.get("/audit", actor=dwp["decision_maker"].user.username).json()["items"]
    assert [e["action"] for e in by_dsm] == ["case_decide"]
    assert auditor.get("/audit", actor=str(dwp["decision_maker"].user.pk)).json()["count"] == 1
    assert auditor.get("/audit", **{"from": "2026-03-21"}).json()["count"] == 0
    assert (
        auditor.get("/audit", **{"from": "2026-03-20", "to": "2026-03-20", "customer": customer["id"]}).json()["count"]
        == mine["count"]
    )
    assert auditor.get("/audit", **{"to": "2026-03-19"}).json()["count"] == 0


def test_auditor_page_filters_the_trail(dwp, client, settings):  # noqa: F811
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []  # two-factor sign-in has its own tests
    customer, _, _ = register_customer(dwp)
    client.force_login(dwp["auditor"].user)
    page = client.get("/audit", {"customer": customer["id"], "actor": dwp["decision_maker"].user.username})
    assert page.status_code == 200
    text = page.content.decode()
    assert "case_decide" in text and "case_notify" not in text
    assert "Chain intact" in client.get("/audit/verify").content.decode()
    client.force_login(dwp["officer"].user)
    assert client.get("/audit").status_code == 403

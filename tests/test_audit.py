"""The audit trail: tamper-evident chain, ``faircontact audit verify``, the auditor's API and page."""

from __future__ import annotations

import pytest
from django.db import connection

from faircontact.cli import main
from faircontact.core.audit import (
    GENESIS,
    check_chain,
    content,
    content_sealing_reason_text,
    key_id_of,
    record_event,
    redact_reasons,
    unkeyed_digest,
)
from faircontact.core.models import AuditEvent, AuditHead

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
    assert body == {
        "intact": False,
        "events": len(events),
        "first_bad": str(victim),
        "problem": f"event {victim} was changed or its seal forged",
    }


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


def _events(n: int) -> list[AuditEvent]:
    return [record_event(actor=None, action="x", object_type="t", object_id=str(i)) for i in range(n)]


@pytest.mark.django_db
def test_deleting_the_newest_rows_is_found_against_the_head(capsys):
    events = _events(30)
    AuditEvent.objects.filter(pk__in=[e.pk for e in events[-20:]]).delete()
    result = check_chain()
    assert (
        not result.intact
        and result.first_bad is None
        and result.problem == "rows missing after 10 (the head records 30)"
    )
    assert main(["audit", "verify"]) == 1
    assert "rows missing after 10" in capsys.readouterr().err


@pytest.mark.django_db
def test_cutting_the_end_and_rewriting_the_head_is_found_by_the_head_the_sweep_logged(capsys):
    from faircontact.core.audit import log_head

    events = _events(12)
    logged = log_head().split()[-1]  # "audit head 12:<hash>", as the sweep writes it each run
    assert logged == f"12:{events[-1].hash}"
    AuditEvent.objects.filter(pk__in=[e.pk for e in events[-3:]]).delete()
    AuditHead.objects.filter(pk=1).update(count=9, last_hash=events[-4].hash)  # a DBA covering the cut
    assert check_chain().intact  # the database alone cannot tell
    assert main(["audit", "verify", "--expect", logged]) == 1
    assert "rows missing after 9" in capsys.readouterr().err
    assert main(["audit", "verify", "--expect", f"9:{events[-4].hash}"]) == 0


@pytest.mark.django_db
def test_a_chain_rebuilt_with_the_old_unkeyed_digest_fails():
    _events(5)
    prev = GENESIS
    for event in AuditEvent.objects.order_by("id"):
        event.action = "rewritten"
        event.prev_hash, event.hash = prev, unkeyed_digest(prev, content(event))
        event.save()
        prev = event.hash
    AuditHead.objects.filter(pk=1).update(last_hash=prev)
    result = check_chain()
    assert not result.intact and result.first_bad.pk == AuditEvent.objects.order_by("id").first().pk


@pytest.mark.django_db
def test_a_chain_resealed_with_another_key_fails_and_rotation_keeps_old_rows_verifiable(settings):
    settings.FAIRCONTACT_AUDIT_KEY = "first-key-" + "a" * 30
    old = _events(3)
    assert {e.key_id for e in old} == {key_id_of(settings.FAIRCONTACT_AUDIT_KEY)}
    settings.FAIRCONTACT_AUDIT_KEY = "second-key-" + "b" * 30
    result = check_chain()
    assert not result.intact and "unknown key" in result.problem  # the old key is needed to check old rows
    settings.FAIRCONTACT_AUDIT_OLD_KEYS = "first-key-" + "a" * 30
    _events(2)
    assert check_chain().intact and check_chain().events == 5


def _migration(name: str):
    import importlib

    return importlib.import_module(f"faircontact.core.migrations.{name}").reseal


@pytest.mark.django_db
def test_the_migrations_reseal_an_intact_unkeyed_chain_and_leave_a_broken_one():
    from django.apps import apps

    events = _events(4)
    record_event(actor=None, action="view", object_type="t", reason="Checking the welfare visit")
    events = list(AuditEvent.objects.order_by("id"))

    def as_before_issue_19():
        prev = GENESIS
        for event in AuditEvent.objects.order_by("id"):  # as the product wrote them before issue 19
            event.prev_hash, event.key_id, event.reason_digest = prev, "", ""
            event.hash = unkeyed_digest(prev, content_sealing_reason_text(event))
            event.save()
            prev = event.hash
        AuditHead.objects.filter(pk=1).update(last_hash=prev, count=0)

    as_before_issue_19()
    _migration("0002_audit_key_and_head_count")(apps, None)
    _migration("0003_audit_reason_digest")(apps, None)
    assert check_chain().intact and check_chain().events == len(events)
    assert AuditEvent.objects.exclude(reason="").get().reason_digest  # the reason is now sealed as a digest
    AuditEvent.objects.filter(pk=events[1].pk).update(action="changed")  # tampered with after: not laundered
    _migration("0002_audit_key_and_head_count")(apps, None)
    _migration("0003_audit_reason_digest")(apps, None)
    assert check_chain().first_bad.pk == events[1].pk


@pytest.mark.django_db
def test_the_0003_migration_reseals_the_intact_part_of_a_keyed_chain_and_names_the_first_bad_row():
    from django.apps import apps

    from faircontact.core.audit import _digest, current_key

    record_event(actor=None, action="view", object_type="t", reason="first reason")
    _events(3)
    events = list(AuditEvent.objects.order_by("id"))
    prev = GENESIS
    for event in events:  # the keyed chain as issue 19 first sealed it, with the reason's text
        event.prev_hash, event.reason_digest = prev, ""
        event.hash = _digest(prev, content_sealing_reason_text(event), current_key())
        event.save()
        prev = event.hash
    AuditHead.objects.filter(pk=1).update(last_hash=prev)
    AuditEvent.objects.filter(pk=events[2].pk).update(object_id="forged")
    _migration("0003_audit_reason_digest")(apps, None)
    result = check_chain()
    assert not result.intact and result.first_bad.pk == events[2].pk


@pytest.mark.django_db
def test_a_redacted_reason_keeps_the_chain_intact_but_a_changed_or_silently_blanked_one_does_not():
    first = record_event(actor=None, action="view", object_type="customer", customer_id=7, reason="She is unwell")
    second = record_event(actor=None, action="view", object_type="customer", customer_id=8, reason="Phone call")
    _events(2)
    assert redact_reasons(AuditEvent.objects.filter(customer_id=7)) == 1
    assert AuditEvent.objects.get(pk=first.pk).reason == ""
    assert check_chain().intact  # the sealed redaction names the row
    AuditEvent.objects.filter(pk=second.pk).update(reason="Phone call about her neighbour")
    result = check_chain()
    assert not result.intact and result.problem == f"the reason of event {second.pk} was changed"
    AuditEvent.objects.filter(pk=second.pk).update(reason="")
    result = check_chain()
    assert not result.intact and "removed with no sealed redaction" in result.problem
    assert result.first_bad.pk == second.pk

"""Retention of every customer's records after their last activity, then anonymisation that keeps the figures;
run by the sweep (issue 19 item 4)."""

from __future__ import annotations

from django.core.management import call_command

from faircontact.cases.models import Case, CaseAction
from faircontact.core.models import AuditEvent, AuditHead
from faircontact.records.models import Complaint, Contact, Customer
from faircontact.register.models import Anonymisation

from .test_register import dwp, register_customer  # noqa: F401
from .test_workflow import act


def _ended(dwp, on="2026-03-01"):  # noqa: F811
    customer, complaint, cid = register_customer(dwp)
    dwp["officer"].post(
        "/contacts",
        {
            "customer": customer["id"],
            "complaint": complaint["id"],
            "channel": "email",
            "subject": "Again",
            "body": "Private words",
            "staff_minutes": 12,
            "occurred_at": "2026-02-10T10:00:00+00:00",
        },
    )
    act(dwp["decision_maker"], cid, "review", outcome="end", reasons="Contact stopped", on=on)
    return customer, cid


def test_records_are_anonymised_24_months_after_the_case_ends_keeping_the_figures(dwp):  # noqa: F811
    customer, cid = _ended(dwp)
    pk = int(customer["id"])
    contacts_before = Contact.objects.filter(customer_id=pk).count()
    # the last activity is the complaint received on 20 March 2026 (after the contact and the case's end)
    call_command("fc_sweep", "--as-of", "2028-03-19")
    assert not Anonymisation.objects.exists()
    call_command("fc_sweep", "--as-of", "2028-03-20")
    call_command("fc_sweep", "--as-of", "2028-03-21")
    person = Customer.objects.get(pk=pk)
    assert (person.name, person.reference, person.address, person.identifiers, person.nino) == (
        "Anonymised",
        f"ANON-{pk}",
        "",
        {},
        "",
    )
    assert person.ethnicity == "Irish"  # equality figures stay, reported only in aggregate
    contacts = Contact.objects.filter(customer_id=pk)
    assert contacts.count() == contacts_before and not contacts.exclude(subject="").exists()
    assert not contacts.exclude(body="").exists() and sum(c.staff_minutes for c in contacts) == 12
    assert Complaint.objects.get(customer_id=pk).summary == ""
    case = Case.objects.get(pk=cid)
    assert case.state == "ended" and case.decision_reasons == "" and case.outcome == "register"
    assert all(a.note == "" and a.details.get("reasons", "") == "" for a in CaseAction.objects.filter(case=case))
    record = Anonymisation.objects.get()
    assert record.counts["contacts"] == contacts_before and record.counts["letters"] == 0
    assert record.retention_months == 24
    assert AuditEvent.objects.filter(action="anonymise", customer_id=pk).count() == 1


def test_live_customers_and_recent_contact_are_kept(dwp, settings):  # noqa: F811
    registered, _, _ = register_customer(dwp, reference="LIVE-1", nino="QQ111111C", complaint="L-1")
    customer, _ = _ended(dwp)
    settings.FAIRCONTACT_TODAY = "2026-04-20"
    logged = dwp["officer"].post(
        "/contacts", {"customer": customer["id"], "channel": "phone", "occurred_at": "2026-04-15T10:00:00+00:00"}
    )
    assert logged.status_code == 201, logged.content
    call_command("fc_sweep", "--as-of", "2028-04-14")
    assert not Anonymisation.objects.exists()
    call_command("fc_sweep", "--as-of", "2028-04-15")
    assert list(Anonymisation.objects.values_list("customer_id", flat=True)) == [int(customer["id"])]
    assert Customer.objects.get(pk=registered["id"]).reference == "LIVE-1"


def test_customers_without_a_case_are_anonymised_too_and_the_dry_run_changes_nothing(dwp, capsys):  # noqa: F811
    officer = dwp["officer"]
    caller = officer.post("/customers", {"reference": "NC-1", "name": "Nadia Nocase", "address": "2 Elm Row"}).json()
    logged = officer.post(
        "/contacts",
        {
            "customer": caller["id"],
            "channel": "email",
            "subject": "Bins",
            "body": "Nadia asks about her bins",
            "occurred_at": "2026-02-01T09:00:00+00:00",
        },
    )
    assert logged.status_code == 201, logged.content
    bare = officer.post("/customers", {"reference": "NC-2", "name": "Bernard Bare"}).json()  # no activity at all
    made = Customer.objects.get(pk=bare["id"]).created_at.date()
    head = AuditHead.objects.get(pk=1).count
    call_command("fc_sweep", "--as-of", "2028-02-01", "--dry-run")
    out = capsys.readouterr().out
    assert f"customer {caller['id']}: anonymised, last activity 2026-02-01 (contact), 24 months before" in out
    assert f"customer {bare['id']}" not in out and "Nadia" not in out  # ids and dates only
    assert not Anonymisation.objects.exists() and AuditHead.objects.get(pk=1).count == head
    assert Contact.objects.get(customer_id=caller["id"]).body == "Nadia asks about her bins"
    call_command("fc_sweep", "--as-of", "2028-02-01")
    assert list(Anonymisation.objects.values_list("customer_id", flat=True)) == [int(caller["id"])]
    assert Contact.objects.get(customer_id=caller["id"]).body == ""
    bare_due = made.replace(year=made.year + 2)
    call_command("fc_sweep", "--as-of", bare_due.isoformat(), "--dry-run")
    assert f"customer {bare['id']}: anonymised, last activity {made} (record made)" in capsys.readouterr().out


#: text columns the anonymisation keeps on purpose: the workflow's own words, hashes, and the equality fields
#: reported only in aggregate (001 §7.1)
KEPT_COLUMNS = {
    ("records_customer", "ethnicity"),
    ("records_customer", "disability"),
    ("letters_letter", "document_sha256"),
}


#: columns without choices that hold the workflow's own words (a step, a state, a channel, an outcome, a contact's
#: [contact_scope] category, checked against the profile), not text
#: anyone typed: the fill leaves them alone
STRUCTURAL = {"action", "from_state", "to_state", "reference", "search_name", "channel", "outcome", "scope"}


def _fill(value: str):
    """Write ``value`` into every free-text column (no choices) of each of the customer's rows, so a column the
    anonymisation forgot is found whoever added it."""
    from django.apps import apps
    from django.db import models

    for model in apps.get_models():
        if not model.__module__.startswith("faircontact"):
            continue
        names = {f.name for f in model._meta.concrete_fields}
        path = next((p for p in ("customer", "case", "contact") if p in names), None)
        if model is Customer:
            rows = model.objects.filter(pk=value.pk)
        elif path is None:
            continue
        else:
            rows = model.objects.filter(**{f"{path}__customer" if path != "customer" else path: value.pk})
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, models.CharField | models.TextField)
                and not field.choices
                and not field.primary_key
                and (model._meta.db_table, field.column) not in KEPT_COLUMNS
                and field.name not in STRUCTURAL
            ):
                for row in rows:
                    text = f"Zebedee {field.name} {row.pk}"[: field.max_length or 200]
                    model.objects.filter(pk=row.pk).update(**{field.name: text})


def _text_in_every_table() -> list[tuple[str, str, str]]:
    """Every value of every text-like column of every table in the database, read through the introspection."""
    from django.db import connection

    text_types = ("char", "text", "json", "clob", "varchar")
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                c.name
                for c in connection.introspection.get_table_description(cursor, table)
                if any(t in str(connection.introspection.get_field_type(c.type_code, c)).lower() for t in text_types)
                or any(t in str(c.type_code).lower() for t in text_types)
            ]
            if not columns:
                continue
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                found.extend((table, column, str(value)) for column, value in zip(columns, row, strict=True) if value)
    return found


def test_after_the_sweep_no_text_of_an_expired_customer_is_left_in_any_column_of_any_table(dwp, settings, client):  # noqa: F811
    """A customer with everything — register entry, letters, marker, contacts with bodies and external ids, a
    dismissed suggestion, reasons for access on the API and the web — then the sweep past retention: their name,
    address, identifier, bodies, reasons and notes are nowhere in the database; the chain still verifies."""
    from faircontact.core.audit import check_chain
    from faircontact.indicators.models import Dismissal
    from faircontact.records.models import Marker
    from faircontact.web.auth.testing import verified_login

    from .conftest import give_reason

    officer, dsm = dwp["officer"], dwp["decision_maker"]
    customer, complaint, cid = register_customer(dwp, name="Siobhán Quillfeather")
    pk = int(customer["id"])
    letter = officer.post("/letters", {"kind": "decision", "case": cid})
    assert letter.status_code == 201, letter.content
    issued = officer.post(f"/letters/{letter.json()['id']}/issue", {"channel": "letter", "on": "2026-01-15"})
    assert issued.status_code == 200, issued.content
    for n in range(3):
        logged = officer.post(
            "/contacts",
            {
                "customer": customer["id"],
                "complaint": complaint["id"],
                "channel": "email",
                "subject": f"Quillfeather overpayment {n}",
                "body": f"Siobhán Quillfeather writes from 1 Mill Lane: my daughter Zebedee is ill {n}",
                "external_id": f"CRM-QUILL-{n}",
                "recipients": ["quillfeather@example.org"],
                "occurred_at": f"2026-02-1{n}T10:00:00+00:00",
            },
        )
        assert logged.status_code == 201, logged.content
    marked = officer.post(
        f"/customers/{pk}/markers",
        {"type": "potentially_violent", "incident": "Quillfeather shouted at Zebedee", "police_reference": "PQ-77"},
    )
    assert marked.status_code in (200, 201), marked.content
    Marker.objects.filter(customer_id=pk).update(ended_on="2026-03-01")
    dsm.get(f"/customers/{pk}", reason="Quillfeather rang in distress, checking welfare")
    act(dsm, cid, "review", outcome="end", reasons="Quillfeather has stopped; Zebedee safe", on="2026-03-01")
    user = dwp["officer"].user
    verified_login(client, user)
    give_reason(client, pk, reason="Quillfeather's neighbour complained about her")
    assert client.get(f"/customers/{pk}").status_code == 200
    client.logout()
    Dismissal.objects.create(
        customer_id=pk,
        indicators=["contacts"],
        reason="Quillfeather is grieving",
        dismissed_by=user,
        dismissed_on="2026-03-02",
    )
    prepared = dsm.client.post(
        f"/api/v1/customers/{pk}/evidence-pack/jobs", HTTP_X_ACCESS_REASON="Quillfeather's bundle for the panel"
    )
    assert prepared.status_code == 202, prepared.content  # a copy of the records, kept a day (core.documents)
    _fill(Customer.objects.get(pk=pk))
    secrets = ["Quillfeather", "Mill Lane", "QQ123456C", "CRM-QUILL", "Zebedee", "PQ-77", "distress", "grieving"]
    before = [hit for hit in _text_in_every_table() if any(s.lower() in hit[2].lower() for s in secrets)]
    assert {table for table, _, _ in before} >= {
        "records_customer",
        "records_contact",
        "core_auditevent",
        "letters_letter",
        "indicators_dismissal",
        "records_marker",
        "cases_caseaction",
        "core_prepareddocument",
    }
    call_command("fc_sweep", "--as-of", "2028-03-20")
    assert Anonymisation.objects.get().customer_id == pk
    left = [hit for hit in _text_in_every_table() if any(s.lower() in hit[2].lower() for s in secrets)]
    assert left == [], left
    assert check_chain().intact  # the reasons were redacted under a sealed event
    assert AuditEvent.objects.filter(action="redact_reasons").exists()
    assert Contact.objects.filter(customer_id=pk).count() == 3  # the rows and counts stay for the reports

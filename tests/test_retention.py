"""Retention per profile after a case ends, then anonymisation that keeps the figures; run by the sweep."""

from __future__ import annotations

from django.core.management import call_command

from faircontact.cases.models import Case, CaseAction
from faircontact.core.models import AuditEvent
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
    call_command("fc_sweep", "--as-of", "2028-02-29")  # 24 months after 1 March 2026 is 1 March 2028
    assert not Anonymisation.objects.exists()
    call_command("fc_sweep", "--as-of", "2028-03-01")
    call_command("fc_sweep", "--as-of", "2028-03-02")
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


def test_live_customers_and_recent_contact_are_kept(dwp):  # noqa: F811
    registered, _, _ = register_customer(dwp, reference="LIVE-1", nino="QQ111111C", complaint="L-1")
    customer, _ = _ended(dwp)
    dwp["officer"].post(
        "/contacts", {"customer": customer["id"], "channel": "phone", "occurred_at": "2026-03-15T10:00:00+00:00"}
    )
    call_command("fc_sweep", "--as-of", "2028-03-10")
    assert not Anonymisation.objects.exists()
    call_command("fc_sweep", "--as-of", "2028-03-15")
    assert list(Anonymisation.objects.values_list("customer_id", flat=True)) == [int(customer["id"])]
    assert Customer.objects.get(pk=registered["id"]).reference == "LIVE-1"

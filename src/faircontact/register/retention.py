"""Retention after a case ends, then anonymisation that keeps the figures (000 §12, 001 §8, 003 Annex D; UK GDPR
Art. 5(1)(e) storage limitation).

A customer is anonymised when every case about them ended (or was decided with no action) at least the profile's
``records_kept_months_after_case_ends`` ago, nothing about them is live (register entry, protocol, marker) and they
have not been in contact since. Names, addresses, identifiers, free text and message bodies are blanked; the rows,
their dates, channels, minutes, outcomes and counts stay for statistics. Equality monitoring fields stay as well:
they are only ever reported in aggregate (001 §7.1). Idempotent: an :class:`Anonymisation` row marks the customer.
"""

from __future__ import annotations

from datetime import date

from django.apps import apps
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from faircontact.cases.models import Breach, Case, CaseAction, Protocol, ProtocolStatus, State
from faircontact.core import deadlines
from faircontact.core.audit import record_event
from faircontact.core.profiles import active_profile
from faircontact.records.models import Complaint, Contact, Customer, Marker, Representative

from .models import Anonymisation, Enquiry, RegisterEntry

ENDED_STATES = (State.ENDED, State.NO_ACTION)
#: free-text keys in a case action's details; blanked, the rest (outcomes, dates, channels, counts) kept
TEXT_DETAILS = (
    "reasons",
    "findings",
    "grounds",
    "police_reference",
    "support_needs_recorded",
    "adjustments_offered",
    "reasons_for_behaviour",
)


def _ended_on(customer: Customer) -> date | None:
    """The last day anything happened to the customer: their cases' last step or their last contact."""
    last_step = CaseAction.objects.filter(case__customer=customer).aggregate(on=Max("on"))["on"]
    last_contact = Contact.objects.filter(customer=customer).aggregate(at=Max("occurred_at"))["at"]
    days = [d for d in (last_step, timezone.localtime(last_contact).date() if last_contact else None) if d]
    return max(days) if days else None


def anonymise_due(*, as_of: date) -> int:
    """Anonymise every customer whose retention period has run out by ``as_of``; returns how many."""
    months = active_profile().retention["records_kept_months_after_case_ends"]
    if not months:
        return 0
    cutoff = deadlines.add_months(as_of, -months)
    candidates = (
        Customer.objects.filter(cases__isnull=False, anonymisation__isnull=True)
        .exclude(cases__state__in=set(State) - set(ENDED_STATES))
        .distinct()
    )
    done = 0
    for customer in candidates.iterator():
        if (
            RegisterEntry.objects.filter(customer=customer, ended_on__isnull=True).exists()
            or Protocol.objects.filter(customer=customer, status=ProtocolStatus.IN_FORCE).exists()
            or Marker.objects.filter(customer=customer, ended_on__isnull=True).exists()
        ):
            continue
        ended = _ended_on(customer)
        if ended is not None and ended <= cutoff:
            done += customer_anonymise(customer=customer, on=as_of, months=months)
    return done


def customer_anonymise(*, customer: Customer, on: date, months: int) -> int:
    """Blank everything that identifies ``customer`` or says what they wrote; 1 if done now, 0 if done before."""
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        if Anonymisation.objects.filter(customer=customer).exists():
            return 0
        contacts = Contact.objects.filter(customer=customer)
        cases = Case.objects.filter(customer=customer)
        actions = CaseAction.objects.filter(case__in=cases)
        counts = {
            "contacts": contacts.count(),
            "complaints": customer.complaints.count(),
            "cases": cases.count(),
            "case_actions": actions.count(),
            "breaches": Breach.objects.filter(case__in=cases).count(),
            "representatives": customer.representatives.count(),
            "enquiries": Enquiry.objects.filter(customer=customer).count(),
        }
        Customer.objects.filter(pk=customer.pk).update(
            reference=f"ANON-{customer.pk}",
            name="Anonymised",
            search_name="anonymised",
            address="",
            email="",
            phone="",
            identifiers={},
            nino="",
            support_needs=[],
        )
        Representative.objects.filter(customer=customer).update(name="Representative", address="", email="")
        for complaint in Complaint.objects.filter(customer=customer):
            Complaint.objects.filter(pk=complaint.pk).update(
                reference=f"ANON-C{complaint.pk}", summary="", escalation_route=""
            )
        for contact in contacts.exclude(guidance__isnull=True).only("pk", "guidance"):
            kept = {k: contact.guidance.get(k) for k in ("handling", "breach") if k in contact.guidance}
            Contact.objects.filter(pk=contact.pk).update(guidance=kept)
        contacts.update(subject="", body="", recipients=[])
        cases.update(
            summary="",
            reasons_for_behaviour="",
            decision_reasons="",
            appeal_grounds="",
            adjustments_offered=[],
            police_reference="",
        )
        for action in actions.only("pk", "details"):
            details = {
                k: ([] if isinstance(v, list) else "") if k in TEXT_DETAILS else v for k, v in action.details.items()
            }
            CaseAction.objects.filter(pk=action.pk).update(note="", details=details)
        Breach.objects.filter(case__in=cases).update(reasons=[])
        Protocol.objects.filter(customer=customer).update(third_party="", override_reasons="", buildings_banned=[])
        Marker.objects.filter(customer=customer).update(note="")
        for enquiry in Enquiry.objects.filter(customer=customer):
            Enquiry.objects.filter(pk=enquiry.pk).update(
                reference="", name="", nino="", answer={"recorded": enquiry.answer.get("recorded")}
            )
        RegisterEntry.objects.filter(customer=customer).update(end_reasons="")
        if apps.is_installed("faircontact.letters"):
            from faircontact.letters.models import Letter  # only where the letters app is installed

            letters = Letter.objects.filter(customer=customer)
            counts["letters"] = letters.count()
            letters.update(
                recipient_name="Recipient",
                recipient_address="",
                recipient_email="",
                subject="",
                text="",
                facts={},
                copies=[],
                document_html="",
                plain_text="",
            )
        Anonymisation.objects.create(customer=customer, on=on, retention_months=months, counts=counts)
        record_event(
            actor=None, action="anonymise", obj=customer, customer_id=customer.pk, changes=counts, source="sweep"
        )
    return 1

"""Retention of every customer's records, then anonymisation that keeps the figures (000 §8.3, §12; 001 §8;
003 Annex D; UK GDPR Art. 5(1)(e) storage limitation).

Every customer — with a case or without — is anonymised once the profile's
``[retention] customer_records_months_after_last_activity`` have passed since their last activity: their last
contact, the last step of their last case, a complaint received, a letter issued (or, with none of these, the day
the record was made), and nothing about them is live (an open case, a register entry, a protocol in force, a
marker). Every free-text field that can name or describe them is blanked — names, addresses, identifiers, bodies,
letters, notes, reasons, suggestion-dismissal reasons, contact external ids and the reasons staff gave in the audit
trail for reading or changing their record (redacted under a sealed event, so the chain still verifies:
``core.audit.redact_reasons``). The rows, their ids, dates, channels, minutes, outcomes and counts stay for the
reports; equality monitoring fields stay too, reported only in aggregate (001 §7.1). Idempotent: an
:class:`Anonymisation` row marks the customer. :func:`plan` is the dry run (``faircontact sweep --dry-run``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from faircontact.cases.models import Breach, Case, CaseAction, Protocol, ProtocolStatus, State
from faircontact.core import deadlines
from faircontact.core.audit import record_event, redact_reasons
from faircontact.core.models import AuditEvent, PreparedDocument
from faircontact.core.profiles import active_profile
from faircontact.gate.models import ReadingItem
from faircontact.indicators.models import Dismissal, IndicatorState
from faircontact.letters.models import Letter
from faircontact.records.models import Complaint, Contact, Customer, Marker, Representative

from .models import Anonymisation, Enquiry, RegisterEntry

ENDED_STATES = (State.ENDED, State.NO_ACTION)
#: keys of a case action's details kept as they are (what happened and when); any other text is blanked
KEPT_DETAILS = {"outcome", "channel", "protocol", "approved_by", "from", "to"}


@dataclass(frozen=True)
class Due:
    """A customer whose retention has run out: when they were last active, and what that activity was."""

    customer_id: int
    last_activity: date
    activity: str


def _dates(queryset, field: str, customer: str = "customer_id") -> dict[int, date]:
    """The latest ``field`` per customer (customer id → date; datetimes as the local day)."""
    rows = queryset.order_by().values_list(customer).annotate(last=Max(field))
    return {
        customer: (timezone.localtime(last).date() if hasattr(last, "hour") else last)
        for customer, last in rows
        if last
    }


def _live_customers() -> set[int]:
    """Customers something is still running for: an open case, a register entry, a protocol, a marker."""
    live = set(Case.objects.exclude(state__in=ENDED_STATES).values_list("customer_id", flat=True))
    live |= set(RegisterEntry.objects.filter(ended_on__isnull=True).values_list("customer_id", flat=True))
    live |= set(Protocol.objects.filter(status=ProtocolStatus.IN_FORCE).values_list("customer_id", flat=True))
    live |= set(Marker.objects.filter(ended_on__isnull=True).values_list("customer_id", flat=True))
    return live


def retention_months() -> int:
    return active_profile().retention["customer_records_months_after_last_activity"]


def _latest(kept) -> dict[int, tuple[date, str]]:
    """Each customer of ``kept``: the day of their last activity and what it was (a fixed number of queries)."""
    latest: dict[int, tuple[date, str]] = {
        pk: (timezone.localtime(made).date(), "record made") for pk, made in kept.values_list("pk", "created_at")
    }
    activities = [
        ("contact", _dates(Contact.objects.filter(customer__in=kept), "occurred_at")),
        ("case step", _dates(CaseAction.objects.filter(case__customer__in=kept), "on", customer="case__customer_id")),
        ("complaint received", _dates(Complaint.objects.filter(customer__in=kept), "received_on")),
        ("letter issued", _dates(Letter.objects.filter(customer__in=kept), "issued_on")),
    ]
    seen = dict.fromkeys(latest, False)
    for what, dates in activities:
        for pk, day in dates.items():
            if not seen[pk] or day > latest[pk][0]:  # the day the record was made counts only with nothing else
                latest[pk], seen[pk] = (day, what), True
    return latest


def last_activity(customer_id: int) -> date | None:
    """The day of the customer's last activity, from which retention counts (subject access states it)."""
    found = _latest(Customer.objects.filter(pk=customer_id))
    return found[customer_id][0] if customer_id in found else None


def plan(*, as_of: date) -> list[Due]:
    """Every customer to be anonymised as of ``as_of``, oldest activity first (a fixed number of queries)."""
    months = retention_months()
    if not months:
        return []
    cutoff = deadlines.add_months(as_of, -months)
    latest = _latest(Customer.objects.filter(anonymisation__isnull=True))
    live = _live_customers()
    due = [Due(pk, day, what) for pk, (day, what) in latest.items() if pk not in live and day <= cutoff]
    return sorted(due, key=lambda d: (d.last_activity, d.customer_id))


def anonymise_due(*, as_of: date) -> int:
    """Anonymise every customer whose retention period has run out by ``as_of``; returns how many."""
    months = retention_months()
    due = plan(as_of=as_of)
    done = sum(customer_anonymise(customer_id=d.customer_id, on=as_of, months=months) for d in due)
    if done:
        _redact_shared_reasons()
    return done


def _blank_details(details: dict) -> dict:
    return {
        k: v if k in KEPT_DETAILS or k.endswith(("_on", "_at")) or not isinstance(v, str | list | dict) else type(v)()
        for k, v in details.items()
    }


def customer_anonymise(*, customer_id: int, on: date, months: int) -> int:
    """Blank everything that identifies the customer or says what they wrote or staff wrote about them;
    1 if done now, 0 if done before."""
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer_id)
        if Anonymisation.objects.filter(customer=customer).exists():
            return 0
        contacts = Contact.objects.filter(customer=customer)
        cases = Case.objects.filter(customer=customer)
        actions = CaseAction.objects.filter(case__in=cases)
        letters = Letter.objects.filter(customer=customer)
        counts = {
            "contacts": contacts.count(),
            "complaints": customer.complaints.count(),
            "cases": cases.count(),
            "case_actions": actions.count(),
            "breaches": Breach.objects.filter(case__in=cases).count(),
            "representatives": customer.representatives.count(),
            "enquiries": Enquiry.objects.filter(customer=customer).count(),
            "letters": letters.count(),
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
        for complaint in Complaint.objects.filter(customer=customer).only("pk"):
            Complaint.objects.filter(pk=complaint.pk).update(
                reference=f"ANON-C{complaint.pk}", summary="", escalation_route=""
            )
        for contact in contacts.exclude(guidance__isnull=True).only("pk", "guidance"):
            kept = {k: contact.guidance.get(k) for k in ("handling", "breach") if k in contact.guidance}
            Contact.objects.filter(pk=contact.pk).update(guidance=kept)
        contacts.update(subject="", body="", recipients=[], external_id=None)
        ReadingItem.objects.filter(contact__customer=customer).update(note="")
        cases.update(
            summary="",
            reasons_for_behaviour="",
            decision_reasons="",
            appeal_grounds="",
            adjustments_offered=[],
            police_reference="",
            safeguarding_notes="",
            support_agency=None,
        )
        for action in actions.only("pk", "details"):
            CaseAction.objects.filter(pk=action.pk).update(note="", details=_blank_details(action.details))
        Breach.objects.filter(case__in=cases).update(reasons=[])
        Protocol.objects.filter(customer=customer).update(
            third_party="", override_reasons="", buildings_banned=[], frequency=""
        )
        Marker.objects.filter(customer=customer).update(note="", incident="", police_reference="")
        for enquiry in Enquiry.objects.filter(customer=customer):
            Enquiry.objects.filter(pk=enquiry.pk).update(
                reference="", name="", nino="", answer={"recorded": enquiry.answer.get("recorded")}
            )
        RegisterEntry.objects.filter(customer=customer).update(end_reasons="")
        IndicatorState.objects.filter(customer=customer).update(abusive=[], recipients={}, subjects={})
        Dismissal.objects.filter(customer=customer).update(reason="")
        letters.update(
            recipient_name="Recipient",
            recipient_address="",
            recipient_email="",
            subject="",
            text="",
            facts={},
            attachments=[],
            enclosures=[],
            copies=[],
            document_html="",
            plain_text="",
        )
        # a prepared evidence pack is a copy of their records (core.documents): it goes, not blanked
        counts["prepared_documents"] = PreparedDocument.objects.filter(customer_id=customer.pk).delete()[0]
        counts["audit_reasons"] = redact_reasons(
            AuditEvent.objects.filter(customer_id=customer.pk), customer_id=customer.pk
        )
        Anonymisation.objects.create(customer=customer, on=on, retention_months=months, counts=counts)
        record_event(
            actor=None, action="anonymise", obj=customer, customer_id=customer.pk, changes=counts, source="sweep"
        )
    return 1


def _redact_shared_reasons() -> int:
    """Reasons given for reading several customers at once (a list, a web session's reasons joined), where one of
    them has been anonymised: blanked too. Only events still holding a reason are read, so the scan shrinks."""
    gone = set(Anonymisation.objects.values_list("customer_id", flat=True))
    shared = AuditEvent.objects.filter(customer_id__isnull=True).exclude(reason="")
    ids = [
        pk
        for pk, changes in shared.values_list("pk", "changes").iterator(chunk_size=2000)
        if gone.intersection((changes or {}).get("customers", []))
    ]
    return redact_reasons(AuditEvent.objects.filter(pk__in=ids)) if ids else 0

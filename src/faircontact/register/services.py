"""Writes to the register: entries follow the case's decisions, contacts keep them alive, removal ends them.

:func:`case_acted` is the register's ``cases.services.CASE_ACTED`` hook, run after every action: a register or restrict
decision coming into force (``notify``; ``immediate_action``) registers the case's complaints on the customer's one
entry (003 §19, §21); a review or appeal that ends the protocol, or closing the case, takes them off and ends the
entry with its last case. :func:`register_remove` is the DSM's removal of the whole entry (003 Annex D).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from faircontact.cases.actions import Close
from faircontact.cases.models import Case, Outcome, State
from faircontact.cases.selectors import current_protocol
from faircontact.cases.services import case_act
from faircontact.core import clock, deadlines
from faircontact.core.access import user_has_permission
from faircontact.core.audit import record_event
from faircontact.core.errors import Conflict, Forbidden, InvalidInput
from faircontact.core.models import User
from faircontact.core.notifications import notify_once
from faircontact.core.profiles import active_profile
from faircontact.core.users import staff_with_roles
from faircontact.records.models import Complaint, Contact, Customer, Direction, Marker, MarkerType, Representative
from faircontact.records.names import NINO_RE, normalise_name, normalise_nino

from . import selectors
from .models import EndReason, Enquiry, RegisterEntry, Registration

REGISTERING_OUTCOMES = (Outcome.REGISTER, Outcome.RESTRICT)
ENDING_ACTIONS = {"review": EndReason.REVIEW, "decide_appeal": EndReason.APPEAL, "close": EndReason.CLOSED}


def case_acted(case: Case, *, action: str, on: date, actor) -> None:
    """Keep the customer's register entry in step with the action just taken (inside ``case_act``'s transaction).

    A register or restrict decision coming into force (``notify``; ``immediate_action``) registers its complaints
    on the customer's one entry, creating it if they have none (003 §19, §21); the case ending takes them off,
    and ends the entry with its last live registration."""
    registration = Registration.objects.filter(case=case).select_related("entry").first()
    if registration is None:
        protocol = current_protocol(case, include_draft=False)
        comes_into_force = action in ("notify", "immediate_action") and protocol is not None
        if comes_into_force and case.outcome in REGISTERING_OUTCOMES:
            _register(case, protocol=protocol, on=on, actor=actor)
        return
    if registration.ended_on:
        return
    entry = RegisterEntry.objects.select_for_update().get(pk=registration.entry_id)
    if case.state != State.ENDED:  # a varied protocol may name another SPOC; a later notify tells the customer
        entry_sync(entry)
        return
    reason = ENDING_ACTIONS.get(action, EndReason.CLOSED)
    registration.ended_on, registration.end_reason = on, reason
    registration.save(update_fields=["ended_on", "end_reason"])
    if entry.registrations.filter(ended_on__isnull=True).exists():
        entry_sync(entry)
        refresh_last_contact(entry)
        record_event(
            actor=actor,
            action="register_complaints_end",
            obj=entry,
            customer_id=entry.customer_id,
            changes={"case": case.pk, "end_reason": reason, "on": on, "case_action": action},
        )
        return
    _entry_end(entry, on=on, actor=actor, reason=reason)
    record_event(
        actor=actor,
        action="register_end",
        obj=entry,
        customer_id=entry.customer_id,
        changes={"end_reason": reason, "on": on, "case_action": action},
    )


def _register(case: Case, *, protocol, on: date, actor) -> RegisterEntry:
    """The designation (000 §8.3, 003 §22): the case's complaints join the customer's one entry (003 §19, §21)."""
    # one live entry per customer: two decisions coming into force at once wait for each other here
    Customer.objects.select_for_update().filter(pk=case.customer_id).first()
    # the complaints registered on (003 §21): those only acknowledged from now on, else the case's complaints
    complaint_ids = list(protocol.acknowledge_only_complaints.values_list("pk", flat=True)) or list(
        case.complaints.values_list("pk", flat=True)
    )
    entry = RegisterEntry.objects.filter(customer_id=case.customer_id, ended_on__isnull=True).first()
    joined = entry is not None
    if entry is None:
        entry = RegisterEntry.objects.create(customer=case.customer, outcome=case.outcome, registered_on=on)
    registration = Registration.objects.create(entry=entry, case=case, registered_on=on)
    registration.complaints.set(complaint_ids)
    evidence = Contact.objects.filter(Q(evidence_for=case) | Q(breaches__case=case), from_representative__isnull=False)
    entry.aided_by.add(*Representative.objects.filter(contacts__in=evidence).distinct())
    entry_sync(entry)
    refresh_last_contact(entry)
    record_event(
        actor=actor,
        action="register_complaints_add" if joined else "register_entry",
        obj=entry,
        customer_id=case.customer_id,
        changes={"case": case.pk, "complaints": complaint_ids, "removal_due_on": entry.removal_due_on},
    )
    return entry


def entry_sync(entry: RegisterEntry) -> None:
    """The entry's complaints are those of its live registrations; its business unit, SPOC, decision maker and
    outcome those of the latest (the Annex E answer's business and contacts, 003 §20); the customer was told
    when the latest of its cases' letters went."""
    live = list(entry.registrations.filter(ended_on__isnull=True).select_related("case", "case__customer"))
    if not live:
        return
    entry.complaints.set(Complaint.objects.filter(pk__in=[c.pk for r in live for c in r.complaints.all()]))
    case = live[-1].case
    protocol = current_protocol(case, include_draft=False)
    entry.business_unit_id = case.business_unit_id or case.customer.business_unit_id
    entry.spoc_id = protocol.spoc_id if protocol else entry.spoc_id
    entry.decision_maker_id, entry.outcome = case.decided_by_id, case.outcome
    entry.customer_told_on = max((r.case.notified_on for r in live if r.case.notified_on), default=None)
    entry.save(update_fields=["business_unit", "spoc", "decision_maker", "outcome", "customer_told_on"])


def _entry_end(entry: RegisterEntry, *, on: date, actor, reason: str, reasons: str = "", confirmed_by=None) -> None:
    entry.ended_on, entry.ended_by, entry.end_reason, entry.end_reasons = on, actor, reason, reasons
    entry.removal_confirmed_by = confirmed_by
    entry.save(update_fields=["ended_on", "ended_by", "end_reason", "end_reasons", "removal_confirmed_by"])


def refresh_last_contact(entry: RegisterEntry) -> bool:
    """The last contact from the customer about any of the entry's complaints, and the removal date it sets
    (003 §19, Annex D: 14 months without contact on the complaints that led to the registration).

    With no such contact, removal falls due counted from the latest registration. True when either date changed.
    """
    latest = Contact.objects.filter(complaint__in=entry.complaints.all(), direction=Direction.INBOUND).aggregate(
        at=Max("occurred_at")
    )["at"]
    last = timezone.localtime(latest).date() if isinstance(latest, datetime) else None
    since = entry.registrations.filter(ended_on__isnull=True).aggregate(on=Max("registered_on"))["on"]
    due = deadlines.removal_due_on(active_profile(), last or since or entry.registered_on)
    if (last, due) == (entry.last_contact_on, entry.removal_due_on):
        return False
    if due and entry.removal_due_on and due > entry.removal_due_on:
        entry.removal_proposed_on = None  # contact since the proposal keeps the entry alive
    entry.last_contact_on, entry.removal_due_on = last, due
    entry.save(update_fields=["last_contact_on", "removal_due_on", "removal_proposed_on"])
    return True


def contacts_logged(customer_ids: Iterable[int]) -> int:
    """Recompute last contact and removal due for the live entries of these customers (single or bulk logging)."""
    changed = 0
    ids = list(customer_ids)
    if len(ids) > 500:  # an import: the few customers on the register, in one query, not an IN list per 500 ids
        on_register = RegisterEntry.objects.filter(ended_on__isnull=True).values_list("customer_id", flat=True)
        ids = sorted(set(on_register).intersection(ids))
    for start in range(0, len(ids), 500):  # bounded IN lists for a bulk import of many customers
        live = RegisterEntry.objects.filter(customer_id__in=ids[start : start + 500], ended_on__isnull=True)
        for entry in live.select_for_update():
            if refresh_last_contact(entry):
                changed += 1
                record_event(
                    actor=None,
                    action="register_last_contact",
                    obj=entry,
                    customer_id=entry.customer_id,
                    changes={"last_contact_on": entry.last_contact_on, "removal_due_on": entry.removal_due_on},
                )
    return changed


def on_contact_logged(contact, guidance, *, actor, now) -> None:
    """The ``records.services.CONTACT_LOGGED`` hook: a contact moves its customer's entry's last contact and
    removal date (003 Annex D)."""
    contacts_logged([contact.customer_id])


def _date(value, *, field: str, today: date) -> date:
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value))
        except ValueError:
            raise InvalidInput(
                f"{value!r} is not a date in the format YYYY-MM-DD, like 2027-05-11.", field=field
            ) from None
    if value > today:
        raise InvalidInput("The date cannot be in the future.", field=field)
    clock.check_not_before_floor(value, field=field)
    return value


def register_remove(
    *,
    actor: User,
    entry: RegisterEntry,
    on,
    reasons: str,
    confirmed_by: User | None = None,
    today: date,
    source: str = "",
) -> RegisterEntry:
    """Remove an entry on the DSM's decision (003 Annex D): the entry, its case's protocol and markers end.

    The DSM removes it themself, or the register administrator removes it on a named DSM's confirmation.
    """
    reasons = (reasons or "").strip()
    if not reasons:
        raise InvalidInput("Give the reasons for the removal.", field="reasons")
    on = _date(on or today, field="on", today=today)
    profile = active_profile()
    decider, clause = profile.role_label("decision_maker"), profile.cite("register_removal")
    if user_has_permission(actor, "register.confirm_removal"):
        confirmed_by = actor
    elif not user_has_permission(actor, "register.remove"):
        raise Forbidden(
            f"Only a {decider}, or the {profile.role_label('register_admin')} on their confirmation, may remove "
            f"an entry{clause}.",
            code="role_not_permitted",
        )
    elif not user_has_permission(confirmed_by, "register.confirm_removal"):
        raise InvalidInput(f"Name the {decider} who confirmed the removal{clause}.", field="confirmed_by")
    with transaction.atomic():
        entry = RegisterEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.ended_on:
            raise Conflict(f"Register entry {entry.pk} already ended on {entry.ended_on:%-d %B %Y}.", code="ended")
        live = list(entry.registrations.filter(ended_on__isnull=True).select_related("case"))
        if on < max((r.registered_on for r in live), default=entry.registered_on):
            raise InvalidInput("The removal cannot be before the registration.", field="on")
        _entry_end(entry, on=on, actor=actor, reason=EndReason.REMOVED, reasons=reasons, confirmed_by=confirmed_by)
        entry.registrations.filter(ended_on__isnull=True).update(ended_on=on, end_reason=EndReason.REMOVED)
        for registration in live:  # every case that registered the customer closes (003 Annex D)
            if registration.case.state != State.ENDED:
                case_act(
                    actor=actor,
                    case=registration.case,
                    today=today,
                    data=Close(on=on, reasons=f"Removed from the register: {reasons}"),
                )
        Marker.objects.filter(
            customer=entry.customer, source_case__in=[r.case for r in live], ended_on__isnull=True
        ).exclude(type=MarkerType.POTENTIALLY_VIOLENT).update(ended_on=on)
        record_event(
            actor=actor,
            action="register_remove",
            obj=entry,
            customer_id=entry.customer_id,
            changes={"on": on, "confirmed_by": confirmed_by.pk},
            source=source,
        )
    return entry


def register_enquire(
    *, actor: User, reference: str = "", name: str = "", nino: str = "", now: datetime, source: str = ""
) -> Enquiry:
    """Answer 'is this person recorded?' with the Annex E fields only, and keep the enquiry (003 §19-22)."""
    reference, name, nino = (reference or "").strip(), (name or "").strip(), normalise_nino(nino)
    if not (reference or name or nino):
        raise InvalidInput("Give a reference, a name or a National Insurance number.", field="reference")
    if nino and not NINO_RE.match(nino):
        raise InvalidInput("The National Insurance number is not in the right format, like QQ123456C.", field="nino")
    if name and not normalise_name(name):
        raise InvalidInput("Enter a name with letters in it.", field="name")
    customers = selectors.registered_matching(reference=reference, name=name, nino=nino)
    entries = list(selectors.live_entries().filter(customer__in=customers))
    if len(customers) > 1:
        outcome, answer = (
            "several_match",
            {
                "recorded": None,
                "matches": len(customers),
                "message": f"{len(customers)} people on the register match; give a reference or National Insurance "
                "number to say which.",
            },
        )
    elif entries:
        outcome, answer = "recorded", selectors.annex_e_answer(entries)
    else:
        # a customer we know who is not on the register gets exactly the answer an unknown person gets
        customers, outcome, answer = [], "not_recorded", {"recorded": False}
    through_admin = not user_has_permission(actor, "register.lookup")
    with transaction.atomic():
        enquiry = Enquiry.objects.create(
            asked_by=actor,
            asked_at=now,
            through_administrator=through_admin,
            reference=reference[:40],
            name=name[:200],
            nino=nino,
            outcome=outcome,
            answer=answer,
            customer=customers[0] if len(customers) == 1 else None,
        )
        enquiry.entries.set(entries if len(customers) == 1 else [])
        record_event(
            actor=actor,
            action="register_enquiry",
            obj=enquiry,
            customer_id=enquiry.customer_id,
            changes={"outcome": outcome, "through_administrator": through_admin},
            source=source,
        )
        if through_admin:
            for admin in staff_with_roles(["register_admin"]):
                notify_once(
                    admin,
                    key=f"enquiry:{enquiry.pk}",
                    kind="register_enquiry",
                    link=f"/register/enquiries/{enquiry.pk}",
                    text=f"Register enquiry {enquiry.pk} was answered for {actor.display_name}.",
                )
    return enquiry

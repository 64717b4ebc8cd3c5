"""Reads of the register: live entries, matching a person for an enquiry, the Annex E answer, the audit trail."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from rapidfuzz import fuzz, process

from faircontact.cases.models import Protocol, ProtocolStatus
from faircontact.core.access import user_has_permission
from faircontact.core.deadlines import working_days_between
from faircontact.core.models import AuditEvent
from faircontact.core.profiles import active_profile
from faircontact.records.models import Customer, Marker
from faircontact.records.names import normalise_name

from .models import Enquiry, RegisterEntry, RegisterReview, Registration

#: how close a name must be (rapidfuzz WRatio, 0-100) to count as a match: small misspellings pass
NAME_MATCH_SCORE = 88


def live_entries() -> QuerySet[RegisterEntry]:
    return RegisterEntry.objects.filter(ended_on__isnull=True)


def visible_entries(user) -> QuerySet[RegisterEntry]:
    """Row-level scope: the register administrator sees the whole register; a decision maker sees the entries
    with a registration they decided or made in their own business unit (003 Annex D: each DSM keeps their
    entries current)."""
    if user_has_permission(user, "register.all"):
        return RegisterEntry.objects.all()
    registered, mine = Q(case__decided_by=user), Q(decision_maker=user)
    if user.business_unit_id:
        registered |= Q(case__business_unit_id=user.business_unit_id)
        mine |= Q(business_unit_id=user.business_unit_id)
    return RegisterEntry.objects.filter(mine | Q(pk__in=Registration.objects.filter(registered).values("entry_id")))


def visible_reviews(user) -> QuerySet[RegisterReview]:
    if user_has_permission(user, "register.all"):
        return RegisterReview.objects.all()
    mine = Q(reviewer=user)
    if user.business_unit_id:
        mine |= Q(business_unit_id=user.business_unit_id)
    return RegisterReview.objects.filter(mine)


def visible_enquiries(user) -> QuerySet[Enquiry]:
    if user_has_permission(user, "register.all"):
        return Enquiry.objects.all()
    return Enquiry.objects.filter(entries__in=visible_entries(user)).distinct()


def entries(user, *, state: str | None = None, business_unit: str | None = None) -> QuerySet[RegisterEntry]:
    """The register as ``user`` may see it; live entries unless ``state`` says otherwise."""
    items = (
        visible_entries(user)
        .select_related("customer", "business_unit", "spoc", "decision_maker")
        .prefetch_related("complaints", "aided_by", "registrations__complaints")
        .order_by("removal_due_on", "id")
    )
    if state in (None, "", "live"):
        items = items.filter(ended_on__isnull=True)
    elif state == "removal_proposed":
        items = items.filter(ended_on__isnull=True, removal_proposed_on__isnull=False)
    elif state in ("removed", "ended"):
        items = items.filter(ended_on__isnull=False)
    if business_unit:
        items = items.filter(business_unit__name=business_unit)
    return items


def registered_matching(*, reference: str = "", name: str = "", nino: str = "") -> list[Customer]:
    """Customers on the register who match every term given (003 §19).

    Reference and NINO match exactly (reference ignoring case); the name ignores case, accents and punctuation
    and allows small misspellings. Several people may match: the caller says so rather than guessing.
    """
    # Only customers with a live entry: a filter on the reverse relation's ``ended_on__isnull`` would also match
    # customers with no entry at all (the outer join's NULL), over-counting names and crashing the Annex E answer.
    customers = Customer.objects.filter(pk__in=live_entries().values("customer_id"))
    if reference:
        customers = customers.filter(reference__iexact=reference)
    if nino:
        customers = customers.filter(nino=nino)
    if not name:
        return list(customers.order_by("id"))
    wanted = normalise_name(name)
    candidates = dict(customers.values_list("id", "search_name"))
    exact = [pk for pk, known in candidates.items() if known == wanted]
    if exact:
        ids = exact
    else:
        found = process.extract(wanted, candidates, scorer=fuzz.WRatio, limit=None, score_cutoff=NAME_MATCH_SCORE)
        ids = [pk for _, _, pk in found]
    return list(Customer.objects.filter(pk__in=ids).order_by("id"))


def _person(user) -> dict | None:
    if user is None:
        return None
    return {"name": user.display_name, "job_title": user.job_title, "email": user.email}


def annex_e_answer(live: list[RegisterEntry]) -> dict:
    """What the administrator tells the enquirer, and nothing more (003 §20, Annex E): the business the
    customer is registered under, the local contact or SPOC, and the complaint(s) as recorded."""
    latest = max(live, key=lambda e: (e.registered_on, e.pk))
    complaints = {}
    for entry in live:
        for complaint in entry.complaints.all():
            complaints[complaint.pk] = {"reference": complaint.reference, "summary": complaint.summary}
    return {
        "recorded": True,
        "business_unit": latest.business_unit.name if latest.business_unit_id else None,
        "complaints": [complaints[k] for k in sorted(complaints)],
        "spoc": _person(latest.spoc),
        "contact": _person(latest.decision_maker),
    }


def access_reason_required(customer: Customer) -> bool:
    """True when the customer is on the register or under an arrangement: opening their record asks why."""
    return bool(customers_needing_reason({customer.pk}))


def customers_needing_reason(customer_ids: set[int]) -> set[int]:
    """Those of ``customer_ids`` on the register, under a protocol in force or with a live marker: their records
    are kept secure and each look at them needs a reason (002 §3-4, 003 §19-22). Three queries for any number."""
    ids = set(customer_ids)
    needing = set(
        RegisterEntry.objects.filter(customer_id__in=ids, ended_on__isnull=True).values_list("customer_id", flat=True)
    )
    needing |= set(
        Protocol.objects.filter(customer_id__in=ids - needing, status=ProtocolStatus.IN_FORCE).values_list(
            "customer_id", flat=True
        )
    )
    needing |= set(
        Marker.objects.filter(customer_id__in=ids - needing, ended_on__isnull=True).values_list(
            "customer_id", flat=True
        )
    )
    return needing


def audit_events(
    *,
    customer: str | int | None = None,
    actor: str | int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[AuditEvent]:
    """The audit trail, newest first, filtered by customer id, actor (id or username) and dates inclusive."""
    events = AuditEvent.objects.select_related("actor").order_by("-id")
    if customer not in (None, ""):
        events = events.filter(customer_id=int(customer))
    if actor not in (None, ""):
        actor = str(actor)
        by_id = actor.isascii() and actor.isdigit() and len(actor) <= 18
        events = events.filter(Q(actor__username=actor) | Q(actor_id=int(actor)) if by_id else Q(actor__username=actor))
    tz = timezone.get_current_timezone()
    if start:
        events = events.filter(at__gte=datetime.combine(start, time.min, tzinfo=tz))
    if end:
        events = events.filter(at__lte=datetime.combine(end, time.max, tzinfo=tz))
    return events


def register_chronology(customer, complaint_id=None, start=None, end=None) -> list[dict]:
    """Entering and leaving the register, and complaints added to or taken off the customer's entry, for the
    customer's chronology (000 §8.3: dates recorded; 003 §19: one entry covering every complaint)."""
    items = RegisterEntry.objects.filter(customer=customer).prefetch_related("registrations__complaints")
    if complaint_id:
        items = items.filter(registrations__complaints=complaint_id).distinct()
    events = []
    for entry in items:
        for n, registration in enumerate(entry.registrations.all()):
            refs = ", ".join(c.reference for c in registration.complaints.all())
            detail = f"Complaints: {refs}" if refs else ""
            title = "Entered on the register" if n == 0 else "Complaints added to the register entry"
            events.append((registration.registered_on, title, detail, entry))
            if registration.ended_on and registration.ended_on != entry.ended_on:
                title = f"Complaints taken off the register entry: {registration.get_end_reason_display().lower()}"
                events.append((registration.ended_on, title, detail, entry))
        if entry.ended_on:
            events.append((entry.ended_on, entry.get_end_reason_display(), entry.end_reasons, entry))
        elif entry.removal_proposed_on:
            events.append(
                (entry.removal_proposed_on, "Removal from the register proposed to the decision maker", "", entry)
            )
    return [
        {"at": day, "kind": "register", "title": title, "detail": detail, "object_id": str(entry.pk), "complaint": None}
        for day, title, detail, entry in events
        if (start is None or day >= start) and (end is None or day <= end)
    ]


def removals_due_for(user, *, as_of: date) -> list[dict]:
    """Work items (as ``GET /work`` lists them) for entries whose removal date has come (003 Annex D): for their
    decision maker (every decision maker when the entry has none) and for register administrators."""
    if not user_has_permission(user, "register.remove"):
        return []
    due = (
        live_entries()
        .filter(removal_due_on__lte=as_of)
        .select_related("customer")
        .annotate(latest_case=Max("registrations__case", filter=Q(registrations__ended_on__isnull=True)))
    )
    if not user_has_permission(user, "register.all"):
        decided = Registration.objects.filter(case__decided_by=user, ended_on__isnull=True).values("entry_id")
        due = due.filter(Q(decision_maker=user) | Q(pk__in=decided) | Q(decision_maker__isnull=True))
    return [
        {
            "kind": "register_removal",
            "case": str(e.latest_case),
            "customer": str(e.customer_id),
            "customer_reference": e.customer.reference,
            "title": f"Confirm removal of register entry {e.pk}",
            "due_on": e.removal_due_on,
            "working_days_left": working_days_between(as_of, e.removal_due_on, active_profile().working_calendar),
            "overdue": e.removal_due_on < as_of,
        }
        for e in due.order_by("removal_due_on", "id")
    ]

"""Reads for the staff pages that more than one page shows."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q

from faircontact.cases import selectors as case_selectors
from faircontact.cases.models import Case, Protocol, ProtocolStatus, State
from faircontact.core.deadlines import working_days_between
from faircontact.core.models import AuditEvent
from faircontact.core.permissions import allowed
from faircontact.gate.models import ReadingItem, ReadingStatus
from faircontact.records.models import Contact, Customer


def home_for(user, today) -> dict:
    """What the signed-in person's home page shows, by what their roles allow (``core.permissions``): their work
    queue (decisions, reviews, appeals, removals, suggestions, with working days left from ``core.deadlines``),
    and for case workers the contacts routed to them, the reading queue, the cases they own, the customers they are
    the single point of contact for, referrals waiting for a decision and the customers they looked at last."""
    cases = Case.objects.all()
    scope = case_selectors.case_scope(user)  # only cases the person may open: a home has no dead ends
    if scope is not None:
        cases = cases.filter(scope)
    home = {"work": case_selectors.work_for(user, as_of=today)}  # within the same rows, only what they can act on
    live = cases.exclude(state__in=[State.ENDED, State.NO_ACTION]).select_related("customer")
    if allowed(user.roles, "records.edit"):
        since = today - timedelta(days=30)
        home["routed"] = list(
            Contact.objects.filter(
                guidance__handling="route_to_spoc", guidance__spoc__id=str(user.pk), occurred_at__date__gte=since
            )
            .select_related("customer")
            .order_by("-occurred_at")[:20]
        )
        home["owned"] = list(live.filter(owner=user).order_by("opened_on", "id")[:50])
        home["spoc_for"] = list(
            Protocol.objects.filter(status=ProtocolStatus.IN_FORCE)
            .filter(Q(spoc=user) | Q(spoc_deputy=user))
            .select_related("customer")
            .order_by("customer__name")
        )
    if allowed(user.roles, "letters.view"):
        home["to_read"] = ReadingItem.objects.filter(status=ReadingStatus.TO_READ).count()
    if allowed(user.roles, "suggestions.manage"):
        home["referrals"] = [
            {
                "case": case,
                "due_on": case.decision_due_on,
                "working_days_left": working_days_between(today, case.decision_due_on)
                if case.decision_due_on
                else None,
            }
            for case in live.filter(state=State.REFERRED).order_by("decision_due_on", "id")[:50]
        ]
    if allowed(user.roles, "records.view"):
        seen = (
            AuditEvent.objects.filter(actor=user, action="view", object_type="customer")
            .order_by("-at")
            .values_list("customer_id", flat=True)[:50]
        )
        recent = list(dict.fromkeys(seen))[:5]
        by_id = Customer.objects.in_bulk(recent)
        home["recent"] = [by_id[pk] for pk in recent if pk in by_id]
    return home


SEARCH_HINT = "A customer reference, a name, or a National Insurance number such as QQ 12 34 56 C"


def mark_arrangements(customers: list) -> list:
    """Set ``restricted`` (a protocol in force) and ``open_case`` on each customer found, in two queries, so that
    search results show at a glance who is under an arrangement."""

    ids = [c.pk for c in customers]
    restricted = set(
        Protocol.objects.filter(customer_id__in=ids, status=ProtocolStatus.IN_FORCE).values_list(
            "customer_id", flat=True
        )
    )
    open_case = set(
        Case.objects.filter(customer_id__in=ids)
        .exclude(state__in=[State.ENDED, State.NO_ACTION])
        .values_list("customer_id", flat=True)
    )
    for c in customers:
        c.restricted, c.open_case = c.pk in restricted, c.pk in open_case
    return customers

"""Reads for the staff pages that more than one page shows."""

from __future__ import annotations

from faircontact.cases.protocols import DAY_NAMES
from faircontact.records.models import Channel


def _and(words: list[str], last: str = "and") -> str:
    words = [w for w in words if w]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}" if words else ""


def time_slot_words(slot: dict) -> str:
    """A time slot ``{"channel": "phone", "days": ["tue"], ...}`` as "phone on Tuesday, 10:00 to 12:00"."""
    channel = dict(Channel.choices).get(slot.get("channel"), slot.get("channel") or "").lower()
    days = _and([DAY_NAMES.get(d, d) for d in slot.get("days") or []]) or "any day"
    return f"{channel} on {days}, {slot.get('from')} to {slot.get('to')}"


def arrangement_sentence(terms: dict) -> str:
    """One protocol's terms (:func:`protocol_terms`) as the sentence staff read before they answer (003 §28-31)."""
    who = f"Contact from {terms['representative']}" if terms["representative"] else "The customer"
    channels = _and([c.lower() for c in terms["channels"]], "or")
    parts = [f"{who} may contact us only by {channels}" if channels else f"{who} may not contact us at all"]
    if terms["business_unit"]:
        parts[0] += f" about {terms['business_unit']}"
    if terms["times"]:
        parts[0] += " (" + "; ".join(time_slot_words(t) for t in terms["times"]) + ")"
    if terms["spoc"]:
        parts[0] += f", through {terms['spoc']}" + (
            f" (deputy {terms['spoc_deputy']} while they are away)" if terms["spoc_deputy"] else ""
        )
    sentences = [parts[0] + "."]
    if terms["acknowledge_only"]:
        complaints = _and(terms["acknowledge_only"])
        plural = "s" if len(terms["acknowledge_only"]) > 1 else ""
        sentences.append(f"New letters about complaint{plural} {complaints} are read and acknowledged, not answered.")
    sentences += [f"{rule}." for rule in terms["other"]]
    when = f"In force from {terms['starts_on']:%-d %B %Y}"
    when += f" until {terms['ends_on']:%-d %B %Y}" if terms["ends_on"] else ""
    when += f"; review due {terms['review_due_on']:%-d %B %Y}" if terms["review_due_on"] else ""
    sentences.append(when + ".")
    return " ".join(sentences)


def protocol_banner(customer) -> list[dict]:
    """What every page about ``customer`` shows at the top while a communication protocol is in force.

    One entry per protocol in force (there may be one per business unit or representative), in the words
    staff need before they answer: channels allowed, the single point of contact and deputy (003 §28),
    complaints that are acknowledge-only (003 §30-31), other restrictions, and the dates. Rendered by
    ``web/includes/protocol_banner.html``.
    """
    from faircontact.cases.models import Protocol, ProtocolStatus

    protocols = (
        Protocol.objects.filter(customer=customer, status=ProtocolStatus.IN_FORCE)
        .select_related("spoc", "spoc_deputy", "representative", "business_unit")
        .prefetch_related("acknowledge_only_complaints")
        .order_by("starts_on", "id")
    )
    return [dict(terms, sentence=arrangement_sentence(terms)) for terms in map(protocol_terms, protocols)]


def protocol_terms(p) -> dict:
    """One protocol's terms in plain English, as the banner and the case page show them."""
    labels = dict(Channel.choices)
    other = []
    if p.third_party_only:
        other.append(f"Contact only through {p.third_party or 'a third party'}")
    if p.appointment_only:
        other.append("Visits by appointment only")
    if p.buildings_banned:
        other.append(f"May not visit: {', '.join(p.buildings_banned)}")
    if p.issue_limit:
        other.append(
            f"No more than {p.issue_limit.get('count')} new issues in {p.issue_limit.get('period_days', 30)} days"
        )
    if p.health_and_safety_only_until:
        other.append(f"Health and safety matters only until {p.health_and_safety_only_until:%-d %B %Y}")
    if p.suspended_until:
        other.append(f"Contact suspended until {p.suspended_until:%-d %B %Y} pending legal advice")
    if p.behaviour_agreement:
        other.append("Acceptable behaviour agreement")
    return {
        "id": p.pk,
        "case_id": p.case_id,
        "channels": [labels.get(c, c) for c in p.channels_allowed],
        "times": p.times or [],
        "spoc": p.spoc.display_name if p.spoc_id else None,
        "spoc_deputy": p.spoc_deputy.display_name if p.spoc_deputy_id else None,
        "acknowledge_only": [c.reference for c in p.acknowledge_only_complaints.all()],
        "representative": p.representative.name if p.representative_id else None,
        "business_unit": p.business_unit.name if p.business_unit_id else None,
        "other": other,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "review_due_on": p.review_due_on,
    } | {"time_words": [time_slot_words(t) for t in p.times or []]}


def home_for(user, today) -> dict:
    """What the signed-in person's home page shows, by what their roles allow (``core.permissions``): their work
    queue (decisions, reviews, appeals, removals, suggestions, with working days left from ``core.deadlines``),
    and for case workers the contacts routed to them, the reading queue, the cases they own, the customers they are
    the single point of contact for, referrals waiting for a decision and the customers they looked at last."""
    from datetime import timedelta

    from django.db.models import Q

    from faircontact.cases import selectors as case_selectors
    from faircontact.cases.models import Case, Protocol, ProtocolStatus, State
    from faircontact.core.deadlines import working_days_between
    from faircontact.core.models import AuditEvent
    from faircontact.core.permissions import allowed
    from faircontact.gate.models import ReadingItem, ReadingStatus
    from faircontact.records.models import Contact, Customer

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
    from faircontact.cases.models import Case, Protocol, ProtocolStatus, State

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

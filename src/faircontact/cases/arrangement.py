"""A protocol's terms in the words staff read before they answer: the banner on every page about a customer under a
protocol, the case page and the letters (003 §28-31)."""

from __future__ import annotations

from faircontact.records.models import Channel

from .models import Protocol, ProtocolStatus
from .protocols import DAY_NAMES


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

"""Reads for the staff pages that more than one page shows."""

from __future__ import annotations

from faircontact.records.models import Channel


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
    return [protocol_terms(p) for p in protocols]


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
    }

"""The evidence pack: one PDF for the decision maker or an ombudsman (002 §4 chronology; 003 Annex F; 001 §6.5.3).

It holds the customer's support needs and representatives (considered before anything else: 000 §6,
003 §4), the indicators with their explanations, a chart of contact over time by channel, and the
chronology: every warning, decision, letter, review, appeal and breach as its own line, and contacts as
one line per day (count by channel, complaints, subjects, staff minutes) so that thousands of contacts
still print in seconds. The full contact-by-contact list is the chronology API (``GET
/customers/{id}/chronology``), whose filters the pack shares.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone

from faircontact.core.profiles import active_profile
from faircontact.records.models import Channel, Complaint, Contact, Customer
from faircontact.records.selectors import chronology

from .calculate import period
from .selectors import indicators_for

COLOURS = {
    "phone": "#1d70b8",
    "letter": "#00703c",
    "email": "#f47738",
    "visit": "#4c2c92",
    "social_media": "#d4351c",
    "portal": "#28a197",
    "other": "#505a5f",
}
CHART_WIDTH, CHART_HEIGHT = 680, 180


def _months(first: date, last: date) -> list[tuple[int, int]]:
    months, (year, month) = [], (first.year, first.month)
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def contact_chart(per_month: dict[tuple[int, int], Counter]) -> dict | None:
    """Stacked bars of contacts per month by channel, as shapes for an inline SVG (at most 36 months)."""
    if not per_month:
        return None
    months = _months(date(*min(per_month), 1), date(*max(per_month), 1))[-36:]
    peak = max(sum(per_month.get(m, Counter()).values()) for m in months) or 1
    width = CHART_WIDTH / len(months)
    bars, labels = [], []
    for i, month in enumerate(months):
        y = CHART_HEIGHT
        for channel in Channel.values:
            n = per_month.get(month, Counter()).get(channel, 0)
            if n:
                height = n / peak * (CHART_HEIGHT - 10)
                y -= height
                bars.append(
                    {
                        "x": round(i * width + 1, 1),
                        "y": round(y, 1),
                        "w": round(max(width - 2, 1), 1),
                        "h": round(height, 1),
                        "colour": COLOURS[channel],
                        "title": f"{channel} {n}",
                    }
                )
        if len(months) <= 12 or i % 3 == 0:
            labels.append({"x": round(i * width + width / 2, 1), "text": date(*month, 1).strftime("%b %y")})
    used = sorted({c for m in months for c in per_month.get(m, ())}, key=Channel.values.index)
    return {
        "bars": bars,
        "labels": labels,
        "peak": peak,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "legend": [{"channel": Channel(c).label, "colour": COLOURS[c]} for c in used],
    }


def _day_lines(contacts: list[dict], tz) -> list[dict]:
    days: dict[date, dict] = defaultdict(
        lambda: {"channels": Counter(), "complaints": set(), "subjects": {}, "minutes": 0, "breaches": 0}
    )
    for c in contacts:
        day = days[timezone.localtime(c["occurred_at"], tz).date()]
        day["channels"][c["channel"]] += 1
        if c["complaint__reference"]:
            day["complaints"].add(c["complaint__reference"])
        if c["subject"]:
            day["subjects"].setdefault(c["subject"], None)
        day["minutes"] += c["staff_minutes"]
        day["breaches"] += c["breach"]
    return [
        {
            "day": day,
            "count": sum(v["channels"].values()),
            "channels": ", ".join(f"{Channel(c).label.lower()} {n}" for c, n in sorted(v["channels"].items())),
            "complaints": ", ".join(sorted(v["complaints"])),
            "subjects": "; ".join(list(v["subjects"])[:4]),
            "minutes": v["minutes"],
            "breaches": v["breaches"],
        }
        for day, v in sorted(days.items())
    ]


def evidence_context(
    customer: Customer, *, today: date, complaint: int | None = None, start: date | None = None, end: date | None = None
) -> dict:
    """What the pack shows, with the chronology's filters (complaint id, first and last day)."""
    tz = timezone.get_current_timezone()
    contacts = Contact.objects.filter(customer=customer)
    if complaint:
        contacts = contacts.filter(complaint_id=complaint)
    if start:
        contacts = contacts.filter(occurred_at__gte=period(start, 1, tz)[0])
    if end:
        contacts = contacts.filter(occurred_at__lt=period(end, 1, tz)[1])
    profile = active_profile()
    # 002 §2: contacts classified outside the policy are kept apart from the evidence, listed on their own
    excluded = profile.contact_scope.get("excluded", {})
    outside = [
        {
            "at": timezone.localtime(c["occurred_at"], tz),
            "channel": Channel(c["channel"]).label,
            "scope": excluded[c["scope"]],
            "subject": c["subject"],
        }
        for c in contacts.filter(scope__in=list(excluded))
        .order_by("occurred_at", "id")
        .values("occurred_at", "channel", "scope", "subject")
    ]
    rows = list(
        contacts.exclude(scope__in=list(excluded))
        .order_by("occurred_at", "id")
        .values("occurred_at", "channel", "complaint__reference", "subject", "staff_minutes", "breach")
    )
    per_month: dict[tuple[int, int], Counter] = defaultdict(Counter)
    for c in rows:
        at = timezone.localtime(c["occurred_at"], tz)
        per_month[(at.year, at.month)][c["channel"]] += 1
    events = [e for e in chronology(customer, complaint_id=complaint, start=start, end=end) if e["kind"] != "contact"]
    return {
        "customer": customer,
        "profile": profile,
        "outside": outside,
        "scope_clause": profile.contact_scope.get("clause", ""),
        "today": today,
        "complaint": Complaint.objects.filter(pk=complaint).first() if complaint else None,
        "start": start,
        "end": end,
        "indicators": indicators_for(customer, as_of=today),
        "representatives": list(customer.representatives.all()),
        "markers": list(customer.markers.filter(ended_on__isnull=True)),
        "complaints": list(customer.complaints.order_by("received_on", "id")),
        "chart": contact_chart(per_month),
        "contact_count": len(rows),
        "days": _day_lines(rows, tz),
        "events": events,
    }


def evidence_pack_pdf(
    customer: Customer, *, today: date, complaint: int | None = None, start: date | None = None, end: date | None = None
) -> bytes:
    from faircontact.core.pdf import render_pdf  # WeasyPrint loads only when a PDF is made

    html = render_to_string(
        "indicators/evidence_pack.html",
        evidence_context(customer, today=today, complaint=complaint, start=start, end=end),
    )
    return render_pdf(html)

"""Reads of the record: finding customers and the customer's chronology."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from rapidfuzz import fuzz, process

from faircontact.core.profiles import active_profile

from .models import Contact, Customer, Marker
from .names import normalise_name, normalise_nino

#: Functions ``(customer, complaint_id, start, end) -> list[dict]`` that add their events to the chronology;
#: each app registers its own in ``AppConfig.ready`` (contacts here, case steps and breaches in ``cases``).
CHRONOLOGY_SOURCES: list[Callable] = []


def customer_records() -> QuerySet:
    """Customers with everything their full record shows, read for a whole page at once: the business unit, the
    representatives, and the live markers (``live_markers``, oldest first, with who set them) — a fixed number of
    queries however many customers (``tests/test_customer_list_queries.py``)."""
    live = Marker.objects.filter(ended_on__isnull=True).select_related("set_by")
    return Customer.objects.select_related("business_unit").prefetch_related(
        "representatives", Prefetch("markers", queryset=live, to_attr="live_markers")
    )


def customers_by_id(ids) -> list[Customer]:
    """The customers with these ids, in id order (the reason-for-access form names them; ``pages.REASON_SUBJECTS``)."""
    return list(Customer.objects.filter(pk__in=ids).order_by("pk"))


def customer_search(query: str, *, limit: int = 25) -> list[Customer]:
    """Find customers by reference, National Insurance number or name (tolerant of case and accents).

    Exact reference or NINO matches come first; otherwise names containing every word, then close
    spellings scored by rapidfuzz.
    """
    query = (query or "").strip()
    if not query:
        return []
    exact = list(Customer.objects.filter(Q(reference__iexact=query) | Q(nino=normalise_nino(query)))[:limit])
    if exact:
        return exact
    words = normalise_name(query).split()
    if not words:
        return []
    contains = Customer.objects.all()
    for word in words:
        contains = contains.filter(search_name__contains=word)
    found = list(contains.order_by("search_name", "id")[:limit])
    if found:
        return found
    prefix = words[-1][:1]
    candidates = dict(Customer.objects.filter(search_name__contains=prefix).values_list("id", "search_name")[:50000])
    best = process.extract(" ".join(words), candidates, scorer=fuzz.WRatio, limit=limit, score_cutoff=85)
    ids = [key for _, _, key in best]
    by_id = Customer.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def _bounds(start: date | None, end: date | None):
    tz = timezone.get_current_timezone()
    lo = datetime.combine(start, time.min, tzinfo=tz) if start else None
    hi = datetime.combine(end, time.max, tzinfo=tz) if end else None
    return lo, hi


#: the two parts of a chronology (002 §2): what the policy covers, and the contacts classified outside it
IN_SCOPE, EXCLUDED = "in_scope", "excluded"


def contact_entries(customer, complaint_id=None, start=None, end=None) -> list[dict]:
    contacts = Contact.objects.filter(customer=customer).select_related("complaint", "staff")
    if complaint_id:
        contacts = contacts.filter(complaint_id=complaint_id)
    lo, hi = _bounds(start, end)
    if lo:
        contacts = contacts.filter(occurred_at__gte=lo)
    if hi:
        contacts = contacts.filter(occurred_at__lte=hi)
    profile = active_profile()
    entries = []
    for c in contacts:
        handling = (c.guidance or {}).get("handling", "handle_normally")
        excluded = bool(c.scope) and profile.scope_excluded(c.scope)
        entries.append(
            {
                "at": c.occurred_at,
                "kind": "contact",
                "title": f"{c.get_channel_display()} {'from' if c.direction == 'inbound' else 'to'} the customer",
                "detail": c.subject,
                "object_id": str(c.pk),
                "complaint": c.complaint.reference if c.complaint else None,
                "staff": c.staff.display_name if c.staff else None,
                "staff_minutes": c.staff_minutes,
                "handling": handling,
                "breach": c.breach,
                "scope": c.scope,
                "part": EXCLUDED if excluded else IN_SCOPE,
            }
        )
    return entries


CHRONOLOGY_SOURCES.append(contact_entries)


def chronology(
    customer,
    *,
    complaint_id=None,
    start: date | None = None,
    end: date | None = None,
    newest_first: bool = False,
    part: str | None = None,
) -> list[dict]:
    """One time-ordered stream of everything recorded about ``customer``. Each entry is in ``part`` ``in_scope``
    or ``excluded`` — a contact staff classified under an excluded ``[contact_scope]`` category (002 §2) — and
    ``part`` keeps only that part."""
    entries = []
    for source in CHRONOLOGY_SOURCES:
        entries.extend(source(customer, complaint_id, start, end))
    for entry in entries:
        entry.setdefault("part", IN_SCOPE)
    if part:
        entries = [e for e in entries if e["part"] == part]
    for entry in entries:
        if not isinstance(entry["at"], datetime):
            entry["at"] = datetime.combine(entry["at"], time(12, 0), tzinfo=timezone.get_current_timezone())
    entries.sort(key=lambda e: (e["at"], e["kind"], e["object_id"]), reverse=newest_first)
    return entries

"""Reads of the register, enquiries, reviews, markers for export, subject access and the audit trail
(see ``records/reads.py``). Lists of the register identify people (recorded, no reason asked); opening an entry
always needs a reason (003 §19-22)."""

from __future__ import annotations

from faircontact.core.access import Access
from faircontact.records import reads as records
from faircontact.records.models import Marker
from faircontact.records.selectors import customer_search

from . import selectors
from .models import RegisterEntry


def entries(access: Access, *, state=None, business_unit=None, page: int = 1, page_size: int = 50):
    access.require("register.view")
    items = selectors.entries(access.user, state=state, business_unit=business_unit)
    return access.page("registerentry", items, page=page, page_size=page_size, identify_only=True)


def entries_shown(access: Access, items) -> None:
    """A page of the register the web paginated itself (name, reference, dates: identifying, no reason asked)."""
    access.shown_objects("registerentry", items, identify_only=True)


def entry(access: Access, entry_id, *, permission: str = "register.view") -> RegisterEntry:
    """One entry: a reason for access is always required (``reason`` or ``X-Access-Reason``; on the web, the form)."""
    access.require(permission)
    queryset = selectors.visible_entries(access.user).select_related(
        "customer", "business_unit", "spoc", "decision_maker"
    )
    found = access.get(permission, queryset, entry_id, name="register entry")
    access.shown("registerentry", [found.pk], customers=[found.customer_id], reason_always=True)
    return found


def enquiries(access: Access, *, page: int = 1, page_size: int = 50):
    access.require("register.view")
    items = selectors.visible_enquiries(access.user).select_related("asked_by").order_by("-id")
    return access.page("enquiry", items, page=page, page_size=page_size, identify_only=True)


def enquiry(access: Access, enquiry_id):
    access.require("register.view")
    queryset = selectors.visible_enquiries(access.user).select_related("asked_by")
    found = access.get("register.view", queryset, enquiry_id, name="enquiry")
    access.shown("enquiry", [found.pk], customers=[found.customer_id], identify_only=True)
    return found


def reviews(access: Access, *, page: int = 1, page_size: int = 20):
    access.require("register.review")
    items = selectors.visible_reviews(access.user).select_related("business_unit", "reviewer").order_by("-id")
    chunk, count = access.page(
        "registerreview", items, page=page, page_size=page_size, customer_attr=None, identify_only=True
    )
    access.shown(
        "registerentry",
        [],
        customers=RegisterEntry.objects.filter(reviews__in=chunk).values_list("customer_id", flat=True),
        identify_only=True,
    )
    return chunk, count


def review(access: Access, review_id):
    access.require("register.review")
    queryset = selectors.visible_reviews(access.user).select_related("business_unit", "reviewer")
    found = access.get("register.review", queryset, review_id, name="register review")
    customers = found.entries.values_list("customer_id", flat=True)
    access.shown("registerreview", [found.pk], customers=customers, identify_only=True)
    return found


def markers_for_export(access: Access, *, include_ended: bool = False) -> list[Marker]:
    """Markers by customer id and reference only (no names or contact details): recorded, no reason asked."""
    access.require("markers.export")
    markers = Marker.objects.select_related("customer", "set_by").order_by("customer_id", "since", "id")
    if not include_ended:
        markers = markers.filter(ended_on__isnull=True)
    markers = list(markers)
    access.shown("marker", [m.pk for m in markers], customers=[m.customer_id for m in markers], identify_only=True)
    return markers


def subject_access_search(access: Access, query: str) -> list:
    """Customers matching ``query`` for the data protection officer: enough to tell people apart (recorded; the
    reason is asked when one is opened)."""
    access.require("data.subject_access")
    found = customer_search(query)
    access.shown("customer_match", [c.pk for c in found], customers=[c.pk for c in found], identify_only=True)
    return found


def subject_access_customer(access: Access, customer_id):
    """The customer whose subject access pack is being produced (``data.subject_access``)."""
    found = records.customer(access, customer_id, permission="data.subject_access")
    access.shown("subject_access", [found.pk], customers=[found.pk])
    return found


def audit_events(access: Access, *, customer=None, actor=None, start=None, end=None, page=1, page_size=100):
    """The audit trail for auditors: the events shown are themselves recorded (ids; no reason asked)."""
    access.require("audit.view")
    items = selectors.audit_events(customer=customer, actor=actor, start=start, end=end)
    # the events' ids are recorded; not their customers: reading the trail is not opening their records
    return access.page("auditevent", items, page=page, page_size=page_size, customer_attr=None, identify_only=True)


def audit_events_shown(access: Access, items) -> None:
    """A page of the audit trail the web paginated itself."""
    access.require("audit.view")
    access.shown_objects("auditevent", items, customer_attr=None, identify_only=True)

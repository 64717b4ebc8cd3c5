"""Reads of customers, their representatives and markers, complaints, contacts and the chronology.

The one way the API and the web read these records: each function checks the permission and row scope, asks for
the reason for access where the customer needs one and notes the ids returned on the request's
:class:`~faircontact.core.access.Access` (one audit event per request, ``core/access.py``).
"""

from __future__ import annotations

from datetime import date

from faircontact.core.access import Access, check_page

from . import selectors
from .models import Complaint, Contact, Customer


def _customers():
    return selectors.customer_records()


def customer(access: Access, customer_id, *, permission: str = "records.view") -> Customer:
    """One customer's record (with representatives and markers); ``records.edit`` for the pages that change it."""
    found = access.get(permission, _customers(), customer_id, name="customer")
    access.shown("customer", [found.pk], customers=[found.pk])
    return found


def customers(access: Access, *, q: str = "", page: int = 1, page_size: int = 50) -> tuple[list[Customer], int]:
    """Full records, one page: by search (``q``) or every customer in id order."""
    access.require("records.view")
    check_page(page, page_size)
    if q:
        found = selectors.customer_search(q, limit=page_size * page)
        items = [c for c in _customers().in_bulk([c.pk for c in found]).values()]
        order = {c.pk: n for n, c in enumerate(found)}
        items.sort(key=lambda c: order[c.pk])
    else:
        items = access.scoped("records.view", _customers().order_by("id"))
    return access.page("customer", items, page=page, page_size=page_size, customer_attr="pk")


def search(access: Access, q: str, *, limit: int = 25) -> list[Customer]:
    """A search's matches, to tell people apart before opening a record: recorded, no reason asked."""
    access.require("records.view")
    found = selectors.customer_search(q, limit=limit)
    access.shown("customer_match", [c.pk for c in found], customers=[c.pk for c in found], identify_only=True)
    return found


def complaints(access: Access, *, customer=None, page: int = 1, page_size: int = 50):
    items = access.scoped("records.view", Complaint.objects.select_related("business_unit").order_by("id"))
    if customer is not None:
        items = items.filter(customer=customer)
    return access.page("complaint", items, page=page, page_size=page_size)


def complaint(access: Access, complaint_id, *, permission: str = "records.view") -> Complaint:
    found = access.get(permission, Complaint.objects.select_related("customer"), complaint_id, name="complaint")
    access.shown("complaint", [found.pk], customers=[found.customer_id])
    return found


def customer_complaints(access: Access, found: Customer):
    """The complaints shown with a customer's record (already cleared by :func:`customer`)."""
    items = list(found.complaints.select_related("final_response_by", "business_unit"))
    access.shown_objects("complaint", items)
    return items


def contacts(access: Access, *, customer=None, complaint=None, page: int = 1, page_size: int = 50):
    items = access.scoped("records.view", Contact.objects.order_by("-occurred_at", "-id"))
    if customer is not None:
        items = items.filter(customer=customer)
    if complaint is not None:
        items = items.filter(complaint=complaint)
    return access.page("contact", items, page=page, page_size=page_size)


def contact(access: Access, contact_id, *, permission: str = "records.view") -> Contact:
    found = access.get(permission, Contact.objects.all(), contact_id, name="contact")
    access.shown("contact", [found.pk], customers=[found.customer_id])
    return found


def chronology(
    access: Access,
    found: Customer,
    *,
    complaint_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    newest_first: bool = False,
    part: str | None = None,
) -> list[dict]:
    """Everything recorded about a customer in time order (the sources each app registers); ``part``: only the
    in-scope or only the excluded entries (002 §2)."""
    access.require("records.view")
    access.shown("chronology", [found.pk], customers=[found.pk])
    return selectors.chronology(
        found, complaint_id=complaint_id, start=start, end=end, newest_first=newest_first, part=part
    )

"""Reads of indicators, suggestions for review and the evidence pack (see ``records/reads.py``)."""

from __future__ import annotations

from datetime import date

from faircontact.core.access import Access
from faircontact.core.errors import InvalidInput
from faircontact.records.models import Customer

from . import selectors
from .evidence import evidence_pack_pdf


def indicators(access: Access, customer_id, *, as_of: date) -> tuple[Customer, list[dict]]:
    found = access.get("indicators.view", Customer.objects.all(), customer_id, name="customer")
    access.shown("indicators", [found.pk], customers=[found.pk])
    return found, selectors.indicators_for(found, as_of=as_of)


def suggestions(access: Access, *, as_of: date, page: int = 1, page_size: int = 50):
    """Customers over the profile's thresholds, with reasons (name and reference; no reason asked: they are, by
    definition, not yet under a protocol — those with a live case are left out)."""
    access.require("suggestions.manage")
    items = selectors.suggestions(as_of)
    start = (page - 1) * page_size
    chunk = items[start : start + page_size]
    access.shown("suggestion", [s["customer"] for s in chunk], customers=[int(s["customer"]) for s in chunk])
    return chunk, len(items)


def check_complaint_of(customer_id, complaint) -> None:
    """A complaint named to narrow a customer's evidence pack must be one of theirs: 422 naming ``complaint``
    (the synchronous download and the prepared pack ask the same)."""
    if complaint is not None and str(complaint.customer_id) != str(customer_id):
        raise InvalidInput("That complaint belongs to another customer.", field="complaint")


def evidence_pack(access: Access, customer_id, *, today: date, complaint=None, start=None, end=None) -> tuple:
    """The evidence pack PDF for a decision maker or an ombudsman: ``(customer, pdf bytes)``."""
    found = access.get("indicators.view", Customer.objects.all(), customer_id, name="customer")
    access.shown("evidence_pack", [found.pk], customers=[found.pk])
    pdf = evidence_pack_pdf(found, today=today, complaint=complaint, start=start, end=end)
    return found, pdf

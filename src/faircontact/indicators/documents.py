"""The evidence pack as a document prepared in the background (``core.documents``; docs/decisions/0019-…).

The same read as the synchronous download (``reads.evidence_pack``: ``indicators.view``, the customer's row, the
reason for access where the customer needs one), run as the requester on a task worker and audited as theirs."""

from __future__ import annotations

from datetime import date

from faircontact.core.access import Access
from faircontact.core.documents import DocumentKind
from faircontact.core.errors import InvalidInput
from faircontact.records.models import Complaint, Customer

from . import reads


def parameters(customer_id, *, today: date, complaint=None, start=None, end=None) -> dict:
    """The pack's parameters as stored (ids and dates): 422 naming the field for a complaint of another customer,
    or a period ending before it starts. ``complaint`` is a :class:`Complaint` or None."""
    reads.check_complaint_of(customer_id, complaint)
    if start and end and start > end:
        raise InvalidInput("The end of the period must be on or after its start.", field="end")
    return {
        "customer": str(customer_id),
        "complaint": complaint.pk if complaint else None,
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
        "today": today.isoformat(),
    }


def _day(value):
    return date.fromisoformat(value) if value else None


def _check(access: Access, params: dict) -> int:
    customer = access.get("indicators.view", Customer.objects.all(), params["customer"], name="customer")
    if params.get("complaint") and not Complaint.objects.filter(pk=params["complaint"], customer=customer).exists():
        raise InvalidInput("That complaint belongs to another customer.", field="complaint")
    access.check_reason([customer.pk])
    return customer.pk


def _build(access: Access, params: dict) -> tuple[bytes, str]:
    customer, pdf = reads.evidence_pack(
        access,
        params["customer"],
        today=_day(params["today"]),
        complaint=params.get("complaint"),
        start=_day(params.get("start")),
        end=_day(params.get("end")),
    )
    return pdf, f"evidence-pack-{customer.reference}.pdf"


EVIDENCE_PACK = DocumentKind(name="evidence_pack", label="evidence pack", check=_check, build=_build)

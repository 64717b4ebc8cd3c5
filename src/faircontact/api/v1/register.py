"""The register (003 §18-22, Annexes D-E), enquiries of it, its review lists, the marker export and subject access."""

from __future__ import annotations

from typing import Literal

from django.http import HttpResponse
from ninja import Field, Router, Schema

from faircontact.core import clock
from faircontact.core.csvfile import csv_response, csv_text
from faircontact.core.downloads import content_disposition
from faircontact.core.models import User
from faircontact.register import reads, selectors, services
from faircontact.register.models import Enquiry, RegisterEntry, RegisterReview
from faircontact.register.subject_access import subject_access_zip

from .base import CSV_ALSO, ERRORS, Day, Moment, access, client_source, get_or_404, paged, perm, resolve

router = Router(tags=["register"])


class Person(Schema):
    name: str
    job_title: str
    email: str


class Ref(Schema):
    id: str
    name: str


class ComplaintRef(Schema):
    id: str
    reference: str


class CustomerRef(Schema):
    id: str
    reference: str
    name: str


class RegistrationOut(Schema):
    case: str = Field(description="The case whose decision registered these complaints.")
    complaints: list[ComplaintRef]
    registered_on: Day
    ended_on: Day | None = Field(description="When the case ended and its complaints came off the entry.")
    end_reason: str


class EntryOut(Schema):
    id: str
    created_at: Moment
    customer: CustomerRef
    complaints: list[ComplaintRef] = Field(
        description="Every complaint the customer is registered on, from any case (003 §19, §21: one entry per "
        "customer); the removal clock runs from the last contact about any of them (003 Annex D)."
    )
    registrations: list[RegistrationOut] = Field(
        description="The cases that registered the customer on this entry, oldest first."
    )
    business_unit: str | None
    spoc: Ref | None
    decision_maker: Ref | None
    aided_by: list[Ref]
    outcome: str
    registered_on: Day
    customer_told_on: Day | None
    last_contact_on: Day | None
    removal_due_on: Day | None
    removal_proposed_on: Day | None
    state: Literal["active", "removal_proposed", "removed", "ended"]
    ended_on: Day | None
    end_reason: str


class EntryList(Schema):
    items: list[EntryOut]
    count: int
    next: str | None


def _ref(user) -> dict | None:
    return {"id": str(user.pk), "name": user.display_name} if user else None


def entry_out(e: RegisterEntry) -> dict:
    return {
        "id": str(e.pk),
        "created_at": e.created_at,
        "customer": {"id": str(e.customer_id), "reference": e.customer.reference, "name": e.customer.name},
        "complaints": [
            {"id": str(c.pk), "reference": c.reference} for c in sorted(e.complaints.all(), key=lambda c: c.pk)
        ],
        "registrations": [
            {
                "case": str(r.case_id),
                "complaints": [{"id": str(c.pk), "reference": c.reference} for c in r.complaints.all()],
                "registered_on": r.registered_on,
                "ended_on": r.ended_on,
                "end_reason": r.end_reason,
            }
            for r in e.registrations.all()
        ],
        "business_unit": e.business_unit.name if e.business_unit_id else None,
        "spoc": _ref(e.spoc),
        "decision_maker": _ref(e.decision_maker),
        "aided_by": [{"id": str(r.pk), "name": r.name} for r in e.aided_by.all()],
        "outcome": e.outcome,
        "registered_on": e.registered_on,
        "customer_told_on": e.customer_told_on,
        "last_contact_on": e.last_contact_on,
        "removal_due_on": e.removal_due_on,
        "removal_proposed_on": e.removal_proposed_on,
        "state": e.state,
        "ended_on": e.ended_on,
        "end_reason": e.end_reason,
    }


@router.get(
    "/register",
    response={200: EntryList, **ERRORS},
    summary="The register (administrators and DSMs)",
    auth=perm("register.view"),
)
def list_register(
    request,
    state: Literal["live", "removal_proposed", "removed", "ended", "all"] = "live",
    business_unit: str | None = None,
    page: int = 1,
    page_size: int = 50,
):
    """Live entries by default, soonest removal first; ``state=all`` for every entry. Administrators see the whole
    register, a decision maker the entries they decided and their business unit's. The listing is audited."""
    result = reads.entries(access(request), state=state, business_unit=business_unit, page=page, page_size=page_size)
    return paged(request, result, entry_out, page=page, page_size=page_size)


class EnquiryOut(Schema):
    id: str
    created_at: Moment
    outcome: Literal["recorded", "not_recorded", "several_match"]
    recorded: bool | None
    business_unit: str | None = None
    complaints: list[dict] | None = None
    spoc: Person | None = None
    contact: Person | None = None
    matches: int | None = None
    message: str | None = None
    through_administrator: bool


def enquiry_out(q: Enquiry) -> dict:
    return {
        "id": str(q.pk),
        "created_at": q.created_at,
        "outcome": q.outcome,
        "through_administrator": q.through_administrator,
        **q.answer,
    }


@router.get(
    "/register/enquiry",
    response={200: EnquiryOut, **ERRORS},
    summary="Is this person recorded? (Annex E answer only)",
    auth=perm("register.enquire"),
)
def enquire(request, reference: str = "", name: str = "", nino: str = ""):
    """By reference, name or National Insurance number (all given must match). The answer holds only what 003
    Annex E lists — business unit, complaints, SPOC and business contact — and says when several people match
    rather than guessing. Enquirers and register administrators look themselves; officers and managers ask
    through the administrator, who is notified. Every enquiry and its answer are kept and audited."""
    enquiry = services.register_enquire(
        actor=request.auth, reference=reference, name=name, nino=nino, now=clock.now(), source=client_source(request)
    )
    return enquiry_out(enquiry)


class EnquiryRecord(EnquiryOut):
    asked_by: Ref
    reference: str
    name: str
    nino: str


class EnquiryList(Schema):
    items: list[EnquiryRecord]
    count: int
    next: str | None


@router.get(
    "/register/enquiries",
    response={200: EnquiryList, **ERRORS},
    summary="Enquiries made of the register",
    auth=perm("register.view"),
)
def list_enquiries(request, page: int = 1, page_size: int = 50):
    """Every enquiry and the answer given, newest first (the listing is audited)."""
    return paged(
        request,
        reads.enquiries(access(request), page=page, page_size=page_size),
        lambda q: {
            **enquiry_out(q),
            "asked_by": _ref(q.asked_by),
            "reference": q.reference,
            "name": q.name,
            "nino": q.nino,
        },
        page=page,
        page_size=page_size,
    )


class ReviewOut(Schema):
    id: str
    created_at: Moment
    kind: str
    period_start: Day
    business_unit: str | None
    reviewer: Ref | None
    entries: list[EntryOut]


class ReviewList(Schema):
    items: list[ReviewOut]
    count: int
    next: str | None


def review_out(r: RegisterReview) -> dict:
    return {
        "id": str(r.pk),
        "created_at": r.created_at,
        "kind": r.kind,
        "period_start": r.period_start,
        "business_unit": r.business_unit.name if r.business_unit_id else None,
        "reviewer": _ref(r.reviewer),
        "entries": [
            entry_out(e)
            for e in r.entries.select_related("customer", "business_unit", "spoc", "decision_maker").prefetch_related(
                "complaints", "aided_by", "registrations__complaints"
            )
        ],
    }


@router.get(
    "/register/reviews",
    response={200: ReviewList, **ERRORS},
    summary="Content-review lists and review prompts issued by the sweep",
    auth=perm("register.review"),
)
def list_reviews(request, page: int = 1, page_size: int = 20):
    result = reads.reviews(access(request), page=page, page_size=page_size)
    return paged(request, result, review_out, page=page, page_size=page_size)


@router.get(
    "/register/{entry_id}",
    response={200: EntryOut, **ERRORS},
    summary="One register entry (give a reason for access)",
    auth=perm("register.view"),
)
def get_entry(request, entry_id: str, reason: str | None = None):
    """Opening an entry needs a reason (``?reason=`` or an ``X-Access-Reason`` header), kept in the audit log;
    without one the answer is 422 ``reason_required``."""
    return entry_out(reads.entry(access(request), entry_id))


class RemoveIn(Schema):
    on: Day | None = None
    reasons: str
    confirmed_by: str | None = None


@router.post(
    "/register/{entry_id}/remove",
    response={200: EntryOut, **ERRORS},
    summary="Remove an entry (the DSM, or the administrator on the DSM's confirmation)",
    auth=perm("register.remove"),
)
def remove_entry(request, entry_id: str, payload: RemoveIn):
    """003 Annex D: the entry ends, the case is closed and its markers end. A register administrator names the
    confirming decision maker in ``confirmed_by``."""
    entry = get_or_404(RegisterEntry, entry_id, name="register entry", queryset=selectors.visible_entries(request.auth))
    confirmed_by = resolve(User, payload.confirmed_by, field="confirmed_by", name="member of staff")
    entry = services.register_remove(
        actor=request.auth,
        entry=entry,
        on=payload.on,
        reasons=payload.reasons,
        confirmed_by=confirmed_by,
        today=clock.today(),
        source=client_source(request),
    )
    return entry_out(entry)


class MarkerRow(Schema):
    customer: str
    customer_reference: str
    type: str
    since: Day
    review_due_on: Day | None
    ended_on: Day | None
    set_by: str | None


class MarkerExport(Schema):
    items: list[MarkerRow]
    count: int


MARKER_COLUMNS = ("customer", "customer_reference", "type", "since", "review_due_on", "ended_on", "set_by")


@router.get(
    "/markers/export",
    response={200: MarkerExport, **ERRORS},
    summary="Markers for other systems (housing management, eCase)",
    auth=perm("markers.export"),
    openapi_extra=CSV_ALSO,
)
def export_markers(request, format: Literal["json", "csv"] = "json", include_ended: bool = False):  # noqa: A002
    """Current markers (``include_ended=true`` for all), by customer id and reference only — no names, contact
    details or equality data. ``?format=csv`` gives the same rows as CSV."""
    markers = reads.markers_for_export(access(request), include_ended=include_ended)
    rows = [
        {
            "customer": str(m.customer_id),
            "customer_reference": m.customer.reference,
            "type": m.type,
            "since": m.since,
            "review_due_on": m.review_due_on,
            "ended_on": m.ended_on,
            "set_by": m.set_by.display_name if m.set_by_id else None,
        }
        for m in markers
    ]
    if format == "csv":
        return csv_response(csv_text(([row[k] for k in MARKER_COLUMNS] for row in rows), MARKER_COLUMNS), "markers.csv")
    return {"items": rows, "count": len(rows)}


@router.get(
    "/customers/{customer_id}/subject-access",
    response={200: None, **ERRORS},
    summary="Subject access pack: everything held about the customer (zip)",
    description="A zip with `subject-access.pdf` (what is held, why, who it was shared with, how long it is kept), "
    "`subject-access.json` (the same, machine-readable, with references instead of internal ids and no staff "
    "reasons for access) and `letters/LET-n.pdf`, each letter as issued. Producing it is audited. Withholding "
    "third parties' names or passages is done on the web page (`/subject-access`).",
    auth=perm("data.subject_access"),
    openapi_extra={
        "responses": {200: {"content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}}}
    },
)
def subject_access(request, customer_id: str):
    """The subject access pack as a zip (``register.subject_access``); the export is audited."""
    customer = reads.subject_access_customer(access(request), customer_id)
    content = subject_access_zip(actor=request.auth, customer=customer, now=clock.now(), source=client_source(request))
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = content_disposition(f"subject-access-{customer.reference}.zip")
    return response

"""Indicators per customer, suggestions for review and background contact imports."""

from __future__ import annotations

from datetime import date, datetime

from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from faircontact.core import clock
from faircontact.core.errors import Forbidden
from faircontact.indicators import imports, selectors, services
from faircontact.indicators.models import ImportJob
from faircontact.records.models import Customer

from .base import ERRORS, client_source, get_or_404, paginate

router = Router(tags=["indicators"])

#: Staff who may see indicators and evidence (everyone but view-only register enquirers, 003 §20).
READ_ROLES = (
    "officer",
    "manager",
    "decision_maker",
    "director",
    "chief_executive",
    "monitoring_officer",
    "register_admin",
    "auditor",
    "admin",
)
REVIEW_ROLES = services.DISMISS_ROLES


def _require(user, roles, what: str) -> None:
    if not user.has_role(*roles):
        raise Forbidden(f"Your role does not allow you to {what}.")


class IndicatorOut(Schema):
    name: str
    label: str
    value: float
    threshold: float
    crossed: bool
    explanation: str
    contacts: list[str]
    detail: dict


class IndicatorsOut(Schema):
    customer: str
    as_of: date
    note: str
    items: list[IndicatorOut]


NOTE = (
    "Indicators are evidence for a person to weigh alongside the customer's circumstances and support needs; "
    "a threshold only suggests a review and nothing is decided automatically (004)."
)


@router.get(
    "/customers/{customer_id}/indicators",
    response={200: IndicatorsOut, **ERRORS},
    summary="A customer's indicators, with thresholds, explanations and the contacts behind them",
)
def customer_indicators(request, customer_id: str, as_of: date | None = None):
    """``as_of`` (default today) ends every period; thresholds are the profile's ``[indicators]``."""
    _require(request.auth, READ_ROLES, "see indicators")
    customer = get_or_404(Customer, customer_id, name="customer")
    as_of = as_of or clock.today()
    return {
        "customer": str(customer.pk),
        "as_of": as_of,
        "note": NOTE,
        "items": selectors.indicators_for(customer, as_of=as_of),
    }


class SuggestionOut(Schema):
    customer: str
    reference: str
    name: str
    as_of: date
    reasons: list[IndicatorOut]
    last_dismissed_on: date | None
    chronology: str
    evidence_pack: str


class SuggestionList(Schema):
    items: list[SuggestionOut]
    count: int
    next: str | None


@router.get(
    "/suggestions",
    response={200: SuggestionList, **ERRORS},
    summary="Customers suggested for review: indicators over the profile's thresholds, with reasons",
)
def list_suggestions(request, as_of: date | None = None, page: int = 1, page_size: int = 50):
    """Customers with a live case, or dismissed on the same evidence, are left out. Open a case with
    ``POST /cases`` (customer, grounds, complaints) or dismiss with
    ``POST /suggestions/{customer}/dismiss``."""
    _require(request.auth, REVIEW_ROLES, "see suggestions for review")
    return paginate(request, selectors.suggestions(as_of or clock.today()), lambda s: s, page=page, page_size=page_size)


class DismissIn(Schema):
    reason: str


class DismissalOut(Schema):
    id: str
    created_at: datetime
    customer: str
    indicators: list[str]
    last_contact: str
    reason: str
    dismissed_by: str
    dismissed_on: date


@router.post(
    "/suggestions/{customer_id}/dismiss",
    response={201: DismissalOut, **ERRORS},
    summary="Dismiss a suggestion with a reason (the same evidence will not suggest them again)",
)
def dismiss_suggestion(request, customer_id: str, payload: DismissIn):
    customer = get_or_404(Customer, customer_id, name="customer")
    d = services.suggestion_dismiss(
        actor=request.auth,
        customer=customer,
        reason=payload.reason,
        today=clock.today(),
        source=client_source(request),
    )
    return Status(
        201,
        {
            "id": str(d.pk),
            "created_at": d.created_at,
            "customer": str(d.customer_id),
            "indicators": d.indicators,
            "last_contact": str(d.last_contact_id),
            "reason": d.reason,
            "dismissed_by": str(d.dismissed_by_id),
            "dismissed_on": d.dismissed_on,
        },
    )


class ImportJobOut(Schema):
    id: str
    created_at: datetime
    status: str
    file_name: str
    size_bytes: int
    bytes_read: int
    rows: int
    percent: float
    result: dict | None
    finished_at: datetime | None


def job_out(job: ImportJob) -> dict:
    percent = round(100 * job.bytes_read / job.size_bytes, 1) if job.size_bytes else 0.0
    return {
        "id": str(job.pk),
        "created_at": job.created_at,
        "status": job.status,
        "file_name": job.file_name,
        "size_bytes": job.size_bytes,
        "bytes_read": job.bytes_read,
        "rows": job.rows,
        "percent": 100.0 if job.status != "running" else percent,
        "result": job.result,
        "finished_at": job.finished_at,
    }


@router.post(
    "/contacts/import/jobs",
    response={202: ImportJobOut, **ERRORS},
    summary="Import contacts from CSV in the background (poll the job for progress)",
)
def start_import(request, file: UploadedFile = File(...)):  # noqa: B008
    """The same rules as ``POST /contacts/import``: all or nothing, idempotent on ``external_id``."""
    _require(request.auth, REVIEW_ROLES + ("officer",), "import contacts")
    job = imports.job_start(actor=request.auth, upload=file, source=client_source(request))
    return Status(202, job_out(job))


@router.get(
    "/contacts/import/jobs/{job_id}",
    response={200: ImportJobOut, **ERRORS},
    summary="Progress and result of a background contacts import",
)
def import_progress(request, job_id: str):
    return job_out(imports.job_progress(get_or_404(ImportJob, job_id, name="import job")))

"""Indicators per customer, suggestions for review and background contact imports."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from faircontact.core import clock, documents
from faircontact.core.downloads import content_disposition
from faircontact.core.profiles import active_profile
from faircontact.gate.services import typical_complaint
from faircontact.gate.similarity import same_issue
from faircontact.indicators import documents as evidence_documents
from faircontact.indicators import reads, services
from faircontact.indicators.abuse import possible_abuse
from faircontact.records import imports
from faircontact.records import reads as records_reads
from faircontact.records.models import Complaint, ImportJob

from .base import ERRORS, Day, Moment, access, check_page, client_source, paged, perm, resolve
from .documents import PreparedDocumentOut, document_out

router = Router(tags=["indicators"])


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
    as_of: Day
    note: str
    items: list[IndicatorOut]


def _note() -> str:
    return (
        "Indicators are evidence for a person to weigh alongside the customer's circumstances and support needs; "
        f"a threshold only suggests a review and nothing is decided automatically"
        f"{active_profile().cite('evidence_not_verdict')}."
    )


@router.get(
    "/customers/{customer_id}/indicators",
    response={200: IndicatorsOut, **ERRORS},
    summary="A customer's indicators, with thresholds, explanations and the contacts behind them",
    auth=perm("indicators.view"),
)
def customer_indicators(request, customer_id: str, as_of: Day | None = None):
    """``as_of`` (default today) ends every period; thresholds are the profile's ``[indicators]``."""
    as_of = as_of or clock.today()
    customer, items = reads.indicators(access(request), customer_id, as_of=as_of)
    return {"customer": str(customer.pk), "as_of": as_of, "note": _note(), "items": items}


class SuggestionOut(Schema):
    customer: str
    reference: str
    name: str
    as_of: Day
    reasons: list[IndicatorOut]
    last_dismissed_on: Day | None
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
    auth=perm("suggestions.manage"),
)
def list_suggestions(request, as_of: Day | None = None, page: int = 1, page_size: int = 50):
    """Customers with a live case, or dismissed on the same evidence, are left out. Open a case with
    ``POST /cases`` (customer, grounds, complaints) or dismiss with
    ``POST /suggestions/{customer}/dismiss``."""
    check_page(page, page_size)
    result = reads.suggestions(access(request), as_of=as_of or clock.today(), page=page, page_size=page_size)
    return paged(request, result, lambda s: s, page=page, page_size=page_size)


class DismissIn(Schema):
    reason: str


class DismissalOut(Schema):
    id: str
    created_at: Moment
    customer: str
    indicators: list[str]
    last_contact: str
    reason: str
    dismissed_by: str
    dismissed_on: Day


@router.post(
    "/suggestions/{customer_id}/dismiss",
    response={201: DismissalOut, **ERRORS},
    summary="Dismiss a suggestion with a reason (the same evidence will not suggest them again)",
    auth=perm("suggestions.manage"),
)
def dismiss_suggestion(request, customer_id: str, payload: DismissIn):
    customer = records_reads.customer(access(request), customer_id, permission="suggestions.manage")
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


@router.get(
    "/customers/{customer_id}/evidence-pack.pdf",
    response={200: None, **ERRORS},
    summary="The evidence pack (PDF): support needs, indicators, contact over time by channel, chronology",
    auth=perm("indicators.view"),
)
def evidence_pack(
    request, customer_id: str, complaint: str | None = None, start: Day | None = None, end: Day | None = None
):
    """For the decision maker or an ombudsman, with the chronology's filters. Every download is audited.
    (The contract's ``GET /customers/{id}/chronology?format=pdf`` gives the same file.)"""
    chosen = resolve(Complaint, complaint, field="complaint", name="complaint")
    reads.check_complaint_of(customer_id, chosen)
    customer, pdf = reads.evidence_pack(
        access(request),  # also reached from the chronology's ?format=pdf: checks indicators.view itself
        customer_id,
        today=clock.today(),
        complaint=chosen.pk if chosen else None,
        start=start,
        end=end,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(f"evidence-pack-{customer.reference}.pdf")
    return response


@router.post(
    "/customers/{customer_id}/evidence-pack/jobs",
    response={202: PreparedDocumentOut, **ERRORS},
    summary="Prepare the evidence pack in the background (poll the prepared document, then download it)",
    auth=perm("indicators.view"),
)
def prepare_evidence_pack(
    request, customer_id: str, complaint: str | None = None, start: Day | None = None, end: Day | None = None
):
    """The same filters and checks as ``GET /customers/{id}/evidence-pack.pdf`` (the reason for access too, which
    is carried over to the worker's read and the download); a task worker builds it as the requester, audited as
    their read. Answers at once with the document, ``queued``."""
    chosen = resolve(Complaint, complaint, field="complaint", name="complaint")
    params = evidence_documents.parameters(customer_id, today=clock.today(), complaint=chosen, start=start, end=end)
    document = documents.prepare(access(request), evidence_documents.EVIDENCE_PACK.name, params)
    return Status(202, document_out(document))


class ImportJobOut(Schema):
    id: str
    created_at: Moment
    status: str
    file_name: str
    size_bytes: int
    bytes_read: int
    rows: int
    percent: float
    result: dict | None
    finished_at: Moment | None


def job_out(job: ImportJob) -> dict:
    return {
        "id": str(job.pk),
        "created_at": job.created_at,
        "status": job.status,
        "file_name": job.file_name,
        "size_bytes": job.size_bytes,
        "bytes_read": job.bytes_read,
        "rows": job.rows,
        "percent": imports.percent_read(job),
        "result": job.result,
        "finished_at": job.finished_at,
    }


@router.post(
    "/contacts/import/jobs",
    response={202: ImportJobOut, **ERRORS},
    summary="Import contacts from CSV in the background (poll the job for progress)",
    auth=perm("records.import"),
)
def start_import(request, file: UploadedFile = File(...)):  # noqa: B008
    """The same rules as ``POST /contacts/import``: all or nothing, idempotent on ``external_id``."""
    job = imports.job_start(actor=request.auth, upload=file, source=client_source(request))
    return Status(202, job_out(job))


@router.get(
    "/contacts/import/jobs/{job_id}",
    response={200: ImportJobOut, **ERRORS},
    summary="Progress and result of a background contacts import",
    auth=perm("records.import"),
)
def import_progress(request, job_id: str):
    """Only for the person who started the import (its result names rows and values of the file): anyone else 404."""
    return job_out(imports.own_job(request.auth, job_id))


class TextIn(Schema):
    text: str


class AbuseOut(Schema):
    flagged: bool
    categories: list[str] = Field(
        description="`threatening` when a threat pattern matched or a sentence reads as a call for or threat of "
        "violence in context; otherwise `abusive`; empty when not flagged"
    )
    triggers: list[str] = Field(
        description="the threat phrases and the words behind the score, or the sentence read in context; never a "
        "word naming a group of people"
    )
    score: float = Field(description="the highest model probability (1.0 when only a threat pattern flagged it)")
    note: str


def abuse_out(text: str) -> dict:
    found = possible_abuse(text)
    return {
        "flagged": found is not None,
        "categories": found["categories"] if found else [],
        "triggers": found["triggers"] if found else [],
        "score": found["score"] if found else 0.0,
        "note": (f"{found['note']} " if found and found["note"] else "")
        + f"A suggestion for a person to confirm or reject{active_profile().cite('abusive_contact')}; nothing "
        "is recorded against the customer.",
    }


@router.post(
    "/text/possible-abuse",
    response={200: AbuseOut, **ERRORS},
    summary="Check a letter, e-mail or call note for possibly abusive language (offline)",
    auth=perm("records.view"),
)
def check_abuse(request, payload: TextIn):
    """Threatening, harassing, discriminatory or abusive words, with the words that triggered the flag."""
    return abuse_out(payload.text)


class TextAnalysisOut(Schema):
    contact: str
    possible_abuse: AbuseOut
    same_issue: dict | None


@router.get(
    "/contacts/{contact_id}/text-analysis",
    response={200: TextAnalysisOut, **ERRORS},
    summary="Possible abuse and same-issue-or-new suggestions for a stored contact",
    auth=perm("records.view"),
)
def contact_text_analysis(request, contact_id: str):
    """``same_issue`` is the customer's complaint the contact is most likely about (score, shared terms), or
    null when it seems to raise something new (003 §21, §33, Annex H step 3). Once the organisation has 30
    complaints on record, ``score`` is taken less the contact's score against its typical complaint (the mean of
    its 300 most recent), so words every complaint there shares do not make a match."""
    contact = records_reads.contact(access(request), contact_id)
    text = f"{contact.subject} {contact.body}"
    complaints = list(Complaint.objects.filter(customer_id=contact.customer_id).values_list("id", "summary"))
    vocabulary = active_profile().service_vocabulary
    return {
        "contact": str(contact.pk),
        "possible_abuse": abuse_out(text),
        "same_issue": same_issue(text, complaints, synonyms=vocabulary, typical=typical_complaint(vocabulary)),
    }

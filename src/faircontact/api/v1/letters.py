"""Letters: drafted from the organisation's templates, checked, issued and kept; templates with versions; the
reading queue of written contacts waiting to be acknowledged (003 §30-33)."""

from __future__ import annotations

from typing import Literal

from django.http import HttpResponse
from ninja import Field, Router, Schema, Status

from faircontact.cases.models import Case
from faircontact.core import clock
from faircontact.core.downloads import content_disposition
from faircontact.core.errors import NotFound
from faircontact.core.pdf import render_pdf
from faircontact.core.profiles import active_profile
from faircontact.gate.models import ReadingItem
from faircontact.letters import reads, services
from faircontact.letters.completeness import missing
from faircontact.letters.models import Kind, Letter, LetterTemplate
from faircontact.letters.models import Status as LetterStatus
from faircontact.letters.rendering import document_html, plain_text
from faircontact.letters.templating import VARIABLES
from faircontact.records.models import Contact, Customer

from .base import ERRORS, Day, Moment, access, get_or_404, paged, perm, resolve
from .records import ChannelName, FormatName

router = Router(tags=["letters"])

KindName = Literal[tuple(Kind.values)]  # type: ignore[valid-type]


class LetterIn(Schema):
    """Draft a letter from the organisation's template. ``addressed_to``: ``customer``, a representative's id,
    or omitted (the representative acting for the customer if there is one, else the customer)."""

    kind: KindName
    case: str | None = None
    customer: str | None = None
    addressed_to: str | None = None
    covers: list[str] = []
    format: FormatName | None = None
    encloses: str | None = None
    enclosures: list[str] = []
    copies: list[str] | None = Field(
        None,
        description="Who is sent a copy of the letter, each a name (and role if wished), shown on the letter as "
        "'Copy to:'. Left out: for the kinds the profile copies to those involved ([letters] copied_to_involved), "
        "the customer's other representatives.",
    )


class LetterPatch(Schema):
    text: str | None = None
    format: FormatName | None = None
    enclosures: list[str] | None = None
    copies: list[str] | None = Field(None, description="The whole copy list, replacing the one drafted.")


class IssueIn(Schema):
    on: Day | None = None
    channel: ChannelName = "letter"


class LetterOut(Schema):
    id: str
    created_at: Moment
    kind: str
    case: str | None
    customer: str
    addressed_to: str
    recipient_name: str
    covers: list[str]
    subject: str
    text: str
    format: str
    status: str
    issued_on: Day | None
    channel: str
    version: int
    supersedes: str | None
    superseded_by: str | None
    template_version: int
    enclosures: list[str]
    copies: list[str] = Field(description="Who is sent a copy, shown on the letter as 'Copy to:'.")
    attachments: list[str]
    missing: list[str]
    language: str = Field(description="The language the letter was drafted in: en or cy (the customer's language).")
    language_note: str = Field(description="Why the letter is not in the customer's language, if it is not.")
    document_sha256: str


class LetterList(Schema):
    items: list[LetterOut]
    count: int
    next: str | None


class TemplateIn(Schema):
    body: str
    note: str = ""


class TemplateOut(Schema):
    kind: str
    version: int
    body: str
    source: str
    note: str
    created_at: Moment
    created_by: str | None


class TemplateList(Schema):
    items: list[TemplateOut]
    variables: dict[str, str]


class ReadingOut(Schema):
    id: str
    created_at: Moment
    contact: str
    customer: str
    complaint: str
    occurred_at: Moment
    channel: str
    subject: str
    status: str
    file_only: bool = Field(description="Filed without reply: read, never acknowledged.")
    read_by: str | None
    read_on: Day | None
    note: str


class ReadingList(Schema):
    items: list[ReadingOut]
    count: int
    next: str | None


class ReadingIn(Schema):
    status: Literal["no_new_issue", "new_complaint", "filed"] = Field(
        description="filed: read, nothing new, placed on file without reply (only for file_only items)"
    )
    note: str = ""


def letter_out(letter: Letter) -> dict:
    corrected = Letter.objects.filter(supersedes=letter).values_list("pk", flat=True).first()
    return {
        "id": str(letter.pk),
        "created_at": letter.created_at,
        "kind": letter.kind,
        "case": str(letter.case_id) if letter.case_id else None,
        "customer": str(letter.customer_id),
        "addressed_to": str(letter.representative_id) if letter.representative_id else "customer",
        "recipient_name": letter.recipient_name,
        "covers": [str(c.pk) for c in letter.covers.all()],
        "subject": letter.subject,
        "text": letter.text,
        "format": letter.format,
        "status": letter.status,
        "issued_on": letter.issued_on,
        "channel": letter.channel,
        "version": letter.version,
        "supersedes": str(letter.supersedes_id) if letter.supersedes_id else None,
        "superseded_by": str(corrected) if corrected else None,
        "template_version": letter.template.version,
        "enclosures": letter.enclosures,
        "copies": letter.copies,
        "attachments": letter.attachments,
        "missing": [] if letter.status == LetterStatus.ISSUED else missing(letter, profile=active_profile()),
        "language": letter.facts.get("language", "en"),
        "language_note": letter.facts.get("language_note", ""),
        "document_sha256": letter.document_sha256,
    }


def template_out(t: LetterTemplate) -> dict:
    return {
        "kind": t.kind,
        "version": t.version,
        "body": t.body,
        "source": t.source,
        "note": t.note,
        "created_at": t.created_at,
        "created_by": str(t.created_by_id) if t.created_by_id else None,
    }


def _letter(request, letter_id: str, permission: str = "letters.view") -> Letter:
    return reads.letter(access(request), letter_id, permission=permission)


def _document(letter: Letter, large_print: bool | None) -> str:
    """The frozen document of a sent letter, or a draft rendered now (marked DRAFT)."""
    if letter.status == LetterStatus.ISSUED and large_print is None:
        return letter.document_html
    if large_print is not None:
        letter.format = "large_print" if large_print else "standard"
    draft = letter.status != LetterStatus.ISSUED
    return document_html(letter, profile=active_profile(), draft=draft, on=letter.issued_on or clock.today())


@router.post(
    "/letters",
    response={201: LetterOut, **ERRORS},
    summary="Draft a letter from the template",
    auth=perm("letters.write"),
)
def create_letter(request, payload: LetterIn):
    case = resolve(Case, payload.case, field="case", name="case")
    customer = resolve(Customer, payload.customer, field="customer", name="customer")
    encloses = resolve(Letter, payload.encloses, field="encloses", name="letter")
    covers = [resolve(Contact, c, field="covers", name="contact") for c in payload.covers]
    letter = services.letter_draft(
        actor=request.user,
        kind=payload.kind,
        customer=customer,
        case=case,
        addressed_to=payload.addressed_to,
        covers=covers,
        format=payload.format,
        encloses=encloses,
        enclosures=payload.enclosures,
        copies=payload.copies,
        today=clock.today(),
    )
    return Status(201, letter_out(letter))


@router.get("/letters", response={200: LetterList, **ERRORS}, summary="List letters", auth=perm("letters.view"))
def list_letters(request, customer: str | None = None, case: str | None = None, page: int = 1, page_size: int = 50):
    if (customer and not customer.isdigit()) or (case and not case.isdigit()):
        return {"items": [], "count": 0, "next": None}
    result = reads.letters(
        access(request),
        customer_id=int(customer) if customer else None,
        case_id=int(case) if case else None,
        page=page,
        page_size=page_size,
    )
    return paged(request, result, letter_out, page=page, page_size=page_size)


@router.get(
    "/letters/{letter_id}.pdf",
    summary="The letter as PDF (its format; ?large_print=true to override)",
    response={200: None, **ERRORS},
    auth=perm("letters.view"),
)
def letter_pdf(request, letter_id: str, large_print: bool | None = None):
    letter = _letter(request, letter_id)
    response = HttpResponse(render_pdf(_document(letter, large_print)), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(f"letter-{letter.pk}.pdf", inline=True)
    return response


@router.get(
    "/letters/{letter_id}.txt",
    summary="The letter as plain text (for e-mail and screen readers)",
    response={200: None, **ERRORS},
    auth=perm("letters.view"),
)
def letter_text(request, letter_id: str):
    letter = _letter(request, letter_id)
    text = letter.plain_text if letter.status == LetterStatus.ISSUED else plain_text(_document(letter, None))
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


@router.get(
    "/letters/{letter_id}", response={200: LetterOut, **ERRORS}, summary="One letter", auth=perm("letters.view")
)
def get_letter(request, letter_id: str):
    return letter_out(_letter(request, letter_id))


@router.patch(
    "/letters/{letter_id}",
    response={200: LetterOut, **ERRORS},
    summary="Edit a draft (a sent letter: 409; correct it instead)",
    auth=perm("letters.write"),
)
def patch_letter(request, letter_id: str, payload: LetterPatch):
    letter = services.letter_update(
        actor=request.user,
        letter=_letter(request, letter_id, "letters.write"),
        text=payload.text,
        format=payload.format,
        enclosures=payload.enclosures,
        copies=payload.copies,
    )
    return letter_out(letter)


@router.post(
    "/letters/{letter_id}/issue",
    response={200: LetterOut, **ERRORS},
    summary="Send: final and immutable, or 422 listing what is missing",
    auth=perm("letters.write"),
)
def issue_letter(request, letter_id: str, payload: IssueIn):
    letter = services.letter_issue(
        actor=request.user,
        letter=_letter(request, letter_id, "letters.write"),
        on=payload.on,
        channel=payload.channel,
        today=clock.today(),
    )
    return letter_out(letter)


@router.post(
    "/letters/{letter_id}/correct",
    response={201: LetterOut, **ERRORS},
    summary="Correct a sent letter: a new draft version linked to it",
    auth=perm("letters.write"),
)
def correct_letter(request, letter_id: str):
    letter = _letter(request, letter_id, "letters.write")
    return Status(201, letter_out(services.letter_correct(actor=request.user, letter=letter)))


@router.get(
    "/letter-templates",
    response={200: TemplateList, **ERRORS},
    summary="The templates in use and the variables they may use",
    auth=perm("letters.templates"),
)
def list_templates(request):
    profile = active_profile()
    items = [services.letter_template_current(profile=profile, kind=k) for k in services.template_kinds(profile)]
    return {"items": [template_out(t) for t in items], "variables": VARIABLES}


@router.get(
    "/letter-templates/{kind}",
    response={200: list[TemplateOut], **ERRORS},
    summary="Every version of one template, newest first",
    auth=perm("letters.templates"),
)
def template_versions(request, kind: str):
    profile = active_profile()
    if kind in Kind.values and kind in services.template_kinds(profile):
        services.letter_template_current(profile=profile, kind=kind)
    versions = LetterTemplate.objects.filter(profile=profile.slug, kind=kind).order_by("-version")
    if not versions:
        raise NotFound(f"There is no template for {kind}.", field="kind")
    return [template_out(t) for t in versions]


@router.post(
    "/letter-templates/{kind}",
    response={201: TemplateOut, **ERRORS},
    summary="Save a new version (refused if it names an unknown variable)",
    auth=perm("letters.templates"),
)
def save_template(request, kind: str, payload: TemplateIn):
    template = services.letter_template_save(actor=request.user, kind=kind, body=payload.body, note=payload.note)
    return Status(201, template_out(template))


def reading_out(item: ReadingItem) -> dict:
    c = item.contact
    return {
        "id": str(item.pk),
        "created_at": item.created_at,
        "contact": str(c.pk),
        "customer": str(c.customer_id),
        "complaint": str(item.complaint_id),
        "occurred_at": c.occurred_at,
        "channel": c.channel,
        "subject": c.subject,
        "status": item.status,
        "file_only": item.file_only,
        "read_by": str(item.read_by_id) if item.read_by_id else None,
        "read_on": item.read_on,
        "note": item.note,
    }


@router.get(
    "/reading",
    response={200: ReadingList, **ERRORS},
    summary="Written contacts on acknowledge-only complaints, waiting to be read",
    auth=perm("records.view"),
)
def reading_list(
    request,
    status: Literal["to_read", "no_new_issue", "new_complaint", "acknowledged"] = "to_read",
    customer: str | None = None,
    page: int = 1,
    page_size: int = 50,
):
    result = reads.reading_queue(
        access(request),
        status=status,
        customer_id=int(customer) if str(customer or "").isdigit() else None,
        page=page,
        page_size=page_size,
    )
    return paged(request, result, reading_out, page=page, page_size=page_size)


@router.post(
    "/reading/{item_id}",
    response={200: ReadingOut, **ERRORS},
    summary="Record that a contact was read: no new issue (acknowledge) or a new complaint",
    auth=perm("records.edit"),
)
def reading_mark(request, item_id: str, payload: ReadingIn):
    item = get_or_404(ReadingItem, item_id, name="reading item")
    item = services.reading_mark(
        actor=request.user, item=item, status=payload.status, note=payload.note, today=clock.today()
    )
    return reading_out(item)

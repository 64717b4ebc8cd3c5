"""Staff pages for letters: draft from a template, preview, edit a draft, issue, correct; templates and their
versions; the reading queue. Each view checks the permission, parses a form and calls one service."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from faircontact.cases.arrangement import protocol_banner
from faircontact.core import clock
from faircontact.core.access import access_for
from faircontact.core.downloads import content_disposition
from faircontact.core.errors import DomainError
from faircontact.core.pdf import render_pdf
from faircontact.core.permissions import allowed
from faircontact.core.profiles import active_profile
from faircontact.gate.models import ReadingItem, ReadingStatus
from faircontact.pages.forms import add_domain_error
from faircontact.pages.permissions import needs
from faircontact.records import reads as records_reads

from . import reads, selectors, services
from .completeness import missing
from .forms import DraftForm, EditForm, IssueForm, ReadingForm, TemplateForm
from .kinds import elements_for
from .models import Letter, LetterTemplate, Status
from .rendering import document_html, plain_text, policy_appendix, sanitise
from .sections import to_html, to_sections, with_parts
from .templating import VARIABLES
from .wording import Wording

SOURCE = "web"


def _letter(request, pk: int, permission: str = "letters.view") -> Letter:
    return reads.letter(access_for(request), pk, permission=permission)


@needs("letters.view")
def customer_letters(request, pk: int):
    """The customer's letters, and a form to draft a new one from the organisation's templates."""
    access = access_for(request)
    customer = records_reads.customer(access, pk, permission="letters.view")
    profile = active_profile()
    acknowledge = ReadingItem.objects.filter(contact__customer=customer, status=ReadingStatus.NO_NEW_ISSUE).values_list(
        "contact_id", flat=True
    )
    form = DraftForm(
        request.POST or None,
        customer=customer,
        kinds=services.template_kinds(profile),
        acknowledge=list(acknowledge),
        initial={k: request.GET[k] for k in ("kind", "case") if k in request.GET},  # the case page's next step
    )
    if request.method == "POST" and not allowed(request.user.roles, "letters.write"):
        raise PermissionDenied
    if form.is_valid():
        data = form.cleaned_data
        try:
            letter = services.letter_draft(
                actor=request.user,
                kind=data["kind"],
                customer=customer,
                case=customer.cases.filter(pk=data["case"]).first() if data["case"] else None,
                addressed_to=data["addressed_to"] or None,
                format=data["format"] or None,
                covers=list(customer.contacts.filter(pk__in=data["covers"])),
                encloses=Letter.objects.filter(pk=data["encloses"], customer=customer).first()
                if data["encloses"]
                else None,
                today=clock.today(),
            )
        except DomainError as error:
            add_domain_error(form, error, {"customer": "kind"})
        else:
            return redirect("letters:letter", pk=letter.pk)
    return render(
        request,
        "letters/customer_letters.html",
        {
            "customer": customer,
            "protocol_banner": protocol_banner(customer),
            "form": form,
            "letters": reads.customer_letters(access, customer),
            "acknowledge": list(acknowledge),
        },
    )


def _detail(request, letter: Letter, issue_form: IssueForm, status: int = 200):
    profile = active_profile()
    say = Wording(letter.facts.get("language", "en"))
    return render(
        request,
        "letters/letter.html",
        {
            "letter": letter,
            "customer": letter.customer,
            "protocol_banner": protocol_banner(letter.customer),
            "form": issue_form,
            "profile": profile,
            "body": sanitise(letter.text),
            "appendix": policy_appendix(profile.slug, say.language) if "policy" in letter.attachments else "",
            "letter_date": say.day(letter.issued_on or clock.today()),
            "frame": say.frame(),
            "policy_title": profile.words_in(say.language).policy_title,
            "missing": [] if letter.status == Status.ISSUED else missing(letter, profile=profile),
            "correction": Letter.objects.filter(supersedes=letter).first(),
            "can_write": allowed(request.user.roles, "letters.write"),
        },
        status=status,
    )


@needs("letters.view")
def letter_detail(request, pk: int):
    """The letter as the customer will see it, what it still lacks, and (a draft) how to send it."""
    return _detail(request, _letter(request, pk), IssueForm(initial={"on": clock.today(), "channel": "letter"}))


@needs("letters.write")
def letter_edit(request, pk: int):
    """Edit a draft's wording as sections of plain text (``letters.sections``), each part the letter must state
    named beside its text; saved back as the sanitised HTML subset."""
    letter = _letter(request, pk)
    if letter.status == Status.ISSUED:
        return redirect("letters:letter", pk=letter.pk)
    elements = elements_for(letter.kind, letter.facts)
    form = EditForm(
        request.POST or None,
        sections=with_parts(to_sections(letter.text), elements),
        elements={e.name: e for e in elements},
        initial={
            "format": letter.format,
            "enclosures": "\n".join(letter.enclosures),
            "copies": "\n".join(letter.copies),
        },
    )
    if form.is_valid():
        try:
            services.letter_update(
                actor=request.user,
                letter=letter,
                text=to_html(form.sections()),
                format=form.cleaned_data["format"],
                enclosures=form.enclosure_list(),
                copies=form.copy_list(),
            )
        except DomainError as error:
            add_domain_error(form, error, {"text": None})
        else:
            return redirect("letters:letter", pk=letter.pk)
    return render(request, "letters/letter_edit.html", {"letter": letter, "customer": letter.customer, "form": form})


@require_POST
@needs("letters.write")
def letter_issue(request, pk: int):
    letter = _letter(request, pk)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            services.letter_issue(
                actor=request.user,
                letter=letter,
                on=form.cleaned_data["on"],
                channel=form.cleaned_data["channel"],
                today=clock.today(),
            )
        except DomainError as error:
            add_domain_error(form, error, {"text": None})
        else:
            return redirect("letters:letter", pk=letter.pk)
    return _detail(request, _letter(request, pk), form, status=422)


@require_POST
@needs("letters.write")
def letter_correct(request, pk: int):
    try:
        correction = services.letter_correct(actor=request.user, letter=_letter(request, pk))
    except DomainError:
        return redirect("letters:letter", pk=pk)
    return redirect("letters:letter-edit", pk=correction.pk)


def _document(request, letter: Letter) -> str:
    large = request.GET.get("large_print")
    if letter.status == Status.ISSUED and large is None:
        return letter.document_html
    if large is not None:
        letter.format = "large_print" if large == "1" else "standard"
    return document_html(
        letter,
        profile=active_profile(),
        on=letter.issued_on or clock.today(),
        draft=letter.status != Status.ISSUED,
    )


@needs("letters.view")
def letter_pdf(request, pk: int):
    letter = _letter(request, pk)
    response = HttpResponse(render_pdf(_document(request, letter)), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(f"letter-{letter.pk}.pdf", inline=True)
    return response


@needs("letters.view")
def letter_txt(request, pk: int):
    letter = _letter(request, pk)
    text = letter.plain_text if letter.status == Status.ISSUED else plain_text(_document(request, letter))
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


@needs("letters.templates")
def template_list(request):
    profile = active_profile()
    templates = [services.letter_template_current(profile=profile, kind=k) for k in services.template_kinds(profile)]
    return render(request, "letters/templates.html", {"templates": templates})


@needs("letters.templates")
def template_edit(request, kind: str):
    """Edit a template: saving makes a new version; one naming an unknown variable is refused."""
    profile = active_profile()
    if kind not in services.template_kinds(profile):
        raise Http404
    current = services.letter_template_current(profile=profile, kind=kind)
    form = TemplateForm(request.POST or None, initial={"body": current.body})
    if form.is_valid():
        try:
            services.letter_template_save(
                actor=request.user, kind=kind, body=form.cleaned_data["body"], note=form.cleaned_data["note"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("letters:template", kind=kind)
    versions = LetterTemplate.objects.filter(profile=profile.slug, kind=kind).select_related("created_by")
    return render(
        request,
        "letters/template_edit.html",
        {
            "kind": kind,
            "label": profile.letter_label(kind),
            "current": current,
            "versions": versions,
            "form": form,
            "variables": VARIABLES,
        },
    )


def _reading(request, *, error: str = "", error_item: int | None = None, status: int = 200):
    """The queue; ``error`` is shown in the error summary, linked to the choice of the item it is about."""
    access = access_for(request)
    items, _ = reads.reading_queue(access, status=ReadingStatus.TO_READ, page_size=200)
    read, _ = reads.reading_queue(access, status=ReadingStatus.NO_NEW_ISSUE, page_size=200)
    return render(
        request,
        "letters/reading.html",
        {"items": items, "read": read, "error": error, "error_item": error_item},
        status=status,
    )


@needs("records.view")
def reading_queue(request):
    """Written contacts on acknowledge-only complaints, oldest first, for a person to read (003 §30-31)."""
    return _reading(request)


@require_POST
@needs("records.edit")
def reading_mark(request, pk: int):
    item = get_object_or_404(ReadingItem.objects.select_related("contact"), pk=pk)
    form = ReadingForm(request.POST)
    if not form.is_valid():
        return _reading(
            request,
            error=form.errors["status"][0] if "status" in form.errors else form.errors["note"][0],
            error_item=item.pk,
            status=422,
        )
    try:
        services.reading_mark(
            actor=request.user,
            item=item,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            today=clock.today(),
        )
    except DomainError as error:
        return _reading(request, error=error.message, error_item=item.pk, status=409)
    return redirect("letters:reading")


def case_page(user, case, profile) -> dict:
    """On the case page (``cases.views.CASE_PAGE``), for those who write letters: the outcome letter the case's
    latest review or appeal decision calls for, until it is sent."""
    if not allowed(user.roles, "letters.write"):
        return {"outcome_letter": None}
    return {"outcome_letter": selectors.outcome_letter_owed(case, kinds=services.template_kinds(profile))}

"""Register, enquiry and audit pages. Each view checks the permission matrix, calls one service or selector."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from faircontact.core import clock
from faircontact.core.access import access_for, clean_reason
from faircontact.core.audit import check_chain
from faircontact.core.downloads import content_disposition
from faircontact.core.errors import DomainError
from faircontact.core.models import AuditEvent
from faircontact.core.permissions import allowed
from faircontact.pages.forms import add_domain_error
from faircontact.pages.permissions import ReasonForm, needs

from . import reads, selectors, services
from .forms import AuditFilterForm, EnquiryForm, RedactionForm, RemoveForm, SubjectAccessFindForm
from .subject_access import Redactions, subject_access_pack, subject_access_zip

SOURCE = "web"


@needs("register.view")
def register_list(request):
    state = request.GET.get("state") or "live"
    page = Paginator(selectors.entries(request.user, state=state), 50).get_page(request.GET.get("page"))
    reads.entries_shown(access_for(request), page.object_list)
    return render(
        request,
        "register/list.html",
        {"page": page, "state": state, "can_enquire": allowed(request.user.roles, "register.enquire")},
    )


@needs("register.view")
def entry_detail(request, pk: int):
    """A short form asks for the reason for access before the entry is shown; the reason is audited."""
    entry = get_object_or_404(selectors.visible_entries(request.user).select_related("customer"), pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        access = access_for(request)
        access.reason = clean_reason(form.cleaned_data["reason"])
        try:
            entry = reads.entry(access, pk)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            can_remove = allowed(request.user.roles, "register.remove") and entry.ended_on is None
            return render(
                request,
                "register/entry.html",
                {"entry": entry, "can_remove": can_remove, "remove_form": RemoveForm(initial={"on": clock.today()})},
            )
    return render(request, "register/reason.html", {"form": form, "entry": entry})


@needs("register.remove")
def entry_remove(request, pk: int):
    entry = get_object_or_404(selectors.visible_entries(request.user).select_related("customer"), pk=pk)
    form = RemoveForm(request.POST or None, initial={"on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.register_remove(
                actor=request.user,
                entry=entry,
                on=form.cleaned_data["on"],
                reasons=form.cleaned_data["reasons"],
                confirmed_by=form.cleaned_data["confirmed_by"],
                today=clock.today(),
                source=SOURCE,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("register:list")
    return render(
        request,
        "register/remove.html",
        {"form": form, "entry": entry, "is_dsm": allowed(request.user.roles, "register.confirm_removal")},
    )


@needs("register.enquire")
def enquiry(request):
    """Annex E: is this person recorded? The answer shows only the business unit, complaints and contacts."""
    form = EnquiryForm(request.POST or None)
    answer = None
    if request.method == "POST" and form.is_valid():
        try:
            answer = services.register_enquire(actor=request.user, now=clock.now(), source=SOURCE, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
    return render(request, "register/enquiry.html", {"form": form, "enquiry": answer})


@needs("register.view")
def enquiry_detail(request, pk: int):
    item = reads.enquiry(access_for(request), pk)
    return render(request, "register/enquiry_detail.html", {"item": item})


@needs("register.review")
def review_detail(request, pk: int):
    """A review list as issued; a business contact point without ``register.view`` sees it without the links to
    the entries (003 Annex D: the list is issued to them to say whether the content is current)."""
    review = reads.review(access_for(request), pk)
    entries = review.entries.select_related("customer", "business_unit", "spoc", "decision_maker")
    return render(
        request,
        "register/review.html",
        {"review": review, "entries": entries, "can_open": allowed(request.user.roles, "register.view")},
    )


@needs("audit.view")
def audit(request):
    """The auditor's view of the trail, filtered by person, customer and date."""
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.none()
    if form.is_valid() or not form.is_bound:
        data = form.cleaned_data if form.is_bound else {}
        events = selectors.audit_events(
            customer=data.get("customer"), actor=data.get("actor"), start=data.get("start"), end=data.get("end")
        )
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    reads.audit_events_shown(access_for(request), page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "register/audit.html", {"form": form, "page": page, "query": query.urlencode()})


@needs("audit.view")
def audit_verify(request):
    result = check_chain()
    return render(
        request,
        "register/audit_verify.html",
        {"bad": result.first_bad, "result": result, "count": AuditEvent.objects.count()},
    )


@needs("data.subject_access")
def subject_access_find(request):
    """Find the customer whose subject access request is being answered (UK GDPR Art. 15)."""
    form = SubjectAccessFindForm(request.GET or None)
    results = reads.subject_access_search(access_for(request), form.cleaned_data["q"]) if form.is_valid() else None
    return render(request, "register/subject_access_find.html", {"form": form, "results": results})


@needs("data.subject_access")
def subject_access(request, pk: int):
    """Preview the pack with the redactions asked for, then produce it (PDF, letters as issued, JSON) as a zip.
    Opening the record is a read (the reason is asked where the profile requires it); producing it is audited."""
    customer = reads.subject_access_customer(access_for(request), pk)
    form = RedactionForm(request.POST or None)
    redactions = Redactions()
    if form.is_bound and form.is_valid():
        redactions = Redactions.from_text(form.cleaned_data["third_parties"], form.cleaned_data["passages"])
        if "produce" in request.POST:
            content = subject_access_zip(
                actor=request.user, customer=customer, now=clock.now(), source=SOURCE, redactions=redactions
            )
            response = HttpResponse(content, content_type="application/zip")
            response["Content-Disposition"] = content_disposition(f"subject-access-{customer.reference}.zip")
            return response
    pack = subject_access_pack(customer, today=clock.today(), redactions=redactions)
    return render(
        request,
        "register/subject_access.html",
        {"customer": customer, "pack": pack, "form": form, "redactions_made": redactions.made},
    )

"""Staff pages. Each view parses a form, calls one service or selector, and renders the result."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from faircontact.cases import reads as case_reads
from faircontact.cases.arrangement import protocol_banner
from faircontact.core import clock
from faircontact.core.access import SESSION_REASONS, access_for, clean_reason
from faircontact.core.errors import DomainError
from faircontact.core.ids import object_or_none
from faircontact.core.permissions import allowed
from faircontact.gate.services import guidance_for
from faircontact.indicators.selectors import indicators_for
from faircontact.pages.forms import add_domain_error, add_service_problems
from faircontact.pages.permissions import ReasonForm, ask_reason, needs
from faircontact.records import reads, services
from faircontact.records.models import Complaint, Contact, Customer

from .forms import (
    ChronologyFilterForm,
    ComplaintEditForm,
    ComplaintForm,
    ContactForm,
    CustomerForm,
    RepresentativeForm,
    SearchForm,
)
from .permissions import tools_for
from .selectors import SEARCH_HINT, home_for, mark_arrangements

SOURCE = "web"


def _about(customer: Customer) -> dict:
    """Context every page about one customer needs: the customer and the protocol banner."""
    return {"customer": customer, "protocol_banner": protocol_banner(customer)}


@needs("work.view")
def home(request):
    """Everyone's home page: what is waiting for them and their tools (``web.selectors.home_for``); for those who
    may see customers, the search (reference, name or National Insurance number; several matches all listed)."""
    can_search = allowed(request.user.roles, "records.view")
    form = SearchForm(request.GET or None) if can_search else None
    if form is not None and form.is_valid() and form.cleaned_data["q"]:
        results = mark_arrangements(reads.search(access_for(request), form.cleaned_data["q"]))
        return render(request, "web/search.html", {"form": form, "results": results, "search_hint": SEARCH_HINT})
    today = clock.today()
    return render(
        request,
        "web/home.html",
        {
            "form": form,
            "search_hint": SEARCH_HINT,
            "today": today,
            "tools": tools_for(request.user),
            **home_for(request.user, today),
        },
    )


@needs("records.edit")
def customer_add(request):
    """Add a customer; every problem is listed at once (the form's own and the service's independent checks)."""
    form = CustomerForm(request.POST or None)
    if form.is_valid():
        data = form.service_data()
        try:
            customer = services.customer_create(actor=request.user, data=data, source=SOURCE)
        except DomainError as error:
            add_domain_error(form, error, CustomerForm.FIELD_MAP)
            add_service_problems(form, services.customer_problems(data), CustomerForm.FIELD_MAP)
        else:
            return redirect("web:customer", pk=customer.pk)
    elif form.is_bound:
        add_service_problems(form, services.customer_problems(form.partial_data()), CustomerForm.FIELD_MAP)
    return render(request, "web/customer_form.html", {"form": form, "adding": True})


@needs("records.edit")
def customer_edit(request, pk: int):
    customer = reads.customer(access_for(request), pk, permission="records.edit")
    shown = allowed(request.user.roles, "reports.equality")
    form = CustomerForm(
        request.POST or None,
        initial=CustomerForm.initial_for(customer, equality_shown=shown),
        with_representative=False,
        equality_shown=shown,
    )
    if form.is_valid():
        try:
            services.customer_update(
                actor=request.user,
                customer=customer,
                data=form.service_data(identifiers=customer.identifiers),
                source=SOURCE,
            )
        except DomainError as error:
            add_domain_error(form, error, CustomerForm.FIELD_MAP)
        else:
            return redirect("web:customer", pk=customer.pk)
    return render(request, "web/customer_form.html", {"form": form, "adding": False, **_about(customer)})


@needs("work.view")  # any member of staff: the pages that ask have checked their own permission
@require_POST
def access_reason(request):
    """Keep, for this sign-in, the reason given for opening these customers' records, and go back."""
    ids = [int(i) for i in request.POST.get("customers", "").split(",") if i.strip().isdigit()]
    form = ReasonForm(request.POST)
    reason = clean_reason(form.data.get("reason"))
    if not ids or not reason:
        if form.is_valid():
            form.add_error("reason", "Give a reason for looking at this record; it is kept in the audit log.")
        return ask_reason(request, ids, form)
    reasons = request.session.get(SESSION_REASONS, {})
    reasons.update({str(i): reason for i in ids})
    request.session[SESSION_REASONS] = reasons
    back = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return redirect(back)


@needs("records.view")
def customer_detail(request, pk: int):
    """The customer's record and chronology, newest first. Every view is audited, as in the API, with the reason
    for access where the customer is under an arrangement."""
    access = access_for(request)
    customer = reads.customer(access, pk)
    filters = ChronologyFilterForm(request.GET or None, customer=customer)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    entries = reads.chronology(
        access,
        customer,
        complaint_id=chosen.get("complaint") or None,
        start=chosen.get("start"),
        end=chosen.get("end"),
        newest_first=True,
    )
    logged = object_or_none(Contact.objects.filter(customer=customer, staff=request.user), request.GET.get("logged"))
    same_issue = _same_issue(logged.guidance or {}, customer, logged.complaint_id) if logged else None
    return render(
        request,
        "web/customer.html",
        {
            **_about(customer),
            "representatives": customer.representatives.all(),
            "complaints": reads.customer_complaints(access, customer),
            "markers": customer.markers.filter(ended_on__isnull=True).select_related("set_by"),
            "cases": case_reads.customer_cases(access, customer),
            "filters": filters,
            "chronology": entries,
            "logged": logged,
            "same_issue": same_issue,
            "indicators": _indicators(request.user, customer),
        },
    )


def _indicators(user, customer: Customer) -> list[dict] | None:
    """The customer's indicators over the profile's thresholds, for those whose role may see them (004: evidence
    for a person to weigh, never a verdict); ``None`` for everyone else."""
    if not allowed(user.roles, "indicators.view"):
        return None
    return [i for i in indicators_for(customer, as_of=clock.today()) if i["crossed"]]


@needs("records.edit")
def representative_add(request, pk: int):
    customer = reads.customer(access_for(request), pk, permission="records.edit")
    form = RepresentativeForm(request.POST or None)
    if form.is_valid():
        try:
            services.representative_add(actor=request.user, customer=customer, data=form.cleaned_data, source=SOURCE)
        except DomainError as error:
            add_domain_error(form, error, RepresentativeForm.FIELD_MAP)
        else:
            return redirect(reverse("web:customer", args=[customer.pk]) + "#representatives")
    return render(request, "web/representative_form.html", {"form": form, **_about(customer)})


@needs("records.edit")
def complaint_add(request, pk: int):
    customer = reads.customer(access_for(request), pk, permission="records.edit")
    form = ComplaintForm(request.POST or None, initial={"received_on": clock.today()})
    if form.is_valid():
        data = dict(form.cleaned_data, customer=customer)
        try:
            services.complaint_create(actor=request.user, data=data, today=clock.today(), source=SOURCE)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect(reverse("web:customer", args=[customer.pk]) + "#complaints")
    return render(request, "web/complaint_form.html", {"form": form, "adding": True, **_about(customer)})


@needs("records.edit")
def complaint_edit(request, pk: int):
    """Change a complaint, or record its full and final response: the date and who gave it (003 §17)."""
    access = access_for(request)
    complaint = reads.complaint(access, pk, permission="records.edit")
    reads.customer(access, complaint.customer_id, permission="records.edit")
    initial = {
        "summary": complaint.summary,
        "stage": complaint.stage,
        "escalation_route": complaint.escalation_route,
        "final_response_on": complaint.final_response_on,
        "final_response_by": str(complaint.final_response_by_id or ""),
    }
    form = ComplaintEditForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.complaint_update(
                actor=request.user, complaint=complaint, data=form.service_data(), today=clock.today(), source=SOURCE
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect(reverse("web:customer", args=[complaint.customer_id]) + "#complaints")
    return render(
        request,
        "web/complaint_form.html",
        {"form": form, "adding": False, "complaint": complaint, **_about(complaint.customer)},
    )


def _same_issue(guidance, customer: Customer, chosen_id) -> Complaint | None:
    """The complaint the gate thinks this contact is about, when staff have not chosen that one."""
    suggestion = guidance.get("same_issue") if isinstance(guidance, dict) else getattr(guidance, "same_issue", None)
    complaint_id = (suggestion or {}).get("complaint")
    if not complaint_id or str(complaint_id) == str(chosen_id or ""):
        return None
    return customer.complaints.filter(pk=complaint_id).first()


def _guidance(form: ContactForm, now) -> tuple[object | None, str]:
    """The gate's guidance for a would-be contact, or why there is none yet. Stores nothing."""
    if not form.is_valid():
        return None, ""
    data = form.contact_data()
    try:
        fields = services.validate_contact(data, now=now)
    except DomainError as error:
        add_domain_error(form, error, ContactForm.FIELD_MAP)
        return None, error.message
    fields["new_issue"], fields["appointment"] = data["new_issue"], data["appointment"]
    return guidance_for(fields, now=now), ""


def _contact_problems(form: ContactForm, now) -> list[DomainError]:
    """The service's verdict on the fields the form accepted, so it is listed with the form's own errors."""
    try:
        services.validate_contact(form.partial_data(), now=now)
    except DomainError as problem:
        return [problem]
    return []


@needs("records.edit")
def contact_add(request, pk: int):
    """Log a contact. The gate's guidance is shown as the form is filled in (htmx) or on "Check the guidance";
    saving records it with the guidance and returns to the customer, where the guidance is repeated."""
    customer = reads.customer(access_for(request), pk, permission="records.edit")
    now = clock.now()
    form = ContactForm(request.POST or None, customer=customer, initial=ContactForm.initial_at(now))
    guidance, problem = None, ""
    if request.method == "POST" and request.POST.get("action") == "preview":
        guidance, problem = _guidance(form, now)
    elif form.is_bound and not form.is_valid():
        add_service_problems(form, _contact_problems(form, now), ContactForm.FIELD_MAP)
    elif form.is_valid():
        try:
            contact, _ = services.contact_record(actor=request.user, data=form.contact_data(), now=now, source=SOURCE)
        except DomainError as error:
            add_domain_error(form, error, ContactForm.FIELD_MAP)
        else:
            # in the address, not the session: a gate preview answering at the same moment cannot lose it
            return redirect(reverse("web:customer", args=[customer.pk]) + f"?logged={contact.pk}")
    same_issue = _same_issue(guidance, customer, form.data.get("complaint")) if guidance else None
    return render(
        request,
        "web/contact_form.html",
        {"form": form, "guidance": guidance, "problem": problem, "same_issue": same_issue, **_about(customer)},
    )


@needs("gate.ask")
@require_POST
def gate_preview(request, pk: int):
    """The guidance panel alone, for htmx to swap in while the officer fills in the contact form."""
    customer = reads.customer(access_for(request), pk, permission="gate.ask")
    form = ContactForm(request.POST, customer=customer)
    guidance, problem = _guidance(form, clock.now())
    same_issue = _same_issue(guidance, customer, form.data.get("complaint")) if guidance else None
    return render(
        request,
        "web/includes/guidance.html",
        {"guidance": guidance, "same_issue": same_issue, "problem": problem, "preview": True},
    )

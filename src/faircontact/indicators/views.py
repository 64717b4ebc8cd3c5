"""Pages: the review queue (suggestions), a customer's indicators and the evidence pack download (at once, or
prepared in the background: ``core.documents``).

Each view checks the permission matrix and calls one selector or service (docs: ``docs/performance.md``).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from faircontact.core import clock, documents
from faircontact.core.access import access_for
from faircontact.core.downloads import content_disposition
from faircontact.core.errors import DomainError
from faircontact.core.permissions import allowed
from faircontact.pages import documents as prepared
from faircontact.pages.forms import LimitedForm
from faircontact.pages.permissions import needs
from faircontact.records.models import Customer

from . import documents as evidence_documents
from . import reads, services
from .selectors import indicators_for

SOURCE = "web"


class DismissForm(LimitedForm):
    reason = forms.CharField(
        label="Why does this customer not need a case?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter the reason for dismissing the suggestion."},
    )


def _queue(request, *, error: str = "", error_item: str = "", typed: str = "", status: int = 200):
    """The suggestions; ``error`` is shown in the error summary, linked to the reason box of the customer it is
    about (``error_item``), which keeps what was typed."""
    today = clock.today()
    return render(
        request,
        "indicators/queue.html",
        {
            "suggestions": reads.suggestions(access_for(request), as_of=today, page_size=500)[0],
            "today": today,
            "form": DismissForm(),
            "error": error,
            "error_item": error_item,
            "typed": typed,
        },
        status=status,
    )


@needs("suggestions.manage")
def queue(request):
    return _queue(request)


@require_POST
@needs("suggestions.manage")
def dismiss(request, pk: int):
    customer = get_object_or_404(Customer, pk=pk)
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            services.suggestion_dismiss(
                actor=request.user,
                customer=customer,
                reason=form.cleaned_data["reason"],
                today=clock.today(),
                source=SOURCE,
            )
        except DomainError as error:
            return _queue(
                request, error=error.message, error_item=str(pk), typed=request.POST.get("reason", ""), status=409
            )
        messages.success(
            request, f"Suggestion for {customer.reference} dismissed. New evidence will suggest them again."
        )
        return redirect("indicators:queue")
    return _queue(
        request, error=form.errors["reason"][0], error_item=str(pk), typed=request.POST.get("reason", ""), status=422
    )


def customer_page(access, customer: Customer) -> dict:
    """On the customer's page (``records.views.CUSTOMER_PAGE``): their indicators over the profile's thresholds,
    for those whose role may see them (004: evidence for a person to weigh, never a verdict); ``None`` for everyone
    else."""
    if not allowed(access.user.roles, "indicators.view"):
        return {"indicators": None}
    return {"indicators": [i for i in indicators_for(customer, as_of=clock.today()) if i["crossed"]]}


@needs("indicators.view")
def customer_indicators(request, pk: int):
    """The customer's indicators, each with its explanation and the contacts it counts (linked to the history)."""
    today = clock.today()
    customer, indicators = reads.indicators(access_for(request), pk, as_of=today)
    ids = {int(i) for indicator in indicators for i in indicator["contacts"]}
    rows = customer.contacts.only("occurred_at", "channel", "subject").in_bulk(ids)
    for indicator in indicators:
        indicator["contact_rows"] = [rows[int(i)] for i in indicator["contacts"] if int(i) in rows]
    return render(request, "indicators/customer.html", {"customer": customer, "today": today, "indicators": indicators})


@needs("indicators.view")
def evidence_pack(request, pk: int):
    customer, pdf = reads.evidence_pack(access_for(request), pk, today=clock.today())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(f"evidence-pack-{customer.reference}.pdf")
    return response


@require_POST
@needs("indicators.view")
def prepare_evidence_pack(request, pk: int):
    """Ask for the evidence pack to be prepared in the background (the same checks as the download, the reason
    given this sign-in carried over); then its status page."""
    params = evidence_documents.parameters(pk, today=clock.today())
    document = documents.prepare(access_for(request), evidence_documents.EVIDENCE_PACK.name, params)
    return redirect("indicators:prepared", pk=pk, document_id=document.pk)


def _prepared_urls(pk: int, document_id) -> dict:
    return {
        "file_url": reverse("indicators:prepared-file", args=[pk, document_id]),
        "back_url": reverse("indicators:customer", args=[pk]),
        "back_text": "Indicators",
        "again": reverse("indicators:customer", args=[pk]),
    }


@needs("documents.collect")
def prepared_evidence_pack(request, pk: int, document_id):
    urls = _prepared_urls(pk, document_id)
    return prepared.status_page(request, document_id, kind=evidence_documents.EVIDENCE_PACK.name, **urls)


@needs("documents.collect")
def prepared_evidence_pack_file(request, pk: int, document_id):
    status_url = reverse("indicators:prepared", args=[pk, document_id])
    return prepared.download(request, document_id, kind=evidence_documents.EVIDENCE_PACK.name, status_url=status_url)

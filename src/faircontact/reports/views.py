"""Report pages: the dashboard, equality monitoring, the board report (HTML and PDF) and the CSV downloads.

Each view checks the permission matrix (``reports.view``; equality data ``reports.equality``), reads the two
selectors once and renders; looking at equality data, or taking a board report away as a file, is audited.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from faircontact.core import clock, documents
from faircontact.core.access import access_for
from faircontact.core.audit import record_event
from faircontact.core.downloads import content_disposition
from faircontact.core.pdf import render_pdf
from faircontact.core.permissions import allowed
from faircontact.core.profiles import active_profile
from faircontact.pages import documents as prepared
from faircontact.pages.permissions import needs

from . import documents as board_documents
from . import exports, panels, selectors
from .board import board_html
from .forms import AsOfForm, PeriodForm

SOURCE = "web"


def _period(request):
    form = PeriodForm(request.GET or None)
    return form, form.period(today=clock.today())


def _audit(request, what: str, **changes) -> None:
    record_event(
        actor=request.user,
        action="report",
        object_type="report",
        object_id=what,
        changes={k: str(v) for k, v in changes.items()},
        source=SOURCE,
    )


def _download(content, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


@needs("reports.view")
def dashboard(request):
    form, p = _period(request)
    profile = active_profile()
    s = selectors.summary(p, profile=profile)
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "period": p,
            "summary": s,
            "query": f"from={p.start}&to={p.end}",
            "panels": panels.summary_panels(s, profile=profile),
            "may_see_equality": allowed(request.user.roles, "reports.equality"),
        },
    )


@needs("reports.equality")
def equality(request):
    """Equality monitoring (001 §7.1): special category data, aggregated and small numbers withheld."""
    form = AsOfForm(request.GET or None)
    as_of = form.as_of_date(today=clock.today())
    e = selectors.equality(as_of=as_of)
    _audit(request, "equality", as_of=as_of)
    return render(request, "reports/equality.html", {"form": form, "equality": e, "panels": panels.equality_panels(e)})


def _board_html(request, p) -> str:
    return board_html(request.user, p, today=clock.today())


@needs("reports.view")
def board(request):
    """The board report for a chosen period, as a web page (the same document as the PDF)."""
    _, p = _period(request)
    return HttpResponse(_board_html(request, p))


@needs("reports.view")
def board_pdf(request):
    _, p = _period(request)
    pdf = render_pdf(_board_html(request, p))
    _audit(request, "board_pdf", start=p.start, end=p.end)
    return _download(pdf, filename=f"board-report-{p.start}-to-{p.end}.pdf", content_type="application/pdf")


@needs("reports.view")
def summary_csv(request):
    _, p = _period(request)
    content = exports.summary_csv(selectors.summary(p, profile=active_profile()))
    return _download(content, filename=f"summary-{p.start}-to-{p.end}.csv", content_type="text/csv; charset=utf-8")


@needs("reports.equality")
def equality_csv(request):
    as_of = AsOfForm(request.GET or None).as_of_date(today=clock.today())
    content = exports.equality_csv(selectors.equality(as_of=as_of))
    _audit(request, "equality_csv", as_of=as_of)
    return _download(content, filename=f"equality-{as_of}.csv", content_type="text/csv; charset=utf-8")


@require_POST
@needs("reports.view")
def prepare_board(request):
    """Ask for the board report PDF of the chosen period to be prepared in the background; then its status page."""
    form = PeriodForm(request.POST or None)
    p = form.period(today=clock.today())
    params = board_documents.parameters(p.start, p.end, today=clock.today())
    document = documents.prepare(access_for(request), board_documents.BOARD_REPORT.name, params)
    return redirect("reports:prepared", document_id=document.pk)


@needs("documents.collect")
def prepared_board(request, document_id):
    return prepared.status_page(
        request,
        document_id,
        kind=board_documents.BOARD_REPORT.name,
        file_url=reverse("reports:prepared-file", args=[document_id]),
        back_url=reverse("reports:dashboard"),
        back_text="Reports",
        again=reverse("reports:dashboard"),
    )


@needs("documents.collect")
def prepared_board_file(request, document_id):
    status_url = reverse("reports:prepared", args=[document_id])
    return prepared.download(request, document_id, kind=board_documents.BOARD_REPORT.name, status_url=status_url)

"""The pages of a document prepared in the background, for every app that offers one (``core.documents``): the
status page, which refreshes itself until the document is ready (htmx polling a ``role="status"`` live region;
without JavaScript a "check again" link), and the download. Each app wires them under its own addresses."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render

from faircontact.core import documents
from faircontact.core.access import access_for
from faircontact.core.downloads import content_disposition
from faircontact.core.errors import Conflict
from faircontact.core.models import DocumentStatus

#: How often the status page asks again while the document is being prepared, in seconds.
POLL_SECONDS = 2
#: htmx stops polling on this status (and still shows the answer).
STOP_POLLING = 286


def status_page(request, document_id, *, kind: str, file_url: str, back_url: str, back_text: str, again: str = ""):
    """The status page, or (``?part=status``, htmx's poll) only its live region."""
    document = documents.status(access_for(request), document_id, kind=kind)  # another kind's address: 404
    waiting = document.status in (DocumentStatus.QUEUED, DocumentStatus.RUNNING)
    context = {
        "document": document,
        "label": documents.kind_named(kind).label,
        "waiting": waiting,
        "poll_seconds": POLL_SECONDS,
        "file_url": file_url,
        "back_url": back_url,
        "back_text": back_text,
        "again": again,
        "hours": documents.lifetime().total_seconds() // 3600,
    }
    if request.GET.get("part") == "status":
        status = 200 if waiting else STOP_POLLING
        return render(request, "core/prepared_document_status.html", context, status=status)
    return render(request, "core/prepared_document.html", context)


def download(request, document_id, *, kind: str, status_url: str):
    """The file, for its requester while they may still read it (``documents.collect``: audited); before it is
    ready, or when it failed, the status page says so."""
    try:
        document = documents.collect(access_for(request), document_id, kind=kind)
    except Conflict:
        return redirect(status_url)
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = content_disposition(document.file_name)
    return response

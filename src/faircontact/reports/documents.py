"""The board report as a document prepared in the background (``core.documents``; docs/decisions/0019-…).

Figures only (small numbers withheld), built as the requester (equality figures only for a role that may see
them), with the same ``report`` audit event the synchronous PDF writes."""

from __future__ import annotations

from datetime import date

from faircontact.core.access import Access
from faircontact.core.documents import DocumentKind
from faircontact.core.models import PreparedDocument
from faircontact.core.pdf import render_pdf

from . import selectors
from .board import board_html


def parameters(start: date | None, end: date | None, *, today: date) -> dict:
    """The period as stored: 422 naming ``from`` for a period ending before it starts or too long."""
    p = selectors.period(start, end, today=today)
    return {"from": p.start.isoformat(), "to": p.end.isoformat(), "today": today.isoformat()}


def _period(params: dict) -> selectors.Period:
    return selectors.Period(date.fromisoformat(params["from"]), date.fromisoformat(params["to"]))


def _check(access: Access, params: dict) -> None:
    access.require("reports.view")
    return None


def _build(access: Access, params: dict) -> tuple[bytes, str]:
    p = _period(params)
    pdf = render_pdf(board_html(access.user, p, today=date.fromisoformat(params["today"])))
    return pdf, f"board-report-{p.start}-to-{p.end}.pdf"


def _event(document: PreparedDocument) -> dict:
    """The synchronous PDF's event (``report`` / ``board_pdf``), naming the document."""
    return {
        "action": "report",
        "object_type": "report",
        "object_id": "board_pdf",
        "changes": {
            "start": document.parameters["from"],
            "end": document.parameters["to"],
            "document": str(document.pk),
        },
    }


BOARD_REPORT = DocumentKind(name="board_report", label="board report", check=_check, build=_build, event=_event)

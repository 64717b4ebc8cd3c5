"""Subject access (UK GDPR Art. 15; 003 §34 "progressed in the usual way"): everything held about one customer.

:func:`subject_access_zip` builds a zip with ``subject-access.json`` — the customer, representatives, complaints,
contacts, cases and every step, protocols, breaches, markers, register entries, enquiries about them, audit events
about them, letters and the chronology — plus each issued letter as the PDF that was sent. Every query is scoped to
the customer, so nothing of anyone else's is included. Further apps add their records by appending a function
``(customer) -> (section, items, files)`` to :data:`SUBJECT_ACCESS_SOURCES` (``files``: zip path → bytes).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import datetime

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.forms.models import model_to_dict

from faircontact.cases.models import Breach, Case, Protocol
from faircontact.core.audit import record_event
from faircontact.core.models import AuditEvent
from faircontact.letters.models import Letter, Status
from faircontact.records.models import Customer
from faircontact.records.selectors import chronology

from .models import Enquiry, RegisterEntry

SUBJECT_ACCESS_SOURCES: list[Callable] = []


def _row(obj, *, exclude: tuple[str, ...] = ()) -> dict:
    data = model_to_dict(obj, exclude=exclude)
    data["id"] = obj.pk
    if hasattr(obj, "created_at"):
        data["created_at"] = obj.created_at
    for key, value in list(data.items()):
        if isinstance(value, list) and value and hasattr(value[0], "pk"):
            data[key] = [v.pk for v in value]
    return data


def _staff(user) -> str | None:
    return user.display_name if user else None


def subject_access_document(customer: Customer) -> tuple[dict, dict[str, bytes]]:
    """The JSON-ready document and the extra files for ``customer``."""
    cases = Case.objects.filter(customer=customer).prefetch_related("actions", "complaints", "evidence")
    document = {
        "customer": _row(customer, exclude=("search_name",)),
        "representatives": [_row(r) for r in customer.representatives.all()],
        "complaints": [_row(c) for c in customer.complaints.order_by("id")],
        "contacts": [_row(c) for c in customer.contacts.order_by("occurred_at", "id")],
        "cases": [
            {**_row(case), "actions": [{**_row(a), "actor": _staff(a.actor)} for a in case.actions.all()]}
            for case in cases.order_by("id")
        ],
        "protocols": [_row(p) for p in Protocol.objects.filter(customer=customer).order_by("id")],
        "breaches": [_row(b) for b in Breach.objects.filter(case__customer=customer).order_by("id")],
        "markers": [{**_row(m), "set_by": _staff(m.set_by)} for m in customer.markers.order_by("id")],
        "register_entries": [
            {
                **_row(e),
                "business_unit": e.business_unit.name if e.business_unit_id else None,
                "spoc": _staff(e.spoc),
                "decision_maker": _staff(e.decision_maker),
                "state": e.state,
            }
            for e in RegisterEntry.objects.filter(customer=customer).order_by("id")
        ],
        "enquiries": [
            {
                "id": q.pk,
                "asked_at": q.asked_at,
                "asked_by": _staff(q.asked_by),
                "outcome": q.outcome,
                "answer": q.answer,
            }
            for q in Enquiry.objects.filter(customer=customer).order_by("id")
        ],
        "audit_events": [
            {
                "id": e.pk,
                "at": e.at,
                "actor": _staff(e.actor),
                "action": e.action,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "reason": e.reason,
            }
            for e in AuditEvent.objects.filter(customer_id=customer.pk).select_related("actor").order_by("id")
        ],
        "chronology": chronology(customer),
    }
    files: dict[str, bytes] = {}
    if apps.is_installed("faircontact.letters"):
        document["letters"], files = _letters(customer)
    for source in SUBJECT_ACCESS_SOURCES:
        section, items, extra = source(customer)
        document[section] = items
        files.update(extra)
    return document, files


def _letters(customer: Customer) -> tuple[list[dict], dict[str, bytes]]:
    """The customer's letters as recorded, and each issued one as the PDF that was sent (its frozen document)."""
    from faircontact.core.pdf import render_pdf  # WeasyPrint loads only when a PDF is made

    items, files = [], {}
    for letter in Letter.objects.filter(customer=customer).order_by("id"):
        items.append(_row(letter, exclude=("document_html", "text", "covers")))
        if letter.status == Status.ISSUED and letter.document_html:
            files[f"letters/letter-{letter.pk}-v{letter.version}.pdf"] = render_pdf(letter.document_html)
    return items, files


def subject_access_zip(*, actor, customer: Customer, now: datetime, source: str = "") -> bytes:
    """The zip for ``customer``; the export itself is audited."""
    document, files = subject_access_document(customer)
    document["produced_at"] = now
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "subject-access.json", json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        )
        for name, content in sorted(files.items()):
            archive.writestr(name, content)
    record_event(
        actor=actor,
        action="subject_access_export",
        obj=customer,
        customer_id=customer.pk,
        changes={"files": len(files) + 1},
        source=source,
    )
    return buffer.getvalue()

"""Bulk import of contacts from CSV: every row validated, idempotent on ``external_id``, all or nothing.

Columns are the contact fields of the API contract. ``customer`` may hold the customer's id or reference
(``customer_reference`` also works); ``complaint`` the complaint's id or reference. Lists (``recipients``,
``behaviour``) are separated by ``;``. The file is read twice (validate, then write) so that memory does not
grow with its size beyond the lookup tables.
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from faircontact.core.audit import record_event
from faircontact.core.errors import InvalidInput

from .models import Complaint, Contact, Customer, Representative
from .services import validate_contact

BATCH = 2000
TRUE = {"1", "true", "yes", "y"}


@dataclass
class ImportResult:
    created: int = 0
    skipped_existing: int = 0
    errors: list[dict] = field(default_factory=list)
    imported: bool = False

    def as_dict(self) -> dict:
        return {"created": self.created, "skipped_existing": self.skipped_existing, "errors": self.errors,
                "imported": self.imported}


class _Lookups:
    """Customers, complaints and representatives by id or reference, loaded once per import."""

    def __init__(self):
        self.customers = {str(c.pk): c for c in Customer.objects.only("id", "reference", "business_unit_id")}
        self.customers.update({c.reference: c for c in list(self.customers.values())})
        self.complaints = {str(c.pk): c for c in Complaint.objects.only("id", "reference", "customer_id",
                                                                        "business_unit_id")}
        self.complaints.update({c.reference: c for c in list(self.complaints.values())})
        self.representatives = {str(r.pk): r for r in Representative.objects.only("id", "customer_id",
                                                                                  "relationship")}


def _rows(fileobj):
    fileobj.seek(0)
    stream = codecs.getreader("utf-8-sig")(fileobj) if "b" in getattr(fileobj, "mode", "b") else fileobj
    reader = csv.DictReader(stream)
    if not reader.fieldnames or not ({"customer", "customer_reference"} & set(reader.fieldnames)):
        raise InvalidInput("The CSV must have a header row with at least customer, occurred_at and channel.",
                           field="file")
    for line, row in enumerate(reader, start=2):
        yield line, row


def _parse(row: dict, lookups: _Lookups, now: datetime) -> dict:
    def pick(name):
        return (row.get(name) or "").strip()

    key = pick("customer") or pick("customer_reference")
    customer = lookups.customers.get(key)
    if customer is None:
        raise InvalidInput(f"There is no customer {key!r}.", field="customer")
    occurred_text = pick("occurred_at")
    occurred_at = None
    if occurred_text:
        try:
            occurred_at = parse_datetime(occurred_text)
        except ValueError:
            occurred_at = None
        if occurred_at is None:
            raise InvalidInput(f"{occurred_text!r} is not a date and time like 2026-03-10T09:30:00+00:00.",
                               field="occurred_at")
        if timezone.is_naive(occurred_at):
            occurred_at = timezone.make_aware(occurred_at)
    complaint = None
    if pick("complaint"):
        complaint = lookups.complaints.get(pick("complaint"))
        if complaint is None:
            raise InvalidInput(f"There is no complaint {pick('complaint')!r}.", field="complaint")
    rep = None
    if pick("from_representative"):
        rep = lookups.representatives.get(pick("from_representative"))
        if rep is None:
            raise InvalidInput("There is no such representative.", field="from_representative")
    minutes_text = pick("staff_minutes") or "0"
    if not minutes_text.isdigit():
        raise InvalidInput("Staff minutes must be a whole number.", field="staff_minutes")
    return validate_contact({
        "customer": customer, "occurred_at": occurred_at, "channel": pick("channel"),
        "direction": pick("direction") or "inbound", "staff_minutes": int(minutes_text), "complaint": complaint,
        "recipients": [r for r in pick("recipients").split(";") if r.strip()], "subject": pick("subject"),
        "body": row.get("body") or "", "urgent": pick("urgent").lower() in TRUE,
        "health_and_safety": pick("health_and_safety").lower() in TRUE, "from_representative": rep,
        "request_type": pick("request_type"), "behaviour": [b.strip() for b in pick("behaviour").split(";") if b.strip()],
        "external_id": pick("external_id") or None,
    }, now=now)


def import_contacts_csv(fileobj, *, actor, now: datetime, source: str = "", progress=None) -> ImportResult:
    """Validate every row of ``fileobj``; if all are good, write them in one transaction.

    ``progress`` (optional) is called with the number of rows written so far.
    """
    from faircontact.cases.models import Protocol, ProtocolStatus
    from faircontact.gate.services import apply_guidance, guidance_for

    result = ImportResult()
    lookups = _Lookups()
    seen: set[str] = set()
    for line, row in _rows(fileobj):
        try:
            fields = _parse(row, lookups, now)
        except InvalidInput as exc:
            result.errors.append({"line": line, "field": exc.field, "message": exc.message})
            continue
        ext = fields["external_id"]
        if ext and ext in seen:
            result.errors.append({"line": line, "field": "external_id", "message": f"{ext} appears twice in the file."})
        if ext:
            seen.add(ext)
    if result.errors:
        return result
    existing: set[str] = set()
    ids = list(seen)
    for i in range(0, len(ids), 5000):
        existing.update(Contact.objects.filter(external_id__in=ids[i:i + 5000]).values_list("external_id", flat=True))
    gated = set(Protocol.objects.filter(status=ProtocolStatus.IN_FORCE).values_list("customer_id", flat=True))
    staff = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        batch: list[Contact] = []
        for _line, row in _rows(fileobj):
            fields = _parse(row, lookups, now)
            if fields["external_id"] in existing:
                result.skipped_existing += 1
                continue
            fields["staff"] = fields["staff"] or staff
            if fields["customer"].pk in gated:
                guidance = guidance_for(fields, now=now)
                contact = Contact.objects.create(**fields, guidance=guidance.as_dict(), breach=guidance.breach)
                apply_guidance(contact, guidance, actor=actor, now=now)
                result.created += 1
                continue
            batch.append(Contact(**fields, guidance={"handling": "handle_normally", "breach": False, "reasons": [
                "No communication protocol applies to this contact: handle it as normal."], "script": "",
                "spoc": None, "same_issue": None, "flags": ["possible_abuse"] if fields["behaviour"] else []}))
            if len(batch) >= BATCH:
                Contact.objects.bulk_create(batch)
                result.created += len(batch)
                batch = []
                if progress:
                    progress(result.created)
        if batch:
            Contact.objects.bulk_create(batch)
            result.created += len(batch)
        record_event(actor=actor, action="import", object_type="contact", object_id="",
                     changes={"created": result.created, "skipped_existing": result.skipped_existing}, source=source)
    if progress:
        progress(result.created)
    result.imported = True
    return result

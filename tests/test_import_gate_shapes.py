"""The import's guidance remembered per shape (``gate.services.ImportGate``): every row's guidance is exactly what
the gate gives that contact on its own, however many rows of the same shape came before.

A file of every combination of what the gate reads (customer: complaints, markers; text; behaviour; the
complaint named; the representative; channel and direction; urgency) is imported in small batches, and each stored
guidance is compared with ``guidance_for`` for the same contact (what ``POST /contacts`` stores); rows that differ
in one input only are in the same file, so a shape that left an input out would give one of them the other's
guidance.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from datetime import UTC, date, datetime

import pytest

from faircontact.gate import services as gate
from faircontact.records import importer
from faircontact.records.models import Complaint, Contact, Customer, Marker, MarkerType, Representative

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TEXTS = ("Boiler repair", "The boiler is still broken", "You useless idiot, I will smash your face in")
HEADER = (
    "external_id",
    "customer",
    "occurred_at",
    "channel",
    "direction",
    "complaint",
    "from_representative",
    "subject",
    "behaviour",
    "urgent",
    "request_type",
)


@pytest.fixture
def world(db, use_profile):
    use_profile("southwark")  # the profile with contact scopes (002 §2)
    plain = Customer.objects.create(reference="P-1", name="Pat", search_name="pat")
    ann = Customer.objects.create(reference="A-1", name="Ann", search_name="ann")
    bob = Customer.objects.create(reference="B-1", name="Bob", search_name="bob")
    Complaint.objects.create(customer=ann, reference="CA1", summary="Boiler not repaired, no heating")
    Complaint.objects.create(customer=ann, reference="CA2", summary="Noise from the neighbour's music")
    Complaint.objects.create(customer=bob, reference="CB1", summary="Boiler broken since March")
    Marker.objects.create(customer=bob, type=MarkerType.POTENTIALLY_VIOLENT, since=date(2026, 1, 5))
    reps = {
        ann.reference: Representative.objects.create(customer=ann, name="Ann's MP", relationship="mp"),
        bob.reference: Representative.objects.create(customer=bob, name="Bob's advocate", relationship="advocate"),
    }
    return (plain, ann, bob), reps


def _file(world) -> tuple[io.BytesIO, int]:
    customers, reps = world
    text = io.StringIO()
    out = csv.writer(text)
    out.writerow(HEADER)
    combinations = itertools.product(
        customers,
        TEXTS,
        ("", "abusive"),
        (False, True),  # about the customer's first complaint
        (False, True),  # from the customer's representative
        (("letter", "inbound"), ("phone", "inbound"), ("phone", "outbound")),
        ("", "yes"),
    )
    for i, (customer, subject, behaviour, about, from_rep, (channel, direction), urgent) in enumerate(combinations):
        complaint = customer.complaints.order_by("pk").first() if about else None
        rep = reps.get(customer.reference) if from_rep else None
        out.writerow(
            (
                f"s-{i}",
                customer.reference,
                f"2026-11-{1 + i % 19:02d}T09:30:00+00:00",
                channel,
                direction,
                complaint.reference if complaint else "",
                rep.pk if rep else "",
                subject,
                behaviour,
                urgent,
                "foi" if i % 7 == 0 else "",
            )
        )
    return io.BytesIO(text.getvalue().encode()), i + 1


def test_every_row_gets_the_guidance_the_gate_gives_it_alone(world, monkeypatch):
    monkeypatch.setattr(importer, "BATCH", 50)  # the remembered shapes span batches
    gates = []
    (make_gate,) = importer.IMPORT_GATE

    def recording(**kwargs):
        gates.append(make_gate(**kwargs))
        return gates[-1]

    monkeypatch.setattr(importer, "IMPORT_GATE", [recording])
    upload, rows = _file(world)
    result = importer.import_contacts_csv(upload, actor=None, now=NOW)
    assert (result.imported, result.created) == (True, rows), result.errors[:3]
    assert 0 < len(gates[0]._around) < rows / 2  # shapes were remembered and reused

    seen = set()
    for contact in Contact.objects.select_related("customer", "complaint", "from_representative"):
        fields = {
            name: getattr(contact, name)
            for name in (
                "customer",
                "occurred_at",
                "channel",
                "direction",
                "complaint",
                "from_representative",
                "subject",
                "body",
                "behaviour",
                "scope",
                "urgent",
                "health_and_safety",
                "request_type",
            )
        }
        expected = gate.guidance_for(fields, now=NOW).as_dict()
        assert contact.guidance == expected, (contact.external_id, fields)
        seen.add(json.dumps(expected))
    # the file holds rows whose guidance differs in each way the gate's answer can without a protocol
    stored = [json.loads(g) for g in seen]
    assert {tuple(g["flags"]) for g in stored} >= {(), ("possible_abuse",), ("possible_abuse", "potentially_violent")}
    assert any(g["same_issue"] and g["same_issue"]["score"] < 1 for g in stored)


def test_the_json_is_byte_for_byte_the_guidance_of_each_row(world):
    customers, reps = world
    _, ann, bob = customers
    import_gate = gate.ImportGate(tz=None, profile=gate.active_profile())
    complaints = {c: tuple(Complaint.objects.filter(customer=c).values_list("pk", "summary")) for c in customers}
    markers = {bob: ("potentially_violent",)}
    rows = []
    for customer, text, about, behaviour, scope in itertools.product(
        customers, TEXTS, (False, True), ([], ["abusive"]), ("", "staff", "vexatious_foi")
    ):
        complaint = customer.complaints.order_by("pk").first() if about else None
        fields = {
            "customer": customer,
            "occurred_at": NOW,
            "channel": "letter",
            "direction": "inbound",
            "complaint": complaint,
            "from_representative": reps.get(customer.reference),
            "subject": text,
            "body": "",
            "behaviour": behaviour,
            "scope": scope,
            "urgent": False,
            "health_and_safety": False,
            "request_type": "",
        }
        rows.append((fields, complaints[customer], markers.get(customer, ())))
    answers = import_gate.guidance_json_many(rows) + import_gate.guidance_json_many(rows)  # the second from memory
    for (fields, complaint_pairs, marker_kinds), answer in zip(rows + rows, answers, strict=True):
        alone = gate.guidance_with(
            gate.would_be_contact(fields),
            text=gate.contact_text(fields),
            complaints=complaint_pairs,
            markers=marker_kinds,
        )
        assert answer == json.dumps(alone.as_dict())
    assert len(import_gate._around) < len(rows)
    assert any(json.loads(answer)["reasons"][0].startswith("Outside this policy") for answer in answers)

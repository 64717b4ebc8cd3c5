"""One set of contact rules: a random row gets the same verdict, and the same guidance, from the CSV importer as
from ``POST /api/v1/contacts`` (issue 18: the importer had drifted copies of ``validate_contact`` and a fixed
"handle normally" guidance without the text checks).

Each example is one would-be contact with at most one fault; it is sent to the API, the contacts are removed, and
the same contact is imported as a one-row CSV (an import is all or nothing, so the file's verdict is the row's).
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faircontact.core import clock
from faircontact.records.importer import import_contacts_csv
from faircontact.records.models import Complaint, Contact, Customer, Marker, MarkerType, Representative

TODAY = "2026-11-20"
COLUMNS = (
    "external_id",
    "customer",
    "occurred_at",
    "channel",
    "direction",
    "staff_minutes",
    "complaint",
    "from_representative",
    "recipients",
    "subject",
    "body",
    "behaviour",
    "request_type",
    "urgent",
    "health_and_safety",
    "scope",
)
TEXTS = [
    "",
    "Boiler repair",
    "The boiler is broken again and the flat is freezing",
    "Noise from next door every night, the music is loud",
    "You are a useless idiot and I will come round and smash your face in",
    "Thank you for your letter, I would like an update on my rent account",
    "I am going to my MP and the Ombudsman about this",
]
FAULTS = (
    None,
    "channel",
    "direction",
    "staff_minutes",
    "staff_minutes_high",
    "complaint_other",
    "complaint_unknown",
    "rep_other",
    "behaviour",
    "request_type",
    "external_id",
    "future",
    "customer",
    "scope",  # the profile classifies no contacts by scope (002 §2 is Southwark's)
)


@pytest.fixture
def world(db, use_profile, settings, api_for, make_user):
    use_profile("wolverhampton-homes")
    settings.FAIRCONTACT_TODAY = TODAY
    ann = Customer.objects.create(reference="A-1", name="Ann", search_name="ann")
    bob = Customer.objects.create(reference="B-1", name="Bob", search_name="bob")
    cat = Customer.objects.create(reference="C-1", name="Cat", search_name="cat")
    complaints = {
        ann: [
            Complaint.objects.create(customer=ann, reference="CA1", summary="Boiler not repaired, no heating"),
            Complaint.objects.create(customer=ann, reference="CA2", summary="Noise from the neighbour's music"),
        ],
        bob: [Complaint.objects.create(customer=bob, reference="CB1", summary="Rent account charges")],
        cat: [],
    }
    reps = {
        ann: Representative.objects.create(customer=ann, name="Ann's MP", relationship="mp"),
        bob: Representative.objects.create(customer=bob, name="Bob's advocate", relationship="advocate"),
    }
    Marker.objects.create(customer=bob, type=MarkerType.POTENTIALLY_VIOLENT, since=date(2026, 1, 5))
    officer = make_user("officer")
    return {"complaints": complaints, "reps": reps, "api": api_for(officer), "officer": officer}


@st.composite
def contacts(draw):
    """``(customer index, payload builder)``: the payload's ids are filled in once the world exists."""
    return {
        "who": draw(st.integers(0, 2)),
        "fault": draw(st.sampled_from(FAULTS)),
        "channel": draw(st.sampled_from(["phone", "letter", "email", "visit", "social_media", "portal", "other"])),
        "direction": draw(st.sampled_from(["inbound", "outbound"])),
        "minutes": draw(st.integers(0, 1440)),
        "about_complaint": draw(st.booleans()),
        "from_rep": draw(st.booleans()),
        "subject": draw(st.sampled_from(TEXTS)),
        "body": draw(st.sampled_from(TEXTS)),
        "behaviour": draw(st.lists(st.sampled_from(["abusive", "threatening", "harassment"]), max_size=2)),
        "request_type": draw(st.sampled_from(["", "", "foi", "sar"])),
        "urgent": draw(st.booleans()),
        "safety": draw(st.booleans()),
        "recipients": draw(st.lists(st.sampled_from(["Chief Executive", "MP Office", "Legal"]), max_size=2)),
        "occurred": draw(st.sampled_from(["", "2026-11-19T10:15:00+00:00", "2026-06-02T08:05:00+01:00"])),
        "external_id": draw(st.sampled_from(["", "ext-1", "legacy/42"])),
    }


def _payload(example: dict, world: dict) -> dict:
    customers = list(world["complaints"])
    customer = customers[example["who"]]
    other = customers[(example["who"] + 1) % 2]
    own = world["complaints"][customer]
    fault = example["fault"]
    payload = {
        "customer": str(customer.pk),
        "channel": example["channel"],
        "direction": example["direction"],
        "staff_minutes": example["minutes"],
        "subject": example["subject"],
        "body": example["body"],
        "behaviour": example["behaviour"],
        "urgent": example["urgent"],
        "health_and_safety": example["safety"],
        "recipients": example["recipients"],
    }
    if example["occurred"]:
        payload["occurred_at"] = example["occurred"]
    if example["request_type"]:
        payload["request_type"] = example["request_type"]
    if example["external_id"]:
        payload["external_id"] = example["external_id"]
    if example["about_complaint"] and own:
        payload["complaint"] = str(own[0].pk)
    if example["from_rep"] and customer in world["reps"]:
        payload["from_representative"] = str(world["reps"][customer].pk)
    if fault == "channel":
        payload["channel"] = "fax"
    elif fault == "direction":
        payload["direction"] = "sideways"
    elif fault == "staff_minutes":
        payload["staff_minutes"] = -5
    elif fault == "staff_minutes_high":
        payload["staff_minutes"] = 1441
    elif fault == "complaint_other":
        payload["complaint"] = str(world["complaints"][other][0].pk)
    elif fault == "complaint_unknown":
        payload["complaint"] = "999999"
    elif fault == "rep_other":
        payload["from_representative"] = str(world["reps"][other].pk)
    elif fault == "behaviour":
        payload["behaviour"] = ["rude"]
    elif fault == "request_type":
        payload["request_type"] = "complaint"
    elif fault == "external_id":
        payload["external_id"] = "x" * 101
    elif fault == "future":
        payload["occurred_at"] = "2026-11-21T09:00:00+00:00"
    elif fault == "customer":
        payload["customer"] = "999999"
    elif fault == "scope":
        payload["scope"] = "vexatious_foi"
    return payload


def _csv(payload: dict) -> io.BytesIO:
    text = io.StringIO()
    out = csv.writer(text)
    out.writerow(COLUMNS)
    row = []
    for column in COLUMNS:
        value = payload.get(column, "")
        if isinstance(value, list):
            value = ";".join(value)
        elif isinstance(value, bool):
            value = "yes" if value else ""
        row.append(str(value))
    out.writerow(row)
    return io.BytesIO(text.getvalue().encode())


STORED = (
    "customer_id",
    "occurred_at",
    "channel",
    "direction",
    "staff_id",
    "staff_minutes",
    "complaint_id",
    "recipients",
    "subject",
    "body",
    "urgent",
    "health_and_safety",
    "from_representative_id",
    "request_type",
    "behaviour",
    "external_id",
    "scope",
    "breach",
    "guidance",
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(example=contacts())
def test_a_row_gets_the_same_verdict_and_guidance_from_the_importer_as_from_the_api(world, example):
    payload = _payload(example, world)
    response = world["api"].post("/contacts", payload)
    assert response.status_code in (201, 422), response.content
    by_api = list(Contact.objects.values(*STORED))
    Contact.objects.all().delete()

    result = import_contacts_csv(_csv(payload), actor=world["officer"], now=clock.now())
    by_import = list(Contact.objects.values(*STORED))
    Contact.objects.all().delete()

    if response.status_code == 201:
        assert result.imported, (payload, result.errors)
        if "occurred_at" not in payload:  # "now" at each call: a moment apart
            for stored in by_api + by_import:
                stored.pop("occurred_at")
        assert by_import == by_api
        assert by_api[0]["guidance"]["handling"]  # the gate's answer, with its case and protocol keys
        assert {"case", "protocol", "same_issue", "flags"} <= set(by_api[0]["guidance"])
    else:
        assert not result.imported, payload
        api_field = response.json()["error"]["field"] or ""
        assert [e["field"].split(".")[0] for e in result.errors] == [api_field.split(".")[0]], (
            payload,
            response.json(),
            result.errors,
        )

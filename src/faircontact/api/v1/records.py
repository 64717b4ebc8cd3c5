"""Customers, complaints, contacts, the chronology, the gate's dry run and bulk import."""

from __future__ import annotations

from typing import Literal

from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from faircontact.core import clock
from faircontact.core.permissions import allowed
from faircontact.core.profiles import active_profile
from faircontact.gate.services import guidance_for
from faircontact.records import reads, services
from faircontact.records.importer import FIELDS, import_contacts_csv
from faircontact.records.models import Complaint, Contact, Customer, Representative
from faircontact.records.selectors import customer_records

from .base import ERRORS, Day, Moment, access, check_page, client_source, get_or_404, paged, perm, resolve
from .indicators import evidence_pack

router = Router(tags=["records"])

ChannelName = Literal["phone", "letter", "email", "visit", "social_media", "portal", "other"]
BehaviourName = Literal[
    "abusive", "aggressive", "threatening", "harassment", "discriminatory", "recording_without_consent"
]
RelationshipName = Literal["advocate", "relative", "mp", "msp", "ms", "mla", "councillor", "solicitor", "other"]
FormatName = Literal["standard", "large_print", "plain_text"]


class RepresentativeIn(Schema):
    name: str
    relationship: RelationshipName
    may_act: bool = False
    address: str = ""
    email: str = ""


class RepresentativeOut(RepresentativeIn):
    id: str


class MarkerOut(Schema):
    type: str
    since: Day
    review_due_on: Day | None
    set_by: str | None
    incident: str = ""
    police_reference: str = ""


class MarkerIn(Schema):
    """A potentially violent person marker on its own (000 §7.2, 001 §6.3.1)."""

    type: Literal["potentially_violent"]
    incident: str
    on: Day | None = None
    police_reference: str = ""
    review_due_on: Day | None = None


class CustomerIn(Schema):
    reference: str
    name: str
    address: str = ""
    email: str = ""
    phone: str = ""
    identifiers: dict[str, str] = {}
    business_unit: str | None = None
    support_needs: list[str] = []
    vulnerable: bool = False
    preferred_format: FormatName = "standard"
    preferred_channel: ChannelName | Literal[""] = ""
    language: Literal["en", "cy"] = Field(
        default="en", description="Letters are drafted in this language where the profile has a template in it."
    )
    representatives: list[RepresentativeIn] = []
    ethnicity: str = Field(
        "",
        description="Equality monitoring (optional): one of the ONS 2021 ethnic groups in `records/equality.py`, "
        "'Prefer not to say', or blank for not asked. Write-only for roles without `reports.equality`.",
    )
    disability: str = Field(
        "",
        description="Equality monitoring (optional): 'No', 'Yes, limited a little', 'Yes, limited a lot', "
        "'Prefer not to say', or blank for not asked.",
    )


class CustomerPatch(Schema):
    reference: str | None = None
    name: str | None = None
    address: str | None = None
    email: str | None = None
    phone: str | None = None
    identifiers: dict[str, str] | None = None
    business_unit: str | None = None
    support_needs: list[str] | None = None
    vulnerable: bool | None = None
    preferred_format: FormatName | None = None
    preferred_channel: ChannelName | None = None
    language: Literal["en", "cy"] | None = None
    representatives: list[RepresentativeIn] | None = None
    ethnicity: str | None = Field(None, description="Equality monitoring, as on create; '' clears it.")
    disability: str | None = Field(None, description="Equality monitoring, as on create; '' clears it.")


class CustomerOut(Schema):
    id: str
    created_at: Moment
    reference: str
    name: str
    address: str
    email: str
    phone: str
    identifiers: dict[str, str]
    business_unit: str | None
    support_needs: list[str]
    vulnerable: bool
    preferred_format: str
    preferred_channel: str
    language: str
    representatives: list[RepresentativeOut]
    markers: list[MarkerOut]
    ethnicity: str | None = Field(
        None, description="Equality monitoring; null unless the caller's role has `reports.equality` (least privilege)."
    )
    disability: str | None = Field(
        None, description="Equality monitoring; null unless the caller's role has `reports.equality`."
    )


class CustomerList(Schema):
    items: list[CustomerOut]
    count: int
    next: str | None


def customer_out(c: Customer, *, equality: bool = False) -> dict:
    """A customer as the API returns it; equality monitoring only when ``equality`` (the caller may see it).
    ``c`` comes from ``records.selectors.customer_records`` (the read services' queryset): its relations are
    already read, so a page of customers costs no query per customer."""
    return {
        "ethnicity": c.ethnicity if equality else None,
        "disability": c.disability if equality else None,
        "id": str(c.pk),
        "created_at": c.created_at,
        "reference": c.reference,
        "name": c.name,
        "address": c.address,
        "email": c.email,
        "phone": c.phone,
        "identifiers": c.identifiers,
        "business_unit": c.business_unit.name if c.business_unit_id else None,
        "support_needs": c.support_needs,
        "vulnerable": c.vulnerable,
        "preferred_format": c.preferred_format,
        "preferred_channel": c.preferred_channel,
        "language": c.language,
        "representatives": [
            {
                "id": str(r.pk),
                "name": r.name,
                "relationship": r.relationship,
                "may_act": r.may_act,
                "address": r.address,
                "email": r.email,
            }
            for r in c.representatives.all()
        ],
        "markers": [
            {
                "type": m.type,
                "since": m.since,
                "review_due_on": m.review_due_on,
                "set_by": m.set_by.display_name if m.set_by_id else None,
                "incident": m.incident,
                "police_reference": m.police_reference,
            }
            for m in c.live_markers
        ],
    }


def _sees_equality(request) -> bool:
    return allowed(request.auth.roles, "reports.equality")


@router.post(
    "/customers", response={201: CustomerOut, **ERRORS}, summary="Create a customer", auth=perm("records.edit")
)
def create_customer(request, payload: CustomerIn):
    """A duplicate ``reference`` is refused with 409."""
    data = payload.dict()
    data["representatives"] = [r.dict() for r in payload.representatives]
    customer = services.customer_create(actor=request.auth, data=data, source=client_source(request))
    return Status(
        201,
        customer_out(customer_records().get(pk=customer.pk), equality=_sees_equality(request)),
    )


@router.get(
    "/customers", response={200: CustomerList, **ERRORS}, summary="List or search customers", auth=perm("records.view")
)
def list_customers(request, q: str = "", page: int = 1, page_size: int = 50):
    """``q`` searches reference, National Insurance number and name (tolerant of accents and misspellings).
    Full records: where a customer returned is on the register or under a protocol, give a reason for access
    (``?reason=`` or ``X-Access-Reason``), else 422 ``reason_required``. One audit event names every id returned."""
    result = reads.customers(access(request), q=q, page=page, page_size=page_size)
    return paged(request, result, customer_out, page=page, page_size=page_size)


@router.get(
    "/customers/{customer_id}", response={200: CustomerOut, **ERRORS}, summary="One customer", auth=perm("records.view")
)
def get_customer(request, customer_id: str):
    """Every read is audited. A customer on the register, under a protocol in force or with a live marker needs a
    reason for access (``?reason=`` or an ``X-Access-Reason`` header), else 422 ``reason_required``."""
    return customer_out(reads.customer(access(request), customer_id), equality=_sees_equality(request))


@router.patch(
    "/customers/{customer_id}",
    response={200: CustomerOut, **ERRORS},
    summary="Change a customer",
    auth=perm("records.edit"),
)
def patch_customer(request, customer_id: str, payload: CustomerPatch):
    """Returns the changed record, so a customer who needs a reason for access needs one here too."""
    customer = reads.customer(access(request), customer_id, permission="records.edit")
    data = payload.dict(exclude_unset=True)
    if payload.representatives is not None:
        data["representatives"] = [r.dict() for r in payload.representatives]
    services.customer_update(actor=request.auth, customer=customer, data=data, source=client_source(request))
    return customer_out(
        reads.customer(access(request), customer.pk, permission="records.edit"), equality=_sees_equality(request)
    )


@router.post(
    "/customers/{customer_id}/markers",
    response={201: MarkerOut, **ERRORS},
    summary="Record a potentially violent person marker (the incident, police reference and review date)",
    auth=perm("records.edit"),
)
def add_marker(request, customer_id: str, payload: MarkerIn):
    customer = get_or_404(Customer, customer_id, name="customer")
    marker = services.marker_record(
        actor=request.auth, customer=customer, data=payload.dict(), today=clock.today(), source=client_source(request)
    )
    return Status(
        201,
        {
            "type": marker.type,
            "since": marker.since,
            "review_due_on": marker.review_due_on,
            "set_by": request.auth.display_name,
            "incident": marker.incident,
            "police_reference": marker.police_reference,
        },
    )


# --- complaints --------------------------------------------------------------------------------------------
StageName = Literal["stage1", "stage2", "final"]


class ComplaintIn(Schema):
    customer: str
    reference: str
    summary: str
    stage: StageName = "stage1"
    business_unit: str | None = None
    received_on: Day | None = None
    final_response_on: Day | None = None
    final_response_by: str | None = None
    escalation_route: str = ""
    response_sent_on: Day | None = None


class ComplaintPatch(Schema):
    summary: str | None = None
    stage: StageName | None = None
    stage_received_on: Day | None = Field(
        None, description="When the escalation to the new stage was received (default today): its response clock."
    )
    response_sent_on: Day | None = None
    final_response_on: Day | None = None
    final_response_by: str | None = None
    escalation_route: str | None = None


class ComplaintOut(Schema):
    id: str
    created_at: Moment
    customer: str
    reference: str
    summary: str
    stage: str
    business_unit: str | None
    received_on: Day | None
    final_response_on: Day | None
    final_response_by: str | None
    escalation_route: str
    response_due_on: Day | None = Field(description="From the profile's service standard ([complaints])")
    response_sent_on: Day | None
    response_overdue: bool


class ComplaintList(Schema):
    items: list[ComplaintOut]
    count: int
    next: str | None


def complaint_out(c: Complaint) -> dict:
    return {
        "id": str(c.pk),
        "created_at": c.created_at,
        "customer": str(c.customer_id),
        "reference": c.reference,
        "summary": c.summary,
        "stage": c.stage,
        "business_unit": c.business_unit.name if c.business_unit_id else None,
        "received_on": c.received_on,
        "final_response_on": c.final_response_on,
        "final_response_by": str(c.final_response_by_id) if c.final_response_by_id else None,
        "escalation_route": c.escalation_route,
        "response_due_on": c.response_due_on,
        "response_sent_on": c.response_sent_on,
        "response_overdue": bool(c.response_due_on and not c.response_sent_on and c.response_due_on < clock.today()),
    }


@router.post(
    "/complaints", response={201: ComplaintOut, **ERRORS}, summary="Record a complaint", auth=perm("records.edit")
)
def create_complaint(request, payload: ComplaintIn):
    data = payload.dict()
    data["customer"] = resolve(Customer, payload.customer, field="customer", name="customer")
    complaint = services.complaint_create(
        actor=request.auth, data=data, today=clock.today(), source=client_source(request)
    )
    return Status(201, complaint_out(complaint))


@router.get(
    "/complaints", response={200: ComplaintList, **ERRORS}, summary="List complaints", auth=perm("records.view")
)
def list_complaints(request, customer: str | None = None, page: int = 1, page_size: int = 50):
    chosen = resolve(Customer, customer, field="customer", name="customer") if customer else None
    result = reads.complaints(access(request), customer=chosen, page=page, page_size=page_size)
    return paged(request, result, complaint_out, page=page, page_size=page_size)


@router.get(
    "/complaints/{complaint_id}",
    response={200: ComplaintOut, **ERRORS},
    summary="One complaint",
    auth=perm("records.view"),
)
def get_complaint(request, complaint_id: str):
    return complaint_out(reads.complaint(access(request), complaint_id))


@router.patch(
    "/complaints/{complaint_id}",
    response={200: ComplaintOut, **ERRORS},
    summary="Change a complaint or record its full and final response",
    auth=perm("records.edit"),
)
def patch_complaint(request, complaint_id: str, payload: ComplaintPatch):
    complaint = reads.complaint(access(request), complaint_id, permission="records.edit")
    complaint = services.complaint_update(
        actor=request.auth,
        complaint=complaint,
        data=payload.dict(exclude_unset=True),
        today=clock.today(),
        source=client_source(request),
    )
    return complaint_out(complaint)


# --- contacts and the gate ---------------------------------------------------------------------------------
class ContactIn(Schema):
    customer: str
    occurred_at: Moment | None = None
    channel: ChannelName
    direction: Literal["inbound", "outbound"] = "inbound"
    staff_minutes: int = 0
    complaint: str | None = None
    recipients: list[str] = []
    subject: str = ""
    body: str = ""
    urgent: bool = False
    health_and_safety: bool = False
    new_issue: bool = False
    appointment: bool = False
    from_representative: str | None = None
    request_type: Literal["foi", "sar"] | None = None
    behaviour: list[BehaviourName] = []
    scope: str | None = Field(
        None,
        description="The scope category staff classify the contact as, from the profile's [contact_scope] "
        "(002 §2: in scope, e.g. a councillor acting for the council or a contractor; excluded, e.g. a vexatious FOI "
        "request or a matter with an alternative process). An excluded contact is never a breach and is kept apart "
        "in the chronology.",
    )
    external_id: str | None = None


class GuidanceOut(Schema):
    handling: Literal[
        "handle_normally",
        "acknowledge_only",
        "remind_and_end",
        "route_to_spoc",
        "new_complaint",
        "reply_to_mp",
        "file_without_reply",
    ]
    breach: bool
    reasons: list[str]
    script: str
    spoc: dict | None
    same_issue: dict | None
    flags: list[str]
    case: str | None = None
    protocol: str | None = None


class ContactOut(Schema):
    id: str
    created_at: Moment
    customer: str
    occurred_at: Moment
    channel: str
    direction: str
    staff: str | None
    staff_minutes: int
    complaint: str | None
    recipients: list[str]
    subject: str
    body: str
    urgent: bool
    health_and_safety: bool
    from_representative: str | None
    request_type: str | None
    behaviour: list[str]
    scope: str = Field(description="The contact's scope category (002 §2); blank when not classified.")
    excluded: bool = Field(description="True when the scope category is outside the policy (002 §2).")
    external_id: str | None
    breach: bool
    guidance: GuidanceOut | None


class ContactList(Schema):
    items: list[ContactOut]
    count: int
    next: str | None


def contact_out(c: Contact) -> dict:
    return {
        "id": str(c.pk),
        "created_at": c.created_at,
        "customer": str(c.customer_id),
        "occurred_at": c.occurred_at,
        "channel": c.channel,
        "direction": c.direction,
        "staff": str(c.staff_id) if c.staff_id else None,
        "staff_minutes": c.staff_minutes,
        "complaint": str(c.complaint_id) if c.complaint_id else None,
        "recipients": c.recipients,
        "subject": c.subject,
        "body": c.body,
        "urgent": c.urgent,
        "health_and_safety": c.health_and_safety,
        "from_representative": str(c.from_representative_id) if c.from_representative_id else None,
        "request_type": c.request_type or None,
        "behaviour": c.behaviour,
        "scope": c.scope,
        "excluded": bool(c.scope) and active_profile().scope_excluded(c.scope),
        "external_id": c.external_id,
        "breach": c.breach,
        "guidance": c.guidance,
    }


def contact_fields(payload: ContactIn) -> dict:
    """Payload → the dict ``records.services.validate_contact`` checks (ids resolved, times made aware)."""
    data = payload.dict()
    data["customer"] = resolve(Customer, payload.customer, field="customer", name="customer")
    data["complaint"] = resolve(Complaint, payload.complaint, field="complaint", name="complaint")
    data["from_representative"] = resolve(
        Representative, payload.from_representative, field="from_representative", name="representative"
    )
    if data["occurred_at"] is not None:
        data["occurred_at"] = clock.aware(data["occurred_at"], field="occurred_at")
    return data


@router.post(
    "/contacts",
    response={201: ContactOut, 200: ContactOut, **ERRORS},
    summary="Log a contact (returns the gate's guidance)",
    auth=perm("records.edit"),
)
def create_contact(request, payload: ContactIn):
    """A repeated ``external_id`` returns the stored contact with 200 and creates nothing."""
    contact, created = services.contact_record(
        actor=request.auth, data=contact_fields(payload), now=clock.now(), source=client_source(request)
    )
    return Status(201 if created else 200, contact_out(contact))


class ScopeIn(Schema):
    scope: str = Field(description="A category of the profile's [contact_scope] (002 §2), or '' to clear it.")


@router.post(
    "/contacts/{contact_id}/scope",
    response={200: ContactOut, **ERRORS},
    summary="Classify a logged contact's scope (002 §2)",
    auth=perm("records.edit"),
)
def classify_contact(request, contact_id: str, payload: ScopeIn):
    """An excluded category keeps the contact apart in the chronology and out of the indicators, which are
    recomputed; a contact already recorded as a breach cannot be excluded (409 ``breach_recorded``)."""
    contact = reads.contact(access(request), contact_id, permission="records.edit")
    contact = services.contact_classify(
        actor=request.auth, contact=contact, scope=payload.scope, source=client_source(request)
    )
    return contact_out(contact)


@router.get("/contacts", response={200: ContactList, **ERRORS}, summary="List contacts", auth=perm("records.view"))
def list_contacts(
    request, customer: str | None = None, complaint: str | None = None, page: int = 1, page_size: int = 50
):
    result = reads.contacts(
        access(request),
        customer=resolve(Customer, customer, field="customer", name="customer") if customer else None,
        complaint=resolve(Complaint, complaint, field="complaint", name="complaint") if complaint else None,
        page=page,
        page_size=page_size,
    )
    return paged(request, result, contact_out, page=page, page_size=page_size)


class ImportRowError(Schema):
    line: int
    field: str | None
    message: str


class ImportResult(Schema):
    created: int
    skipped_existing: int
    errors: list[ImportRowError]
    imported: bool


@router.post(
    "/contacts/import",
    response={200: ImportResult, **ERRORS},
    summary="Import contacts from CSV",
    description=(
        "All or nothing: any bad row rejects the file (200 with ``imported: false`` and an error per row). Rows whose "
        "``external_id`` is already stored are skipped, so importing a file twice adds nothing.\n\n"
        f"Columns, in any order (``customer`` or ``customer_reference`` required): {', '.join(FIELDS)}. A header "
        "with any other column, or one named twice, is refused (422, field ``file``); so is a row with more values "
        "than the header has columns."
    ),
    auth=perm("records.import"),
)
def import_contacts(request, file: UploadedFile = File(...)):  # noqa: B008
    result = import_contacts_csv(file, actor=request.auth, now=clock.now(), source=client_source(request))
    return result.as_dict()


@router.get(
    "/contacts/{contact_id}", response={200: ContactOut, **ERRORS}, summary="One contact", auth=perm("records.view")
)
def get_contact(request, contact_id: str):
    return contact_out(reads.contact(access(request), contact_id))


@router.post(
    "/gate",
    response={200: GuidanceOut, **ERRORS},
    summary="Ask the gate (dry run, stores nothing)",
    auth=perm("gate.ask"),
)
def ask_gate(request, payload: ContactIn):
    """What staff should do with this would-be contact, without recording it. The answer shows the customer's
    arrangements, so it is a read of their record: audited, with the reason where one is needed."""
    now = clock.now()
    data = contact_fields(payload)
    if data["customer"] is not None:
        reads.customer(access(request), data["customer"].pk, permission="gate.ask")
    fields = services.validate_contact(data, now=now)
    fields["new_issue"], fields["appointment"] = payload.new_issue, payload.appointment
    return guidance_for(fields, now=now).as_dict()


# --- chronology ------------------------------------------------------------------------------------------
class ChronologyEntry(Schema):
    at: Moment
    kind: str
    title: str
    detail: str | None
    object_id: str
    complaint: str | None = None
    part: Literal["in_scope", "excluded"] = Field(
        "in_scope",
        description="excluded: a contact staff classified outside the policy (002 §2), kept apart from the rest.",
    )


class Chronology(Schema):
    items: list[ChronologyEntry]
    count: int
    next: str | None


@router.get(
    "/customers/{customer_id}/chronology",
    response={200: Chronology, **ERRORS},
    summary="Everything recorded about a customer, in time order",
    auth=perm("records.view"),
)
def customer_chronology(
    request,
    customer_id: str,
    complaint: str | None = None,
    start: Day | None = None,
    end: Day | None = None,
    page: int = 1,
    page_size: int = 500,
    format: Literal["json", "pdf"] = "json",
    part: Literal["in_scope", "excluded"] | None = None,
):
    """``part``: only what the policy covers, or only the contacts classified outside it (002 §2)."""
    if format == "pdf":
        return evidence_pack(request, customer_id, complaint=complaint, start=start, end=end)
    check_page(page, page_size)
    reader = access(request)
    customer = reads.customer(reader, customer_id)
    complaint_id = resolve(Complaint, complaint, field="complaint", name="complaint")
    entries = reads.chronology(
        reader, customer, complaint_id=complaint_id.pk if complaint_id else None, start=start, end=end, part=part
    )
    start_at = (page - 1) * page_size
    return paged(
        request, (entries[start_at : start_at + page_size], len(entries)), lambda e: e, page=page, page_size=page_size
    )

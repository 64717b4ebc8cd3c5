"""Cases, their actions (one endpoint for every transition), protocols, the work queue and notifications."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from faircontact.cases import reads, selectors
from faircontact.cases.models import Case, Protocol
from faircontact.cases.selectors import current_protocol
from faircontact.cases.services import case_act, case_open
from faircontact.cases.transitions import TRANSITIONS
from faircontact.core import clock
from faircontact.core.access import require_permission
from faircontact.core.audit import record_event
from faircontact.core.errors import InvalidInput, NotFound
from faircontact.core.models import Notification, User
from faircontact.core.profiles import active_profile
from faircontact.records.models import Complaint, Contact, Customer

from .base import ERRORS, Day, Moment, access, get_or_404, paged, paginate, perm, resolve
from .records import BehaviourName, ChannelName

router = Router(tags=["cases"])

GroundName = Literal[
    "persistent", "unreasonable_demands", "vexatious", "abusive", "aggressive", "harassment", "non_cooperation", "upcc"
]
ActionName = Literal[tuple(TRANSITIONS)]  # type: ignore[valid-type]
DayName = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class CaseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    customer: str
    grounds: list[GroundName]
    complaints: list[str] = []
    evidence: list[str] = []
    summary: str = ""
    owner: str | None = None
    on: Day | None = None


class TimeSlot(Schema):
    """A permitted time for a channel, e.g. phone on Tuesdays and Thursdays 10:00-11:00 (001 §6.4)."""

    model_config = ConfigDict(extra="forbid")

    channel: ChannelName
    days: list[DayName] = []
    from_: str = Field(alias="from")
    to: str


class IssueLimit(Schema):
    model_config = ConfigDict(extra="forbid")

    count: int
    period_days: int = 30


class CallLimits(Schema):
    """At most ``calls_per_week`` inbound calls, Monday to Sunday in the organisation's time zone, each of up to
    ``max_minutes`` (restriction type ``call_limits``; LGSCO guidance part 6)."""

    model_config = ConfigDict(extra="forbid")

    calls_per_week: int = Field(ge=1)
    max_minutes: int | None = Field(default=None, ge=1)


class ProtocolIn(Schema):
    """A communication protocol's terms. Omit ``channels_allowed`` to leave every channel open.
    Any key not listed here is refused with 422 naming it."""

    model_config = ConfigDict(extra="forbid")

    channels_allowed: list[ChannelName] | None = None
    times: list[TimeSlot] = []
    spoc: str | None = None
    spoc_deputy: str | None = None
    acknowledge_only_complaints: list[str] = []
    file_without_reply_complaints: list[str] = Field(
        default=[],
        description="Complaints whose correspondence is read and placed on file, never acknowledged, unless it "
        "shows new evidence, worsening conditions or a linked issue (type file_without_reply).",
    )
    third_party_only: bool = False
    third_party: str = ""
    appointment_only: bool = False
    buildings_banned: list[str] = []
    issue_limit: IssueLimit | None = None
    call_limits: CallLimits | None = None
    meetings_witnessed: bool = Field(
        default=False, description="Meetings and visits only with a second officer present (type witnessed_meetings)."
    )
    health_and_safety_only_until: Day | None = None
    suspended_until: Day | None = None
    behaviour_agreement: bool = False
    representative: str | None = None
    business_unit: str | None = None
    starts_on: Day | None = None
    ends_on: Day | None = None
    review_due_on: Day | None = None
    frequency: str = Field("", description="How often contact and updates take place")


class SupportAgencyIn(Schema):
    """An agency already supporting the customer, contacted first (002 §1 Safeguarding, 003 Annex A)."""

    model_config = ConfigDict(extra="forbid")

    model_config = ConfigDict(extra="forbid")

    name: str
    contacted_on: Day
    outcome: str


class ActionIn(Schema):
    """One transition. Fields beyond ``action``, ``on`` and ``note`` depend on the action (see the contract).
    Any key not listed here is refused with 422 naming it."""

    model_config = ConfigDict(extra="forbid")

    action: ActionName
    on: Day | None = None
    note: str = ""
    channel: ChannelName | None = None
    behaviour: list[BehaviourName] = []
    support_needs_considered: bool | None = None
    safeguarding_considered: bool | None = None
    safeguarding_notes: str = ""
    support_agency: SupportAgencyIn | None = None
    reasons_for_behaviour: str = ""
    adjustments_offered: list[str] = []
    conclusion: Literal["unacceptable", "not_unacceptable"] | None = None
    findings: str = ""
    decision_maker: str | None = None
    approved_by: str | None = Field(
        None, description="Who approved the step, where the profile requires it (steps.<action>.approved_by)"
    )
    outcome: (
        Literal["restrict", "register", "no_action", "continue", "vary", "end", "upheld", "dismissed", "varied"] | None
    ) = None
    reasons: str = ""
    protocol: ProtocolIn | None = None
    override_reasons: str = ""
    police_reference: str = ""
    letter: str | None = None
    grounds: str = ""
    received_on: Day | None = None
    late_reasons: str = Field(
        default="",
        description="appeal: why an appeal received after the profile's lodging window is accepted all the same.",
    )
    contact: str | None = None


class ProtocolOut(Schema):
    id: str
    created_at: Moment
    case: str
    status: str
    channels_allowed: list[str]
    times: list[dict]
    spoc: dict | None
    spoc_deputy: dict | None
    acknowledge_only_complaints: list[str]
    third_party_only: bool
    third_party: str
    appointment_only: bool
    buildings_banned: list[str]
    issue_limit: dict | None
    call_limits: dict | None
    meetings_witnessed: bool
    file_without_reply_complaints: list[str]
    health_and_safety_only_until: Day | None
    suspended_until: Day | None
    behaviour_agreement: bool
    representative: str | None
    business_unit: str | None
    override_reasons: str
    frequency: str
    starts_on: Day
    ends_on: Day | None
    review_due_on: Day | None
    ended_on: Day | None


class ActionOut(Schema):
    id: str
    action: str
    on: Day
    actor: str | None
    from_state: str
    to_state: str
    note: str
    details: dict


class CaseOut(Schema):
    id: str
    created_at: Moment
    customer: str
    grounds: list[str]
    state: str
    complaints: list[str]
    evidence: list[str]
    owner: str
    summary: str
    opened_on: Day
    needs_considered_on: Day | None
    safeguarding_considered: bool
    support_agency: dict | None
    reasons_for_behaviour: str
    adjustments_offered: list[str]
    referred_by: str | None
    referred_on: Day | None
    decision_maker: str | None
    decided_by: str | None
    decided_on: Day | None
    outcome: str
    decision_reasons: str
    police_reference: str
    notified_on: Day | None
    appeal_received_on: Day | None
    closed_on: Day | None
    decision_due_on: Day | None
    review_due_on: Day | None
    appeal_due_on: Day | None
    review_overdue: bool
    deadline_calendar: str = Field(
        description="The calendar of the working-day deadlines, e.g. "
        "'working days in Scotland, bank holidays excluded'."
    )
    protocol: ProtocolOut | None
    actions: list[ActionOut]
    available_actions: list[str]


class CaseList(Schema):
    items: list[CaseOut]
    count: int
    next: str | None


def _person(user) -> dict | None:
    return {"id": str(user.pk), "name": user.display_name} if user else None


def _id(value) -> str | None:
    return str(value) if value else None


def protocol_out(p: Protocol) -> dict:
    return {
        "id": str(p.pk),
        "created_at": p.created_at,
        "case": str(p.case_id),
        "status": p.status,
        "channels_allowed": p.channels_allowed,
        "times": p.times,
        "spoc": _person(p.spoc),
        "spoc_deputy": _person(p.spoc_deputy),
        "acknowledge_only_complaints": [str(c.pk) for c in p.acknowledge_only_complaints.all()],
        "third_party_only": p.third_party_only,
        "third_party": p.third_party,
        "appointment_only": p.appointment_only,
        "buildings_banned": p.buildings_banned,
        "issue_limit": p.issue_limit,
        "call_limits": p.call_limits,
        "meetings_witnessed": p.meetings_witnessed,
        "file_without_reply_complaints": [str(c.pk) for c in p.file_without_reply_complaints.all()],
        "health_and_safety_only_until": p.health_and_safety_only_until,
        "suspended_until": p.suspended_until,
        "behaviour_agreement": p.behaviour_agreement,
        "representative": _id(p.representative_id),
        "business_unit": p.business_unit.name if p.business_unit_id else None,
        "override_reasons": p.override_reasons,
        "frequency": p.frequency,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "review_due_on": p.review_due_on,
        "ended_on": p.ended_on,
    }


def case_out(case: Case, user) -> dict:
    today = clock.today()
    protocol = current_protocol(case, include_draft=True)
    return {
        "id": str(case.pk),
        "created_at": case.created_at,
        "customer": str(case.customer_id),
        "grounds": case.grounds,
        "state": case.state,
        "complaints": [str(pk) for pk in case.complaints.values_list("pk", flat=True)],
        "evidence": [str(pk) for pk in case.evidence.values_list("pk", flat=True)],
        "owner": str(case.owner_id),
        "summary": case.summary,
        "opened_on": case.opened_on,
        "needs_considered_on": case.needs_considered_on,
        "safeguarding_considered": case.safeguarding_considered,
        "support_agency": case.support_agency,
        "reasons_for_behaviour": case.reasons_for_behaviour,
        "adjustments_offered": case.adjustments_offered,
        "referred_by": _id(case.referred_by_id),
        "referred_on": case.referred_on,
        "decision_maker": _id(case.decision_maker_id),
        "decided_by": _id(case.decided_by_id),
        "decided_on": case.decided_on,
        "outcome": case.outcome,
        "decision_reasons": case.decision_reasons,
        "police_reference": case.police_reference,
        "notified_on": case.notified_on,
        "appeal_received_on": case.appeal_received_on,
        "closed_on": case.closed_on,
        "decision_due_on": case.decision_due_on,
        "review_due_on": case.review_due_on,
        "appeal_due_on": case.appeal_due_on,
        "review_overdue": bool(case.review_due_on and case.review_due_on < today),
        "deadline_calendar": active_profile().working_calendar.name,
        "protocol": protocol_out(protocol) if protocol else None,
        "actions": [
            {
                "id": str(a.pk),
                "action": a.action,
                "on": a.on,
                "actor": _id(a.actor_id),
                "from_state": a.from_state,
                "to_state": a.to_state,
                "note": a.note,
                "details": a.details,
            }
            for a in case.actions.all()
        ],
        "available_actions": selectors.available_actions(case, user, on=today),
    }


def _objects(model, ids, *, field, name):
    return [resolve(model, i, field=field, name=name) for i in ids]


@router.post(
    "/cases",
    response={201: CaseOut, **ERRORS},
    summary="Open a case about a customer's behaviour",
    auth=perm("cases.act"),
)
def create_case(request, payload: CaseIn):
    customer = resolve(Customer, payload.customer, field="customer", name="customer")
    if customer is None:
        raise InvalidInput("Choose the customer the case is about.", field="customer")
    case = case_open(
        actor=request.auth,
        customer=customer,
        grounds=payload.grounds,
        complaints=_objects(Complaint, payload.complaints, field="complaints", name="complaint"),
        evidence=_objects(Contact, payload.evidence, field="evidence", name="contact"),
        summary=payload.summary,
        owner=resolve(User, payload.owner, field="owner", name="member of staff"),
        on=payload.on or clock.today(),
        today=clock.today(),
    )
    return Status(201, case_out(case, request.auth))


@router.get("/cases", response={200: CaseList, **ERRORS}, summary="List cases", auth=perm("cases.view"))
def list_cases(request, customer: str | None = None, state: str | None = None, page: int = 1, page_size: int = 50):
    """The cases within the user's rows (by business unit, as for the register; ``docs/permissions.md``)."""
    chosen = resolve(Customer, customer, field="customer", name="customer") if customer else None
    result = reads.cases(access(request), customer=chosen, state=state, page=page, page_size=page_size)
    return paged(request, result, lambda c: case_out(c, request.auth), page=page, page_size=page_size)


@router.get(
    "/cases/{case_id}",
    response={200: CaseOut, **ERRORS},
    summary="One case, with its computed dates",
    auth=perm("cases.view"),
)
def get_case(request, case_id: str):
    return case_out(reads.case(access(request), case_id), request.auth)


@router.post(
    "/cases/{case_id}/actions",
    response={200: CaseOut, **ERRORS},
    summary="Take an action on a case (every transition)",
    auth=perm("cases.act"),
)
def act_on_case(request, case_id: str, payload: ActionIn):
    """409 with a sentence saying why when the action is not allowed now or not by this user; nothing changes."""
    case = access(request).get("cases.act", Case.objects.all(), case_id, name="case")
    data = payload.dict(exclude_unset=True)
    if payload.protocol is not None:
        data["protocol"] = payload.protocol.dict(exclude_unset=True, by_alias=True)
        if payload.protocol.issue_limit is not None:
            data["protocol"]["issue_limit"] = payload.protocol.issue_limit.dict()
        if payload.protocol.call_limits is not None:
            data["protocol"]["call_limits"] = payload.protocol.call_limits.dict(exclude_none=True)
    case = case_act(actor=request.auth, case=case, data=data, today=clock.today())
    return case_out(case, request.auth)


@router.get(
    "/cases/{case_id}/protocol",
    response={200: ProtocolOut, **ERRORS},
    summary="The case's communication protocol (in force, or decided and not yet told)",
    auth=perm("cases.view"),
)
def get_protocol(request, case_id: str):
    protocol = current_protocol(reads.case(access(request), case_id), include_draft=True)
    if protocol is None:
        raise NotFound("This case has no communication protocol.", field="protocol")
    return protocol_out(protocol)


@router.get(
    "/cases/{case_id}/assessment",
    response={200: dict, **ERRORS},
    summary="Assessment figures from the contact log",
    auth=perm("cases.view"),
)
def get_assessment(request, case_id: str, as_of: Day | None = None):
    return reads.assessment(access(request), case_id, on=as_of or clock.today())


class WorkItem(Schema):
    kind: str
    case: str | None
    customer: str
    customer_reference: str
    title: str
    due_on: Day | None
    working_days_left: int | None
    overdue: bool


class WorkList(Schema):
    items: list[WorkItem]
    count: int
    next: str | None


@router.get(
    "/work", response={200: WorkList, **ERRORS}, summary="What the signed-in user must do next", auth=perm("work.view")
)
def work(request, as_of: Day | None = None, page: int = 1, page_size: int = 100):
    """Decisions awaiting you (with the working-day deadline), reviews and appeals due or overdue."""
    items = reads.work(access(request), as_of=as_of or clock.today())
    return paginate(request, items, lambda i: i, page=page, page_size=page_size)


class NotificationOut(Schema):
    id: str
    created_at: Moment
    kind: str
    text: str
    link: str
    read: bool


class NotificationList(Schema):
    items: list[NotificationOut]
    count: int
    next: str | None


def notification_out(n: Notification) -> dict:
    return {
        "id": str(n.pk),
        "created_at": n.created_at,
        "kind": n.kind,
        "text": n.text,
        "link": n.link,
        "read": n.read_at is not None,
    }


@router.get(
    "/notifications",
    response={200: NotificationList, **ERRORS},
    summary="The signed-in user's notifications",
    auth=perm("work.view"),
)
def notifications(request, unread: bool = False, page: int = 1, page_size: int = 50):
    items = Notification.objects.filter(user=request.auth)
    if unread:
        items = items.filter(read_at__isnull=True)
    return paginate(request, items, notification_out, page=page, page_size=page_size)


class Absence(Schema):
    absent_from: Day | None
    absent_until: Day | None


@router.put(
    "/staff/{user_id}/absence",
    response={200: Absence, **ERRORS},
    summary="Record a member of staff's leave (SPOC deputy, monitoring officer)",
    auth=perm("staff.absence"),
)
def record_absence(request, user_id: str, payload: Absence):
    """Staff record their own leave; managers and administrators record anyone's."""
    user = get_or_404(User, user_id, name="member of staff")
    if user != request.auth:
        require_permission(request.auth, "staff.absence.anyone")
    if (payload.absent_from is None) != (payload.absent_until is None) or (
        payload.absent_from and payload.absent_until < payload.absent_from
    ):
        raise InvalidInput("Give both dates, the first not after the last.", field="absent_until")
    user.absent_from, user.absent_until = payload.absent_from, payload.absent_until
    user.save(update_fields=["absent_from", "absent_until"])
    record_event(
        actor=request.auth, action="update", obj=user, changes={"absence": [payload.absent_from, payload.absent_until]}
    )
    return payload.dict()

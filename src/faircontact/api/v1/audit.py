"""The audit trail for auditors: filter it, and prove its hash chain is unbroken."""

from __future__ import annotations

from ninja import Field, Query, Router, Schema

from faircontact.core.audit import check_chain
from faircontact.core.models import AuditEvent
from faircontact.register import reads

from .base import ERRORS, Day, Moment, access, paged, perm

router = Router(tags=["audit"])
MAX_ID = 2**63 - 1


class AuditOut(Schema):
    id: str
    at: Moment
    actor: str | None
    actor_name: str | None
    action: str
    object_type: str
    object_id: str
    customer: str | None
    changes: dict
    reason: str
    source: str


class AuditList(Schema):
    items: list[AuditOut]
    count: int
    next: str | None


def audit_out(e: AuditEvent) -> dict:
    return {
        "id": str(e.pk),
        "at": e.at,
        "actor": str(e.actor_id) if e.actor_id else None,
        "actor_name": e.actor.display_name if e.actor_id else None,
        "action": e.action,
        "object_type": e.object_type,
        "object_id": e.object_id,
        "customer": str(e.customer_id) if e.customer_id else None,
        "changes": e.changes,
        "reason": e.reason,
        "source": e.source,
    }


class AuditFilter(Schema):
    customer: int | None = Field(None, ge=1, le=MAX_ID)
    actor: str | None = None
    start: Day | None = Query(None, alias="from")
    end: Day | None = Query(None, alias="to")


@router.get(
    "/audit", response={200: AuditList, **ERRORS}, summary="The audit trail (auditors only)", auth=perm("audit.view")
)
def list_audit(request, filters: Query[AuditFilter], page: int = 1, page_size: int = 100):
    """Newest first: who did or saw what, when, to which object and customer, and the reason for access given.
    Filter by ``customer`` (id), ``actor`` (id or username), ``from`` and ``to`` (dates, inclusive)."""
    result = reads.audit_events(
        access(request),
        customer=filters.customer,
        actor=filters.actor,
        start=filters.start,
        end=filters.end,
        page=page,
        page_size=page_size,
    )
    return paged(request, result, audit_out, page=page, page_size=page_size)


class VerifyOut(Schema):
    intact: bool
    events: int
    first_bad: str | None
    problem: str = ""


@router.get(
    "/audit/verify", response={200: VerifyOut, **ERRORS}, summary="Check the audit hash chain", auth=perm("audit.view")
)
def verify(request):
    """``intact`` when every event's keyed hash and link to the one before are right and the chain ends at the
    stored head; otherwise ``first_bad`` names the first event changed, inserted or after one deleted, and
    ``problem`` says what is wrong (e.g. "rows missing after 120")."""
    result = check_chain()
    bad = result.first_bad
    return {
        "intact": result.intact,
        "events": result.events if result.intact or bad is None else AuditEvent.objects.count(),
        "first_bad": str(bad.pk) if bad else None,
        "problem": result.problem,
    }

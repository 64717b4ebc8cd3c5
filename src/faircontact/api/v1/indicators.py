"""Indicators per customer and suggestions for review."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Router, Schema, Status

from faircontact.core import clock
from faircontact.core.errors import Forbidden
from faircontact.indicators import selectors, services
from faircontact.records.models import Customer

from .base import ERRORS, client_source, get_or_404, paginate

router = Router(tags=["indicators"])

#: Staff who may see indicators and evidence (everyone but view-only register enquirers, 003 §20).
READ_ROLES = (
    "officer",
    "manager",
    "decision_maker",
    "director",
    "chief_executive",
    "monitoring_officer",
    "register_admin",
    "auditor",
    "admin",
)
REVIEW_ROLES = services.DISMISS_ROLES


def _require(user, roles, what: str) -> None:
    if not user.has_role(*roles):
        raise Forbidden(f"Your role does not allow you to {what}.")


class IndicatorOut(Schema):
    name: str
    label: str
    value: float
    threshold: float
    crossed: bool
    explanation: str
    contacts: list[str]
    detail: dict


class IndicatorsOut(Schema):
    customer: str
    as_of: date
    note: str
    items: list[IndicatorOut]


NOTE = (
    "Indicators are evidence for a person to weigh alongside the customer's circumstances and support needs; "
    "a threshold only suggests a review and nothing is decided automatically (004)."
)


@router.get(
    "/customers/{customer_id}/indicators",
    response={200: IndicatorsOut, **ERRORS},
    summary="A customer's indicators, with thresholds, explanations and the contacts behind them",
)
def customer_indicators(request, customer_id: str, as_of: date | None = None):
    """``as_of`` (default today) ends every period; thresholds are the profile's ``[indicators]``."""
    _require(request.auth, READ_ROLES, "see indicators")
    customer = get_or_404(Customer, customer_id, name="customer")
    as_of = as_of or clock.today()
    return {
        "customer": str(customer.pk),
        "as_of": as_of,
        "note": NOTE,
        "items": selectors.indicators_for(customer, as_of=as_of),
    }


class SuggestionOut(Schema):
    customer: str
    reference: str
    name: str
    as_of: date
    reasons: list[IndicatorOut]
    last_dismissed_on: date | None
    chronology: str
    evidence_pack: str


class SuggestionList(Schema):
    items: list[SuggestionOut]
    count: int
    next: str | None


@router.get(
    "/suggestions",
    response={200: SuggestionList, **ERRORS},
    summary="Customers suggested for review: indicators over the profile's thresholds, with reasons",
)
def list_suggestions(request, as_of: date | None = None, page: int = 1, page_size: int = 50):
    """Customers with a live case, or dismissed on the same evidence, are left out. Open a case with
    ``POST /cases`` (customer, grounds, complaints) or dismiss with
    ``POST /suggestions/{customer}/dismiss``."""
    _require(request.auth, REVIEW_ROLES, "see suggestions for review")
    return paginate(
        request, selectors.suggestions(as_of or clock.today()), lambda s: s, page=page, page_size=page_size
    )


class DismissIn(Schema):
    reason: str


class DismissalOut(Schema):
    id: str
    created_at: datetime
    customer: str
    indicators: list[str]
    last_contact: str
    reason: str
    dismissed_by: str
    dismissed_on: date


@router.post(
    "/suggestions/{customer_id}/dismiss",
    response={201: DismissalOut, **ERRORS},
    summary="Dismiss a suggestion with a reason (the same evidence will not suggest them again)",
)
def dismiss_suggestion(request, customer_id: str, payload: DismissIn):
    customer = get_or_404(Customer, customer_id, name="customer")
    d = services.suggestion_dismiss(
        actor=request.auth,
        customer=customer,
        reason=payload.reason,
        today=clock.today(),
        source=client_source(request),
    )
    return Status(
        201,
        {
            "id": str(d.pk),
            "created_at": d.created_at,
            "customer": str(d.customer_id),
            "indicators": d.indicators,
            "last_contact": str(d.last_contact_id),
            "reason": d.reason,
            "dismissed_by": str(d.dismissed_by_id),
            "dismissed_on": d.dismissed_on,
        },
    )

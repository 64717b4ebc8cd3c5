"""Reads about cases: the work queue, case events for the chronology, what is in force for a customer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from faircontact.core.access import instances_user_has_permission_for, user_has_permission
from faircontact.core.deadlines import review_reminder_on, working_days_between
from faircontact.core.profiles import active_profile

from .models import Breach, Case, CaseAction, Protocol, ProtocolStatus, State
from .policies import (
    decides_appeals,
    holds_step,
    ladder_refusal,
    precondition_refusal,
    role_refusal,
    separation_refusal,
    state_refusal,
)
from .transitions import TRANSITIONS

#: Functions ``(user, *, as_of) -> list[dict]`` adding work items (as :func:`work_for` makes them) from the apps
#: above; each adds its own in ``AppConfig.ready`` (register removals due, suggestions for review).
WORK_SOURCES: list[Callable] = []


def current_protocol(case: Case, *, include_draft: bool) -> Protocol | None:
    """The case's protocol in force; with ``include_draft``, otherwise one decided whose customer has not yet been
    told (``draft``). A case never has both: a decision comes only from ``referred``, which a case with a protocol
    in force (``restricted`` and after) does not reach again."""
    protocols = case.protocols.select_related("spoc", "spoc_deputy", "representative", "business_unit")
    found = protocols.filter(status=ProtocolStatus.IN_FORCE).first()
    if found is None and include_draft:
        found = protocols.filter(status=ProtocolStatus.DRAFT).first()
    return found


def case_scope(user) -> Q | None:
    """Row scope of ``cases.view``/``cases.act``, as for the register: staff of a business unit see that unit's
    cases, cases of no unit and the cases they own, referred or decide; staff without a unit and the roles that
    work across the organisation see every case (``None``: no filter)."""
    if not user.business_unit_id or user_has_permission(user, "cases.all"):
        return None
    unit = user.business_unit_id
    return (
        Q(business_unit_id=unit)
        | Q(business_unit__isnull=True, customer__business_unit_id=unit)
        | Q(business_unit__isnull=True, customer__business_unit__isnull=True)
        | Q(owner=user)
        | Q(referred_by=user)
        | Q(decision_maker=user)
        | Q(decided_by=user)
    )


ACTION_TITLES = {
    "open": "Case opened",
    "record_discussion": "Discussion with the customer",
    "consider_needs": "Support needs considered",
    "assess": "Assessment",
    "refer": "Referred for a decision",
    "decide": "Decision",
    "immediate_action": "Immediate action",
    "notify": "Customer told",
    "review": "Review",
    "appeal": "Appeal received",
    "decide_appeal": "Appeal decided",
    "record_breach": "Breach recorded",
    "close": "Case closed",
    "review_due": "Review due",
}


def action_title(action: str, profile=None) -> str:
    profile = profile or active_profile()
    if action in ("initial_warning", "formal_warning"):
        return profile.label(action)
    return ACTION_TITLES.get(action, action.replace("_", " ").capitalize())


def case_entries(customer, complaint_id=None, start=None, end=None) -> list[dict]:
    """Case steps and breaches for the customer's chronology (000 §8.2-8.3: everything recorded)."""
    profile = active_profile()
    actions = CaseAction.objects.filter(case__customer=customer).select_related("actor")
    breaches = Breach.objects.filter(case__customer=customer).select_related("contact")
    if complaint_id:
        actions = actions.filter(case__complaints=complaint_id)
        breaches = breaches.filter(contact__complaint_id=complaint_id)
    if start:
        actions, breaches = actions.filter(on__gte=start), breaches.filter(on__gte=start)
    if end:
        actions, breaches = actions.filter(on__lte=end), breaches.filter(on__lte=end)
    tz = timezone.get_current_timezone()
    entries = []
    for a in actions:
        outcome = a.details.get("outcome") or a.details.get("conclusion")
        entries.append(
            {
                # the day it happened (``on``), never the day it was typed in; an opening keeps its time of day
                "at": datetime.combine(
                    a.on, timezone.localtime(a.created_at).time() if a.action == "open" else time(12, 0), tzinfo=tz
                ),
                "kind": "case_action",
                "title": action_title(a.action, profile) + (f": {outcome.replace('_', ' ')}" if outcome else ""),
                "detail": a.note or a.details.get("reasons") or "",
                "object_id": str(a.pk),
                "complaint": None,
                "case": str(a.case_id),
                "action": a.action,
                "staff": a.actor.display_name if a.actor else "Scheduled check",
            }
        )
    for b in breaches:
        entries.append(
            {
                "at": b.contact.occurred_at,
                "kind": "breach",
                "title": "Breach of the protocol",
                "detail": " ".join(b.reasons),
                "object_id": str(b.pk),
                "complaint": None,
                "case": str(b.case_id),
            }
        )
    return entries


def _item(kind, case, title, due, as_of) -> dict:
    return {
        "kind": kind,
        "case": str(case.pk),
        "customer": str(case.customer_id),
        "customer_reference": case.customer.reference,
        "customer_name": case.customer.name,
        "title": title,
        "due_on": due,
        "working_days_left": working_days_between(as_of, due, active_profile().working_calendar) if due else None,
        "overdue": bool(due and due < as_of),
    }


def work_for(user, *, as_of: date) -> list[dict]:
    """What ``user`` must do next: decisions awaiting them, reviews and appeals due or overdue, and the items the
    apps above add through :data:`WORK_SOURCES` (register removals due, customers suggested for review).

    Only what ``user`` can act on is listed: cases within their rows (``cases.act``), and a decision or an appeal
    only where the service would accept it from them (:func:`action_refusal`: their role, the case's state, the
    ladder, separation of duties — not the referrer, not someone who took part — and the case record)."""
    profile = active_profile()
    items = []
    cases = instances_user_has_permission_for(user, "cases.act", Case.objects.select_related("customer"))
    if holds_step(profile, user, "decide"):
        waiting = (
            cases.filter(state=State.REFERRED)
            .filter(Q(decision_maker=user) | Q(decision_maker__isnull=True))
            .exclude(referred_by=user)
        )
        for case in waiting:
            if action_refusal(case, user, "decide", on=as_of) is None:
                items.append(_item("decision", case, "Decision awaiting you", case.decision_due_on, as_of))
    reviews = cases.filter(state__in=[State.RESTRICTED, State.UNDER_REVIEW], review_due_on__isnull=False)
    reviewer = holds_step(profile, user, "review")
    if not reviewer:
        reviews = reviews.filter(owner=user)
    # those who review see every review due in the profile's next N days, not only inside the reminder window
    # ([review] upcoming_days; 000 §8.2 "review date")
    horizon = as_of + timedelta(days=profile.review.get("upcoming_days", 0) if reviewer else 0)
    for case in reviews:
        if review_reminder_on(profile, case.review_due_on) <= as_of or case.review_due_on <= horizon:
            title = "Review overdue" if case.review_due_on < as_of else "Review due"
            items.append(_item("review", case, title, case.review_due_on, as_of))
    if decides_appeals(profile, user):
        for case in cases.filter(state=State.UNDER_APPEAL):
            if action_refusal(case, user, "decide_appeal", on=as_of) is None:
                items.append(_item("appeal", case, "Appeal to decide", case.appeal_due_on, as_of))
    for source in WORK_SOURCES:
        items += source(user, as_of=as_of)
    items.sort(key=lambda i: (i["due_on"] is None, i["due_on"] or as_of))
    return items


def action_refusal(case: Case, user, action: str, *, on: date, taken: set[str] | None = None) -> str | None:
    """``None`` if ``user`` may take ``action`` on ``case`` now, else the service's refusal sentence (the same checks
    ``case_act`` applies, in the same order, so a page or the work queue offers only steps that can succeed)."""
    profile = active_profile()
    if taken is None:
        taken = set(case.actions.values_list("action", flat=True))
    return (
        role_refusal(profile, user, action)
        or state_refusal(case, action)
        or ladder_refusal(profile, case, action, taken)
        or separation_refusal(profile, case, user, action, on)
        or precondition_refusal(profile, case, action)
    )


def action_refusals(case: Case, user, *, on: date) -> dict[str, str | None]:
    """:func:`action_refusal` for every action."""
    taken = set(case.actions.values_list("action", flat=True))
    return {a: action_refusal(case, user, a, on=on, taken=taken) for a in TRANSITIONS}


def available_actions(case: Case, user, *, on: date) -> list[str]:
    """The actions ``user`` may take on ``case`` now (used to offer only allowed forms in the UI)."""
    return [a for a, refusal in action_refusals(case, user, on=on).items() if refusal is None]


def blocked_actions(case: Case, user, *, on: date) -> list[tuple[str, str]]:
    """Steps ``user``'s role could take from the case's state but that something else stops now, with the reason
    (an earlier required step, separation of duties, a missing final response): what the case page explains."""
    profile = active_profile()
    return [
        (a, refusal)
        for a, refusal in action_refusals(case, user, on=on).items()
        if refusal and not role_refusal(profile, user, a) and not state_refusal(case, a)
    ]

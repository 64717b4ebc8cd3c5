"""Staff pages for cases: open one, see it, take the actions the profile allows, the work queue, notifications.

Views stay thin: they parse a form and call :func:`~faircontact.cases.services.case_open` or
:func:`~faircontact.cases.services.case_act`, or a selector. Which actions are offered comes from
:func:`~faircontact.cases.selectors.available_actions`; the services refuse anything else with a reason.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.http import Http404
from django.shortcuts import redirect, render

from faircontact.cases import reads as case_reads
from faircontact.cases import selectors as case_selectors
from faircontact.cases.arrangement import protocol_banner, protocol_terms
from faircontact.cases.assessment import assessment_for
from faircontact.cases.models import Case
from faircontact.cases.policies import needs_refusal
from faircontact.cases.selectors import current_protocol
from faircontact.cases.services import case_act, case_open
from faircontact.core import clock
from faircontact.core.access import access_for
from faircontact.core.deadlines import working_days_between
from faircontact.core.errors import DomainError
from faircontact.core.permissions import allowed
from faircontact.core.profiles import active_profile
from faircontact.pages.forms import add_domain_error
from faircontact.pages.permissions import needs
from faircontact.records import reads as records_reads
from faircontact.records.models import Behaviour, Channel

from .forms import (
    ACTION_FORMS,
    OUTCOME_LABELS,
    PROTOCOL_OUTCOMES,
    CaseOpenForm,
    ProtocolForm,
    add_case_error,
)

SOURCE = "web"
#: Functions ``(user, case, profile) -> dict`` adding to the case page's context what an app above ``cases`` knows
#: of the case (``letters``: the outcome letter owed); each app adds its own in ``ready``.
CASE_PAGE: list[Callable] = []
CASE_DONE = "web:case_done"
#: actions whose form shows the customer's recorded support needs (000 §8.2, 003 §4)
SHOWS_NEEDS = ("consider_needs", "decide", "immediate_action")
STATE_TAGS = {
    "referred": "govuk-tag--yellow",
    "decided": "govuk-tag--orange",
    "restricted": "govuk-tag--red",
    "under_review": "govuk-tag--purple",
    "under_appeal": "govuk-tag--pink",
    "no_action": "govuk-tag--grey",
    "ended": "govuk-tag--grey",
}


#: Each step as the next thing to do, in the imperative; the profile's own name for it is shown beside it.
NEXT_STEP = {
    "record_discussion": "Record a discussion with the customer",
    "consider_needs": "Record that support needs were considered",
    "assess": "Record the assessment",
    "refer": "Refer the case for a decision",
    "decide": "Decide what to do",
    "immediate_action": "Take immediate action",
    "notify": "Record that the customer was told in writing",
    "review": "Review the protocol",
    "appeal": "Record an appeal",
    "decide_appeal": "Decide the appeal",
    "record_breach": "Record a breach of the protocol",
    "close": "Close the case",
}
#: Steps that may be recorded more than once; once taken they move under "Record again".
REPEATABLE = ("record_discussion", "consider_needs", "assess", "initial_warning", "formal_warning", "record_breach")


def step_to_do(action: str, profile) -> str:
    """``NEXT_STEP``, or for a warning "Give the <the profile's label>" ("Give the final written warning")."""
    if action in ("initial_warning", "formal_warning"):
        label = action_label(action, profile)
        return f"Give the {label[:1].lower()}{label[1:]}"
    return NEXT_STEP.get(action, action_label(action, profile))


def next_steps(case: Case, user, profile, today: date) -> dict:
    """The steps ``user`` can take now (only those the service would accept), repeatable steps already taken, and
    steps their role could take that something stops, each with the service's reason (``cases.policies``)."""
    taken = set(case.actions.values_list("action", flat=True))
    steps = [
        {"action": a, "do": step_to_do(a, profile), "label": action_label(a, profile)}
        for a in case_selectors.available_actions(case, user, on=today)
    ]
    return {
        "actions": [s for s in steps if not (s["action"] in REPEATABLE and s["action"] in taken)],
        "again": [s for s in steps if s["action"] in REPEATABLE and s["action"] in taken],
        "blocked": [
            {"do": step_to_do(a, profile), "why": why}
            for a, why in case_selectors.blocked_actions(case, user, on=today)
        ],
    }


def decision_context(case: Case, action: str) -> dict:
    """What a decision maker needs on the page: the assessment, the referral note and the evidence for ``decide``;
    the grounds of appeal and the original decision for ``decide_appeal`` (001 §6.5.4-5, 003 §23-24)."""
    if action not in ("decide", "decide_appeal"):
        return {}
    steps = {a.action: a for a in case.actions.select_related("actor").order_by("on", "id")}
    context = {
        "assessment": steps.get("assess"),
        "referral": steps.get("refer"),
        "decision": steps.get("decide") or steps.get("immediate_action"),
        "appeal": steps.get("appeal"),
        "evidence": case.evidence.order_by("-occurred_at")[:50],
    }
    if action == "decide":
        context["needs_missing"] = needs_refusal(case, active_profile())
    return context


def action_label(action: str, profile) -> str:
    """The organisation's own name for a step (``[steps.<action>].label``; warnings from ``[labels]``)."""
    if action in ("initial_warning", "formal_warning"):
        return profile.label(action)
    step = profile.steps.get(action)
    return step.label if step else case_selectors.action_title(action, profile)


def _due(on: date | None, today: date) -> dict | None:
    if on is None:
        return None
    cal = active_profile().working_calendar
    return {
        "on": on,
        "overdue": on < today,
        "working_days_left": working_days_between(today, on, cal),
        "calendar": cal.name,
    }


def _as_date(value) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _action_lines(details: dict) -> list[str]:
    """A step's recorded details in words, for the timeline."""
    channels, behaviours = dict(Channel.choices), dict(Behaviour.choices)
    lines = []
    if details.get("channel"):
        lines.append(f"By {channels.get(details['channel'], details['channel']).lower()}")
    if details.get("behaviour"):
        lines.append("Behaviour: " + ", ".join(behaviours.get(b, b).lower() for b in details["behaviour"]))
    if isinstance(details.get("grounds"), list):
        lines.append("Grounds: " + "; ".join(active_profile().ground_label(g) for g in details["grounds"]))
    for key in ("reasons", "findings", "grounds"):
        if isinstance(details.get(key), str) and details[key]:
            lines.append(details[key])
    if details.get("support_needs_considered"):
        lines.append("Support needs and vulnerability considered")
    if details.get("safeguarding_considered"):
        lines.append("Safeguarding considered")
    if isinstance(details.get("support_agency"), dict):
        agency = details["support_agency"]
        lines.append(f"Support agency {agency['name']} contacted on {agency['contacted_on']}: {agency['outcome']}")
    if details.get("adjustments_offered"):
        lines.append("Adjustments offered: " + "; ".join(details["adjustments_offered"]))
    if details.get("letter"):
        lines.append(f"Letter {details['letter']}")
    if details.get("police_reference"):
        lines.append(f"Police reference {details['police_reference']}")
    if isinstance(details.get("figures"), dict):
        lines.append(f"{details['figures'].get('contacts', 0)} contacts in the period assessed")
    if details.get("breaches_since_last_review") is not None:
        lines.append(f"Breaches since the last review: {details['breaches_since_last_review']}")
    for key, words in (
        ("decision_due_on", "Decision due"),
        ("next_review_due_on", "Next review due"),
        ("review_due_on", "Review due"),
        ("appeal_due_on", "Appeal outcome due"),
    ):
        if (day := _as_date(details.get(key))) and not (key == "review_due_on" and "next_review_due_on" in details):
            lines.append(f"{words} {day:%-d %B %Y}")
    return lines


def _timeline(case: Case, profile) -> list[dict]:
    timeline = []
    for a in case.actions.select_related("actor").order_by("on", "id"):
        outcome = a.details.get("outcome") or a.details.get("conclusion")
        timeline.append(
            {
                "title": (
                    case_selectors.action_title(a.action, profile)
                    + (f": {OUTCOME_LABELS.get(outcome, outcome).lower()}" if outcome else "")
                ),
                "on": a.on,
                "actor": a.actor.display_name if a.actor else "Scheduled check",
                "note": a.note,
                "lines": _action_lines(a.details),
                "to_state": a.to_state,
            }
        )
    return timeline


def _figures(case: Case, profile, today: date) -> dict:
    """The assessment's pre-filled figures (001 §6.5.3), with channel and behaviour names in words."""
    figures = assessment_for(case, profile=profile, on=today)
    channels, behaviours = dict(Channel.choices), dict(Behaviour.choices)
    return {
        **figures,
        "period_from": _as_date(figures["period_from"]),
        "period_to": _as_date(figures["period_to"]),
        "by_channel": [(channels.get(c, c), row) for c, row in figures["by_channel"].items()],
        "flags": [(behaviours.get(f, f), n) for f, n in figures["language_flags"].items()],
    }


def _extras(user, case: Case, profile) -> dict:
    """What the apps above ``cases`` add to the case page (``CASE_PAGE``)."""
    context = {}
    for extra in CASE_PAGE:
        context.update(extra(user, case, profile))
    return context


def customer_page(access, customer) -> dict:
    """On the customer's page (``records.views.CUSTOMER_PAGE``): their cases, within the user's rows."""
    return {"cases": case_reads.customer_cases(access, customer)}


def _about_case(case: Case) -> dict:
    return {"case": case, "customer": case.customer, "protocol_banner": protocol_banner(case.customer)}


@needs("cases.act")
def case_add(request, pk: int):
    """Open a case from the customer page: grounds, complaints concerned, evidence and a summary."""
    customer = records_reads.customer(access_for(request), pk, permission="cases.act")
    form = CaseOpenForm(request.POST or None, customer=customer)
    if form.is_valid():
        today = clock.today()
        try:
            case = case_open(actor=request.user, customer=customer, on=today, today=today, **form.service_kwargs())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            request.session[CASE_DONE] = "Case opened"
            return redirect("web:case", pk=case.pk)
    return render(
        request,
        "cases/case_form.html",
        {"form": form, "customer": customer, "protocol_banner": protocol_banner(customer)},
    )


@needs("cases.view")
def case_detail(request, pk: int):
    """The case: grounds, state, computed dates, the protocol in plain English, breaches and every step taken."""
    case = case_reads.case(access_for(request), pk)
    profile, today = active_profile(), clock.today()
    protocol = current_protocol(case, include_draft=True)
    return render(
        request,
        "cases/case.html",
        {
            **_about_case(case),
            "done": request.session.pop(CASE_DONE, None),
            "grounds": [profile.ground_label(g) for g in case.grounds],
            "state_tag": STATE_TAGS.get(case.state, "govuk-tag--blue"),
            "decision_due": _due(case.decision_due_on, today) if case.decided_on is None else None,
            "review_due": _due(case.review_due_on, today),
            "appeal_due": _due(case.appeal_due_on, today),
            "protocol": protocol_terms(protocol) if protocol else None,
            "protocol_status": protocol.get_status_display() if protocol else "",
            "override_reasons": protocol.override_reasons if protocol else "",
            "breaches": case.breaches.select_related("contact", "recorded_by"),
            "timeline": _timeline(case, profile),
            **(next_steps(case, request.user, profile, today) if allowed(request.user.roles, "cases.act") else {}),
            "complaints": case.complaints.all(),
            "evidence": case.evidence.order_by("-occurred_at"),
            **_extras(request.user, case, profile),
        },
    )


def _protocol_initial(case: Case) -> dict:
    """The terms in force, as the starting point for varying them."""
    p = current_protocol(case, include_draft=False)
    if p is None:
        return {}
    slot = next((t for t in p.times if t.get("channel") == "phone"), {})
    return {
        "channels_allowed": p.channels_allowed,
        "phone_days": slot.get("days", []),
        "phone_from": slot.get("from", ""),
        "phone_to": slot.get("to", ""),
        "spoc": str(p.spoc_id or ""),
        "spoc_deputy": str(p.spoc_deputy_id or ""),
        "acknowledge_only_complaints": [str(pk) for pk in p.acknowledge_only_complaints.values_list("pk", flat=True)],
        "third_party_only": p.third_party_only,
        "third_party": p.third_party,
        "appointment_only": p.appointment_only,
        "buildings_banned": "\n".join(p.buildings_banned),
        "issue_limit_count": (p.issue_limit or {}).get("count"),
        "issue_limit_days": (p.issue_limit or {}).get("period_days", 30),
        "behaviour_agreement": p.behaviour_agreement,
        "calls_per_week": (p.call_limits or {}).get("calls_per_week"),
        "call_max_minutes": (p.call_limits or {}).get("max_minutes"),
        "meetings_witnessed": p.meetings_witnessed,
        "file_without_reply_complaints": [
            str(pk) for pk in p.file_without_reply_complaints.values_list("pk", flat=True)
        ],
        "representative": str(p.representative_id or ""),
        "business_unit": p.business_unit.name if p.business_unit_id else "",
        "ends_on": p.ends_on,
    }


@needs("cases.act")
def case_action(request, pk: int, action: str):
    """One form per action. Posting calls ``case_act``; a refusal is shown with its reason and nothing changes."""
    if action not in ACTION_FORMS:
        raise Http404
    case = case_reads.case(access_for(request), pk, permission="cases.act")
    profile, today = active_profile(), clock.today()
    data = request.POST or None
    form = ACTION_FORMS[action](data, case=case, user=request.user, profile=profile, today=today)
    protocol_form = None
    if action in PROTOCOL_OUTCOMES:
        protocol_form = ProtocolForm(data, customer=case.customer, profile=profile, initial=_protocol_initial(case))
    if request.method == "POST":
        with_protocol = protocol_form is not None and form.needs_protocol()
        valid = form.is_valid()
        if with_protocol and not protocol_form.is_valid():
            valid = False
        if valid:
            payload = form.action_data()
            if with_protocol:
                payload["protocol"] = protocol_form.protocol_data()
            try:
                case_act(actor=request.user, case=case, data=payload, today=today)
            except DomainError as error:
                add_case_error(form, protocol_form, error)
            else:
                request.session[CASE_DONE] = action_label(action, profile)
                return redirect("web:case", pk=case.pk)
    customer = case.customer
    return render(
        request,
        "cases/action.html",
        {
            **_about_case(case),
            "form": form,
            "protocol_form": protocol_form,
            "action": action,
            "title": action_label(action, profile),
            "clause": profile.steps[action].clause if action in profile.steps else "",
            "refusal": case_selectors.action_refusals(case, request.user, on=today)[action],
            **decision_context(case, action),
            "shows_needs": action in SHOWS_NEEDS,
            "preferred_channel": customer.get_preferred_channel_display(),
            "figures": _figures(case, profile, today) if action == "assess" else None,
        },
    )


@needs("work.view")
def work(request):
    """What the signed-in user must do next: decisions awaiting them, reviews and appeals due or overdue."""
    today = clock.today()
    return render(
        request,
        "cases/work.html",
        {
            "items": case_reads.work(access_for(request), as_of=today),
            "today": today,
            "calendar": active_profile().working_calendar.name,
        },
    )

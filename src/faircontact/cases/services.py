"""Writes to cases: open a case and take one action on it.

:func:`case_act` is the one entry point for every transition (``POST /cases/{id}/actions`` and the UI forms).
It locks the case row, checks state, role, ladder, separation of duties and the action's own payload, and only
then writes — the action, the state, the computed deadlines, protocols and markers — in one transaction with an
audit event. A refused action raises :class:`~faircontact.core.errors.Conflict` (409) or
:class:`~faircontact.core.errors.InvalidInput` (422) and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db import transaction

from faircontact.core import clock, deadlines
from faircontact.core.access import require_permission, user_has_permission_for_instance
from faircontact.core.audit import record_event
from faircontact.core.errors import Conflict, Forbidden, InvalidInput
from faircontact.core.ids import object_or_none
from faircontact.core.models import Notification, User
from faircontact.core.profiles import active_profile
from faircontact.core.users import staff_with_roles
from faircontact.records.models import (
    WRITTEN_CHANNELS,
    Behaviour,
    Channel,
    Complaint,
    Contact,
    Customer,
    Marker,
    MarkerType,
)

from . import policies
from .actions import (
    ActionInput,
    Appeal,
    Assess,
    Close,
    ConsiderNeeds,
    Decide,
    DecideAppeal,
    ImmediateAction,
    InitialWarning,
    Notify,
    RecordBreach,
    RecordDiscussion,
    Refer,
    Review,
    WithProtocol,
    action_input,
)
from .assessment import assessment_for
from .models import AppealOutcome, Breach, Case, CaseAction, Outcome, Protocol, ProtocolStatus, ReviewOutcome, State
from .protocols import parse_protocol
from .selectors import current_protocol
from .transitions import ANSWERS, next_state

#: Functions ``(case, *, action, on, actor)`` run in ``case_act``'s transaction after each action is written (the
#: register keeps its entry in step); each app above adds its own in ``AppConfig.ready``.
CASE_ACTED: list[Callable] = []

OUTCOMES = {
    "review": tuple(ReviewOutcome.values),
    "decide_appeal": tuple(AppealOutcome.values),
    "assess": ("unacceptable", "not_unacceptable"),
}


def _text(value, name: str, *, required: bool, message: str) -> str:
    value = str(value or "").strip()
    if required and not value:
        raise InvalidInput(message, field=name)
    return value


def _on(value, today: date) -> date:
    value = value or today
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value))
        except ValueError:
            raise InvalidInput(
                f"{value!r} is not a date in the format YYYY-MM-DD, like 2026-03-10.", field="on"
            ) from None
    if value > today:
        raise InvalidInput("The date an action happened cannot be in the future.", field="on")
    clock.check_not_before_floor(value, field="on")
    return value


def _check_sequence(case: Case, action: str, act: ActionInput, on: date) -> None:
    """Refuse an action dated before the event it answers (``transitions.ANSWERS``), naming the field."""
    if action not in ANSWERS:
        return
    attribute, field, what = ANSWERS[action]
    earlier = getattr(case, attribute)
    dated = _on(getattr(act, field) or on, on) if field != "on" else on
    if earlier is not None and dated < earlier:
        raise InvalidInput(
            f"{field} ({dated:%-d %B %Y}) cannot be before the day {what} ({earlier:%-d %B %Y}).", field=field
        )


def case_open(
    *,
    actor: User,
    customer: Customer,
    grounds: list[str],
    complaints: list[Complaint] = (),
    evidence: list[Contact] = (),
    summary: str = "",
    owner: User | None = None,
    on: date,
    today: date,
) -> Case:
    """Open a case about ``customer``'s behaviour (000 §2-5, 001 §3, 002 §3, 003 §17)."""
    if not grounds:
        raise InvalidInput("Choose at least one ground.", field="grounds")
    allowed = active_profile().grounds_allowed
    for ground in grounds:
        if ground not in allowed:
            raise InvalidInput(f"Grounds must be from {', '.join(allowed)}.", field="grounds")
    require_permission(actor, "cases.act")  # a role refusal is 403 everywhere (core/access.py)
    for c in complaints:
        if c.customer_id != customer.pk:
            raise InvalidInput(f"Complaint {c.reference} belongs to another customer.", field="complaints")
    for c in evidence:
        if c.customer_id != customer.pk:
            raise InvalidInput("Evidence must be this customer's contacts.", field="evidence")
    on = _on(on, today)
    with transaction.atomic():
        case = Case.objects.create(
            customer=customer,
            grounds=list(dict.fromkeys(grounds)),
            owner=owner or actor,
            business_unit=customer.business_unit,
            summary=summary,
            opened_on=on,
        )
        case.complaints.set(complaints)
        case.evidence.set(evidence)
        CaseAction.objects.create(
            case=case,
            action="open",
            actor=actor,
            on=on,
            from_state="",
            to_state=State.OPEN,
            details={"grounds": case.grounds},
        )
        record_event(
            actor=actor,
            action="create",
            obj=case,
            customer_id=customer.pk,
            changes={"grounds": case.grounds, "complaints": [c.pk for c in complaints]},
        )
    return case


def case_act(*, actor: User, case: Case, data: ActionInput | dict, today: date, letter_kind: str | None = None) -> Case:
    """Take the action ``data`` (its typed input, ``cases.actions``; a payload dict is read into one) on ``case``;
    see the module docstring. ``letter_kind``: the kind of letter being sent that records this step
    (``letters.services.letter_issue``; never from a payload)."""
    act = data if isinstance(data, ActionInput) else action_input(data)
    action = act.action
    profile = active_profile()
    on = _on(act.on, today)
    with transaction.atomic():
        locked = Case.objects.select_for_update(of=("self",))  # PostgreSQL cannot lock a nullable outer join
        case = locked.select_related("customer", "decision_maker").get(pk=case.pk)
        taken = set(case.actions.values_list("action", flat=True))
        by_role = policies.role_refusal(profile, actor, action, letter_kind=letter_kind)
        if by_role and action in profile.steps and not policies.holds_step(profile, actor, action):
            raise Forbidden(by_role, code="role_not_permitted")  # one status for a role refusal: 403
        for refusal in (
            by_role,
            policies.state_refusal(case, action),
            policies.ladder_refusal(profile, case, action, taken),
            policies.separation_refusal(profile, case, actor, action, on),
            policies.clause_refusal(profile, case, action, act, taken),
        ):
            if refusal:
                raise Conflict(refusal, code="not_allowed")
        _check_sequence(case, action, act, on)
        _check_in_writing(profile.steps[action], act)
        handler = HANDLERS[action]
        before = case.state
        terms_before = _restriction_terms(case)
        details = handler(case=case, actor=actor, act=act, on=on, profile=profile, today=today)
        approver = _check_approval(profile, profile.steps[action], actor, act)
        if approver is not None:
            details["approved_by"] = approver.pk
        outcome = details.get("outcome")
        case.state = next_state(action, before, outcome)
        case.save()
        CaseAction.objects.create(
            case=case,
            action=action,
            actor=actor,
            on=on,
            from_state=before,
            to_state=case.state,
            note=str(act.note or "")[:5000],
            details=details,
        )
        record_event(
            actor=actor,
            action=f"case_{action}",
            obj=case,
            customer_id=case.customer_id,
            changes={
                "from": before,
                "to": case.state,
                **{k: v for k, v in details.items() if k in ("outcome", "protocol", "contact")},
                **_changed_terms(terms_before, _restriction_terms(case)),
            },
            reason=str(act.reasons or "")[:500],  # why the review date or restriction changed (000 §8.2)
        )
        for acted in CASE_ACTED:
            acted(case, action=action, on=on, actor=actor)
    return case


_TERMS = (
    "status",
    "channels_allowed",
    "times",
    "spoc_id",
    "spoc_deputy_id",
    "third_party_only",
    "third_party",
    "appointment_only",
    "buildings_banned",
    "issue_limit",
    "health_and_safety_only_until",
    "suspended_until",
    "behaviour_agreement",
    "frequency",
    "starts_on",
    "ends_on",
    "review_due_on",
)


def _restriction_terms(case: Case) -> dict:
    """The case's review date and the terms of its current restriction, to audit what an action changed."""
    protocol = current_protocol(case, include_draft=True)
    terms = {"review_due_on": case.review_due_on}
    if protocol is not None:
        terms.update({f"protocol.{name}": getattr(protocol, name) for name in _TERMS})
        terms["protocol.id"] = protocol.pk
    return terms


def _changed_terms(before: dict, after: dict) -> dict:
    """Every change to the review date or a restriction, old and new value, for the audit trail with the reasons
    (000 §8.2-8.4, 003 §10): ``{"changed": {name: [old, new]}}``, or nothing. Free text — a third party's name,
    how often contact takes place — is not copied into the trail, only that it changed: the trail is sealed and
    kept after retention has blanked the protocol (``register.retention``)."""
    changed = {
        name: [_plain(name, before.get(name)), _plain(name, after.get(name))]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }
    return {"changed": changed} if changed else {}


_FREE_TEXT_TERMS = {"protocol.third_party": "(named)", "protocol.frequency": "(stated)"}


def _plain(name: str, value):
    if name in _FREE_TEXT_TERMS and value:
        return _FREE_TEXT_TERMS[name]
    return value.isoformat() if isinstance(value, date) else value


def _check_in_writing(step, act: ActionInput) -> None:
    """A step the profile marks ``in_writing`` is given by letter, e-mail or portal (001 §6.5.2, §6.5.4)."""
    if step.in_writing and act.channel not in WRITTEN_CHANNELS:
        raise InvalidInput(
            f"'{step.label}' is given in writing: choose letter, email or portal ({step.clause}).", field="channel"
        )


def _check_approval(profile, step, actor: User, act: ActionInput) -> User | None:
    """A step the profile says needs approval names who approved it: one of its roles, not the actor (003 §22)."""
    if not step.approved_by:
        return None
    who = " or ".join(profile.role_label(r) for r in step.approved_by)
    approver = object_or_none(User.objects.filter(is_active=True), act.approved_by or "")
    if approver is None or not approver.has_role(*step.approved_by) or approver == actor:
        raise InvalidInput(
            f"'{step.label}' needs the approval of a {who} other than you: give their id as approved_by "
            f"({step.clause}).",
            field="approved_by",
        )
    return approver


# --- one handler per action: validate the payload, then apply it; return the details recorded ---------------


def _channel(channel, *, required=False):
    if channel is None and not required:
        return ""
    if channel not in Channel.values:
        raise InvalidInput(f"Channel must be one of {', '.join(Channel.values)}.", field="channel")
    return channel


def _record_discussion(*, case, act: RecordDiscussion, **_):
    return {"channel": _channel(act.channel, required=True)}


def _warning(*, case, act: InitialWarning, **_):
    behaviour = list(act.behaviour or [])
    if any(b not in Behaviour.values for b in behaviour):
        raise InvalidInput(f"Behaviour must be from {', '.join(Behaviour.values)}.", field="behaviour")
    return {"channel": _channel(act.channel, required=True), "behaviour": behaviour}


def _support_agency(agency, on) -> dict | None:
    """An agency already supporting the customer, contacted first (002 §1 Safeguarding): who, when, outcome."""
    if not agency:
        return None
    if not isinstance(agency, dict):
        raise InvalidInput("Give the support agency as name, contacted_on and outcome.", field="support_agency")
    name = _text(agency.get("name"), "name", required=True, message="Name the support agency contacted.")
    outcome = str(agency.get("outcome") or "").strip()
    if not outcome:
        raise InvalidInput("Record the outcome of contacting the support agency.", field="support_agency.outcome")
    contacted = agency.get("contacted_on")
    if not isinstance(contacted, date):
        try:
            contacted = date.fromisoformat(str(contacted))
        except ValueError:
            raise InvalidInput(
                f"{contacted!r} is not a date in the format YYYY-MM-DD, like 2026-03-10.",
                field="support_agency.contacted_on",
            ) from None
    clock.check_not_before_floor(contacted, field="support_agency.contacted_on")
    if contacted > on:
        raise InvalidInput(
            "The support agency must have been contacted on or before the day the needs were considered.",
            field="support_agency.contacted_on",
        )
    return {"name": name[:200], "contacted_on": contacted.isoformat(), "outcome": outcome[:2000]}


def _consider_needs(*, case, act: ConsiderNeeds, on, profile, **_):
    """Support needs, vulnerability, safeguarding, any support agency already involved, and the reasons for the
    behaviour considered (000 §6, §8.2; 001 §5, §6.3.2; 002 §1 Safeguarding; 003 §4, Annex A)."""
    clause = profile.steps["consider_needs"].clause
    if act.support_needs_considered is not True:
        raise InvalidInput(
            "Confirm that the customer's support needs and vulnerability were considered.",
            field="support_needs_considered",
        )
    if act.safeguarding_considered is not True:
        raise InvalidInput(
            f"Confirm that safeguarding was considered: any concern about the customer's vulnerability is raised "
            f"under the safeguarding procedures ({clause}).",
            field="safeguarding_considered",
        )
    reasons = _text(
        act.reasons_for_behaviour,
        "reasons_for_behaviour",
        required=True,
        message="Record what is understood of the reasons for the behaviour.",
    )
    agency = _support_agency(act.support_agency, on)
    adjustments = [str(a).strip() for a in (act.adjustments_offered or []) if str(a).strip()]
    case.needs_considered_on, case.reasons_for_behaviour, case.adjustments_offered = on, reasons, adjustments
    case.safeguarding_considered = True
    case.safeguarding_notes = str(act.safeguarding_notes or "").strip()[:5000]
    case.support_agency = agency
    return {
        "support_needs_considered": True,
        "support_needs_recorded": list(case.customer.support_needs),
        "vulnerable": case.customer.vulnerable,
        "safeguarding_considered": True,
        "support_agency": agency,
        "adjustments_offered": adjustments,
    }


def _assess(*, case, act: Assess, on, profile, **_):
    """Unacceptable Behaviour Assessment (001 §6.5.3) with the contact-log figures it was based on."""
    conclusion = act.conclusion
    if conclusion not in OUTCOMES["assess"]:
        raise InvalidInput("Conclusion must be unacceptable or not_unacceptable.", field="conclusion")
    findings = _text(act.findings, "findings", required=True, message="Record the findings of the assessment.")
    return {"conclusion": conclusion, "findings": findings, "figures": assessment_for(case, profile=profile, on=on)}


def _refer(*, case, actor, act: Refer, on, profile, **_):
    refusal = policies.precondition_refusal(profile, case, "refer")
    if refusal:
        raise Conflict(refusal, code="not_allowed")
    maker = None
    if act.decision_maker:
        maker = object_or_none(User.objects.filter(is_active=True), act.decision_maker)
        if maker is None or not policies.holds_step(profile, maker, "decide"):
            raise InvalidInput("The decision maker must be active staff with a deciding role.", field="decision_maker")
        if maker == actor:
            raise Conflict("The person who refers a case cannot be its decision maker.", code="not_allowed")
    case.referred_by, case.referred_on, case.decision_maker = actor, on, maker
    case.decision_due_on = deadlines.decision_due_on(profile, on)
    # a named decision maker can open the case (its row scope includes them); otherwise only those who decide and
    # can open it are told: a notification is never a link to a page they cannot see, nor a referral to no one
    recipients = (
        [maker]
        if maker
        else [
            u
            for u in staff_with_roles(profile.steps["decide"].roles, exclude=[getattr(actor, "pk", None)])
            if user_has_permission_for_instance(u, "cases.act", case)
        ]
    )
    if not recipients:
        who = " or ".join(profile.role_label(r) for r in profile.steps["decide"].roles)
        raise Conflict(
            f"No {who} other than you can open this case (none works for its business unit): name the decision maker.",
            field="decision_maker",
            code="no_decision_maker",
        )
    for user in recipients:
        Notification.objects.get_or_create(
            user=user,
            dedupe_key=f"decide:{case.pk}:{on}",
            defaults={
                "kind": "decision",
                "link": f"/cases/{case.pk}",
                "text": f"Case {case.pk} is referred for your decision"
                + (
                    f", due {case.decision_due_on:%-d %B %Y} ({profile.working_calendar.name})."
                    if case.decision_due_on
                    else "."
                ),
            },
        )
    return {"decision_maker": maker.pk if maker else None, "decision_due_on": case.decision_due_on}


def _require_needs_considered(case, profile):
    refusal = policies.needs_refusal(case, profile)
    if refusal:
        raise Conflict(refusal, code="needs_not_considered")


def _period_end(protocol) -> date | None:
    """The end a review may not fall after: the protocol's end, or a suspension pending legal advice, which ends
    on its date and is reviewed then (002 §4)."""
    ends = [d for d in (protocol.ends_on, protocol.suspended_until) if d is not None]
    return min(ends) if ends else None


def _new_protocol(
    case, act: WithProtocol, *, profile, starts_on, status, today, first: bool = False, payload: dict | None = None
) -> Protocol:
    """The protocol ``act`` sets (``payload``: its terms as completed by the step, else ``act.protocol``)."""
    payload = dict(payload if payload is not None else act.protocol or {})
    if act.override_reasons and not payload.get("override_reasons"):
        payload["override_reasons"] = act.override_reasons
    spec = parse_protocol(payload, profile=profile, customer=case.customer, case=case, starts_on=starts_on)
    if spec.review_due_on is None and status == ProtocolStatus.IN_FORCE:
        spec.review_due_on = deadlines.review_due_on(profile, spec.starts_on, _period_end(spec), first=first)
    elif first and spec.review_due_on:
        latest = deadlines.review_due_on(profile, spec.starts_on, spec.ends_on, first=True)
        if spec.review_due_on > latest:
            raise InvalidInput(
                f"The first review after immediate action is due by {latest:%-d %B %Y} "
                f"({profile.steps['immediate_action'].clause}).",
                field="protocol.review_due_on",
            )
    in_force_from = starts_on if status == ProtocolStatus.IN_FORCE else None
    protocol = Protocol.objects.create(
        case=case, customer=case.customer, status=status, in_force_from=in_force_from, **spec.model_fields()
    )
    protocol.acknowledge_only_complaints.set(spec.acknowledge_only_complaints)
    protocol.file_without_reply_complaints.set(spec.file_without_reply_complaints)
    return protocol


def _set_marker(case, kind, *, actor, on, review_due_on=None, note=""):
    Marker.objects.get_or_create(
        customer=case.customer,
        type=kind,
        ended_on__isnull=True,
        defaults={"since": on, "review_due_on": review_due_on, "set_by": actor, "source_case": case, "note": note},
    )


def _end_protocols(case, *, on, status=ProtocolStatus.ENDED):
    Protocol.objects.filter(case=case, status__in=[ProtocolStatus.IN_FORCE, ProtocolStatus.DRAFT]).update(
        status=status, ended_on=on
    )
    Marker.objects.filter(source_case=case, ended_on__isnull=True).exclude(type=MarkerType.POTENTIALLY_VIOLENT).update(
        ended_on=on
    )
    case.review_due_on = None


def _decide(*, case, actor, act: Decide, on, profile, today, **_):
    """A decision by the authorised senior person (000 §8.1, 001 §6.5.4, 002 §4, 003 §23-24)."""
    outcome = act.outcome
    if outcome not in profile.decision["outcomes"]:
        raise InvalidInput(f"Outcome must be one of {', '.join(profile.decision['outcomes'])}.", field="outcome")
    reasons = _text(act.reasons, "reasons", required=True, message="Give the reasons for the decision.")
    case.decided_by, case.decided_on, case.outcome, case.decision_reasons = actor, on, outcome, reasons
    details = {
        "outcome": outcome,
        "reasons": reasons,
        "decision_due_on": case.decision_due_on,
        "on_time": case.decision_due_on is None or on <= case.decision_due_on,
    }
    if outcome == Outcome.NO_ACTION:
        return details
    _require_needs_considered(case, profile)
    payload = dict(act.protocol or {})
    if outcome == Outcome.REGISTER and not payload.get("acknowledge_only_complaints"):
        payload["acknowledge_only_complaints"] = list(
            case.complaints.filter(final_response_on__isnull=False).values_list("pk", flat=True)
        )
    protocol = _new_protocol(
        case, act, profile=profile, starts_on=on, status=ProtocolStatus.DRAFT, today=today, payload=payload
    )
    details["protocol"] = protocol.pk
    return details


def _immediate_action(*, case, actor, act: ImmediateAction, on, profile, today, **_):
    """Violence or threats: a protocol at once, senior sign-off, police reference, PVP marker (000 §7, 001 §6.5)."""
    rules = profile.immediate_action
    clause = profile.steps["immediate_action"].clause
    if rules["grounds"] and not set(case.grounds) & set(rules["grounds"]):
        raise Conflict(
            f"Immediate action is only for {', '.join(profile.ground_label(g) for g in rules['grounds'])}; "
            f"this case is about {', '.join(profile.ground_label(g) for g in case.grounds)} ({clause}).",
            code="not_allowed",
        )
    reasons = _text(act.reasons, "reasons", required=True, message="Give the reasons for immediate action.")
    police = _text(
        act.police_reference,
        "police_reference",
        required=rules["police_reference_required"],
        message=f"Give the police reference for immediate action ({clause}).",
    )[:60]
    protocol = _new_protocol(
        case, act, profile=profile, starts_on=on, status=ProtocolStatus.IN_FORCE, today=today, first=True
    )
    case.decided_by, case.decided_on, case.outcome, case.decision_reasons = actor, on, Outcome.RESTRICT, reasons
    case.police_reference = police
    case.review_due_on = protocol.review_due_on
    _set_marker(case, MarkerType.PROTOCOL_IN_PLACE, actor=actor, on=on, review_due_on=protocol.review_due_on)
    marker_review = deadlines.marker_review_due_on(profile, on)
    _set_marker(
        case,
        MarkerType.POTENTIALLY_VIOLENT,
        actor=actor,
        on=on,
        review_due_on=marker_review,
        note=f"Police reference {police}" if police else "",
    )
    return {
        "reasons": reasons,
        "police_reference": police,
        "protocol": protocol.pk,
        "marker_review_due_on": marker_review,
    }


def _notify(*, case, actor, act: Notify, on, profile, **_):
    """The customer was told, in writing (000 §8.1, 001 §6.5.4, 002 §4, 003 §25); a decided protocol starts."""
    channel = _channel(act.channel, required=True)
    letter = act.letter
    case.notified_on = on
    details = {"channel": channel, "letter": str(letter) if letter else None}
    if case.state == State.DECIDED:
        protocol = case.protocols.filter(status=ProtocolStatus.DRAFT).first()
        if protocol is not None:
            if protocol.starts_on < on:
                protocol.starts_on = on
            if protocol.review_due_on is None:
                protocol.review_due_on = deadlines.next_review_due_on(
                    profile, on, case.review_due_on, _period_end(protocol)
                )
            protocol.status, protocol.in_force_from = ProtocolStatus.IN_FORCE, on
            protocol.save()
            case.review_due_on = protocol.review_due_on
            # the marker is set by the decision, so by the decision maker, not by whoever sent the letter
            decider = case.decided_by or actor
            _set_marker(case, MarkerType.PROTOCOL_IN_PLACE, actor=decider, on=on, review_due_on=protocol.review_due_on)
            if case.outcome == Outcome.REGISTER:
                _set_marker(case, MarkerType.REGISTERED, actor=decider, on=on)
            details.update(protocol=protocol.pk, review_due_on=protocol.review_due_on)
    return details


def _vary(case, act: WithProtocol, *, actor, on, profile, today):
    old = current_protocol(case, include_draft=False)
    protocol = _new_protocol(case, act, profile=profile, starts_on=on, status=ProtocolStatus.IN_FORCE, today=today)
    if old is not None:
        old.status, old.ended_on = ProtocolStatus.SUPERSEDED, on
        old.save(update_fields=["status", "ended_on"])
        protocol.replaces = old
        protocol.save(update_fields=["replaces"])
    case.review_due_on = protocol.review_due_on
    return protocol


def _review(*, case, actor, act: Review, on, profile, today, **_):
    """Continue, vary or end the protocol (000 §8.2, 001 §6.5.6, 002 §4, 003 Annex C); breaches since count."""
    outcome = act.outcome
    if outcome not in OUTCOMES["review"]:
        raise InvalidInput("Outcome must be continue, vary or end.", field="outcome")
    reasons = _text(act.reasons, "reasons", required=True, message="Give the reasons for the review outcome.")
    last = case.actions.filter(action__in=("review", "notify", "immediate_action")).order_by("-on").first()
    since = last.on if last else case.opened_on
    details = {
        "outcome": outcome,
        "reasons": reasons,
        "was_due_on": case.review_due_on,
        "breaches_since_last_review": case.breaches.filter(on__gte=since).count(),
    }
    if outcome == ReviewOutcome.CONTINUE:
        protocol = current_protocol(case, include_draft=False)
        protocol.review_due_on = deadlines.next_review_due_on(profile, on, case.review_due_on, _period_end(protocol))
        if protocol.ends_on and protocol.ends_on < on:
            raise InvalidInput("The protocol's period has ended; vary it with new dates or end it.", field="outcome")
        protocol.save(update_fields=["review_due_on"])
        case.review_due_on = protocol.review_due_on
    elif outcome == ReviewOutcome.VARY:
        protocol = _vary(case, act, actor=actor, on=on, profile=profile, today=today)
        details["protocol"] = protocol.pk
    else:
        _end_protocols(case, on=on)
    details["next_review_due_on"] = case.review_due_on
    return details


def _appeal(*, case, act: Appeal, on, profile, **_):
    """An appeal received (000 §9.1, 001 §6.5.5); ``policies.role_refusal`` names the external route elsewhere."""
    grounds = _text(act.grounds, "grounds", required=True, message="Record the grounds of the appeal.")
    received = act.received_on or on
    received = _on(received, on) if not isinstance(received, date) else received
    lodge_by = deadlines.appeal_lodge_by(profile, case.notified_on or case.decided_on)
    late_reasons = _text(act.late_reasons, "late_reasons", required=False, message="")
    if lodge_by and received > lodge_by and not late_reasons:
        days = profile.appeal["lodge_within_working_days"]
        raise Conflict(
            f"This appeal was received on {received:%-d %B %Y}, after {lodge_by:%-d %B %Y}: an appeal is lodged "
            f"within {days} working days of the customer being told ({profile.appeal['clause']}). Accept it late "
            "only with the reasons for accepting it late.",
            code="appeal_out_of_time",
        )
    case.appeal_received_on, case.appeal_grounds = received, grounds
    case.appeal_due_on = deadlines.appeal_due_on(profile, received)
    details = {"grounds": grounds, "received_on": received, "appeal_due_on": case.appeal_due_on}
    if lodge_by:
        details.update(lodge_by=lodge_by, late=received > lodge_by)
    if late_reasons and lodge_by and received > lodge_by:
        details["late_reasons"] = late_reasons
    return details


def _decide_appeal(*, case, actor, act: DecideAppeal, on, profile, today, **_):
    outcome = act.outcome
    if outcome not in OUTCOMES["decide_appeal"]:
        raise InvalidInput("Outcome must be upheld, dismissed or varied.", field="outcome")
    reasons = _text(act.reasons, "reasons", required=True, message="Give the reasons for the appeal outcome.")
    details = {
        "outcome": outcome,
        "reasons": reasons,
        "appeal_due_on": case.appeal_due_on,
        "on_time": case.appeal_due_on is None or on <= case.appeal_due_on,
    }
    if outcome == AppealOutcome.UPHELD:
        _end_protocols(case, on=on)
    elif outcome == AppealOutcome.VARIED:
        details["protocol"] = _vary(case, act, actor=actor, on=on, profile=profile, today=today).pk
    case.appeal_due_on = None
    return details


def _record_breach(*, case, actor, act: RecordBreach, on, **_):
    contact = object_or_none(Contact, act.contact)
    if contact is None or contact.customer_id != case.customer_id:
        raise InvalidInput("Give the id of this customer's contact that breached the protocol.", field="contact")
    protocol = current_protocol(case, include_draft=False)
    breach, created = Breach.objects.get_or_create(
        case=case,
        contact=contact,
        defaults={
            "protocol": protocol,
            "recorded_by": actor,
            "on": on,
            "reasons": [str(act.note or "Recorded by staff.")],
        },
    )
    if not created:
        raise Conflict("That contact is already recorded as a breach on this case.", code="duplicate")
    Contact.objects.filter(pk=contact.pk).update(breach=True)
    case.evidence.add(contact)
    return {"contact": contact.pk}


def _close(*, case, act: Close, on, **_):
    reasons = _text(act.reasons, "reasons", required=True, message="Give the reasons for closing the case.")
    _end_protocols(case, on=on)
    case.closed_on = on
    case.decision_due_on = case.appeal_due_on = None
    return {"reasons": reasons}


HANDLERS = {
    "record_discussion": _record_discussion,
    "initial_warning": _warning,
    "formal_warning": _warning,
    "consider_needs": _consider_needs,
    "assess": _assess,
    "refer": _refer,
    "decide": _decide,
    "immediate_action": _immediate_action,
    "notify": _notify,
    "review": _review,
    "appeal": _appeal,
    "decide_appeal": _decide_appeal,
    "record_breach": _record_breach,
    "close": _close,
}

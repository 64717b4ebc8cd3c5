"""The facts a letter is drafted from: everything a template may say, taken from the case and protocol.

:func:`letter_context` returns plain values (dates written out, restrictions in words) under the names listed
in ``templating.VARIABLES``; the letter keeps them as its ``facts``, so what it was based on stays on record and
the completeness checks can find each one in the text.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from faircontact.cases.models import CaseAction, Outcome, Protocol
from faircontact.cases.selectors import current_protocol
from faircontact.core import deadlines
from faircontact.core.errors import InvalidInput
from faircontact.records.models import Behaviour, Channel, Relationship

from .models import Kind
from .wording import Wording


def day(value: date | None) -> str:
    """A date as GOV.UK writes it: 30 April 2026."""
    return Wording().day(value)


def phrase(text: str) -> str:
    """A summary as part of a sentence: "Boiler repair late." -> "boiler repair late" (acronyms kept)."""
    text = (text or "").strip().rstrip(".")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def role_label(own, user, preferred: tuple[str, ...] = ()) -> str:
    """Who signs, in the letter's language (``own``: ``Profile.words_in``): their job title, else their role."""
    if user is None:
        return ""
    if user.job_title:
        return user.job_title
    roles = [r for r in preferred if r in user.roles] or list(user.roles)
    return own.role_label(roles[0]) if roles else ""


def restrictions(protocol: Protocol, *, profile, outcome: str, say: Wording | None = None) -> list[str]:
    """Each term of a protocol as a sentence to the customer, in ``say``'s language (001 §6.4, §6.5.4; 002 §4;
    003 §28-31)."""
    say = say or Wording()
    out = []
    if outcome == "register":
        out.append(say.say("register", label=profile.label("register")))
    channels = protocol.channels_allowed or []
    if channels and set(channels) < set(Channel.values):
        out.append(say.say("channels_only", channels=say.words([say.channel(c) for c in channels])))
    for slot in protocol.times or []:
        days = say.words([say.weekday(d) for d in slot.get("days") or []]) or say.say("any_weekday")
        channel = say.channel(slot["channel"])
        out.append(say.say("slot", channel=channel, days=days, start=slot["from"], end=slot["to"]))
    if protocol.spoc_id:
        text = say.say("spoc", spoc=protocol.spoc.display_name)
        if protocol.spoc_deputy_id:
            text += say.say("spoc_deputy", deputy=protocol.spoc_deputy.display_name)
        out.append(text + ".")
    refs = [c.reference for c in protocol.acknowledge_only_complaints.all()]
    if refs:
        out.append(say.say("acknowledge_only", refs=say.words(refs)))
    filed = [c.reference for c in protocol.file_without_reply_complaints.all()]
    if filed:
        out.append(say.say("file_without_reply", refs=say.words(filed)))
    if protocol.call_limits:
        calls, minutes = protocol.call_limits["calls_per_week"], protocol.call_limits.get("max_minutes")
        times = say.say("once") if calls == 1 else say.say("times", n=calls)
        text = say.say("calls", times=times)
        out.append(text + (say.say("call_minutes", minutes=minutes) if minutes else "."))
    if protocol.meetings_witnessed:
        out.append(say.say("witnessed"))
    if protocol.third_party_only:
        out.append(say.say("third_party", who=protocol.third_party or say.say("a_third_party")))
    if protocol.appointment_only:
        out.append(say.say("appointment"))
    if protocol.buildings_banned:
        out.append(say.say("buildings", buildings=say.words(protocol.buildings_banned)))
    if protocol.issue_limit:
        limit = protocol.issue_limit
        out.append(say.say("issue_limit", count=limit["count"], days=limit.get("period_days", 30)))
    if protocol.health_and_safety_only_until:
        out.append(say.say("health_and_safety_only", date=say.day(protocol.health_and_safety_only_until)))
    if protocol.suspended_until:
        out.append(say.say("suspended", date=say.day(protocol.suspended_until)))
    if protocol.behaviour_agreement:
        out.append(say.say("behaviour_agreement"))
    return out


def _appeal_deadline(profile, say: Wording) -> str:
    """How long an appeal takes to decide, in words: "28 days", "20 working days" or blank."""
    working, days = profile.appeal["decide_within_working_days"], profile.appeal["deadline_days"]
    if working:
        return say.say("working_days", n=working)
    return say.say("days", n=days) if days else ""


def _latest(case, action: str) -> CaseAction | None:
    return case.actions.filter(action=action).order_by("-on", "-id").first() if case else None


def _complaint(c, say: Wording) -> dict:
    return {
        "reference": c.reference,
        "summary": c.summary,
        "received_on": say.day(c.received_on),
        "final_response_on": say.day(c.final_response_on),
        "final_response_by": c.final_response_by.display_name if c.final_response_by_id else "",
        "escalation_route": c.escalation_route,
    }


def letter_context(
    *, kind: str, profile, customer, case, representative, covers, encloses, actor, today: date, language: str = "en"
) -> dict:
    """The facts for one letter, in ``language`` (``letters.wording``; the organisation's own words from
    ``Profile.words_in``); a 422 says what must be recorded first (a decision, a review, an appeal)."""
    say, own = Wording(language), profile.words_in(language)
    day = say.day
    complaints = list(case.complaints.select_related("final_response_by")) if case else []
    if covers:
        complaints = list(dict.fromkeys(c.complaint for c in covers if c.complaint_id)) or complaints
    if not complaints and kind in (Kind.CIRCULAR_COMPLAINT, Kind.MP_REPLY):
        complaints = list(
            customer.complaints.filter(final_response_on__isnull=False).select_related("final_response_by")
        )
    escalation = next((c.escalation_route for c in complaints if c.escalation_route), "") or own.external_escalation
    appeal_roles = profile.appeal["decided_by"]
    facts = {
        "organisation_name": profile.name,
        "organisation_address": profile.organisation["address"],
        "policy_title": own.policy_title,
        "policy_reference": profile.organisation["policy_reference"],
        "customer_name": customer.name,
        "customer_reference": customer.reference,
        "recipient_name": representative.name if representative else customer.name,
        "to_representative": representative is not None,
        "recipient_relationship": (
            say.relationship(representative.relationship, Relationship(representative.relationship).label)
            if representative
            else ""
        ),
        "our_reference": f"{customer.reference}/{case.pk}" if case else customer.reference,
        "signatory_name": actor.display_name,
        "signatory_role": role_label(own, actor),
        "grounds": [own.ground_label(g) for g in (case.grounds if case else [])],
        "behaviour": [],
        "complaints": [_complaint(c, say) for c in complaints],
        "issues": say.words([phrase(c.summary) for c in complaints]),
        "escalation_route": escalation,
        "external_escalation": own.external_escalation,
        "has_appeal": profile.has_appeal,
        "appeal_deadline_days": profile.appeal["deadline_days"],
        "appeal_deadline": _appeal_deadline(profile, say),
        "appeal_lodge_within_working_days": profile.appeal["lodge_within_working_days"],
        "appeal_lodge_by": day(
            deadlines.appeal_lodge_by(
                profile, (case.notified_on if case and case.notified_on and kind != Kind.DECISION else today)
            )
        ),
        "appeal_decided_by": own.role_label(appeal_roles[0]) if appeal_roles else "",
        "final_response_dates": [day(c.final_response_on) for c in complaints if c.final_response_on],
        # who gave each of those responses; blank where nobody is recorded (003 §25-26, Annex G: named in the letter)
        "final_response_givers": [
            c.final_response_by.display_name if c.final_response_by_id else ""
            for c in complaints
            if c.final_response_on
        ],
    }
    if kind in (Kind.INITIAL_WARNING, Kind.FORMAL_WARNING):
        warning = _latest(case, kind)
        behaviour = (warning.details.get("behaviour") if warning else None) or []
        facts["behaviour"] = [say.behaviour(b, Behaviour(b).label.lower()) for b in behaviour if b in Behaviour.values]
    if kind == Kind.DECISION:
        facts.update(_decision_facts(case, profile=profile, today=today, say=say, own=own))
    if kind in (Kind.REVIEW_OUTCOME, Kind.APPEAL_OUTCOME):
        action = _latest(case, "review" if kind == Kind.REVIEW_OUTCOME else "decide_appeal")
        if action is None:
            raise InvalidInput(
                f"Record the {'review' if kind == Kind.REVIEW_OUTCOME else 'appeal decision'} "
                "on the case before writing to tell the customer.",
                field="kind",
            )
        outcome, reasons = action.details.get("outcome", ""), action.details.get("reasons", "")
        facts["signatory_name"] = action.actor.display_name if action.actor else actor.display_name
        facts["signatory_role"] = role_label(own, action.actor or actor)
        protocol = current_protocol(case, include_draft=False)
        facts["restrictions"] = (
            restrictions(protocol, profile=profile, outcome=case.outcome, say=say) if protocol else []
        )
        if kind == Kind.REVIEW_OUTCOME:
            facts.update(
                review_outcome=outcome,
                review_outcome_text=say.say(f"review_{outcome}") if outcome else "",
                review_reasons=reasons,
                reviewed_on=day(action.on),
                next_review_due_on=day(case.review_due_on) if outcome != "end" else "",
            )
        else:
            facts.update(
                appeal_outcome=outcome,
                appeal_outcome_text=say.say(f"appeal_{outcome}") if outcome else "",
                appeal_reasons=reasons,
                appeal_decided_on=day(action.on),
            )
    if kind in (Kind.APPEAL_ACKNOWLEDGEMENT, Kind.APPEAL_OUTCOME):
        if case.appeal_received_on is None:
            raise InvalidInput("Record the appeal on the case first.", field="kind")
        appeal = _latest(case, "appeal")
        facts.update(
            appeal_received_on=day(case.appeal_received_on),
            appeal_due_on=day(case.appeal_due_on),
            appeal_grounds=appeal.details.get("grounds", "") if appeal else case.appeal_grounds,
        )
    if kind == Kind.ACKNOWLEDGEMENT:
        facts["covered"] = [
            {
                "date": day(timezone.localtime(c.occurred_at).date()),
                "channel": say.channel(c.channel),
                "issues": phrase(c.complaint.summary if c.complaint_id else c.subject),
            }
            for c in covers
        ]
        facts["covered_dates"] = list(dict.fromkeys(item["date"] for item in facts["covered"]))
    if kind == Kind.COPY_TO:
        facts.update(
            copied_letter_date=day(encloses.issued_on) if encloses.issued_on else "",
            copied_letter_subject=encloses.subject,
            copied_letter_to=encloses.recipient_name,
        )
    return facts


def _decision_facts(case, *, profile, today: date, say: Wording, own) -> dict:
    """What a decision letter states (000 §6.4, §8.1; 001 §6.5.4; 002 §4; 003 §25)."""
    protocol = current_protocol(case, include_draft=True)
    if case.outcome not in (Outcome.RESTRICT, Outcome.REGISTER) or protocol is None:
        raise InvalidInput(
            "A decision letter needs a decision to restrict or register, with its protocol.", field="kind"
        )
    starts_from = max(protocol.starts_on, today)
    review = protocol.review_due_on or deadlines.review_due_on(profile, starts_from, protocol.ends_on)
    day = say.day
    starts = say.say("starts_today") if protocol.starts_on <= today else day(protocol.starts_on)
    if protocol.business_unit_id:
        scope = say.say("scope_unit", unit=own.business_unit(protocol.business_unit.name))
    else:
        scope = say.say("scope_all")
    if protocol.representative_id:
        scope += say.say("scope_representative", name=protocol.representative.name)
    scope += "."
    ends = say.say("until", date=day(protocol.ends_on)) if protocol.ends_on else say.say("until_reviewed")
    refs = [c.reference for c in protocol.acknowledge_only_complaints.all()]
    return {
        "outcome": case.outcome,
        "decided_on": day(case.decided_on),
        "decision_reasons": case.decision_reasons,
        "decided_by_role": role_label(own, case.decided_by, profile.steps["decide"].roles),
        "signatory_name": case.decided_by.display_name if case.decided_by_id else "",
        "signatory_role": role_label(own, case.decided_by, profile.steps["decide"].roles),
        "restrictions": restrictions(protocol, profile=profile, outcome=case.outcome, say=say),
        "channels_allowed": say.words([say.channel(c) for c in protocol.channels_allowed or Channel.values]),
        "spoc_name": protocol.spoc.display_name if protocol.spoc_id else "",
        "spoc_deputy_name": protocol.spoc_deputy.display_name if protocol.spoc_deputy_id else "",
        "scope": scope,
        "starts": starts,
        "ends_on": day(protocol.ends_on),
        "duration": say.say("duration", starts=starts, ends=ends),
        "review_due_on": day(review),
        "review_due_on_iso": review.isoformat(),
        "protocol": protocol.pk,
        "acknowledge_only_references": refs,
    }

"""Demo cases, taken through the real services so the demo shows the workflow at work: a customer under a
communication protocol with its review coming up, a case waiting for a decision, and one at its first step."""

from __future__ import annotations

from datetime import date, timedelta

from faircontact.cases.services import case_act, case_open
from faircontact.cases.transitions import LADDER
from faircontact.core.access import user_has_permission_for_instance
from faircontact.core.models import User
from faircontact.core.profiles import active_profile
from faircontact.records.models import Complaint, Customer

NEEDS = {
    "support_needs_considered": True,
    "safeguarding_considered": True,
    "reasons_for_behaviour": "Frustration at how long the original complaint took to resolve.",
    "adjustments_offered": ["Written updates every month", "A named officer to contact"],
}
STEP_DETAILS = {
    "record_discussion": {"channel": "phone", "note": "Explained the concern and asked the customer to reflect."},
    "initial_warning": {"channel": "letter", "behaviour": []},
    "formal_warning": {"channel": "letter", "behaviour": []},
    "assess": {
        "conclusion": "unacceptable",
        "findings": "Contact far above the usual level, repeating points already answered.",
    },
}


def _someone(role: str, *, besides: User | None = None) -> User:
    users = [u for u in User.objects.filter(is_active=True).order_by("id") if role in u.roles and u != besides]
    return users[0]


def _actor_for(profile, action: str, *, besides: User | None = None) -> User:
    for role in profile.steps[action].roles:
        if any(role in u.roles for u in User.objects.filter(is_active=True)):
            return _someone(role, besides=besides)
    raise LookupError(action)


def _ladder(profile, case, start: date, *, until: str) -> date:
    """Take the profile's steps up to (not including) ``until``, a few days apart; return the last date."""
    day = start
    # steps the profile requires, those a later step must follow (002 §4) and the warning written-only needs
    needed = {earlier for step in profile.steps.values() for earlier in step.after}
    if profile.restrictions.get("written_only_after_warning"):
        needed.add("initial_warning")
    for action in LADDER[: LADDER.index(until)]:
        if profile.has_step(action) and (profile.steps[action].required or action in needed):
            day += timedelta(days=3)
            case_act(
                actor=_actor_for(profile, action),
                case=case,
                today=day,
                data={"action": action, "on": day, **STEP_DETAILS[action]},
            )
    day += timedelta(days=1)
    case_act(
        actor=_actor_for(profile, "consider_needs"),
        case=case,
        today=day,
        data={"action": "consider_needs", "on": day, **NEEDS},
    )
    return day


def _open(customer: Customer, complaints, on: date, grounds) -> object:
    """Open a demo case on ``grounds``, kept to those the profile allows (``[grounds] allowed``)."""
    officer = _someone("officer")
    allowed = active_profile().grounds_allowed
    return case_open(
        actor=officer,
        customer=customer,
        grounds=[g for g in grounds if g in allowed] or [allowed[0]],
        complaints=complaints,
        on=on,
        today=on,
        summary="Contact at a level that takes staff away from other customers.",
    )


def _referral(profile, referrer: User, day: date, case=None) -> dict:
    """A referral, approved where the profile requires it (003 §22: the line manager's approval). When no one who
    decides can open ``case`` (its business unit has no decision maker), one is named, so the referral is decided
    rather than left waiting for nobody."""
    data = {"action": "refer", "on": day}
    for role in profile.steps["refer"].approved_by:
        data["approved_by"] = str(_someone(role, besides=referrer).pk)
        break
    if case is not None:
        deciders = [
            u
            for u in User.objects.filter(is_active=True).order_by("id")
            if u != referrer and any(role in u.roles for role in profile.steps["decide"].roles)
        ]
        if deciders and not any(user_has_permission_for_instance(u, "cases.act", case) for u in deciders):
            data["decision_maker"] = str(deciders[0].pk)
    return data


def _terms(profile, decided_on: date, spoc: User) -> dict:
    """What the profile's policy says a protocol must state (``[restrictions] must_state``)."""
    terms = profile.restrictions.get("must_state", {})
    extra = {
        "frequency": {"frequency": "A written update from the named officer every month"},
        "main_contact": {},
        "appointment_only": {"appointment_only": False},
        "end": {"ends_on": decided_on + timedelta(days=365)},
        "spoc_times": {"times": [{"channel": "email", "days": ["tue", "thu"], "from": "09:00", "to": "12:00"}]},
        "spoc_deputy": {"spoc_deputy": str(_someone("manager", besides=spoc).pk)},
    }
    return {k: v for term in terms for k, v in extra[term].items()}


def demo_cases(profile, *, today: date, customers: dict[str, Customer]) -> dict[str, str]:
    """Open the demo cases for the pattern customers (``pattern -> customer``); return reference -> what it shows."""
    shown = {}
    restricted = customers["after_final"]
    complaints = list(Complaint.objects.filter(customer=restricted, final_response_on__isnull=False))
    case = _open(restricted, complaints, today - timedelta(days=110), ["persistent", "upcc"])
    day = _ladder(profile, case, case.opened_on, until="refer")
    referrer = _actor_for(profile, "refer")
    referral = _referral(profile, referrer, day, case)
    case_act(actor=referrer, case=case, today=day, data=referral)
    named = referral.get("decision_maker")
    decider = User.objects.get(pk=named) if named else _actor_for(profile, "decide", besides=referrer)
    decided_on = today - timedelta(days=88)
    outcome = "register" if "register" in profile.decision["outcomes"] else "restrict"
    spoc = _someone("officer")
    protocol = {"channels_allowed": ["letter", "email"], "spoc": str(spoc.pk)}
    protocol.update(_terms(profile, decided_on, spoc))
    if "acknowledge_only" in profile.restrictions["allowed"] and outcome == "restrict":
        protocol["acknowledge_only_complaints"] = [str(c.pk) for c in complaints]
    case_act(
        actor=decider,
        case=case,
        today=decided_on,
        data={
            "action": "decide",
            "on": decided_on,
            "outcome": outcome,
            "protocol": protocol,
            "reasons": "Repeated contact about a complaint that has had its full and final response.",
            "override_reasons": "Telephone contact stays open through the named officer's e-mail.",
        },
    )
    told_on = decided_on + timedelta(days=2)
    case_act(
        actor=_actor_for(profile, "notify"),
        case=case,
        today=told_on,
        data={"action": "notify", "on": told_on, "channel": "letter"},
    )
    shown[restricted.reference] = "written contact only, through a single point of contact"

    for pattern in ("burst", "scattergun", "subject_changes"):
        waiting = customers[pattern]
        finals = list(Complaint.objects.filter(customer=waiting, final_response_on__isnull=False)[:1])
        if finals or not profile.decision["requires_final_response"]:
            break
    else:
        waiting = None
    if waiting is not None:  # DWP refers only contact after a full and final response (003 §17)
        case = _open(waiting, finals, today - timedelta(days=20), ["persistent"])
        day = _ladder(profile, case, case.opened_on, until="refer")
        day = max(day, today - timedelta(days=3))
        referrer = _actor_for(profile, "refer")
        case_act(actor=referrer, case=case, today=day, data=_referral(profile, referrer, day, case))
        shown[waiting.reference] = "referred, waiting for a decision"

    early = customers["abusive"]
    case = _open(early, [], today - timedelta(days=5), ["abusive"])
    shown[early.reference] = "case just opened about abusive contact"
    return shown

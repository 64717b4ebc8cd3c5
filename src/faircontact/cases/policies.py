"""Who may take a case action: the profile's roles, separation of duties, and deputies (one place for all of it).

Each check returns ``None`` when allowed, or the sentence that explains the refusal (the API answers 409 with it).
"""

from __future__ import annotations

from datetime import date

from faircontact.core.models import User
from faircontact.core.users import staff_with_roles

from .actions import ActionInput
from .models import Case, CaseAction, Outcome
from .transitions import LADDER, TRANSITIONS


def holds_step(profile, user: User, action: str) -> bool:
    """``user`` holds one of the roles the profile gives the step ``action`` (``[steps.<action>].roles``)."""
    step = profile.steps.get(action)
    return step is not None and user.has_role(*step.roles)


def decides_appeals(profile, user: User) -> bool:
    """``user`` holds one of the roles the profile's appeal route names (``[appeal] decided_by``)."""
    return profile.has_appeal and user.has_role(*profile.appeal["decided_by"])


def role_refusal(profile, user: User, action: str, *, letter_kind: str | None = None) -> str | None:
    """Whether ``user``'s roles allow the step. Someone ``[letters] send_roles`` lets send a letter of
    ``letter_kind`` records, by sending it, that the customer was told (notify)."""
    if action in ("appeal", "decide_appeal") and not profile.has_appeal:
        return (
            f"{profile.name}'s policy has no appeal: the customer can ask for a review, or go to "
            f"{profile.appeal['external_escalation']} ({profile.appeal['clause']})."
        )
    step = profile.steps.get(action)
    if step is None:
        return f"{profile.name}'s policy has no step '{action.replace('_', ' ')}'."
    if action == "notify" and letter_kind and profile.may_send_letters(letter_kind, user.roles):
        return None
    if not holds_step(profile, user, action):
        who = " or ".join(profile.role_label(r) for r in step.roles)
        return f"Only a {who} may take the step '{step.label}' ({step.clause})."
    return None


def state_refusal(case: Case, action: str) -> str | None:
    if case.state not in TRANSITIONS[action].from_states:
        state, step = case.get_state_display().lower(), action.replace("_", " ")
        return f"A case that is '{state}' cannot take the action '{step}'."
    return None


def ladder_refusal(profile, case: Case, action: str, taken: set[str]) -> str | None:
    """A step the profile marks required must come before any later step of the ladder (001 §6.5)."""
    if action not in LADDER:
        return None
    for earlier in LADDER[: LADDER.index(action)]:
        step = profile.steps.get(earlier)
        if step is not None and step.required and earlier not in taken:
            return f"'{step.label}' must be recorded before this step ({step.clause})."
    return None


def needs_refusal(case: Case, profile) -> str | None:
    """Fairness before restriction: no restriction is decided until support needs were considered (the profile's
    clause cited, ``[citations] needs_before_restriction``)."""
    if case.needs_considered_on is None:
        return (
            "Support needs, vulnerability and the reasons for the behaviour must be considered, and reasonable "
            f"adjustments offered, before a restriction is decided{profile.cite('needs_before_restriction')}."
        )
    return None


def precondition_refusal(profile, case: Case, action: str) -> str | None:
    """What must already be on the case record before ``action``: a referral, where the profile requires it, needs a
    complaint with a full and final response (003 §17). The service refuses with this sentence and the case page
    uses it to say why the step is not offered."""
    if (
        action == "refer"
        and profile.decision["requires_final_response"]
        and not case.complaints.filter(final_response_on__isnull=False).exists()
    ):
        return (
            "Unreasonably persistent contact is about a complaint after its full and final response: "
            f"link a complaint with a final response first ({profile.decision['clause']})."
        )
    return None


def took_part(case: Case, user: User) -> bool:
    return (
        case.owner_id == user.pk
        or case.referred_by_id == user.pk
        or case.decided_by_id == user.pk
        or CaseAction.objects.filter(case=case, actor=user).exists()
    )


def separation_refusal(profile, case: Case, user: User, action: str, on: date) -> str | None:
    """Separation of duties: the referrer does not decide; an uninvolved person decides appeals; deputies act
    only in the principal's absence."""
    if action == "decide":
        if case.referred_by_id == user.pk:
            return "The person who referred the case cannot also decide it."
        if case.decision_maker_id and case.decision_maker_id != user.pk:
            return f"This case is waiting for a decision by {case.decision_maker.display_name}."
    if action in ("decide", "immediate_action", "review"):  # 002 §4: the review is decided as the decision is
        step_roles = set(profile.steps[action].roles)
        deputies = profile.decision["deputy_when_absent"]
        principal_roles = step_roles - set(deputies)
        if not user.has_role(*principal_roles):
            for deputy, principal in deputies.items():
                principal_generic = profile.generic_role(principal)
                if user.has_role(profile.generic_role(deputy)):
                    present = staff_with_roles([principal_generic], present_on=on)
                    if present:
                        return (
                            f"The {profile.role_label(profile.generic_role(deputy))} decides only when the "
                            f"{profile.role_label(principal_generic)} is recorded as absent "
                            f"({profile.decision['clause']})."
                        )
    if action == "decide_appeal":
        if not decides_appeals(profile, user):
            who = " or ".join(profile.role_label(r) for r in profile.appeal["decided_by"])
            return f"An appeal is decided by a {who} ({profile.appeal['clause']})."
        if took_part(case, user):
            return (
                "An appeal is decided by someone who took no part in the case or the original decision "
                f"({profile.appeal['clause']})."
            )
    return None


def clause_refusal(profile, case: Case, action: str, act: ActionInput, taken: set[str]) -> str | None:
    """The seed policies' own order of steps, from the profile (issue 15): a step recorded only after others
    (``steps.<action>.after``, 002 §4), an assessment that stops a protocol (``steps.assess.gates_protocol``,
    001 §6.5.3-6.5.4) and the number of appeals (``appeal.max_appeals``, 001 §6.5.5)."""
    step = profile.steps.get(action)
    for earlier in step.after if step else ():
        if earlier not in taken:
            before = profile.steps.get(earlier)
            label = before.label if before else earlier.replace("_", " ")
            return f"'{label}' must be recorded before '{step.label}' ({step.clause})."
    assess = profile.steps.get("assess")
    protocol_step = action == "refer" or (action == "decide" and act.outcome in (Outcome.RESTRICT, Outcome.REGISTER))
    if assess is not None and assess.gates_protocol and protocol_step:
        last = case.actions.filter(action="assess").order_by("-on", "-id").first()
        if last is not None and last.details.get("conclusion") == "not_unacceptable":
            return (
                f"The last {assess.label} found the behaviour not unacceptable: a protocol can be neither referred "
                f"nor decided until a new assessment finds it unacceptable ({assess.clause})."
            )
    limit = profile.appeal.get("max_appeals", 0)
    if action == "appeal" and limit and case.actions.filter(action="decide_appeal").count() >= limit:
        return (
            f"{profile.name}'s policy allows {'one appeal' if limit == 1 else f'{limit} appeals'} against a "
            f"protocol, and it has been determined: the customer can now use "
            f"{profile.appeal['external_escalation']} ({profile.appeal['clause']})."
        )
    return None

"""The case state machine: which action may be taken from which state, and where it leads.

This table is the single source of the workflow; ``docs/architecture.md`` draws its diagram from it
(``python -m faircontact.cases.transitions`` prints the Mermaid source). Who may take each action comes from
the active profile's ``[steps]``; the separation-of-duties and fairness rules live in ``cases.policies``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import AppealOutcome, Outcome, ReviewOutcome, State

S = State
BEFORE_DECISION = frozenset({S.OPEN, S.DISCUSSED, S.INITIAL_WARNING, S.FORMAL_WARNING, S.ASSESSMENT})
PROTOCOL_STATES = frozenset({S.RESTRICTED, S.UNDER_REVIEW, S.UNDER_APPEAL})
LIVE = frozenset(set(State) - {S.ENDED})


@dataclass(frozen=True)
class Transition:
    from_states: frozenset[str]
    #: the state after the action; ``None`` keeps the current state; a dict maps the payload's ``outcome``
    to_state: str | dict[str, str] | None


TRANSITIONS: dict[str, Transition] = {
    "record_discussion": Transition(frozenset({S.OPEN, S.DISCUSSED}), S.DISCUSSED),
    "initial_warning": Transition(frozenset({S.OPEN, S.DISCUSSED, S.INITIAL_WARNING}), S.INITIAL_WARNING),
    "formal_warning": Transition(
        frozenset({S.OPEN, S.DISCUSSED, S.INITIAL_WARNING, S.FORMAL_WARNING}), S.FORMAL_WARNING
    ),
    "consider_needs": Transition(BEFORE_DECISION | {S.REFERRED}, None),
    "assess": Transition(BEFORE_DECISION, S.ASSESSMENT),
    "refer": Transition(BEFORE_DECISION, S.REFERRED),
    "decide": Transition(
        frozenset({S.REFERRED}),
        {Outcome.RESTRICT: S.DECIDED, Outcome.REGISTER: S.DECIDED, Outcome.NO_ACTION: S.NO_ACTION},
    ),
    "immediate_action": Transition(BEFORE_DECISION | {S.REFERRED}, S.RESTRICTED),
    "notify": Transition(frozenset({S.DECIDED, S.NO_ACTION, S.ENDED}) | PROTOCOL_STATES, {"decided": S.RESTRICTED}),
    "review": Transition(
        frozenset({S.RESTRICTED, S.UNDER_REVIEW}),
        {ReviewOutcome.CONTINUE: S.RESTRICTED, ReviewOutcome.VARY: S.RESTRICTED, ReviewOutcome.END: S.ENDED},
    ),
    "appeal": Transition(frozenset({S.RESTRICTED, S.UNDER_REVIEW}), S.UNDER_APPEAL),
    "decide_appeal": Transition(
        frozenset({S.UNDER_APPEAL}),
        {AppealOutcome.UPHELD: S.ENDED, AppealOutcome.DISMISSED: S.RESTRICTED, AppealOutcome.VARIED: S.RESTRICTED},
    ),
    "record_breach": Transition(PROTOCOL_STATES, None),
    "close": Transition(LIVE, S.ENDED),
}

#: The ladder's order: a step the profile marks ``required`` must be taken before any later one (001 §6.5).
LADDER = ("record_discussion", "initial_warning", "formal_warning", "assess", "refer", "decide")

#: An action answers an earlier event of the case and cannot be dated before it (issue 14 §9): action → (the case's
#: date of that event, the payload field that dates the action, what the event was).
ANSWERS: dict[str, tuple[str, str, str]] = {
    "decide": ("referred_on", "on", "the case was referred"),
    "notify": ("decided_on", "on", "the decision was made"),
    "appeal": ("notified_on", "received_on", "the customer was told of the decision"),
    "decide_appeal": ("appeal_received_on", "on", "the appeal was received"),
}

#: The sweep moves a protocol whose review is due into ``under_review`` (not a staff action).
SYSTEM_TRANSITIONS = {"review_due": (S.RESTRICTED, S.UNDER_REVIEW)}


def next_state(action: str, current: str, outcome: str | None = None) -> str:
    """The state after ``action`` from ``current`` (assumes the action is allowed there)."""
    target = TRANSITIONS[action].to_state
    if target is None:
        return current
    if isinstance(target, dict):
        if action == "notify":
            return target.get(current, current)
        return target[outcome]
    return target


def mermaid() -> str:
    """The state diagram in Mermaid syntax, from the table above."""
    lines = ["stateDiagram-v2", "    [*] --> open"]
    for action, transition in TRANSITIONS.items():
        targets = transition.to_state
        for source in sorted(transition.from_states):
            if targets is None:
                pairs = [(action, source)]
            elif isinstance(targets, dict):
                pairs = [(f"{action}: {k}", v) for k, v in targets.items() if action != "notify" or k == source]
            else:
                pairs = [(action, targets)]
            for label, target in pairs:
                lines.append(f"    {source} --> {target}: {label}")
    for name, (source, target) in SYSTEM_TRANSITIONS.items():
        lines.append(f"    {source} --> {target}: {name} (sweep)")
    lines.append("    ended --> [*]")
    return "\n".join(lines)


if __name__ == "__main__":
    print(mermaid())

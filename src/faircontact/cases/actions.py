"""Typed inputs of the case actions: one dataclass per action, the contract between those who read what staff send
(``api.v1.cases.ActionIn``, the web's action forms, the letters and register services) and ``case_act``.

:func:`action_input` reads a payload into the action's dataclass: the action names it (422 naming ``action`` when
unknown), each field the action takes is copied, a field given as ``None`` keeps its default. The handlers in
``cases.services`` read attributes; what a value must be (a known outcome, reasons given, a date not in the
future) is still checked there, in the order and with the sentences the API documents.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import ClassVar

from faircontact.core.errors import InvalidInput

from .transitions import TRANSITIONS


@dataclass(frozen=True, kw_only=True)
class ActionInput:
    """What every step may carry: the day it happened (``None``: today), a note, the channel (a step the profile
    gives in writing names it), who approved it (a step that needs approval, 003 §22) and the reasons (kept with
    the audit event: why the review date or restriction changed, 000 §8.2)."""

    action: ClassVar[str]
    on: date | str | None = None
    note: str = ""
    channel: str | None = None
    approved_by: str | int | None = None
    reasons: str = ""


@dataclass(frozen=True, kw_only=True)
class WithProtocol(ActionInput):
    """A step that may set a communication protocol: its terms (``cases.protocols.parse_protocol`` reads them) and
    the written reasons for removing a channel the customer's needs rely on."""

    protocol: dict | None = None
    override_reasons: str = ""


@dataclass(frozen=True, kw_only=True)
class WithOutcome(WithProtocol):
    """A decision with an outcome (``Outcome``, ``ReviewOutcome``, ``AppealOutcome``) that may set a protocol."""

    outcome: str | None = None


@dataclass(frozen=True, kw_only=True)
class RecordDiscussion(ActionInput):
    action = "record_discussion"


@dataclass(frozen=True, kw_only=True)
class InitialWarning(ActionInput):
    action = "initial_warning"
    behaviour: list[str] | tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class FormalWarning(InitialWarning):
    action = "formal_warning"


@dataclass(frozen=True, kw_only=True)
class ConsiderNeeds(ActionInput):
    action = "consider_needs"
    support_needs_considered: bool | None = None
    safeguarding_considered: bool | None = None
    safeguarding_notes: str = ""
    support_agency: dict | None = None
    reasons_for_behaviour: str = ""
    adjustments_offered: list[str] | tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Assess(ActionInput):
    action = "assess"
    conclusion: str | None = None
    findings: str = ""


@dataclass(frozen=True, kw_only=True)
class Refer(ActionInput):
    action = "refer"
    decision_maker: str | int | None = None


@dataclass(frozen=True, kw_only=True)
class Decide(WithOutcome):
    action = "decide"


@dataclass(frozen=True, kw_only=True)
class ImmediateAction(WithProtocol):
    action = "immediate_action"
    police_reference: str = ""


@dataclass(frozen=True, kw_only=True)
class Notify(ActionInput):
    action = "notify"
    letter: str | int | None = None


@dataclass(frozen=True, kw_only=True)
class Review(WithOutcome):
    action = "review"


@dataclass(frozen=True, kw_only=True)
class Appeal(ActionInput):
    action = "appeal"
    grounds: str = ""
    received_on: date | str | None = None
    late_reasons: str = ""


@dataclass(frozen=True, kw_only=True)
class DecideAppeal(WithOutcome):
    action = "decide_appeal"


@dataclass(frozen=True, kw_only=True)
class RecordBreach(ActionInput):
    action = "record_breach"
    contact: str | int | None = None


@dataclass(frozen=True, kw_only=True)
class Close(ActionInput):
    action = "close"


#: action name -> its input; one for every action of the transition table
INPUTS: dict[str, type[ActionInput]] = {
    cls.action: cls
    for cls in (
        RecordDiscussion,
        InitialWarning,
        FormalWarning,
        ConsiderNeeds,
        Assess,
        Refer,
        Decide,
        ImmediateAction,
        Notify,
        Review,
        Appeal,
        DecideAppeal,
        RecordBreach,
        Close,
    )
}
assert set(INPUTS) == set(TRANSITIONS), "an input for every action of cases.transitions"


def action_input(data: dict) -> ActionInput:
    """The typed input of ``data["action"]`` with the fields it takes from ``data``."""
    action = data.get("action")
    if action not in INPUTS:
        raise InvalidInput(f"Unknown action; use one of {', '.join(TRANSITIONS)}.", field="action")
    cls = INPUTS[action]
    names = {f.name for f in fields(cls)}
    return cls(**{name: value for name, value in data.items() if name in names and value is not None})

"""Typed inputs of the case actions (``cases/actions.py``): one dataclass per action, read from a payload."""

from __future__ import annotations

import pytest

from faircontact.cases.actions import INPUTS, Appeal, Close, Decide, action_input
from faircontact.cases.transitions import TRANSITIONS
from faircontact.core.errors import InvalidInput


def test_every_action_of_the_transition_table_has_its_input():
    assert set(INPUTS) == set(TRANSITIONS)
    assert all(cls.action == name for name, cls in INPUTS.items())


def test_an_unknown_action_is_refused_naming_the_field_as_before():
    with pytest.raises(InvalidInput) as refused:
        action_input({"action": "promote"})
    assert refused.value.field == "action"
    assert refused.value.message == f"Unknown action; use one of {', '.join(TRANSITIONS)}."


def test_a_payload_is_read_into_the_actions_own_fields():
    act = action_input({"action": "decide", "outcome": "restrict", "reasons": "r", "protocol": {"spoc": "1"}})
    assert act == Decide(outcome="restrict", reasons="r", protocol={"spoc": "1"})
    # a field given as None keeps its default, as the handlers read ``value or default``
    assert action_input({"action": "appeal", "grounds": None, "received_on": None}) == Appeal()
    # another action's field is not part of this one (the API's one schema covers every action)
    assert action_input({"action": "close", "reasons": "done", "outcome": "upheld"}) == Close(reasons="done")
    with pytest.raises(AttributeError):
        action_input({"action": "close"}).outcome  # noqa: B018 - a handler cannot read what its action lacks

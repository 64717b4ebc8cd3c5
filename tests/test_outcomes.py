"""Outcomes defined once (cases/models.py): the state machine's outcome branches, every profile's decision outcomes
and the stored ``Case.outcome`` all draw on ``Outcome``, ``ReviewOutcome`` and ``AppealOutcome``."""

from __future__ import annotations

from pathlib import Path

from faircontact.cases.models import AppealOutcome, Case, Outcome, ReviewOutcome
from faircontact.cases.transitions import TRANSITIONS
from faircontact.core.profiles import load_profile_file

POLICIES = Path(__file__).resolve().parents[1] / "policies"


def test_the_state_machine_branches_on_exactly_the_defined_outcomes():
    for action, choices in (("decide", Outcome), ("review", ReviewOutcome), ("decide_appeal", AppealOutcome)):
        assert set(TRANSITIONS[action].to_state) == set(choices.values), action


def test_every_profile_decides_among_the_defined_outcomes():
    for path in sorted(POLICIES.glob("*.toml")):
        assert set(load_profile_file(path).decision["outcomes"]) <= set(Outcome.values), path.name


def test_a_case_stores_only_a_defined_outcome():
    assert dict(Case._meta.get_field("outcome").choices) == dict(Outcome.choices)

"""Hypothesis drives random sequences of case actions by random members of staff and checks, after every step,
that no illegal state is reached, separation of duties holds, every protocol leaves a way in, and a refused
action changes nothing."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from faircontact.cases.models import Case, CaseAction, Protocol, ProtocolStatus, State
from faircontact.cases.services import case_act, case_open
from faircontact.cases.transitions import SYSTEM_TRANSITIONS, TRANSITIONS
from faircontact.core import profiles
from faircontact.core.errors import DomainError
from faircontact.core.organisation import ensure_organisation
from faircontact.core.users import user_create
from faircontact.records.models import Complaint, Contact, Customer, Marker

TODAY = date(2026, 11, 20)
ROLES = [
    "officer",
    "manager",
    "decision_maker",
    "decision_maker",
    "director",
    "director",
    "chief_executive",
    "monitoring_officer",
    "enquirer",
]
#: what the seed profiles say a protocol must state ([restrictions] must_state: the end, 000 §8.3)
TERMS = {"ends_on": "2030-12-31"}
PROTOCOLS = [  # two valid, two refused (no channel; a review before the start), the valid ones drawn more often
    {"channels_allowed": ["letter"], **TERMS},
    {"channels_allowed": ["letter", "email"], **TERMS},
    {
        "channels_allowed": ["letter", "phone"],
        "times": [{"channel": "phone", "days": ["tue"], "from": "10:00", "to": "11:00"}],
        **TERMS,
    },
    {"channels_allowed": []},
    {"channels_allowed": ["email"], "review_due_on": "2020-01-01"},
]
counter = itertools.count()


def payload(action, draw_choice, contact_id, staff_ids):
    """A plausible payload for ``action``; refusals then come from the rules, not from missing fields."""
    base = {"action": action, "note": "generated"}
    extra = {
        "record_discussion": {"channel": "phone"},
        "initial_warning": {"channel": "letter", "behaviour": ["abusive"]},
        "formal_warning": {"channel": "letter"},
        "consider_needs": {
            "support_needs_considered": True,
            "safeguarding_considered": True,
            "reasons_for_behaviour": "stress",
            "adjustments_offered": ["letters"],
        },
        "assess": {"conclusion": draw_choice(["unacceptable", "not_unacceptable"]), "findings": "findings"},
        "refer": {"decision_maker": draw_choice([None, *staff_ids])},
        "decide": {
            "outcome": draw_choice(["restrict", "restrict", "no_action"]),
            "reasons": "reasons",
            "protocol": draw_choice(PROTOCOLS),
        },
        "immediate_action": {"reasons": "threat", "protocol": draw_choice(PROTOCOLS)},
        "notify": {"channel": "letter"},
        "review": {
            "outcome": draw_choice(["continue", "vary", "end"]),
            "reasons": "reasons",
            "protocol": draw_choice(PROTOCOLS),
        },
        "appeal": {"grounds": "unfair"},
        "decide_appeal": {
            "outcome": draw_choice(["upheld", "dismissed", "varied"]),
            "reasons": "reasons",
            "protocol": draw_choice(PROTOCOLS),
        },
        "record_breach": {"contact": str(contact_id)},
        "close": {"reasons": "done"},
    }[action]
    return {**base, **extra}


def snapshot(case_id):
    case = Case.objects.get(pk=case_id)
    return (
        {f.attname: getattr(case, f.attname) for f in Case._meta.concrete_fields if f.attname != "updated_at"},
        CaseAction.objects.filter(case_id=case_id).count(),
        list(Protocol.objects.filter(case_id=case_id).values_list("id", "status", "review_due_on")),
        list(Marker.objects.filter(source_case_id=case_id).values_list("id", "ended_on")),
    )


class CaseMachine(RuleBasedStateMachine):
    @initialize()
    def setup(self):
        n = next(counter)
        self.staff = [
            user_create(actor=None, username=f"sm{n}-{i}-{role}", roles=[role]) for i, role in enumerate(ROLES)
        ]
        customer = Customer.objects.create(reference=f"SM-{n}", name="State Machine", search_name="state machine")
        complaint = Complaint.objects.create(
            customer=customer, reference=f"SM-C{n}", summary="x", final_response_on=date(2026, 1, 1)
        )
        self.contact = Contact.objects.create(customer=customer, channel="phone", occurred_at="2026-02-01T10:00Z")
        self.case = case_open(
            actor=self.staff[0],
            customer=customer,
            grounds=["persistent"],
            complaints=[complaint],
            on=date(2026, 1, 5),
            today=TODAY,
        )
        self.day = date(2026, 1, 6)

    @rule(data=st.data(), days=st.integers(0, 40), follow_the_rules=st.integers(0, 9))
    def act(self, data, days, follow_the_rules):
        """Mostly an action the state allows, by someone whose role the profile names; sometimes anything."""
        state = Case.objects.get(pk=self.case.pk).state
        profile = profiles.active_profile()
        fitting = [
            a
            for a, t in TRANSITIONS.items()
            if state in t.from_states and a in profile.steps and a not in ("close", "immediate_action")
        ]  # shortcuts: taken in the random tenth
        action = data.draw(st.sampled_from(fitting if fitting and follow_the_rules else list(TRANSITIONS)))
        entitled = [
            i for i, u in enumerate(self.staff) if action in profile.steps and u.has_role(*profile.steps[action].roles)
        ]
        who = data.draw(st.sampled_from(entitled if entitled and follow_the_rules else range(len(self.staff))))
        self.day = min(self.day + timedelta(days=days), TODAY)
        body = payload(
            action, lambda xs: data.draw(st.sampled_from(xs)), self.contact.pk, [str(u.pk) for u in self.staff]
        )
        body["on"] = self.day
        before = snapshot(self.case.pk)
        try:
            case_act(actor=self.staff[who], case=self.case, data=body, today=TODAY)
        except DomainError:
            assert snapshot(self.case.pk) == before, f"refused {action} changed something"

    @invariant()
    def state_is_legal(self):
        case = Case.objects.get(pk=self.case.pk)
        assert case.state in State.values
        in_force = Protocol.objects.filter(case=case, status=ProtocolStatus.IN_FORCE)
        if case.state in (State.RESTRICTED, State.UNDER_REVIEW, State.UNDER_APPEAL):
            assert in_force.count() == 1
        if case.state in (State.ENDED, State.NO_ACTION, State.OPEN):
            assert not in_force.exists()

    @invariant()
    def every_step_followed_the_table(self):
        system = {(a, b) for a, b in SYSTEM_TRANSITIONS.values()}
        for a in CaseAction.objects.filter(case_id=self.case.pk).exclude(action="open"):
            assert a.from_state in TRANSITIONS[a.action].from_states or (a.from_state, a.to_state) in system

    @invariant()
    def separation_of_duties(self):
        actions = list(CaseAction.objects.filter(case_id=self.case.pk).order_by("id"))
        for i, a in enumerate(actions):
            if a.action == "decide":
                referrals = [b for b in actions[:i] if b.action == "refer"]
                assert referrals and referrals[-1].actor_id != a.actor_id
            if a.action == "decide_appeal":
                assert a.actor_id not in {b.actor_id for b in actions[:i]} | {self.case.owner_id}

    @invariant()
    def protocols_leave_a_way_in(self):
        for p in Protocol.objects.filter(case_id=self.case.pk):
            assert p.channels_allowed or p.suspended_until
            if p.review_due_on:
                assert p.review_due_on >= p.starts_on


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["wolverhampton-homes", "southwark"])
def test_random_action_sequences_keep_the_rules(slug):
    from django.conf import settings as django_settings

    old = django_settings.FAIRCONTACT_PROFILE
    django_settings.FAIRCONTACT_PROFILE = slug
    profiles.clear_cache()
    try:
        ensure_organisation()
        run_state_machine_as_test(
            CaseMachine,
            settings=settings(
                max_examples=25,
                stateful_step_count=25,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
            ),
        )
        reached = set(CaseAction.objects.values_list("to_state", flat=True))
        assert {State.REFERRED, State.DECIDED, State.RESTRICTED} <= reached, reached  # it explored the ladder
    finally:
        django_settings.FAIRCONTACT_PROFILE = old
        profiles.clear_cache()

"""Policy profiles: every number and role of an organisation's policy, loaded from ``policies/<slug>.toml``.

A profile is data, not code (see ``docs/architecture.md``). :func:`load_profile` validates a file against
:data:`SCHEMA` and refuses a bad one with :class:`ProfileError` naming the file and the key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from django.conf import settings

from faircontact.core.deadlines import Calendar

GENERIC_ROLES = (
    "officer",
    "manager",
    "decision_maker",
    "director",
    "chief_executive",
    "monitoring_officer",
    "register_admin",
    "enquirer",
    "auditor",
    "admin",
)

CASE_ACTIONS = (
    "record_discussion",
    "initial_warning",
    "formal_warning",
    "consider_needs",
    "assess",
    "refer",
    "decide",
    "immediate_action",
    "notify",
    "review",
    "appeal",
    "decide_appeal",
    "record_breach",
    "close",
)
#: Actions every profile must define: the policies all record needs, notification, breaches and closure.
UNIVERSAL_ACTIONS = ("consider_needs", "decide", "notify", "review", "record_breach", "close")

RESTRICTION_TYPES = (
    "limited_channels",
    "scheduled_times",
    "spoc",
    "acknowledge_only",
    "written_only",
    "third_party_only",
    "appointment_only",
    "building_ban",
    "issue_limit",
    "health_and_safety_only",
    "suspension_pending_legal_advice",
    "behaviour_agreement",
    "call_limits",
    "witnessed_meetings",
    "file_without_reply",
)

INDICATOR_THRESHOLDS = (
    "contacts_7_days",
    "contacts_30_days",
    "contacts_90_days",
    "max_contacts_in_7_day_window",
    "staff_minutes_ratio_to_median",
    "contacts_after_final_response",
    "distinct_recipients",
    "subject_changes_on_one_complaint",
    "abusive_contacts",
)


class ProfileError(ValueError):
    """A profile file is missing a key, has a wrong type or an impossible value (``problems``: every one found)."""

    def __init__(self, path: Path | str, key: str, problem: str, more=()):
        self.path, self.key, self.problem = str(path), key, problem
        #: every problem found in the file, this first one included, as (key, problem) pairs
        self.problems = ((key, problem), *more)
        super().__init__("\n".join(self.lines))

    @property
    def lines(self) -> list[str]:
        """One line per problem: ``policies/x.toml: organisation.nation: must be one of …``."""
        return [f"{self.path}: {key}: {' '.join(problem.split())}" for key, problem in self.problems]


@dataclass(frozen=True)
class Step:
    action: str
    label: str
    roles: tuple[str, ...]
    required: bool
    clause: str
    #: the step is given in writing: a letter, e-mail or portal message (001 §6.5.2, §6.5.4)
    in_writing: bool = False
    #: steps that must be recorded before this one, whatever the ladder's order (002 §4)
    after: tuple[str, ...] = ()
    #: a "not unacceptable" conclusion of this step stops a protocol until a new one says otherwise (001 §6.5.3)
    gates_protocol: bool = False
    #: roles one of whom must approve this step, named in its payload as ``approved_by`` (003 §22)
    approved_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    """One organisation's policy, as validated data. Attribute names follow the TOML keys."""

    slug: str
    path: str
    organisation: dict[str, Any]
    roles: dict[str, str]
    role_labels: dict[str, str]
    steps: dict[str, Step]
    decision: dict[str, Any]
    review: dict[str, Any]
    appeal: dict[str, Any]
    retention: dict[str, Any]
    restrictions: dict[str, Any]
    violence: dict[str, Any]
    indicators: dict[str, float]
    gate: dict[str, Any]
    labels: dict[str, str] = field(default_factory=dict)
    calendar: dict[str, Any] = field(default_factory=dict)
    immediate_action: dict[str, Any] = field(default_factory=dict)
    grounds: dict[str, Any] = field(default_factory=dict)
    citations: dict[str, str] = field(default_factory=dict)
    representatives: dict[str, Any] = field(default_factory=dict)
    letters: dict[str, Any] = field(default_factory=dict)

    @property
    def elected_representatives(self) -> tuple[str, ...]:
        """Kinds of representative treated as elected members (``[representatives] elected``; default MPs)."""
        return tuple(self.representatives.get("elected") or ("mp",))

    def letter_senders(self, kind: str) -> tuple[str, ...]:
        """The generic roles who may issue letters of ``kind`` (``[letters] send_roles``: that kind's list, else
        ``other``); empty where the profile sets none."""
        send = self.letters.get("send_roles") or {}
        return tuple(send.get(kind, send.get("other", ())))

    def may_send_letters(self, kind: str, roles) -> bool | None:
        """Whether ``roles`` may issue a customer letter of ``kind``; None where the profile names nobody for it
        (then anyone who may write letters, and a decision letter tells the case only for a role of the notify
        step)."""
        senders = self.letter_senders(kind)
        return None if not senders else bool(set(roles) & set(senders))

    def copied_to_involved(self, kind: str) -> bool:
        """Whether letters of ``kind`` are copied to the others involved (``[letters] copied_to_involved``; 002 §4):
        drafting lists the customer's other representatives on the letter's copy list."""
        return kind in self.letters.get("copied_to_involved", ())

    def letter_label(self, kind: str) -> str:
        """A kind of letter in the organisation's words (``[labels.letters]``), else the product's."""
        own = self.labels.get("letters") or {}
        return own.get(kind) or LETTER_LABELS.get(kind, kind.replace("_", " ").capitalize())

    @cached_property
    def working_calendar(self):
        """The :class:`~faircontact.core.deadlines.Calendar` every working-day sum of this profile uses."""
        return Calendar(self.organisation["nation"], frozenset(self.calendar["closure_days"]))

    complaints: dict[str, Any] = field(default_factory=dict)
    #: ``[contact_scope]``: the categories staff classify a contact's scope by (002 §2); empty when none
    contact_scope: dict[str, Any] = field(default_factory=dict)
    clauses: tuple[dict[str, str], ...] = ()
    #: the organisation's own words in another language a letter may be in (``[languages.cy]``)
    languages: dict[str, dict[str, Any]] = field(default_factory=dict)

    def words_in(self, language: str) -> OwnWords:
        """The organisation's words (roles, grounds, business units, policy title, ombudsman) in ``language``,
        from ``[languages.<code>]``; English where it gives none."""
        return OwnWords(self, self.languages.get(language, {}) if language != "en" else {})

    @property
    def name(self) -> str:
        return self.organisation["name"]

    @property
    def ladder(self) -> list[Step]:
        """The steps this organisation takes, in the order of :data:`CASE_ACTIONS`."""
        return [self.steps[a] for a in CASE_ACTIONS if a in self.steps]

    def has_step(self, action: str) -> bool:
        return action in self.steps

    def generic_role(self, name: str) -> str | None:
        """Map a role name (generic, or the organisation's own such as ``dsm``) to a generic role."""
        if name in GENERIC_ROLES:
            return name
        return self.roles.get(name)

    def role_label(self, generic: str) -> str:
        return self.role_labels.get(generic, generic.replace("_", " ").capitalize())

    def ground_label(self, ground: str) -> str:
        """A ground in the organisation's words (``[labels.grounds]``), else the product's."""
        own = self.labels.get("grounds") or {}
        return own.get(ground) or GROUND_LABELS.get(ground, ground.replace("_", " "))

    @property
    def grounds_allowed(self) -> tuple[str, ...]:
        """The grounds a case may be opened on (``[grounds] allowed``; every ground when the profile sets none)."""
        return tuple(self.grounds.get("allowed") or GROUNDS)

    @cached_property
    def citing(self) -> dict[str, str]:
        """:meth:`cite` for every rule, for templates: ``{{ profile.citing.register_secure }}``."""
        return {rule: self.cite(rule) for rule in CITATION_RULES}

    def cite(self, rule: str) -> str:
        """ " (000 §6.3)": the profile's clause for one of :data:`CITATION_RULES`, or nothing if it gives none."""
        clause = self.citations.get(rule, "")
        return f" ({clause})" if clause else ""

    def scope_categories(self) -> dict[str, str]:
        """Every category of ``[contact_scope]`` with its words, in scope first (002 §2)."""
        return {**self.contact_scope.get("in_scope", {}), **self.contact_scope.get("excluded", {})}

    def scope_excluded(self, category: str) -> bool:
        """Whether a contact of ``category`` is outside the policy (002 §2: e.g. a vexatious FOI request)."""
        return category in self.contact_scope.get("excluded", {})

    def label(self, key: str) -> str:
        return self.labels.get(key) or key.replace("_", " ").capitalize()

    @property
    def service_vocabulary(self) -> dict[str, str]:
        """The organisation's own words and the plain words each stands for (``[gate.service_vocabulary]``), spelt
        out before same issue or new compares a contact with complaints; empty when no one configured any."""
        return dict(self.gate.get("service_vocabulary") or {})

    @property
    def has_appeal(self) -> bool:
        return self.appeal["route"] == "internal"


@dataclass(frozen=True)
class OwnWords:
    """:meth:`Profile.words_in`: each lookup falls back to the profile's English words."""

    profile: Profile
    words: dict[str, Any]

    def role_label(self, generic: str) -> str:
        return (self.words.get("role_labels") or {}).get(generic) or self.profile.role_label(generic)

    def ground_label(self, ground: str) -> str:
        return (self.words.get("grounds") or {}).get(ground) or self.profile.ground_label(ground)

    def business_unit(self, name: str) -> str:
        return (self.words.get("business_units") or {}).get(name) or name

    @property
    def policy_title(self) -> str:
        return self.words.get("policy_title") or self.profile.organisation["policy_title"]

    @property
    def external_escalation(self) -> str:
        return self.words.get("external_escalation") or self.profile.appeal["external_escalation"]


# --- schema -----------------------------------------------------------------------------------------
# Each entry: key -> (type or tuple of types, required). Nested tables are validated by functions below.
_TOP = {
    "schema_version": (int, True),
    "organisation": (dict, True),
    "roles": (dict, True),
    "role_labels": (dict, True),
    "steps": (dict, True),
    "decision": (dict, True),
    "review": (dict, True),
    "appeal": (dict, True),
    "retention": (dict, True),
    "restrictions": (dict, True),
    "violence": (dict, True),
    "indicators": (dict, True),
    "gate": (dict, True),
    "labels": (dict, False),
    "calendar": (dict, False),
    "immediate_action": (dict, False),
    "grounds": (dict, False),
    "citations": (dict, False),
    "representatives": (dict, False),
    "letters": (dict, False),
    "complaints": (dict, False),
    "contact_scope": (dict, False),
    "clauses": (list, False),
    "languages": (dict, False),
}
_TABLES = {
    "organisation": {
        "slug": (str, True),
        "name": (str, True),
        "policy_title": (str, True),
        "policy_reference": (str, True),
        "business_units": (list, True),
        "address": (str, True),
        "nation": (str, False),
    },
    "calendar": {
        "closure_days": (list, False),
    },
    "grounds": {
        "allowed": (list, False),
    },
    "representatives": {
        "elected": (list, False),
    },
    "immediate_action": {
        "grounds": (list, False),
        "police_reference_required": (bool, False),
        "first_review_within_days": (int, False),
    },
    "decision": {
        "deadline_working_days": (int, True),
        "outcomes": (list, True),
        "requires_final_response": (bool, True),
        "deputy_when_absent": (dict, True),
        "clause": (str, True),
    },
    "review": {
        "rule": (str, True),
        "interval_months": (int, True),
        "reminder_working_days": (int, True),
        "next_from": (str, False),
        "clause": (str, True),
    },
    "appeal": {
        "route": (str, True),
        "deadline_days": (int, False),
        "decide_within_working_days": (int, False),
        "lodge_within_working_days": (int, False),
        "decided_by": (list, True),
        "external_escalation": (str, True),
        "clause": (str, True),
    },
    "retention": {
        "ignore_closed_cases_after_months": (int, True),
        "register_removal_months_without_contact": (int, True),
        "register_content_review_months": (int, True),
        "register_review_prompt_months": (int, True),
        "register_review_prompt_to": (list, False),
        "customer_records_months_after_last_activity": (int, True),
        "clause": (str, True),
    },
    "restrictions": {
        "allowed": (list, True),
        "suspension_max_days": (int, True),
        "clause": (str, True),
    },
    "violence": {
        "marker_review_months": (int, True),
        "clause": (str, True),
    },
    "gate": {
        "end_call_script": (str, True),
        "acknowledge_wording": (str, True),
        "spoc_script": (str, True),
        "service_vocabulary": (dict, False),
    },
}
_STEP = {"label": (str, True), "roles": (list, True), "required": (bool, True), "clause": (str, True)}

# The optional keys of the seed policies' own rules (issue 15; docs/profiles.md "Keys for the seed policies' own
# rules"), kept apart from the format's core tables above.
_RULE_KEYS = {
    "review": {"upcoming_days": (int, False)},
    "appeal": {"max_appeals": (int, False)},
    "restrictions": {"must_state": (dict, False), "written_only_after_warning": (str, False)},
    "violence": {"incident_account_required": (bool, False)},
}
for _table, _keys in _RULE_KEYS.items():
    _TABLES[_table].update(_keys)
_STEP.update({"in_writing": (bool, False), "after": (list, False), "gates_protocol": (bool, False)})
_STEP["approved_by"] = (list, False)
#: what a protocol may be required to state (``[restrictions] must_state``: term = the clause that requires it)
PROTOCOL_TERMS = ("frequency", "main_contact", "appointment_only", "end", "spoc_times", "spoc_deputy")
_REVIEW_RULES = ("interval", "end_of_period_or_yearly")
_REVIEW_ANCHORS = ("review_date", "due_date", "told")
_APPEAL_ROUTES = ("internal", "none")
#: who the register's review prompt goes to: each decision maker for the entries they decided, and each business
#: unit's contact points for the unit's entries (003 Annex D: "in consultation with DSMs and BCPs")
PROMPTED = ("decision_makers", "contact_points")
_OUTCOMES = ("restrict", "register", "no_action")
NATIONS = ("england-wales", "scotland", "northern-ireland")
#: representatives who are elected members: the reply-to-an-MP rules (003 §32) apply to the kinds a profile lists
ELECTED_KINDS = ("mp", "msp", "ms", "mla", "councillor")

#: rules the product applies for every organisation, and so cites in refusals and guidance; ``[citations]`` gives
#: the clause of the organisation's own policy for each (a rule without one is stated with no citation)
CITATION_RULES = {
    "one_way_open": "a protocol leaves at least one way of contact open",
    "suspension": "a suspension pending legal advice is short",
    "building_ban": "a building ban leaves a way of contact",
    "needs_before_restriction": "support needs and reasons for the behaviour are considered before restricting",
    "final_response_before_acknowledge_only": "only a complaint with a full and final response is acknowledge-only",
    "acknowledge_only": "written contact about an acknowledge-only complaint is read, then acknowledged",
    "outside_protocol": "contact outside the protocol is a breach",
    "new_issue": "a new issue is handled as a new complaint",
    "representative_reply": "an elected representative about an answered complaint gets the final response",
    "information_requests": "FOI and subject access requests go on as usual",
    "spoc": "contact goes through the single point of contact",
    "one_record_per_nino": "a National Insurance number already held is the same customer",
    "evidence_not_verdict": "indicators and suggestions are evidence for a person to weigh, never a decision",
    "after_final_response": "contact about a complaint after its full and final response is counted",
    "many_recipients": "writing to many people, or changing the subject, is counted",
    "abusive_contact": "contact recorded as abusive, aggressive, threatening or discriminatory is counted",
    "register_secure": "the register of designated customers is kept secure and each look at it needs a reason",
    "register_removal": "an entry is removed, or kept, on a decision maker's confirmation",
    "monitoring": "the use of the policy is monitored and reported to senior management",
    "equality_monitoring": "ethnicity, disability and vulnerability are recorded, analysed and monitored",
}

#: kinds of letter (the ``letters.models.Kind`` choices) and the product's words for them; ``[labels.letters]``
#: gives the organisation's own words
LETTER_LABELS = {
    "initial_warning": "Initial warning",
    "formal_warning": "Formal warning",
    "decision": "Decision and communication protocol",
    "acknowledgement": "Acknowledgement",
    "circular_complaint": "Circular complaint notice",
    "review_outcome": "Review outcome",
    "appeal_acknowledgement": "Appeal acknowledgement",
    "appeal_outcome": "Appeal outcome",
    "mp_reply": "Reply to an elected representative",
    "copy_to": "Copy of a letter to someone involved",
}
LETTER_KINDS = tuple(LETTER_LABELS)

#: grounds a case may be opened on (the ``cases.models.Ground`` choices) and the product's words for them;
#: ``[grounds] allowed`` picks from them and ``[labels.grounds]`` gives the organisation's own words
GROUND_LABELS = {
    "persistent": "Persistent contact",
    "unreasonable_demands": "Unreasonable demands",
    "vexatious": "Vexatious",
    "abusive": "Abusive",
    "aggressive": "Aggressive",
    "harassment": "Harassment",
    "non_cooperation": "Non-co-operation",
    "upcc": "Unreasonably persistent contact after a final response",
}
GROUNDS = tuple(GROUND_LABELS)


class _Report:
    """Every problem found in one profile file, one per key: a problem under a key already found wrong (a table
    that is not a table, a list with a bad name) is the same problem, not another."""

    def __init__(self, path: Path):
        self.path = path
        self.found: dict[str, str] = {}

    def __call__(self, key: str, problem: str) -> None:
        parts = key.split(".")
        if not any(".".join(parts[:i]) in self.found for i in range(1, len(parts) + 1)):
            self.found[key] = problem

    def raise_any(self) -> None:
        if self.found:
            (key, problem), *more = self.found.items()
            raise ProfileError(self.path, key, problem, more=more)


def _closure_days(report: _Report, values: list) -> tuple[date, ...]:
    """``[calendar] closure_days``: TOML dates or ISO date strings."""
    days = []
    for value in values:
        if isinstance(value, date):
            days.append(value)
            continue
        try:
            days.append(date.fromisoformat(str(value)))
        except ValueError:
            report("calendar.closure_days", f"{value!r} is not a date like 2026-12-29")
    return tuple(sorted(set(days)))


_EMPTY = {int: 0, str: "", bool: False, list: [], dict: {}}


def _check_table(report: _Report, prefix: str, data: dict, schema: dict) -> dict:
    """``data`` checked against ``schema``; a missing or wrong value is reported and stands in as an empty one, so
    that the rest of the file is still checked. Returns ``data``."""
    for key, (kind, required) in schema.items():
        dotted = f"{prefix}{key}"
        if key not in data:
            if required:
                report(dotted, "is missing")
                data[key] = type(_EMPTY[kind])(_EMPTY[kind])
            continue
        value = data[key]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            report(dotted, f"must be {kind.__name__}, not {type(value).__name__}")
            data[key] = type(_EMPTY[kind])(_EMPTY[kind])
        elif kind is int and value < 0:
            report(dotted, "must not be negative")
        elif (
            kind is list
            and dotted not in ("calendar.closure_days", "clauses")
            and not all(isinstance(item, str) for item in value)
        ):
            report(dotted, "must be a list of names")
            data[key] = [item for item in value if isinstance(item, str)]
    for key in data:
        if key not in schema:
            report(f"{prefix}{key}", f"is not a known key; valid keys: {', '.join(schema)}")
    return data


def _check_roles(report: _Report, key: str, roles: list, profile_roles: dict) -> tuple[str, ...]:
    result = []
    for role in roles:
        generic = role if role in GENERIC_ROLES else profile_roles.get(role) if isinstance(role, str) else None
        if generic is None:
            valid = ", ".join([*GENERIC_ROLES, *profile_roles])
            report(key, f"unknown role {role!r}; valid: {valid}")
            continue
        result.append(generic)
    return tuple(result)


def _names(report: _Report, key: str, values, valid, what: str) -> None:
    """Each of ``values`` must be one of ``valid``: "unknown ground 'x'; valid: persistent, …"."""
    for value in values:
        if value not in valid:
            report(key, f"unknown {what} {value!r}; valid: {', '.join(valid)}")


def parse_profile(path: Path, data: dict) -> Profile:
    """Validate the parsed TOML ``data`` of ``path`` and build a :class:`Profile`; a bad file is refused with a
    :class:`ProfileError` listing every problem in it (``problems``), one per key."""
    report = _Report(path)
    try:
        profile = _parse(report, path, data)
    except (KeyError, TypeError, AttributeError, ValueError):
        if not report.found:  # a value the checks let through: a fault in this module, not in the file
            raise
        profile = None  # a later check tripped over a value already reported
    report.raise_any()
    return profile


def _parse(report: _Report, path: Path, data: dict) -> Profile:
    _check_table(report, "", data, _TOP)
    for table, schema in _TABLES.items():
        data.setdefault(table, {})
        _check_table(report, f"{table}.", data[table], schema)
    organisation = dict(data["organisation"], nation=data["organisation"].get("nation", "england-wales"))
    if organisation["nation"] not in NATIONS:
        report("organisation.nation", f"must be one of {', '.join(NATIONS)}")
    calendar = {"closure_days": _closure_days(report, data["calendar"].get("closure_days", []))}
    immediate = dict(
        {"grounds": [], "police_reference_required": False, "first_review_within_days": 0}, **data["immediate_action"]
    )
    _names(report, "immediate_action.grounds", immediate["grounds"], GROUNDS, "ground")
    if data["schema_version"] != 1:
        report("schema_version", "must be 1")
    if path.stem != data["organisation"]["slug"]:
        report("organisation.slug", f"must match the file name {path.stem!r}")
    for name, generic in data["roles"].items():
        if generic not in GENERIC_ROLES:
            report(f"roles.{name}", f"must be one of {', '.join(GENERIC_ROLES)}")
    roles = {name: generic for name, generic in data["roles"].items() if generic in GENERIC_ROLES}
    for generic, label in data["role_labels"].items():
        if generic not in GENERIC_ROLES:
            report(f"role_labels.{generic}", f"is not a generic role; valid: {', '.join(GENERIC_ROLES)}")
        elif not isinstance(label, str):
            report(f"role_labels.{generic}", "must be text")
    for key, label in data.get("labels", {}).items():
        if key in ("grounds", "letters") and isinstance(label, dict):
            valid, what = (GROUNDS, "a ground") if key == "grounds" else (LETTER_KINDS, "a kind of letter")
            for name, words in label.items():
                if name not in valid:
                    report(f"labels.{key}.{name}", f"is not {what}; valid: {', '.join(valid)}")
                elif not isinstance(words, str) or not words.strip():
                    report(f"labels.{key}.{name}", "must be text")
        elif not isinstance(label, str):
            report(f"labels.{key}", "must be text")
    _names(report, "representatives.elected", data["representatives"].get("elected", []), ELECTED_KINDS, "kind")
    _names(report, "grounds.allowed", data["grounds"].get("allowed", []), GROUNDS, "ground")
    vocabulary = data["gate"].get("service_vocabulary")
    for word, meaning in (vocabulary if isinstance(vocabulary, dict) else {}).items():
        if not isinstance(meaning, str) or not meaning.strip() or not word.strip():
            report(f"gate.service_vocabulary.{word}", "must be the plain words it stands for")
    try:
        data["gate"]["spoc_script"].format(spoc="")
    except (KeyError, IndexError, ValueError):
        report("gate.spoc_script", "may use only the placeholder {spoc}")
    steps = {}
    for action, step in data["steps"].items():
        if action not in CASE_ACTIONS:
            report(f"steps.{action}", f"is not a case action; valid: {', '.join(CASE_ACTIONS)}")
            continue
        if not isinstance(step, dict):
            report(f"steps.{action}", "must be a table")
            continue
        _check_table(report, f"steps.{action}.", step, _STEP)
        step_roles = _check_roles(report, f"steps.{action}.roles", step["roles"], roles)
        if not step["roles"]:
            report(f"steps.{action}.roles", "must name at least one role")
        steps[action] = Step(
            action,
            step["label"],
            step_roles,
            step["required"],
            step["clause"],
            in_writing=step.get("in_writing", False),
            after=tuple(step.get("after", ())),
            gates_protocol=step.get("gates_protocol", False),
            approved_by=_check_roles(report, f"steps.{action}.approved_by", step.get("approved_by", []), roles),
        )
    for action in UNIVERSAL_ACTIONS:
        if action not in steps:
            report(f"steps.{action}", "is missing")
    decision, review, appeal = data["decision"], data["review"], data["appeal"]
    _names(report, "decision.outcomes", decision["outcomes"], _OUTCOMES, "outcome")
    for deputy, principal in decision["deputy_when_absent"].items():
        _check_roles(report, "decision.deputy_when_absent", [deputy, principal], roles)
    if review["rule"] not in _REVIEW_RULES:
        report("review.rule", f"must be one of {', '.join(_REVIEW_RULES)}")
    review = dict(review, next_from=review.get("next_from", "review_date"))
    if review["next_from"] not in _REVIEW_ANCHORS:
        report("review.next_from", f"must be one of {', '.join(_REVIEW_ANCHORS)}")
    if review["interval_months"] < 1:
        report("review.interval_months", "must be at least 1")
    if ("deadline_days" in appeal) == ("decide_within_working_days" in appeal):
        report("appeal.deadline_days", "set exactly one of deadline_days and decide_within_working_days")
    appeal = {"deadline_days": 0, "decide_within_working_days": 0, "lodge_within_working_days": 0, **appeal}
    if appeal["route"] not in _APPEAL_ROUTES:
        report("appeal.route", f"must be one of {', '.join(_APPEAL_ROUTES)}")
    decided_by = _check_roles(report, "appeal.decided_by", appeal["decided_by"], roles)
    if appeal["route"] == "internal" and not ("appeal" in steps and "decide_appeal" in steps):
        report("appeal.route", "an internal appeal route needs steps.appeal and steps.decide_appeal")
    if appeal["route"] == "internal" and not appeal["decided_by"]:
        report("appeal.decided_by", "an internal appeal route needs someone to decide appeals")
    appeal = dict(appeal, decided_by=decided_by)
    _names(report, "restrictions.allowed", data["restrictions"]["allowed"], RESTRICTION_TYPES, "restriction type")
    retention = {"register_review_prompt_to": ["decision_makers"], **data["retention"]}
    _names(report, "retention.register_review_prompt_to", retention["register_review_prompt_to"], PROMPTED, "recipient")
    indicators = data["indicators"]
    for key in INDICATOR_THRESHOLDS:
        if key not in indicators:
            report(f"indicators.{key}", "is missing")
        elif not isinstance(indicators[key], int | float) or isinstance(indicators[key], bool):
            report(f"indicators.{key}", "must be a number")
    for key in indicators:
        if key not in INDICATOR_THRESHOLDS:
            report(f"indicators.{key}", f"is not a known indicator; valid: {', '.join(INDICATOR_THRESHOLDS)}")
    _check_rule_keys(report, steps, data)
    return Profile(
        slug=path.stem,
        path=str(path),
        organisation=organisation,
        roles=data["roles"],
        role_labels=data["role_labels"],
        steps=steps,
        decision=decision,
        review=review,
        appeal=appeal,
        retention=retention,
        restrictions=data["restrictions"],
        violence=data["violence"],
        indicators=indicators,
        gate=data["gate"],
        labels=data.get("labels", {}),
        calendar=calendar,
        immediate_action=immediate,
        grounds=dict(data["grounds"]),
        citations=_check_citations(report, data.get("citations", {})),
        representatives=dict(data["representatives"]),
        letters=_check_letters(report, data.get("letters", {}), roles),
        complaints=_check_complaints(report, data.get("complaints")),
        contact_scope=_check_contact_scope(report, data.get("contact_scope")),
        clauses=_check_clauses(report, data.get("clauses", [])),
        languages=_check_languages(report, data.get("languages", {}), data["organisation"]),
    )


# --- the rules of issue 15 ("every clause applied"): complaint standards and the clause map --------------
_COMPLAINT_STAGES = ("stage1", "stage2")
_CLAUSE = {"clause": (str, True), "rule": (str, True), "applied": (str, True)}


def _check_rule_keys(report: _Report, steps: dict, data: dict) -> None:
    """The seed-rule keys that name other things: steps, protocol terms."""
    for action, step in steps.items():
        for earlier in step.after:
            if earlier not in CASE_ACTIONS:
                report(f"steps.{action}.after", f"{earlier!r} is not a case action; valid: {', '.join(CASE_ACTIONS)}")
    for term, clause in data["restrictions"].get("must_state", {}).items():
        if term not in PROTOCOL_TERMS:
            report(f"restrictions.must_state.{term}", f"is not a protocol term; valid: {', '.join(PROTOCOL_TERMS)}")
        elif not isinstance(clause, str) or not clause:
            report(f"restrictions.must_state.{term}", "must be the clause that requires it")


def _check_complaints(report: _Report, data: dict | None) -> dict:
    """``[complaints]``: the service standard, working days to respond at each stage, and its source."""
    if data is None:
        return {}
    _check_table(report, "complaints.", data, {"response_working_days": (dict, True), "clause": (str, True)})
    for stage, value in data["response_working_days"].items():
        if stage not in _COMPLAINT_STAGES:
            report(
                f"complaints.response_working_days.{stage}",
                f"is not a complaint stage; valid: {', '.join(_COMPLAINT_STAGES)}",
            )
        elif not isinstance(value, int) or isinstance(value, bool) or value < 1:
            report(f"complaints.response_working_days.{stage}", "must be a whole number from 1")
    return data


def _check_contact_scope(report: _Report, data: dict | None) -> dict:
    """``[contact_scope]``: ``in_scope`` and ``excluded``, each a table of category = the words staff see, and the
    clause (002 §2). A category is a lower-case name, in one of the two tables only."""
    if data is None:
        return {}
    _check_table(
        report, "contact_scope.", data, {"in_scope": (dict, True), "excluded": (dict, True), "clause": (str, True)}
    )
    for part in ("in_scope", "excluded"):
        for name, words in data.get(part, {}).items():
            if not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", name):
                report(f"contact_scope.{part}.{name}", "must be a lower-case name (letters, digits, _)")
            elif not isinstance(words, str) or not words.strip():
                report(f"contact_scope.{part}.{name}", "must be the words staff see")
            elif part == "excluded" and name in data.get("in_scope", {}):
                report(f"contact_scope.excluded.{name}", "is also in contact_scope.in_scope")
    return data


def _check_clauses(report: _Report, items: list) -> tuple[dict[str, str], ...]:
    """``[[clauses]]``: each clause of the seed policy and where the product applies it (docs/policies-applied.md).

    ``applied`` is ``"key <dotted.profile.key>"``, ``"module <faircontact.module>"`` or ``"not applied, because …"``.
    """
    result = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            report(f"clauses[{i}]", "must be a table with clause, rule and applied")
            continue
        _check_table(report, f"clauses[{i}].", item, _CLAUSE)
        if not item["applied"].startswith(("key ", "module ", "not applied, because ")):
            report(f"clauses[{i}].applied", "must start 'key ', 'module ' or 'not applied, because '")
        result.append(dict(item))
    return tuple(result)


def _check_letters(report: _Report, data: dict, roles: dict) -> dict:
    """``[letters] send_roles``: one list of roles for every kind of letter, or a table of kind = [roles], with
    ``other`` for the kinds it does not name. Kept as ``{"send_roles": {kind or "other": generic roles}}``.
    ``copied_to_involved``: the kinds of letter copied to the others involved (002 §4)."""
    for key in data:
        if key not in ("send_roles", "copied_to_involved"):
            report(f"letters.{key}", "is not a known key; valid keys: send_roles, copied_to_involved")
    copied = data.get("copied_to_involved", [])
    if not isinstance(copied, list):
        report("letters.copied_to_involved", "must be a list of kinds of letter")
        copied = []
    _names(report, "letters.copied_to_involved", copied, LETTER_KINDS, "kind of letter")
    send = data.get("send_roles", {})
    one_list = isinstance(send, list)
    if one_list:
        send = {"other": send}
    if not isinstance(send, dict):
        report("letters.send_roles", "must be a list of roles, or a table of kind of letter = [roles]")
        return {"send_roles": {}, "copied_to_involved": tuple(copied)}
    kinds = (*LETTER_KINDS, "other")
    result = {}
    for kind, names in send.items():
        key = "letters.send_roles" if one_list else f"letters.send_roles.{kind}"
        if kind not in kinds:
            report(key, f"is not a kind of letter; valid: {', '.join(kinds)}")
        elif not isinstance(names, list) or not (names or one_list):
            report(key, "must be a list of at least one role")
        else:
            result[kind] = _check_roles(report, key, names, roles)
    return {"send_roles": result, "copied_to_involved": tuple(copied)}


#: languages other than English a profile may give its words in (``[languages.<code>]``)
LANGUAGES = ("cy",)
_LANGUAGE_KEYS = {
    "policy_title": (str, False),
    "external_escalation": (str, False),
    "role_labels": (dict, False),
    "grounds": (dict, False),
    "business_units": (dict, False),
}


def _check_languages(report: _Report, data: dict, organisation: dict) -> dict[str, dict]:
    """``[languages.cy]``: the organisation's words in Welsh for letters in Welsh."""
    result = {}
    for code, words in data.items():
        key = f"languages.{code}"
        if code not in LANGUAGES:
            report(key, f"is not a language; valid: {', '.join(LANGUAGES)}")
            continue
        if not isinstance(words, dict):
            report(key, "must be a table")
            continue
        _check_table(report, f"{key}.", words, _LANGUAGE_KEYS)
        valid = {
            "role_labels": GENERIC_ROLES,
            "grounds": GROUNDS,
            "business_units": tuple(organisation.get("business_units") or ()),
        }
        for table, names in valid.items():
            for name, text in words.get(table, {}).items():
                if name not in names:
                    report(f"{key}.{table}.{name}", f"is not one of {', '.join(names)}")
                elif not isinstance(text, str) or not text.strip():
                    report(f"{key}.{table}.{name}", "must be text")
        result[code] = words
    return result


def _check_citations(report: _Report, data: dict) -> dict[str, str]:
    """``[citations]``: rule -> the organisation's clause for it (see :data:`CITATION_RULES`)."""
    for rule, clause in data.items():
        if rule not in CITATION_RULES:
            report(f"citations.{rule}", f"is not a rule; valid: {', '.join(CITATION_RULES)}")
        elif not isinstance(clause, str):
            report(f"citations.{rule}", "must be text")
    return dict(data)


def load_profile_file(path: Path) -> Profile:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ProfileError(path, "(file)", "does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(path, "(syntax)", str(exc)) from None
    return parse_profile(Path(path), data)


def available_profiles(directory: Path | None = None) -> list[str]:
    directory = Path(directory or settings.FAIRCONTACT_POLICIES_DIR)
    return sorted(p.stem for p in directory.glob("*.toml"))


@cache
def _cached(path: str) -> Profile:
    return load_profile_file(Path(path))


def active_profile() -> Profile:
    """The deployment's one active profile (``FAIRCONTACT_PROFILE``), loaded once per process."""
    return _cached(str(Path(settings.FAIRCONTACT_POLICIES_DIR) / f"{settings.FAIRCONTACT_PROFILE}.toml"))


def clear_cache() -> None:
    _cached.cache_clear()

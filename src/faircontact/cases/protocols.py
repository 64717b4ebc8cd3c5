"""Validation of a communication protocol against the profile and the customer's agreed adjustments.

Always true, whatever the profile: a protocol leaves at least one way of contact open (000 §6.3, 001 §6.4.4,
002 §4 "provided that one form of contact is maintained") — the one exception is a short suspension pending
legal advice where the profile allows it (002 §4), which still has an end date. Urgent and health-and-safety
reporting stays open in every case (the gate never refuses it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from faircontact.core import clock
from faircontact.core.errors import InvalidInput
from faircontact.core.ids import object_or_none
from faircontact.core.models import BusinessUnit, User
from faircontact.core.profiles import PROTOCOL_TERMS
from faircontact.records.models import Channel, Complaint, Representative

ALL_CHANNELS = tuple(Channel.values)
WRITTEN = frozenset({"letter", "email", "portal"})
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True))
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
#: every key a protocol payload may have (``ProtocolIn``); any other is refused, never dropped
FIELDS = (
    "channels_allowed",
    "times",
    "spoc",
    "spoc_deputy",
    "acknowledge_only_complaints",
    "file_without_reply_complaints",
    "third_party_only",
    "third_party",
    "appointment_only",
    "buildings_banned",
    "issue_limit",
    "call_limits",
    "meetings_witnessed",
    "health_and_safety_only_until",
    "suspended_until",
    "behaviour_agreement",
    "representative",
    "business_unit",
    "starts_on",
    "ends_on",
    "review_due_on",
    "override_reasons",
    "frequency",
)

#: words in a recorded support need or adjustment that mean a channel the customer relies on
NEED_WORDS = {
    "phone": ("phone", "telephone", "call", "calls"),
    "email": ("email", "e-mail"),
    "letter": ("letter", "letters", "post", "in writing"),
    "visit": ("visit", "face to face", "face-to-face", "in person", "home visit"),
}


@dataclass
class ProtocolSpec:
    """A validated protocol, ready to be saved."""

    channels_allowed: list[str]
    times: list[dict] = field(default_factory=list)
    spoc: User | None = None
    spoc_deputy: User | None = None
    acknowledge_only_complaints: list[Complaint] = field(default_factory=list)
    third_party_only: bool = False
    third_party: str = ""
    appointment_only: bool = False
    buildings_banned: list[str] = field(default_factory=list)
    issue_limit: dict | None = None
    health_and_safety_only_until: date | None = None
    suspended_until: date | None = None
    behaviour_agreement: bool = False
    call_limits: dict | None = None
    meetings_witnessed: bool = False
    file_without_reply_complaints: list[Complaint] = field(default_factory=list)
    representative: Representative | None = None
    business_unit: BusinessUnit | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    review_due_on: date | None = None
    override_reasons: str = ""
    frequency: str = ""

    def restriction_types(self) -> set[str]:
        kinds = set()
        if set(self.channels_allowed) < set(ALL_CHANNELS):
            kinds.add(
                "written_only"
                if self.channels_allowed and set(self.channels_allowed) <= WRITTEN
                else "limited_channels"
            )
        for kind, present in (
            ("scheduled_times", self.times),
            ("spoc", self.spoc),
            ("acknowledge_only", self.acknowledge_only_complaints),
            ("third_party_only", self.third_party_only),
            ("appointment_only", self.appointment_only),
            ("building_ban", self.buildings_banned),
            ("issue_limit", self.issue_limit),
            ("health_and_safety_only", self.health_and_safety_only_until),
            ("suspension_pending_legal_advice", self.suspended_until),
            ("behaviour_agreement", self.behaviour_agreement),
            ("call_limits", self.call_limits),
            ("witnessed_meetings", self.meetings_witnessed),
            ("file_without_reply", self.file_without_reply_complaints),
        ):
            if present:
                kinds.add(kind)
        return kinds

    def model_fields(self) -> dict:
        many = ("acknowledge_only_complaints", "file_without_reply_complaints")
        return {k: v for k, v in self.__dict__.items() if k not in many}


def _user(value, field_name: str) -> User | None:
    if value in (None, ""):
        return None
    user = object_or_none(User.objects.filter(is_active=True), value)
    if user is None:
        raise InvalidInput(f"There is no member of staff with id {value}.", field=field_name)
    return user


def _date(value, field_name: str) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value))
        except ValueError:
            raise InvalidInput(
                f"{value!r} is not a date in the format YYYY-MM-DD, like 2026-03-10.", field=field_name
            ) from None
    clock.check_not_before_floor(value, field=field_name)
    return value


def needed_channels(texts: list[str], preferred_channel: str = "") -> set[str]:
    """Channels a customer's recorded needs or agreed adjustments rely on (000 §6, 003 Annex A)."""
    found = {preferred_channel} if preferred_channel else set()
    for text in texts:
        lowered = f" {text.lower()} "
        for channel, words in NEED_WORDS.items():
            if any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in words):
                found.add(channel)
    return found


def parse_protocol(
    data: dict, *, profile, customer, case, starts_on: date, field_prefix: str = "protocol"
) -> ProtocolSpec:
    """Validate a protocol payload (the object of ``GET /cases/{id}/protocol``) and return a :class:`ProtocolSpec`.

    Refuses, naming the field: unknown channels or days, times outside HH:MM, a protocol with no way of contact,
    restriction types the profile does not allow, complaints of another customer, review or end dates before the
    start, and a restriction that conflicts with an agreed reasonable adjustment unless ``override_reasons`` are given.
    """
    if not isinstance(data, dict):
        raise InvalidInput("Give the protocol's terms.", field=field_prefix)

    def f(name):
        return f"{field_prefix}.{name}"

    for key in data:
        if key not in FIELDS:
            raise InvalidInput(f"{key} is not a protocol field; use {', '.join(FIELDS)}.", field=f(key))
    channels = data.get("channels_allowed")
    if channels is None:
        channels = list(ALL_CHANNELS)
    if not isinstance(channels, list) or any(c not in ALL_CHANNELS for c in channels):
        raise InvalidInput(
            f"channels_allowed must be a list from {', '.join(ALL_CHANNELS)}.", field=f("channels_allowed")
        )
    channels = list(dict.fromkeys(channels))
    times = []
    for i, slot in enumerate(data.get("times") or []):
        if not isinstance(slot, dict) or slot.get("channel") not in channels:
            raise InvalidInput("Each time slot names a permitted channel.", field=f(f"times[{i}].channel"))
        days = slot.get("days") or list(DAYS)
        if any(d not in DAYS for d in days):
            raise InvalidInput(f"Days must be from {', '.join(DAYS)}.", field=f(f"times[{i}].days"))
        start, end = slot.get("from", ""), slot.get("to", "")
        if not (TIME_RE.match(str(start)) and TIME_RE.match(str(end)) and start < end):
            raise InvalidInput("Times are HH:MM, with 'from' before 'to'.", field=f(f"times[{i}]"))
        times.append({"channel": slot["channel"], "days": days, "from": start, "to": end})
    limit = data.get("issue_limit")
    if limit is not None:
        if not (
            isinstance(limit, dict)
            and isinstance(limit.get("count"), int)
            and limit["count"] >= 1
            and isinstance(limit.get("period_days", 30), int)
            and limit.get("period_days", 30) >= 1
        ):
            raise InvalidInput('issue_limit is {"count": N ≥ 1, "period_days": D ≥ 1}.', field=f("issue_limit"))
        limit = {"count": limit["count"], "period_days": limit.get("period_days", 30)}
    calls = data.get("call_limits")
    if calls is not None:
        if not (
            isinstance(calls, dict)
            and set(calls) <= {"calls_per_week", "max_minutes"}
            and all(isinstance(calls.get(k), int) and not isinstance(calls.get(k), bool) for k in calls)
            and calls.get("calls_per_week", 0) >= 1
            and calls.get("max_minutes", 1) >= 1
        ):
            raise InvalidInput(
                'call_limits is {"calls_per_week": N ≥ 1, "max_minutes": M ≥ 1} (max_minutes may be left out).',
                field=f("call_limits"),
            )
        calls = {"calls_per_week": calls["calls_per_week"], "max_minutes": calls.get("max_minutes")}
    filed = []
    for i, cid in enumerate(data.get("file_without_reply_complaints") or []):
        complaint = object_or_none(Complaint, cid)
        if complaint is None or complaint.customer_id != customer.pk:
            raise InvalidInput(
                "A complaint filed without reply must be one of this customer's complaints.",
                field=f(f"file_without_reply_complaints[{i}]"),
            )
        filed.append(complaint)
    complaints = []
    for i, cid in enumerate(data.get("acknowledge_only_complaints") or []):
        complaint = object_or_none(Complaint, cid)
        if complaint is None or complaint.customer_id != customer.pk:
            raise InvalidInput(
                "An acknowledge-only complaint must be one of this customer's complaints.",
                field=f(f"acknowledge_only_complaints[{i}]"),
            )
        if complaint.final_response_on is None:
            raise InvalidInput(
                f"Complaint {complaint.reference} has no full and final response yet, so it cannot be "
                f"acknowledge-only{profile.cite('final_response_before_acknowledge_only')}.",
                field=f(f"acknowledge_only_complaints[{i}]"),
            )
        complaints.append(complaint)
    rep = None
    if data.get("representative"):
        rep = object_or_none(Representative, data["representative"])
        if rep is None or rep.customer_id != customer.pk:
            raise InvalidInput("The representative must act for this customer.", field=f("representative"))
    unit = None
    if data.get("business_unit"):
        unit = BusinessUnit.objects.filter(name=data["business_unit"]).first()
        if unit is None:
            raise InvalidInput(f"There is no business unit {data['business_unit']!r}.", field=f("business_unit"))
    spec = ProtocolSpec(
        channels_allowed=channels,
        times=times,
        spoc=_user(data.get("spoc"), f("spoc")),
        spoc_deputy=_user(data.get("spoc_deputy"), f("spoc_deputy")),
        acknowledge_only_complaints=complaints,
        third_party_only=bool(data.get("third_party_only")),
        third_party=str(data.get("third_party") or "")[:200],
        appointment_only=bool(data.get("appointment_only")),
        buildings_banned=[str(b) for b in (data.get("buildings_banned") or []) if str(b).strip()],
        issue_limit=limit,
        health_and_safety_only_until=_date(data.get("health_and_safety_only_until"), f("health_and_safety_only_until")),
        suspended_until=_date(data.get("suspended_until"), f("suspended_until")),
        behaviour_agreement=bool(data.get("behaviour_agreement")),
        call_limits=calls,
        meetings_witnessed=bool(data.get("meetings_witnessed")),
        file_without_reply_complaints=filed,
        representative=rep,
        business_unit=unit,
        starts_on=_date(data.get("starts_on"), f("starts_on")) or starts_on,
        ends_on=_date(data.get("ends_on"), f("ends_on")),
        review_due_on=_date(data.get("review_due_on"), f("review_due_on")),
        override_reasons=str(data.get("override_reasons") or "").strip(),
        frequency=str(data.get("frequency") or "").strip()[:300],
    )
    check_protocol(spec, profile=profile, customer=customer, case=case, field_prefix=field_prefix)
    check_terms(spec, data, profile=profile, case=case, field_prefix=field_prefix)
    return spec


def check_terms(spec: ProtocolSpec, data: dict, *, profile, case, field_prefix: str = "protocol") -> None:
    """What the organisation's policy says a protocol must state (``[restrictions] must_state``: each term with
    the clause that requires it), and written-only contact only after a warning that it may come
    (``[restrictions] written_only_after_warning``, 003 Annex C)."""
    terms = profile.restrictions.get("must_state", {})
    missing = {
        "frequency": (not spec.frequency, "frequency", "how often contact and updates will take place"),
        "main_contact": (not spec.spoc, "spoc", "the main point of staff contact"),
        "appointment_only": (
            "appointment_only" not in data,
            "appointment_only",
            "whether the customer must visit by appointment only (true or false)",
        ),
        "end": (
            not (spec.ends_on or data.get("review_due_on")),
            "ends_on",
            "when the restrictions end, or the review date that ends them",
        ),
        "spoc_times": (
            bool(spec.spoc) and not spec.times,
            "times",
            "the times agreed with the customer for contact with the single point of contact",
        ),
        "spoc_deputy": (
            bool(spec.spoc) and not spec.spoc_deputy,
            "spoc_deputy",
            "the deputy for the single point of contact, whom the customer is told of",
        ),
    }
    absent = [(missing[t][1], f"{missing[t][2]} ({terms[t]})") for t in PROTOCOL_TERMS if t in terms and missing[t][0]]
    if absent:  # every term at once, so the form shows them in one go; the field is the first one's
        words = [w for _, w in absent]
        listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
        raise InvalidInput(f"The protocol must state {listed}.", field=f"{field_prefix}.{absent[0][0]}")
    clause = profile.restrictions.get("written_only_after_warning")
    if clause and "written_only" in spec.restriction_types():
        if not case.actions.filter(action__in=("initial_warning", "formal_warning")).exists():
            raise InvalidInput(
                "Contact can be limited to writing only after the customer was warned that the method of contact "
                f"may be limited: record the warning first ({clause}).",
                field=f"{field_prefix}.channels_allowed",
            )


def check_protocol(spec: ProtocolSpec, *, profile, customer, case, field_prefix: str = "protocol") -> None:
    """The rules every protocol obeys (see the module docstring)."""

    def f(name):
        return f"{field_prefix}.{name}"

    allowed = set(profile.restrictions["allowed"])
    for kind in sorted(spec.restriction_types() - allowed):
        raise InvalidInput(
            f"{profile.name}'s policy does not allow the restriction {kind.replace('_', ' ')} "
            f"({profile.restrictions['clause']}).",
            field=field_prefix,
        )
    if spec.spoc_deputy and spec.spoc_deputy == spec.spoc:
        raise InvalidInput("The deputy must be someone other than the single point of contact.", field=f("spoc_deputy"))
    if spec.spoc_deputy and not spec.spoc:
        raise InvalidInput("Name the single point of contact before a deputy.", field=f("spoc"))
    if spec.call_limits and "phone" not in spec.channels_allowed:
        raise InvalidInput("Call limits need the telephone among the channels allowed.", field=f("call_limits"))
    both = {c.pk for c in spec.file_without_reply_complaints} & {c.pk for c in spec.acknowledge_only_complaints}
    if both:
        raise InvalidInput(
            "A complaint is either acknowledged only or filed without reply, not both.",
            field=f("file_without_reply_complaints"),
        )
    if spec.third_party_only and not spec.third_party:
        raise InvalidInput("Name the third party contact must go through.", field=f("third_party"))
    start = spec.starts_on
    for name, words in (
        ("ends_on", "The end of the restrictions"),
        ("review_due_on", "The review date"),
        ("health_and_safety_only_until", "The end of health-and-safety-only contact"),
        ("suspended_until", "The end of the suspension"),
    ):
        value = getattr(spec, name)
        if value and value < start:
            raise InvalidInput(f"{words} cannot be before the start ({start:%-d %B %Y}).", field=f(name))
    if spec.review_due_on and spec.ends_on and spec.review_due_on > spec.ends_on:
        raise InvalidInput(
            f"The review cannot fall after the end ({spec.ends_on:%-d %B %Y}): review on or before it.",
            field=f("review_due_on"),
        )
    if spec.suspended_until:
        limit = profile.restrictions["suspension_max_days"]
        if spec.suspended_until > start + timedelta(days=limit):
            raise InvalidInput(
                f"A suspension pending legal advice lasts at most {limit} days{profile.cite('suspension')}.",
                field=f("suspended_until"),
            )
    if not spec.channels_allowed and not spec.suspended_until:
        raise InvalidInput(
            f"A protocol must leave at least one way of contact open{profile.cite('one_way_open')}.",
            field=f("channels_allowed"),
        )
    if spec.buildings_banned and spec.channels_allowed == ["visit"]:
        raise InvalidInput(
            f"A building ban leaves no way of contact when visits are the only channel{profile.cite('building_ban')}.",
            field=f("buildings_banned"),
        )
    if spec.third_party_only and not spec.channels_allowed:
        raise InvalidInput(
            "Contact through a third party still needs a channel they can use.", field=f("channels_allowed")
        )
    needs = needed_channels(list(customer.support_needs) + list(case.adjustments_offered), customer.preferred_channel)
    blocked = sorted(needs - set(spec.channels_allowed))
    if blocked and not spec.override_reasons:
        raise InvalidInput(
            f"This protocol removes {', '.join(blocked)}, which the customer's recorded support needs or agreed "
            "adjustments rely on. Allow it, or give the reasons for overriding them, explaining why the restriction is "
            "still proportionate.",
            field=f("override_reasons"),
        )

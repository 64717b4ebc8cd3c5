"""The contact gate: what staff should do with a new contact from a customer under an arrangement.

:func:`guidance` is a pure function of plain data (no database, no clock) so that every rule is tested
table-driven. Which protocol governs a contact: one in force today whose scope covers it — a protocol for a
representative in their own right covers only that representative's contact; one scoped to a business unit only
contact about that unit's complaints; any other covers the customer and whoever acts for them. Where several
cover it, the most specific wins (representative, then business unit), then the latest start.
Rules, in the order they are applied:

1. Contact we make (outbound) and contact no protocol covers: handle normally.
2. Urgent or health-and-safety matters are never refused (000 §6.3, 001 §6.4.4, 002 §4).
3. FOI and subject access requests go on as usual (003 §34).
4. A new issue (staff mark it so, helped by the same-issue suggestion) is handled as a new complaint,
   even from a restricted customer (003 §33, Annex H step 7).
5. An elected representative of a kind the profile lists (``[representatives] elected``: MPs, MSPs, Members of
   the Senedd, MLAs, councillors) writing about an acknowledge-only complaint gets the reply-to-an-MP route
   (003 §32); any other representative is bound only by a third-party-only arrangement or a protocol of their own.
6. Suspension pending legal advice, health-and-safety-only periods, building bans, appointment-only visits,
   third-party-only arrangements, channels and times outside the protocol: remind and end, a breach
   (003 §35; 001 §6.4; 002 §4).
   A call over the week's call limit (Monday to Sunday, the organisation's time zone) is a breach too; a call
   within it is told the minutes allowed; a visit under a witnessed-meetings term needs a second officer.
7. Written contact about an acknowledge-only complaint: acknowledge only, and read (003 §30-31); about a
   complaint filed without reply: read it for new evidence, worsening conditions or a linked issue, and place it
   on file, never acknowledged (000 §6.3).
8. A single point of contact: route to the SPOC, or the deputy while the SPOC is away (003 §28).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

WRITTEN = frozenset({"letter", "email", "portal"})
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: What a script calls the customer's contact, by channel: "Thank you for your email of …", "… this visit".
CONTACT_NOUN = {"letter": "letter", "email": "email", "phone": "call", "visit": "visit"}
#: Spoken scripts are written for the telephone; at a counter the same words end "this conversation".
SPOKEN_AT_A_VISIT = ((re.compile(r"\b(?:tele)?phone call\b|\bcall\b"), "conversation"),)


@dataclass(frozen=True)
class WouldBeContact:
    channel: str
    occurred_at: datetime
    direction: str = "inbound"
    complaint_id: int | None = None
    complaint_unit_id: int | None = None
    urgent: bool = False
    health_and_safety: bool = False
    request_type: str = ""
    representative_id: int | None = None
    representative_relationship: str = ""
    new_issue: bool = False
    appointment: bool = False
    behaviour: tuple[str, ...] = ()
    complaint_reference: str = ""
    #: the ``[contact_scope]`` category staff gave (002 §2); blank when not classified
    scope: str = ""


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    absent: bool = False


@dataclass(frozen=True)
class ProtocolTerms:
    """A protocol in force, as plain data."""

    id: int
    case_id: int
    starts_on: date
    letter_on: date | None
    channels_allowed: tuple[str, ...]
    times: tuple[dict, ...] = ()
    spoc: Person | None = None
    spoc_deputy: Person | None = None
    acknowledge_only_complaints: tuple[int, ...] = ()
    third_party_only: bool = False
    third_party: str = ""
    appointment_only: bool = False
    buildings_banned: tuple[str, ...] = ()
    issue_limit: dict | None = None
    call_limits: dict | None = None
    meetings_witnessed: bool = False
    file_without_reply_complaints: tuple[int, ...] = ()
    health_and_safety_only_until: date | None = None
    suspended_until: date | None = None
    representative_id: int | None = None
    business_unit_id: int | None = None
    ends_on: date | None = None


@dataclass(frozen=True)
class CustomerState:
    protocols: tuple[ProtocolTerms, ...] = ()
    open_issues: tuple[str, ...] = ()
    issues_in_period: int = 0
    #: inbound calls earlier in the same Monday-to-Sunday week as the contact (counted only under call limits)
    calls_this_week: int = 0
    same_issue: dict | None = None
    markers: tuple[str, ...] = ()


@dataclass
class Guidance:
    handling: str = "handle_normally"
    breach: bool = False
    reasons: list[str] = field(default_factory=list)
    script: str = ""
    spoc: dict | None = None
    same_issue: dict | None = None
    flags: list[str] = field(default_factory=list)
    case_id: int | None = None
    protocol_id: int | None = None

    def as_dict(self) -> dict:
        """The stored and published form (``case`` and ``protocol`` as string ids); its lists and dicts are
        copies. Written out rather than ``dataclasses.asdict``, which took 140 us a contact in an import."""
        return {
            "handling": self.handling,
            "breach": self.breach,
            "reasons": list(self.reasons),
            "script": self.script,
            "spoc": dict(self.spoc) if self.spoc is not None else None,
            "same_issue": _copy(self.same_issue),
            "flags": list(self.flags),
            "case": str(self.case_id) if self.case_id else None,
            "protocol": str(self.protocol_id) if self.protocol_id else None,
        }


def _copy(data: dict | None) -> dict | None:
    """A copy of a flat dict whose values may be lists."""
    if data is None:
        return None
    return {key: list(value) if isinstance(value, list) else value for key, value in data.items()}


def _applies(terms: ProtocolTerms, contact: WouldBeContact, today: date) -> bool:
    if terms.starts_on > today or (terms.ends_on and terms.ends_on < today):
        return False
    if terms.representative_id is not None:
        return contact.representative_id == terms.representative_id
    if terms.business_unit_id is not None:
        return contact.complaint_unit_id == terms.business_unit_id
    return True


def _specificity(terms: ProtocolTerms) -> tuple:
    return terms.representative_id is not None, terms.business_unit_id is not None, terms.starts_on, terms.id


def _within_times(terms: ProtocolTerms, contact: WouldBeContact) -> bool:
    slots = [t for t in terms.times if t.get("channel") == contact.channel]
    if not slots:
        return True
    day = DAYS[contact.occurred_at.weekday()]
    clock = contact.occurred_at.strftime("%H:%M")
    return any(day in slot.get("days", DAYS) and slot["from"] <= clock < slot["to"] for slot in slots)


def _letter(terms: ProtocolTerms) -> str:
    return f"our letter of {terms.letter_on:%-d %B %Y}" if terms.letter_on else "the arrangements we have set out"


def in_channel_words(script: str, contact: WouldBeContact) -> str:
    """A profile's script made complete for this contact: ``{dates}`` becomes the contact's date, ``{issues}`` the
    complaint it is about, and the words follow the channel ("your email of …"; a visit ends "this conversation",
    not "this telephone call"). Staff read it out or paste it as it stands (003 §30-31, §35)."""
    noun = CONTACT_NOUN.get(contact.channel, "message")
    issues = f"complaint {contact.complaint_reference}" if contact.complaint_reference else "your complaint"
    text = script.replace("{dates}", f"{contact.occurred_at:%-d %B %Y}").replace("{issues}", issues)
    if contact.channel != "letter":
        text = re.sub(r"\byour letter\b", f"your {noun}", text)
    if contact.channel == "visit":
        for pattern, words in SPOKEN_AT_A_VISIT:
            text = pattern.sub(words, text)
    return text


def _end(g: Guidance, terms: ProtocolTerms, profile, contact: WouldBeContact, reason: str, breach=True) -> Guidance:
    g.handling = "remind_and_end"
    g.breach = breach
    g.reasons.append(reason)
    g.reasons.append(f"Remind the customer of {_letter(terms)}.")
    if contact.channel in ("phone", "visit"):
        g.script = in_channel_words(profile.gate["end_call_script"], contact)
    else:
        noun = CONTACT_NOUN.get(contact.channel, "message")
        g.script = (
            f"Thank you for your {noun} of {contact.occurred_at:%-d %B %Y}. As set out in {_letter(terms)}, "
            f"we can only accept contact made in the way those arrangements describe, so we will not reply to "
            f"this {noun}. Urgent and health and safety matters will always be dealt with."
        )
    return g


def _clause(profile) -> str:
    """The profile's clause for its restrictions, as " (000 §6.3)"; nothing where the profile gives none."""
    clause = profile.restrictions.get("clause", "")
    return f" ({clause})" if clause else ""


def _spoc(terms: ProtocolTerms) -> dict | None:
    if terms.spoc is None:
        return None
    if terms.spoc.absent and terms.spoc_deputy is not None:
        return {"id": str(terms.spoc_deputy.id), "name": terms.spoc_deputy.name, "deputy": True}
    return {"id": str(terms.spoc.id), "name": terms.spoc.name, "deputy": False}


def guidance(contact: WouldBeContact, state: CustomerState, profile, now: datetime) -> Guidance:
    """What to do with ``contact`` given the customer's ``state`` under ``profile`` at ``now``."""
    g = Guidance(same_issue=state.same_issue)
    if contact.behaviour:
        g.flags.append("possible_abuse")
    if "potentially_violent" in state.markers:
        g.flags.append("potentially_violent")
    if contact.scope and profile.scope_excluded(contact.scope):
        words = profile.scope_categories()[contact.scope]
        g.reasons.append(
            f"Outside this policy ({profile.contact_scope['clause']}): {words[:1].lower()}{words[1:]}. Handle it "
            "through its own process; it is not a breach of any arrangement."
        )
        return g
    today = now.date()
    in_force = [t for t in state.protocols if _applies(t, contact, today)]
    if contact.direction == "outbound" or not in_force:
        g.reasons.append("No communication protocol applies to this contact: handle it as normal.")
        return g
    terms = max(in_force, key=_specificity)
    g.case_id, g.protocol_id = terms.case_id, terms.id
    about_restricted = contact.complaint_id in terms.acknowledge_only_complaints

    if contact.urgent or contact.health_and_safety:
        g.reasons.append("Urgent and health-and-safety matters are always dealt with, whatever the arrangements.")
        return g
    if contact.request_type:
        kind = "freedom of information" if contact.request_type == "foi" else "subject access"
        g.reasons.append(f"A {kind} request is progressed as usual{profile.cite('information_requests')}.")
        return g
    if contact.new_issue:
        g.handling = "new_complaint"
        g.reasons.append(
            f"This raises a new issue: handle it as a new complaint, as normal{profile.cite('new_issue')}."
        )
        limit = terms.issue_limit
        if limit and state.issues_in_period >= limit.get("count", 0):
            g.flags.append("issue_limit_reached")
            g.reasons.append(
                f"The limit of {limit['count']} issues in {limit.get('period_days', 30)} days is reached; "
                f"open issues: {', '.join(state.open_issues) or 'none recorded'}."
            )
        return g
    if about_restricted and contact.representative_relationship in profile.elected_representatives:
        g.handling = "reply_to_mp"
        g.reasons.append(
            "An elected representative is writing about a complaint that has had a full and final response: "
            f"reply with a copy of the final response and the escalation route{profile.cite('representative_reply')}."
        )
        return g
    if contact.representative_id is not None and terms.representative_id is None and not terms.third_party_only:
        g.reasons.append(
            "A representative acting for the customer is not bound by the customer's arrangements: "
            "handle it as normal (a representative can be restricted in their own right)."
        )
        return g
    if terms.suspended_until and today <= terms.suspended_until:
        return _end(
            g,
            terms,
            profile,
            contact,
            f"Contact is suspended until {terms.suspended_until:%-d %B %Y} while legal advice is sought.",
        )
    if contact.channel == "visit" and terms.buildings_banned:
        return _end(g, terms, profile, contact, f"The customer may not visit: {', '.join(terms.buildings_banned)}.")
    if contact.channel == "visit" and terms.appointment_only and not contact.appointment:
        return _end(g, terms, profile, contact, "Visits are by appointment only.")
    if terms.third_party_only and contact.representative_id is None:
        who = terms.third_party or "a third party"
        return _end(g, terms, profile, contact, f"Contact must come through {who}.")
    # a suspension pending legal advice ends on its date: its channels reopen, never a protocol with no way in
    # (002 §4; the suspension itself is refused above while it lasts)
    if contact.channel not in terms.channels_allowed and (terms.channels_allowed or not terms.suspended_until):
        allowed = ", ".join(terms.channels_allowed) or "none"
        return _end(
            g,
            terms,
            profile,
            contact,
            f"Contact by {contact.channel.replace('_', ' ')} is not permitted; permitted: {allowed}.",
        )
    if not _within_times(terms, contact):
        return _end(g, terms, profile, contact, "This is outside the permitted days and times for this channel.")
    clause = _clause(profile)
    calls = terms.call_limits
    if calls and contact.channel == "phone":
        allowed, minutes = calls["calls_per_week"], calls.get("max_minutes")
        if state.calls_this_week >= allowed:
            return _end(
                g,
                terms,
                profile,
                contact,
                f"The arrangements allow {allowed} call{'s' if allowed != 1 else ''} a week (Monday to Sunday) "
                f"and {state.calls_this_week} {'have' if state.calls_this_week != 1 else 'has'} been made this week"
                f"{clause}.",
            )
        g.reasons.append(
            f"Call {state.calls_this_week + 1} of the {allowed} allowed this week (Monday to Sunday)"
            + (f"; it may last up to {minutes} minutes, then end it politely" if minutes else "")
            + f"{clause}."
        )
    if terms.meetings_witnessed and (contact.channel == "visit" or contact.appointment):
        g.reasons.append(f"Meet the customer only with a second officer present as a witness{clause}.")
    if about_restricted:
        if contact.channel in WRITTEN:
            g.handling = "acknowledge_only"
            g.reasons.append(
                "This complaint has had a full and final response: acknowledge the letter, citing its "
                f"date, and read it for any new issue or urgent concern{profile.cite('acknowledge_only')}."
            )
            g.script = in_channel_words(profile.gate["acknowledge_wording"], contact)
            return g
        return _end(
            g,
            terms,
            profile,
            contact,
            f"This complaint has had a full and final response{profile.cite('outside_protocol')}.",
            breach=False,
        )
    if contact.complaint_id in terms.file_without_reply_complaints:
        if contact.channel in WRITTEN:
            g.handling = "file_without_reply"
            g.reasons.append(
                "Correspondence about this complaint is read and placed on file without acknowledgement: read it "
                f"for new evidence, worsening conditions or a linked issue, and deal with any it shows{clause}."
            )
            return g
        return _end(
            g,
            terms,
            profile,
            contact,
            f"Contact about this complaint is read and placed on file without a reply{clause}.",
            breach=False,
        )
    if terms.health_and_safety_only_until and today <= terms.health_and_safety_only_until:
        # 001 §6.4.4(a): the arrangement's scope is health and safety; contact on another matter by a permitted
        # channel is outside that scope, handled as normal and not a breach (a removed channel is, above)
        g.reasons.append(
            f"Only health-and-safety matters are dealt with under this arrangement until "
            f"{terms.health_and_safety_only_until:%-d %B %Y}; this contact is on another matter, outside its "
            f"scope: handle it as normal, it is not a breach ({profile.restrictions['clause']})."
        )
    spoc = _spoc(terms)
    if spoc is not None:
        g.handling = "route_to_spoc"
        g.spoc = spoc
        who = spoc["name"] + (" (deputy, while the single point of contact is away)" if spoc["deputy"] else "")
        g.reasons.append(f"All contact goes through the single point of contact: {who}{profile.cite('spoc')}.")
        g.script = in_channel_words(profile.gate["spoc_script"].format(spoc=spoc["name"]), contact)
        return g
    if not g.reasons:
        g.reasons.append("A communication protocol is in force and this contact is within it: handle it as normal.")
    return g

"""The gate's database side: build a customer's state in a fixed number of queries, apply the guidance."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from django.utils import timezone

from faircontact.cases.models import Breach, Case, Protocol, ProtocolStatus
from faircontact.core.limits import ANALYSED_CHARS
from faircontact.core.models import Notification
from faircontact.core.profiles import active_profile
from faircontact.indicators.abuse import possible_abuse, possible_abuse_many
from faircontact.records.models import Complaint, Contact, Marker

from . import rules
from .models import ReadingItem
from .similarity import TYPICAL_OF, Text, same_issue, same_issue_many, typical


def _person(user, today) -> rules.Person | None:
    if user is None:
        return None
    return rules.Person(id=user.pk, name=user.display_name, absent=user.is_absent_on(today))


def protocol_terms(protocol, today) -> rules.ProtocolTerms:
    return rules.ProtocolTerms(
        id=protocol.pk,
        case_id=protocol.case_id,
        starts_on=protocol.starts_on,
        letter_on=protocol.case.notified_on,
        channels_allowed=tuple(protocol.channels_allowed),
        times=tuple(protocol.times or ()),
        spoc=_person(protocol.spoc, today),
        spoc_deputy=_person(protocol.spoc_deputy, today),
        acknowledge_only_complaints=tuple(c.pk for c in protocol.acknowledge_only_complaints.all()),
        third_party_only=protocol.third_party_only,
        third_party=protocol.third_party,
        appointment_only=protocol.appointment_only,
        buildings_banned=tuple(protocol.buildings_banned or ()),
        issue_limit=protocol.issue_limit,
        call_limits=protocol.call_limits,
        meetings_witnessed=protocol.meetings_witnessed,
        file_without_reply_complaints=tuple(c.pk for c in protocol.file_without_reply_complaints.all()),
        health_and_safety_only_until=protocol.health_and_safety_only_until,
        suspended_until=protocol.suspended_until,
        representative_id=protocol.representative_id,
        business_unit_id=protocol.business_unit_id,
        ends_on=protocol.ends_on,
    )


def _calls_this_week(customer, at: datetime) -> int:
    """Inbound calls before ``at`` in its Monday-to-Sunday week, in the organisation's time zone."""
    local = timezone.localtime(at)
    monday = (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    return Contact.objects.filter(
        customer=customer, channel="phone", direction="inbound", occurred_at__gte=monday, occurred_at__lt=at
    ).count()


class TextChecks:
    """The gate's two text checks — possible abuse (``indicators.abuse``) and same issue or new
    (``gate.similarity``) — remembered per distinct text across the contacts of one batch (an import).

    Both are pure functions of the text (same issue: of the text and the complaints' summaries, in order), so a
    text seen again costs a look-up; the ids in a same-issue answer are the customer's own. At most
    :attr:`limit` texts are remembered, then the memory starts again.
    """

    limit = 20_000

    def __init__(self, typical: Text | None = None):
        self.typical = typical  # the organisation's typical complaint (typical_complaint), the same for a batch
        self._abuse: dict[str, dict | None] = {}
        self._same: dict[tuple, dict | None] = {}
        self._same_json: dict[tuple, tuple[int, str, str] | None] = {}
        self._synonyms: tuple[dict, tuple] = ({}, ())

    def possible_abuse(self, text: str) -> dict | None:
        if text not in self._abuse:
            if len(self._abuse) >= self.limit:
                self._abuse.clear()
            self._abuse[text] = possible_abuse(text)
        return self._abuse[text]

    def same_issue(self, text: str, complaints, *, lean_new: bool = False, synonyms=None) -> dict | None:
        """``similarity.same_issue`` over ``(complaint_id, summary)`` pairs; ``synonyms`` is the profile's
        service vocabulary."""
        if not complaints or not text.strip():
            return None
        key = self._key(text, complaints, lean_new, synonyms)
        if key not in self._same:
            if len(self._same) >= self.limit:
                self._same.clear()
            self._same[key] = same_issue(
                text, _labelled(complaints), lean_new=lean_new, synonyms=synonyms, typical=self.typical
            )
        found = self._same[key]
        if found is None:
            return None
        complaint_id = complaints[int(found["complaint"])][0]
        return dict(found, complaint=str(complaint_id), shared_terms=list(found["shared_terms"]))

    def same_issue_json(self, text: str, complaints, *, synonyms=None) -> str:
        """``json.dumps`` of :meth:`same_issue` (``lean_new`` False), made once per answer with the complaint's id
        written in: an import asks for it on every row."""
        if not complaints or not text.strip():
            return "null"
        key = self._key(text, complaints, False, synonyms)
        if key not in self._same_json:
            if len(self._same_json) >= self.limit:
                self._same_json.clear()
            found = self.same_issue(text, complaints, synonyms=synonyms)
            self._same_json[key] = found and (
                int(self._same[key]["complaint"]),
                *_json_around(dict(found, complaint=_SAME_ISSUE)),
            )
        if (around := self._same_json[key]) is None:
            return "null"
        index, *json_around = around
        return _with_id(json_around, complaints[index][0])

    def _key(self, text: str, complaints, lean_new: bool, synonyms) -> tuple:
        synonyms = synonyms or {}
        if synonyms != self._synonyms[0]:  # sorted once while the vocabulary is the same, not once per contact
            self._synonyms = dict(synonyms), tuple(sorted(synonyms.items()))
        return (text, lean_new, self._synonyms[1], *(summary for _, summary in complaints))

    def prime(self, texts: list[str], same: list[tuple[str, tuple]], *, lean_new: bool = False, synonyms=None) -> None:
        """Check ``texts`` for possible abuse and ``same``'s ``(text, complaints)`` pairs for the same issue, all
        at once (``possible_abuse_many``, ``same_issue_many``: the models' arithmetic over the whole batch), those
        not already remembered; :meth:`possible_abuse` and :meth:`same_issue` then answer them from memory."""
        if len(self._abuse) + len(texts) > self.limit:
            self._abuse.clear()
        new = list(dict.fromkeys(text for text in texts if text not in self._abuse))
        self._abuse.update(zip(new, possible_abuse_many(new), strict=True))
        pairs = [(text, complaints) for text, complaints in same if complaints and text.strip()]
        if len(self._same) + len(pairs) > self.limit:
            self._same.clear()
        asked: dict[tuple, tuple[str, list]] = {}
        for text, complaints in pairs:
            key = self._key(text, complaints, lean_new, synonyms)
            if key not in self._same:
                asked[key] = (text, _labelled(complaints))
        answers = same_issue_many(list(asked.values()), lean_new=lean_new, synonyms=synonyms, typical=self.typical)
        self._same.update(zip(asked, answers, strict=True))


_typical: dict[tuple, Text | None] = {}
_UNREAD = object()


def typical_complaint(synonyms: dict[str, str] | None = None) -> Text | None:
    """The organisation's typical complaint (``similarity.typical``) from its :data:`~.similarity.TYPICAL_OF` most
    recent complaints, whoever's, or None while it has too few: one query of their ids and summaries; the mean is
    made again whenever one of those is added, changed (a retention sweep's blanking too) or removed, and only the
    mean is kept, never the summaries."""
    recent = list(Complaint.objects.order_by("-id").values_list("id", "summary")[:TYPICAL_OF])
    summaries = [summary for _, summary in recent]
    key = (tuple(pk for pk, _ in recent), hash(tuple(summaries)), tuple(sorted((synonyms or {}).items())))
    if (found := _typical.get(key, _UNREAD)) is _UNREAD:
        found = typical(summaries, synonyms=synonyms)
        _typical.clear()  # one organisation: only the latest is wanted
        _typical[key] = found
    return found


def _labelled(complaints) -> list[tuple[str, str]]:
    """Complaints' summaries labelled by position, so that an answer is the same whoever's complaints they are."""
    return [(str(i), summary) for i, (_, summary) in enumerate(complaints)]


def contact_text(fields: dict) -> str:
    """The text the gate's checks read: subject and body, a bounded prefix (issue 14 §3)."""
    return f"{fields.get('subject') or ''} {fields.get('body') or ''}"[:ANALYSED_CHARS]


def guidance_with(
    contact: rules.WouldBeContact,
    *,
    text: str,
    complaints: tuple[tuple[int, str], ...] = (),
    protocols: tuple[rules.ProtocolTerms, ...] = (),
    open_issues: tuple[str, ...] = (),
    issues_in_period: int = 0,
    calls_this_week: int = 0,
    lean_new: bool = False,
    markers: tuple[str, ...] = (),
    checks: TextChecks | None = None,
    profile=None,
    typical: Text | None = None,
) -> rules.Guidance:
    """The guidance for ``contact`` given what is known of its customer: the one place where the pure rules
    (``rules.guidance``) meet the text checks. ``complaints`` are the customer's ``(id, summary)`` pairs in the
    order of ``Complaint``'s default ordering; ``protocols`` those in force; ``profile`` the active one unless given;
    ``typical`` the organisation's typical complaint (:func:`typical_complaint`), unless ``checks`` carry it.
    A contact about a named complaint is about that complaint (no same-issue guess).
    """
    checks = checks or TextChecks(typical)
    profile = profile or active_profile()
    same = _same_issue(contact.complaint_id, text, complaints, lean_new, checks, profile.service_vocabulary)
    state = rules.CustomerState(
        protocols=protocols,
        open_issues=open_issues,
        issues_in_period=issues_in_period,
        calls_this_week=calls_this_week,
        same_issue=same,
        markers=markers,
    )
    guidance = rules.guidance(contact, state, profile, contact.occurred_at)
    abuse = checks.possible_abuse(text)
    if abuse:  # a suggestion for the officer to confirm, never a verdict (001 §6.3.3)
        if "possible_abuse" not in guidance.flags:
            guidance.flags.append("possible_abuse")
        guidance.reasons.append(
            "Possible abusive or threatening language (a suggestion for you to confirm, not a finding): "
            + (", ".join(f"‘{word}’" for word in abuse["triggers"][:8]) + "." if abuse["triggers"] else abuse["note"])
        )
    return guidance


def _same_issue(complaint_id, text: str, complaints, lean_new: bool, checks: TextChecks, synonyms) -> dict | None:
    """The same-issue answer :func:`guidance_with` gives: the named complaint, or the text check's suggestion."""
    if complaint_id is not None:
        return _named(complaint_id)
    return checks.same_issue(text, complaints, lean_new=lean_new, synonyms=synonyms)


def _same_issue_json(complaint_id, text: str, complaints, checks: TextChecks, synonyms) -> str:
    """``json.dumps`` of :func:`_same_issue`'s answer (``lean_new`` False), each JSON made once (the importer)."""
    if complaint_id is not None:
        return _with_id(_NAMED_JSON, complaint_id)
    return checks.same_issue_json(text, complaints, synonyms=synonyms)


def _named(complaint_id) -> dict:
    """The same-issue answer for a contact about a named complaint: that complaint."""
    return {"complaint": str(complaint_id), "score": 1.0, "shared_terms": []}


def _shape(fields: dict, text: str, markers: tuple[str, ...]) -> tuple:
    """What :func:`guidance_with` and ``rules.guidance`` read of a contact under no protocol, but its same issue: the
    text (the possible-abuse check), the open markers, and every value :func:`would_be_contact` is made of except
    the time and the ids (``occurred_at``, the complaint's id, unit and reference, the representative's id), as
    given (two values the rules take for the same make two shapes, never one). The rules read those only through a
    protocol that applies (``rules._applies`` and after it), and the complaint's id only for ``same_issue``, which
    each row gets on its own (``tests/test_import_gate_shapes.py``)."""
    get, rep = fields.get, fields.get("from_representative")
    return (
        text,
        markers,
        get("channel"),
        get("direction"),
        get("urgent"),
        get("health_and_safety"),
        get("request_type"),
        rep.relationship if rep else "",
        get("new_issue"),
        get("appointment"),
        tuple(get("behaviour") or ()),
        get("scope"),
    )


#: stands for ``same_issue`` in a guidance's JSON while the text around it is cut (a control character: no text of a
#: record holds one, ``core.limits.CONTROL``)
_SAME_ISSUE = "\x00same_issue"


def _json_around(value: dict) -> tuple[str, str]:
    """The JSON of ``value`` before and after the one value in it that is :data:`_SAME_ISSUE`."""
    before, after = json.dumps(value).split(json.dumps(_SAME_ISSUE))
    return before, after


def _with_id(json_around, complaint_id) -> str:
    """The JSON around a complaint's id (:func:`_json_around`) with the id written in, as ``json.dumps`` writes it."""
    return f'{json_around[0]}"{complaint_id}"{json_around[1]}'


#: the JSON of :func:`_named` before and after the complaint's id
_NAMED_JSON = _json_around(_named(_SAME_ISSUE))


def _around_same_issue(guidance: rules.Guidance) -> tuple[str, str]:
    """The JSON of ``guidance.as_dict()`` before and after its ``same_issue`` value."""
    return _json_around(dict(guidance.as_dict(), same_issue=_SAME_ISSUE))


def customer_state(customer, *, now: datetime, at: datetime | None = None) -> dict:
    """What the gate needs about ``customer`` (the keyword arguments of :func:`guidance_with` but the text), in a
    number of queries that does not grow with history. ``at`` is when the contact happened (the call-limit week
    is the one it falls in); ``now`` by default."""
    today = now.date()
    protocols = list(
        Protocol.objects.filter(customer=customer, status=ProtocolStatus.IN_FORCE)
        .select_related("case", "spoc", "spoc_deputy")
        .prefetch_related("acknowledge_only_complaints", "file_without_reply_complaints")
    )
    complaints = list(
        Complaint.objects.filter(customer=customer).values_list(
            "pk", "reference", "summary", "final_response_on", "received_on"
        )
    )
    period = max((p.issue_limit or {}).get("period_days", 0) for p in protocols) if protocols else 0
    since = today - timedelta(days=period or 30)
    markers = tuple(Marker.objects.filter(customer=customer, ended_on__isnull=True).values_list("type", flat=True))
    # A customer some of whose complaints are only acknowledged or filed must not lose a new issue to a loose match
    # (003 §33): the same-issue suggestion asks for a closer match.
    lean_new = any(p.acknowledge_only_complaints.all() or p.file_without_reply_complaints.all() for p in protocols)
    return {
        "protocols": tuple(protocol_terms(p, today) for p in protocols),
        "open_issues": tuple(ref for _, ref, _, final, _ in complaints if final is None),
        "issues_in_period": sum(1 for *_, received in complaints if received and received >= since),
        "calls_this_week": _calls_this_week(customer, at or now) if any(p.call_limits for p in protocols) else 0,
        "complaints": tuple((pk, summary) for pk, _, summary, _, _ in complaints),
        "lean_new": lean_new,
        "markers": markers,
    }


def would_be_contact(fields: dict, *, tz=None) -> rules.WouldBeContact:
    """Validated contact ``fields`` as the rules see them, at the contact's local time (``tz``: the current
    time zone, given by a caller that asks for many)."""
    complaint, rep = fields.get("complaint"), fields.get("from_representative")
    return rules.WouldBeContact(
        channel=fields["channel"],
        occurred_at=timezone.localtime(fields["occurred_at"], tz),
        direction=fields.get("direction") or "inbound",
        complaint_id=complaint.pk if complaint else None,
        complaint_unit_id=complaint.business_unit_id if complaint else None,
        urgent=bool(fields.get("urgent")),
        health_and_safety=bool(fields.get("health_and_safety")),
        request_type=fields.get("request_type") or "",
        representative_id=rep.pk if rep else None,
        representative_relationship=rep.relationship if rep else "",
        new_issue=bool(fields.get("new_issue")),
        appointment=bool(fields.get("appointment")),
        behaviour=tuple(fields.get("behaviour") or ()),
        complaint_reference=complaint.reference if complaint else "",
        scope=fields.get("scope") or "",
    )


def guidance_for(fields: dict, *, now: datetime) -> rules.Guidance:
    """The guidance for validated contact ``fields`` (see ``records.services.validate_contact``)."""
    local_now = timezone.localtime(now)
    contact = would_be_contact(fields)
    return guidance_with(
        contact,
        text=contact_text(fields),
        typical=typical_complaint(active_profile().service_vocabulary),
        **customer_state(fields["customer"], now=local_now, at=contact.occurred_at),
    )


def apply_guidance(contact, guidance: rules.Guidance, *, actor, now: datetime) -> None:
    """Store what the guidance implies for a saved contact: a breach on the case, a reading item."""
    if guidance.breach and guidance.case_id:
        case = Case.objects.select_related("owner").get(pk=guidance.case_id)
        Breach.objects.get_or_create(
            case=case,
            contact=contact,
            defaults={
                "protocol_id": guidance.protocol_id,
                "reasons": guidance.reasons,
                "recorded_by": actor if getattr(actor, "pk", None) else None,
                "on": timezone.localdate(contact.occurred_at),
            },  # when it happened, not when typed in
        )
        case.evidence.add(contact)
        Notification.objects.create(
            user=case.owner,
            kind="breach",
            link=f"/cases/{case.pk}",
            text=f"Contact outside the protocol on case {case.pk} ({contact.channel}, {now:%-d %b %Y}).",
        )
    if guidance.handling in ("acknowledge_only", "file_without_reply") and contact.complaint_id:
        ReadingItem.objects.get_or_create(
            contact=contact,
            defaults={
                "complaint_id": contact.complaint_id,
                "file_only": guidance.handling == "file_without_reply",  # read, never acknowledged (000 §6.3)
            },
        )


class ImportGate:
    """The gate as the CSV importer asks it (``records.importer.IMPORT_GATE``, set in ``AppConfig.ready``).

    Customers under a protocol in force (:attr:`gated`) go one by one through :func:`guidance_for` and
    :func:`apply_guidance`, so that breaches are recorded (000 §8.4, 003 §35); every other row through
    :func:`guidance_with` with what the importer loaded of its customer, a batch at a time: the batch's text checks
    are made together first (:meth:`TextChecks.prime`), then each row's guidance reads them from memory.

    Under no protocol the guidance is the same for every contact of the same *shape* (:func:`_shape`) but for its
    ``same_issue``, so its JSON is made once per shape (through :func:`guidance_with`) and remembered as the text
    around ``same_issue``; each row's own ``same_issue`` (:func:`_same_issue`, as :func:`guidance_with` makes it) is
    written into it. At most :attr:`limit` shapes are remembered, then the memory starts again."""

    limit = 10_000

    def __init__(self, *, tz, profile):
        self.tz, self.profile = tz, profile
        self.checks = TextChecks(typical_complaint(profile.service_vocabulary))
        self.gated = set(Protocol.objects.filter(status=ProtocolStatus.IN_FORCE).values_list("customer_id", flat=True))
        self._around: dict[tuple, tuple[str, str]] = {}

    def guidance_json_many(self, rows: list[tuple[dict, tuple, tuple[str, ...]]]) -> list[str]:
        """The guidance (as stored: ``json.dumps(guidance.as_dict())``) of each ``(fields, complaints, markers)`` of
        ``rows``, contacts of customers under no protocol in force: ``complaints`` their ``(id, summary)`` pairs,
        ``markers`` the open ones."""
        texts = [contact_text(fields) for fields, _, _ in rows]
        synonyms = self.profile.service_vocabulary
        self.checks.prime(
            texts,
            [
                (text, complaints)
                for text, (fields, complaints, _) in zip(texts, rows, strict=True)
                if not fields["complaint"]
            ],
            synonyms=synonyms,
        )
        if len(self._around) > self.limit:
            self._around.clear()
        answers = []
        for text, (fields, complaints, markers) in zip(texts, rows, strict=True):
            complaint = fields["complaint"]
            same = _same_issue_json(complaint.id if complaint else None, text, complaints, self.checks, synonyms)
            shape = _shape(fields, text, markers)
            if (around := self._around.get(shape)) is None:
                guidance = guidance_with(
                    would_be_contact(fields, tz=self.tz),
                    text=text,
                    complaints=complaints,
                    markers=markers,
                    checks=self.checks,
                    profile=self.profile,
                )
                around = self._around[shape] = _around_same_issue(guidance)
            answers.append(f"{around[0]}{same}{around[1]}")
        return answers

    guidance_for = staticmethod(guidance_for)
    apply = staticmethod(apply_guidance)

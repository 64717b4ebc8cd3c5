"""Subject access (UK GDPR Art. 15; 003 §34 "progressed in the usual way"): everything held about one customer, as
a pack a data protection officer can send.

:func:`subject_access_pack` gathers it, scoped to the customer so nothing of anyone else's is included, in the
order Art. 15 asks: what we hold, why, who it was shared with, how long we keep it. Records are named by
references a person can read (their own reference, complaint references, ``CASE-1``, ``CON-3``, ``LET-2``), never by
the database's ids; staff by their role, never by name; the record of who read the file gives dates and roles, never
the staff's reasons for access. :class:`Redactions` withholds named third parties and free-text passages the data
protection officer chooses, everywhere in the pack. :func:`subject_access_zip` writes the pack as a readable PDF
(through ``core/pdf.py``), the letters as issued (their frozen documents) and ``subject-access.json``; producing it
is audited (the redactions are counted, never quoted: they are names).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string

from faircontact.cases.arrangement import arrangement_sentence, protocol_terms
from faircontact.cases.models import Breach, Case, Protocol
from faircontact.core import deadlines
from faircontact.core.audit import record_event
from faircontact.core.models import AuditEvent
from faircontact.core.pdf import render_pdf
from faircontact.core.profiles import active_profile
from faircontact.letters.models import Letter, Status
from faircontact.records.models import Customer

from .models import Enquiry, RegisterEntry
from .retention import last_activity, retention_months

FORMAT = "faircontact-subject-access/2"
THIRD_PARTY = "[third party]"
WITHHELD = "[withheld]"


@dataclass
class Redactions:
    """What the data protection officer withholds: third parties' names and passages, each matched ignoring case."""

    third_parties: list[str] = field(default_factory=list)
    passages: list[str] = field(default_factory=list)
    made: int = 0

    @classmethod
    def from_text(cls, third_parties: str = "", passages: str = "") -> Redactions:
        """One name or passage per line; blank lines ignored."""

        def lines(text: str) -> list[str]:
            return [line.strip() for line in (text or "").splitlines() if line.strip()]

        return cls(lines(third_parties), lines(passages))

    def _patterns(self):
        pairs = [(p, WITHHELD) for p in self.passages] + [(n, THIRD_PARTY) for n in self.third_parties]
        pairs.sort(key=lambda pair: -len(pair[0]))  # the longer first: a passage that holds a name goes whole
        return [(re.compile(re.escape(text), re.IGNORECASE), mark) for text, mark in pairs]

    def apply(self, value):
        """``value`` with every name and passage replaced, through lists and dicts; counts what it replaced."""
        patterns = self._patterns()

        def walk(item):
            if isinstance(item, str):
                for pattern, mark in patterns:
                    item, n = pattern.subn(mark, item)
                    self.made += n
                return item
            if isinstance(item, list):
                return [walk(i) for i in item]
            if isinstance(item, dict):
                return {k: walk(v) for k, v in item.items()}
            return item

        return walk(value) if patterns else value


def _staff(user, profile) -> str:
    """A member of staff by their role in the organisation's words, not by name."""
    if user is None:
        return "the system (scheduled check)"
    if user.job_title:
        return user.job_title
    return profile.role_label(user.roles[0]) if user.roles else "a member of staff"


def _refs(prefix: str, objects) -> dict[int, str]:
    return {obj.pk: f"{prefix}-{n}" for n, obj in enumerate(objects, start=1)}


def subject_access_pack(customer: Customer, *, today: date, redactions: Redactions | None = None) -> dict:
    """Everything held about ``customer``, with references instead of ids and the redactions applied."""
    profile = active_profile()
    complaints = list(customer.complaints.order_by("id"))
    complaint_ref = {c.pk: c.reference for c in complaints}
    contacts = list(customer.contacts.order_by("occurred_at", "id"))
    contact_ref = _refs("CON", contacts)
    cases = list(Case.objects.filter(customer=customer).prefetch_related("actions__actor").order_by("id"))
    case_ref = _refs("CASE", cases)
    protocols = list(Protocol.objects.filter(customer=customer).order_by("id"))
    protocol_ref = _refs("RESTRICTION", protocols)
    letters = list(Letter.objects.filter(customer=customer).order_by("id"))
    letter_ref = _refs("LET", letters)
    representatives = list(customer.representatives.order_by("id"))
    rep_ref = _refs("REP", representatives)

    def step_label(action: str) -> str:
        step = profile.steps.get(action)
        return step.label if step else action.replace("_", " ").capitalize()

    pack = {
        "format": FORMAT,
        "produced_on": today,
        "organisation": profile.organisation["name"],
        "you": {
            "reference": customer.reference,
            "name": customer.name,
            "address": customer.address,
            "email": customer.email,
            "phone": customer.phone,
            "identifiers": customer.identifiers,
            "support_needs": customer.support_needs,
            "recorded_as_vulnerable": customer.vulnerable,
            "preferred_format": customer.get_preferred_format_display(),
            "preferred_channel": customer.get_preferred_channel_display() if customer.preferred_channel else "",
            "language": customer.get_language_display(),
            "equality_monitoring": {"ethnicity": customer.ethnicity, "disability": customer.disability},
            "recorded_on": customer.created_at.date(),
        },
        "why_we_hold_it": [
            f"{profile.organisation['name']} manages unreasonable or unacceptable contact under its "
            f"{profile.organisation['policy_title']} ({profile.organisation['policy_reference']}), as part of its "
            "public functions and its duty of care to staff (UK GDPR Art. 6(1)(e)).",
            "Health, disability and support needs are recorded so that reasonable adjustments are made before any "
            "restriction; equality information is optional and reported only in totals (Art. 9(2)(g)).",
        ],
        "representatives": [
            {
                "reference": rep_ref[r.pk],
                "name": r.name,
                "relationship": r.get_relationship_display(),
                "address": r.address,
                "email": r.email,
                "may_act_for_you": r.may_act,
            }
            for r in representatives
        ],
        "complaints": [
            {
                "reference": c.reference,
                "summary": c.summary,
                "stage": c.get_stage_display(),
                "received_on": c.received_on,
                "final_response_on": c.final_response_on,
            }
            for c in complaints
        ],
        "contacts": [
            {
                "reference": contact_ref[c.pk],
                "occurred_at": c.occurred_at,
                "channel": c.get_channel_display(),
                "direction": c.get_direction_display(),
                "complaint": complaint_ref.get(c.complaint_id),
                "from_representative": rep_ref.get(c.from_representative_id),
                "subject": c.subject,
                "body": c.body,
            }
            for c in contacts
        ],
        "cases": [
            {
                "reference": case_ref[case.pk],
                "opened_on": case.opened_on,
                "state": case.get_state_display(),
                "grounds": case.grounds,
                "complaints": [complaint_ref[c] for c in case.complaints.values_list("pk", flat=True)],
                "summary": case.summary,
                "reasons_for_your_behaviour_considered": case.reasons_for_behaviour,
                "adjustments_offered": case.adjustments_offered,
                "decision": case.outcome,
                "decision_reasons": case.decision_reasons,
                "review_due_on": case.review_due_on,
                "appeal_grounds": case.appeal_grounds,
                "steps": [
                    {"on": a.on, "step": step_label(a.action), "by": _staff(a.actor, profile), "note": a.note}
                    for a in sorted(case.actions.all(), key=lambda a: (a.on, a.pk))
                ],
            }
            for case in cases
        ],
        "restrictions": [
            {
                "reference": protocol_ref[p.pk],
                "case": case_ref.get(p.case_id),
                "status": p.get_status_display(),
                "starts_on": p.starts_on,
                "ends_on": p.ends_on,
                "what_it_means": arrangement_sentence(protocol_terms(p)),
            }
            for p in protocols
        ],
        "contacts_outside_a_restriction": [
            {"contact": contact_ref.get(b.contact_id), "case": case_ref.get(b.case_id), "on": b.created_at.date()}
            for b in Breach.objects.filter(case__customer=customer).order_by("id")
        ],
        "markers": [
            {
                "type": m.get_type_display(),
                "since": m.since,
                "ended_on": m.ended_on,
                "review_due_on": m.review_due_on,
                "incident": m.incident,
                "note": m.note,
            }
            for m in customer.markers.order_by("id")
        ],
        "register": [
            {
                "registered_on": e.registered_on,
                "ended_on": e.ended_on,
                "state": e.state,
                "complaints": [complaint_ref.get(c) for c in e.complaints.values_list("pk", flat=True)],
            }
            for e in RegisterEntry.objects.filter(customer=customer).order_by("id")
        ],
        "letters": [
            {
                "reference": letter_ref[x.pk],
                "kind": profile.letter_label(x.kind),
                "status": x.get_status_display(),
                "issued_on": x.issued_on,
                "channel": x.channel,
                "subject": x.subject,
                "file": f"letters/{letter_ref[x.pk]}.pdf" if _issued(x) else None,
            }
            for x in letters
        ],
        "shared_with": _shared_with(customer, cases, case_ref, letters, letter_ref, profile),
        "record_of_access": [
            {"on": e.at.date(), "what": _access_words(e.action, step_label), "by": _staff(e.actor, profile)}
            for e in AuditEvent.objects.filter(customer_id=customer.pk).select_related("actor").order_by("id")
        ],
        "how_long_we_keep_it": _retention(customer, today),
    }
    return redactions.apply(pack) if redactions else pack


def _issued(letter: Letter) -> bool:
    return letter.status == Status.ISSUED and bool(letter.document_html)


def _access_words(action: str, step_label) -> str:
    """An audit action in words: a case step by the organisation's name for it."""
    if action.startswith("case_"):
        return step_label(action.removeprefix("case_"))
    return {"view": "looked at your record", "create": "recorded", "update": "changed your record"}.get(
        action, action.replace("_", " ")
    )


def _shared_with(customer, cases, case_ref, letters, letter_ref, profile) -> list[dict]:
    """Who outside the team handling the case was told about the customer, and when."""
    shared = []
    for letter in letters:
        for copy in letter.copies or []:
            shared.append({"with": copy, "on": letter.issued_on, "what": f"a copy of letter {letter_ref[letter.pk]}"})
        if letter.representative_id and letter.issued_on:
            shared.append(
                {
                    "with": f"your representative ({letter.representative.get_relationship_display().lower()})",
                    "on": letter.issued_on,
                    "what": f"letter {letter_ref[letter.pk]}",
                }
            )
    for case in cases:
        agency = case.support_agency or {}
        if agency.get("name"):
            shared.append(
                {
                    "with": agency["name"],
                    "on": agency.get("contacted_on"),
                    "what": f"support for case {case_ref[case.pk]}",
                }
            )
        if case.police_reference:
            shared.append({"with": "the police", "on": None, "what": f"case {case_ref[case.pk]}"})
    for enquiry in Enquiry.objects.filter(customer=customer).select_related("asked_by").order_by("id"):
        shared.append(
            {
                "with": f"{_staff(enquiry.asked_by, profile)} in another part of {profile.organisation['name']}",
                "on": enquiry.asked_at.date(),
                "what": f"whether you are on the register (answer: {enquiry.outcome.replace('_', ' ')})",
            }
        )
    return shared


def _retention(customer: Customer, today: date) -> dict:
    months = retention_months()
    last = last_activity(customer.pk)
    return {
        "months_after_last_activity": months,
        "last_activity_on": last,
        "anonymised_from": deadlines.add_months(last, months) if months and last else None,
        "explained": (
            f"We keep these records for {months} months after your last contact or the end of your last case, "
            "unless something is still in force (a restriction, a register entry, a marker); then names, "
            "addresses, identifiers and everything written are removed, and only figures are kept."
            if months
            else "These records are kept under the organisation's general retention schedule."
        ),
    }


def subject_access_zip(
    *, actor, customer: Customer, now: datetime, source: str = "", redactions: Redactions | None = None
) -> bytes:
    """The pack for ``customer`` as a zip: ``subject-access.pdf`` (readable), ``subject-access.json`` (machine
    readable) and ``letters/LET-n.pdf`` (each letter as issued). Producing it is audited."""
    redactions = redactions or Redactions()
    pack = subject_access_pack(customer, today=now.date(), redactions=redactions)
    html = render_to_string("register/subject_access_pack.html", {"pack": pack})
    files = {
        "subject-access.pdf": render_pdf(html),
        "subject-access.json": json.dumps(pack, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode(),
    }
    letters = Letter.objects.filter(customer=customer).order_by("id")
    for entry, letter in zip(pack["letters"], letters, strict=True):  # the pack lists every letter, in this order
        if entry["file"]:
            files[entry["file"]] = render_pdf(letter.document_html)  # as issued: the frozen document
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    record_event(
        actor=actor,
        action="subject_access_export",
        obj=customer,
        customer_id=customer.pk,
        changes={"files": len(files), "redactions": redactions.made, "letters": len(files) - 2},
        source=source,
    )
    return buffer.getvalue()

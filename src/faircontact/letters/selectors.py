"""Reads of letters: lists, the chronology entries of sent letters, the reading queue."""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone

from faircontact.core.profiles import active_profile
from faircontact.gate.models import ReadingItem, ReadingStatus

from .models import Kind, Letter, Status


def letters_for(*, customer_id=None, case_id=None):
    letters = (
        Letter.objects.select_related("customer", "case", "template", "representative", "supersedes")
        .prefetch_related("covers")
        .order_by("-created_at", "-id")
    )
    if customer_id:
        letters = letters.filter(customer_id=customer_id)
    if case_id:
        letters = letters.filter(case_id=case_id)
    return letters


def issued_letters(case):
    """The case's issued letters, newest first (the ``notify`` step names the one that told the customer)."""
    return Letter.objects.filter(case=case, status=Status.ISSUED).order_by("-id")


def letter_entries(customer, complaint_id=None, start=None, end=None) -> list[dict]:
    """Sent letters for the customer's chronology: what was sent, to whom, when and how (000 §8.3)."""
    letters = Letter.objects.filter(customer=customer, status=Status.ISSUED)
    if complaint_id:
        letters = letters.filter(case__complaints=complaint_id)
    if start:
        letters = letters.filter(issued_on__gte=start)
    if end:
        letters = letters.filter(issued_on__lte=end)
    tz, profile = timezone.get_current_timezone(), active_profile()
    return [
        {
            "at": datetime.combine(letter.issued_on, time(12, 0), tzinfo=tz),
            "kind": "letter",
            "title": f"{profile.letter_label(letter.kind)} letter sent to {letter.recipient_name} by {letter.channel}"
            + (f" (correction, version {letter.version})" if letter.version > 1 else ""),
            "detail": letter.subject,
            "object_id": str(letter.pk),
            "complaint": None,
            "case": str(letter.case_id) if letter.case_id else None,
        }
        for letter in letters.distinct()
    ]


def reading_queue(*, status: str | None = ReadingStatus.TO_READ, customer_id=None):
    items = ReadingItem.objects.select_related("contact", "contact__customer", "complaint", "read_by").order_by(
        "created_at", "id"
    )
    if status:
        items = items.filter(status=status)
    if customer_id:
        items = items.filter(contact__customer_id=customer_id)
    return items


#: the letter that tells the customer the outcome of a review (000 §8.2: "we will write to tell you whether they
#: continue or end") and of an appeal (000 §9.1)
OUTCOME_LETTERS = {"review": Kind.REVIEW_OUTCOME, "decide_appeal": Kind.APPEAL_OUTCOME}


def outcome_letter_owed(case, *, kinds) -> dict | None:
    """The outcome letter the case's latest review or appeal decision calls for, until one drafted after it is sent:
    ``{"kind", "label", "action", "draft"}`` (``label``: the organisation's name for it; ``draft``: the letter
    already begun, or None). ``kinds``: the kinds of letter the organisation sends (``services.template_kinds``);
    an organisation without that template is not prompted."""
    last = case.actions.filter(action__in=OUTCOME_LETTERS).order_by("-on", "-id").first()
    if last is None or OUTCOME_LETTERS[last.action] not in kinds:
        return None
    kind = OUTCOME_LETTERS[last.action]
    since = Letter.objects.filter(case=case, kind=kind, created_at__gte=last.created_at)
    if since.filter(status=Status.ISSUED).exists():
        return None
    label = active_profile().letter_label(kind)
    return {"kind": kind, "label": label, "action": last.action, "draft": since.order_by("-id").first()}

"""Writes for letters: templates (versioned), drafting, editing a draft, issuing, correcting; the reading queue.

Each function validates first and then writes in one transaction with an audit event. A sent letter is never
changed (409); a correction is a new draft linked to it. Issuing refuses (422) a letter that does not state
everything its kind requires, naming what is missing.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

from django.db import IntegrityError, transaction

from faircontact.cases.actions import Notify
from faircontact.cases.models import Case, Protocol, ProtocolStatus
from faircontact.cases.selectors import current_protocol
from faircontact.cases.services import case_act
from faircontact.cases.transitions import TRANSITIONS
from faircontact.core import clock, deadlines
from faircontact.core.audit import record_event
from faircontact.core.errors import Conflict, InvalidInput, NotFound
from faircontact.core.profiles import active_profile
from faircontact.gate.models import ReadingItem, ReadingStatus
from faircontact.records.models import WRITTEN_CHANNELS, Channel, Contact, Direction, PreferredFormat, Relationship

from .completeness import missing
from .context import letter_context
from .kinds import SPECS
from .models import Kind, Letter, LetterTemplate, Status
from .rendering import document_html, dropped_text, letters_dir, plain_text, sanitise, text_of
from .templating import render_template, validate_template
from .wording import LANGUAGE_NAMES, Wording

#: the longest copy list a letter takes (002 §4)
MAX_COPIES = 30

# --- templates -------------------------------------------------------------------------------------------


def template_kinds(profile) -> list[str]:
    """The kinds of letter this organisation sends: those with a template file or a saved version."""
    files = {p.stem for p in letters_dir(profile.slug).glob("*.html")} if letters_dir(profile.slug).exists() else set()
    saved = set(LetterTemplate.objects.filter(profile=profile.slug).values_list("kind", flat=True))
    return [k for k in Kind.values if k in files | saved]


def letter_template_current(*, profile, kind: str, language: str = "en") -> LetterTemplate:
    """The template in use for ``kind``. The policy file is version 1; a changed file becomes a new version
    unless an admin has edited the template since. A Welsh template (``letters/<slug>/cy/``) is versioned
    under ``<slug>/cy``."""
    key = profile.slug if language == "en" else f"{profile.slug}/{language}"
    latest = LetterTemplate.objects.filter(profile=key, kind=kind).order_by("-version").first()
    path = letters_dir(profile.slug) / ("" if language == "en" else language) / f"{kind}.html"
    if path.exists() and (latest is None or latest.source == "file"):
        body = path.read_text(encoding="utf-8")
        if latest is None or latest.body != body:
            try:
                validate_template(body)
            except InvalidInput as exc:  # a broken file in the policies folder: say which, and how to find them all
                problem = exc.message.removeprefix("The template cannot be saved: ")
                raise InvalidInput(
                    f"The organisation's letter template {path.name} is not valid ({problem.rstrip('.')}); "
                    "an administrator should run faircontact check.",
                    field="kind",
                ) from None
            try:
                with transaction.atomic():
                    latest = LetterTemplate.objects.create(
                        profile=key,
                        kind=kind,
                        body=body,
                        source="file",
                        version=(latest.version + 1) if latest else 1,
                    )
            except IntegrityError:  # another request recorded the same file version first
                latest = LetterTemplate.objects.filter(profile=key, kind=kind).order_by("-version").first()
    if latest is None:
        raise NotFound(
            f"{profile.name} has no template for {profile.letter_label(kind).lower()} letters.", field="kind"
        )
    return latest


def has_template_in(profile, kind: str, language: str) -> bool:
    """Whether the profile ships (or an admin saved) a template for ``kind`` in ``language``."""
    if language == "en":
        return True
    return (letters_dir(profile.slug) / language / f"{kind}.html").exists() or LetterTemplate.objects.filter(
        profile=f"{profile.slug}/{language}", kind=kind
    ).exists()


def letter_template_save(*, actor, kind: str, body: str, note: str = "") -> LetterTemplate:
    """A new version of the template for ``kind``; refused (422) if it names an unknown variable."""
    if kind not in Kind.values:
        raise InvalidInput(f"Kind must be one of {', '.join(Kind.values)}.", field="kind")
    profile = active_profile()
    validate_template(body)
    with transaction.atomic():
        current = (
            LetterTemplate.objects.select_for_update()
            .filter(profile=profile.slug, kind=kind)
            .order_by("-version")
            .first()
        )
        template = LetterTemplate.objects.create(
            profile=profile.slug,
            kind=kind,
            body=body,
            source="admin",
            note=note[:300],
            created_by=actor,
            version=(current.version + 1) if current else 1,
        )
        record_event(
            actor=actor,
            action="letter_template_save",
            obj=template,
            changes={"kind": kind, "version": template.version},
        )
    return template


# --- drafting ------------------------------------------------------------------------------------------------


def _elected_words(kinds) -> str:
    names = [Relationship(k).label for k in kinds]
    return " or ".join(names)


def _recipient(spec, customer, addressed_to, profile):
    """Who the letter goes to: the customer, or their representative where one acts for them. A reply to an
    elected representative (003 §32) goes to one of the kinds the profile lists (``[representatives] elected``)."""
    reps = list(customer.representatives.all())
    elected = profile.elected_representatives
    if addressed_to not in (None, "", "auto", "customer"):
        rep = next((r for r in reps if str(r.pk) == str(addressed_to)), None)
        if rep is None:
            raise InvalidInput(
                "addressed_to must be 'customer' or one of this customer's representatives.", field="addressed_to"
            )
        if spec.recipient == "mp" and rep.relationship not in elected:
            raise InvalidInput(
                f"A reply to an elected representative goes to the customer's {_elected_words(elected)}.",
                field="addressed_to",
            )
        if spec.recipient == "customer" and not rep.may_act:
            raise InvalidInput(
                "That representative is not recorded as acting for the customer; send them a copy instead.",
                field="addressed_to",
            )
        return rep
    if spec.recipient == "mp":
        rep = next((r for r in reps if r.relationship in elected), None)
        if rep is None:
            raise InvalidInput(
                f"Record the customer's {_elected_words(elected)} as their representative first.", field="addressed_to"
            )
        return rep
    if spec.recipient == "involved":
        raise InvalidInput("Choose the representative the copy goes to.", field="addressed_to")
    if addressed_to == "customer":
        return None
    return next((r for r in reps if r.may_act), None)


def _covers(customer, covers: list[Contact]) -> list[Contact]:
    for contact in covers:
        if contact.customer_id != customer.pk:
            raise InvalidInput("Acknowledge only this customer's contacts.", field="covers")
        if contact.direction != Direction.INBOUND or contact.channel not in WRITTEN_CHANNELS:
            raise InvalidInput(
                f"Contact {contact.pk} is not a letter, e-mail or portal message from the customer.", field="covers"
            )
    return sorted(covers, key=lambda c: c.occurred_at)


def _acknowledgeable(covers: list[Contact], profile) -> None:
    """An acknowledgement-only letter covers only same-matter correspondence from the customer: not the letter of
    an elected representative the profile lists (003 §32: reply to them, enclosing the final response and the
    escalation route), not a new complaint (§33) and not a subject access or FOI request (§34)."""
    reading = dict(ReadingItem.objects.filter(contact__in=covers).values_list("contact_id", "status"))
    for contact in covers:
        rep = contact.from_representative
        if rep is not None and rep.relationship in profile.elected_representatives:
            why = (
                f"is from {rep.get_relationship_display()}, who gets a reply with the final response and the "
                f"escalation route{profile.cite('representative_reply')}"
            )
        elif contact.request_type:
            kind = contact.get_request_type_display().lower()
            why = f"is a {kind}, progressed as usual{profile.cite('information_requests')}"
        elif (
            reading.get(contact.pk) == ReadingStatus.NEW_COMPLAINT
            or (contact.guidance or {}).get("handling") == "new_complaint"
        ):
            why = f"raises a new complaint, handled in full as usual{profile.cite('new_issue')}"
        else:
            continue
        raise InvalidInput(f"An acknowledgement cannot cover contact {contact.pk}: it {why}.", field="covers")


def letter_draft(
    *,
    actor,
    kind: str,
    customer=None,
    case: Case | None = None,
    addressed_to=None,
    covers: list[Contact] = (),
    format: str | None = None,
    encloses: Letter | None = None,
    enclosures: list[str] = (),
    copies: list[str] | None = None,
    today: date,
) -> Letter:
    """Draft a letter from the organisation's template for ``kind`` with the facts of the case. ``copies``: who
    is sent a copy; by default, for the kinds the profile copies to those involved, the customer's other
    representatives (002 §4)."""
    if kind not in Kind.values:
        raise InvalidInput(f"Kind must be one of {', '.join(Kind.values)}.", field="kind")
    spec = SPECS[kind]
    profile = active_profile()
    if case is not None and customer is not None and case.customer_id != customer.pk:
        raise InvalidInput("The case is about another customer.", field="case")
    customer = customer or (case.customer if case else None) or (encloses.customer if encloses else None)
    if customer is None:
        raise InvalidInput("Give the customer or the case.", field="customer")
    if spec.needs_case and case is None:
        label = profile.letter_label(kind).lower()
        article = "An" if label[:1] in "aeiou" else "A"  # "An initial warning letter", "An appeal outcome letter"
        raise InvalidInput(f"{article} {label} letter is about a case: give the case.", field="case")
    if kind == Kind.ACKNOWLEDGEMENT and not covers:
        raise InvalidInput("Give the contacts the acknowledgement covers.", field="covers")
    if kind == Kind.COPY_TO:
        if encloses is None or encloses.customer_id != customer.pk:
            raise InvalidInput("Give the letter to this customer that is copied.", field="encloses")
        case = case or encloses.case
    if format not in (None, "", *PreferredFormat.values):
        raise InvalidInput(f"Format must be one of {', '.join(PreferredFormat.values)}.", field="format")
    representative = _recipient(spec, customer, addressed_to, profile)
    covers = _covers(customer, list(covers))
    if kind == Kind.ACKNOWLEDGEMENT:
        _acknowledgeable(covers, profile)
    language = customer.language if has_template_in(profile, kind, customer.language) else "en"
    template = letter_template_current(profile=profile, kind=kind, language=language)
    facts = letter_context(
        kind=kind,
        profile=profile,
        customer=customer,
        case=case,
        representative=representative,
        covers=covers,
        encloses=encloses,
        actor=actor,
        today=today,
        language=language,
    )
    facts["language"] = language
    if language != customer.language:  # a letter says when it is not in the customer's language
        label = profile.letter_label(kind).lower()
        facts["language_note"] = (
            f"{profile.name} has no {LANGUAGE_NAMES[customer.language]} template for {label} letters: "
            "drafted in English."
        )
    text = sanitise(render_template(template.body, facts))
    if copies is not None:
        copies = _copies(copies)
    elif profile.copied_to_involved(kind):  # 002 §4: copied to the others already involved
        copies = [r.name for r in customer.representatives.all() if r != representative]
    else:
        copies = []
    if kind == Kind.MP_REPLY and not enclosures:
        enclosures = [f"A copy of our full and final response of {d}" for d in facts["final_response_dates"]]
    if kind == Kind.COPY_TO:
        enclosures = [
            f"A copy of our letter of {facts['copied_letter_date'] or '(not yet sent)'} to {encloses.recipient_name}"
        ]
    target = representative or customer
    with transaction.atomic():
        letter = Letter.objects.create(
            customer=customer,
            case=case,
            kind=kind,
            template=template,
            representative=representative,
            recipient_name=target.name,
            recipient_address=target.address,
            recipient_email=target.email,
            format=format or customer.preferred_format,
            subject=_subject(text, kind),
            text=text,
            facts=facts,
            attachments=["policy"] if spec.attach_policy else [],
            enclosures=list(enclosures),
            copies=copies,
            encloses=encloses,
            created_by=actor,
        )
        letter.covers.set(covers)
        record_event(
            actor=actor,
            action="create",
            obj=letter,
            customer_id=customer.pk,
            changes={
                "kind": kind,
                "case": case.pk if case else None,
                "template_version": template.version,
                "covers": [c.pk for c in covers],
                "representative": representative.pk if representative else None,
            },
        )
    return letter


def _subject(text: str, kind: str) -> str:
    """The template's first heading is the letter's subject line."""
    profile = active_profile()
    start = text.find("<h1>")
    end = text.find("</h1>", start)
    if start >= 0 and end > start:
        return text_of(text[start + 4 : end])[:300] or profile.letter_label(kind)
    return profile.letter_label(kind)


def _refuse_if_issued(letter: Letter) -> None:
    if letter.status == Status.ISSUED:
        raise Conflict(
            "This letter has been sent and cannot be changed; make a correction, which is a new version linked to it.",
            code="letter_issued",
        )


def _copies(names) -> list[str]:
    """The copy list as given: each a name (and, if wished, a role), at most 200 characters; at most 30."""
    if len(names) > MAX_COPIES:
        raise InvalidInput(f"A letter can be copied to at most {MAX_COPIES} people.", field="copies")
    result = []
    for name in names:
        name = str(name).strip()
        if not name:
            raise InvalidInput("Each copy names who it goes to.", field="copies")
        if len(name) > 200:
            raise InvalidInput("Each name on the copy list is at most 200 characters.", field="copies")
        result.append(name)
    return list(dict.fromkeys(result))


def letter_update(
    *,
    actor,
    letter: Letter,
    text: str | None = None,
    format: str | None = None,
    enclosures: list[str] | None = None,
    copies: list[str] | None = None,
) -> Letter:
    """Edit a draft: its text, format, enclosures or copy list (002 §4). A sent letter is refused (409)."""
    if format not in (None, *PreferredFormat.values):
        raise InvalidInput(f"Format must be one of {', '.join(PreferredFormat.values)}.", field="format")
    copies = None if copies is None else _copies(copies)
    removed = dropped_text(text or "")
    if removed:  # the sanitiser never drops words silently (issue 17 §6)
        raise InvalidInput(
            f"The text cannot be saved: {', '.join(removed)} would be removed with the words in it. Write those words "
            "as text, or take them out.",
            field="text",
        )
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        _refuse_if_issued(letter)
        changed = []
        if text is not None:
            letter.text = sanitise(text)
            letter.subject = _subject(letter.text, letter.kind)
            changed += ["text", "subject"]
        if format is not None:
            letter.format = format
            changed.append("format")
        if enclosures is not None:
            letter.enclosures = [str(e).strip()[:300] for e in enclosures if str(e).strip()]
            changed.append("enclosures")
        if copies is not None:
            letter.copies = copies
            changed.append("copies")
        if changed:
            letter.save(update_fields=[*changed, "updated_at"])
            record_event(
                actor=actor, action="update", obj=letter, customer_id=letter.customer_id, changes={"fields": changed}
            )
    return letter


# --- issuing -------------------------------------------------------------------------------------------------


def _restate(text: str, element: str, old: str, new: str) -> str | None:
    """``text`` with ``old`` replaced by ``new`` inside its ``data-element`` section; None if it is not there."""
    pattern = re.compile(rf'(<div data-element="{element}">)(.*?)(</div>)', re.S)
    match = pattern.search(text)
    if match is None or old not in match.group(2):
        return None
    return text[: match.start(2)] + match.group(2).replace(old, new) + text[match.end(2) :]


def _count_from_the_letter_date(letter: Letter, *, profile, on: date) -> None:
    """A decision letter's review date and last day to appeal count from the day it is sent, when the customer is
    told (000 §8.2; ``[appeal] lodge_within_working_days``), not from the day it was drafted. Both are restated
    in their sections of the text; a letter whose text no longer shows them must be drafted again."""
    facts = dict(letter.facts)
    day = Wording(facts.get("language", "en")).day
    protocol = Protocol.objects.filter(pk=facts.get("protocol")).first()
    restated = {}
    if protocol is not None and protocol.review_due_on is None and facts.get("review_due_on"):
        review = deadlines.review_due_on(profile, max(protocol.starts_on, on), protocol.ends_on)
        restated["review"] = ("review_due_on", day(review))
        facts["review_due_on_iso"] = review.isoformat()
    if facts.get("appeal_lodge_by"):
        restated["appeal"] = ("appeal_lodge_by", day(deadlines.appeal_lodge_by(profile, on)))
    text = letter.text
    for element, (key, new) in restated.items():
        old = facts[key]
        if old == new:
            continue
        text = _restate(text, element, old, new)
        if text is None:
            raise InvalidInput(
                f"The letter states {old} ({key.replace('_', ' ')}), counted from the day it was drafted; sent on "
                f"{day(on)} it is {new}. Draft the letter again.",
                field="on",
            )
        facts[key] = new
    letter.text, letter.facts = text, facts  # saved with the issue, never before


def _next_review_from_the_letter_date(letter: Letter, *, profile, on: date) -> date | None:
    """Under ``[review] next_from = "told"``, the next review stated by a review outcome letter counts from the
    day it is sent; restated in the text's review section (None when the review ended the arrangements)."""
    case = letter.case
    day = Wording(letter.facts.get("language", "en")).day
    protocol = current_protocol(case, include_draft=False) if case else None
    old = letter.facts.get("next_review_due_on")
    if protocol is None or not old or case.review_due_on is None:
        return None
    due = deadlines.review_due_on(profile, on, protocol.ends_on)
    if day(due) != old:
        text = _restate(letter.text, "review", old, day(due))
        if text is None:
            raise InvalidInput(
                f"The letter states the next review as {old}; counted from the day it is sent ({day(on)}) it is "
                f"{day(due)}. Draft the letter again.",
                field="on",
            )
        letter.text, letter.facts = text, dict(letter.facts, next_review_due_on=day(due))
    return due


def letter_issue(*, actor, letter: Letter, on: date | None, channel: str, today: date) -> Letter:
    """Send a letter: completeness checked, frozen with its date and channel, the case told (000 §8.1, 003 §25).

    A decision letter records through ``case_act(notify)`` that the customer was told, which starts the
    protocol; the review date stated in the letter becomes the protocol's. An acknowledgement marks the
    letters it covers acknowledged (003 §30-31).
    """
    on = on or today
    if on > today:
        raise InvalidInput("A letter cannot be sent on a future date.", field="on")
    clock.check_not_before_floor(on, field="on")
    if channel not in Channel.values:
        raise InvalidInput(f"Channel must be one of {', '.join(Channel.values)}.", field="channel")
    profile = active_profile()
    _refuse_if_issued(letter)
    if profile.may_send_letters(letter.kind, actor.roles) is False:
        who = " or ".join(profile.role_label(r) for r in profile.letter_senders(letter.kind))
        what = profile.letter_label(letter.kind).lower()
        raise Conflict(f"Only a {who} may send {what} letters.", code="not_allowed")
    problems = missing(letter, profile=profile, channel=channel)
    if problems:
        raise InvalidInput(
            "This letter cannot be issued: it does not state " + "; ".join(problems) + ".",
            code="incomplete",
            field="text",
        )
    next_review = None
    if letter.kind == Kind.DECISION:
        _count_from_the_letter_date(letter, profile=profile, on=on)
    elif letter.kind == Kind.REVIEW_OUTCOME and profile.review["next_from"] == "told":
        next_review = _next_review_from_the_letter_date(letter, profile=profile, on=on)
    stated_review = letter.facts.get("review_due_on_iso")
    if letter.kind == Kind.DECISION and stated_review and date.fromisoformat(stated_review) <= on:
        raise InvalidInput(
            f"The review date in the letter ({letter.facts['review_due_on']}) is not after the date "
            "it is sent; draft the letter again.",
            field="on",
        )
    letter.issued_on, letter.channel = on, channel
    html = document_html(letter, profile=profile, on=on, draft=False)
    with transaction.atomic():
        locked = Letter.objects.select_for_update().get(pk=letter.pk)
        _refuse_if_issued(locked)
        case = letter.case
        if case is not None and SPECS[letter.kind].notifies:
            case = Case.objects.get(pk=case.pk)
            if case.state in TRANSITIONS["notify"].from_states:
                if letter.kind == Kind.DECISION and stated_review:
                    case.protocols.filter(
                        pk=letter.facts.get("protocol"), status=ProtocolStatus.DRAFT, review_due_on__isnull=True
                    ).update(review_due_on=date.fromisoformat(stated_review))
                case_act(
                    actor=actor,
                    case=case,
                    today=today,
                    data=Notify(channel=channel, letter=str(letter.pk), on=on),
                    letter_kind=letter.kind,
                )
        if next_review is not None:  # 000 §8.2, §10.2: the next review counts from the day the customer is told
            case = Case.objects.select_for_update().get(pk=letter.case_id)
            case.protocols.filter(status=ProtocolStatus.IN_FORCE).update(review_due_on=next_review)
            case.review_due_on = next_review
            case.save(update_fields=["review_due_on"])
        if letter.kind == Kind.ACKNOWLEDGEMENT:
            ReadingItem.objects.filter(contact__in=letter.covers.all()).exclude(
                status=ReadingStatus.NEW_COMPLAINT
            ).update(status=ReadingStatus.ACKNOWLEDGED)
        letter.status, letter.issued_by = Status.ISSUED, actor
        letter.document_html = html
        letter.document_sha256 = hashlib.sha256(html.encode()).hexdigest()
        letter.plain_text = plain_text(html)
        letter.save()
        record_event(
            actor=actor,
            action="letter_issue",
            obj=letter,
            customer_id=letter.customer_id,
            changes={
                "kind": letter.kind,
                "on": on,
                "channel": channel,
                "sha256": letter.document_sha256,
                "case": letter.case_id,
            },
        )
    return letter


def letter_correct(*, actor, letter: Letter) -> Letter:
    """A correction of a sent letter: a new draft, one version on, linked to the letter it corrects."""
    with transaction.atomic():
        old = Letter.objects.select_for_update().get(pk=letter.pk)
        if old.status != Status.ISSUED:
            raise Conflict("This letter has not been sent; edit the draft instead.", code="letter_not_issued")
        if Letter.objects.filter(supersedes=old).exists():
            raise Conflict("This letter already has a correction; correct the newest version.", code="corrected")
        new = Letter.objects.create(
            customer=old.customer,
            case=old.case,
            kind=old.kind,
            template=old.template,
            version=old.version + 1,
            supersedes=old,
            representative=old.representative,
            recipient_name=old.recipient_name,
            recipient_address=old.recipient_address,
            recipient_email=old.recipient_email,
            format=old.format,
            subject=old.subject,
            text=old.text,
            facts=old.facts,
            attachments=old.attachments,
            enclosures=old.enclosures,
            copies=old.copies,
            encloses=old.encloses,
            created_by=actor,
        )
        new.covers.set(old.covers.all())
        record_event(
            actor=actor,
            action="letter_correct",
            obj=new,
            customer_id=new.customer_id,
            changes={"supersedes": old.pk, "version": new.version},
        )
    return new


# --- the reading queue (003 §30-33) ------------------------------------------------------------------------


def reading_mark(*, actor, item: ReadingItem, status: str, note: str = "", today: date) -> ReadingItem:
    """Record that a written contact was read: it raises no new issue (to acknowledge), or, filed without reply,
    nothing new (placed on file, 000 §6.3), or a new complaint."""
    if status not in (ReadingStatus.NO_NEW_ISSUE, ReadingStatus.NEW_COMPLAINT, ReadingStatus.FILED):
        raise InvalidInput("Status must be no_new_issue, filed or new_complaint.", field="status")
    with transaction.atomic():
        item = ReadingItem.objects.select_for_update().get(pk=item.pk)
        if item.file_only and status == ReadingStatus.NO_NEW_ISSUE:
            raise InvalidInput(
                "This correspondence is placed on file without acknowledgement: mark it filed, or new_complaint if "
                "it shows new evidence, worsening conditions or a linked issue.",
                field="status",
            )
        if not item.file_only and status == ReadingStatus.FILED:
            raise InvalidInput(
                "This correspondence is acknowledged once read: mark it no_new_issue or new_complaint.", field="status"
            )
        if item.status == ReadingStatus.ACKNOWLEDGED:
            raise Conflict("This contact has already been acknowledged.", code="acknowledged")
        item.status, item.read_by, item.read_on, item.note = status, actor, today, note[:500]
        item.save(update_fields=["status", "read_by", "read_on", "note"])
        record_event(
            actor=actor,
            action="reading_mark",
            obj=item,
            customer_id=item.contact.customer_id,
            changes={"status": status, "contact": item.contact_id},
        )
    return item

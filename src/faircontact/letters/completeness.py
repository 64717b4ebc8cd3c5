"""Completeness checks: what a letter must state before it can be issued (see ``kinds``).

:func:`missing` returns, in words, everything the letter lacks; an empty list means it may be issued.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from faircontact.gate.models import ReadingItem, ReadingStatus

from .kinds import SPECS, elements_for
from .models import Kind, Status
from .rendering import policy_appendix, sanitise


class _Sections(HTMLParser):
    """The text inside each ``data-element`` marker (nested markers each get the text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str | None] = []
        self.sections: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            return
        name = dict(attrs).get("data-element")
        self.stack.append(name)
        if name:
            self.sections.setdefault(name, [])

    def handle_endtag(self, tag):
        if tag != "br" and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        for name in self.stack:
            if name:
                self.sections[name].append(data)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def sections(html: str) -> dict[str, str]:
    parser = _Sections()
    parser.feed(sanitise(html))
    parser.close()
    return {name: _norm(" ".join(parts)) for name, parts in parser.sections.items()}


def missing(letter, *, profile, channel: str | None = None) -> list[str]:
    """What ``letter`` does not state or lack; ``channel`` adds the address the channel needs."""
    facts = letter.facts or {}
    found = sections(letter.text)
    problems = []
    for element in elements_for(letter.kind, facts):
        text = found.get(element.name, "")
        if not text:
            problems.append(element.description)
            continue
        if element.value is None:
            continue
        value = facts.get(element.value)
        values = [v for v in (value if isinstance(value, list) else [value]) if v]
        if not values:
            problems.append(f"{element.description} (nothing is recorded)")
            continue
        if isinstance(value, list) and len(values) < len(value):
            problems.append(f"{element.description} (nothing is recorded for {len(value) - len(values)} of them)")
            continue
        absent = [str(v) for v in values if _norm(str(v)) not in text]
        if absent:
            problems.append(f"{element.description} ({'; '.join(absent)})")
    spec = SPECS[letter.kind]
    if spec.attach_policy and not ("policy" in (letter.attachments or []) and policy_appendix(profile.slug)):
        problems.append(f"a copy of the policy ({profile.organisation['policy_title']}) as an appendix")
    if letter.kind == Kind.MP_REPLY and not letter.enclosures:
        problems.append("a copy of the final response, enclosed")
    if letter.kind == Kind.COPY_TO and (letter.encloses is None or letter.encloses.status != Status.ISSUED):
        problems.append("a copy of a letter already sent")
    if letter.kind == Kind.ACKNOWLEDGEMENT:
        problems += _acknowledgement_problems(letter, profile)
    if channel == "letter" and not letter.recipient_address.strip():
        problems.append("the recipient's postal address")
    if channel == "email" and not letter.recipient_email:
        problems.append("the recipient's e-mail address")
    return problems


def _acknowledgement_problems(letter, profile=None) -> list[str]:
    """003 §31: an acknowledgement confirms each letter was read and raises no new complaint."""
    covers = list(letter.covers.all()) if letter.pk else []
    if not covers:
        return ["which letters it acknowledges"]
    problems = []
    statuses = dict(ReadingItem.objects.filter(contact__in=covers).values_list("contact_id", "status"))
    for contact in covers:
        status = statuses.get(contact.pk)
        if status == ReadingStatus.TO_READ:
            problems.append(f"that contact {contact.pk} was read and raises no new issue (mark it read first)")
        elif status == ReadingStatus.FILED:
            problems.append(f"an acknowledgement of contact {contact.pk}: it is placed on file without reply")
        elif status == ReadingStatus.NEW_COMPLAINT:
            problems.append(
                f"an answer to contact {contact.pk}: it raises a new issue, to be handled as a new complaint"
                + (profile.cite("new_issue") if profile else "")
            )
    return problems

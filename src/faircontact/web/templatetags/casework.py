"""Template tags for the case pages and the service navigation."""

import re

from django import template

from faircontact.core.models import Notification
from faircontact.core.profiles import active_profile

register = template.Library()


@register.simple_tag
def unread_notifications(user) -> int:
    """How many of ``user``'s notifications are unread (shown in the service navigation)."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count() if user.is_authenticated else 0


@register.filter
def overdue_days(working_days_left: int) -> str:
    """A negative count of working days left, in words: "3 working days overdue"."""
    late = abs(int(working_days_left))
    return f"{late} working day{'s' if late != 1 else ''} overdue"


@register.simple_tag
def role_names(user, profile) -> str:
    """The person's roles in the organisation's own words ("Customer Resolution Officer and Auditor")."""
    names = [profile.role_label(role) for role in user.roles]
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


@register.filter
def identifier_label(key: str) -> str:
    """A customer identifier's key in words: "nino" is the National Insurance number, "tenancy_ref" "Tenancy ref"."""
    return "National Insurance number" if key == "nino" else key.replace("_", " ").strip().capitalize()


@register.filter
def role_label(role: str, profile) -> str:
    """A generic role in the organisation's own words (``[role_labels]`` of the profile)."""
    return profile.role_label(role) if profile else role.replace("_", " ")


@register.filter
def letter_kind(kind: str, profile) -> str:
    """A kind of letter in the organisation's words (``[labels.letters]`` of the profile)."""
    return profile.letter_label(str(kind))


CLAUSE = re.compile(r"\s*\((?:\d{3}(?:[ ,;§.\d\-–A-Za-z]*)?)\)")


@register.filter
def without_clause(text: str) -> str:
    """Text for staff without the policy clause codes kept for the record and the API: "(003 §30-31)", or a
    clause that starts with the active profile's policy reference ("(SPSO UAP: Managing unacceptable actions)")."""
    reference = re.escape(active_profile().organisation["policy_reference"])
    return re.sub(rf"\s*\({reference}\b[^()]*\)", "", CLAUSE.sub("", str(text)))


@register.filter
def code_words(value) -> str:
    """A stored code as words for staff: ``not_unacceptable`` → "Not unacceptable"."""
    return str(value).replace("_", " ").capitalize()


@register.filter
def with_article(noun: str) -> str:
    """ "an initial warning", "a formal warning": the indefinite article a letter kind needs."""
    noun = str(noun)
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"

"""How much text a field may hold and which characters it may not: one rule for every input path (issue 14 §3, §6).

The middleware (``core.middleware.InputBoundaryMiddleware``) applies it to URLs, headers, forms and JSON bodies; the
CSV importer to each row.
"""

from __future__ import annotations

import re

from django.conf import settings

#: C0 control characters other than tab, line feed and carriage return, and lone UTF-16 surrogates: no field of a
#: record may hold them (PostgreSQL cannot store NUL or a surrogate; the others are never typed, only injected)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def field_limit(name: str) -> int:
    """The most characters one text field may hold: a contact's body or a letter's text is a long letter with pasted
    text (``FAIRCONTACT_MAX_BODY_CHARS``); every other field, reasons and grounds included, is shorter."""
    last = name.rsplit(".", 1)[-1]
    if last in LONG_FIELDS:
        return settings.FAIRCONTACT_MAX_BODY_CHARS
    return settings.FAIRCONTACT_MAX_FIELD_CHARS


#: how much of a text the text analysis reads (the possible-abuse check, the same-issue match): the opening of a
#: long letter says what it is about and how it is said; reading 200 KB would hold a worker for seconds
ANALYSED_CHARS = 20_000

#: the fields that hold whole correspondence: a contact's ``body``, a letter's or a template's ``text``
LONG_FIELDS = frozenset({"body", "text"})


def problem_in(value, path: str = "") -> tuple[str, str] | None:
    """``(dotted path, "control" | "too_long")`` for the first key or string of a JSON document that holds a
    ``CONTROL`` character or is longer than its field's limit."""
    if isinstance(value, str):
        if CONTROL.search(value):
            return path, "control"
        return (path, "too_long") if len(value) > field_limit(path) else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        here = f"{path}.{key}" if path else str(key)
        if isinstance(key, str) and CONTROL.search(key):
            return here, "control"
        found = problem_in(item, here)
        if found is not None:
            return found
    return None

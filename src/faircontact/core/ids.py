"""Ids as the API spells them: opaque strings that hold a database key. One parser for all of them."""

from __future__ import annotations

MAX_KEY = 2**63 - 1


def parse_id(value) -> int | None:
    """The key in ``value`` (ASCII digits within the database's range), or None for anything else."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    digits = text.lstrip("0")
    if len(digits) > len(str(MAX_KEY)):  # out of range, and int() refuses over 4,300 digits (a 500, not a 404)
        return None
    key = int(digits or "0")
    return key if 0 < key <= MAX_KEY else None


def object_or_none(queryset, value):
    """The object of ``queryset`` (a model or queryset) with the id in ``value``, or None."""
    key = parse_id(value)
    if key is None:
        return None
    manager = getattr(queryset, "objects", queryset)
    return manager.filter(pk=key).first()

"""Counts in words staff read: "1 contact", "2 contacts" — never "contact(s)" (issue 17, words)."""

from __future__ import annotations


def plural(n: int, one: str, many: str | None = None) -> str:
    """``n`` with the noun in the singular or the plural (``many``, else ``one`` + "s"), thousands separated."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"

"""File names for downloads: one helper for every ``Content-Disposition`` header the product sends.

A name built from a record's text (a customer reference) could hold quotes, semicolons, CR or LF; in a header
that is either a 500 (Django refuses the newline) or an injected header parameter. Names are therefore made of
letters, digits, ``.``, ``-`` and ``_`` only; anything else becomes ``-`` (issue 14 §2).
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str, *, default: str = "download") -> str:
    """``name`` with every run of other characters replaced by ``-``; no leading dot; the stem cut to 80
    characters, the extension (up to 5 letters or digits) kept."""
    stem, dot, ext = str(name).rpartition(".")
    if not (dot and stem and re.fullmatch(r"[A-Za-z0-9]{1,5}", ext)):
        stem, ext = str(name), ""
    stem = _UNSAFE.sub("-", stem).strip("-.")[:80].strip("-.") or default
    return f"{stem}.{ext}" if ext else stem


def content_disposition(name: str, *, inline: bool = False) -> str:
    """The header value for a download called ``name`` (made safe)."""
    return f'{"inline" if inline else "attachment"}; filename="{safe_filename(name)}"'

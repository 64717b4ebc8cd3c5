"""The one CSV writer: every CSV the product produces (markers, reports, and any later export) is written here.

A cell that a spreadsheet would run as a formula — text starting with ``=``, ``+``, ``-``, ``@``, a tab, a carriage
return or a line feed, or their full-width forms — is prefixed with an apostrophe, so text a member of staff or a
customer typed is shown, never run (OWASP "CSV injection"; issue 14 §5). Numbers and dates are written as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse

from .downloads import content_disposition

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def cell(value) -> str:
    """``value`` as CSV text: ``None`` is empty, text that could start a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_START) else value
    return str(value)


def csv_text(rows: Iterable[Iterable], header: Iterable[str] | None = None) -> str:
    """The rows (and an optional header row) as CSV text with CRLF line ends, every cell through :func:`cell`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header is not None:
        writer.writerow([cell(h) for h in header])
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return out.getvalue()


def csv_response(content: str, filename: str) -> HttpResponse:
    """A CSV download (``content`` from :func:`csv_text`) with a safe file name."""
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition(filename)
    return response

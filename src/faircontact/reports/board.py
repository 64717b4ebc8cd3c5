"""The board report as one HTML document (the page, and the PDF's source, whether built in the request or by a task
worker for the member of staff who asked): equality figures only for a role with ``reports.equality``."""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string

from faircontact.core.permissions import allowed
from faircontact.core.profiles import active_profile

from . import panels, selectors


def board_html(user, p: selectors.Period, *, today: date) -> str:
    profile = active_profile()
    s = selectors.summary(p, profile=profile)
    e = selectors.equality(as_of=p.end) if allowed(user.roles, "reports.equality") else None
    return render_to_string(
        "reports/board.html",
        {
            "summary": s,
            "equality": e,
            "profile": profile,
            "organisation_name": profile.name,
            "start": panels.long_date(p.start),
            "end": panels.long_date(p.end),
            "today": panels.long_date(today),
            "points": panels.plain_english(s, e, profile=profile),
            "panels": panels.summary_panels(s, profile=profile),
            "equality_panels": panels.equality_panels(e) if e else [],
        },
    )

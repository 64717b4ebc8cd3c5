"""Today and now, honouring the test clock ``FAIRCONTACT_TODAY`` (refused by production settings).

Domain code never calls ``date.today()``: views and commands call :func:`today`/:func:`now` once and pass
the value in, so tests, the sweep and training environments can set it.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.utils import timezone


def today() -> date:
    if settings.FAIRCONTACT_TODAY:
        return date.fromisoformat(settings.FAIRCONTACT_TODAY)
    return timezone.localdate()


def now() -> datetime:
    current = timezone.localtime()
    if settings.FAIRCONTACT_TODAY:
        day = date.fromisoformat(settings.FAIRCONTACT_TODAY)
        return current.replace(year=day.year, month=day.month, day=day.day)
    return current

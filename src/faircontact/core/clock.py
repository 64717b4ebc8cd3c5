"""Today and now, honouring the test clock ``FAIRCONTACT_TODAY`` (refused by production settings).

Domain code never calls ``date.today()``: views and commands call :func:`today`/:func:`now` once and pass
the value in, so tests, the sweep and training environments can set it.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time, timedelta
from time import monotonic

from django.conf import settings
from django.utils import timezone

from faircontact.core.errors import InvalidInput

#: when this process started, for the test clock's time of day (:func:`now`)
_STARTED = monotonic()


def today() -> date:
    if settings.FAIRCONTACT_TODAY:
        return date.fromisoformat(settings.FAIRCONTACT_TODAY)
    return timezone.localdate()


def now() -> datetime:
    """Now, in the organisation's time zone. Under the test clock, ``FAIRCONTACT_TODAY`` at the real time of day, or
    at ``FAIRCONTACT_TIME_OF_DAY`` when this process started plus the time since (it still passes)."""
    current = timezone.localtime()
    if settings.FAIRCONTACT_TODAY:
        day = date.fromisoformat(settings.FAIRCONTACT_TODAY)
        if settings.FAIRCONTACT_TIME_OF_DAY:
            start = datetime.combine(day, time.fromisoformat(settings.FAIRCONTACT_TIME_OF_DAY), tzinfo=current.tzinfo)
            return start + timedelta(seconds=monotonic() - _STARTED)
        return current.replace(year=day.year, month=day.month, day=day.day)
    return current


def floor() -> date:
    """The earliest date the organisation's records may hold (``FAIRCONTACT_DATE_FLOOR``, default 2000-01-01)."""
    return _day(settings.FAIRCONTACT_DATE_FLOOR)


@functools.lru_cache(maxsize=8)
def _day(text: str) -> date:
    """``text`` read as a date, once per value: :func:`floor` is asked for every row of an import."""
    return date.fromisoformat(text)


def check_not_before_floor(value: date | datetime | None, *, field: str) -> None:
    """Refuse, naming ``field``, a date or time before :func:`floor` (a mistyped year such as 1900 or 0202):
    every parser of a date that comes in calls this, as it checks the date is not in the future (issue 14 §9)."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime) else value
    if day < floor():
        raise InvalidInput(f"The date cannot be before {floor():%-d %B %Y}; check the year.", field=field)


def aware(value: datetime, *, field: str) -> datetime:
    """``value`` in the organisation's time zone (Europe/London) when it has no offset.

    A wall-clock time that does not exist there — the hour lost when the clocks go forward, such as 01:30 on
    29 March 2026 — is refused naming ``field``, rather than silently moved by an hour. A time that happens twice
    (when the clocks go back) is the first of the two, as staff reading a clock would mean.
    """
    if not timezone.is_naive(value):
        return value
    zone = timezone.get_current_timezone()
    result = value.replace(tzinfo=zone, fold=0)
    if result.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != value:
        raise InvalidInput(
            f"{value:%H:%M} on {value:%-d %B %Y} does not exist in {zone.key}: the clocks went forward an hour. "
            "Give the time with its offset, like 2026-03-29T02:30:00+01:00, or the time as the clock showed it.",
            field=field,
        )
    return result

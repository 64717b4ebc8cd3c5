"""All deadline arithmetic: working days in England and Wales, calendar months, and the profile's numbers.

Pure functions of their arguments; nothing here reads the clock or the database.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a bank holiday in England and Wales (substitute days included)."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The working day ``days`` working days after ``start`` (``start`` itself never counts).

    003 §24: a DSM referral on 2026-12-23 with 5 working days is due on 2027-01-04.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is before ``start``."""
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n)))


def add_months(start: date, months: int) -> date:
    """Calendar months with month-end clamping: 2026-01-31 plus 3 months is 2026-04-30."""
    total = start.year * 12 + (start.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def decision_due_on(profile, referred_on: date) -> date | None:
    """The decision deadline after a referral (003 §24: DSM within 5 working days); None if the profile sets none."""
    days = profile.decision["deadline_working_days"]
    return add_working_days(referred_on, days) if days else None


def review_due_on(profile, starts_on: date, ends_on: date | None = None) -> date:
    """When a protocol must next be reviewed, counted from ``starts_on``.

    ``interval``: every N months (000 §8.2 three; 001 §6.5.6 and 003 Annex C six).
    ``end_of_period_or_yearly``: the end of the period, or after one year if the period is longer (002 §4).
    """
    rule = profile.review["rule"]
    interval = add_months(starts_on, profile.review["interval_months"])
    if rule == "end_of_period_or_yearly" and ends_on is not None:
        return min(ends_on, interval)
    return interval


def review_reminder_on(profile, due: date) -> date:
    """The day the owner is reminded: the profile's number of working days before the review is due."""
    day, remaining = due, profile.review["reminder_working_days"]
    while remaining:
        day -= timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def appeal_due_on(profile, received_on: date) -> date | None:
    """Written outcome of an appeal within the profile's days of receipt (000 §9.2: 28 days)."""
    days = profile.appeal["deadline_days"]
    return received_on + timedelta(days=days) if days else None


def marker_review_due_on(profile, set_on: date) -> date:
    """Review of a potentially-violent-person marker (000 §7.2)."""
    return add_months(set_on, profile.violence["marker_review_months"])


def removal_due_on(profile, last_contact_on: date) -> date | None:
    """Register removal after N months without contact on the registered complaints (003 Annex D: 14)."""
    months = profile.retention["register_removal_months_without_contact"]
    return add_months(last_contact_on, months) if months else None

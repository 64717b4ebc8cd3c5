"""All deadline arithmetic: working days in the organisation's nation, calendar months, and the profile's numbers.

Pure functions of their arguments; nothing here reads the clock or the database. Working days come from a
:class:`Calendar`: the bank holidays of one UK nation (from ``holidays``, substitute days included) and the
organisation's own closure days (``[organisation] nation`` and ``[calendar] closure_days`` in the profile).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays

#: ``[organisation] nation`` -> (the ``holidays`` subdivision of GB, the name shown to people)
NATIONS = {
    "england-wales": ("ENG", "England and Wales"),
    "scotland": ("SCT", "Scotland"),
    "northern-ireland": ("NIR", "Northern Ireland"),
}


@cache
def _bank_holidays(subdiv: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv=subdiv, years=year))


@dataclass(frozen=True)
class Calendar:
    """Which days are working days: Monday to Friday, less one nation's bank holidays and the closure days."""

    nation: str = "england-wales"
    closure_days: frozenset[date] = frozenset()

    def __post_init__(self):
        if self.nation not in NATIONS:
            raise ValueError(f"nation must be one of {', '.join(NATIONS)}")

    @property
    def name(self) -> str:
        """How a deadline names its calendar: "working days in Scotland, bank holidays and 3 closure days excluded"."""
        extra = len(self.closure_days)
        closures = f" and {extra} closure day{'s' if extra != 1 else ''}" if extra else ""
        return f"working days in {NATIONS[self.nation][1]}, bank holidays{closures} excluded"

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() < 5
            and day not in _bank_holidays(NATIONS[self.nation][0], day.year)
            and day not in self.closure_days
        )


ENGLAND_AND_WALES = Calendar()


def calendar_for(profile) -> Calendar:
    """The profile's calendar (``[organisation] nation``, ``[calendar] closure_days``)."""
    return profile.working_calendar


def is_working_day(day: date, cal: Calendar = ENGLAND_AND_WALES) -> bool:
    """Monday to Friday and not a bank holiday of ``cal``'s nation (substitute days included) nor a closure day."""
    return cal.is_working_day(day)


def add_working_days(start: date, days: int, cal: Calendar = ENGLAND_AND_WALES) -> date:
    """The working day ``days`` working days after ``start`` (``start`` itself never counts).

    003 §24: a DSM referral on 2026-12-23 with 5 working days is due on 2027-01-04 (England and Wales).
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if cal.is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, cal: Calendar = ENGLAND_AND_WALES) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is before ``start``."""
    if end < start:
        return -working_days_between(end, start, cal)
    return sum(1 for n in range(1, (end - start).days + 1) if cal.is_working_day(start + timedelta(days=n)))


def add_months(start: date, months: int) -> date:
    """Calendar months with month-end clamping: 2026-01-31 plus 3 months is 2026-04-30."""
    total = start.year * 12 + (start.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def decision_due_on(profile, referred_on: date) -> date | None:
    """The decision deadline after a referral (003 §24: DSM within 5 working days); None if the profile sets none."""
    days = profile.decision["deadline_working_days"]
    return add_working_days(referred_on, days, calendar_for(profile)) if days else None


def review_due_on(profile, starts_on: date, ends_on: date | None = None, *, first: bool = False) -> date:
    """When a protocol must next be reviewed, counted from ``starts_on``.

    ``interval``: every N months (000 §8.2 three; 001 §6.5.6 and 003 Annex C six).
    ``end_of_period_or_yearly``: the end of the period, or after one year if the period is longer (002 §4).
    Whatever the rule, a review never falls after the end date. ``first`` is the first review of an immediate
    action: within ``[immediate_action] first_review_within_days`` where the profile sets it.
    """
    due = add_months(starts_on, profile.review["interval_months"])
    first_within = profile.immediate_action.get("first_review_within_days", 0)
    if first and first_within:
        due = min(due, starts_on + timedelta(days=first_within))
    return min(ends_on, due) if ends_on is not None else due


def next_review_due_on(profile, reviewed_on: date, was_due_on: date | None, ends_on: date | None = None) -> date:
    """The next review after one held on ``reviewed_on``, counted as ``[review] next_from`` says:

    ``review_date`` (default) from the day of the review; ``due_date`` from the day it was due, keeping the cycle
    even when a review is held late (001 §6.5.6), and never on or before the review itself; ``told`` from the day
    the customer is told of the outcome (000 §8.2, §10.2) — counted from the review here, and again from the
    date the review outcome letter is sent (``letters.services``).
    """
    anchor = profile.review.get("next_from", "review_date")
    if anchor != "due_date" or was_due_on is None:
        return review_due_on(profile, reviewed_on, ends_on)
    due = review_due_on(profile, was_due_on)
    while due <= reviewed_on:
        due = review_due_on(profile, due)
    return min(due, ends_on) if ends_on is not None else due


def review_reminder_on(profile, due: date) -> date:
    """The day the owner is reminded: the profile's number of working days before the review is due."""
    day, remaining = due, profile.review["reminder_working_days"]
    while remaining:
        day -= timedelta(days=1)
        if is_working_day(day, calendar_for(profile)):
            remaining -= 1
    return day


def appeal_due_on(profile, received_on: date) -> date | None:
    """Written outcome of an appeal within the profile's days of receipt (000 §9.2: 28 days), or within
    ``decide_within_working_days`` working days where the profile counts in working days."""
    working = profile.appeal.get("decide_within_working_days", 0)
    if working:
        return add_working_days(received_on, working, calendar_for(profile))
    days = profile.appeal["deadline_days"]
    return received_on + timedelta(days=days) if days else None


def appeal_lodge_by(profile, told_on: date | None) -> date | None:
    """The last day to lodge an appeal: ``[appeal] lodge_within_working_days`` after the customer was told
    (0: no limit, None)."""
    days = profile.appeal.get("lodge_within_working_days", 0)
    if not days or told_on is None:
        return None
    return add_working_days(told_on, days, calendar_for(profile))


def marker_review_due_on(profile, set_on: date) -> date:
    """Review of a potentially-violent-person marker (000 §7.2)."""
    return add_months(set_on, profile.violence["marker_review_months"])


def removal_due_on(profile, last_contact_on: date) -> date | None:
    """Register removal after N months without contact on the registered complaints (003 Annex D: 14)."""
    months = profile.retention["register_removal_months_without_contact"]
    return add_months(last_contact_on, months) if months else None


def complaint_response_due_on(profile, received_on: date, stage: str) -> date | None:
    """A complaint's response is due N working days after it (or its escalation) was received, from the profile's
    service standard (``[complaints] response_working_days``); None when the profile sets none for the stage."""
    days = (profile.complaints.get("response_working_days") or {}).get(stage)
    return add_working_days(received_on, days, calendar_for(profile)) if days else None

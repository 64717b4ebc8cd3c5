"""Deadline arithmetic: named dates from the policies, then properties over arbitrary dates (hypothesis)."""

from __future__ import annotations

import calendar
import dataclasses
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faircontact.core import deadlines as dl
from faircontact.core.profiles import load_profile_file

POLICIES = Path(__file__).resolve().parents[1] / "policies"
WH, HS, SOUTHWARK, DWP = (
    load_profile_file(POLICIES / f"{slug}.toml")
    for slug in ("wolverhampton-homes", "housing-solutions", "southwark", "dwp")
)
PROFILES = (WH, HS, SOUTHWARK, DWP)

# The bank holidays of England and Wales the named tests rely on.
GOOD_FRIDAY_2027, EASTER_MONDAY_2027 = date(2027, 3, 26), date(2027, 3, 29)

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


def first_working_day_from(day: date) -> date:
    while not dl.is_working_day(day):
        day += timedelta(days=1)
    return day


# --- working days ----------------------------------------------------------------------------------


def test_dsm_referral_before_christmas_skips_christmas_boxing_day_substitute_and_new_year():
    """003 §24: 5 working days from Wednesday 23 December 2026."""
    assert dl.decision_due_on(DWP, date(2026, 12, 23)) == date(2027, 1, 4)
    for holiday in (date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)):
        assert not dl.is_working_day(holiday)
    assert dl.is_working_day(date(2026, 12, 24)) and dl.is_working_day(date(2027, 1, 4))


def test_easter_2027_good_friday_and_easter_monday_are_skipped():
    assert not dl.is_working_day(GOOD_FRIDAY_2027) and not dl.is_working_day(EASTER_MONDAY_2027)
    assert dl.add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)
    assert dl.add_working_days(date(2027, 3, 24), 3) == date(2027, 3, 31)
    assert dl.working_days_between(date(2027, 3, 25), date(2027, 3, 30)) == 1


def test_one_off_bank_holidays_are_not_working_days():
    for day in (date(2022, 6, 3), date(2022, 9, 19), date(2023, 5, 8)):  # jubilee, state funeral, coronation
        assert day.weekday() < 5 and not dl.is_working_day(day)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2026, 3, 13), 1, date(2026, 3, 16)),  # Friday → Monday
        (date(2026, 3, 14), 1, date(2026, 3, 16)),  # a Saturday start: the next working day
        (date(2026, 3, 9), 5, date(2026, 3, 16)),
        (date(2026, 3, 9), 0, date(2026, 3, 9)),
        (date(2026, 4, 30), 2, date(2026, 5, 5)),  # early May bank holiday, Monday 4 May 2026
        (date(2027, 12, 24), 1, date(2027, 12, 29)),  # Christmas and Boxing Day substitutes 27 and 28 December
    ],
)
def test_add_working_days_named(start, days, due):
    assert dl.add_working_days(start, days) == due


def test_add_working_days_refuses_negative_days():
    with pytest.raises(ValueError):
        dl.add_working_days(date(2026, 3, 9), -1)


def test_decision_deadline_follows_the_profile_and_none_where_it_sets_none():
    assert dl.decision_due_on(WH, date(2026, 3, 2)) == date(2026, 3, 16)  # 10 working days
    no_deadline = dataclasses.replace(DWP, decision=dict(DWP.decision, deadline_working_days=0))
    assert dl.decision_due_on(no_deadline, date(2026, 3, 2)) is None


# --- calendar months -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        (date(2026, 1, 31), 3, date(2026, 4, 30)),  # a decision notified 31 January, 3-month review
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2028, 2, 29), 48, date(2032, 2, 29)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),  # across the year end
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 5, 31), 0, date(2026, 5, 31)),
    ],
)
def test_add_months_named(start, months, due):
    assert dl.add_months(start, months) == due


def test_three_month_review_of_a_decision_notified_on_31_january():
    """000 §8.2: review typically every three months."""
    assert dl.review_due_on(WH, date(2026, 1, 31)) == date(2026, 4, 30)
    # a review never falls after the restriction's end (issue 20)
    assert dl.review_due_on(WH, date(2026, 1, 31), ends_on=date(2026, 2, 28)) == date(2026, 2, 28)
    assert dl.review_due_on(WH, date(2026, 1, 31), ends_on=date(2026, 12, 31)) == date(2026, 4, 30)
    assert dl.review_due_on(HS, date(2026, 1, 31)) == date(2026, 7, 31)  # 001 §6.5.6: six months


@pytest.mark.parametrize(
    ("ends_on", "due"),
    [
        (date(2026, 9, 10), date(2026, 9, 10)),  # shorter than a year: the end of the period
        (date(2027, 3, 10), date(2027, 3, 10)),  # exactly a year
        (date(2028, 3, 10), date(2027, 3, 10)),  # longer: after one year
        (None, date(2027, 3, 10)),  # open-ended: after one year
    ],
)
def test_southwark_reviews_at_the_end_of_the_period_or_yearly(ends_on, due):
    """002 §4: reviewed at the end of the period or, if for more than one year, after a minimum of one year."""
    assert dl.review_due_on(SOUTHWARK, date(2026, 3, 10), ends_on=ends_on) == due


def test_appeal_outcome_due_28_days_after_receipt_and_none_where_the_profile_sets_none():
    """000 §9.2."""
    assert dl.appeal_due_on(WH, date(2026, 3, 2)) == date(2026, 3, 30)
    assert dl.appeal_due_on(WH, date(2026, 12, 10)) == date(2027, 1, 7)  # calendar days, holidays included
    for profile in (HS, SOUTHWARK, DWP):
        assert dl.appeal_due_on(profile, date(2026, 3, 2)) is None


def test_register_removal_14_months_after_last_contact_and_none_elsewhere():
    """003 Annex D."""
    assert dl.removal_due_on(DWP, date(2026, 1, 31)) == date(2027, 3, 31)
    assert dl.removal_due_on(DWP, date(2026, 12, 31)) == date(2028, 2, 29)
    for profile in (WH, HS, SOUTHWARK):
        assert dl.removal_due_on(profile, date(2026, 1, 31)) is None


def test_marker_review_after_the_profiles_months():
    assert dl.marker_review_due_on(WH, date(2027, 2, 28)) == date(2028, 2, 28)


def test_review_reminder_is_working_days_before_the_review():
    assert WH.review["reminder_working_days"] == 10
    # back from Monday 4 January 2027 over New Year's Day and the Christmas and Boxing Day holidays
    assert dl.review_reminder_on(WH, date(2027, 1, 4)) == date(2026, 12, 16)
    assert SOUTHWARK.review["reminder_working_days"] == 15
    assert dl.review_reminder_on(SOUTHWARK, date(2026, 9, 10)) == date(2026, 8, 19)  # over 31 August


# --- properties ------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(start=dates, days=st.integers(min_value=1, max_value=60))
def test_add_working_days_lands_on_a_working_day_exactly_that_many_working_days_later(start, days):
    due = dl.add_working_days(start, days)
    assert due > start
    assert dl.is_working_day(due)
    assert dl.working_days_between(start, due) == days
    assert dl.working_days_between(start, due - timedelta(days=1)) == days - 1


@settings(max_examples=150, deadline=None)
@given(start=dates, a=st.integers(min_value=0, max_value=30), b=st.integers(min_value=0, max_value=30))
def test_add_working_days_chains(start, a, b):
    assert dl.add_working_days(dl.add_working_days(start, a), b) == dl.add_working_days(start, a + b)


@settings(max_examples=150, deadline=None)
@given(a=dates, offset=st.integers(min_value=-400, max_value=400))
def test_working_days_between_is_antisymmetric_and_counts_the_days(a, offset):
    b = a + timedelta(days=offset)
    assert dl.working_days_between(a, b) == -dl.working_days_between(b, a)
    assert abs(dl.working_days_between(a, b)) <= abs((b - a).days)
    assert dl.working_days_between(a, a) == 0
    assert 3 <= dl.working_days_between(a, a + timedelta(days=7)) <= 5  # at most two bank holidays in a week


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    months=st.integers(min_value=-1200, max_value=1200),
)
def test_add_months_never_raises_and_adds_up(start, months):
    due = dl.add_months(start, months)
    assert (due.year * 12 + due.month) - (start.year * 12 + start.month) == months
    assert due.day <= start.day
    assert due.day == min(start.day, calendar.monthrange(due.year, due.month)[1])
    assert dl.add_months(due, -months) <= start


@settings(max_examples=200, deadline=None)
@given(start=dates, a=st.integers(min_value=-240, max_value=240), b=st.integers(min_value=-240, max_value=240))
def test_add_months_chained(start, a, b):
    direct, chained = dl.add_months(start, a + b), dl.add_months(dl.add_months(start, a), b)
    assert chained <= direct  # clamping can only lose days
    assert (chained.year, chained.month) == (direct.year, direct.month)
    if start.day <= 28:
        assert chained == direct


@settings(max_examples=100, deadline=None)
@given(due=dates, profile=st.sampled_from(PROFILES))
def test_review_reminder_is_n_working_days_before(due, profile):
    n = profile.review["reminder_working_days"]
    reminder = dl.review_reminder_on(profile, due)
    assert reminder < due and dl.is_working_day(reminder)
    assert dl.add_working_days(reminder, n) == first_working_day_from(due)


@settings(max_examples=100, deadline=None)
@given(starts_on=dates, length=st.integers(min_value=0, max_value=1000) | st.none())
def test_southwark_review_never_later_than_a_year_nor_the_end(starts_on, length):
    ends_on = None if length is None else starts_on + timedelta(days=length)
    due = dl.review_due_on(SOUTHWARK, starts_on, ends_on=ends_on)
    year = dl.add_months(starts_on, 12)
    assert due == (year if ends_on is None or ends_on >= year else ends_on)


@settings(max_examples=100, deadline=None)
@given(referred_on=dates, profile=st.sampled_from(PROFILES))
def test_decision_deadline_is_a_working_day_after_the_referral(referred_on, profile):
    due = dl.decision_due_on(profile, referred_on)
    assert dl.is_working_day(due)
    assert dl.working_days_between(referred_on, due) == profile.decision["deadline_working_days"]

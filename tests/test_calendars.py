"""Working days per UK nation and the organisation's closure days (``[organisation] nation``, ``[calendar]``).

The expected dates are worked out by hand from the bank holidays GOV.UK publishes for 2026 and 2027, not from
the ``holidays`` package the code uses; the table in docs/profiles.md must say the same.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from faircontact.core import deadlines as dl
from faircontact.core.profiles import ProfileError, load_profile_file

from .test_profiles import edited_copy

ROOT = Path(__file__).resolve().parents[1]

#: GOV.UK's published bank holidays, November 2026 to November 2027, per nation.
PUBLISHED = {
    "england-wales": {
        "2026-12-25", "2026-12-28", "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31",
        "2027-08-30",
    },
    "scotland": {
        "2026-11-30", "2026-12-25", "2026-12-28", "2027-01-01", "2027-01-04", "2027-03-26", "2027-05-03",
        "2027-05-31", "2027-08-02", "2027-11-30",
    },
    "northern-ireland": {
        "2026-12-25", "2026-12-28", "2027-01-01", "2027-03-17", "2027-03-26", "2027-03-29", "2027-05-03",
        "2027-05-31", "2027-07-12", "2027-08-30",
    },
}  # fmt: skip

#: (start, working days) -> due in England and Wales, Scotland, Northern Ireland
SUMS = {
    (date(2026, 11, 27), 10): (date(2026, 12, 11), date(2026, 12, 14), date(2026, 12, 11)),
    (date(2026, 12, 23), 5): (date(2027, 1, 4), date(2027, 1, 5), date(2027, 1, 4)),
    (date(2026, 12, 31), 5): (date(2027, 1, 8), date(2027, 1, 11), date(2027, 1, 8)),
    (date(2027, 3, 16), 1): (date(2027, 3, 17), date(2027, 3, 17), date(2027, 3, 18)),
    (date(2027, 3, 25), 5): (date(2027, 4, 5), date(2027, 4, 2), date(2027, 4, 5)),
    (date(2027, 7, 9), 1): (date(2027, 7, 12), date(2027, 7, 12), date(2027, 7, 13)),
    (date(2027, 7, 30), 5): (date(2027, 8, 6), date(2027, 8, 9), date(2027, 8, 6)),
    (date(2027, 8, 27), 5): (date(2027, 9, 6), date(2027, 9, 3), date(2027, 9, 6)),
}
NATIONS = ("england-wales", "scotland", "northern-ireland")


@pytest.mark.parametrize("nation", NATIONS)
def test_each_nation_skips_exactly_its_published_bank_holidays(nation):
    cal = dl.Calendar(nation)
    day, skipped = date(2026, 11, 1), set()
    while day <= date(2027, 11, 30):
        if day.weekday() < 5 and not cal.is_working_day(day):
            skipped.add(day.isoformat())
        day = date.fromordinal(day.toordinal() + 1)
    assert skipped == PUBLISHED[nation]


@pytest.mark.parametrize(("start", "days"), SUMS)
def test_working_day_sums_across_christmas_easter_and_august_per_nation(start, days):
    got = tuple(dl.add_working_days(start, days, dl.Calendar(n)) for n in NATIONS)
    assert got == SUMS[start, days]


def test_closure_days_are_not_working_days():
    cal = dl.Calendar("england-wales", frozenset({date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)}))
    assert dl.add_working_days(date(2026, 12, 23), 5, cal) == date(2027, 1, 7)
    assert cal.name == "working days in England and Wales, bank holidays and 3 closure days excluded"


def test_the_table_in_docs_profiles_matches_the_published_holidays():
    """docs/profiles.md's table: one row per sum, one column per nation, every cell as worked out above."""
    text = (ROOT / "docs" / "profiles.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\w{3} \d+ \w{3} \d{4}) \| (\d+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \|$", text, re.M)
    table = {
        (date.fromisoformat(_iso(start)), int(n)): tuple(date.fromisoformat(_iso(c.strip())) for c in cells)
        for start, n, *cells in rows
    }
    assert table == SUMS


def _iso(text: str) -> str:
    from datetime import datetime

    return datetime.strptime(text, "%a %d %b %Y").date().isoformat()


def test_a_profile_picks_its_nation_and_closure_days(tmp_path):
    path = edited_copy(
        tmp_path,
        (r"^(address = .*\n)", r"^\[roles\]"),
        (r'\1nation = "scotland"\n', '[calendar]\nclosure_days = [2026-12-29, "2026-12-30"]\n\n[roles]'),
    )
    profile = load_profile_file(path)
    assert dl.decision_due_on(profile, date(2026, 11, 27)) == date(2026, 12, 14)
    # 10 working days: Scotland's 25 and 28 Dec and 1 and 4 Jan, and the two closure days, are skipped
    assert dl.decision_due_on(profile, date(2026, 12, 23)) == date(2027, 1, 14)
    assert "Scotland" in profile.working_calendar.name and "2 closure days" in profile.working_calendar.name


@pytest.mark.parametrize(
    ("patterns", "replacements", "key", "says"),
    [
        (r"^(address = .*\n)", r'\1nation = "wales"\n', "organisation.nation", "england-wales, scotland"),
        (r"^\[roles\]", '[calendar]\nclosure_days = ["29/12/2026"]\n\n[roles]', "calendar.closure_days", "2026-12-29"),
        (r"^\[roles\]", "[calendar]\nclosed = []\n\n[roles]", "calendar.closed", "valid keys: closure_days"),
    ],
)
def test_a_bad_calendar_is_refused_naming_the_key_and_the_valid_values(tmp_path, patterns, replacements, key, says):
    with pytest.raises(ProfileError) as refused:
        load_profile_file(edited_copy(tmp_path, patterns, replacements))
    assert refused.value.key == key and says in str(refused.value)


@pytest.fixture
def scottish_copy(tmp_path, settings, use_profile):
    """Wolverhampton Homes' profile and letters, moved to Scotland, as the active profile."""
    import shutil

    shutil.copytree(ROOT / "policies", tmp_path / "policies")
    edited_copy(tmp_path / "policies", r"^(address = .*\n)", r'\1nation = "scotland"\n')
    settings.FAIRCONTACT_POLICIES_DIR = tmp_path / "policies"
    settings.FAIRCONTACT_TODAY = "2026-12-01"
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []
    return use_profile("wolverhampton-homes")


def test_a_referral_in_scotland_is_due_after_st_andrews_day_and_says_which_calendar(
    scottish_copy, make_user, api_for, customer, client
):
    from faircontact.core.models import Notification

    officer, manager = api_for(make_user("officer")), api_for(make_user("manager"))
    decider = make_user("decision_maker")
    cid = officer.post("/cases", {"customer": customer["id"], "grounds": ["persistent"], "on": "2026-11-20"}).json()
    cid = cid["id"]
    officer.post(f"/cases/{cid}/actions", {"action": "record_discussion", "channel": "phone", "on": "2026-11-23"})
    manager.post(
        f"/cases/{cid}/actions",
        {
            "action": "consider_needs",
            "support_needs_considered": True,
            "reasons_for_behaviour": "x",
            "on": "2026-11-24",
        },
    )
    manager.post(f"/cases/{cid}/actions", {"action": "assess", "conclusion": "unacceptable", "findings": "x"})
    referred = manager.post(f"/cases/{cid}/actions", {"action": "refer", "on": "2026-11-27"})
    assert referred.status_code == 200, referred.content
    body = referred.json()
    assert body["decision_due_on"] == "2026-12-14"  # England and Wales would give 11 December
    assert body["deadline_calendar"] == "working days in Scotland, bank holidays excluded"
    note = Notification.objects.get(user=decider, kind="decision")
    assert note.text.endswith("due 14 December 2026 (working days in Scotland, bank holidays excluded).")
    client.force_login(decider)
    page = client.get(f"/cases/{cid}").content.decode()
    assert "14 December 2026" in page and "working days in Scotland, bank holidays excluded" in page

"""The array forms of the indicators used by the bulk recompute, against their one-customer definitions."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import numpy as np

from faircontact.indicators import bulk
from faircontact.indicators import calculate as calc


def test_best_windows_is_best_window_per_owner():
    rng = random.Random(3)
    owners, seconds = [], []
    for owner in range(60):
        if owner % 7 == 3:
            continue  # no times at all
        base = rng.randrange(10**9)
        spread = rng.choice([3600, calc.WINDOW_SECONDS, 30 * 86400, 400 * 86400])
        for _ in range(rng.randrange(1, 40)):
            owners.append(owner)
            seconds.append(base + rng.randrange(spread))
        if owner % 5 == 0:  # windows exactly 7 days apart, equally full: the earliest wins
            owners += [owner] * 4
            seconds += [base, base + 10, base + calc.WINDOW_SECONDS, base + calc.WINDOW_SECONDS + 10]
    shuffled = list(zip(owners, seconds, strict=True))
    rng.shuffle(shuffled)
    counts, starts = calc.best_windows(
        np.array([o for o, _ in shuffled]), np.array([s for _, s in shuffled], dtype=np.int64), 62
    )
    for owner in range(62):
        count, start = calc.best_window(sorted(s for o, s in zip(owners, seconds, strict=True) if o == owner))
        assert (counts[owner], starts[owner] if count else None) == (count, start), owner
    assert calc.best_windows(np.zeros(0, np.int64), np.zeros(0, np.int64), 2)[0].tolist() == [0, 0]


def test_subject_runs_are_subject_changes_per_complaint():
    rng = random.Random(4)
    base = datetime(2026, 3, 29, tzinfo=UTC)
    rows = []
    for i in range(400):
        at = base + timedelta(seconds=rng.randrange(5000), microseconds=rng.choice([0, 1, 999999]))
        rows.append((i + 1, at, "", "inbound", 0, rng.randrange(1, 12), [], rng.choice(["a", "Re: a", "b", "c"]), []))
    expected = calc.subject_changes(rows)
    keys = {calc.subject_key(r[7]) for r in rows}
    code = {key: n for n, key in enumerate(sorted(keys), 1)}
    groups = np.array([r[5] for r in rows])
    ids = np.array([r[0] for r in rows])
    micros = np.array([round(r[1].timestamp() * 10**6) for r in rows])
    codes = np.array([code[calc.subject_key(r[7])] for r in rows])
    order, changed, first, last = calc.subject_runs(groups, micros, ids, codes)
    found = {}
    for lo, hi in zip(first, last, strict=True):
        moved = [int(ids[order][p]) for p in changed if lo < p <= hi]
        found[int(groups[order][lo])] = (len(moved), moved, int(ids[order][hi]))
    assert found == {k: (v["changes"], v["ids"], v["last"][1]) for k, v in expected.items()}


def test_times_are_parsed_as_stored():
    rng = random.Random(5)
    moments = [datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC)]
    moments += [
        datetime(2023, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(4 * 365 * 86400), microseconds=us)
        for us in [0, 1, 999999, *(rng.randrange(10**6) for _ in range(300))]
    ]
    sqlite = ",".join(str(m.replace(tzinfo=None)) for m in moments)  # Django's text: fraction only when there is one
    postgres = ",".join(m.strftime("%Y-%m-%d %H:%M:%S.%f") for m in moments)
    expected = [int(m.replace(microsecond=0).timestamp()) * 10**6 + m.microsecond for m in moments]
    assert bulk._micros(sqlite).tolist() == expected
    assert bulk._micros(postgres.encode()).tolist() == expected
    whole = [m.replace(microsecond=0) for m in moments]
    assert bulk._micros(",".join(str(m.replace(tzinfo=None)) for m in whole)).tolist() == [
        int(m.timestamp()) * 10**6 for m in whole
    ]
    assert bulk._micros("2026-11-20 17:00:00.000001").tolist() == [1_795_194_000_000_001]
    assert bulk._micros(None).tolist() == []
    assert bulk._stamps(np.array(expected)) == [calc.stamp(m) for m in moments]

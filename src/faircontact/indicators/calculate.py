"""The indicators' definitions, as pure functions over contact rows (no database).

Every policy asks the manager to weigh the frequency, length, channels and content of contact before
anything is decided (001 §6.5.3, App. 1; 002 §3-4; 003 Annex F). Each indicator here is evidence for a
person to weigh, never a verdict (004): it carries its value, the profile's threshold, an explanation in
words and the contacts behind it.

A *row* is ``(id, occurred_at, channel, direction, staff_minutes, complaint_id, recipients, subject,
behaviour)`` with ``occurred_at`` timezone-aware. Definitions:

- ``contacts_N_days``: contacts *from* the customer (inbound) on ``as_of`` and the N-1 local calendar days
  before it, by channel.
- ``max_contacts_in_7_day_window``: the most inbound contacts in any 7 × 24 hours, up to the end of
  ``as_of`` (times in whole seconds); windows start at a contact, ties go to the earliest window.
- ``staff_minutes_ratio_to_median``: the staff minutes on all the customer's contacts (both directions)
  divided by the median total over customers with contacts (at least 1 minute).
- ``contacts_after_final_response``: inbound contacts about a complaint on a local date after its full and
  final response (003 §17).
- ``distinct_recipients``: different people or teams the customer's contacts were addressed or copied to,
  ignoring case and spacing (scattergun, 002 §3).
- ``subject_changes_on_one_complaint``: on the complaint where it happens most, how often the subject of the
  customer's consecutive contacts changed ("Re:"/"Fw:" prefixes, case and spacing ignored; 002 §3).
- ``abusive_contacts``: inbound contacts staff recorded as abusive, aggressive, threatening, harassing or
  discriminatory (001 §6.3.3).
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import numpy as np

WINDOW_SECONDS = 7 * 24 * 3600
WINDOWS = (7, 30, 90)
ABUSIVE_BEHAVIOUR = frozenset({"abusive", "aggressive", "threatening", "harassment", "discriminatory"})
TOP_MINUTES = 20
_PREFIX = re.compile(r"^(?:(?:re|fwd?)\s*:\s*)+")

LABELS = {
    "contacts_7_days": "Contacts in the last 7 days",
    "contacts_30_days": "Contacts in the last 30 days",
    "contacts_90_days": "Contacts in the last 90 days",
    "max_contacts_in_7_day_window": "Most contacts in any 7 days",
    "staff_minutes_ratio_to_median": "Staff time against the median",
    "contacts_after_final_response": "Contacts after a full and final response",
    "distinct_recipients": "Different people contacted",
    "subject_changes_on_one_complaint": "Changes of subject on one complaint",
    "abusive_contacts": "Contacts recorded as abusive",
}


def _n(count, word: str) -> str:
    """ "1 contact", "12 contacts": counts in words for the explanations staff read."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def epoch(moment: datetime) -> int:
    """Whole seconds since 1970, the unit of the sliding window."""
    return math.floor(moment.timestamp())


def stamp(moment: datetime) -> str:
    """A sortable UTC text form of ``moment`` with microseconds, for ordering stored evidence."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def subject_key(subject: str) -> str:
    """The subject without case, extra spaces or reply/forward prefixes; empty when there is none."""
    return _PREFIX.sub("", " ".join((subject or "").lower().split())).strip()


def recipient_key(recipient: str) -> str:
    return " ".join(str(recipient).casefold().split())


def is_abusive(behaviour) -> bool:
    return bool(ABUSIVE_BEHAVIOUR.intersection(behaviour or ()))


def day_start(day: date, tz) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz)


def period(as_of: date, days: int, tz) -> tuple[datetime, datetime]:
    """``[start, end)`` covering ``as_of`` and the ``days - 1`` local days before it."""
    return day_start(as_of - timedelta(days=days - 1), tz), day_start(as_of + timedelta(days=1), tz)


@dataclass
class Parts:
    """What the indicators are built from; filled from rows or from the stored state."""

    windows: dict[int, Counter] = field(default_factory=dict)
    window_ids: dict[int, list[int]] = field(default_factory=dict)
    max_window: int = 0
    max_window_start: datetime | None = None
    max_window_ids: list[int] = field(default_factory=list)
    staff_minutes: int = 0
    top_minutes_ids: list[int] = field(default_factory=list)
    after_final_ids: list[int] = field(default_factory=list)
    after_final_complaints: int = 0
    recipients: dict[str, list] = field(default_factory=dict)
    subject_changes: int = 0
    subject_complaint: int | None = None
    subject_change_ids: list[int] = field(default_factory=list)
    abusive_ids: list[int] = field(default_factory=list)


def window_counts(parts: Parts, rows, as_of: date, tz) -> None:
    """Fill the 7/30/90-day counts from (at least) the inbound rows of the last 90 days."""
    for days in WINDOWS:
        start, end = period(as_of, days, tz)
        chosen = [r for r in rows if r[3] == "inbound" and start <= r[1] < end]
        parts.windows[days] = Counter(r[2] for r in chosen)
        parts.window_ids[days] = sorted(r[0] for r in chosen)


def best_window(seconds) -> tuple[int, int | None]:
    """``(count, start second)`` of the fullest 7-day window over sorted ``seconds``; the earliest on a tie."""
    best, start = 0, None
    for i, first in enumerate(seconds):
        count = bisect.bisect_left(seconds, first + WINDOW_SECONDS, lo=i) - i
        if count > best:
            best, start = count, first
    return best, start


def run_starts(*columns: np.ndarray) -> np.ndarray:
    """Where each run of rows equal in every one of ``columns`` starts (none when there are no rows)."""
    if not len(columns[0]):
        return np.zeros(0, np.int64)
    change = np.zeros(len(columns[0]) - 1, bool)
    for column in columns:
        change |= column[1:] != column[:-1]
    return np.flatnonzero(np.r_[True, change])


def best_windows(owners: np.ndarray, seconds: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`best_window` for many owners at once: ``owners`` (0 .. ``size`` - 1) and ``seconds`` pair up, in
    any order. Returns per owner the count and the start second of its fullest window (0 and 0 for none).

    Each (owner, second) becomes one sortable integer; a window's count is a ``searchsorted`` for its end,
    and the most, then the earliest, window of each owner one ``maximum.reduceat``.
    """
    counts, starts = np.zeros(size, np.int64), np.zeros(size, np.int64)
    if not len(seconds):
        return counts, starts
    base = int(seconds.min())
    bits = (int(seconds.max()) - base + WINDOW_SECONDS).bit_length()
    key = owners.astype(np.int64)  # in place from here on: a million contacts cost 8 MB per array
    key <<= bits
    key |= seconds - base
    key.sort()
    n = len(key)
    score = np.searchsorted(key, key + WINDOW_SECONDS)
    position = np.arange(n, dtype=np.int64)
    score -= position  # the window's count ...
    score *= n
    score += n - 1
    score -= position  # ... then the earliest: count * n + (n - 1 - position)
    del position
    owner = key >> bits
    first = run_starts(owner)
    score = np.maximum.reduceat(score, first)
    counts[owner[first]] = score // n
    starts[owner[first]] = (key[n - 1 - score % n] & ((1 << bits) - 1)) + base
    return counts, starts


def subject_runs(groups: np.ndarray, micros: np.ndarray, ids: np.ndarray, codes: np.ndarray):
    """:func:`subject_changes` for many complaints at once, over rows whose subject has a key: ``groups``
    (one per complaint), times in microseconds, ids and ``codes`` (one per subject key).

    Returns the rows' order (by group, time, id), the ordered positions where the subject changed and each
    group's first and last ordered position.
    """
    order = np.lexsort((ids, micros, groups))
    group, code = groups[order], codes[order]
    changed = np.flatnonzero((group[1:] == group[:-1]) & (code[1:] != code[:-1])) + 1
    first = run_starts(group)
    last = np.r_[first[1:] - 1, len(order) - 1]
    return order, changed, first, last


def subject_changes(rows) -> dict[int, dict]:
    """Per complaint: the number of subject changes and the contacts where they happened."""
    by_complaint: dict[int, list] = {}
    for r in sorted(rows, key=lambda r: (r[1], r[0])):
        if r[3] == "inbound" and r[5] is not None and subject_key(r[7]):
            by_complaint.setdefault(r[5], []).append(r)
    result = {}
    for complaint_id, items in by_complaint.items():
        ids = [b[0] for a, b in zip(items, items[1:], strict=False) if subject_key(a[7]) != subject_key(b[7])]
        last = items[-1]
        result[complaint_id] = {
            "changes": len(ids),
            "ids": ids,
            "last": [stamp(last[1]), last[0], subject_key(last[7])],
        }
    return result


def pick_subject(parts: Parts, subjects: dict) -> None:
    """The complaint with the most subject changes (the lowest id on a tie)."""
    best = None
    for key, entry in subjects.items():
        candidate = (-entry["changes"], int(key))
        if entry["changes"] and (best is None or candidate < best[0]):
            best = (candidate, entry)
    if best:
        parts.subject_changes, parts.subject_complaint = best[1]["changes"], best[0][1]
        parts.subject_change_ids = list(best[1]["ids"])


def first_recipients(rows) -> dict[str, list]:
    """Each recipient's key with ``[stamp, id]`` of the earliest inbound contact naming it."""
    found: dict[str, list] = {}
    for r in rows:
        if r[3] != "inbound":
            continue
        for recipient in r[6] or ():
            key = recipient_key(recipient)
            if key and (key not in found or [stamp(r[1]), r[0]] < found[key]):
                found[key] = [stamp(r[1]), r[0]]
    return found


def after_final(rows, final_responses: dict[int, date], tz) -> tuple[list[int], int]:
    chosen = [
        r
        for r in rows
        if r[3] == "inbound" and r[5] in final_responses and r[1].astimezone(tz).date() > final_responses[r[5]]
    ]
    return sorted(r[0] for r in chosen), len({r[5] for r in chosen})


def parts_from_rows(rows, *, as_of: date, tz, final_responses: dict[int, date]) -> Parts:
    """Every part from the customer's rows up to the end of ``as_of`` (rows after it are ignored)."""
    _, end = period(as_of, 1, tz)
    rows = [r for r in rows if r[1] < end]
    parts = Parts()
    window_counts(parts, rows, as_of, tz)
    inbound = sorted((epoch(r[1]), r[0]) for r in rows if r[3] == "inbound")
    parts.max_window, start = best_window([second for second, _ in inbound])
    if start is not None:
        parts.max_window_start = datetime.fromtimestamp(start, UTC)
        parts.max_window_ids = sorted(i for s, i in inbound if start <= s < start + WINDOW_SECONDS)
    parts.staff_minutes = sum(r[4] for r in rows)
    parts.top_minutes_ids = [r[0] for r in sorted((r for r in rows if r[4]), key=lambda r: (-r[4], r[0]))][:TOP_MINUTES]
    parts.after_final_ids, parts.after_final_complaints = after_final(rows, final_responses, tz)
    parts.recipients = first_recipients(rows)
    pick_subject(parts, subject_changes(rows))
    parts.abusive_ids = sorted(r[0] for r in rows if r[3] == "inbound" and is_abusive(r[8]))
    return parts


def _channels(counter: Counter) -> str:
    if not counter:
        return ""
    listed = ", ".join(f"{channel.replace('_', ' ')} {n}" for channel, n in sorted(counter.items()))
    return f" ({listed})"


def _when(moment: datetime | None, tz) -> str:
    return moment.astimezone(tz).strftime("%-d %b %Y %H:%M") if moment else ""


def build(parts: Parts, *, as_of: date, thresholds: dict, median_minutes: float, tz, cite) -> list[dict]:
    """The indicators as the contract shows them: ``name``, ``value``, ``threshold``, ``explanation``,
    ``contacts``. ``cite(rule)`` gives the profile's clause for a rule, as " (003 §17)", or nothing."""
    day = f"{as_of:%-d %b %Y}"
    median = max(median_minutes, 1)
    ratio = round(parts.staff_minutes / median, 2)
    recipients = sorted({i for _, i in parts.recipients.values()})
    items = []
    for days in WINDOWS:
        n = sum(parts.windows[days].values())
        items.append(
            (
                f"contacts_{days}_days",
                n,
                parts.window_ids[days],
                f"{_n(n, 'contact')} from the customer in the {days} days to {day}{_channels(parts.windows[days])}.",
                {"by_channel": dict(sorted(parts.windows[days].items()))},
            )
        )
    items += [
        (
            "max_contacts_in_7_day_window",
            parts.max_window,
            parts.max_window_ids,
            f"The most contacts from the customer in any 7 days was {parts.max_window}"
            + (f", starting {_when(parts.max_window_start, tz)}." if parts.max_window else "."),
            {"window_start": parts.max_window_start},
        ),
        (
            "staff_minutes_ratio_to_median",
            ratio,
            parts.top_minutes_ids,
            f"Staff spent {_n(parts.staff_minutes, 'minute')} on this customer's contacts, {ratio} times "
            "the median of "
            f"{median_minutes:g} minutes per customer; the contacts listed took the longest.",
            {"staff_minutes": parts.staff_minutes, "median_minutes": median_minutes},
        ),
        (
            "contacts_after_final_response",
            len(parts.after_final_ids),
            parts.after_final_ids,
            f"{_n(len(parts.after_final_ids), 'contact')} about {_n(parts.after_final_complaints, 'complaint')} "
            f"after their full and final response{cite('after_final_response')}.",
            {"complaints": parts.after_final_complaints},
        ),
        (
            "distinct_recipients",
            len(parts.recipients),
            recipients,
            (
                "Contacts were addressed or copied to one person or team only"
                if len(parts.recipients) == 1
                else f"Contacts were addressed or copied to {len(parts.recipients)} different people or teams"
            )
            + f"{cite('many_recipients')}; the contacts listed first named each.",
            {},
        ),
        (
            "subject_changes_on_one_complaint",
            parts.subject_changes,
            parts.subject_change_ids,
            f"The subject changed {_n(parts.subject_changes, 'time')} across the customer's contacts "
            f"on one complaint{cite('many_recipients')}.",
            {"complaint": str(parts.subject_complaint) if parts.subject_complaint else None},
        ),
        (
            "abusive_contacts",
            len(parts.abusive_ids),
            parts.abusive_ids,
            f"{_n(len(parts.abusive_ids), 'contact')} recorded as abusive, aggressive, threatening, harassing or "
            f"discriminatory{cite('abusive_contact')}.",
            {},
        ),
    ]
    result = []
    for name, value, ids, explanation, detail in items:
        threshold = thresholds[name]
        result.append(
            {
                "name": name,
                "label": LABELS[name],
                "value": value,
                "threshold": threshold,
                "crossed": value >= threshold and value > 0,
                "explanation": explanation,
                "contacts": [str(i) for i in ids],
                "detail": detail,
            }
        )
    return result

"""Rebuilding the indicator state of many customers at once, for imports and repairs.

The contacts are read in id ranges, in table order. For each range the database hands every column needed
for every row over as one comma-separated string (``group_concat`` / ``string_agg``) that numpy parses: the
customer and the kind of row (outbound, inbound, or inbound about a complaint with a subject) packed into one
integer (:data:`PACKED`), the time (text, parsed to microseconds since 1970 UTC) and the staff minutes. Only the rows
that carry the sparse columns come with more: the subject rows' complaint, id and subject, and the inbound rows with
recipients or behaviour (as JSON, each distinct text read once, digested per range into arrays: the abusive
contacts, and a row per contact and recipient key). numpy then folds everything per customer: totals, staff
minutes and the last contact, the first contact naming each recipient (one ``lexsort``), the fullest 7-day
window (:func:`calculate.best_windows`) and the subject changes per complaint (:func:`calculate.subject_runs`,
each distinct subject normalised once by :func:`calculate.subject_key`). In a full recompute's worker processes
the numpy fold runs in a thread beside the Python one (numpy releases the GIL); elsewhere one after the other,
to bound memory.

On a SQLite file, a full recompute that is not inside a caller's transaction shares the customers between
:data:`PARTS` forked processes, each reading every range for its customers on a read-only connection of its
own and folding them (the write lock taken first keeps them consistent with this connection, which writes
the rows they return); otherwise everything runs on Django's connection, which also sees the caller's
uncommitted rows.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import sqlite3
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from . import calculate as calc
from .models import IndicatorState
from .selectors import excluded_scopes

MICRO = 1_000_000
RANGE = 500_000  # contact ids per read
PARTS = 2  # processes a full recompute on SQLite shares the customers between
COLUMNS = (
    "customer_id, contacts, staff_minutes, max_window, max_window_start, abusive, abusive_count, "
    "recipients, recipient_count, subjects, subject_changes, last_contact_at, updated_at"
)
COMMA = ord(",")
_ON_COMPLAINT = "complaint_id IS NOT NULL AND subject <> ''"
_SUBJECT = f"direction = 'inbound' AND {_ON_COMPLAINT}"
# the kind of each row: outbound, inbound, or inbound about a complaint with a subject
OUTBOUND, INBOUND, SUBJECT = 0, 1, 2
_KIND = f"CASE WHEN direction <> 'inbound' THEN {OUTBOUND} WHEN {_ON_COMPLAINT} THEN {SUBJECT} ELSE {INBOUND} END"
#: The customer and the kind of a row in one integer, one aggregate instead of two: ``customer << 2 | kind``.
PACKED = f"customer_id * 4 + {_KIND}"


def counted_sql() -> str:
    """The SQL condition for the contacts the indicators count: not those classified outside the policy (002 §2;
    the category names are checked as lower-case words when the profile loads)."""
    excluded = excluded_scopes()
    return f"scope NOT IN ({', '.join(repr(name) for name in excluded)})" if excluded else "TRUE"


class _Sql:
    """The few expressions in which SQLite and PostgreSQL differ."""

    def __init__(self, vendor: str):
        self.sqlite = vendor == "sqlite"
        if self.sqlite:
            self.at = "occurred_at"  # stored as UTC text
            self.empty = "'[]'"
            self.rows = "json_group_array(json_array({}))"
        else:
            self.at = "to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
            self.empty = "'[]'::jsonb"
            self.rows = "json_agg(json_build_array({}))"

    def concat(self, expression: str, where: str = "") -> str:
        """The values of ``expression`` (never NULL) joined by commas, over the rows that match ``where``."""
        only = f" FILTER (WHERE {where})" if where else ""
        if self.sqlite:
            return f"CAST(group_concat({expression}){only} AS BLOB)"
        return f"string_agg(({expression})::text, ','){only}"

    def text(self, column: str) -> str:
        """A JSON column as its text (SQLite stores text; PostgreSQL's ``jsonb`` would arrive decoded)."""
        return column if self.sqlite else f"{column}::text"

    def contacts(self, scan: bool) -> str:
        """The contacts table; read in table order when ``scan`` (SQLite would otherwise pick an index)."""
        return f"records_contact{' NOT INDEXED' if self.sqlite and scan else ''}"

    def read(self, scope: str, scan: bool, low: int, high: int) -> str:
        """One range's columns: every row (with its :data:`SUBJECT` kind), then the subject rows, then the
        recipient or behaviour rows."""
        sparse = f"direction = 'inbound' AND (recipients <> {self.empty} OR behaviour <> {self.empty})"
        subject = "json_group_array(subject)" if self.sqlite else "json_agg(subject)"
        sparse_columns = f"customer_id, id, {self.at}, {self.text('recipients')}, {self.text('behaviour')}"
        return (
            f"SELECT {self.concat(PACKED)}, {self.concat(self.at)}, {self.concat('staff_minutes')}, "
            f"{self.concat('complaint_id', _SUBJECT)}, {self.concat('id', _SUBJECT)}, "
            f"{subject} FILTER (WHERE {_SUBJECT}), "
            f"{self.rows.format(sparse_columns)} "
            f"FILTER (WHERE {sparse}) "
            f"FROM {self.contacts(scan)} WHERE id BETWEEN {int(low)} AND {int(high)} AND {scope} AND {counted_sql()}"
        )


def _bytes(value) -> bytes:
    return value.encode() if isinstance(value, str) else bytes(value or b"")


def _ints(value) -> np.ndarray:
    return np.fromstring(_bytes(value), dtype=np.int64, sep=",") if value else np.zeros(0, np.int64)


def _micros(value) -> np.ndarray:
    """Microseconds since 1970 of comma-separated UTC times ``YYYY-MM-DD HH:MM:SS[.ffffff]``.

    When every time has the same length (always on PostgreSQL; on SQLite unless only some have microseconds)
    the text is read as a table, a column of digits at a time; otherwise each digit is gathered from where
    its field starts."""
    data = _bytes(value)
    if not data:
        return np.zeros(0, np.int64)
    buffer = np.frombuffer(data, np.uint8)
    width = (data.find(b",") + 1) or len(data) + 1
    count = (len(data) + 1) // width
    if count * width == len(data) + 1 and (buffer[width - 1 :: width] == COMMA).all():
        table = np.lib.stride_tricks.as_strided(buffer, (count, width - 1), (width, 1))
        fraction = slice(None) if width > 20 else None

        def digit(position: int, rows) -> np.ndarray:
            return table[rows, position]
    else:
        commas = np.flatnonzero(buffer == COMMA)
        starts, ends = np.r_[0, commas + 1], np.r_[commas, len(buffer)]
        fraction = np.flatnonzero(ends - starts > 20)

        def digit(position: int, rows) -> np.ndarray:
            return buffer[starts[rows] + position]

    def number(offset: int, size: int, rows=slice(None)) -> np.ndarray:
        result = digit(offset, rows).astype(np.int64) - 48
        for k in range(offset + 1, offset + size):
            result = result * 10 + digit(k, rows) - 48
        return result

    year, month, day = number(0, 4), number(5, 2), number(8, 2)
    first = int(year.min())
    days = _day_numbers(first, int(year.max()))[(year - first) * 372 + (month - 1) * 31 + day - 1]
    result = (days * 86400 + number(11, 2) * 3600 + number(14, 2) * 60 + number(17, 2)) * MICRO
    if fraction is not None:
        result[fraction] += number(20, 6, fraction)
    return result


def _day_numbers(first: int, last: int) -> np.ndarray:
    """Days since 1970 by ``(year - first) * 372 + (month - 1) * 31 + day - 1`` (impossible dates unused)."""
    table = np.zeros((last - first + 1) * 372, np.int64)
    epoch = date(1970, 1, 1).toordinal()
    for year in range(first, last + 1):
        for month in range(1, 13):
            start = date(year, month, 1).toordinal() - epoch
            base = (year - first) * 372 + (month - 1) * 31
            table[base : base + 31] = np.arange(start, start + 31)
    return table


@dataclass
class _Range:
    """One range's contacts, parsed in the thread that read them."""

    customer: np.ndarray
    micros: np.ndarray
    kind: np.ndarray  # OUTBOUND, INBOUND or SUBJECT per row
    minutes: np.ndarray
    complaint: np.ndarray  # the SUBJECT rows': complaint, id and subject (an index into ``texts``)
    subject_ids: np.ndarray
    subjects: np.ndarray
    texts: list
    abusive: tuple[np.ndarray, np.ndarray]  # the abusive contacts: customer, contact
    named: tuple[np.ndarray, ...]  # a row per contact and recipient key: customer, key, time, contact
    keys: list  # the recipient keys ``named`` numbers


def _json(value) -> list:
    return (json.loads(value) if isinstance(value, str) else value) or []


def _parse(row: tuple) -> _Range:
    packed, at, minutes, complaint, ids, subjects, sparse = row
    packed = _ints(packed)
    subjects = _json(subjects)
    number = {text: n for n, text in enumerate(dict.fromkeys(subjects))}
    abusive, named, keys = _digest(_json(sparse))
    return _Range(
        customer=packed >> 2,
        micros=_micros(at),
        kind=(packed & 3).astype(np.uint8),
        minutes=_ints(minutes),
        complaint=_ints(complaint),
        subject_ids=_ints(ids),
        subjects=np.fromiter(map(number.__getitem__, subjects), np.int64, count=len(subjects)),
        texts=list(number),
        abusive=abusive,
        named=named,
        keys=keys,
    )


def _digest(sparse: list) -> tuple[tuple, tuple, list]:
    """From one range's rows with recipients or behaviour (customer, contact, time text, recipients and behaviour
    as JSON text): the abusive contacts, a row per contact and recipient key it names, and those keys. Each
    distinct recipients or behaviour text is read once."""
    if not sparse:
        none = np.zeros(0, np.int64)
        return (none, none), (none, none, none, none), []
    customer, contact, at, named, behaviour = zip(*sparse, strict=True)
    customer, contact = np.array(customer, np.int64), np.array(contact, np.int64)
    rude = {raw: calc.is_abusive(json.loads(raw)) for raw in set(behaviour)}
    abusive = np.fromiter(map(rude.__getitem__, behaviour), bool, count=len(behaviour))
    numbers: dict[str, int] = {}  # recipient key -> its number in this range
    names = {
        raw: [
            numbers.setdefault(key, len(numbers))
            for key in dict.fromkeys(map(calc.recipient_key, json.loads(raw)))
            if key
        ]
        for raw in set(named)
    }
    per_row = [names[raw] for raw in named]
    counts = np.fromiter(map(len, per_row), np.int64, count=len(per_row))
    keys = np.fromiter(itertools.chain.from_iterable(per_row), np.int64, count=int(counts.sum()))
    row = np.repeat(np.arange(len(per_row)), counts)
    micros = _micros(",".join(at))
    return (customer[abusive], contact[abusive]), (customer[row], keys, micros[row], contact[row]), list(numbers)


def rebuild(customer_ids: list[int] | None) -> int:
    """Rebuild the state of ``customer_ids`` (every customer when None) from their contacts, in one transaction;
    returns how many have contacts."""
    sql = _Sql(connection.vendor)
    apart = sql.sqlite and customer_ids is None and not connection.in_atomic_block
    now = timezone.now()
    now = now.replace(tzinfo=None).isoformat(" ") if sql.sqlite else now
    table = IndicatorState._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        scope, scan = "TRUE", True
        if customer_ids is not None:
            wanted = set(customer_ids)
            cursor.execute("CREATE TEMPORARY TABLE IF NOT EXISTS fc_recompute (id bigint PRIMARY KEY)")
            cursor.execute("DELETE FROM fc_recompute")
            _insert(cursor, "fc_recompute", "id", [(i,) for i in wanted])
            scope = "customer_id IN (SELECT id FROM fc_recompute)"
            cursor.execute("SELECT count(*) FROM records_customer")
            scan = len(wanted) * 10 > cursor.fetchone()[0]  # a few customers: through their index
        cursor.execute("SELECT (SELECT min(id) FROM records_contact), (SELECT max(id) FROM records_contact)")
        low, high = cursor.fetchone()
        step = RANGE if scan else (high or 0) + 1
        starts = range(low or 0, (high or -1) + 1, step)
        delete = f"DELETE FROM {table}" + ("" if scope == "TRUE" else f" WHERE {scope}")
        if apart:
            jobs = [
                (
                    connection.settings_dict["NAME"],
                    [sql.read(f"customer_id % {PARTS} = {k}", True, start, start + step - 1) for start in starts],
                    now,
                )
                for k in range(PARTS)
            ]
            with ProcessPoolExecutor(PARTS, mp_context=multiprocessing.get_context("fork")) as pool:
                parts = [pool.submit(_fold_apart, job) for job in jobs]
                cursor.execute(delete)
                written = 0
                for part in as_completed(parts):  # the first part is written while the other is still folded
                    rows = part.result()
                    _insert(cursor, table, COLUMNS, rows)
                    written += len(rows)
            return written
        ranges = []
        for start in starts:
            cursor.execute(sql.read(scope, scan, start, start + step - 1))
            ranges.append(_parse(cursor.fetchone()))
        rows = _fold(ranges, sql.sqlite, now)
        cursor.execute(delete)
        _insert(cursor, table, COLUMNS, rows)
    return len(rows)


def _fold_apart(job: tuple) -> list[tuple]:
    """:func:`_fold` of one part of the customers, read and folded in a process of its own (SQLite lets
    readers run beside the writer, and the write lock the caller took first keeps them consistent with it)."""
    path, queries, now = job
    reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        ranges = [_parse(reader.execute(query).fetchone()) for query in queries]
    finally:
        reader.close()
    return _fold(ranges, True, now, beside=True)


def _fold(ranges: list[_Range], sqlite: bool, now, *, beside: bool = False) -> list[tuple]:
    """The rows of the state table (:data:`COLUMNS`) for the customers with contacts in ``ranges``.

    With ``beside`` the numpy fold (which releases the GIL) runs in a thread beside the Python one: faster, but
    both folds' working memory is held at once (~70 MB more per million contacts), so only the full recompute's
    worker processes use it; an import's recompute keeps within its memory bound.
    """
    if not beside:
        states = _dense(ranges)
        abusive, recipients = _sparse(ranges)
        return _rows(states, abusive, recipients, _subjects(ranges), sqlite, now)
    with ThreadPoolExecutor(1) as pool:
        dense = pool.submit(_dense, ranges)
        abusive, recipients = _sparse(ranges)
        subjects = _subjects(ranges)
        states = dense.result()
    return _rows(states, abusive, recipients, subjects, sqlite, now)


def _join(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, np.int64)


def _dense(ranges: list[_Range]) -> dict:
    """Per customer with contacts: the count, staff minutes, last contact and fullest 7-day window."""
    customer = _join([r.customer for r in ranges])
    micros = _join([r.micros for r in ranges])
    inbound = _join([r.kind for r in ranges]) != OUTBOUND
    low = int(customer.min()) if len(customer) else 0
    offset = customer - low
    counts = np.bincount(offset)
    minutes = np.zeros(len(counts), np.int64)
    np.add.at(minutes, offset, _join([r.minutes for r in ranges]))
    last = np.full(len(counts), np.iinfo(np.int64).min)
    np.maximum.at(last, offset, micros)
    window, start = calc.best_windows(offset[inbound], micros[inbound] // MICRO, len(counts))
    present = np.flatnonzero(counts)
    return {
        "ids": present + low,
        "contacts": counts[present],
        "minutes": minutes[present],
        "last": last[present],
        "window": window[present],
        "start": start[present],
    }


def _groups(*columns: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """The order that sorts rows by ``columns`` (the last first, as ``lexsort``), and where each run of equal
    last-column values starts and ends in it."""
    order = np.lexsort(columns)
    return order, [*calc.run_starts(columns[-1][order]).tolist(), len(order)]


def _sparse(ranges: list[_Range]) -> tuple[dict, dict]:
    """Per customer, ``(JSON text, count)`` of the abusive contacts and of the first contact naming each
    recipient (the earliest, then the lowest id)."""
    customer, contact = (_join([r.abusive[k] for r in ranges]) for k in range(2))
    order, bounds = _groups(contact, customer)
    customers, contacts = customer[order].tolist(), contact[order].tolist()
    abusive = {
        customers[lo]: (f"[{', '.join(map(str, contacts[lo:hi]))}]", hi - lo) for lo, hi in itertools.pairwise(bounds)
    }
    numbers: dict[str, int] = {}  # recipient key -> its number across the ranges
    keys = []
    for r in ranges:
        renumber = np.array([numbers.setdefault(key, len(numbers)) for key in r.keys], np.int64)
        keys.append(renumber[r.named[1]])
    customer, micros, contact = (_join([r.named[k] for r in ranges]) for k in (0, 2, 3))
    key = _join(keys)
    order = np.lexsort((contact, micros, key, customer))  # each customer's keys, each key's first contact first
    first = order[calc.run_starts(customer[order], key[order])]
    order, bounds = _groups(contact[first], micros[first], customer[first])  # each customer's keys in time order
    chosen = first[order]
    quoted = [json.dumps(text) for text in numbers]
    entries = [
        f'{quoted[k]}: ["{stamp}", {c}]'
        for k, stamp, c in zip(key[chosen].tolist(), _stamps(micros[chosen]), contact[chosen].tolist(), strict=True)
    ]
    owners = customer[chosen].tolist()
    recipients = {owners[lo]: ("{" + ", ".join(entries[lo:hi]) + "}", hi - lo) for lo, hi in itertools.pairwise(bounds)}
    return abusive, recipients


def _subjects(ranges: list[_Range]) -> dict:
    """Per customer, ``(JSON text, most changes on one complaint)`` of the subject changes per complaint."""
    codes: dict = {}  # subject key -> its number, from 1
    code_of: dict = {}  # subject as stored -> its key's number, 0 when it has none
    parts = []
    for r in ranges:
        for text in r.texts:
            if text not in code_of:
                key = calc.subject_key(text)
                code_of[text] = codes.setdefault(key, len(codes) + 1) if key else 0
        numbers = np.array([code_of[text] for text in r.texts], np.int64)
        subject = r.kind == SUBJECT
        parts.append((r.complaint, r.subject_ids, r.micros[subject], r.customer[subject], numbers[r.subjects]))
    complaint, ids, micros, customer, code = (_join([part[k] for part in parts]) for k in range(5))
    keep = code > 0
    if not keep.any():
        return {}
    complaint, ids, micros, customer, code = complaint[keep], ids[keep], micros[keep], customer[keep], code[keep]
    order, changed, first, last = calc.subject_runs(complaint, micros, ids, code)
    starts = np.searchsorted(changed, first, side="right")
    ends = np.searchsorted(changed, last, side="right")
    moved = [f"{i}, " for i in ids[order][changed].tolist()]  # the ids where a subject changed, as one text
    offsets = np.r_[0, np.cumsum(np.fromiter(map(len, moved), np.int64, count=len(moved)))].tolist()
    moved = "".join(moved)
    final = order[last]
    quoted = {number: json.dumps(key) for key, number in codes.items()}
    entries = [
        f'"{complaint_id}": {{"changes": {hi - lo}, "ids": [{moved[offsets[lo] : offsets[hi] - 2]}], '
        f'"last": ["{stamp}", {final_id}, {quoted[final_code]}]}}'
        for complaint_id, lo, hi, stamp, final_id, final_code in zip(
            complaint[final].tolist(),
            starts.tolist(),
            ends.tolist(),
            _stamps(micros[final]),
            ids[final].tolist(),
            code[final].tolist(),
            strict=True,
        )
    ]
    by_customer, bounds = _groups(customer[final])
    owners = customer[final][by_customer].tolist()
    most = np.maximum.reduceat((ends - starts)[by_customer], bounds[:-1]).tolist()
    return {
        owners[lo]: ("{" + ", ".join(entries[i] for i in by_customer[lo:hi].tolist()) + "}", changes)
        for (lo, hi), changes in zip(itertools.pairwise(bounds), most, strict=True)
    }


def _stamps(micros: np.ndarray) -> list[str]:
    """:func:`calculate.stamp` of many times at once."""
    return np.datetime_as_string(micros.astype("datetime64[us]"), unit="us").tolist()


def _rows(states: dict, abusive: dict, recipients: dict, subjects: dict, sqlite: bool, now) -> list[tuple]:
    def moments(micros: np.ndarray) -> list[str]:
        if sqlite:  # Django's own text form: UTC, a space, microseconds only when there are some
            return [s.replace("T", " ").removesuffix(".000000") for s in _stamps(micros)]
        return [f"{s}+00:00" for s in _stamps(micros)]

    none, nothing = ("[]", 0), ("{}", 0)
    return [
        (
            customer_id,
            contacts,
            minutes,
            count,
            start if count else None,
            *abusive.get(customer_id, none),
            *recipients.get(customer_id, nothing),
            *subjects.get(customer_id, nothing),
            last,
            now,
        )
        for customer_id, contacts, minutes, count, start, last in zip(
            states["ids"].tolist(),
            states["contacts"].tolist(),
            states["minutes"].tolist(),
            states["window"].tolist(),
            moments(states["start"] * MICRO),
            moments(states["last"]),
            strict=True,
        )
    ]


def _insert(cursor, table: str, columns: str, rows: list[tuple]) -> None:
    """Many rows at once: ``executemany`` on SQLite, ``COPY`` on PostgreSQL (its executemany is row by row)."""
    if connection.vendor == "sqlite":
        marks = ", ".join(["%s"] * len(columns.split(",")))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        return
    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)

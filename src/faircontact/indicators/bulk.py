"""Rebuilding the indicator state of many customers at once, for imports and repairs.

The contacts are read in id ranges, in table order. For each range the database hands every column needed
for every row over as one comma-separated string (``group_concat`` / ``string_agg``) that numpy parses: the
customer, the time (text, parsed to microseconds since 1970 UTC), the direction and the staff minutes. Only
the rows that carry the sparse columns come with more: inbound contacts about a complaint with a subject (the
complaint, id, time and subject), and inbound contacts with recipients or behaviour (as JSON). numpy then
folds everything per customer: totals, staff minutes and the last contact, the fullest 7-day window
(:func:`calculate.best_windows`) and the subject changes per complaint (:func:`calculate.subject_runs`, each
distinct subject normalised once by :func:`calculate.subject_key`).

On a SQLite file, a full recompute that is not inside a caller's transaction reads the ranges on two
connections at once (the write lock taken first keeps them consistent with this one); otherwise everything
runs on Django's connection, which also sees the caller's uncommitted rows.
"""

from __future__ import annotations

import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from . import calculate as calc
from .models import IndicatorState

MICRO = 1_000_000
RANGE = 500_000  # contact ids per read
READERS = 2
COMMA = ord(",")
_SUBJECT = "direction = 'inbound' AND complaint_id IS NOT NULL AND subject <> ''"


class _Sql:
    """The few expressions in which SQLite and PostgreSQL differ."""

    def __init__(self, vendor: str):
        self.sqlite = vendor == "sqlite"
        if self.sqlite:
            self.at = "occurred_at"  # stored as UTC text
            self.empty = "'[]'"
            self.rows = "json_group_array(json_array({}))"
            self.inbound = "CAST(group_concat(direction = 'inbound', '') AS BLOB)"
        else:
            self.at = "to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
            self.empty = "'[]'::jsonb"
            self.rows = "json_agg(json_build_array({}))"
            self.inbound = "string_agg(CASE WHEN direction = 'inbound' THEN '1' ELSE '0' END, '')"

    def concat(self, expression: str, where: str = "") -> str:
        """The values of ``expression`` (never NULL) joined by commas, over the rows that match ``where``."""
        only = f" FILTER (WHERE {where})" if where else ""
        if self.sqlite:
            return f"CAST(group_concat({expression}){only} AS BLOB)"
        return f"string_agg(({expression})::text, ','){only}"

    def contacts(self, scan: bool) -> str:
        """The contacts table; read in table order when ``scan`` (SQLite would otherwise pick an index)."""
        return f"records_contact{' NOT INDEXED' if self.sqlite and scan else ''}"

    def read(self, scope: str, scan: bool, low: int, high: int) -> str:
        """One range's columns: every row, then the subject rows, then the recipient or behaviour rows."""
        sparse = f"direction = 'inbound' AND (recipients <> {self.empty} OR behaviour <> {self.empty})"
        subject = "json_group_array(subject)" if self.sqlite else "json_agg(subject)"
        return (
            f"SELECT {self.concat('customer_id')}, {self.concat(self.at)}, "
            f"{self.inbound}, {self.concat('staff_minutes')}, "
            f"{self.concat('complaint_id', _SUBJECT)}, {self.concat('id', _SUBJECT)}, "
            f"{self.concat(self.at, _SUBJECT)}, {subject} FILTER (WHERE {_SUBJECT}), "
            f"{self.rows.format(f'customer_id, id, {self.at}, recipients, behaviour')} FILTER (WHERE {sparse}) "
            f"FROM {self.contacts(scan)} WHERE id BETWEEN {int(low)} AND {int(high)} AND {scope}"
        )


def _bytes(value) -> bytes:
    return value.encode() if isinstance(value, str) else bytes(value or b"")


def _ints(value) -> np.ndarray:
    return np.fromstring(_bytes(value), dtype=np.int64, sep=",") if value else np.zeros(0, np.int64)


def _fields(value) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The buffer of comma-separated ``value`` and where each field starts and ends."""
    buffer = np.frombuffer(_bytes(value), np.uint8)
    if not len(buffer):
        return buffer, np.zeros(0, np.int64), np.zeros(0, np.int64)
    commas = np.flatnonzero(buffer == COMMA)
    return buffer, np.r_[0, commas + 1], np.r_[commas, len(buffer)]


def _micros(value) -> np.ndarray:
    """Microseconds since 1970 of comma-separated UTC times ``YYYY-MM-DD HH:MM:SS[.ffffff]``."""
    buffer, starts, ends = _fields(value)
    if not len(starts):
        return np.zeros(0, np.int64)

    def number(offset: int, width: int, at=starts) -> np.ndarray:
        result = np.zeros(len(at), np.int64)
        for k in range(width):
            result = result * 10 + buffer[at + offset + k] - 48
        return result

    year, month, day = number(0, 4), number(5, 2), number(8, 2)
    first = int(year.min())
    days = _day_numbers(first, int(year.max()))[(year - first) * 372 + (month - 1) * 31 + day - 1]
    result = (days * 86400 + number(11, 2) * 3600 + number(14, 2) * 60 + number(17, 2)) * MICRO
    fraction = np.flatnonzero(ends - starts > 20)
    result[fraction] += number(20, 6, starts[fraction])
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
    customer: np.ndarray
    micros: np.ndarray
    inbound: np.ndarray
    minutes: np.ndarray
    complaint: np.ndarray
    subject_ids: np.ndarray
    subject_micros: np.ndarray
    subjects: list
    sparse: list


def _parse(row: tuple) -> _Range:
    customer, at, inbound, minutes, complaint, ids, subject_at, subjects, sparse = row
    return _Range(
        customer=_ints(customer),
        micros=_micros(at),
        inbound=np.frombuffer(_bytes(inbound), np.uint8) == ord("1"),
        minutes=_ints(minutes),
        complaint=_ints(complaint),
        subject_ids=_ints(ids),
        subject_micros=_micros(subject_at),
        subjects=(json.loads(subjects) if isinstance(subjects, str) else subjects) or [],
        sparse=(json.loads(sparse) if isinstance(sparse, str) else sparse) or [],
    )


def rebuild(customer_ids: list[int] | None) -> int:
    """Rebuild the state of ``customer_ids`` (every customer when None) from their contacts, in one transaction;
    returns how many have contacts."""
    sql = _Sql(connection.vendor)
    apart = sql.sqlite and customer_ids is None and not connection.in_atomic_block
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
        queries = [sql.read(scope, scan, start, start + step - 1) for start in range(low or 0, (high or -1) + 1, step)]
        if apart:
            ranges = _read_apart(queries)
        else:
            ranges = []
            for query in queries:
                cursor.execute(query)
                ranges.append(_parse(cursor.fetchone()))
        rows = _Range(*(_join([getattr(r, f) for r in ranges]) for f in _Range.__dataclass_fields__))
        del ranges
        states = _dense(rows)
        _sparse(rows.sparse, states)
        _subjects(cursor, scope, rows, states)
        _write(cursor, states, customer_ids is None)
    return len(states["ids"])


def _join(parts: list) -> np.ndarray | list:
    if parts and isinstance(parts[0], list):
        return [item for part in parts for item in part]
    return np.concatenate(parts) if parts else np.zeros(0, np.int64)


def _read_apart(queries: list[str]) -> list[_Range]:
    """The ranges read on :data:`READERS` connections of their own, in threads (SQLite lets readers run beside
    the writer; ``sqlite3`` releases the GIL while a query runs)."""
    path = connection.settings_dict["NAME"]

    def read(share: list[str]) -> list[_Range]:
        reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return [_parse(reader.execute(query).fetchone()) for query in share]
        finally:
            reader.close()

    with ThreadPoolExecutor(READERS) as pool:
        shares = list(pool.map(read, [queries[k::READERS] for k in range(READERS)]))
    return [r for share in shares for r in share]


def _dense(rows: _Range) -> dict:
    """Per customer with contacts: the count, staff minutes, last contact and fullest 7-day window."""
    low = int(rows.customer.min()) if len(rows.customer) else 0
    offset = rows.customer - low
    counts = np.bincount(offset)
    present = np.flatnonzero(counts)
    owner = (np.cumsum(counts > 0) - 1)[offset]
    size = len(present)
    minutes = np.zeros(size, np.int64)
    np.add.at(minutes, owner, rows.minutes)
    last = np.full(size, np.iinfo(np.int64).min)
    np.maximum.at(last, owner, rows.micros)
    window, start = calc.best_windows(owner[rows.inbound], rows.micros[rows.inbound] // MICRO, size)
    return {
        "ids": present + low,
        "contacts": counts[present],
        "minutes": minutes,
        "last": last,
        "window": window,
        "start": start,
        "abusive": {},
        "recipients": {},
        "subjects": {},
    }


def _sparse(sparse: list, states: dict) -> None:
    """Abusive contacts and the first contact naming each recipient (as JSON text), from the rows with either."""
    abusive, firsts = states["abusive"], {}
    keys: dict = {}  # recipients as stored -> their keys, and behaviour as stored -> abusive or not: once each
    rude: dict = {}
    for customer_id, contact_id, at, named, behaviour in sparse:
        raw = behaviour if isinstance(behaviour, str) else tuple(behaviour)
        if raw not in rude:
            rude[raw] = calc.is_abusive(json.loads(raw) if isinstance(raw, str) else raw)
        if rude[raw]:
            abusive.setdefault(customer_id, []).append(contact_id)
        raw = named if isinstance(named, str) else tuple(named)
        if raw not in keys:
            keys[raw] = [k for k in map(calc.recipient_key, json.loads(raw) if isinstance(raw, str) else raw) if k]
        if keys[raw]:
            found = firsts.setdefault(customer_id, {})
            order = (at, contact_id)  # the times are fixed-format UTC text: text order is time order
            for key in keys[raw]:
                if key not in found or order < found[key]:
                    found[key] = order
    times = [at for found in firsts.values() for at, _ in found.values()]
    stamps = iter(_stamps(_micros(",".join(times))))
    quoted = {key: json.dumps(key) for found in firsts.values() for key in found}
    states["recipients"] = {
        customer_id: (
            len(found),
            "{" + ", ".join(f'{quoted[key]}: ["{next(stamps)}", {i}]' for key, (_, i) in found.items()) + "}",
        )
        for customer_id, found in firsts.items()
    }


def _subjects(cursor, scope: str, rows: _Range, states: dict) -> None:
    """Per complaint, the subject changes of its inbound contacts (as JSON text per customer)."""
    code_of, codes = {}, {}
    for subject in set(rows.subjects):
        key = calc.subject_key(subject)
        code_of[subject] = codes.setdefault(key, len(codes) + 1) if key else 0
    code = np.fromiter(map(code_of.__getitem__, rows.subjects), np.int64, count=len(rows.subjects))
    keep = code > 0
    if not keep.any():
        return
    complaint, ids, micros, code = rows.complaint[keep], rows.subject_ids[keep], rows.subject_micros[keep], code[keep]
    order, changed, first, last = calc.subject_runs(complaint, micros, ids, code)
    moved = list(map(str, ids[order][changed].tolist()))
    starts = np.searchsorted(changed, first, side="right").tolist()
    ends = np.searchsorted(changed, last, side="right").tolist()
    final = order[last]
    quoted = {number: json.dumps(key) for key, number in codes.items()}
    cursor.execute(f"SELECT id, customer_id FROM records_complaint WHERE {scope}")
    owner = dict(cursor.fetchall())
    entries: dict[int, list] = {}
    for complaint_id, lo, hi, stamp, final_id, final_code in zip(
        complaint[final].tolist(), starts, ends, _stamps(micros[final]), ids[final].tolist(), code[final].tolist(),
        strict=True,
    ):
        entries.setdefault(owner[complaint_id], []).append(
            (
                hi - lo,
                f'"{complaint_id}": {{"changes": {hi - lo}, "ids": [{", ".join(moved[lo:hi])}], '
                f'"last": ["{stamp}", {final_id}, {quoted[final_code]}]}}',
            )
        )
    states["subjects"] = {
        customer_id: (max(n for n, _ in items), "{" + ", ".join(text for _, text in items) + "}")
        for customer_id, items in entries.items()
    }


def _stamps(micros: np.ndarray) -> list[str]:
    """:func:`calculate.stamp` of many times at once."""
    return np.datetime_as_string(micros.astype("datetime64[us]"), unit="us").tolist()


def _write(cursor, states: dict, everyone: bool) -> None:
    table = IndicatorState._meta.db_table
    cursor.execute(
        f"DELETE FROM {table}" + ("" if everyone else " WHERE customer_id IN (SELECT id FROM fc_recompute)")
    )
    ids = states["ids"]
    if not len(ids):
        return
    sqlite = connection.vendor == "sqlite"

    def moments(micros: np.ndarray) -> list[str]:
        if sqlite:  # Django's own text form: UTC, a space, microseconds only when there are some
            return [s.replace("T", " ").removesuffix(".000000") for s in _stamps(micros)]
        return [f"{s}+00:00" for s in _stamps(micros)]

    window = states["window"].tolist()
    starts = [s if n else None for s, n in zip(moments(states["start"] * MICRO), window, strict=True)]
    now = timezone.now()
    now = now.replace(tzinfo=None).isoformat(" ") if sqlite else now
    abusive, recipients, subjects = states["abusive"], states["recipients"], states["subjects"]
    nothing = (0, "{}")
    rows = []
    for customer_id, contacts, minutes, count, start, last in zip(
        ids.tolist(),
        states["contacts"].tolist(),
        states["minutes"].tolist(),
        window,
        starts,
        moments(states["last"]),
        strict=True,
    ):
        flagged = sorted(abusive.get(customer_id, ()))
        named, named_text = recipients.get(customer_id, nothing)
        changes, subjects_text = subjects.get(customer_id, nothing)
        rows.append(
            (
                customer_id,
                contacts,
                minutes,
                count,
                start,
                f"[{', '.join(map(str, flagged))}]",
                len(flagged),
                named_text,
                named,
                subjects_text,
                changes,
                last,
                now,
            )
        )
    columns = (
        "customer_id, contacts, staff_minutes, max_window, max_window_start, abusive, abusive_count, "
        "recipients, recipient_count, subjects, subject_changes, last_contact_at, updated_at"
    )
    _insert(cursor, table, columns, rows)


def _insert(cursor, table: str, columns: str, rows: list[tuple]) -> None:
    """Many rows at once: ``executemany`` on SQLite, ``COPY`` on PostgreSQL (its executemany is row by row)."""
    if connection.vendor == "sqlite":
        marks = ", ".join(["%s"] * len(columns.split(",")))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        return
    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)

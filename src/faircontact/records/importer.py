"""Bulk import of contacts from CSV at close to the database's own insert speed.

Columns are the contact fields of the API contract (:data:`FIELDS`, any order). ``customer`` may hold the
customer's id or reference (``customer_reference`` also works); ``complaint`` the complaint's id or reference. Lists
(``recipients``, ``behaviour``) are separated by ``;``. A header with a column the import does not read, or one
named twice, is refused naming it, and so is a row with more values than the header has columns: nothing in the
file is silently left out.

The contract: every row is validated by ``services.validate_contact`` itself (the same rules and messages as
``POST /contacts``, after the row's text is read into values: ids or references, dates, numbers); a file with
any bad row imports nothing and reports each bad row by line number (the first :data:`MAX_ERRORS`); a row
whose ``external_id`` is already stored is skipped, so importing a file twice adds nothing; an
``external_id`` twice in one file is a bad row. One audit event records the import, and the indicators of
every customer it touched are recomputed before it commits (``CONTACTS_IMPORTED``: indicators, register).

How it stays fast and small: the file is streamed once, row by row, inside one transaction; rows go to
the database in batches (written even after a bad row, so that every duplicate is found, then rolled
back), written by a second thread on the same connection while the next batch is parsed, bypassing the
ORM. On SQLite a batch goes in a few statements of :data:`SQLITE_ROWS` rows each, ``INSERT … VALUES (…), (…), …
ON CONFLICT (external_id) DO NOTHING``: the database works through each without the interpreter lock, which
``executemany`` takes back after every row, so the two threads had run one at a time; and while a file is imported
the lock changes hands every :data:`SWITCH_INTERVAL` seconds rather than every 5 ms, so the writing thread is not
kept waiting for it after each statement (:func:`_import_mode`, ``docs/performance.md``). On
PostgreSQL ``COPY`` straight into the table under a savepoint, or, when a batch clashes on ``external_id``
(and for the batches after it until one goes in whole), ``COPY`` into a staging table then ``INSERT …
ON CONFLICT DO NOTHING``. Only batches in which a row was skipped are
looked at again, to tell stored contacts from duplicates in the file. Memory holds the lookup tables and
four batches at most, whatever the size of the file.

Every row gets the gate's guidance, as a contact logged by hand does (``IMPORT_GATE``: the gate app's
``gate.services.ImportGate``). Contacts of customers under a communication protocol go through
``gate.services.guidance_for`` one by one, so that breaches are recorded (000 §8.4, 003 §35). The others go
through the same ``gate.services.guidance_with`` with what the gate reads of their customer (complaints'
summaries, open markers; no protocol is in force) loaded once for the import, a batch at a time: the text checks
(possible abuse, same issue) of a batch's distinct texts are made together, the models' arithmetic over the whole
batch, and remembered for the rest of the import (``gate.services.TextChecks``); the guidance's JSON is made once per
shape of contact and each row's same issue written into it (``ImportGate.guidance_json_many``). The cyclic garbage
collector is off while a file is imported (:func:`_import_mode`).
"""

from __future__ import annotations

import csv
import gc
import io
import json
import operator
import queue
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import psycopg
from django.db import connection, transaction
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from faircontact.core import clock
from faircontact.core.audit import record_event
from faircontact.core.errors import InvalidInput
from faircontact.core.limits import CONTROL, field_limit
from faircontact.core.profiles import active_profile

from .models import Complaint, Contact, Customer, Marker, Representative
from .services import validate_contact

#: ``(tz, profile) -> gate``: the gate app's ``gate.services.ImportGate``, set in its ``AppConfig.ready`` (every row
#: goes through the gate).
IMPORT_GATE: list[Callable] = []
#: Functions ``(customer_ids)`` run once per file in the import's transaction for the customers it touched (the
#: indicators recomputed, the register's last contacts); each app adds its own in ``AppConfig.ready``.
CONTACTS_IMPORTED: list[Callable] = []
BATCH = 5000
#: records made for the rules remembered at most, then made again as rows name them: one for each customer, complaint
#: and representative named would otherwise stay for the whole import (~1 kB each)
STAND_INS = 20_000
#: the JSON of lists of recipients or behaviours remembered at most, then made again
LISTS = 1000
MAX_ERRORS = 1000
#: SQLite page cache during an import, so that the contacts table's index pages mostly stay in memory (64 MB:
#: with 128 MB a 1 GB file peaked at 509 MB resident, over the 500 MB bound; the speed was the same).
SQLITE_CACHE_KIB = 65536
TRUE = {"1", "true", "yes", "y"}
COLUMNS = (
    "customer_id",
    "occurred_at",
    "channel",
    "direction",
    "staff_id",
    "staff_minutes",
    "complaint_id",
    "recipients",
    "subject",
    "body",
    "urgent",
    "health_and_safety",
    "from_representative_id",
    "request_type",
    "behaviour",
    "scope",
    "external_id",
    "guidance",
    "breach",
    "created_at",
)
#: CSV columns read, in the order ``_Parser.parse`` unpacks them.
FIELDS = (
    "customer",
    "customer_reference",
    "occurred_at",
    "channel",
    "direction",
    "staff_minutes",
    "complaint",
    "from_representative",
    "behaviour",
    "request_type",
    "external_id",
    "recipients",
    "subject",
    "body",
    "urgent",
    "health_and_safety",
    "scope",
)
_EXTERNAL_ID = COLUMNS.index("external_id")
#: on SQLite, the rows of one ``INSERT`` at most (fewer if the library allows fewer than 20,000 bound values): a few
#: statements per batch, so the writing thread waits for the interpreter lock a few times per batch, not every row
SQLITE_ROWS = 1000
#: seconds between the interpreter lock's hand-overs while a file is imported (Python's default is 0.005): 100,000
#: rows took 3.0-3.3 s with the default, 2.4-2.7 s with this (``docs/performance.md``)
SWITCH_INTERVAL = 0.0002


@dataclass
class ImportResult:
    created: int = 0
    skipped_existing: int = 0
    errors: list[dict] = field(default_factory=list)
    imported: bool = False
    rows: int = 0

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "skipped_existing": self.skipped_existing,
            "errors": self.errors,
            "imported": self.imported,
            "rows": self.rows,
        }


class _Rejected(Exception):
    """Raised inside the transaction to roll back a file with bad rows."""


class _Counting(io.RawIOBase):
    """Counts the bytes read from an uploaded or opened binary file, for progress."""

    def __init__(self, raw):
        self.raw, self.bytes_read = raw, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.bytes_read += len(data)
        return len(data)


class _Lookups:
    """Customers, complaints and representatives by id or reference, the customers under a protocol in force, and
    what the gate reads of the others (complaints' summaries, open markers): loaded once per import."""

    def __init__(self):
        self.customers: dict[str, int] = {}
        for pk, reference in Customer.objects.values_list("id", "reference").iterator(chunk_size=20000):
            self.customers[str(pk)] = self.customers[reference] = pk
        self.complaints: dict[str, tuple[int, int, int | None, str]] = {}
        #: each customer's ``(complaint id, summary)`` pairs in ``Complaint``'s default order, as the gate reads them
        self.summaries: dict[int, list[tuple[int, str]]] = {}
        rows = Complaint.objects.values_list("id", "reference", "customer_id", "business_unit_id", "summary")
        for pk, reference, customer_id, unit_id, summary in rows.iterator(chunk_size=20000):
            self.complaints[str(pk)] = self.complaints[reference] = (pk, customer_id, unit_id, reference)
            self.summaries.setdefault(customer_id, []).append((pk, summary))
        self.representatives = {
            str(pk): (pk, customer_id, relationship)
            for pk, customer_id, relationship in Representative.objects.values_list("id", "customer_id", "relationship")
        }
        self.markers: dict[int, list[str]] = {}
        for customer_id, kind in Marker.objects.filter(ended_on__isnull=True).values_list("customer_id", "type"):
            self.markers.setdefault(customer_id, []).append(kind)
        self._stand_ins: dict[tuple, Customer | Complaint | Representative] = {}
        self.db = connection.alias

    def _stand_in(self, model, pk: int, **values):
        """The stored row ``pk`` of ``model`` as Django loads it with ``.only()``: the id and the fields the rules
        read (``values``, from the look-up tables), any other field read from the database if something asks for
        it (``tests/test_import.py``); made once per record per import.

        Built as Django's own unpickling builds an instance (``__new__``, then its attributes), not through
        ``Model.__init__``, whose work per field (defaults for the fields not given) was about a sixth of the
        import's time with 50,000 customers (``docs/performance.md``); ``validate_contact`` and the gate see the
        same instance either way."""
        if (found := self._stand_ins.get((model, pk))) is None:
            if len(self._stand_ins) >= STAND_INS:
                self._stand_ins.clear()
            found = self._stand_ins[model, pk] = model.__new__(model)
            found._state = ModelState()
            found._state.adding, found._state.db = False, self.db
            found.__dict__.update(values)
            found.__dict__[model._meta.pk.attname] = pk
        return found

    def release(self) -> None:
        """Empty the tables once every row is read, so that the customers' indicators are recomputed
        (``CONTACTS_IMPORTED``) in the memory they held: a 1 GB file peaked at 505 MB resident without this, 461 MB
        with it (``docs/performance.md``)."""
        for table in (self.customers, self.complaints, self.summaries, self.representatives, self.markers):
            table.clear()
        self._stand_ins.clear()

    def customer(self, key: str) -> Customer:
        if (pk := self.customers.get(key)) is None:
            raise InvalidInput(f"There is no customer {key!r}.", field="customer")
        return self._stand_in(Customer, pk)

    def complaint(self, key: str) -> Complaint | None:
        if not key:
            return None
        if (found := self.complaints.get(key)) is None:
            raise InvalidInput(f"There is no complaint {key!r}.", field="complaint")
        pk, customer_id, unit_id, reference = found
        return self._stand_in(Complaint, pk, customer_id=customer_id, business_unit_id=unit_id, reference=reference)

    def representative(self, key: str) -> Representative | None:
        if not key:
            return None
        if (found := self.representatives.get(key)) is None:
            raise InvalidInput("There is no such representative.", field="from_representative")
        pk, customer_id, relationship = found
        return self._stand_in(Representative, pk, customer_id=customer_id, relationship=relationship)


def _check_columns(names: list[str]) -> None:
    """Every column of the header is one the import reads, once: a column it would not read is refused, naming it,
    rather than its values silently dropped."""
    unknown = [name or f"column {i} (no name)" for i, name in enumerate(names, start=1) if name not in FIELDS]
    if unknown:
        raise InvalidInput(
            f"The file has columns the import does not read: {', '.join(unknown)}. Remove or rename them; the "
            f"columns are {', '.join(FIELDS)}.",
            field="file",
        )
    if twice := sorted({name for name in names if names.count(name) > 1}):
        raise InvalidInput(f"The header names {', '.join(twice)} more than once.", field="file")


class _Parser:
    """Reads one CSV row (a list of text) into the values ``validate_contact`` checks, has it check them, and
    turns its answer into the values of :data:`COLUMNS`; a bad row raises :class:`InvalidInput`."""

    def __init__(self, header: list[str], lookups: _Lookups, now: datetime, staff_id: int | None):
        names = [h.strip().lower() for h in header]
        if not ({"customer", "customer_reference"} & set(names)):
            raise InvalidInput(
                "The CSV must have a header row with at least customer, occurred_at and channel.", field="file"
            )
        _check_columns(names)
        self.lookups, self.now, self.staff_id = lookups, now, staff_id
        self.index = {name: names.index(name) for name in names}
        self.fields = operator.itemgetter(*(self.index.get(name, len(names)) for name in FIELDS))
        self.width = len(names) + 1
        self.tz = timezone.get_current_timezone()
        self.utc = connection.vendor == "sqlite"
        self.created = self._db_time(now)
        self.body_limit = field_limit("body")
        self.lists: dict[tuple[str, ...], str] = {}
        (make_gate,) = IMPORT_GATE
        self.gate = make_gate(tz=self.tz, profile=active_profile())

    def _db_time(self, moment: datetime):
        """SQLite stores UTC text as Django writes it; PostgreSQL takes the aware datetime."""
        if not self.utc:
            return moment
        if moment.tzinfo is UTC:  # the text without its "+00:00", a call less than converting it
            return str(moment)[:-6]
        return str(moment.astimezone(UTC).replace(tzinfo=None))

    def _occurred_at(self, text: str) -> datetime | None:
        """The row's date and time; without an offset, in the organisation's time zone (``clock.aware``)."""
        if not text:
            return None
        try:
            occurred = datetime.fromisoformat(text)
        except ValueError:
            try:
                occurred = parse_datetime(text)
            except ValueError:
                occurred = None
        if occurred is None:
            raise InvalidInput(
                f"{text!r} is not a date and time in the format YYYY-MM-DDTHH:MM:SS with an optional "
                "offset, like 2026-03-10T09:30:00+00:00.",
                field="occurred_at",
            )
        return occurred if occurred.tzinfo is not None else clock.aware(occurred, field="occurred_at")

    def parse(self, row: list[str]) -> dict:
        """The row's validated contact fields (``validate_contact``'s answer)."""
        if len(row) >= self.width:
            raise InvalidInput(
                f"This row has {len(row)} values but the header has {self.width - 1} columns: a value with a "
                "comma in it must be inside double quotes.",
                field=None,
            )
        if len(row) < self.width - 1:  # a short row: the columns it leaves out are blank
            row += [""] * (self.width - 1 - len(row))
        row.append("")  # the value of every column the header does not have
        (
            customer,
            customer_ref,
            occurred_at,
            channel,
            direction,
            minutes,
            complaint,
            rep,
            behaviour,
            request_type,
            external_id,
            recipients,
            subject,
            body,
            urgent,
            safety,
            scope,
        ) = self.fields(row)
        if CONTROL.search("".join(row)):  # the same refusal as every other input path (issue 14 §6)
            column = next((n for n, i in self.index.items() if i < len(row) and CONTROL.search(row[i])), None)
            raise InvalidInput(
                "Text may not contain control characters (such as NUL) other than tab and new line.", field=column
            )
        if len(body) > self.body_limit:
            raise InvalidInput(f"At most {self.body_limit:,} characters.", field="body")
        lookups = self.lookups
        minutes = minutes.strip() or "0"
        if not (minutes.isascii() and minutes.lstrip("-").isdigit()):
            raise InvalidInput("Staff minutes must be a whole number.", field="staff_minutes")
        return validate_contact(
            {
                "customer": lookups.customer(customer.strip() or customer_ref.strip()),
                "occurred_at": self._occurred_at(occurred_at.strip()),
                "channel": channel.strip(),
                "direction": direction.strip(),
                "staff_minutes": int(minutes),
                "complaint": lookups.complaint(complaint.strip()),
                "from_representative": lookups.representative(rep.strip()),
                "behaviour": [b.strip() for b in behaviour.split(";") if b.strip()] if behaviour.strip() else [],
                "request_type": request_type.strip(),
                "external_id": external_id,
                "recipients": recipients.split(";") if recipients.strip() else [],
                "subject": subject,
                "body": body,
                "urgent": urgent.strip().lower() in TRUE,
                "health_and_safety": safety.strip().lower() in TRUE,
                "scope": scope.strip(),
            },
            now=self.now,
        )

    def batch(self, rows: list[dict]) -> list[tuple]:
        """The values of :data:`COLUMNS` of validated contacts of customers under no protocol in force, with the
        gate's guidance (the batch's text checks made together)."""
        summaries, markers = self.lookups.summaries, self.lookups.markers
        asked = [
            (fields, summaries.get(customer_id, ()), tuple(markers.get(customer_id, ())))
            for fields in rows
            for customer_id in (fields["customer"].id,)
        ]
        guidances = self.gate.guidance_json_many(asked)
        return [self.values(fields, guidance) for fields, guidance in zip(rows, guidances, strict=True)]

    def _json_list(self, values: list[str]) -> str:
        """``json.dumps(values)``, made once per list of values (most rows repeat a few)."""
        if not values:
            return "[]"
        key = tuple(values)
        if (text := self.lists.get(key)) is None:
            if len(self.lists) >= LISTS:
                self.lists.clear()
            text = self.lists[key] = json.dumps(values)
        return text

    def values(self, fields: dict, guidance: str) -> tuple:
        """Validated ``fields`` and their guidance (JSON) as the values of :data:`COLUMNS` (records' ``id``, not the
        ``pk`` property: a call less per read, several per row)."""
        complaint, rep = fields["complaint"], fields["from_representative"]
        return (
            fields["customer"].id,
            self._db_time(fields["occurred_at"]),
            fields["channel"],
            fields["direction"],
            self.staff_id,
            fields["staff_minutes"],
            complaint.id if complaint else None,
            self._json_list(fields["recipients"]),
            fields["subject"],
            fields["body"],
            fields["urgent"],
            fields["health_and_safety"],
            rep.id if rep else None,
            fields["request_type"],
            self._json_list(fields["behaviour"]),
            fields["scope"],
            fields["external_id"],
            guidance,
            False,
            self.created,
        )


@contextmanager
def _page_cache():
    """On SQLite, a :data:`SQLITE_CACHE_KIB` page cache for the import, then the connection's own again."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


_import_mode_lock = threading.Lock()
#: imports running in this process, and the collector's state and switch interval before the first of them
_import_mode_state = {"imports": 0, "gc": True, "interval": sys.getswitchinterval()}


@contextmanager
def _import_mode():
    """The interpreter set for importing while a file is imported. It is the whole process's, so imports running at
    once are counted: the first sets it, the last to end puts back what was there.

    - The cyclic garbage collector off. The look-up tables and the records made for the rules live for the whole
      import, and every batch held until written outlives the young generations, so full collections came every
      batch or two, each walking every object again: about a sixth of the import's time. What the import makes holds
      no reference cycles: it is freed as it goes out of use.
    - The interpreter lock handed between threads every :data:`SWITCH_INTERVAL` seconds. The writing thread releases
      it while SQLite or PostgreSQL works and must take it back after each statement; with the default interval it
      waited up to 5 ms each time while the reading thread ran on, so the reading then waited for the queue of
      batches (``docs/performance.md``)."""
    with _import_mode_lock:
        if not _import_mode_state["imports"]:
            _import_mode_state.update(gc=gc.isenabled(), interval=sys.getswitchinterval())
            gc.disable()
            sys.setswitchinterval(SWITCH_INTERVAL)
        _import_mode_state["imports"] += 1
    try:
        yield
    finally:
        with _import_mode_lock:
            _import_mode_state["imports"] -= 1
            if not _import_mode_state["imports"]:
                sys.setswitchinterval(_import_mode_state["interval"])
                if _import_mode_state["gc"]:
                    gc.enable()


class _Writer:
    """Writes batches of parsed rows on a thread of its own, and counts what was created and what was stored.

    The thread uses the import's own database connection (inside its transaction) through the driver's
    cursor: ``sqlite3`` and psycopg let other threads run while the database works, so the next batch is
    parsed and validated meanwhile. The import's thread touches the connection only after :meth:`wait`.
    """

    def __init__(self, result: ImportResult):
        self.result = result
        self.sqlite = connection.vendor == "sqlite"
        connection.ensure_connection()
        self.cursor = connection.connection.cursor()
        self.mark = "?" if self.sqlite else "%s"
        self.cursor.execute("SELECT COALESCE(MAX(id), 0) FROM records_contact")
        self.first_new_id = self.cursor.fetchone()[0]
        names = ", ".join(COLUMNS)
        if self.sqlite:
            variables = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
            self.rows_per_statement = min(SQLITE_ROWS, variables // len(COLUMNS))
            self.insert = self._values_insert(self.rows_per_statement)
        else:
            self.cursor.execute(
                f"CREATE TEMPORARY TABLE IF NOT EXISTS fc_import_stage AS "
                f"SELECT {names} FROM records_contact WITH NO DATA"
            )
            self.cursor.execute("TRUNCATE fc_import_stage")
            self.copy = f"COPY fc_import_stage ({names}) FROM STDIN"
            self.copy_direct = f"COPY records_contact ({names}) FROM STDIN"
            self.direct = True
            self.insert = (
                f"INSERT INTO records_contact ({names}) SELECT {names} FROM fc_import_stage "
                "ON CONFLICT (external_id) DO NOTHING"
            )
        self.failure: BaseException | None = None
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.thread = threading.Thread(target=self._run, name="contacts-import-writer", daemon=True)
        self.thread.start()

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.queue.put(None)
        self.thread.join()
        self.cursor.close()
        if self.failure is not None and exc_info[0] is None:
            raise self.failure

    def put(self, batch: list[tuple], lines: list[int]) -> None:
        """Hand a batch to the writing thread (waits while two are already queued)."""
        if self.failure is not None:
            raise self.failure
        self.queue.put((batch, lines))

    def wait(self) -> None:
        """Return when every batch handed over is written."""
        self.queue.join()
        if self.failure is not None:
            raise self.failure

    def _run(self) -> None:
        while True:
            item = self.queue.get()
            try:
                if item is None:
                    return
                if self.failure is None:
                    self._write(*item)
            except BaseException as exc:  # raised again in the import's thread
                self.failure = exc
            finally:
                self.queue.task_done()

    def _write(self, batch: list[tuple], lines: list[int]) -> None:
        self.cursor.execute("SELECT COALESCE(MAX(id), 0) FROM records_contact")
        before = self.cursor.fetchone()[0]
        if self.sqlite:
            written, step = 0, self.rows_per_statement
            for start in range(0, len(batch), step):
                piece = batch[start : start + step]
                insert = self.insert if len(piece) == step else self._values_insert(len(piece))
                self.cursor.execute(insert, [value for values in piece for value in values])
                written += self.cursor.rowcount
        elif self.direct and self._copy_direct(batch):
            written = len(batch)
        else:
            self._copy(self.copy, batch)
            self.cursor.execute(self.insert)
            written = self.cursor.rowcount
            self.cursor.execute("TRUNCATE fc_import_stage")
            self.direct = written == len(batch)
        self.result.created += written
        if written < len(batch):
            self._explain_skipped(batch, lines, before)

    @staticmethod
    def _values_insert(rows: int) -> str:
        """SQLite: an ``INSERT`` of ``rows`` rows of :data:`COLUMNS`, in order, those clashing on ``external_id``
        left out."""
        marks = "(" + ", ".join(["?"] * len(COLUMNS)) + ")"
        return (
            f"INSERT INTO records_contact ({', '.join(COLUMNS)}) VALUES {', '.join([marks] * rows)} "
            "ON CONFLICT (external_id) DO NOTHING"
        )

    def _copy(self, statement: str, batch: list[tuple]) -> None:
        with self.cursor.copy(statement) as copy:
            for values in batch:
                copy.write_row(values)

    def _copy_direct(self, batch: list[tuple]) -> bool:
        """PostgreSQL: ``COPY`` straight into the table under a savepoint; False (nothing written) on a clash."""
        self.cursor.execute("SAVEPOINT fc_import_batch")
        try:
            self._copy(self.copy_direct, batch)
        except psycopg.errors.UniqueViolation:
            self.cursor.execute("ROLLBACK TO SAVEPOINT fc_import_batch")
            self.direct = False
        self.cursor.execute("RELEASE SAVEPOINT fc_import_batch")
        return self.direct

    def _explain_skipped(self, batch: list[tuple], lines: list[int], before: int) -> None:
        """Rows not written clash on ``external_id`` with a contact stored before this import (skipped) or
        with an earlier row of the file (a bad row)."""
        keys = [values[_EXTERNAL_ID] for values in batch if values[_EXTERNAL_ID]]
        stored: dict[str, int] = {}
        for i in range(0, len(keys), 900):
            chunk = keys[i : i + 900]
            marks = ", ".join([self.mark] * len(chunk))
            self.cursor.execute(f"SELECT external_id, id FROM records_contact WHERE external_id IN ({marks})", chunk)
            stored.update(self.cursor.fetchall())
        seen: set[str] = set()
        for values, line in zip(batch, lines, strict=True):
            key = values[_EXTERNAL_ID]
            if key and (key in seen or stored[key] <= before):  # not the row this batch wrote
                self.clash(key, stored[key], line)
            seen.add(key)

    def clash(self, key: str, stored_id: int, line: int) -> None:
        """Count a row whose ``external_id`` is already stored as ``stored_id``: skipped when it was stored
        before this import, a bad row when an earlier row of the file stored it."""
        if stored_id <= self.first_new_id:
            self.result.skipped_existing += 1
        else:
            self.result.errors.append(
                {"line": line, "field": "external_id", "message": f"{key} appears twice in the file."}
            )


def _reader(fileobj) -> tuple[_Counting, Iterator[list[str]]]:
    fileobj.seek(0)
    counting = _Counting(fileobj)
    text = io.TextIOWrapper(io.BufferedReader(counting, buffer_size=1 << 20), encoding="utf-8-sig", newline="")
    return counting, _checked(csv.reader(text))


def _checked(reader) -> Iterator[list[str]]:
    """The rows of ``reader``; a file that is not CSV text in UTF-8 is refused."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except (UnicodeDecodeError, csv.Error):
            raise InvalidInput(
                'The file is not CSV text in UTF-8: save it as "CSV UTF-8" and try again.',
                field="file",
            ) from None
        yield row


def import_contacts_csv(
    fileobj, *, actor, now: datetime, source: str = "", progress: Callable[[int, int], None] | None = None
) -> ImportResult:
    """Validate and write every row of the binary file ``fileobj`` in one transaction, or nothing.

    ``progress`` (optional) is called now and then with ``(rows read, bytes read)``.
    """
    result = ImportResult()
    lookups = _Lookups()
    counting, reader = _reader(fileobj)
    header = next(reader, None)
    if header is None:
        raise InvalidInput(
            "The CSV must have a header row with at least customer, occurred_at and channel.", field="file"
        )
    staff_id = actor.pk if getattr(actor, "pk", None) else None
    parser = _Parser(header, lookups, now, staff_id)
    parse, gated, touched = parser.parse, parser.gate.gated, set()
    try:
        with _page_cache(), _import_mode(), transaction.atomic():
            with _Writer(result) as writer:
                batch: list[dict] = []
                lines: list[int] = []
                line = 1
                for line, row in enumerate(reader, start=2):
                    if not row:
                        continue
                    try:
                        fields = parse(row)
                    except InvalidInput as exc:
                        result.errors.append({"line": line, "field": exc.field, "message": exc.message})
                        if len(result.errors) >= MAX_ERRORS:
                            break
                        continue
                    customer_id = fields["customer"].id
                    touched.add(customer_id)
                    if customer_id in gated:
                        writer.wait()
                        _through_the_gate(parser.gate, fields, line, writer, actor, now)
                        continue
                    batch.append(fields)
                    lines.append(line)
                    if len(batch) >= BATCH:
                        writer.put(parser.batch(batch), lines)
                        batch, lines = [], []
                        if progress:
                            progress(line - 1, counting.bytes_read)
                if batch:
                    writer.put(parser.batch(batch), lines)
            lookups.release()
            result.rows = line - 1
            if result.errors:
                raise _Rejected
            for imported in CONTACTS_IMPORTED:
                imported(sorted(touched))
            record_event(
                actor=actor,
                action="import",
                object_type="contact",
                object_id="",
                changes={
                    "created": result.created,
                    "skipped_existing": result.skipped_existing,
                    "rows": result.rows,
                    "customers": len(touched),
                },
                source=source,
            )
    except _Rejected:
        result.created = result.skipped_existing = 0
        result.errors.sort(key=lambda e: e["line"])
        return result
    if progress:
        progress(result.rows, counting.bytes_read)
    result.imported = True
    return result


def _through_the_gate(gate, fields: dict, line: int, writer: _Writer, actor, now: datetime) -> None:
    """A contact from a customer under a protocol: the gate's guidance and any breach, as when logged by hand."""
    if external_id := fields["external_id"]:
        stored = Contact.objects.filter(external_id=external_id).values_list("id", flat=True).first()
        if stored is not None:
            writer.clash(external_id, stored, line)
            return
    guidance = gate.guidance_for(fields, now=now)
    fields = dict(fields, staff=actor if getattr(actor, "pk", None) else None)
    contact = Contact.objects.create(**fields, guidance=guidance.as_dict(), breach=guidance.breach)
    gate.apply(contact, guidance, actor=actor, now=now)
    writer.result.created += 1

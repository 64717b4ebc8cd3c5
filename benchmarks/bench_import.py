"""Benchmark the bulk contacts import against a raw insert of the same rows, in the same run.

    .venv/bin/python benchmarks/bench_import.py [--rows 1000000] [--customers 50000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_import .venv/bin/python benchmarks/bench_import.py
    .venv/bin/python benchmarks/bench_import.py --rows 1000000 --body-bytes 1000 --memory   # a 1 GB CSV

Builds a throwaway database (SQLite file under benchmarks/out/, or the PostgreSQL database named in
DATABASE_URL, dropped and created), writes a CSV of random contacts, and times:

1. ``import_contacts_csv`` on the file: streaming, validation of every row, dedup on ``external_id``,
   one audit event and the indicators of every customer recomputed, all in one transaction;
2. importing the file a second time (every row already present);
3. the raw insert of the same rows (the values the import wrote, read back), ``executemany`` on SQLite and
   ``COPY`` on PostgreSQL, into a copy of the contacts table with the same indexes and foreign keys (the
   import's baseline), into a table of its columns alone (no index: the most this row shape can go), and into
   the issue's reference table (four contact columns, one index).

It prints rows/s for each, the ratio import/raw and the machine's load average. With ``--memory`` the import runs as the
``faircontact import contacts`` command in a child process and its peak resident memory is printed
(the raw insert is skipped, as its rows are held in memory).

Two shapes of file: by default each row's text is one of six subjects and one body, so the gate's text checks
(possible abuse, same issue or new) are answered from memory after the first batch; with ``--distinct-text`` every
row has a body of its own and every text is scored. The first import is timed in a fresh process, as the
``faircontact import contacts`` command runs: it includes reading the look-up tables and the text models (about
0.1-0.5 s since alt-profanity-check's model is read from arrays; 3-5 s before); the re-import runs in the same
process, so the difference between the two is mostly that. The shared machine's load moves every figure: to
compare two versions, run each from a checkout of its own, back to back, at the same ``nice`` (each keeps its own
``benchmarks/out/``), and give the load average printed with each::

    git archive <commit> | tar -x -C /tmp/before
    PYTHONPATH=/tmp/before/src nice -n 10 .venv/bin/python /tmp/before/benchmarks/bench_import.py --rows 100000
    PYTHONPATH=src nice -n 10 .venv/bin/python benchmarks/bench_import.py --rows 100000
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from scratch import OUT, setup_database  # noqa: E402

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
CHANNELS = ["phone", "letter", "email", "visit", "social_media", "portal", "other"]
SUBJECTS = ["Boiler repair", "Re: Boiler repair", "Rent account", "Complaint about staff", "Noise", ""]
THINGS = ["boiler", "roof", "window", "front door", "kitchen sink", "bathroom light", "fence"]
RECIPIENTS = ["", "", "", "Chief Executive", "MP Office;Housing Team", "Legal"]


def write_csv(path: Path, rows: int, customers: int, body_bytes: int, distinct: bool = False) -> None:
    """``distinct``: every body a different sentence, so the gate's text checks cannot reuse an answer (by default
    the texts are six subjects and one body, and each distinct text is checked once per import)."""
    rng = random.Random(6)
    body = "x" * body_bytes
    with open(path, "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(
            [
                "external_id",
                "customer",
                "occurred_at",
                "channel",
                "direction",
                "staff_minutes",
                "complaint",
                "recipients",
                "subject",
                "behaviour",
                "body",
            ]
        )
        for i in range(rows):
            c = rng.randrange(customers)
            at = NOW - timedelta(seconds=rng.randrange(730 * 86400))
            out.writerow(
                [
                    f"bench-{i}",
                    f"B{c:07d}",
                    at.isoformat(),
                    rng.choice(CHANNELS),
                    "outbound" if rng.random() < 0.2 else "inbound",
                    rng.choice((0, 5, 10, 30)),
                    f"K{c:07d}" if rng.random() < 0.4 else "",
                    rng.choice(RECIPIENTS),
                    rng.choice(SUBJECTS),
                    "abusive" if rng.random() < 0.01 else "",
                    f"Letter {i}: the repair to my {rng.choice(THINGS)} booked for week {i % 52} did not happen"
                    if distinct
                    else body,
                ]
            )


def load_customers(customers: int) -> None:
    from django.db import transaction

    from faircontact.records.models import Complaint, Customer

    with transaction.atomic():
        Customer.objects.bulk_create(
            [
                Customer(reference=f"B{i:07d}", name=f"Customer {i}", search_name=f"customer {i}")
                for i in range(customers)
            ],
            batch_size=5000,
        )
        ids = dict(Customer.objects.values_list("reference", "id"))
        Complaint.objects.bulk_create(
            [
                Complaint(customer_id=ids[f"B{i:07d}"], reference=f"K{i:07d}", summary="Repairs")
                for i in range(customers)
            ],
            batch_size=5000,
        )


#: The issue's reference "indexed table": a few contact columns and one index (its 190,000 rows/s).
NARROW = ("customer_id", "occurred_at", "channel", "staff_minutes")


def _copy_of_contacts(cursor, vendor: str) -> None:
    """``bench_raw``: the contacts table with its indexes and foreign keys (PostgreSQL checks them at commit)."""
    if vendor == "sqlite":
        cursor.execute("SELECT sql FROM sqlite_master WHERE tbl_name = 'records_contact' AND sql IS NOT NULL")
        for (statement,) in cursor.fetchall():
            statement = statement.replace("records_contact", "bench_raw").replace('"records_contact_', '"bench_raw_')
            statement = statement.replace('CREATE INDEX "', 'CREATE INDEX "raw_')
            cursor.execute(statement.replace('CREATE UNIQUE INDEX "', 'CREATE UNIQUE INDEX "raw_'))
        return
    cursor.execute("CREATE TABLE bench_raw (LIKE records_contact INCLUDING ALL)")
    cursor.execute(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'records_contact'::regclass AND contype = 'f'"
    )
    for (definition,) in cursor.fetchall():
        cursor.execute(f"ALTER TABLE bench_raw ADD {definition}")


def _bare_contacts(cursor, vendor: str) -> None:
    """``bench_bare``: the contacts table's columns alone, without an index, constraint or foreign key."""
    if vendor == "sqlite":
        cursor.execute("CREATE TABLE bench_bare AS SELECT * FROM records_contact WHERE 0")
    else:
        cursor.execute("CREATE TABLE bench_bare (LIKE records_contact INCLUDING DEFAULTS INCLUDING IDENTITY)")


def _narrow(cursor, vendor: str) -> None:
    """``bench_narrow``: :data:`NARROW` with an index on the customer and time."""
    key = "id integer PRIMARY KEY" if vendor == "sqlite" else "id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
    cursor.execute(
        f"CREATE TABLE bench_narrow ({key}, customer_id bigint NOT NULL, occurred_at timestamp NOT NULL, "
        "channel varchar(20) NOT NULL, staff_minutes integer NOT NULL)"
    )
    cursor.execute("CREATE INDEX bench_narrow_customer ON bench_narrow (customer_id, occurred_at)")


def raw_inserts(vendor: str) -> dict[str, tuple[int, float]]:
    """Insert the rows the import wrote (read back) into three tables, ``executemany`` on SQLite and ``COPY`` on
    PostgreSQL: ``contacts`` (a copy of the contacts table), ``bare`` (its columns alone) and ``narrow`` (the
    issue's reference). Returns ``(rows, seconds)`` per table."""
    from django.db import connection, transaction

    from faircontact.records.importer import COLUMNS, SQLITE_CACHE_KIB

    names = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        if vendor == "sqlite":  # the page cache the import uses, for a like-for-like comparison
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        cursor.execute(f"SELECT {names} FROM records_contact")
        rows = cursor.fetchall()
    narrow = [tuple(row[COLUMNS.index(name)] for name in NARROW) for row in rows]
    timed = {}
    for label, table, create, columns, values in (
        ("contacts", "bench_raw", _copy_of_contacts, COLUMNS, rows),
        ("bare", "bench_bare", _bare_contacts, COLUMNS, rows),
        ("narrow", "bench_narrow", _narrow, NARROW, narrow),
    ):
        with connection.cursor() as cursor:
            create(cursor, vendor)
        names = ", ".join(columns)
        start = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            if vendor == "sqlite":
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)
            else:
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in values:
                        copy.write_row(row)
        timed[label] = (len(values), time.perf_counter() - start)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {table}")
    return timed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--body-bytes", type=int, default=0)
    parser.add_argument("--distinct-text", action="store_true", help="a different body on every row")
    parser.add_argument("--memory", action="store_true", help="run the import as the CLI and report its peak RSS")
    args = parser.parse_args()

    vendor = setup_database("import")
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faircontact.config.settings.base")
    os.environ["FAIRCONTACT_TODAY"] = NOW.date().isoformat()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    load_customers(args.customers)
    csv_path = OUT / f"contacts-{args.rows}-{args.body_bytes}{'-distinct' * args.distinct_text}.csv"
    OUT.mkdir(parents=True, exist_ok=True)
    if not csv_path.exists():
        write_csv(csv_path, args.rows, args.customers, args.body_bytes, args.distinct_text)
    size_mb = csv_path.stat().st_size / 1e6
    print(f"database {vendor}; {args.rows:,} rows, {args.customers:,} customers; CSV {size_mb:,.0f} MB")

    if args.memory:
        start = time.perf_counter()
        # the command's "now" is the time of day on FAIRCONTACT_TODAY: the next day, so no row is in the future
        tomorrow = (NOW + timedelta(days=1)).date().isoformat()
        done = subprocess.run(
            [sys.executable, "-m", "faircontact.cli", "import", "contacts", str(csv_path)],
            env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "FAIRCONTACT_TODAY": tomorrow},
            capture_output=True,
            text=True,
        )
        if done.returncode:
            print(done.stderr[-2000:])
            return 1
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"import (CLI)    {seconds:8.2f} s  {args.rows / seconds:10,.0f} rows/s  peak RSS {peak:,.0f} MB")
        print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        return 0

    from faircontact.records.importer import import_contacts_csv

    with open(csv_path, "rb") as fh:
        start = time.perf_counter()
        result = import_contacts_csv(fh, actor=None, now=NOW, source="benchmark")
        seconds = time.perf_counter() - start
    assert result.imported and result.created == args.rows, result.errors[:3]
    rate = args.rows / seconds
    print(f"import          {seconds:8.2f} s  {rate:10,.0f} rows/s  (validate, dedup, audit, indicators)")
    with open(csv_path, "rb") as fh:
        start = time.perf_counter()
        again = import_contacts_csv(fh, actor=None, now=NOW, source="benchmark")
        seconds = time.perf_counter() - start
    assert again.created == 0 and again.skipped_existing == args.rows
    print(f"re-import       {seconds:8.2f} s  {args.rows / seconds:10,.0f} rows/s  (all already present)")
    timed = raw_inserts(vendor)
    how = "executemany" if vendor == "sqlite" else "COPY"
    for label, what in (
        ("contacts", "into a copy of the contacts table: its indexes and foreign keys"),
        ("bare", "its columns alone: the most this row shape can go, with no index"),
        ("narrow", "the issue's reference: four columns, one index"),
    ):
        rows, seconds = timed[label]
        print(f"raw {label:<11} {seconds:8.2f} s  {rows / seconds:10,.0f} rows/s  ({how} {what})")
    raw = timed["contacts"][0] / timed["contacts"][1]
    print(f"ratio import/raw contacts {rate / raw:.2f}")
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

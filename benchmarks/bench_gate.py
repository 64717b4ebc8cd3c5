"""Benchmark the contact gate: ``POST /api/v1/gate`` server time over many calls.

    .venv/bin/python benchmarks/bench_gate.py [--contacts 1000000] [--restricted 10000] [--calls 10000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_gate .venv/bin/python benchmarks/bench_gate.py

Builds a throwaway database (SQLite file under benchmarks/out/, or the PostgreSQL database named in
DATABASE_URL, created if missing and emptied first) with the contacts, customers and protocols asked for,
then times the Django request handling of each gate call (the WSGI handler gunicorn calls, no network) and prints
p50/p99. Not through Django's test ``Client``: it disconnects and connects signal receivers around every request,
and each connection leaves a ``weakref.finalize`` behind for as long as the process lives, so 2,000 calls were
already twice as slow as the first 250 (and gunicorn does no such thing).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from scratch import setup_database  # noqa: E402


def _load(n_customers: int, n_contacts: int, n_restricted: int) -> None:
    from django.db import connection, transaction

    from faircontact.cases.models import Case, Protocol
    from faircontact.core.users import user_create
    from faircontact.records.models import Contact, Customer

    rng = random.Random(7)
    staff = user_create(actor=None, username="bench", roles=["officer", "manager"], full_name="Bench Officer")
    spoc = user_create(actor=None, username="spoc", roles=["officer"], full_name="Spoc Officer")
    with transaction.atomic():
        Customer.objects.bulk_create(
            [
                Customer(reference=f"B{i:07d}", name=f"Customer {i}", search_name=f"customer {i}")
                for i in range(n_customers)
            ],
            batch_size=5000,
        )
        ids = list(Customer.objects.values_list("id", flat=True))
        restricted = ids[:n_restricted]
        cases = Case.objects.bulk_create(
            [
                Case(customer_id=c, grounds=["persistent"], state="restricted", owner=staff, opened_on=date(2026, 1, 1))
                for c in restricted
            ],
            batch_size=5000,
        )
        Protocol.objects.bulk_create(
            [
                Protocol(
                    case=case,
                    customer_id=case.customer_id,
                    status="in_force",
                    channels_allowed=["letter", "email"],
                    spoc=spoc if i % 2 else None,
                    starts_on=date(2026, 1, 2),
                    review_due_on=date(2026, 7, 2),
                )
                for i, case in enumerate(cases)
            ],
            batch_size=5000,
        )
    start = datetime(2025, 6, 1, tzinfo=UTC)
    channels = ["phone", "letter", "email", "visit", "portal"]
    table = Contact._meta.db_table
    columns = (
        "customer_id",
        "occurred_at",
        "channel",
        "direction",
        "staff_minutes",
        "recipients",
        "subject",
        "body",
        "urgent",
        "health_and_safety",
        "request_type",
        "behaviour",
        "scope",
        "breach",
        "created_at",
    )
    now = datetime.now(UTC)
    with transaction.atomic(), connection.cursor() as cursor:
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
        batch = []
        for i in range(n_contacts):
            # a quarter of all contact comes from the restricted customers, so their histories are long
            customer = rng.choice(restricted) if i % 4 == 0 else rng.choice(ids)
            occurred = start + timedelta(minutes=rng.randrange(0, 500 * 24 * 60))
            batch.append(
                (
                    customer,
                    occurred,
                    rng.choice(channels),
                    "inbound",
                    rng.randrange(0, 30),
                    "[]",
                    "Subject",
                    "",
                    False,
                    False,
                    "",
                    "[]",
                    "",
                    False,
                    now,
                )
            )
            if len(batch) == 20000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--restricted", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=10_000)
    opts = parser.parse_args()
    engine = setup_database("gate")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faircontact.config.settings.base")
    os.environ.setdefault("FAIRCONTACT_PROFILE", "dwp")
    os.environ.setdefault("FAIRCONTACT_API_RATE", "1000000/m")  # measure the gate, not the rate limit
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")  # as docs/deployment.md sets it: one connection per worker
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.test import RequestFactory

    from faircontact.cases.models import Protocol
    from faircontact.config.warm import warm_up
    from faircontact.core.models import ApiToken, User

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    _load(opts.customers, opts.contacts, opts.restricted)
    print(
        f"{engine}: loaded {opts.customers:,} customers, {opts.contacts:,} contacts, "
        f"{opts.restricted:,} under protocols in {time.perf_counter() - t0:.1f} s"
    )
    _, key = ApiToken.issue(User.objects.get(username="bench"))
    factory = RequestFactory(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_X_ACCESS_REASON="benchmark of the gate")
    handler = WSGIHandler()
    warm_up()  # as gunicorn's master does before it forks its workers (faircontact.config.gunicorn.when_ready)
    gc.freeze()
    statuses = []

    def post(payload: dict) -> bytes:
        environ = factory.post("/api/v1/gate", payload, content_type="application/json").environ
        response = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
        try:
            return b"".join(response)
        finally:
            response.close()

    restricted = list(Protocol.objects.values_list("customer_id", flat=True))
    rng = random.Random(11)
    channels = ["phone", "letter", "email", "visit"]
    timings = []
    for i in range(opts.calls):
        payload = {
            "customer": str(rng.choice(restricted)),
            "channel": rng.choice(channels),
            "occurred_at": "2026-11-02T10:00:00+00:00",
            "subject": "About my claim",
            "body": f"Letter {i}",
        }
        began = time.perf_counter()
        content = post(payload)
        timings.append((time.perf_counter() - began) * 1000)
        assert statuses.pop().startswith("200"), content
    timings.sort()
    p50, p99 = statistics.median(timings), timings[int(len(timings) * 0.99) - 1]
    print(
        f"{engine}: POST /gate x {opts.calls:,}: p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {timings[-1]:.2f} ms "
        f"(target p99 < 20 ms: {'met' if p99 < 20 else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

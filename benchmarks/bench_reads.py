"""Benchmark the audited reads: one customer (``GET /api/v1/customers/{id}``) and a 500-row list
(``GET /api/v1/customers?page_size=500``), server time p50/p99 through Django's handler (no network).

    .venv/bin/python benchmarks/bench_reads.py [--customers 5000] [--calls 300] [--list-calls 300]

Builds a throwaway SQLite database under benchmarks/out/ (or the PostgreSQL one in DATABASE_URL) with the
customers asked for, a tenth of them under a protocol in force (so the reason for access is checked), and
sends every call with ``X-Access-Reason``. Run it on two checkouts to compare before and after. Each call is timed
twice: wall time, and the CPU time of this process (``time.process_time``), which a shared machine's load inflates
far less than the wall time (the database is SQLite in this process, so its work is counted too).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from scratch import setup_database  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--list-calls", type=int, default=300)
    opts = parser.parse_args()
    engine = setup_database("reads")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faircontact.config.settings.base")
    os.environ.setdefault("FAIRCONTACT_PROFILE", "dwp")
    os.environ.setdefault("FAIRCONTACT_API_RATE", "1000000/m")
    os.environ.setdefault("FAIRCONTACT_READ_ALERT_PER_HOUR", "0")  # measure the read, not the alert
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from faircontact.cases.models import Case, Protocol
    from faircontact.core.models import ApiToken
    from faircontact.core.users import user_create
    from faircontact.records.models import Customer

    call_command("migrate", verbosity=0)
    staff = user_create(actor=None, username="bench", roles=["officer"], full_name="Bench Officer")
    with transaction.atomic():
        Customer.objects.bulk_create(
            [
                Customer(reference=f"R{i:06d}", name=f"Customer {i}", search_name=f"customer {i}", address="1 Road")
                for i in range(opts.customers)
            ],
            batch_size=5000,
        )
        ids = list(Customer.objects.values_list("id", flat=True))
        cases = Case.objects.bulk_create(
            [
                Case(customer_id=c, grounds=["persistent"], state="restricted", owner=staff, opened_on=date(2026, 1, 1))
                for c in ids[::10]
            ]
        )
        Protocol.objects.bulk_create(
            [
                Protocol(
                    case=k,
                    customer_id=k.customer_id,
                    status="in_force",
                    channels_allowed=["letter"],
                    starts_on=date(2026, 1, 2),
                )
                for k in cases
            ]
        )
    try:
        _, key = ApiToken.issue(staff)
    except TypeError:  # a checkout from before issue 19, to compare against
        _, key = ApiToken.issue(staff, now=timezone.now())
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_X_ACCESS_REASON="Benchmark")

    def timed(calls, url, params=None):
        wall, cpu = [], []
        for n in range(calls):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url(n) if callable(url) else url, params or {})
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200, response.content[:200]

        def p50_p99(times):
            times.sort()
            return f"p50 {statistics.median(times):.1f}  p99 {times[max(0, int(len(times) * 0.99) - 1)]:.1f}"

        return f"wall {p50_p99(wall)}   cpu {p50_p99(cpu)}"

    one = timed(opts.calls, lambda n: f"/api/v1/customers/{ids[(n * 7) % len(ids)]}")
    many = timed(opts.list_calls, "/api/v1/customers", {"page_size": 500})
    print(f"{engine}, {opts.customers} customers, {opts.calls} / {opts.list_calls} calls (ms):")
    print(f"  one customer      {one}")
    print(f"  500-row list      {many}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

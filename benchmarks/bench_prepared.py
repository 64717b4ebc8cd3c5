"""Time the evidence pack and the board report built in the request and prepared in the background (issue 18).

    .venv/bin/python benchmarks/bench_prepared.py [--cases 300] [--runs 5]

Builds the same throwaway demo as ``bench_reports.py`` (SQLite under benchmarks/out/, or the PostgreSQL database
named in ``DATABASE_URL``), then times, as a director (who may read both): the synchronous downloads
(``GET /api/v1/customers/{id}/evidence-pack.pdf`` for the customer with the most contacts, and
``GET /reports/board.pdf`` for the last 12 months), the requests that ask for them to be prepared
(``POST …/evidence-pack/jobs``, ``POST /api/v1/reports/board/jobs``: only queued, with the database task backend),
the worker's build of each queued document (``build_document``), and the download of the prepared file.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from scratch import setup_database  # noqa: E402


def _time(fn, runs: int) -> tuple[float, float, list]:
    timings, results = [], []
    for _ in range(runs):
        began = time.perf_counter()
        results.append(fn())
        timings.append(time.perf_counter() - began)
    return statistics.median(timings), max(timings), results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    opts = parser.parse_args()
    vendor = setup_database("prepared")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faircontact.config.settings.base")
    os.environ.setdefault("FAIRCONTACT_PROFILE", "wolverhampton-homes")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from bench_reports import _build
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client

    from faircontact.core import clock, documents
    from faircontact.core.models import ApiToken, PreparedDocument
    from faircontact.core.users import user_create
    from faircontact.records.models import Customer
    from faircontact.reports import selectors
    from faircontact.web.auth.testing import verified_login

    call_command("migrate", verbosity=0)
    built = _build(opts.cases)
    print(f"{vendor}: demo of {built['demo']['customers']:,} customers, {built['demo']['contacts']:,} contacts")
    director = user_create(actor=None, username="bench-director", roles=["director"], full_name="Bench Director")
    web = Client()
    verified_login(web, director)
    _, key = ApiToken.issue(director)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_X_ACCESS_REASON="Benchmark: timing the evidence pack")
    busiest = Customer.objects.annotate(n=Count("contacts")).order_by("-n", "pk").first()
    today = clock.today()
    year = selectors.period(None, today, today=today)
    query = {"from": year.start.isoformat(), "to": year.end.isoformat()}
    print(f"  customer {busiest.pk}: {busiest.n} contacts; board report {year.start} to {year.end}")

    def ok(response, status=200):
        assert response.status_code == status, (response.status_code, response.content[:300])
        return response

    pack_url = f"/api/v1/customers/{busiest.pk}/evidence-pack.pdf"
    jobs_url = f"/api/v1/customers/{busiest.pk}/evidence-pack/jobs"
    board_jobs = f"/api/v1/reports/board/jobs?from={query['from']}&to={query['to']}"
    measures = {
        "GET evidence-pack.pdf (in the request)": lambda: ok(api.get(pack_url)),
        "GET /reports/board.pdf (in the request)": lambda: ok(web.get("/reports/board.pdf", query)),
        "POST evidence-pack/jobs (queued)": lambda: ok(api.post(jobs_url), 202).json()["id"],
        "POST /reports/board/jobs (queued)": lambda: ok(api.post(board_jobs), 202).json()["id"],
    }
    results = {}
    for name, fn in measures.items():
        results[name] = _time(fn, opts.runs)
        print(f"  {name:<45} median {results[name][0] * 1000:7.0f} ms   max {results[name][1] * 1000:7.0f} ms")
    for name in ("POST evidence-pack/jobs (queued)", "POST /reports/board/jobs (queued)"):
        ids = iter(results[name][2])
        median, most, _ = _time(lambda ids=ids: documents.build_document.call(next(ids)), opts.runs)
        print(f"  {'  worker: build_document':<45} median {median * 1000:7.0f} ms   max {most * 1000:7.0f} ms")
    done = PreparedDocument.objects.filter(status="done")
    first = done.filter(kind="evidence_pack").first()
    median, most, _ = _time(lambda: ok(api.get(f"/api/v1/prepared-documents/{first.pk}/file")), opts.runs)
    print(f"  {'GET prepared-documents/{id}/file':<45} median {median * 1000:7.0f} ms   max {most * 1000:7.0f} ms")
    sizes = {kind: max(d.size_bytes for d in done.filter(kind=kind)) for kind in ("evidence_pack", "board_report")}
    print(f"  sizes: {sizes}; {done.count()} of {PreparedDocument.objects.count()} documents done")
    return 0


if __name__ == "__main__":
    sys.exit(main())

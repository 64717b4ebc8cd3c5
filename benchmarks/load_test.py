"""Load test: staff users logging contacts, asking the gate and opening customer pages against gunicorn + PostgreSQL.

    .venv/bin/python benchmarks/load_test.py [--users 50] [--seconds 60] [--think 1.0] [--workers 4]

Creates (and empties) the PostgreSQL database ``bench_load`` on 127.0.0.1:5432, loads the demo organisation
(3,000 customers, ~40,000 contacts), starts gunicorn on 127.0.0.1:8765 and runs ``--users`` simulated staff on
loopback for ``--seconds`` (bounded). Each user loops: ask the gate (``POST /api/v1/gate``), log a contact
(``POST /api/v1/contacts``), open a customer page in the web UI (signed in with a session), then waits a random
think time around ``--think`` seconds (``--think 0`` measures saturation). Each user's first round warms the
server (libraries load on a worker's first call) and is not timed. Prints throughput, p50/p99 per request kind
and errors (from every round). The load generator runs on the same 2 cores as the server, so figures are conservative.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB = "postgres://postgres@127.0.0.1:5432/bench_load"
PORT = 8765
PASSWORD = "load-test-password-2026"


def run(*args, env):
    subprocess.run([str(ROOT / ".venv/bin/faircontact"), *args], env=env, check=True, capture_output=True)


def prepare(env, users: int) -> list[dict]:
    import psycopg

    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute('DROP DATABASE IF EXISTS "bench_load" WITH (FORCE)')
        conn.execute('CREATE DATABASE "bench_load"')
    run("migrate", env=env)
    run("demo", env=env)
    script = (
        "import json; from django.utils import timezone; from faircontact.core.models import ApiToken; "
        "from faircontact.core.users import user_create; staff = []\n"
        f"for i in range({users}):\n"
        "    user = user_create(actor=None, username=f'load{i:02d}', roles=['officer'], password=PASSWORD)\n"
        "    staff.append({'username': user.username, 'token': ApiToken.issue(user, now=timezone.now())[1]})\n"
        "print(json.dumps(staff))"
    ).replace("PASSWORD", repr(PASSWORD))
    out = subprocess.run([str(ROOT / ".venv/bin/faircontact"), "shell", "-c", script], env=env, text=True,
                         check=True, capture_output=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def customer_ids(env) -> list[str]:
    import psycopg

    with psycopg.connect(DB) as conn:
        return [str(r[0]) for r in conn.execute("SELECT id FROM records_customer ORDER BY id LIMIT 3000")]


class Session:
    """One member of staff: an API token and a signed-in web session over keep-alive connections."""

    def __init__(self, user):
        self.api = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        self.web = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        self.token = user["token"]
        self.cookies: dict[str, str] = {}
        self.sign_in(user["username"])

    def _cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _keep_cookies(self, response):
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]

    def sign_in(self, username):
        self.web.request("GET", "/sign-in")
        page = self.web.getresponse()
        self._keep_cookies(page)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.read()).group(1).decode()
        body = f"csrfmiddlewaretoken={token}&username={username}&password={PASSWORD}"
        self.web.request("POST", "/sign-in", body, {"Content-Type": "application/x-www-form-urlencoded",
                                                     "Cookie": self._cookie_header(), "Referer":
                                                     f"http://127.0.0.1:{PORT}/sign-in"})
        response = self.web.getresponse()
        response.read()
        self._keep_cookies(response)
        assert response.status == 302, f"sign-in failed: {response.status}"

    @staticmethod
    def _send(conn, method, path, body=None, headers=None):
        """One request; a keep-alive connection the server has closed is reopened once, as a browser does."""
        for attempt in (1, 2):
            try:
                conn.request(method, path, body, headers or {})
                response = conn.getresponse()
                response.read()
                return response.status
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError,
                    http.client.CannotSendRequest):
                conn.close()
                if attempt == 2:
                    raise
        return None

    def post_json(self, path, payload):
        return self._send(self.api, "POST", path, json.dumps(payload),
                          {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})

    def page(self, path):
        return self._send(self.web, "GET", path, headers={"Cookie": self._cookie_header()})


def worker(user, customers, stop_at, think, results, errors, seed):
    rng = random.Random(seed)
    session = Session(user)
    warm = False  # the first round per user is not timed: each worker's first calls load its libraries
    while time.monotonic() < stop_at:
        customer = rng.choice(customers)
        contact = {"customer": customer, "channel": rng.choice(["phone", "email", "letter", "visit"]),
                   "subject": "Load test", "staff_minutes": rng.randrange(1, 20)}
        steps = (("gate", session.post_json, ("/api/v1/gate", contact)),
                 ("log contact", session.post_json, ("/api/v1/contacts", contact)),
                 ("customer page", session.page, (f"/customers/{customer}",)))
        for kind, call, args in steps:
            began = time.perf_counter()
            try:
                status = call(*args)
            except Exception as exc:  # noqa: BLE001 - a dropped connection is an error to count, not a crash
                status = repr(exc)
            elapsed = (time.perf_counter() - began) * 1000
            if warm:
                results[kind].append(elapsed)
            if status not in (200, 201):
                errors[kind].append(status)
        warm = True
        if think:
            time.sleep(rng.uniform(0.5 * think, 1.5 * think))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--reuse", action="store_true", help="keep the database from the last run")
    opts = parser.parse_args()
    env = dict(os.environ, DATABASE_URL=DB, FAIRCONTACT_PROFILE="wolverhampton-homes", DATABASE_CONN_MAX_AGE="60",
               FAIRCONTACT_API_RATE="100000/m", DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost")
    staff_file = ROOT / "benchmarks" / "out" / "load_staff.json"
    if opts.reuse and staff_file.exists():
        staff = json.loads(staff_file.read_text())
    else:
        staff = prepare(env, opts.users)
        staff_file.parent.mkdir(parents=True, exist_ok=True)
        staff_file.write_text(json.dumps(staff))
    customers = customer_ids(env)
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "faircontact.config.wsgi:application", "--bind",
                               f"127.0.0.1:{PORT}", "--workers", str(opts.workers), "--threads", "4",
                               "--worker-class", "gthread", "--keep-alive", "30", "--log-level", "warning"], env=env)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/sign-in")
                break
            except OSError:
                time.sleep(0.2)
        results, errors = defaultdict(list), defaultdict(list)
        stop_at = time.monotonic() + opts.seconds
        threads = [threading.Thread(target=worker, args=(staff[i % len(staff)], customers, stop_at, opts.think,
                                                         results, errors, i)) for i in range(opts.users)]
        began = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
    total = sum(len(v) for v in results.values())
    print(f"{opts.users} users, think {opts.think:.1f} s, {opts.workers} gunicorn workers x 4 threads, "
          f"{elapsed:.0f} s: {total:,} requests, {total / elapsed:.1f} req/s, "
          f"{sum(len(v) for v in errors.values())} errors")
    print(f"{'request':<15} {'count':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for kind, timings in results.items():
        timings.sort()
        p99 = timings[max(0, int(len(timings) * 0.99) - 1)]
        print(f"{kind:<15} {len(timings):>7} {statistics.median(timings):>8.1f} {p99:>8.1f} {len(errors[kind]):>7}")
        if errors[kind]:
            print("   first errors:", errors[kind][:5])
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())

"""Load test: staff users logging contacts, asking the gate and opening customer pages against gunicorn + PostgreSQL.

    .venv/bin/python benchmarks/load_test.py [--users 50] [--seconds 60] [--think 5] [--workers 5]
                                             [--gate-workers N [--nice 10]] [--reuse]

Creates (and empties) the PostgreSQL database ``bench_load`` on 127.0.0.1:5432, loads the demo organisation
(3,000 customers, ~40,000 contacts) and ``--users`` officers with an API token each (``--reuse`` keeps them from
the last run), and starts gunicorn on 127.0.0.1:8765 with the production settings file
(``faircontact.config.gunicorn``: ``--workers`` sync workers, the application preloaded) and
``DATABASE_CONN_MAX_AGE=60``. With ``--gate-workers N`` the gate has its own pool of ``N`` workers on
127.0.0.1:8766, as behind a load balancer that sends ``POST /api/v1/gate`` to it, and the pool serving everything
else runs at ``--nice`` (lower priority), so that a page render cannot take a core the gate is waiting for.
Then ``--users`` threads, one per member of staff, each with its own connections:

1. sign in to the web UI (Argon2, ~0.2 s of CPU each) and do one untimed round, so that sign-in and first calls
   are not in the figures; the clock starts when every user has done so;
2. then, until ``--seconds`` have passed (a round under way is finished), loop: wait a random think time, uniform
   between 0.5 and 1.5 × ``--think`` seconds (``--think 0`` measures saturation), then ask the gate
   (``POST /api/v1/gate``), log the contact (``POST /api/v1/contacts``) and open the customer's page in the web UI
   (``GET /customers/<id>``, signed in with the session), each timed end to end from the client (connect,
   request, whole response read).

Prints throughput, p50/p99/max per request kind and errors (any status other than 200/201, or a dropped
connection), and the CPU used while timed by this load generator, gunicorn, PostgreSQL and anything else on the
machine, with the time the cores sat waiting for the disk and the time the hypervisor took (steal): the generator
runs on the same 2 cores as the server, and other work on the machine shows in the figures. Exit status 1 if
there were errors.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import re
import resource
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB = "postgres://postgres@127.0.0.1:5432/bench_load"
PORT = 8765
GATE_PORT = 8766  # the gate's own pool, with --gate-workers
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
        "    staff.append({'username': user.username, 'token': ApiToken.issue(user)[1]})\n"
        "print(json.dumps(staff))"
    ).replace("PASSWORD", repr(PASSWORD))
    out = subprocess.run(
        [str(ROOT / ".venv/bin/faircontact"), "shell", "-c", script],
        env=env,
        text=True,
        check=True,
        capture_output=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def customer_ids(env) -> list[str]:
    import psycopg

    with psycopg.connect(DB) as conn:
        return [str(r[0]) for r in conn.execute("SELECT id FROM records_customer ORDER BY id LIMIT 3000")]


class Session:
    """One member of staff: an API token and a signed-in web session, each on its own connection (reopened when
    the server closes it after a response, as gunicorn's sync workers do)."""

    def __init__(self, user, gate_port):
        self.api = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        self.gate = http.client.HTTPConnection("127.0.0.1", gate_port, timeout=30)
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
        self.web.request(
            "POST",
            "/sign-in",
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": self._cookie_header(),
                "Referer": f"http://127.0.0.1:{PORT}/sign-in",
            },
        )
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
            except (
                http.client.RemoteDisconnected,
                BrokenPipeError,
                ConnectionResetError,
                http.client.CannotSendRequest,
            ):
                conn.close()
                if attempt == 2:
                    raise
        return None

    def post_json(self, path, payload):
        return self._send(
            self.gate if path == "/api/v1/gate" else self.api,
            "POST",
            path,
            json.dumps(payload),
            {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )

    def page(self, path):
        return self._send(self.web, "GET", path, headers={"Cookie": self._cookie_header()})


def one_round(session, customer, rng, results, errors, timed: bool) -> None:
    contact = {
        "customer": customer,
        "channel": rng.choice(["phone", "email", "letter", "visit"]),
        "subject": "Load test",
        "staff_minutes": rng.randrange(1, 20),
    }
    steps = (
        ("gate", session.post_json, ("/api/v1/gate", contact)),
        ("log contact", session.post_json, ("/api/v1/contacts", contact)),
        ("customer page", session.page, (f"/customers/{customer}",)),
    )
    for kind, call, args in steps:
        began = time.perf_counter()
        try:
            status = call(*args)
        except Exception as exc:  # noqa: BLE001 - a dropped connection is an error to count, not a crash
            status = repr(exc)
        if timed:
            results[kind].append((time.perf_counter() - began) * 1000)
        if status not in (200, 201):
            errors[kind].append(status)


def worker(user, customers, clock, think, results, errors, seed, gate_port):
    """Sign in and do one untimed round, wait for everyone, then think and do a round until the end."""
    rng = random.Random(seed)
    try:
        session = Session(user, gate_port)
        one_round(session, rng.choice(customers), rng, results, errors, timed=False)
    except Exception:
        clock["barrier"].abort()  # the others stop waiting; main reports the failure
        raise
    try:
        clock["barrier"].wait()
    except threading.BrokenBarrierError:
        return
    while True:
        pause = rng.uniform(0.5 * think, 1.5 * think)
        if time.monotonic() + pause >= clock["stop_at"]:  # the next round would start after the end
            return
        time.sleep(pause)
        one_round(session, rng.choice(customers), rng, results, errors, timed=True)


def cpu_seconds(pids) -> float:
    """User + system CPU of ``pids`` so far (a process that has ended counts 0)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def process_tree(pid) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid, *[p for child in children for p in process_tree(int(child))]]


def postgres_pids() -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and (proc / "comm").read_text().strip() == "postgres":
                pids.append(int(proc.name))
        except OSError:
            continue
    return pids


def cpu_now(server_pids) -> dict:
    """CPU seconds so far of this load generator, gunicorn, PostgreSQL and the whole machine."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    user, nice, system, _, iowait, _, _, steal = (
        int(x) / os.sysconf("SC_CLK_TCK") for x in Path("/proc/stat").read_text().split()[1:9]
    )
    gunicorn = [p for pid in server_pids for p in process_tree(pid)]
    return {
        "client": me.ru_utime + me.ru_stime,
        "gunicorn": cpu_seconds(gunicorn),
        "postgres": {pid: cpu_seconds([pid]) for pid in postgres_pids()},
        "machine": user + nice + system,
        "iowait": iowait,
        "steal": steal,
    }


def cpu_used(before, after) -> dict:
    used = {key: after[key] - before[key] for key in ("client", "gunicorn", "machine", "iowait", "steal")}
    used["postgres"] = sum(t - before["postgres"].get(pid, 0.0) for pid, t in after["postgres"].items())
    return used


def start_gunicorn(env, port, workers, *, nice):
    """gunicorn with the production settings file, its workers at ``nice`` (0: the default priority)."""
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "-c",
        "python:faircontact.config.gunicorn",
        "faircontact.config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(["nice", "-n", str(nice), *command] if nice else command, env=env)


def wait_for(port):
    for _ in range(300):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/sign-in")
            return
        except OSError:
            time.sleep(0.2)


def percentile(ordered, fraction):
    return ordered[max(0, math.ceil(len(ordered) * fraction) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--think", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument(
        "--gate-workers", type=int, default=0, help="serve the gate from its own gunicorn pool of this many workers"
    )
    parser.add_argument("--nice", type=int, default=10, help="with --gate-workers, the other pool's nice value")
    parser.add_argument("--reuse", action="store_true", help="keep the database from the last run")
    opts = parser.parse_args()
    env = dict(
        os.environ,
        DATABASE_URL=DB,
        FAIRCONTACT_PROFILE="wolverhampton-homes",
        DATABASE_CONN_MAX_AGE="60",
        FAIRCONTACT_API_RATE="100000/m",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        FAIRCONTACT_LOG_LEVEL="WARNING",
    )
    staff_file = ROOT / "benchmarks" / "out" / "load_staff.json"
    if opts.reuse and staff_file.exists():
        staff = json.loads(staff_file.read_text())
    else:
        staff = prepare(env, opts.users)
        staff_file.parent.mkdir(parents=True, exist_ok=True)
        staff_file.write_text(json.dumps(staff))
    customers = customer_ids(env)
    servers = [start_gunicorn(env, PORT, opts.workers, nice=opts.nice if opts.gate_workers else 0)]
    if opts.gate_workers:
        servers.append(start_gunicorn(env, GATE_PORT, opts.gate_workers, nice=0))
    try:
        for port in (PORT, GATE_PORT) if opts.gate_workers else (PORT,):
            wait_for(port)
        results, errors, clock = defaultdict(list), defaultdict(list), {}

        def start_clock():
            clock["cpu"] = cpu_now([s.pid for s in servers])
            clock["began"] = time.monotonic()
            clock["stop_at"] = clock["began"] + opts.seconds

        clock["barrier"] = threading.Barrier(opts.users, action=start_clock)
        gate_port = GATE_PORT if opts.gate_workers else PORT
        threads = [
            threading.Thread(
                target=worker, args=(staff[i % len(staff)], customers, clock, opts.think, results, errors, i, gate_port)
            )
            for i in range(opts.users)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if clock["barrier"].broken:
            print("a user could not sign in; nothing was timed", file=sys.stderr)
            return 1
        elapsed = time.monotonic() - clock["began"]
        cpu = cpu_used(clock["cpu"], cpu_now([s.pid for s in servers]))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    total = sum(len(v) for v in results.values())
    pools = f"{opts.workers} workers" + (
        f" + gate pool {opts.gate_workers} workers (others at nice {opts.nice})" if opts.gate_workers else ""
    )
    print(
        f"{opts.users} users, think {opts.think:.1f} s, gunicorn {pools}, "
        f"{elapsed:.0f} s timed: {total:,} requests, {total / elapsed:.1f} req/s, "
        f"{sum(len(v) for v in errors.values())} errors"
    )
    print(f"{'request':<15} {'count':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7}")
    for kind, timings in results.items():
        timings.sort()
        print(
            f"{kind:<15} {len(timings):>7} {percentile(timings, 0.5):>8.1f} {percentile(timings, 0.99):>8.1f} "
            f"{timings[-1]:>8.1f} {len(errors[kind]):>7}"
        )
        if errors[kind]:
            print("   first errors:", errors[kind][:5])
    print(
        f"CPU seconds while timed ({2 * elapsed:.0f} available on 2 cores): load generator {cpu['client']:.1f}, "
        f"gunicorn {cpu['gunicorn']:.1f}, PostgreSQL {cpu['postgres']:.1f}, anything else "
        f"{cpu['machine'] - cpu['client'] - cpu['gunicorn'] - cpu['postgres']:.1f}; "
        f"per request: generator {1000 * cpu['client'] / total:.2f} ms, "
        f"server {1000 * (cpu['gunicorn'] + cpu['postgres']) / total:.1f} ms; idle waiting for the disk "
        f"{cpu['iowait']:.1f}, taken by the hypervisor (steal) {cpu['steal']:.1f}"
    )
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())

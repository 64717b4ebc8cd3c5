"""Large request bodies against gunicorn: refused quickly, and sign-in answers meanwhile (issue 14 §3).

    .venv/bin/python benchmarks/bench_large_requests.py [--mb 20] [--workers 2] [--src PATH]

Builds a SQLite database under ``benchmarks/out/`` (an officer with a password and an API token, one customer),
starts gunicorn with the production settings file (``faircontact.config.gunicorn``) and ``--workers`` workers, then:

1. times sign-in (GET the page, POST the password) five times with nothing else running;
2. sends two ``--mb`` MB JSON bodies to ``POST /api/v1/gate`` and two to ``POST /api/v1/contacts`` at once, each
   from its own thread, timing each from connecting to the status line of the answer; a client stops sending
   when the answer arrives, as curl and browsers do;
3. while those four are in flight, times sign-in again five times.

``--src`` serves another checkout's ``src/`` (for the figures before the fix). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import select
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
PASSWORD = "correct horse battery staple"


def prepare(env: dict) -> dict:
    db = OUT / "large_requests.sqlite3"
    OUT.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    env["DATABASE_URL"] = f"sqlite:///{db}"
    faircontact = [sys.executable, "-m", "faircontact.cli"]
    subprocess.run([*faircontact, "migrate"], env=env, check=True, capture_output=True)
    script = (
        "import json; from django.utils import timezone; from faircontact.core.models import ApiToken; "
        "from faircontact.core.users import user_create; from faircontact.records.models import Customer; "
        f"user = user_create(actor=None, username='big', roles=['officer'], password={PASSWORD!r}); "
        "c = Customer.objects.create(reference='B-1', name='Bo Big', search_name='bo big'); "
        "print(json.dumps({'token': ApiToken.issue(user)[1], 'customer': str(c.pk)}))"
    )
    out = subprocess.run([*faircontact, "shell", "-c", script], env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def sign_in(port: int) -> float:
    """Seconds for GET /sign-in and POST of the username and password (a 302 on success)."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    conn.request("GET", "/sign-in")
    page = conn.getresponse()
    body = page.read()
    cookie = page.getheader("Set-Cookie").split(";", 1)[0]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    conn.close()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    form = f"csrfmiddlewaretoken={token}&username=big&password={PASSWORD.replace(' ', '+')}"
    conn.request(
        "POST",
        "/sign-in",
        form,
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie, "Referer": f"http://127.0.0.1:{port}/"},
    )
    status = conn.getresponse().status
    conn.close()
    assert status == 302, status
    return time.perf_counter() - started


def big_request(port: int, path: str, token: str, customer: str, size: int) -> tuple[int, float]:
    """(status, seconds) for a JSON body of ``size`` bytes; stops sending when the answer comes."""
    prefix = json.dumps({"customer": customer, "channel": "email", "body": ""})[:-2].encode()
    body_len = size
    started = time.perf_counter()
    sock = socket.create_connection(("127.0.0.1", port), timeout=300)
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {body_len}\r\nConnection: close\r\n\r\n"
    ).encode()
    sock.sendall(head + prefix)
    sent, chunk = len(prefix), b"x" * 65536
    answer = b""
    while sent < body_len - 2:
        readable, _, _ = select.select([sock], [], [], 0)
        if readable:
            break
        piece = chunk[: min(len(chunk), body_len - 2 - sent)]
        try:
            sock.sendall(piece)
        except (BrokenPipeError, ConnectionResetError):
            break
        sent += len(piece)
    else:
        sock.sendall(b'"}')
    try:
        while b"\r\n" not in answer:
            data = sock.recv(65536)
            if not data:
                break
            answer += data
    except ConnectionResetError:
        pass
    elapsed = time.perf_counter() - started
    sock.close()
    match = re.match(rb"HTTP/1\.[01] (\d+)", answer)
    return (int(match.group(1)) if match else 0), elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8771)
    parser.add_argument("--src", default=str(ROOT / "src"), help="the src/ folder to serve")
    opts = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FAIRCONTACT_", "DATABASE_"))}
    env.update(
        PYTHONPATH=opts.src,
        DJANGO_SETTINGS_MODULE="faircontact.config.settings.base",
        FAIRCONTACT_PROFILE="wolverhampton-homes",
        FAIRCONTACT_API_RATE="100000/m",
        FAIRCONTACT_OTP_REQUIRED_ROLES="admin",
    )
    ids = prepare(env)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "python:faircontact.config.gunicorn",
            "faircontact.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{opts.port}",
            "--workers",
            str(opts.workers),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        for _ in range(600):
            try:
                sign_in(opts.port)
                break
            except (OSError, AttributeError):
                time.sleep(0.2)
        alone = [sign_in(opts.port) for _ in range(5)]
        results: dict[str, list] = {"/api/v1/gate": [], "/api/v1/contacts": []}

        def send(path):
            results[path].append(big_request(opts.port, path, ids["token"], ids["customer"], opts.mb * 1024 * 1024))

        threads = [threading.Thread(target=send, args=(p,)) for p in results for _ in range(2)]
        for t in threads:
            t.start()
        during = [sign_in(opts.port) for _ in range(5)]
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait(timeout=60)
    print(
        json.dumps(
            {
                "src": opts.src,
                "mb": opts.mb,
                "workers": opts.workers,
                "sign_in_alone_s": {"median": round(statistics.median(alone), 3), "max": round(max(alone), 3)},
                "sign_in_during_s": {"median": round(statistics.median(during), 3), "max": round(max(during), 3)},
                "large_requests": {
                    p: [{"status": s, "seconds": round(t, 3)} for s, t in r] for p, r in results.items()
                },
                "cpus": os.cpu_count(),
                "load_average_1m": round(os.getloadavg()[0], 1),
            },
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

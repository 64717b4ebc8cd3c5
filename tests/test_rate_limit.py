"""The API rate limit: keyed on the token's identity, counted in a cache every worker shares (issue 14 §7).

In-process: every spelling of ``Bearer`` draws on the same allowance. Across processes: two gunicorn workers with
the Redis cache (``FAIRCONTACT_CACHE_URL``) allow exactly the rate between them; the same server with each worker's
local-memory cache lets more through, which shows the requests really were spread over both workers.
"""

from __future__ import annotations

import http.client
import os
import runpy
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from faircontact.core.backup import _pg_url
from faircontact.core.models import ApiToken

ROOT = Path(__file__).resolve().parents[1]
REDIS = "redis://127.0.0.1:6379/0"


def test_spellings_of_bearer_share_one_allowance(api, settings):
    settings.FAIRCONTACT_API_RATE = "5/m"
    key = api.client.defaults["HTTP_AUTHORIZATION"].split(" ", 1)[1]
    spellings = ["Bearer", "bearer", "BEARER", "BeArEr", "bEARER", "Bearer", "bearer", "BEARer"]
    codes = [Client(HTTP_AUTHORIZATION=f"{s} {key}").get("/api/v1/customers").status_code for s in spellings]
    assert codes.count(200) == 5 and codes.count(429) == 3, codes
    refused = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/customers")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60


_SPENT: list[str] = []


@pytest.mark.parametrize("turn", ["spends the allowance", "finds it whole"])
def test_no_count_outlives_its_test(turn, api, settings):
    """The suite empties the cache before each test (tests/conftest.py): SQLite gives a rolled-back token's id to
    the next test's token, which must not inherit its count (a fast CI run was refused with 429)."""
    settings.FAIRCONTACT_API_RATE = "3/m"
    token_id = ApiToken.objects.get(user=api.user).pk
    key = f"fc:rate:token:{token_id}:60:{int(time.time() // 60)}"
    if turn == "spends the allowance":
        codes = [api.get("/customers").status_code for _ in range(4)]
        _SPENT.append(key)
        assert codes == [200, 200, 200, 429] and cache.get(key) == 4
    else:
        assert _SPENT and all(cache.get(spent) is None for spent in _SPENT)
        assert [api.get("/customers").status_code for _ in range(3)] == [200] * 3


@pytest.mark.parametrize(
    "environ, backend",
    [({"FAIRCONTACT_CACHE_URL": REDIS}, "RedisCache"), ({"REDIS_URL": REDIS}, "RedisCache"), ({}, "LocMemCache")],
)
def test_settings_choose_redis_when_a_cache_url_is_given(monkeypatch, environ, backend):
    monkeypatch.delenv("FAIRCONTACT_CACHE_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    cache_settings = runpy.run_module("faircontact.config.settings.base")["CACHES"]["default"]
    assert cache_settings["BACKEND"].endswith(backend)
    assert cache_settings.get("LOCATION", REDIS) == REDIS


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _served(env: dict, port: int):
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",  # without the preloading settings file: starting is quicker, counting is the same
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "faircontact.config.wsgi:application",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 180  # the port opens at once; the worker loads Django and the text models after
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    return server


def _statuses(ports: list[int], key: str, n: int) -> list[int]:
    """``n`` requests with ``key``, to each of ``ports`` in turn."""
    codes = []
    for i in range(n):
        conn = http.client.HTTPConnection("127.0.0.1", ports[i % len(ports)], timeout=120)
        conn.request("GET", "/api/v1/customers", headers={"Authorization": f"Bearer {key}"})
        codes.append(conn.getresponse().status)
        conn.close()
    return codes


@pytest.mark.django_db(transaction=True)
def test_two_gunicorn_processes_share_the_limit_through_redis(make_user):
    """Two gunicorn servers of one worker each (two processes, as two workers or two machines are), asked in turn:
    with Redis they share one count (10 of 30 answered), each with its own memory they count alone (20 of 30).
    Two servers rather than one of two workers, because which worker takes a connection is the kernel's choice:
    on a busy machine one worker took all thirty."""
    import redis

    redis.Redis.from_url(REDIS).ping()  # .ci/run starts it; a missing Redis fails here, not silently
    _, key = ApiToken.issue(make_user("officer"))
    settings_dict = connection.settings_dict
    url = f"sqlite:///{settings_dict['NAME']}" if connection.vendor == "sqlite" else _pg_url(settings_dict)
    base = {
        k: v for k, v in os.environ.items() if k not in ("FAIRCONTACT_CACHE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    base.update(
        DATABASE_URL=url,
        PYTHONPATH=str(ROOT / "src"),
        FAIRCONTACT_API_RATE="10/h",
        DJANGO_SETTINGS_MODULE="faircontact.config.settings.base",
    )
    results = {}
    for name, extra in (
        ("redis", {"FAIRCONTACT_CACHE_URL": REDIS, "FAIRCONTACT_CACHE_PREFIX": f"test-{uuid.uuid4().hex}"}),
        ("local", {}),
    ):
        ports = [_free_port(), _free_port()]
        servers = [_served({**base, **extra}, port) for port in ports]
        try:
            results[name] = _statuses(ports, key, 30)
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=30)
    assert results["redis"].count(200) == 10 and results["redis"].count(429) == 20, results
    assert results["local"].count(200) == 20, results  # each process counted alone

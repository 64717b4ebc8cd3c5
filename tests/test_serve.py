"""``faircontact serve`` runs gunicorn with ``faircontact.config.gunicorn`` (whose master loads the application
once and leaves the workers no database connection and a frozen heap) and a task worker, started again if it
stops; Django's development server only with ``--dev``. tests/test_tasks.py runs it for real."""

from __future__ import annotations

import gc
import logging
import sys
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from gunicorn.config import Config

from faircontact import cli
from faircontact.config import gunicorn as gunicorn_conf
from faircontact.core import profiles
from faircontact.gate import similarity
from faircontact.indicators import abuse_model


@pytest.fixture
def supervised(monkeypatch):
    calls = []
    monkeypatch.setattr(cli, "_supervise", lambda web, worker: calls.append((web, worker)) or 0)
    return calls


def test_serve_runs_gunicorn_with_the_settings_file_and_a_worker(supervised):
    assert cli.main(["serve", "--workers", "3", "--host", "0.0.0.0", "--port", "9000"]) == 0
    ((web, worker),) = supervised
    assert web[:3] == [sys.executable, "-m", "gunicorn"]
    assert web[web.index("-c") + 1] == "python:faircontact.config.gunicorn"
    assert web[web.index("--bind") + 1] == "0.0.0.0:9000" and web[web.index("--workers") + 1] == "3"
    assert worker == [sys.executable, "-m", "faircontact.cli", "worker"]


def test_the_development_server_only_with_dev(supervised):
    cli.main(["serve"])
    cli.main(["serve", "--dev", "--port", "8123"])
    (plain, _), (dev, _) = supervised
    assert "gunicorn" in plain and "--workers" not in plain  # the settings file's number
    assert dev[1:4] == ["-m", "django", "runserver"] and "127.0.0.1:8123" in dev


def test_a_worker_that_stops_is_started_again_until_the_web_server_ends(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "RESTART_SECONDS", 0.3)
    runs = tmp_path / "runs"
    worker = [sys.executable, "-c", f"open({str(runs)!r}, 'a').write('run\\n')"]
    web = [sys.executable, "-c", "import time, sys; time.sleep(2); sys.exit(3)"]
    assert cli._supervise(web, worker) == 3  # the web server's status
    assert runs.read_text().count("run") >= 3


def test_access_lines_carry_no_query_string():
    config = Config()
    config.set("accesslog", gunicorn_conf.accesslog)
    config.set("access_log_format", gunicorn_conf.access_log_format)
    logger = gunicorn_conf.RedactingLogger(config)
    written = []
    logger.access_log.handlers[:] = [_Collect(written)]
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/customers?q=Jane+Smith&nino=QQ123456C",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    logger.access(
        SimpleNamespace(status="200 OK", headers=[], sent=10),
        SimpleNamespace(method="GET", headers=[]),
        environ,
        timedelta(0),
    )
    (line,) = written
    assert "GET /customers?[redacted] HTTP/1.1" in line and "Jane" not in line and "QQ123456C" not in line


class _Collect(logging.Handler):
    def __init__(self, lines):
        super().__init__()
        self.lines = lines

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.mark.django_db(transaction=True)
def test_master_closes_its_database_connection_and_freezes_the_heap_before_forking():
    connection.ensure_connection()
    frozen_before = gc.get_freeze_count()
    profiles.clear_cache()
    try:
        gunicorn_conf.when_ready(server=None)
        assert connection.connection is None  # a forked worker opens its own
        assert gc.get_freeze_count() > frozen_before
        # the text models are read before the fork, so the workers share them
        assert abuse_model.load.cache_info().currsize == 1 and similarity.load.cache_info().currsize == 1
        assert profiles._cached.cache_info().currsize == 1  # and the policy profile
    finally:
        gc.unfreeze()

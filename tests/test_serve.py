"""``faircontact serve --workers N`` runs gunicorn with ``faircontact.config.gunicorn``, whose master loads the
application once and leaves the workers no database connection and a frozen heap."""

from __future__ import annotations

import gc
import sys

import pytest
from django.db import connection

from faircontact import cli
from faircontact.config import gunicorn as gunicorn_conf
from faircontact.core import profiles
from faircontact.gate import similarity
from faircontact.indicators import abuse_model


def test_serve_with_workers_runs_gunicorn_with_the_settings_file(monkeypatch):
    calls = []

    def execvp(path, args):  # the real one replaces the process and never returns
        calls.append(args)
        raise SystemExit(0)

    monkeypatch.setattr(cli.os, "execvp", execvp)
    with pytest.raises(SystemExit):
        cli.main(["serve", "--workers", "3", "--host", "0.0.0.0", "--port", "9000"])
    (args,) = calls
    assert args[:3] == [sys.executable, "-m", "gunicorn"]
    assert args[args.index("-c") + 1] == "python:faircontact.config.gunicorn"
    assert args[args.index("--bind") + 1] == "0.0.0.0:9000" and args[args.index("--workers") + 1] == "3"


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

"""Faults: a letter whose rendering fails leaves the case and the letter as they were; an import killed with
SIGKILL half-way leaves only whole rows and runs again to completion."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from faircontact.cases.models import Case, CaseAction
from faircontact.letters.models import Letter

from .test_letters import build, draft  # noqa: F401  (the decided-case fixture)

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("step", ["document_html", "plain_text"])
def test_a_failed_letter_render_leaves_the_case_unchanged(build, monkeypatch, step):  # noqa: F811
    world = build("wolverhampton-homes")
    manager, case = world["staff"]["manager"], world["case"]
    letter = draft(manager, kind="decision", case=case["id"])
    before = (
        Case.objects.get(pk=case["id"]).state,
        CaseAction.objects.count(),
        Letter.objects.get(pk=letter["id"]).status,
    )

    def broken(*args, **kwargs):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(f"faircontact.letters.services.{step}", broken)
    response = manager.post(f"/letters/{letter['id']}/issue", {"channel": "letter", "on": "2026-03-10"})
    assert response.status_code == 500 and response.json()["error"]["code"] == "server_error"
    after = (
        Case.objects.get(pk=case["id"]).state,
        CaseAction.objects.count(),
        Letter.objects.get(pk=letter["id"]).status,
    )
    assert after == before == ("decided", before[1], "draft")


def _faircontact(*args, env, **kwargs):
    return subprocess.run(
        [str(ROOT / ".venv/bin/faircontact"), *args], env=env, capture_output=True, text=True, **kwargs
    )


@pytest.fixture
def scratch_database(tmp_path):
    """A database of the vendor under test, outside the test transaction: ``(url, query)``."""
    if connection.vendor == "sqlite":
        path = tmp_path / "kill.sqlite3"

        def query(sql):
            with sqlite3.connect(path) as db:
                return db.execute(sql).fetchone()

        yield f"sqlite:///{path}", query
        return
    import psycopg

    from faircontact.core.backup import _pg_url

    name = f"kill_{uuid.uuid4().hex[:8]}"
    admin = _pg_url({**connection.settings_dict, "NAME": "postgres"})
    url = _pg_url({**connection.settings_dict, "NAME": name})
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def query(sql):
        with psycopg.connect(url) as conn:
            return conn.execute(sql).fetchone()

    yield url, query
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_an_import_killed_half_way_leaves_whole_rows_and_runs_again_to_completion(tmp_path, scratch_database):
    url, query = scratch_database
    env = dict(
        os.environ,
        DATABASE_URL=url,
        FAIRCONTACT_PROFILE="wolverhampton-homes",
        DJANGO_SETTINGS_MODULE="faircontact.config.settings.base",
    )
    assert _faircontact("migrate", env=env).returncode == 0
    created = _faircontact(
        "shell",
        "-c",
        "from faircontact.records.models import Customer; "
        "Customer.objects.create(reference='K-1', name='Kit Kill', search_name='kit kill')",
        env=env,
    )
    assert created.returncode == 0, created.stderr
    # One subject for every row: the gate's text checks are remembered per distinct text, so the import runs at
    # its batched speed and the test is about being killed, not about reading 100,000 different texts.
    rows = 100_000
    path = tmp_path / "contacts.csv"
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["external_id", "customer", "occurred_at", "channel", "direction", "staff_minutes", "subject"])
        for i in range(rows):
            writer.writerow(
                [f"k-{i}", "K-1", "2026-02-01T09:00:00+00:00", "phone", "inbound", 3, "Call about the repair"]
            )
    importer = subprocess.Popen(
        [str(ROOT / ".venv/bin/faircontact"), "import", "contacts", str(path)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(1.5)  # part-way: validation or writing has begun
    assert importer.poll() is None, "the import finished before it could be killed; use more rows"
    os.kill(importer.pid, signal.SIGKILL)
    importer.wait()
    (total,) = query("SELECT count(*) FROM records_contact")
    (whole,) = query(
        "SELECT count(*) FROM records_contact WHERE external_id LIKE 'k-%' AND customer_id IS NOT NULL "
        "AND occurred_at IS NOT NULL AND channel = 'phone' AND subject LIKE 'Call %'"
    )
    assert total == whole < rows
    again = _faircontact("import", "contacts", str(path), env=env)
    assert again.returncode == 0, again.stderr[-500:]
    assert query("SELECT count(*), count(DISTINCT external_id) FROM records_contact") == (rows, rows)

"""Faults: a letter whose rendering fails leaves the case and the letter as they were; an import killed with
SIGKILL half-way leaves only whole rows and runs again to completion."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import time
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
    before = (Case.objects.get(pk=case["id"]).state, CaseAction.objects.count(),
              Letter.objects.get(pk=letter["id"]).status)

    def broken(*args, **kwargs):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(f"faircontact.letters.services.{step}", broken)
    response = manager.post(f"/letters/{letter['id']}/issue", {"channel": "letter", "on": "2026-03-10"})
    assert response.status_code == 500 and response.json()["error"]["code"] == "server_error"
    after = (Case.objects.get(pk=case["id"]).state, CaseAction.objects.count(),
             Letter.objects.get(pk=letter["id"]).status)
    assert after == before == ("decided", before[1], "draft")


def _faircontact(*args, env, **kwargs):
    return subprocess.run([str(ROOT / ".venv/bin/faircontact"), *args], env=env, capture_output=True, text=True,
                          **kwargs)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="uses its own SQLite file; the PostgreSQL run covers COPY")
def test_an_import_killed_half_way_leaves_whole_rows_and_runs_again_to_completion(tmp_path):
    database = tmp_path / "kill.sqlite3"
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{database}", FAIRCONTACT_PROFILE="wolverhampton-homes",
               DJANGO_SETTINGS_MODULE="faircontact.config.settings.base")
    assert _faircontact("migrate", env=env).returncode == 0
    with sqlite3.connect(database) as db:
        db.execute("INSERT INTO records_customer (reference, name, search_name, address, email, phone, identifiers, "
                   "nino, support_needs, vulnerable, preferred_format, preferred_channel, ethnicity, disability, "
                   "created_at, updated_at) VALUES ('K-1', 'Kit Kill', 'kit kill', '', '', '', '{}', '', '[]', 0, "
                   "'standard', '', '', '', '2026-01-01', '2026-01-01')")
    rows = 300_000
    path = tmp_path / "contacts.csv"
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["external_id", "customer", "occurred_at", "channel", "direction", "staff_minutes",
                         "subject"])
        for i in range(rows):
            writer.writerow([f"k-{i}", "K-1", "2026-02-01T09:00:00+00:00", "phone", "inbound", 3, f"Call {i}"])
    importer = subprocess.Popen([str(ROOT / ".venv/bin/faircontact"), "import", "contacts", str(path)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(1.5)  # part-way: validation or writing has begun
    assert importer.poll() is None, "the import finished before it could be killed; use more rows"
    os.kill(importer.pid, signal.SIGKILL)
    importer.wait()
    with sqlite3.connect(database) as db:
        stored, whole = db.execute("SELECT count(*), count(customer_id) FROM records_contact "
                                   "WHERE external_id IS NOT NULL AND occurred_at IS NOT NULL AND channel = 'phone'"
                                   ).fetchone()
        assert stored == whole == db.execute("SELECT count(*) FROM records_contact").fetchone()[0] < rows
    again = _faircontact("import", "contacts", str(path), env=env)
    assert again.returncode == 0, again.stderr[-500:]
    with sqlite3.connect(database) as db:
        counts = db.execute("SELECT count(*), count(DISTINCT external_id) FROM records_contact").fetchone()
    assert counts == (rows, rows)

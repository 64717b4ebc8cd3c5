"""Backups restore into a fresh database with every table identical (SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlite3
import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from faircontact.core.backup import _pg_url, table_digests

from .test_workflow import NEEDS, act, with_terms


@pytest.fixture
def some_history(use_profile, make_user, api_for):
    use_profile("wolverhampton-homes")
    officer, manager, hos = (api_for(make_user(r)) for r in ("officer", "manager", "decision_maker"))
    customer = officer.post(
        "/customers", {"reference": "B-1", "name": "Bea Backup", "identifiers": {"nino": "AB123456C"}}
    ).json()
    officer.post(
        "/contacts",
        {"customer": customer["id"], "channel": "phone", "subject": "Call", "occurred_at": "2026-10-01T09:00:00+01:00"},
    )
    cid = officer.post("/cases", {"customer": customer["id"], "grounds": ["persistent"], "on": "2026-10-01"}).json()[
        "id"
    ]
    act(officer, cid, "record_discussion", channel="phone", on="2026-10-02")
    act(officer, cid, "consider_needs", on="2026-10-02", **NEEDS)
    act(manager, cid, "assess", conclusion="unacceptable", findings="x", on="2026-10-03")
    act(manager, cid, "refer", on="2026-10-04")
    act(
        hos,
        cid,
        "decide",
        outcome="restrict",
        reasons="x",
        protocol=with_terms({"channels_allowed": ["letter"]}),
        on="2026-10-05",
    )


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_fresh_database_with_every_table_identical(some_history, tmp_path):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            original = table_digests(cursor)
    else:  # read both sides through the same driver
        with psycopg.connect(_pg_url(connection.settings_dict)) as raw:
            original = table_digests(raw.cursor())
    assert original["records_customer"][0] == 1 and original["cases_caseaction"][0] == 6
    path = tmp_path / "faircontact.backup"
    call_command("fc_backup", str(path))
    if connection.vendor == "sqlite":
        target = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "restored.sqlite3")}
        from faircontact.core.backup import restore

        restore(path, into=target)
        with sqlite3.connect(target["NAME"]) as restored:
            copy = table_digests(restored.cursor())
    else:
        name = f"restore_{uuid.uuid4().hex[:8]}"
        admin = _pg_url({**connection.settings_dict, "NAME": "postgres"})
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            from faircontact.core.backup import restore

            target = {**connection.settings_dict, "NAME": name}
            restore(path, into=target)
            with psycopg.connect(_pg_url(target)) as restored:
                copy = table_digests(restored.cursor())
        finally:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    assert copy == original


def test_restore_of_a_missing_file_fails_clearly(tmp_path, db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no such file"):
        call_command("fc_restore", str(tmp_path / "nope.backup"))

"""Backups: SQLite through its online backup API, PostgreSQL through pg_dump / pg_restore.

``faircontact backup FILE`` and ``faircontact restore FILE`` (see ``docs/deployment.md``). A SQLite backup is a
consistent copy even while the application writes; a PostgreSQL backup is pg_dump's custom format.
"""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from django.apps import apps
from django.db import connection


def _pg_url(settings_dict: dict) -> str:
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgresql://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


def backup(path: Path) -> None:
    """Write a backup of the default database to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--file={path}",
                f"--dbname={_pg_url(connection.settings_dict)}",
            ],
            check=True,
            capture_output=True,
        )
    else:
        raise RuntimeError(f"backups are not supported on {connection.vendor}")


def restore(path: Path, *, into: dict | None = None) -> None:
    """Restore ``path`` into the database described by ``into`` (a Django settings dict; default: the default DB).

    The target's existing content is replaced.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(path)
    target = into or connection.settings_dict
    if target["ENGINE"].endswith("sqlite3"):
        source = sqlite3.connect(path)
        destination = sqlite3.connect(target["NAME"])
        try:
            source.backup(destination)
        finally:
            source.close()
            destination.close()
    elif target["ENGINE"].endswith("postgresql"):
        subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={_pg_url(target)}",
                str(path),
            ],
            check=True,
            capture_output=True,
        )
    else:
        raise RuntimeError(f"restores are not supported on {target['ENGINE']}")


def _canonical(value) -> str:
    """One spelling per value, whichever driver read it (Django's SQLite wrapper converts types; sqlite3 does not)."""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def table_digests(cursor) -> dict[str, tuple[int, str]]:
    """Row count and SHA-256 of every application table's rows (ordered by primary key), for comparing copies."""
    result = {}
    for model in apps.get_models(include_auto_created=True):
        table, pk = model._meta.db_table, model._meta.pk.column
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY "{pk}"')
        digest = hashlib.sha256()
        count = 0
        for row in cursor.fetchall():
            digest.update(repr(tuple(_canonical(v) for v in row)).encode())
            count += 1
        result[table] = (count, digest.hexdigest())
    return result

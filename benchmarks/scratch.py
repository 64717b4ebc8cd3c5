"""The throwaway database every benchmark builds: SQLite under ``benchmarks/out/`` (or ``$FAIRCONTACT_BENCH_OUT``: the
test that runs every benchmark uses a folder of its own), or the PostgreSQL database named in ``DATABASE_URL``
(dropped and created again)."""

from __future__ import annotations

import os
from pathlib import Path

OUT = Path(os.environ.get("FAIRCONTACT_BENCH_OUT") or Path(__file__).resolve().parent / "out")


def _postgres() -> tuple[str, str] | None:
    """The server's ``postgres`` database URL and the benchmark database's name, when ``DATABASE_URL`` is one."""
    url = os.environ.get("DATABASE_URL")
    if url and url.startswith("postgres"):
        server, database = url.rsplit("/", 1)
        return f"{server}/postgres", database
    return None


def _use_sqlite(name: str) -> Path:
    path = OUT / f"{name}.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    return path


def setup_database(name: str) -> str:
    """Empty the benchmark's database, point ``DATABASE_URL`` at it, and return the vendor's name."""
    if postgres := _postgres():
        import psycopg

        admin, database = postgres
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{database}"')
        return "postgresql"
    OUT.mkdir(parents=True, exist_ok=True)
    path = _use_sqlite(name)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return "sqlite"


def existing_database(name: str) -> str | None:
    """Point ``DATABASE_URL`` at the database :func:`setup_database` built for ``name`` and return its vendor,
    or None when there is none."""
    if postgres := _postgres():
        import psycopg

        admin, database = postgres
        with psycopg.connect(admin, autocommit=True) as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        return "postgresql" if found else None
    if not (OUT / f"{name}.sqlite3").exists():
        return None
    _use_sqlite(name)
    return "sqlite"

"""Production settings, each in a fresh process: the deploy checks pass, and unsafe set-ups are refused."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FAIRCONTACT_", "DATABASE_"))}
    base.update(
        DJANGO_SETTINGS_MODULE="faircontact.config.settings.production",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        FAIRCONTACT_VAR_DIR=str(tmp_path),
        FAIRCONTACT_AUDIT_KEY=secrets.token_urlsafe(32),
    )
    base.update(env)
    return subprocess.run([sys.executable, *args], env=base, cwd=REPO, capture_output=True, text=True, timeout=600)


def test_check_deploy_passes_with_a_long_random_secret(tmp_path):
    done = run(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_check_deploy_fails_with_a_weak_secret(tmp_path):
    done = run(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path, DJANGO_SECRET_KEY="short"
    )
    assert done.returncode != 0
    assert "security.W009" in done.stderr


def test_production_refuses_the_test_clock(tmp_path):
    done = run(
        "-m",
        "faircontact.cli",
        "check",
        tmp_path=tmp_path,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        FAIRCONTACT_TODAY="2026-03-10",
    )
    assert done.returncode != 0
    assert done.stderr.strip() == "faircontact: FAIRCONTACT_TODAY is a test clock and is refused in production."
    direct = run(
        "manage.py",
        "check",
        tmp_path=tmp_path,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        FAIRCONTACT_TODAY="2026-03-10",
    )
    assert direct.returncode != 0 and "FAIRCONTACT_TODAY" in direct.stderr


def test_production_requires_a_secret_key(tmp_path):
    done = run("-m", "faircontact.cli", "check", tmp_path=tmp_path)
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in done.stderr


def test_collectstatic_builds_a_manifest_for_whitenoise(tmp_path):
    done = run(
        "manage.py", "collectstatic", "--no-input", tmp_path=tmp_path, DJANGO_SECRET_KEY=secrets.token_urlsafe(64)
    )
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    assert any(name.endswith("faircontact.css") for name in manifest)


def test_production_requires_a_long_audit_key(tmp_path):
    for key in ("", "short-key"):
        done = run(
            "-m",
            "faircontact.cli",
            "check",
            tmp_path=tmp_path,
            DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
            FAIRCONTACT_AUDIT_KEY=key,
        )
        assert done.returncode != 0 and "FAIRCONTACT_AUDIT_KEY must be set" in done.stderr


def test_the_test_clock_keeps_its_time_of_day_whatever_the_hour_the_suite_runs(settings):
    """``FAIRCONTACT_TIME_OF_DAY``: the suite's clock starts at 22:00 on ``FAIRCONTACT_TODAY`` and passes; without
    it, the test clock keeps the real time of day (training and demos)."""
    from datetime import datetime, timedelta

    from django.utils import timezone

    from faircontact.core import clock

    settings.FAIRCONTACT_TODAY, settings.FAIRCONTACT_TIME_OF_DAY = "2026-03-10", "22:00"
    first = clock.now()
    assert first.date().isoformat() == "2026-03-10" and first.tzinfo is not None
    assert timedelta(0) <= first - datetime(2026, 3, 10, 22, 0, tzinfo=first.tzinfo) < timedelta(hours=2)
    assert clock.now() >= first
    settings.FAIRCONTACT_TIME_OF_DAY = None
    real = timezone.localtime()
    assert abs((clock.now() - real.replace(year=2026, month=3, day=10)).total_seconds()) < 60

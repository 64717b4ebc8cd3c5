"""The ``faircontact`` command line: user and token creation, import, exit codes and one-line reasons."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from faircontact.cli import main
from faircontact.core.models import ApiToken, User
from faircontact.records.models import Contact

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def dwp(use_profile):
    return use_profile("dwp")


def test_user_create_maps_the_profiles_role_name(dwp, capsys):
    assert main(["user", "create", "dsm1", "--role", "dsm", "--role", "caseworker", "--name", "Dee Ess"]) == 0
    assert User.objects.get(username="dsm1").roles == ["decision_maker", "officer"]
    assert "dsm1" in capsys.readouterr().out


def test_unknown_role_fails_with_one_line_reason(dwp, capsys):
    assert main(["user", "create", "someone", "--role", "head_of_service"]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown role 'head_of_service'" in err
    assert not User.objects.filter(username="someone").exists()


def test_duplicate_user_and_unknown_command_fail(dwp, capsys):
    assert main(["user", "create", "tl1", "--role", "team_leader"]) == 0
    capsys.readouterr()
    assert main(["user", "create", "tl1", "--role", "team_leader"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["frobnicate"]) == 2
    assert "unknown command" in capsys.readouterr().err


def test_token_create_prints_only_a_working_token(dwp, make_user, capsys):
    make_user("officer", username="caseworker1")
    assert main(["token", "create", "caseworker1"]) == 0
    out = capsys.readouterr().out
    key = out.strip()
    assert out == key + "\n" and " " not in key
    assert ApiToken.objects.filter(digest=ApiToken.digest_of(key)).exists()
    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/customers")
    assert response.status_code == 200, response.content
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}x").get("/api/v1/customers").status_code == 401


def test_token_for_unknown_user_fails(dwp, capsys):
    assert main(["token", "create", "nobody"]) == 1
    assert "nobody" in capsys.readouterr().err


def test_import_contacts_from_csv(customer, tmp_path, capsys):
    good = tmp_path / "contacts.csv"
    good.write_text(
        "external_id,customer,occurred_at,channel,direction,staff_minutes,subject\n"
        "cli-1,C-1001,2026-11-01T09:00:00+00:00,phone,inbound,5,Boiler\n"
        "cli-2,C-1001,2026-11-02T10:30:00+00:00,email,inbound,3,Re: Boiler\n"
    )
    assert main(["import", "contacts", str(good)]) == 0
    assert "Imported 2 contacts" in capsys.readouterr().out
    assert main(["import", "contacts", str(good)]) == 0
    assert "2 already present" in capsys.readouterr().out
    assert Contact.objects.count() == 2


def test_import_of_a_bad_file_imports_nothing(customer, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("customer,occurred_at,channel\nC-1001,2026-11-01T09:00:00+00:00,phone\nC-1001,not a date,phone\n")
    assert main(["import", "contacts", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "line 3: occurred_at" in err and "1 bad row; nothing was imported" in err
    assert main(["import", "contacts", str(tmp_path / "missing.csv")]) == 1
    assert "no such file" in capsys.readouterr().err
    assert not Contact.objects.exists()


def test_the_installed_command_end_to_end(tmp_path):
    """The real process: migrate a fresh SQLite file, create a DSM under dwp, refuse a bad role."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FAIRCONTACT_", "DATABASE_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        FAIRCONTACT_PROFILE="dwp",
        FAIRCONTACT_VAR_DIR=str(tmp_path),
    )

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "faircontact.cli", *args],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert run("migrate").returncode == 0
    made = run("user", "create", "dsm1", "--role", "dsm")
    assert made.returncode == 0, made.stderr
    assert "decision_maker" in made.stdout
    refused = run("user", "create", "x1", "--role", "wizard")
    assert refused.returncode != 0
    assert refused.stderr.count("\n") == 1 and "unknown role 'wizard'" in refused.stderr
    help_text = run("--help")
    assert help_text.returncode == 0 and "token create" in help_text.stdout
    assert run("backup", str(tmp_path / "copy.sqlite3")).returncode == 0
    assert (tmp_path / "copy.sqlite3").stat().st_size > 0
    missing = run("restore", str(tmp_path / "missing.sqlite3"))
    assert missing.returncode != 0 and "no such file" in missing.stderr

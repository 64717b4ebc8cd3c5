"""The ``faircontact`` command: the operations people and scripts need, over Django's management commands.

    faircontact migrate | demo | serve [--host H] [--port P] [--workers N] [--dev] | worker [--batch] |
                user create USERNAME --role R ... | token create USERNAME | import contacts FILE.csv |
                sweep [--as-of DATE] [--dry-run] | check | audit verify |
                export subject-access REFERENCE --out FILE.zip --as USERNAME | backup FILE | restore FILE

Configuration comes from the environment (``DATABASE_URL``, ``FAIRCONTACT_PROFILE``). Exit status 0 on
success; otherwise non-zero with a one-line reason on stderr.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

USAGE = __doc__.split("\n\n")[1]

# two-word commands map onto one management command
PAIRS = {
    ("user", "create"): "fc_user_create",
    ("token", "create"): "fc_token_create",
    ("import", "contacts"): "fc_import_contacts",
    ("audit", "verify"): "fc_audit",
    ("export", "subject-access"): "fc_sar",
}
SINGLE = {
    "migrate": "migrate",
    "demo": "fc_demo",
    "sweep": "fc_sweep",
    "check": "check",
    "backup": "fc_backup",
    "restore": "fc_restore",
    "createsuperuser": "createsuperuser",
    "shell": "shell",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faircontact.config.settings.base")
    if not argv or argv[0] in ("-h", "--help", "help"):
        print("usage:\n" + USAGE)
        return 0
    import django  # after DJANGO_SETTINGS_MODULE is set; --help needs no Django
    from django.core.exceptions import ImproperlyConfigured  # (as above)
    from django.core.management import CommandError, call_command  # (as above)

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        print(f"faircontact: {exc}", file=sys.stderr)
        return 2
    head, rest = argv[0], argv[1:]
    if head == "check":
        return _check(rest)
    problems = _profile_problems(active_only=True)
    if problems:  # every command refuses a bad active profile with one line each, never a traceback
        for line in problems:
            print(f"faircontact: {line}", file=sys.stderr)
        return 1
    if head == "serve":
        return _serve(rest)
    if head == "worker":
        return _worker(rest)
    if (head, rest[0] if rest else None) in PAIRS:
        command, rest = PAIRS[(head, rest[0])], rest[1:]
    elif head in SINGLE:
        command = SINGLE[head]
    else:
        print(f"faircontact: unknown command {' '.join(argv[:2])!r}\nusage:\n{USAGE}", file=sys.stderr)
        return 2
    try:
        if command == "migrate":
            call_command("migrate", "--no-input", *rest, verbosity=0)
            print("Database schema is up to date.")
        else:
            call_command(command, *rest)
    except CommandError as exc:
        print(f"faircontact: {exc}", file=sys.stderr)
        return 1
    return 0


def _profile_problems(*, active_only: bool) -> list[str]:
    """Problems with the policies folder (every profile and template), or only the active profile and its letters."""
    from pathlib import Path  # the CLI loads what a command needs only when that command runs

    from django.conf import settings  # after django.setup() in main

    from faircontact.core.profiles import ProfileError, load_profile_file  # (as above)
    from faircontact.letters.checks import folder_problems, template_problems  # (as above)

    folder, active = Path(settings.FAIRCONTACT_POLICIES_DIR), settings.FAIRCONTACT_PROFILE
    if not active_only:
        return folder_problems(folder, active)
    if not (folder / f"{active}.toml").exists():
        return folder_problems(folder, active)[:1]
    try:
        load_profile_file(folder / f"{active}.toml")
    except ProfileError as exc:
        return exc.lines
    letters = folder / "letters" / active
    return template_problems(letters) if letters.is_dir() else []


def _check(args: list[str]) -> int:
    """Validate every profile and template in the policies folder (one line per problem, exit 1), then Django's
    own checks."""
    from django.core.management import CommandError, call_command  # after django.setup() in main

    problems = _profile_problems(active_only=False)
    for line in problems:
        print(line)
    if problems:
        return 1
    try:
        call_command("check", *args)
    except CommandError as exc:
        print(f"faircontact: {exc}", file=sys.stderr)
        return 1
    return 0


#: How long ``serve`` waits for gunicorn and the worker to stop after it asks them, in seconds (then kills them; a
#: task cut short is run again by the next worker).
STOP_SECONDS = 10
#: A worker that stops is started again, at most once in this many seconds.
RESTART_SECONDS = 5


def _serve(args: list[str]) -> int:
    """gunicorn with ``faircontact.config.gunicorn`` (or, with ``--dev``, Django's development server) and a task
    worker, each a child process: a worker that stops is started again; SIGINT or SIGTERM stops both."""
    parser = argparse.ArgumentParser(prog="faircontact serve")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    parser.add_argument(
        "--workers", type=int, default=0, help="gunicorn worker processes (default: the settings file's 2 × cores + 1)"
    )
    parser.add_argument("--dev", action="store_true", help="Django's development server instead of gunicorn")
    opts = parser.parse_args(args)
    if opts.dev:
        web = [sys.executable, "-m", "django", "runserver", f"{opts.host}:{opts.port}", "--noreload"]
    else:
        web = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "python:faircontact.config.gunicorn",
            "faircontact.config.wsgi:application",
            "--bind",
            f"{opts.host}:{opts.port}",
            *(["--workers", str(opts.workers)] if opts.workers else []),
        ]
    return _supervise(web, [sys.executable, "-m", "faircontact.cli", "worker"])


def _supervise(web_command: list[str], worker_command: list[str]) -> int:
    """Run the web server and a task worker until the web server ends or this process is asked to stop; the
    children have a process group of their own, so that Ctrl-C reaches them once, from here."""
    stopping: list[int] = []
    handlers = {
        signum: signal.signal(signum, lambda signum, frame: stopping.append(signum))
        for signum in (signal.SIGINT, signal.SIGTERM)
    }
    web = subprocess.Popen(web_command, process_group=0)
    worker, started = subprocess.Popen(worker_command, process_group=0), time.monotonic()
    try:
        while not stopping and web.poll() is None:
            if worker.poll() is not None and time.monotonic() - started >= RESTART_SECONDS:
                print(
                    f"faircontact: the task worker stopped (status {worker.returncode}); starting another",
                    file=sys.stderr,
                )
                worker, started = subprocess.Popen(worker_command, process_group=0), time.monotonic()
            time.sleep(0.2)
    finally:
        for child in (web, worker):
            if child.poll() is None:
                child.terminate()
        for child in (web, worker):
            try:
                child.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
    return 0 if stopping else web.returncode


def _worker(args: list[str]) -> int:
    """Run background tasks (imports, reports, the sweep's long parts) until stopped; ``--batch``: those ready now."""
    from faircontact.config.warm import warm_up  # needs the apps loaded (django.setup() in main)
    from faircontact.core.tasks import run_worker  # (as above)

    parser = argparse.ArgumentParser(prog="faircontact worker")
    parser.add_argument("--batch", action="store_true", help="run the tasks that are ready, then stop")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between looks at an empty queue")
    opts = parser.parse_args(args)
    warm_up()
    try:
        run_worker(interval=opts.interval, batch=opts.batch)
    except ValueError as exc:
        print(f"faircontact: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Background work on the task queue (django-tasks with the database backend): real ``faircontact worker`` processes
on a database of the vendor under test; a task whose worker died is run again, or marked failed, never left
"running"; the sweep's long parts are queued once and run by a worker; ``faircontact serve`` runs gunicorn and a
worker, and its access log carries no query string."""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from faircontact.cases.sweep import EXTRA_TASKS, sweep
from faircontact.core import tasks
from faircontact.core.models import AuditEvent
from faircontact.records import imports
from faircontact.records.models import ImportChunk, ImportJob, ImportStatus

from .test_faults import scratch_database  # noqa: F401  (a database outside the test transaction)

ROOT = Path(__file__).resolve().parents[1]
FAIRCONTACT = str(ROOT / ".venv/bin/faircontact")


@pytest.fixture
def scratch_env(tmp_path, scratch_database):  # noqa: F811
    """The environment of ``faircontact`` processes on a migrated scratch database with one customer, and a query
    function on that database."""
    url, query = scratch_database
    env = dict(
        os.environ,
        DATABASE_URL=url,
        FAIRCONTACT_PROFILE="wolverhampton-homes",
        FAIRCONTACT_VAR_DIR=str(tmp_path / "var"),
        DJANGO_SETTINGS_MODULE="faircontact.config.settings.base",
    )
    assert subprocess.run([FAIRCONTACT, "migrate"], env=env, capture_output=True).returncode == 0
    made = _shell(
        "from faircontact.records.models import Customer; "
        "Customer.objects.create(reference='W-1', name='Wyn Worker', search_name='wyn worker')",
        env,
    )
    assert made.returncode == 0, made.stderr
    return env, query


def _shell(code: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([FAIRCONTACT, "shell", "-c", code], env=env, capture_output=True, text=True)


def _csv(path: Path, rows: int) -> Path:
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["external_id", "customer", "occurred_at", "channel", "direction", "subject"])
        for i in range(rows):
            writer.writerow([f"w-{i}", "W-1", "2026-02-01T09:00:00+00:00", "phone", "inbound", "Call about the repair"])
    return path


def _queue_import(path: Path, env: dict) -> int:
    """Queue an import of ``path`` as the API does (the upload stored in the database); returns the job's id."""
    queued = _shell(
        "from django.core.files.uploadedfile import SimpleUploadedFile; "
        "from faircontact.records.imports import job_start; "
        f"print(job_start(actor=None, upload=SimpleUploadedFile('contacts.csv', open({str(path)!r}, 'rb').read())).pk)",
        env,
    )
    assert queued.returncode == 0, queued.stderr
    return int(queued.stdout.split()[-1])


def _wait(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.1)
    raise AssertionError(f"waited {seconds} s for {what}")


def test_a_worker_killed_mid_import_is_replaced_and_the_job_runs_again_to_completion(tmp_path, scratch_env):
    env, query = scratch_env
    rows = 200_000  # ~5 s to import on an idle machine, more when busy: the kill comes well before the end
    job = _queue_import(_csv(tmp_path / "contacts.csv", rows), env)
    # nothing of the upload is on a disk of the server that took it: it is in the database
    assert query(f"SELECT count(*), sum(length(data)) FROM records_importchunk WHERE job_id = {job}")[1] > 0
    worker = subprocess.Popen(
        [FAIRCONTACT, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        _wait(lambda: query("SELECT status FROM django_tasks_database_dbtaskresult")[0] == "RUNNING", 60, "a claim")
        time.sleep(0.5)  # part-way through the import
        assert worker.poll() is None
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.kill()
        worker.wait()
    assert query(f"SELECT status FROM records_importjob WHERE id = {job}") == ("running",), "ended before the kill"
    assert query("SELECT status FROM django_tasks_database_dbtaskresult") == (
        "RUNNING",
    )  # as django-tasks-db leaves it
    assert query("SELECT count(*) FROM records_contact") == (0,)  # the killed transaction left nothing

    # the next worker (here one that stops when the queue is empty) runs it again, from the stored upload
    again = subprocess.run([FAIRCONTACT, "worker", "--batch"], env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-2000:]
    status, result = query(f"SELECT status, result FROM records_importjob WHERE id = {job}")
    result = json.loads(result) if isinstance(result, str) else result
    assert (status, result["created"]) == ("imported", rows)
    assert query("SELECT count(*), count(DISTINCT external_id) FROM records_contact") == (rows, rows)
    status, workers = query("SELECT status, worker_ids FROM django_tasks_database_dbtaskresult")
    assert status == "SUCCESSFUL" and len(json.loads(workers) if isinstance(workers, str) else workers) == 2
    assert query("SELECT count(*) FROM records_importchunk") == (0,)  # the upload is gone once imported


def _dead_worker_id() -> str:
    """The id a worker of this machine would have had in a process that has ended."""
    ended = subprocess.Popen(["true"])
    ended.wait()
    return f"{socket.gethostname()[:40]}:{ended.pid}:0"


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_worker_died_in_every_run_is_marked_failed_and_so_is_its_job(settings, use_profile):
    use_profile("wolverhampton-homes")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = imports.job_start(actor=None, upload=_upload(b"customer,occurred_at,channel\n"))
    assert job.status == ImportStatus.RUNNING
    DBTaskResult.objects.filter(pk=job.task_id).update(status="RUNNING", worker_ids=[_dead_worker_id()])
    assert tasks.reap() == [job.task_id]  # a second run is queued
    assert DBTaskResult.objects.get(pk=job.task_id).status == "READY"
    assert imports.job_progress(ImportJob.objects.get(pk=job.pk)).status == ImportStatus.RUNNING

    dead = [_dead_worker_id()] * tasks.MAX_ATTEMPTS
    DBTaskResult.objects.filter(pk=job.task_id).update(status="RUNNING", worker_ids=dead)
    assert tasks.reap() == [job.task_id]
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.status == "FAILED" and task.exception_class_path == "faircontact.core.tasks.WorkerDied"
    # the job ended with its task (task_finished), and its upload is gone, before anyone reads it
    ended = ImportJob.objects.get(pk=job.pk)
    assert ended.status == ImportStatus.FAILED and "worker died" in ended.result["errors"][0]["message"]
    assert not ImportChunk.objects.exists()
    assert imports.job_progress(ended).status == ImportStatus.FAILED
    assert tasks.reap() == []  # nothing left running


@pytest.mark.django_db(transaction=True)
def test_a_running_task_of_a_live_worker_is_left_alone(settings, use_profile):
    use_profile("wolverhampton-homes")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = imports.job_start(actor=None, upload=_upload(b"customer,occurred_at,channel\n"))
    live = tasks.new_worker_id()  # this process, as a worker
    held = tasks.hold_liveness_lock(live)  # PostgreSQL: the advisory lock a worker holds while it lives
    try:
        DBTaskResult.objects.filter(pk=job.task_id).update(status="RUNNING", worker_ids=[live])
        assert tasks.alive(live) and tasks.reap() == []
        assert DBTaskResult.objects.get(pk=job.task_id).status == "RUNNING"
    finally:
        if held is not None:
            held.close()
    # on PostgreSQL the worker is gone once the server has ended its lock's session (on SQLite this process runs on)
    if connection.vendor == "postgresql":
        _wait(lambda: not tasks.alive(live), 10, "the server to end the session")
    else:
        assert tasks.alive(live)


@pytest.mark.django_db(transaction=True)
def test_the_sweeps_long_parts_are_queued_once_and_run_by_a_worker(settings, use_profile, make_user):
    use_profile("wolverhampton-homes")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.FAIRCONTACT_SIGN_IN_LOG_DAYS = 30
    make_user("officer", username="kim")
    AccessAttempt.objects.create(username="kim", ip_address="127.0.0.1", failures_since_start=1, get_data="")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(days=31))
    today = timezone.localdate()
    parts = len(EXTRA_TASKS)
    assert parts >= 3  # the register's checks, retention, expired sign-in records
    assert sweep(as_of=today)["parts_queued"] == parts
    assert sweep(as_of=today)["parts_already_queued"] == parts  # cron again before a worker ran them
    assert DBTaskResult.objects.count() == parts and AccessAttempt.objects.exists()
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=tasks.new_worker_id(),
        excluded_queue_names=[],
    )
    worker.run()  # runs what is ready, then stops
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert not AccessAttempt.objects.exists()
    assert AuditEvent.objects.filter(action="sweep", changes__sign_in_records_deleted=1).count() == 1
    assert sweep(as_of=today)["parts_queued"] == parts  # the next run queues them again


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{uuid.uuid4().hex}.csv", content)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_runs_gunicorn_and_a_worker_and_logs_no_query_string(tmp_path, scratch_env):
    env, query = scratch_env
    made = subprocess.run(
        [FAIRCONTACT, "user", "create", "importer", "--role", "manager", "--password-stdin"],
        env=env,
        input="a-long-password-2026\n",
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    token = subprocess.run([FAIRCONTACT, "token", "create", "importer"], env=env, capture_output=True, text=True)
    assert token.returncode == 0, token.stderr
    port = _free_port()
    log = open(tmp_path / "serve.log", "w+")
    server = subprocess.Popen(
        [FAIRCONTACT, "serve", "--port", str(port), "--workers", "1"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        page = _wait(lambda: _get(f"{base}/sign-in?name=Wyn+Worker&nino=QQ123456C"), 300, "gunicorn to answer")
        assert page.status == 200
        rows = 50
        body, boundary = _multipart(_csv(tmp_path / "small.csv", rows).read_bytes())
        request = urllib.request.Request(
            f"{base}/api/v1/contacts/import/jobs",
            data=body,
            headers={
                "Authorization": f"Bearer {token.stdout.strip().split()[-1]}",
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status == 202
            job = json.loads(answer.read())
        # the worker serve started runs it
        _wait(lambda: query(f"SELECT status FROM records_importjob WHERE id = {job['id']}")[0] != "running", 60, "it")
        assert query(f"SELECT status FROM records_importjob WHERE id = {job['id']}") == ("imported",)
        assert query("SELECT count(*) FROM records_contact") == (rows,)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    assert server.returncode == 0
    # nothing it started is left running (a gunicorn worker once hung at exit: config/warm.py)
    _wait(lambda: not _running_with(f"127.0.0.1:{port}"), 30, "every process serve started to end")
    log.seek(0)
    written = log.read()
    assert "Do not use it in a production setting" not in written
    assert '"GET /sign-in?[redacted] HTTP/1.1" 200' in written, written[-2000:]
    assert "Wyn" not in written and "QQ123456C" not in written


def _running_with(argument: str) -> list[int]:
    """The processes whose command line holds ``argument``."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and argument.encode() in (entry / "cmdline").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:  # ended meanwhile
            continue
    return found


def _get(url: str):
    try:
        return urllib.request.urlopen(url, timeout=5)
    except OSError:
        return None


def _multipart(content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="contacts.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, boundary

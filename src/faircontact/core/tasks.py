"""The task worker (``faircontact worker``) over django-tasks-db, and what it adds: no task stays "running" for ever.

The queue is the database's ``django_tasks_database_dbtaskresult`` table (docs/decisions/0018-task-queue.md). A
worker claims a task by writing its id into the row; if the worker then dies (killed, out of memory, its server
lost), django-tasks-db leaves the row ``RUNNING``. Every worker therefore names itself ``host:pid:start`` and, when
it starts and every :data:`REAP_SECONDS` after, looks at the running tasks: a task whose worker is gone is run
again (it is put back as ``READY``) up to :data:`MAX_ATTEMPTS` runs in all, then marked ``FAILED`` with
:class:`WorkerDied`, and ``task_finished`` is sent as for any failed task, so that the app that queued it can
close its own record (an import job, for one).

Whether a worker is alive: on PostgreSQL each worker holds a session advisory lock named after its id on a
connection of its own for as long as it lives — the server drops it the moment the process's connection goes,
whichever server the worker ran on; on SQLite (one machine) its process id on this machine, with the process's
start time so that a reused id does not count. A task's code must be safe to run again: the import is all or
nothing and skips rows already stored.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import OperationalError, connection, connections, transaction
from django_tasks import task_backends
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

log = logging.getLogger("faircontact.tasks")

#: Runs of one task in all: the first and two more after its worker died (a task that kills its worker every time,
#: such as one that exhausts the memory, is then marked failed).
MAX_ATTEMPTS = 3
#: How often a worker looks for tasks whose worker died, in seconds.
REAP_SECONDS = 10.0


class WorkerDied(Exception):
    """The worker running the task stopped before the task ended."""


def _start_time(pid: int) -> str | None:
    """The start time of process ``pid`` (clock ticks after boot, from ``/proc``), or None when there is no such
    process or it is a zombie; ``"?"`` where ``/proc`` is not available."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return None
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return "?"
    return None if fields[0] in ("Z", "X") else fields[19]


def new_worker_id() -> str:
    """``host:pid:start``: unique among the workers of every server, and enough to tell whether it still runs."""
    pid = os.getpid()
    return f"{socket.gethostname()[:40]}:{pid}:{_start_time(pid) or '?'}"


def _lock_key(worker_id: str) -> int:
    """The PostgreSQL advisory lock a worker holds while it lives (a signed 64-bit number from its id)."""
    return int.from_bytes(hashlib.blake2b(worker_id.encode(), digest_size=8).digest(), "big", signed=True)


def alive(worker_id: str) -> bool:
    """Whether the worker ``worker_id`` still runs (see the module's docstring)."""
    if connection.vendor == "postgresql":
        key = _lock_key(worker_id)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            (free,) = cursor.fetchone()
            if free:  # nobody holds it: the worker's session has ended
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return not free
    host, _, rest = worker_id.partition(":")
    pid, _, started = rest.partition(":")
    if host != socket.gethostname()[:40] or not pid.isdigit():
        return True  # not a worker of this machine: nothing to go on (SQLite runs on one machine)
    now = _start_time(int(pid))
    return now is not None and (started in ("?", now) or now == "?")


def reap(backend_name: str = "default") -> list[str]:
    """Run again, or mark failed, each running task whose worker is no longer alive; returns their ids."""
    found = []
    for result in DBTaskResult.objects.running().filter(backend_name=backend_name).only("id", "worker_ids"):
        if not result.worker_ids or alive(result.worker_ids[-1]):
            continue
        with transaction.atomic():
            locked = DBTaskResult.objects.select_for_update().filter(pk=result.pk, status="RUNNING").first()
            if locked is None or locked.worker_ids != result.worker_ids:
                continue  # finished, or reaped by another worker, meanwhile
            runs = len(locked.worker_ids)
            if runs < MAX_ATTEMPTS:
                locked.status, locked.started_at = "READY", None
                locked.save(update_fields=["status", "started_at"])
                log.warning("task %s: its worker died; run %d of %d queued", locked.pk, runs + 1, MAX_ATTEMPTS)
            else:
                locked.set_failed(WorkerDied(f"its worker died in each of {runs} runs"))
                log.error("task %s: its worker died in each of %d runs; marked failed", locked.pk, runs)
        if locked.status == "FAILED":
            task = locked.task  # imports the task's module, which may listen for task_finished
            task_finished.send(sender=type(task.get_backend()), task_result=locked.task_result)
        found.append(str(result.pk))
    return found


def _reap_now_and_then(backend_name: str, stop: threading.Event) -> None:
    """The reaper thread: its own database connection (Django's are per thread), closed when it stops."""
    try:
        while not stop.wait(REAP_SECONDS):
            try:
                reap(backend_name)
            except OperationalError as exc:  # SQLite: another worker's import holds the write lock; next time
                log.info("reaping skipped: %s", exc)
    finally:
        connection.close()


def hold_liveness_lock(worker_id: str):
    """PostgreSQL: a connection of the worker's own that holds its advisory lock until the process ends."""
    if connection.vendor != "postgresql":
        return None
    held = connections.create_connection("default")
    with held.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [_lock_key(worker_id)])
    return held


def run_worker(*, backend_name: str = "default", interval: float = 1.0, batch: bool = False) -> None:
    """Run tasks of every queue until stopped (SIGINT, SIGTERM: the running task is finished first) or, with
    ``batch``, until none is ready. Reaps dead workers' tasks when it starts and every :data:`REAP_SECONDS`."""
    if not isinstance(task_backends[backend_name], DatabaseBackend):
        raise ValueError(f"the task backend {backend_name!r} is not the database backend (settings.TASKS)")
    worker_id = new_worker_id()
    held = hold_liveness_lock(worker_id)
    reap(backend_name)
    stop = threading.Event()
    reaper = threading.Thread(target=_reap_now_and_then, args=(backend_name, stop), name="reaper", daemon=True)
    reaper.start()
    log.info("worker %s started (database %s)", worker_id, settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1])
    worker = Worker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name=backend_name,
        startup_delay=not batch,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    worker.configure_signals()
    try:
        worker.run()
    finally:
        stop.set()
        if held is not None:
            held.close()
        log.info("worker %s stopped", worker_id)

"""Contacts imports run in the background by a task worker, so that a large file can be followed with a progress
endpoint.

The upload is stored in the database in :class:`ImportChunk` pieces (not on the disk of the server that took
it), an :class:`ImportJob` row is created and :func:`run_import` is queued, all in one transaction; any worker
(``faircontact worker``, or the one ``faircontact serve`` starts) runs it with
``records.importer.import_contacts_csv`` (the same rules as the synchronous endpoint). While it runs, the rows and
bytes read go to the shared ``progress`` cache, because the import's own transaction holds the database's write
lock on SQLite; the job row gets the result when it ends, and the upload is deleted. A job whose worker died is
run again by another (``core.tasks.reap``; the import is all or nothing and skips rows already stored) and, after
the last attempt, shown as failed: never "running" for ever.
"""

from __future__ import annotations

import io
import logging

from django.core.cache import caches
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from faircontact.core import clock
from faircontact.core.errors import Conflict, DomainError, NotFound
from faircontact.core.ids import object_or_none
from faircontact.core.models import User

from .importer import import_contacts_csv
from .models import ImportChunk, ImportJob, ImportStatus

log = logging.getLogger("faircontact.imports")
#: Size of the pieces an upload is stored in (one is in memory at a time while the import reads it).
CHUNK = 1 << 20
#: How long live progress is kept in the cache after the last update, in seconds.
PROGRESS_SECONDS = 24 * 3600


def job_start(*, actor, upload, source: str = "") -> ImportJob:
    """Store ``upload`` (a Django uploaded file) and queue its import; returns the job, ``running``.

    One import at a time (an import holds the database's write lock on SQLite): a second one is refused with
    :class:`Conflict` while another is queued or running.
    """
    with transaction.atomic():
        for running in ImportJob.objects.select_for_update().filter(status=ImportStatus.RUNNING):
            if _settled(running).status == ImportStatus.RUNNING:
                raise Conflict("Another import is running; start this one when it has finished.", code="import_running")
        job = ImportJob.objects.create(
            started_by=actor if getattr(actor, "pk", None) else None, file_name=(upload.name or "")[:200]
        )
        size = 0
        for number, piece in enumerate(_pieces(upload)):
            ImportChunk.objects.create(job=job, number=number, data=piece)
            size += len(piece)
        job.size_bytes = size
        job.task_id = str(run_import.enqueue(job.pk, source).id)
        job.save(update_fields=["size_bytes", "task_id"])
    return ImportJob.objects.get(pk=job.pk)  # as stored (an immediate backend has run it already)


def _pieces(upload):
    """The upload in pieces of :data:`CHUNK` bytes."""
    buffer = b""
    for chunk in upload.chunks():
        buffer += chunk
        while len(buffer) >= CHUNK:
            yield buffer[:CHUNK]
            buffer = buffer[CHUNK:]
    if buffer:
        yield buffer


def job_progress(job: ImportJob) -> ImportJob:
    """``job`` with the live rows and bytes read filled in while it runs."""
    job = _settled(job)
    if job.status == ImportStatus.RUNNING and (live := caches["progress"].get(_progress_key(job.pk))):
        job.rows, job.bytes_read = live
    return job


def own_job(user, job_id) -> ImportJob:
    """``user``'s own import with its live progress (:func:`job_progress`): its result quotes values of the file, so
    another person's job, like no job at all, is 404 (the API and the job's page)."""
    job = object_or_none(ImportJob.objects.filter(started_by=user), job_id) if getattr(user, "pk", None) else None
    if job is None:
        raise NotFound(f"There is no import job with id {job_id}.", field="id")
    return job_progress(job)


def percent_read(job: ImportJob) -> float:
    """How much of the upload the import has read, in per cent to one decimal; 100 once it has ended."""
    if job.status != ImportStatus.RUNNING:
        return 100.0
    return round(100 * job.bytes_read / job.size_bytes, 1) if job.size_bytes else 0.0


def _settled(job: ImportJob) -> ImportJob:
    """``job``, marked failed if it is still ``running`` but its task has ended or is gone (a task marked failed
    after its worker died, or a job queued by another version): a job never stays running for ever."""
    if job.status != ImportStatus.RUNNING or not isinstance(run_import.get_backend(), DatabaseBackend):
        return job
    status = DBTaskResult.objects.filter(pk=job.task_id or None).values_list("status", flat=True).first()
    if status in ("READY", "RUNNING"):
        return job
    ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING).update(
        status=ImportStatus.FAILED,
        result=_refused("file", "The import stopped before it ended (its worker died); nothing was imported."),
        finished_at=timezone.now(),
    )
    ImportChunk.objects.filter(job=job).delete()
    log.error("import job %s: its task ended without it (task status %s)", job.pk, status)
    return ImportJob.objects.get(pk=job.pk)


@receiver(task_finished)
def _run_import_failed(sender, task_result, **kwargs) -> None:
    """A failed run ends its job at once (and deletes the upload): its worker died in every run
    (``core.tasks.reap``) or was stopped mid-task."""
    if task_result.status == TaskResultStatus.FAILED and task_result.task.module_path == run_import.module_path:
        for job in ImportJob.objects.filter(task_id=str(task_result.id), status=ImportStatus.RUNNING):
            _settled(job)


def _progress_key(job_id: int) -> str:
    return f"import-job-{job_id}"


def _refused(field: str | None, message: str) -> dict:
    return {
        "created": 0,
        "skipped_existing": 0,
        "imported": False,
        "errors": [{"line": 0, "field": field, "message": message}],
    }


class _Upload(io.RawIOBase):
    """The stored upload of a job, read piece by piece (``seek(0)`` starts again)."""

    def __init__(self, job_id: int):
        self.job_id, self.number, self.buffer = job_id, 0, b""

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if (offset, whence) != (0, io.SEEK_SET):
            raise io.UnsupportedOperation("an import's upload is read from the start only")
        self.number, self.buffer = 0, b""
        return 0

    def readinto(self, buffer) -> int:
        if not self.buffer:
            piece = (
                ImportChunk.objects.filter(job_id=self.job_id, number=self.number)
                .values_list("data", flat=True)
                .first()
            )
            if piece is None:
                return 0
            self.buffer, self.number = bytes(piece), self.number + 1
        size = min(len(buffer), len(self.buffer))
        buffer[:size], self.buffer = self.buffer[:size], self.buffer[size:]
        return size


@task()
def run_import(job_id: int, source: str = "") -> str:
    """The task: import the job's stored upload, record the result on the job, delete the upload; returns the
    job's status (the result, which names rows and values, stays on the job)."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportStatus.RUNNING:
        return job.status  # already ended (a retry after the result was written)
    actor = User.objects.filter(pk=job.started_by_id).first()
    progress_cache, key = caches["progress"], _progress_key(job_id)

    def progress(rows: int, bytes_read: int) -> None:
        progress_cache.set(key, (rows, bytes_read), PROGRESS_SECONDS)

    try:
        result = import_contacts_csv(_Upload(job_id), actor=actor, now=clock.now(), source=source, progress=progress)
        job.status = ImportStatus.IMPORTED if result.imported else ImportStatus.REJECTED
        job.result, job.rows = result.as_dict(), result.rows
    except DomainError as exc:  # a file the importer refuses as a whole (not CSV, no header)
        job.status = ImportStatus.REJECTED
        job.result = _refused(exc.field, exc.message)
    except Exception:  # the job must end with a status whatever happens
        log.exception("import job %s failed", job_id)
        job.status = ImportStatus.FAILED
        job.result = _refused("file", "The import failed; nothing was imported.")
    job.bytes_read, job.finished_at = job.size_bytes, timezone.now()
    with transaction.atomic():
        job.save()
        ImportChunk.objects.filter(job=job).delete()
    progress_cache.delete(key)
    return job.status

"""Contacts imports run in the background, so that a large file can be followed with a progress endpoint.

The upload is saved under ``VAR_DIR/imports/``, an :class:`ImportJob` row is created, and a thread runs
``records.importer.import_contacts_csv`` (the same rules as the synchronous endpoint). While it runs the
rows and bytes read are kept in this process's memory, because the import's own transaction holds the
database's write lock; the job row gets the result when it ends. A server with several worker processes
shows live progress only from the worker that runs the job (the others show ``running`` until it ends).
"""

from __future__ import annotations

import logging
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from faircontact.core import clock
from faircontact.core.errors import Conflict, DomainError
from faircontact.core.models import User
from faircontact.records.importer import import_contacts_csv

from .models import ImportJob, ImportStatus

log = logging.getLogger("faircontact.imports")
_live: dict[int, tuple[int, int]] = {}
_one_at_a_time = threading.Lock()


def job_start(*, actor, upload, source: str = "") -> ImportJob:
    """Save ``upload`` (a Django uploaded file) and start importing it; returns the running job.

    One import runs at a time in a process (an import holds the database's write lock on SQLite): a second
    one is refused with :class:`Conflict` until the first ends.
    """
    if not _one_at_a_time.acquire(blocking=False):
        raise Conflict("Another import is running; start this one when it has finished.", code="import_running")
    try:
        folder = Path(settings.VAR_DIR) / "imports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{uuid.uuid4().hex}.csv"
        with open(path, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        with transaction.atomic():
            job = ImportJob.objects.create(
                started_by=actor if getattr(actor, "pk", None) else None,
                file_name=(upload.name or "")[:200],
                size_bytes=path.stat().st_size,
            )
        threading.Thread(target=_run, args=(job.pk, path, source), name=f"import-{job.pk}", daemon=True).start()
    except BaseException:
        _one_at_a_time.release()
        raise
    return job


def job_progress(job: ImportJob) -> ImportJob:
    """``job`` with the live rows and bytes read filled in while it runs in this process."""
    if job.status == ImportStatus.RUNNING and job.pk in _live:
        job.rows, job.bytes_read = _live[job.pk]
    return job


def _refused(field: str | None, message: str) -> dict:
    return {
        "created": 0,
        "skipped_existing": 0,
        "imported": False,
        "errors": [{"line": 0, "field": field, "message": message}],
    }


def _run(job_id: int, path: Path, source: str) -> None:
    """The thread: import, then free the connection and the one-at-a-time lock whatever happened."""
    try:
        _import(job_id, path, source)
    finally:
        connection.close()
        _one_at_a_time.release()


def _import(job_id: int, path: Path, source: str) -> None:
    job = ImportJob.objects.get(pk=job_id)
    actor = User.objects.filter(pk=job.started_by_id).first()

    def progress(rows: int, bytes_read: int) -> None:
        _live[job_id] = (rows, bytes_read)

    try:
        with open(path, "rb") as fh:
            result = import_contacts_csv(fh, actor=actor, now=clock.now(), source=source, progress=progress)
        job.status = ImportStatus.IMPORTED if result.imported else ImportStatus.REJECTED
        job.result, job.rows = result.as_dict(), result.rows
    except DomainError as exc:  # a file the importer refuses as a whole (not CSV, no header)
        job.status = ImportStatus.REJECTED
        job.result = _refused(exc.field, exc.message)
    except Exception:  # the job must end with a status whatever happens
        log.exception("import job %s failed", job_id)
        job.status = ImportStatus.FAILED
        job.result = _refused("file", "The import failed; nothing was imported.")
    finally:
        path.unlink(missing_ok=True)
        _live.pop(job_id, None)
    job.bytes_read, job.finished_at = job.size_bytes, timezone.now()
    job.save()

"""Documents prepared in the background: an evidence pack or a board report that takes seconds is built by a task
worker, stored in the database, and collected by the member of staff who asked for it
(docs/decisions/0019-prepared-documents.md).

Core keeps the stored document (:class:`~faircontact.core.models.PreparedDocument`), the one task
(:func:`build_document`) and the rules every kind shares; the apps that build a kind register it in their
``AppConfig.ready`` (:data:`DOCUMENT_KINDS`, a hook: indicators the evidence pack, reports the board report), so
core imports none of them.

- **Asking** (:func:`prepare`): the kind's ``check`` runs first, as the requester, exactly as the synchronous read
  would (permission, row scope, the reason for access where the customer needs one), so a refusal is the same 403,
  404 or 422 and nothing is created; then the row and the task are written in one transaction.
- **Building** (:func:`build_document`): the read is the requester's, through an ``Access`` carrying the reason
  they gave, so it is audited as the same ``view`` event the synchronous download writes, with ``source`` ``task``
  and the document's id in its path; the event and the file are written in one transaction (a worker killed
  mid-build leaves neither, and ``core.tasks.reap`` runs it again or marks it failed). A refusal (the requester
  lost the permission meanwhile) or an error ends it ``failed`` with the reason in words.
- **Collecting** (:func:`collect`): only the requester (another's document is 404, its existence not revealed),
  and only while they still hold the permission (the kind's ``check`` again: 403 ``role_not_permitted`` through the
  matrix, 404 for a customer now outside their rows); each download is a ``download`` event. 409 while it is not
  ready; a failed one says why.
- **Expiry**: ``FAIRCONTACT_PREPARED_DOCUMENT_HOURS`` (24) after it was asked for, a document is no longer served
  and :func:`expired_delete` (a part of the sweep, and each new request) deletes it, content and reason with it.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django_tasks import TaskResultStatus, task
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from . import clock
from .access import Access
from .audit import record_event
from .errors import Conflict, DomainError, NotFound
from .models import DocumentStatus, PreparedDocument, User
from .words import plural

log = logging.getLogger("faircontact.documents")

#: What a worker's death in every run reads as on the document.
WORKER_DIED = "The worker preparing it stopped before it finished, in every attempt. Ask for it again."
#: What an unexpected error reads as (the error itself goes to the log, by class name and document id only).
BROKE = "Something went wrong while preparing it. Ask for it again; if it fails again, tell support."


@dataclass(frozen=True)
class DocumentKind:
    """One kind of prepared document, registered by the app that builds it.

    ``check(access, parameters) -> customer id or None``: the permission, row scope and reason checks of the
    synchronous read, as ``access.user`` (raises the same refusals), run when it is asked for, when it is built and
    at each download. ``build(access, parameters) -> (content, file name)``: the document, its reads noted on
    ``access`` (written as one event with the file). ``event(document) -> record_event keywords`` or None: an audit
    event of the kind's own, written with the file (the board report's ``report`` event)."""

    name: str
    label: str
    check: Callable[[Access, dict], int | None]
    build: Callable[[Access, dict], tuple[bytes, str]]
    content_type: str = "application/pdf"
    event: Callable[[PreparedDocument], dict] | None = None


#: The kinds the apps above core register in ``AppConfig.ready`` (``core.hooks.add``).
DOCUMENT_KINDS: list[DocumentKind] = []


def kind_named(name: str) -> DocumentKind:
    for kind in DOCUMENT_KINDS:
        if kind.name == name:
            return kind
    raise KeyError(name)


def lifetime() -> timedelta:
    return timedelta(hours=settings.FAIRCONTACT_PREPARED_DOCUMENT_HOURS)


def _reason(access: Access, customer_id: int | None) -> str:
    """The reason for access the requester gave (the API's parameter or header; the web sign-in's for the
    customer), carried over to the task."""
    if access.reason or customer_id is None:
        return access.reason
    return access.reason_for(customer_id)


def prepare(access: Access, kind_name: str, parameters: dict) -> PreparedDocument:
    """Check as the synchronous read would, then store the request and queue :func:`build_document`; returns the
    document (``queued``, or already ended under an immediate task backend)."""
    kind = kind_named(kind_name)
    customer_id = kind.check(access, parameters)
    now = clock.now()
    expired_delete(as_of=None)
    with transaction.atomic():
        document = PreparedDocument.objects.create(
            kind=kind.name,
            requested_by=access.user,
            parameters=parameters,
            reason=_reason(access, customer_id),
            customer_id=customer_id,
            created_at=now,
            expires_at=now + lifetime(),
            content_type=kind.content_type,
        )
        record_event(
            actor=access.user,
            action="prepare",
            object_type="prepared_document",
            object_id=str(document.pk),
            customer_id=customer_id,
            changes={"kind": kind.name, "parameters": parameters},
            source=access.source,
        )
        document.task_id = str(build_document.enqueue(str(document.pk)).id)
        document.save(update_fields=["task_id"])
    return PreparedDocument.objects.get(pk=document.pk)  # as stored (an immediate backend has built it already)


@task()
def build_document(document_id: str) -> str:
    """The task: build the document as its requester, store it and the audit of the read together; returns the
    status (never personal data: the task's result is kept in the queue's table)."""
    document = PreparedDocument.objects.filter(pk=document_id).first()
    if document is None or document.status in (DocumentStatus.DONE, DocumentStatus.FAILED):
        return document.status if document else "gone"  # expired meanwhile, or a retry after it ended
    PreparedDocument.objects.filter(pk=document.pk).update(status=DocumentStatus.RUNNING)
    kind = kind_named(document.kind)
    requester = User.objects.get(pk=document.requested_by_id)
    access = Access(requester, reason=document.reason, source="task", path=f"task: prepared document {document.pk}")
    try:
        kind.check(access, document.parameters)
        content, file_name = kind.build(access, document.parameters)
    except DomainError as refused:  # the requester lost the permission, or the record went, meanwhile
        return _fail(document, refused.message)
    except Exception as error:  # the document must end with a status whatever happens
        log.error("prepared document %s: %s while building it", document.pk, type(error).__name__)
        return _fail(document, BROKE)
    with transaction.atomic():
        access.flush()  # the requester's read, audited as the synchronous read is (source "task")
        if kind.event is not None:
            record_event(actor=requester, source="task", **kind.event(document))
        updated = PreparedDocument.objects.filter(pk=document.pk, status=DocumentStatus.RUNNING).update(
            status=DocumentStatus.DONE,
            content=content,
            file_name=file_name[:200],
            size_bytes=len(content),
            finished_at=clock.now(),
        )
        if not updated:  # deleted (expired) or ended by another run meanwhile: keep neither the file nor the event
            transaction.set_rollback(True)
            return "gone"
    log.info("prepared document %s: %s, %d bytes", document.pk, kind.name, len(content))
    return DocumentStatus.DONE


def _fail(document: PreparedDocument, why: str) -> str:
    PreparedDocument.objects.filter(pk=document.pk, status__in=[DocumentStatus.QUEUED, DocumentStatus.RUNNING]).update(
        status=DocumentStatus.FAILED, failure=why[:500], finished_at=clock.now()
    )
    log.warning("prepared document %s: failed", document.pk)
    return DocumentStatus.FAILED


def _settled(document: PreparedDocument) -> PreparedDocument:
    """``document``, marked failed if it is still waiting or running but its task has ended or is gone (a task
    marked failed after its worker died in every run): never "being prepared" for ever."""
    if document.status not in (DocumentStatus.QUEUED, DocumentStatus.RUNNING):
        return document
    if not isinstance(build_document.get_backend(), DatabaseBackend):
        return document
    status = DBTaskResult.objects.filter(pk=document.task_id or None).values_list("status", flat=True).first()
    if status in ("READY", "RUNNING"):
        return document
    _fail(document, WORKER_DIED)
    return PreparedDocument.objects.get(pk=document.pk)


@receiver(task_finished)
def _build_failed(sender, task_result, **kwargs) -> None:
    """A task that failed ends its document at once: its worker died in every run (``core.tasks.reap``), or the
    task itself broke outside the build (storing the file, say)."""
    if task_result.status == TaskResultStatus.FAILED and task_result.task.module_path == build_document.module_path:
        died = any(error.exception_class_path.endswith(".WorkerDied") for error in task_result.errors[-1:])
        for document in PreparedDocument.objects.filter(pk=task_result.args[0]).only("pk"):  # its one argument
            _fail(document, WORKER_DIED if died else BROKE)


def _own(user, document_id, kind: str | None) -> PreparedDocument:
    """The user's own document (of ``kind``, when the address names one), not expired; another's, another kind's,
    an expired one or none at all are the same 404."""
    try:
        key = uuid.UUID(str(document_id))
    except ValueError:
        key = None
    mine = PreparedDocument.objects.defer("content").filter(pk=key, requested_by=user, expires_at__gt=clock.now())
    if kind is not None:
        mine = mine.filter(kind=kind)
    found = mine.first() if key is not None and getattr(user, "pk", None) else None
    if found is None:
        hours = settings.FAIRCONTACT_PREPARED_DOCUMENT_HOURS
        raise NotFound(
            f"There is no prepared document with id {document_id} of yours (they are kept for {hours} hours).",
            field="id",
        )
    return found


def status(access: Access, document_id, *, kind: str | None = None) -> PreparedDocument:
    """One's own document and how it stands (no content, nothing personal: not a read of personal data)."""
    return _settled(_own(access.user, document_id, kind))


def collect(access: Access, document_id, *, kind: str | None = None) -> PreparedDocument:
    """The ready document with its content, for its requester while they still hold the permission; audited."""
    document = status(access, document_id, kind=kind)
    kind = kind_named(document.kind)
    if not access.reason:
        access.reason = document.reason  # the reason given when it was asked for covers collecting it
    kind.check(access, document.parameters)
    if document.status == DocumentStatus.FAILED:
        raise Conflict(f"It could not be prepared: {document.failure}", code="document_failed")
    if document.status != DocumentStatus.DONE:
        raise Conflict("It is not ready yet; ask for its status and download it when it is done.", code="not_ready")
    document = PreparedDocument.objects.get(pk=document.pk)
    record_event(
        actor=access.user,
        action="download",
        object_type="prepared_document",
        object_id=str(document.pk),
        customer_id=document.customer_id,
        changes={"kind": document.kind, "size_bytes": document.size_bytes, "path": access.path[:200]},
        reason=access.reason,
        source=access.source,
    )
    return document


def expired_delete(*, as_of: date | None = None) -> Counter:
    """Delete the documents past their expiry (content, parameters and reason with them); counted as
    ``prepared_documents_deleted`` (a part of the sweep; ``as_of`` is the sweep's, expiry is by the clock)."""
    deleted, _ = PreparedDocument.objects.filter(expires_at__lte=clock.now()).delete()
    return Counter({"prepared_documents_deleted": deleted}) if deleted else Counter()


def expired_preview(*, as_of: date) -> list[str]:
    """The sweep's dry run: how many prepared documents would be deleted."""
    count = PreparedDocument.objects.filter(expires_at__lte=clock.now()).count()
    return [f"{plural(count, 'prepared document')}: deleted, past their expiry"] if count else []

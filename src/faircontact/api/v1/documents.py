"""Documents prepared in the background (evidence packs, board reports): their status and the file, for the member
of staff who asked (``core.documents``; docs/decisions/0019-prepared-documents.md)."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Router, Schema

from faircontact.core import documents
from faircontact.core.downloads import content_disposition
from faircontact.core.models import PreparedDocument

from .base import ERRORS, Moment, access, perm

router = Router(tags=["prepared documents"])
PDF = {"type": "string", "format": "binary"}


class PreparedDocumentOut(Schema):
    id: str
    kind: str
    status: str
    status_label: str
    failure: str | None
    parameters: dict
    created_at: Moment
    finished_at: Moment | None
    expires_at: Moment
    file_name: str
    content_type: str
    size_bytes: int
    file: str | None


def document_out(document: PreparedDocument) -> dict:
    done = document.status == "done"
    return {
        "id": str(document.pk),
        "kind": document.kind,
        "status": document.status,
        "status_label": document.get_status_display(),
        "failure": document.failure or None,
        "parameters": document.parameters,
        "created_at": document.created_at,
        "finished_at": document.finished_at,
        "expires_at": document.expires_at,
        "file_name": document.file_name,
        "content_type": document.content_type,
        "size_bytes": document.size_bytes,
        "file": f"/api/v1/prepared-documents/{document.pk}/file" if done else None,
    }


@router.get(
    "/prepared-documents/{document_id}",
    response={200: PreparedDocumentOut, **ERRORS},
    summary="How a document prepared in the background stands (queued, running, done or failed, and why)",
    auth=perm("documents.collect"),
)
def prepared_document(request, document_id: str):
    """Only one's own documents (another's is 404); kept for ``FAIRCONTACT_PREPARED_DOCUMENT_HOURS`` (24) after
    they were asked for, then 404. Poll until ``status`` is ``done`` (then ``file`` is its address) or ``failed``
    (``failure`` says why)."""
    return document_out(documents.status(access(request), document_id))


@router.get(
    "/prepared-documents/{document_id}/file",
    response={200: None, **ERRORS},
    summary="Download a prepared document (409 until it is ready); every download is audited",
    auth=perm("documents.collect"),
    openapi_extra={"responses": {200: {"description": "The file", "content": {"application/pdf": {"schema": PDF}}}}},
)
def prepared_document_file(request, document_id: str):
    """For the member of staff who asked for it, while they still hold the permission its kind needs (403
    ``role_not_permitted`` otherwise; 404 for a customer now outside their rows). 409 ``not_ready`` while it is
    queued or running, ``document_failed`` if it failed. The reason for access given when it was asked for covers
    the download unless another is sent."""
    document = documents.collect(access(request), document_id)
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = content_disposition(document.file_name)
    return response

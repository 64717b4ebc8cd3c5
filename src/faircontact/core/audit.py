"""The audit trail: :func:`record_event` is called by every service that creates, changes or shows a record."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC

from django.db import transaction

from .clock import now as clock_now
from .models import AuditEvent, AuditHead


def _digest(prev_hash: str, fields: dict) -> str:
    payload = json.dumps(fields, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def _content(event: AuditEvent) -> dict:
    return {
        "at": event.at.astimezone(UTC).isoformat(),  # the same whichever zone it is read back in
        "actor": event.actor_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "customer_id": event.customer_id,
        "changes": event.changes,
        "reason": event.reason,
        "source": event.source,
    }


def record_event(
    *,
    actor,
    action: str,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    customer_id: int | None = None,
    changes: dict | None = None,
    reason: str = "",
    source: str = "",
) -> AuditEvent:
    """Append one event to the chain. ``changes`` holds field names and ids, never free text about a person."""
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or str(obj.pk)
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            at=clock_now(),
            actor=actor if getattr(actor, "pk", None) else None,
            action=action,
            object_type=object_type,
            object_id=object_id,
            customer_id=customer_id,
            changes=json.loads(json.dumps(changes or {}, default=str)),
            reason=reason[:500],
            source=source[:100],
            prev_hash=head.last_hash,
        )
        event.hash = _digest(event.prev_hash, _content(event))
        event.save()
        head.last_hash = event.hash
        head.save(update_fields=["last_hash"])
    return event


def verify_chain() -> AuditEvent | None:
    """Walk the chain in order; return the first event whose hash or link is wrong, or ``None``."""
    prev = "0" * 64
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != prev or event.hash != _digest(prev, _content(event)):
            return event
        prev = event.hash
    return None

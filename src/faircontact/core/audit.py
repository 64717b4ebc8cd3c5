"""The audit trail: :func:`record_event` appends to a keyed, tamper-evident chain; :func:`check_chain` proves it.

Each row's ``hash`` is an HMAC-SHA256, under ``FAIRCONTACT_AUDIT_KEY``, of its content and the previous row's hash;
``key_id`` names the key (rotation: the old keys stay in ``FAIRCONTACT_AUDIT_OLD_KEYS`` to verify older rows).
``AuditHead`` holds the newest hash and the number of rows, so rows cut from the end are found too; the sweep
logs the head each run so that a copy outside the database can prove the end was not cut and the head rewritten.
The free-text ``reason`` is sealed as a keyed digest of itself (``reason_digest``), not as text, so retention can
blank it (:func:`redact_reasons`, with a sealed ``redact_reasons`` event naming the rows) and the chain still
verifies; a reason blanked without that event, or changed, is reported. Threat model and key rotation:
``docs/security.md``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.db import transaction

from .clock import now as clock_now
from .models import AuditEvent, AuditHead

log = logging.getLogger("faircontact.audit")
MIN_KEY_LENGTH = 32
GENESIS = "0" * 64


def _key_bytes(key: str) -> bytes:
    return key.encode()


def key_id_of(key: str) -> str:
    """A short public name for a key (not the key): the first 12 hex digits of its SHA-256."""
    return hashlib.sha256(b"faircontact-audit-key:" + key.encode()).hexdigest()[:12]


def current_key() -> str:
    """``FAIRCONTACT_AUDIT_KEY``; development and tests without one use a key derived from ``SECRET_KEY``
    (production settings refuse to start without a key of at least 32 characters)."""
    return settings.FAIRCONTACT_AUDIT_KEY or "dev-derived:" + settings.SECRET_KEY


def known_keys() -> dict[str, str]:
    keys = [current_key(), *(k.strip() for k in settings.FAIRCONTACT_AUDIT_OLD_KEYS.split(",") if k.strip())]
    return {key_id_of(k): k for k in keys}


def _payload(prev_hash: str, fields: dict) -> bytes:
    return (prev_hash + json.dumps(fields, sort_keys=True, default=str, separators=(",", ":"))).encode()


def _digest(prev_hash: str, fields: dict, key: str) -> str:
    return hmac.new(_key_bytes(key), _payload(prev_hash, fields), hashlib.sha256).hexdigest()


def unkeyed_digest(prev_hash: str, fields: dict) -> str:
    """The digest before issue 19 (plain SHA-256): anyone with the database could recompute it. Kept only to
    re-seal an intact old chain once (migration ``core.0002``) and for the test that a rebuilt chain fails."""
    return hashlib.sha256(_payload(prev_hash, fields)).hexdigest()


def digest_reason(reason: str, key: str) -> str:
    """The keyed digest sealed in place of a reason ("" for none): without the key, guesses cannot be tested."""
    return hmac.new(_key_bytes(key), b"reason:" + reason.encode(), hashlib.sha256).hexdigest() if reason else ""


def content(event: AuditEvent) -> dict:
    """What a row's HMAC seals: everything but the reason's text, which is sealed through ``reason_digest``."""
    return {
        "at": event.at.astimezone(UTC).isoformat(),  # the same whichever zone it is read back in
        "actor": event.actor_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "customer_id": event.customer_id,
        "changes": event.changes,
        "reason_digest": event.reason_digest,
        "source": event.source,
    }


def content_sealing_reason_text(event: AuditEvent) -> dict:
    """What a row sealed before reasons could be redacted (the reason's text itself): only migrations
    ``core.0002`` and ``core.0003`` read it, to re-seal an intact chain once."""
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
    key = current_key()
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
            reason_digest=digest_reason(reason[:500], key),
            source=source[:100],
            prev_hash=head.last_hash,
            key_id=key_id_of(key),
        )
        event.hash = _digest(event.prev_hash, content(event), key)
        event.save()
        head.last_hash, head.count = event.hash, head.count + 1
        head.save(update_fields=["last_hash", "count"])
    return event


@dataclass
class ChainCheck:
    intact: bool
    events: int  # rows found
    expected: int  # rows the head says were written
    first_bad: AuditEvent | None = None
    problem: str = ""


def check_chain(*, expect: tuple[int, str] | None = None) -> ChainCheck:
    """Walk the chain in order with the keys; compare its end with the stored head (and with ``expect``, a
    ``(count, hash)`` head copied out of the database earlier, e.g. from the sweep's log)."""
    keys = known_keys()
    head = AuditHead.objects.filter(pk=1).first()
    expected = head.count if head else 0
    redacted = redacted_event_ids()
    prev, n, hashes_at = GENESIS, 0, {}
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        key = keys.get(event.key_id)
        if key is None:
            return ChainCheck(False, n, expected, event, f"event {event.pk} is sealed with an unknown key")
        if event.prev_hash != prev:
            problem = f"event {event.pk} does not follow the one before (rows deleted or inserted after {n})"
            return ChainCheck(False, n, expected, event, problem)
        if event.hash != _digest(prev, content(event), key):
            return ChainCheck(False, n, expected, event, f"event {event.pk} was changed or its seal forged")
        if event.reason and digest_reason(event.reason, key) != event.reason_digest:
            return ChainCheck(False, n, expected, event, f"the reason of event {event.pk} was changed")
        if not event.reason and event.reason_digest and event.pk not in redacted:
            problem = f"the reason of event {event.pk} was removed with no sealed redaction naming it"
            return ChainCheck(False, n, expected, event, problem)
        prev, n = event.hash, n + 1
        if expect is not None and n == expect[0]:
            hashes_at[n] = event.hash
    if head is not None and (n, prev) != (head.count, head.last_hash):
        if n < head.count:
            return ChainCheck(False, n, expected, None, f"rows missing after {n} (the head records {head.count})")
        return ChainCheck(False, n, expected, None, f"the chain does not end at the stored head ({n} rows)")
    if expect is not None:
        count, digest = expect
        if n < count or hashes_at.get(count) != digest:
            return ChainCheck(
                False, n, expected, None, f"rows missing after {min(n, count - 1)}: the head logged at {count} differs"
            )
    return ChainCheck(True, n, expected)


def redacted_event_ids() -> set[int]:
    """The rows whose reasons a sealed ``redact_reasons`` event names (the walk checks those events' seals)."""
    ids: set[int] = set()
    for changes in AuditEvent.objects.filter(action="redact_reasons").values_list("changes", flat=True):
        ids.update(int(i) for i in (changes or {}).get("events", []))
    return ids


def redact_reasons(events, *, customer_id: int | None = None) -> int:
    """Blank the reasons of ``events`` (a queryset) and seal a ``redact_reasons`` event naming them: retention
    (``register.retention``) removes what staff wrote about a customer while the chain still verifies."""
    with transaction.atomic():
        ids = sorted(events.exclude(reason="").values_list("pk", flat=True))
        if not ids:
            return 0
        AuditEvent.objects.filter(pk__in=ids).update(reason="")
        record_event(
            actor=None,
            action="redact_reasons",
            object_type="audit",
            customer_id=customer_id,
            changes={"events": ids},
            source="sweep",
        )
    return len(ids)


def verify_chain() -> AuditEvent | None:
    """The first event whose hash or link is wrong, or ``None`` (see :func:`check_chain` for the whole answer)."""
    return check_chain().first_bad


def log_head() -> str:
    """Write the chain's head to the log (sequence and hash): the sweep calls it each run."""
    head = AuditHead.objects.filter(pk=1).first()
    line = f"audit head {head.count if head else 0}:{head.last_hash if head else GENESIS}"
    log.info(line)
    return line

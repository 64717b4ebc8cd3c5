"""Audit reasons become redactable (issue 19): each row seals a keyed digest of its reason instead of the text, so
retention can blank the reason and the chain still verifies. The intact part of the chain (checked as it was
sealed, with the reason's text) is re-sealed once with the current key; from the first bad row on, the rows are
left as found, so ``faircontact audit verify`` keeps naming that row."""

from django.db import migrations, models


def reseal(apps, schema_editor):
    from faircontact.core import audit  # only when run

    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditHead = apps.get_model("core", "AuditHead")
    keys, key = audit.known_keys(), audit.current_key()
    intact, prev = [], audit.GENESIS
    for event in AuditEvent.objects.order_by("id"):
        old_key = keys.get(event.key_id)
        if old_key is None or event.prev_hash != prev or event.hash != audit._digest(prev, audit.content_sealing_reason_text(event), old_key):
            break
        prev = event.hash
        intact.append(event)
    head = AuditHead.objects.filter(pk=1).first()
    whole = head is not None and (head.count, head.last_hash) == (len(intact), prev)
    prev = audit.GENESIS
    for event in intact:
        event.prev_hash, event.key_id = prev, audit.key_id_of(key)
        event.reason_digest = audit.digest_reason(event.reason, key)
        event.hash = audit._digest(prev, audit.content(event), key)
        prev = event.hash
    AuditEvent.objects.bulk_update(intact, ["prev_hash", "hash", "key_id", "reason_digest"], batch_size=2000)
    if whole:
        AuditHead.objects.filter(pk=1).update(last_hash=prev)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_key_and_head_count")]

    operations = [
        migrations.AddField(
            model_name="auditevent", name="reason_digest", field=models.CharField(blank=True, max_length=64)
        ),
        migrations.RunPython(reseal, migrations.RunPython.noop),
    ]

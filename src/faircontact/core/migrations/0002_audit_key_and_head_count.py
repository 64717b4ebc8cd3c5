"""The audit chain becomes keyed (issue 19): each row's hash an HMAC under FAIRCONTACT_AUDIT_KEY, and the head
counts the rows. An existing chain that verifies intact with the old unkeyed digest is re-sealed once with the
key; a chain that does not verify is left as it is, so ``faircontact audit verify`` keeps reporting it."""

from django.db import migrations, models


def reseal(apps, schema_editor):
    from faircontact.core.audit import GENESIS, _digest, current_key, key_id_of, unkeyed_digest  # only when run
    from faircontact.core.audit import content_sealing_reason_text as content  # only when run

    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditHead = apps.get_model("core", "AuditHead")
    events = list(AuditEvent.objects.order_by("id"))
    prev = GENESIS
    for event in events:
        if event.prev_hash != prev or event.hash != unkeyed_digest(prev, content(event)):
            return  # not intact: leave the evidence as found
        prev = event.hash
    key, prev = current_key(), GENESIS
    for event in events:
        event.prev_hash, event.key_id = prev, key_id_of(key)
        event.hash = _digest(prev, content(event), key)
        prev = event.hash
    AuditEvent.objects.bulk_update(events, ["prev_hash", "hash", "key_id"], batch_size=2000)
    AuditHead.objects.update_or_create(pk=1, defaults={"last_hash": prev, "count": len(events)})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.AddField(model_name="auditevent", name="key_id", field=models.CharField(blank=True, max_length=16)),
        migrations.AddField(model_name="audithead", name="count", field=models.BigIntegerField(default=0)),
        migrations.RunPython(reseal, migrations.RunPython.noop),
    ]

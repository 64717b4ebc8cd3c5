"""Protocol.in_force_from and Protocol.replaces, filled from the case steps that brought each protocol into force
(until now the reports rebuilt both from ``CaseAction.details``)."""

import django.db.models.deletion
from django.db import migrations, models

#: the steps that bring a protocol into force, recording its id in their details; the last two vary one in force
BRINGING_IN = ("notify", "immediate_action", "review", "decide_appeal")
VARYING = ("review", "decide_appeal")


def backfill(apps, schema_editor):
    CaseAction = apps.get_model("cases", "CaseAction")
    Protocol = apps.get_model("cases", "Protocol")
    steps = CaseAction.objects.filter(action__in=BRINGING_IN).order_by("on", "id")
    for action, on, details in steps.values_list("action", "on", "details").iterator():
        protocol = Protocol.objects.filter(pk=(details or {}).get("protocol") or 0).first()
        if protocol is None or protocol.in_force_from is not None:
            continue
        protocol.in_force_from = on
        if action in VARYING:
            protocol.replaces = (
                Protocol.objects.filter(case_id=protocol.case_id, pk__lt=protocol.pk, in_force_from__isnull=False)
                .order_by("-in_force_from", "-pk")
                .first()
            )
        protocol.save(update_fields=["in_force_from", "replaces"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_protocol_frequency"),
    ]

    operations = [
        migrations.AddField(
            model_name="protocol",
            name="in_force_from",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="protocol",
            name="replaces",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="cases.protocol"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]

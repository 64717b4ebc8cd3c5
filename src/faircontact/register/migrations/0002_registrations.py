"""One register entry per customer (003 §19, §21, Annex D; issue 15): each case that registered the customer becomes
a Registration of the customer's one entry. A customer with more than one live entry keeps the earliest; the later
ones' registrations, complaints, representatives, enquiries and review lists move to it, and they end as 'merged'."""

import django.db.models.deletion
from django.db import migrations, models

END_REASONS = [
    ("review", "Ended at a review"),
    ("appeal", "Ended on appeal"),
    ("removed", "Removed from the register"),
    ("closed", "Case closed"),
    ("merged", "Merged into the customer's one entry"),
]


def registrations_from_entries(apps, schema_editor):
    RegisterEntry = apps.get_model("register", "RegisterEntry")
    Registration = apps.get_model("register", "Registration")
    for entry in RegisterEntry.objects.order_by("id"):
        registration = Registration.objects.create(
            entry_id=entry.pk,
            case_id=entry.case_id,
            registered_on=entry.registered_on,
            ended_on=entry.ended_on,
            end_reason=entry.end_reason,
        )
        registration.complaints.set(entry.complaints.all())
    by_customer = {}
    for entry in RegisterEntry.objects.filter(ended_on__isnull=True).order_by("registered_on", "id"):
        by_customer.setdefault(entry.customer_id, []).append(entry)
    for keep, *others in by_customer.values():
        for other in others:
            Registration.objects.filter(entry_id=other.pk).update(entry_id=keep.pk)
            keep.complaints.add(*other.complaints.all())
            keep.aided_by.add(*other.aided_by.all())
            for enquiry in other.enquiries.all():
                enquiry.entries.add(keep)
            for review in other.reviews.all():
                review.entries.add(keep)
            # the latest registration names the business unit, SPOC and decision maker (003 §20)
            keep.business_unit_id, keep.spoc_id = other.business_unit_id, other.spoc_id
            keep.decision_maker_id, keep.outcome = other.decision_maker_id, other.outcome
            keep.customer_told_on = max(filter(None, [keep.customer_told_on, other.customer_told_on]), default=None)
            keep.last_contact_on = max(filter(None, [keep.last_contact_on, other.last_contact_on]), default=None)
            if other.removal_due_on and (not keep.removal_due_on or other.removal_due_on > keep.removal_due_on):
                keep.removal_due_on, keep.removal_proposed_on = other.removal_due_on, other.removal_proposed_on
            other.ended_on, other.end_reason = other.registered_on, "merged"
            other.end_reasons = f"Merged into register entry {keep.pk} (one entry per customer, 003 §19)."
            other.save()
        keep.save()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_action_details_encoder"),
        ("records", "0001_initial"),
        ("register", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="registerentry",
            name="end_reason",
            field=models.CharField(blank=True, choices=END_REASONS, max_length=10),
        ),
        migrations.CreateModel(
            name="Registration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("registered_on", models.DateField()),
                ("ended_on", models.DateField(blank=True, null=True)),
                ("end_reason", models.CharField(blank=True, choices=END_REASONS, max_length=10)),
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="registration", to="cases.case"
                    ),
                ),
                ("complaints", models.ManyToManyField(blank=True, related_name="+", to="records.complaint")),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="registrations",
                        to="register.registerentry",
                    ),
                ),
            ],
            options={"ordering": ["registered_on", "id"]},
        ),
        migrations.AddField(
            model_name="registerentry",
            name="cases",
            field=models.ManyToManyField(
                related_name="register_entries", through="register.Registration", to="cases.case"
            ),
        ),
        migrations.RunPython(registrations_from_entries, migrations.RunPython.noop),
    ]

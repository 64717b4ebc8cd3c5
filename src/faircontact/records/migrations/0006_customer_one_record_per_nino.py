"""One customer record per National Insurance number, guaranteed by the database (003 §20-21; issue 15), so two
creates at once cannot both succeed. Records already sharing a number must be merged by hand first: the migration
stops and names them rather than choose which record is the person's."""

from django.db import migrations, models
from django.db.models import Count


def refuse_duplicates(apps, schema_editor):
    Customer = apps.get_model("records", "Customer")
    shared = (
        Customer.objects.exclude(nino="").values("nino").annotate(n=Count("id")).filter(n__gt=1).values_list("nino")
    )
    groups = {}
    for pk, nino in Customer.objects.filter(nino__in=shared).order_by("id").values_list("id", "nino"):
        groups.setdefault(nino, []).append(str(pk))
    if groups:
        listed = "; ".join(", ".join(ids) for ids in groups.values())
        raise RuntimeError(
            "Customers sharing a National Insurance number (ids: "
            f"{listed}): merge each group into one record, then migrate again (003 §20-21)."
        )


class Migration(migrations.Migration):
    dependencies = [("records", "0005_customer_language")]

    operations = [
        migrations.RunPython(refuse_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="customer",
            constraint=models.UniqueConstraint(
                condition=models.Q(("nino", ""), _negated=True), fields=("nino",), name="customer_one_record_per_nino"
            ),
        ),
    ]

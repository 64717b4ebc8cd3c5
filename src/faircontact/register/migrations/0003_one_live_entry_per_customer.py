"""A customer has at most one live register entry (003 §19, Annex D), guaranteed by the database; the entry no
longer belongs to one case (its cases are its Registrations). Separate from 0002 so that PostgreSQL alters the
table in a transaction of its own, after the rows 0002 merged."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("register", "0002_registrations")]

    operations = [
        migrations.RemoveField(model_name="registerentry", name="case"),
        migrations.AddConstraint(
            model_name="registerentry",
            constraint=models.UniqueConstraint(
                condition=models.Q(("ended_on__isnull", True)), fields=("customer",), name="register_one_live_entry"
            ),
        ),
    ]

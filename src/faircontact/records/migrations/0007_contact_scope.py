"""A contact's scope as staff classify it under the profile's [contact_scope] (002 §2; issue 15)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("records", "0006_customer_one_record_per_nino")]

    operations = [
        migrations.AddField(model_name="contact", name="scope", field=models.CharField(blank=True, max_length=40)),
    ]

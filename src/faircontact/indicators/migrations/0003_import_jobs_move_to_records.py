"""The contact-import job and its upload's pieces move to ``records``, the app of the importer they run (issue 18):
the tables are renamed to ``records_importjob`` and ``records_importchunk`` here, rows kept, and the models leave
this app's state; ``records.0008`` takes them into its own."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_import_chunks_and_task")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="importjob", table="records_importjob"),
                migrations.AlterModelTable(name="importchunk", table="records_importchunk"),
            ],
            state_operations=[
                migrations.DeleteModel(name="ImportChunk"),
                migrations.DeleteModel(name="ImportJob"),
            ],
        ),
    ]

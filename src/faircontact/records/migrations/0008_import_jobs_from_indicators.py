"""The contact-import job and its upload's pieces, moved here from ``indicators`` (issue 18).

``indicators.0003`` renamed their tables (``indicators_importjob`` → ``records_importjob``, and the chunks), so
this migration only takes the models into this app's state; no row is copied. Then what named them by their old
app follows: their content types (so anything attached to them stays attached) and import tasks still queued
under the task's old path (``faircontact.indicators.imports.run_import``), so a worker of this version runs them.
Backwards, each goes back."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD_TASK = "faircontact.indicators.imports.run_import"
NEW_TASK = "faircontact.records.imports.run_import"
MODELS = ("importjob", "importchunk")


def _follow(apps, old: tuple[str, str], new: tuple[str, str]) -> None:
    """Content types of the two models from app ``old[0]`` to ``new[0]``; queued tasks from ``old[1]`` to
    ``new[1]``."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=new[0], model=model).exists():
            ContentType.objects.filter(app_label=old[0], model=model).update(app_label=new[0])
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    DBTaskResult.objects.filter(task_path=old[1]).update(task_path=new[1])


def forwards(apps, schema_editor) -> None:
    _follow(apps, ("indicators", OLD_TASK), ("records", NEW_TASK))


def backwards(apps, schema_editor) -> None:
    _follow(apps, ("records", NEW_TASK), ("indicators", OLD_TASK))


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0007_contact_scope"),
        ("indicators", "0003_import_jobs_move_to_records"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_tasks_database", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportJob",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("running", "Running"),
                                    ("imported", "Imported"),
                                    ("rejected", "Rejected: bad rows"),
                                    ("failed", "Failed"),
                                ],
                                default="running",
                                max_length=10,
                            ),
                        ),
                        ("file_name", models.CharField(blank=True, max_length=200)),
                        ("size_bytes", models.BigIntegerField(default=0)),
                        ("bytes_read", models.BigIntegerField(default=0)),
                        ("rows", models.PositiveBigIntegerField(default=0)),
                        ("result", models.JSONField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "task_id",
                            models.CharField(blank=True, help_text="the task queue's id of the run", max_length=64),
                        ),
                        (
                            "started_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                ),
                migrations.CreateModel(
                    name="ImportChunk",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("number", models.PositiveIntegerField()),
                        ("data", models.BinaryField()),
                        (
                            "job",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="chunks",
                                to="records.importjob",
                            ),
                        ),
                    ],
                    options={
                        "constraints": [models.UniqueConstraint(fields=("job", "number"), name="import_chunk_once")]
                    },
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]

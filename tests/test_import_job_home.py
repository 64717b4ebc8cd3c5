"""The contact-import job lives with the importer in ``records`` (issue 18): the migration that moved it from
``indicators`` keeps its table's rows, the upload's pieces, what points at it, and the queued task that runs it."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from faircontact.records import imports
from faircontact.records.models import Contact, ImportChunk, ImportJob, ImportStatus

BEFORE = [("indicators", "0002_import_chunks_and_task"), ("records", "0007_contact_scope")]
UPLOAD = b"external_id,customer,occurred_at,channel\nmoved-1,MV-1,2026-01-05T09:00:00+00:00,phone\n"


@pytest.mark.django_db(transaction=True)
def test_jobs_queued_before_the_move_keep_their_rows_and_run_after_it():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    before = [node for node in leaves if node[0] not in ("records", "indicators")] + BEFORE
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    assert "indicators_importjob" in connection.introspection.table_names()
    Job, Chunk = old.get_model("indicators", "ImportJob"), old.get_model("indicators", "ImportChunk")
    old.get_model("records", "Customer").objects.create(reference="MV-1", name="Mo Moved")
    done = Job.objects.create(status="imported", file_name="old.csv", rows=3, result={"created": 3})
    queued = Job.objects.create(file_name="queued.csv", size_bytes=len(UPLOAD))
    Chunk.objects.create(job=queued, number=0, data=UPLOAD)
    task = old.get_model("django_tasks_database", "DBTaskResult").objects.create(
        id=uuid.uuid4(),
        args_kwargs={"args": [queued.pk, "api"], "kwargs": {}},
        task_path="faircontact.indicators.imports.run_import",
        backend_name="default",
        run_after=timezone.now(),
    )
    Job.objects.filter(pk=queued.pk).update(task_id=str(task.pk))
    ContentType = old.get_model("contenttypes", "ContentType")
    kind = ContentType.objects.get_or_create(app_label="indicators", model="importjob")[0]

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(leaves)

    tables = connection.introspection.table_names()
    assert {"records_importjob", "records_importchunk"} <= set(tables)
    assert not {"indicators_importjob", "indicators_importchunk"} & set(tables)
    assert ImportJob.objects.get(pk=done.pk).result == {"created": 3}
    assert ContentType.objects.get(pk=kind.pk).app_label == "records"
    stored = DBTaskResult.objects.get(pk=task.pk)
    assert stored.task_path == "faircontact.records.imports.run_import"
    # the task queued before the move is this version's task (a worker resolves its path the same way; the
    # tests' immediate backend cannot load a stored row), and it reads the upload kept in the moved table
    queued_task = import_string(stored.task_path)
    assert queued_task is imports.run_import
    assert queued_task.call(*stored.args_kwargs["args"]) == ImportStatus.IMPORTED
    job = ImportJob.objects.get(pk=queued.pk)
    assert (job.status, job.rows, job.result["created"]) == (ImportStatus.IMPORTED, 1, 1)
    assert Contact.objects.get(external_id="moved-1").customer.reference == "MV-1"
    assert not ImportChunk.objects.exists()

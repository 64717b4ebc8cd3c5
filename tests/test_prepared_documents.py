"""Evidence packs and board reports prepared in the background (``core.documents``; docs/decisions/0019-…): the
task builds and stores the file, the requester's read and every download are audited, only the requester may
download and only while they hold the permission, expired documents are deleted, a worker that dies mid-build
leaves the document failed (not "being prepared" for ever), and bad input creates nothing."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from faircontact.cases.sweep import EXTRA_TASKS
from faircontact.core import documents, tasks
from faircontact.core.models import AuditEvent, DocumentStatus, PreparedDocument
from faircontact.records.models import Customer, Marker
from faircontact.register.retention import customer_anonymise

from .conftest import give_reason
from .test_faults import scratch_database  # noqa: F401  (a database outside the test transaction)
from .test_tasks import FAIRCONTACT, _shell, _wait, scratch_env  # noqa: F401

REASON = "Preparing the decision maker's bundle"


def _pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def _protected(customer: dict) -> None:
    """Make the customer one whose records need a reason for access (a live marker, 003 §22)."""
    Marker.objects.create(customer_id=customer["id"], type="protocol_in_place", since=date(2026, 1, 5))


def test_the_evidence_pack_is_prepared_stored_and_collected_by_its_requester_every_step_audited(
    api, customer, complaint, caplog
):
    caplog.set_level(logging.DEBUG)
    _protected(customer)
    # the newest event's id, not the count: ids are not reused between tests on PostgreSQL
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    answer = api.client.post(
        f"/api/v1/customers/{customer['id']}/evidence-pack/jobs?complaint={complaint['id']}",
        HTTP_X_ACCESS_REASON=REASON,
    )
    assert answer.status_code == 202, answer.content
    job = answer.json()
    assert job["kind"] == "evidence_pack" and job["status"] == "done"  # the tests' immediate task backend
    stored = PreparedDocument.objects.get(pk=job["id"])
    assert stored.content[:5] == b"%PDF-" and stored.size_bytes == len(stored.content) == job["size_bytes"]
    assert stored.requested_by == api.user and stored.customer_id == int(customer["id"]) and stored.reason == REASON
    assert stored.expires_at - stored.created_at == timedelta(hours=24)
    # the worker's read is the requester's read: the synchronous pack's event, with their reason, from a task
    prepared, read = AuditEvent.objects.filter(pk__gt=before).order_by("pk")[:2]
    assert (prepared.action, prepared.object_type, prepared.object_id) == ("prepare", "prepared_document", job["id"])
    assert (read.action, read.object_type, read.actor) == ("view", "evidence_pack", api.user)
    assert read.changes["shown"] == {"evidence_pack": [customer["id"]]} and read.reason == REASON
    assert read.source == "task" and job["id"] in read.changes["path"]

    status = api.get(f"/prepared-documents/{job['id']}").json()
    assert status["status"] == "done" and status["file"] == f"/api/v1/prepared-documents/{job['id']}/file"
    count = AuditEvent.objects.count()
    # the download: no reason sent, the one given when it was asked for is carried over
    got = api.client.get(status["file"], HTTP_X_ACCESS_REASON="")
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
    assert got.content == bytes(stored.content)
    assert got["Content-Disposition"] == 'attachment; filename="evidence-pack-C-1001.pdf"'
    assert "Alex Example" in _pdf_text(got.content)
    download = AuditEvent.objects.get(pk__gt=before, action="download")
    assert AuditEvent.objects.count() == count + 1
    assert (download.object_id, download.actor, download.customer_id) == (job["id"], api.user, int(customer["id"]))
    assert download.reason == REASON and download.changes["kind"] == "evidence_pack"
    api.client.get(status["file"])
    assert AuditEvent.objects.filter(action="download").count() == 2  # every download
    logged = caplog.text
    assert job["id"] in logged  # the task logs the document's id …
    assert not any(words in logged for words in ("Alex", "C-1001", "QQ123456C", REASON))  # … never what it holds


def test_the_reason_is_asked_before_anything_is_created(api, customer):
    _protected(customer)
    before = (AuditEvent.objects.count(), PreparedDocument.objects.count())
    refused = api.client.post(f"/api/v1/customers/{customer['id']}/evidence-pack/jobs", HTTP_X_ACCESS_REASON="")
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "reason"
    assert (AuditEvent.objects.count(), PreparedDocument.objects.count()) == before


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?start=2026-13-01", "start"),
        ("?start=2026-05-01&end=2026-04-01", "end"),
        ("?complaint=999999", "complaint"),
        ("?complaint=abc", "complaint"),
    ],
)
def test_bad_parameters_are_a_4xx_naming_the_field_and_create_nothing(api, customer, query, field):
    before = (AuditEvent.objects.count(), PreparedDocument.objects.count(), DBTaskResult.objects.count())
    answer = api.post(f"/customers/{customer['id']}/evidence-pack/jobs{query}")
    assert answer.status_code == 422 and answer.json()["error"]["field"] == field, answer.content
    assert (AuditEvent.objects.count(), PreparedDocument.objects.count(), DBTaskResult.objects.count()) == before


def test_a_complaint_of_another_customer_and_an_unknown_customer_are_refused(api, customer, complaint):
    other = api.post("/customers", {"reference": "C-2", "name": "Other Person"}).json()
    wrong = api.post(f"/customers/{other['id']}/evidence-pack/jobs?complaint={complaint['id']}")
    assert wrong.status_code == 422 and wrong.json()["error"]["field"] == "complaint"
    assert api.post("/customers/99999/evidence-pack/jobs").status_code == 404
    assert not PreparedDocument.objects.exists()


def test_only_the_requester_may_follow_or_download_it(api, api_for, make_user, customer):
    job = api.post(f"/customers/{customer['id']}/evidence-pack/jobs").json()
    colleague = api_for(make_user("officer"))
    for path in (f"/prepared-documents/{job['id']}", f"/prepared-documents/{job['id']}/file"):
        refused = colleague.get(path)
        assert refused.status_code == 404 and refused.json()["error"]["code"] == "not_found"
    assert not AuditEvent.objects.filter(action="download").exists()
    assert api.get(f"/prepared-documents/{job['id']}/file").status_code == 200
    assert api.get("/prepared-documents/not-a-uuid").status_code == 404


def test_a_requester_who_lost_the_permission_is_refused(api, customer):
    job = api.post(f"/customers/{customer['id']}/evidence-pack/jobs").json()
    api.user.roles = ["auditor"]  # may still collect documents, but no longer see evidence packs
    api.user.save()
    refused = api.get(f"/prepared-documents/{job['id']}/file")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "role_not_permitted"
    assert not AuditEvent.objects.filter(action="download").exists()
    api.user.roles = ["enquirer"]  # nothing of the kind at all: refused by the matrix before anything is read
    api.user.save()
    assert api.get(f"/prepared-documents/{job['id']}").json()["error"]["code"] == "role_not_permitted"


def test_a_requester_who_lost_the_permission_before_it_ran_gets_a_failure_in_words(settings, api, customer):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, not run
    job = api.post(f"/customers/{customer['id']}/evidence-pack/jobs").json()
    assert job["status"] == "queued" and job["file"] is None
    assert api.get(f"/prepared-documents/{job['id']}/file").json()["error"]["code"] == "not_ready"
    api.user.roles = ["auditor"]
    api.user.save()
    assert documents.build_document.call(job["id"]) == DocumentStatus.FAILED
    failed = PreparedDocument.objects.get(pk=job["id"])
    assert failed.content is None and "Your role does not allow this" in failed.failure
    assert not AuditEvent.objects.filter(action="view", object_type="evidence_pack").exists()


def test_the_board_report_is_prepared_as_the_requester_with_the_synchronous_event(api_for, make_user):
    director = api_for(make_user("director"))
    answer = director.post("/reports/board/jobs?from=2026-01-01&to=2026-06-30")
    assert answer.status_code == 202, answer.content
    job = answer.json()
    assert job["status"] == "done" and job["parameters"]["from"] == "2026-01-01"
    event = AuditEvent.objects.get(action="report", object_id="board_pdf")
    assert event.actor == director.user and event.source == "task" and event.changes["document"] == job["id"]
    got = director.get(f"/prepared-documents/{job['id']}/file")
    assert got.status_code == 200 and got.content[:5] == b"%PDF-"
    assert got["Content-Disposition"] == 'attachment; filename="board-report-2026-01-01-to-2026-06-30.pdf"'
    assert "Board report" in _pdf_text(got.content) or "board" in _pdf_text(got.content).lower()
    bad = director.post("/reports/board/jobs?from=2026-07-01&to=2026-06-30")
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "from"
    assert director.post("/reports/board/jobs?from=yesterday").json()["error"]["field"] == "from"
    assert PreparedDocument.objects.count() == 1


def test_expired_documents_are_not_served_and_the_sweep_deletes_them(api, customer, use_profile):
    job = api.post(f"/customers/{customer['id']}/evidence-pack/jobs").json()
    assert documents.expired_delete in EXTRA_TASKS
    assert documents.expired_delete(as_of=date.today()) == {}
    PreparedDocument.objects.filter(pk=job["id"]).update(expires_at=timezone.now() - timedelta(seconds=1))
    gone = api.get(f"/prepared-documents/{job['id']}/file")
    assert gone.status_code == 404 and "kept for 24 hours" in gone.json()["error"]["message"]
    assert documents.expired_preview(as_of=date.today()) == ["1 prepared document: deleted, past their expiry"]
    assert documents.expired_delete(as_of=date.today()) == {"prepared_documents_deleted": 1}
    assert not PreparedDocument.objects.exists()


def test_anonymising_a_customer_deletes_the_documents_prepared_from_their_records(api, customer):
    job = api.post(f"/customers/{customer['id']}/evidence-pack/jobs").json()
    board = PreparedDocument.objects.create(
        kind="board_report",
        requested_by=api.user,
        created_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=24),
    )
    assert customer_anonymise(customer_id=int(customer["id"]), on=date(2028, 1, 1), months=24) == 1
    assert list(PreparedDocument.objects.values_list("pk", flat=True)) == [board.pk]  # figures only: kept
    assert not PreparedDocument.objects.filter(pk=job["id"]).exists()


@pytest.mark.django_db(transaction=True)
def test_a_document_whose_worker_died_in_every_run_is_marked_failed(settings, use_profile, make_user, api_for):
    use_profile("wolverhampton-homes")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    officer = api_for(make_user("officer"))
    customer = Customer.objects.create(reference="K-1", name="Kim Killed", search_name="kim killed")
    job = officer.post(f"/customers/{customer.pk}/evidence-pack/jobs").json()
    document = PreparedDocument.objects.get(pk=job["id"])
    dead = subprocess.Popen(["true"])
    dead.wait()
    dead_id = f"{tasks.socket.gethostname()[:40]}:{dead.pid}:0"
    DBTaskResult.objects.filter(pk=document.task_id).update(status="RUNNING", worker_ids=[dead_id])
    PreparedDocument.objects.filter(pk=document.pk).update(status=DocumentStatus.RUNNING)
    assert tasks.reap() == [document.task_id]  # run again
    assert officer.get(f"/prepared-documents/{job['id']}").json()["status"] == "running"
    DBTaskResult.objects.filter(pk=document.task_id).update(status="RUNNING", worker_ids=[dead_id] * tasks.MAX_ATTEMPTS)
    assert tasks.reap() == [document.task_id]
    failed = officer.get(f"/prepared-documents/{job['id']}").json()
    assert failed["status"] == "failed" and "stopped before it finished" in failed["failure"]
    refused = officer.get(f"/prepared-documents/{job['id']}/file")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "document_failed"


@pytest.fixture
def officer_client(client, make_user, settings):
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []
    user = make_user("officer", username="olly")
    client.force_login(user)
    client.user = user
    return client


def test_the_pages_prepare_the_evidence_pack_show_its_status_and_download_it(officer_client, customer, settings):
    _protected(customer)
    unasked = officer_client.post(f"/customers/{customer['id']}/evidence-pack/prepare")
    assert "Why do you need to see this record?" in unasked.content.decode()  # the reason first; nothing made
    assert not PreparedDocument.objects.exists()
    give_reason(officer_client, customer["id"], reason="Bundle for the panel")
    page = officer_client.get(f"/customers/{customer['id']}/indicators")
    assert page.status_code == 200 and f"/customers/{customer['id']}/evidence-pack/prepare" in page.content.decode()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued: a worker runs it later
    asked = officer_client.post(f"/customers/{customer['id']}/evidence-pack/prepare")
    assert asked.status_code == 302
    document = PreparedDocument.objects.get()
    assert asked["Location"] == f"/customers/{customer['id']}/evidence-pack/{document.pk}"
    assert document.reason == "Bundle for the panel" and document.requested_by == officer_client.user
    waiting = officer_client.get(asked["Location"]).content.decode()
    assert 'role="status"' in waiting and 'hx-trigger="every 2s"' in waiting and "waiting to be prepared" in waiting
    assert "Your evidence pack is ready" not in waiting and "/file" not in waiting
    early = officer_client.get(f"{asked['Location']}/file")  # not ready: the status page again, nothing audited
    assert early.status_code == 302 and early["Location"] == asked["Location"]
    assert not AuditEvent.objects.filter(action="download").exists()
    assert officer_client.get(f"{asked['Location']}?part=status").status_code == 200  # htmx keeps polling

    assert documents.build_document.call(str(document.pk)) == DocumentStatus.DONE  # the worker
    read = AuditEvent.objects.get(action="view", object_type="evidence_pack")
    assert read.actor == officer_client.user and read.reason == "Bundle for the panel" and read.source == "task"
    ready = officer_client.get(f"{asked['Location']}?part=status")
    assert (
        ready.status_code == 286 and "Your evidence pack is ready" in ready.content.decode()
    )  # htmx stops polling, shows the link
    assert f"{asked['Location']}/file" in ready.content.decode()
    # which customer's pack it is, by the file's name (their reference), without another read of their record
    assert f"evidence-pack-{customer['reference']}.pdf" in ready.content.decode()
    got = officer_client.get(f"{asked['Location']}/file")
    assert got.status_code == 200 and got.content[:5] == b"%PDF-"
    assert AuditEvent.objects.get(action="download").actor == officer_client.user


def test_a_failed_document_says_why_in_words_and_a_colleague_cannot_see_it(officer_client, customer, client, make_user):
    officer_client.user.roles = ["officer"]
    document = PreparedDocument.objects.create(
        kind="evidence_pack",
        requested_by=officer_client.user,
        parameters={"customer": customer["id"]},
        status=DocumentStatus.FAILED,
        failure="Your role does not allow this: see persistence indicators and the evidence pack.",
        created_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=24),
    )
    url = f"/customers/{customer['id']}/evidence-pack/{document.pk}"
    failed = officer_client.get(url).content.decode()
    assert "could not be prepared" in failed and "Your role does not allow this" in failed
    assert "hx-trigger" not in failed
    assert officer_client.get(f"/reports/board/prepared/{document.pk}").status_code in (403, 404)  # another kind
    colleague = make_user("officer", username="colleague")
    client.force_login(colleague)
    assert client.get(url).status_code == 404


def test_the_dashboard_prepares_the_board_report_for_the_period_shown(client, make_user, settings):
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []
    client.force_login(make_user("manager", username="mo"))
    page = client.get("/reports/?from=2026-01-01&to=2026-03-31").content.decode()
    assert 'action="/reports/board/prepare"' in page and 'value="2026-01-01"' in page
    asked = client.post("/reports/board/prepare", {"from": "2026-01-01", "to": "2026-03-31"})
    document = PreparedDocument.objects.get()
    assert asked["Location"] == f"/reports/board/prepared/{document.pk}"
    assert document.parameters["from"] == "2026-01-01" and document.status == DocumentStatus.DONE
    assert "Your board report is ready" in client.get(asked["Location"]).content.decode()
    got = client.get(f"/reports/board/prepared/{document.pk}/file")
    assert got.status_code == 200 and got["Content-Disposition"].endswith('2026-01-01-to-2026-03-31.pdf"')


def test_a_worker_killed_mid_build_leaves_nothing_and_the_next_runs_it_to_the_end(scratch_env):  # noqa: F811
    """A real ``faircontact worker`` killed (SIGKILL) while it builds an evidence pack: the document stays queued
    for another run with no file and no audit event; the next worker builds it, audited once."""
    env, query = scratch_env
    queued = _shell(
        "from faircontact.core import clock, documents; from faircontact.core.access import Access; "
        "from faircontact.core.users import user_create; from faircontact.records.models import Customer; "
        "from faircontact.indicators.documents import parameters; "
        "u = user_create(actor=None, username='olly', roles=['officer']); "
        "c = Customer.objects.get(reference='W-1'); "
        "print(documents.prepare(Access(u, reason='Bundle for the panel', source='test'), 'evidence_pack', "
        "parameters(c.pk, today=clock.today())).pk)",
        env,
    )
    assert queued.returncode == 0, queued.stderr
    document = queued.stdout.split()[-1].replace("-", "")  # as the database stores a UUID on SQLite
    row = f"FROM core_prepareddocument WHERE replace(CAST(id AS text), '-', '') = '{document}'"
    assert query(f"SELECT status {row}") == ("queued",)
    worker = subprocess.Popen(
        [FAIRCONTACT, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True
    )
    try:
        _wait(lambda: query("SELECT status FROM django_tasks_database_dbtaskresult")[0] == "RUNNING", 60, "a claim")
        # the build itself under way, not only the claim: killed between the two, the document was still queued
        _wait(lambda: query(f"SELECT status {row}")[0] == "running", 60, "the build")
        os.kill(worker.pid, signal.SIGKILL)  # WeasyPrint's first page in a new process takes longer than a poll
    finally:
        worker.kill()
        worker.wait()
    assert query(f"SELECT status, content IS NULL {row}") in (("running", True), ("running", 1)), "ended first"
    assert query("SELECT count(*) FROM core_auditevent WHERE action = 'view'") == (0,)
    again = subprocess.run([FAIRCONTACT, "worker", "--batch"], env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-2000:]
    status, size = query(f"SELECT status, size_bytes {row}")
    assert status == "done" and size > 1000
    assert query("SELECT count(*), min(reason), min(source) FROM core_auditevent WHERE action = 'view'") == (
        1,
        "Bundle for the panel",
        "task",
    )
    assert "Wyn" not in again.stderr and "Bundle" not in again.stderr  # the worker's log: ids only


def test_a_task_that_breaks_while_storing_ends_its_document_failed_with_words(api, customer, monkeypatch):
    """Not only a dead worker: any failure of the task itself (here the audit write) ends the document."""

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(documents.Access, "flush", broken)
    job = api.post(f"/customers/{customer['id']}/evidence-pack/jobs").json()
    assert job["status"] == "failed" and job["failure"] == documents.BROKE
    assert PreparedDocument.objects.get(pk=job["id"]).content is None

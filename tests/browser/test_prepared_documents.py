"""A board report prepared in the background, in Chromium: the dashboard's Prepare button, the status page's live
region updated by htmx's polling (no reload) once a worker has built it, and the download."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from faircontact.core import documents
from faircontact.core.models import AuditEvent, PreparedDocument

from .conftest import sign_in
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_the_board_report_is_prepared_and_its_status_page_updates_itself(page, settings, make_user):
    settings.FAIRCONTACT_TODAY = "2026-06-30"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued until a worker runs it
    make_user("manager", username="manager")
    sign_in(page, "manager")
    page.goto("/reports/?from=2026-01-01&to=2026-06-30")
    page.get_by_role("button", name=re.compile("Prepare the board report")).click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("waiting to be prepared")
    document = PreparedDocument.objects.get()
    assert documents.build_document.call(str(document.pk)) == "done"  # the worker
    expect(status).to_contain_text("Your board report is ready", timeout=20_000)  # htmx's poll, the page not reloaded
    assert page.url.endswith(f"/reports/board/prepared/{document.pk}")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download the board report")).click()
    assert download.value.suggested_filename == "board-report-2026-01-01-to-2026-06-30.pdf"
    assert AuditEvent.objects.filter(action="download", object_id=str(document.pk)).count() == 1
    assert not page.console_errors, page.console_errors


def test_the_status_page_has_no_axe_violations_waiting_ready_or_failed(axe_page, settings, make_user):
    settings.FAIRCONTACT_TODAY = "2026-06-30"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    make_user("manager", username="manager")
    sign_in(axe_page, "manager")
    axe_page.goto("/reports/?from=2026-01-01&to=2026-06-30")
    axe_page.get_by_role("button", name=re.compile("Prepare the board report")).click()
    expect(axe_page.get_by_role("status")).to_contain_text("waiting to be prepared")
    assert_accessible(axe_page, "prepared-waiting")
    document = PreparedDocument.objects.get()
    documents.build_document.call(str(document.pk))
    expect(axe_page.get_by_role("status")).to_contain_text("Your board report is ready", timeout=20_000)
    assert_accessible(axe_page, "prepared-ready")
    PreparedDocument.objects.filter(pk=document.pk).update(status="failed", failure=documents.WORKER_DIED)
    axe_page.reload()
    expect(axe_page.get_by_role("status")).to_contain_text("could not be prepared")
    assert_accessible(axe_page, "prepared-failed")

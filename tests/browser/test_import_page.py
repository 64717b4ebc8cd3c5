"""The import page in Chromium: a manager chooses a CSV file, imports it and reads the result; a file with bad rows
lists them by line. axe finds nothing at 1280 and 320 CSS px on the form, its error, the result and the problems."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from faircontact.records.models import Contact, Customer

from .conftest import sign_in
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

HEADER = "external_id,customer,occurred_at,channel,subject\n"


def _choose(page, tmp_path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    page.get_by_label("CSV file of contacts").set_input_files(str(path))
    page.get_by_role("button", name="Import the file").click()


def test_a_manager_imports_contacts_and_reads_the_result(axe_page, make_user, settings, tmp_path):
    settings.FAIRCONTACT_TODAY = "2026-11-20"
    Customer.objects.create(reference="A-1", name="Ann", search_name="ann")
    make_user("manager", username="manager")
    page = axe_page
    sign_in(page, "manager")
    page.get_by_role("link", name="Import contacts").first.click()
    expect(page.get_by_role("heading", name="Import contacts")).to_be_visible()
    assert_accessible(page, "import-form")
    page.get_by_role("button", name="Import the file").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a CSV file to import.")
    assert_accessible(page, "import-form-error")

    _choose(page, tmp_path, "bad.csv", HEADER + "w-1,A-1,2026-11-02T10:00:00,fax,Boiler\n")
    expect(page.get_by_role("status")).to_contain_text("Nothing was imported")
    expect(page.get_by_role("status")).to_contain_text("Channel must be one of")
    assert_accessible(page, "import-problems")

    page.get_by_role("link", name="Import a corrected file").click()
    _choose(page, tmp_path, "good.csv", HEADER + "w-1,A-1,2026-11-02T10:00:00,phone,Boiler\n")
    expect(page.get_by_role("status")).to_contain_text("1 contact imported")
    assert_accessible(page, "import-done")
    assert Contact.objects.get().external_id == "w-1"

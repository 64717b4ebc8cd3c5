"""The import page: a manager uploads a CSV of contacts, follows the import on its own page (htmx polls its live
region while it runs) and sees what was imported, or every bad row by line; the same importer as the API."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from faircontact.records.models import Contact, Customer, ImportJob, ImportStatus

HEADER = "external_id,customer,occurred_at,channel,subject\n"


@pytest.fixture
def manager(client, make_user, use_profile, settings):
    settings.FAIRCONTACT_TODAY = "2026-11-20"
    use_profile("wolverhampton-homes")
    Customer.objects.create(reference="A-1", name="Ann", search_name="ann")
    user = make_user("manager")
    client.force_login(user)
    return user


def _upload(client, text: str, name: str = "contacts.csv"):
    return client.post("/contacts/import", {"file": SimpleUploadedFile(name, text.encode(), "text/csv")})


def test_a_manager_imports_a_file_and_its_page_says_what_was_imported(client, manager):
    page = client.get("/contacts/import").content.decode()
    assert 'enctype="multipart/form-data"' in page and "<code>scope</code>" in page
    rows = "w-1,A-1,2026-11-02T10:00:00,phone,Boiler\nw-2,A-1,2026-11-03T10:00:00,email,Boiler again\n"
    response = _upload(client, HEADER + rows)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == f"/contacts/import/{job.pk}"
    assert (job.status, job.started_by, Contact.objects.count()) == (ImportStatus.IMPORTED, manager, 2)
    shown = client.get(response.url).content.decode()
    assert "2 contacts imported" in shown and "2 rows read" in shown and "hx-get" not in shown
    again = client.get(_upload(client, HEADER + rows).url).content.decode()
    assert "0 contacts imported" in again and "2 already stored (by external id), so skipped" in again
    poll = client.get(f"/contacts/import/{job.pk}?part=status")
    assert poll.status_code == 286 and "<html" not in poll.content.decode()  # htmx stops polling


def test_bad_rows_are_listed_by_line_and_nothing_is_imported(client, manager):
    rows = "w-1,A-1,2026-11-02T10:00:00,phone,Boiler\nw-2,Z-9,2026-11-03T10:00:00,fax,Noise\n"
    shown = client.get(_upload(client, HEADER + rows).url).content.decode()
    assert "Nothing was imported" in shown and "There is no customer &#x27;Z-9&#x27;." in shown
    assert '<td class="govuk-table__cell">3</td>' in shown and not Contact.objects.exists()
    refused = client.get(_upload(client, "customer,notes\nA-1,hello\n").url).content.decode()
    assert "The whole file" in refused and "columns the import does not read: notes" in refused


def test_the_form_asks_for_a_file_and_a_running_import_stops_a_second(client, manager):
    page = client.post("/contacts/import", {}).content.decode()
    assert "govuk-error-summary" in page and "Choose a CSV file to import." in page and 'href="#id_file"' in page
    ImportJob.objects.create(started_by=manager, file_name="big.csv")  # running (the test backend: no task to ask)
    busy = _upload(client, HEADER).content.decode()
    assert "Another import is running; start this one when it has finished." in busy
    assert "govuk-error-summary" in busy and ImportJob.objects.count() == 1


def test_only_its_starter_sees_an_import_and_only_roles_that_may_import(client, manager, make_user, api_for):
    job_url = _upload(client, HEADER + "w-1,A-1,2026-11-02T10:00:00,phone,Boiler\n").url
    other = make_user("manager")
    client.force_login(other)
    assert client.get(job_url).status_code == 404
    assert api_for(other).get(f"/contacts/import/jobs/{job_url.rsplit('/', 1)[1]}").status_code == 404  # the API too
    assert api_for(manager).get(f"/contacts/import/jobs/{job_url.rsplit('/', 1)[1]}").status_code == 200
    client.force_login(make_user("officer"))
    assert client.get("/contacts/import").status_code == 403 and client.get(job_url).status_code == 403
    client.force_login(manager)
    assert 'href="/contacts/import"' in client.get("/").content.decode()  # a tool on the manager's home page

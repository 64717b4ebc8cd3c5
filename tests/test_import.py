"""The bulk contacts import: validation as for one contact, dedup, all or nothing, audit, indicators, CLI, jobs."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from faircontact.core.errors import InvalidInput
from faircontact.core.models import AuditEvent
from faircontact.indicators.models import IndicatorState
from faircontact.indicators.services import contact_logged
from faircontact.records import importer
from faircontact.records.models import Complaint, Contact, Customer, ImportJob, Representative
from faircontact.records.services import validate_contact

from .test_indicators import snapshot

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
HEADER = "external_id,customer,occurred_at,channel,direction,staff_minutes,complaint,recipients,subject,behaviour\n"


def _file(lines: list[str]) -> io.BytesIO:
    return io.BytesIO((HEADER + "".join(lines)).encode())


@pytest.fixture
def people(db, use_profile):
    use_profile("wolverhampton-homes")
    a = Customer.objects.create(reference="A-1", name="Ann", search_name="ann")
    b = Customer.objects.create(reference="B-1", name="Bob", search_name="bob")
    Complaint.objects.create(customer=a, reference="CA", summary="Boiler")
    Complaint.objects.create(customer=b, reference="CB", summary="Noise")
    return a, b


def _rows(n: int, customer="A-1", prefix="x") -> list[str]:
    return [
        f"{prefix}-{i},{customer},2026-11-{1 + i % 19:02d}T{8 + i % 9:02d}:{i % 60:02d}:00+00:00,"
        f"{['phone', 'email', 'letter'][i % 3]},{'outbound' if i % 5 == 0 else 'inbound'},{i % 7},"
        f"{'CA' if i % 2 and customer == 'A-1' else ''},{'Mayor;MP' if i % 4 == 0 else ''},"
        f"{'Boiler' if i % 3 else 'Re: heating'},{'abusive' if i % 11 == 0 else ''}\n"
        for i in range(n)
    ]


def test_import_streams_in_batches_audits_once_and_keeps_indicators_current(people, monkeypatch):
    monkeypatch.setattr(importer, "BATCH", 7)
    seen = []
    result = importer.import_contacts_csv(
        _file(_rows(40) + _rows(9, "B-1", "y")), actor=None, now=NOW, progress=lambda rows, size: seen.append(rows)
    )
    assert (result.imported, result.created, result.rows) == (True, 49, 49)
    assert seen[0] == 7 and seen[-1] == 49
    assert AuditEvent.objects.filter(action="import").count() == 1
    imported = snapshot()
    IndicatorState.objects.all().delete()
    for contact in Contact.objects.order_by("id"):
        contact_logged(contact)
    replayed = snapshot()
    assert imported == replayed
    assert imported[people[0].pk][0] == 40


def test_records_made_again_when_the_remembered_ones_are_let_go_give_the_same_rows(people, monkeypatch):
    """The records the rules read are remembered at most ``STAND_INS`` at a time (memory), then made again: the
    stored contacts and their guidance are the same as when every one is kept."""
    rows = [row for pair in zip(_rows(30), _rows(30, "B-1", "y"), strict=True) for row in pair]

    def stored():
        return list(
            Contact.objects.order_by("external_id").values_list(
                "external_id", "customer_id", "complaint_id", "guidance", "occurred_at"
            )
        )

    assert importer.import_contacts_csv(_file(rows), actor=None, now=NOW).created == 60
    kept = stored()
    Contact.objects.all().delete()
    sizes, release = [], importer._Lookups.release

    def measured(self):
        sizes.append(len(self._stand_ins))
        release(self)
        sizes.append(len(self.customers) + len(self.complaints) + len(self._stand_ins))

    monkeypatch.setattr(importer, "STAND_INS", 2)  # three records named: Ann, Bob and Ann's complaint
    monkeypatch.setattr(importer._Lookups, "release", measured)
    assert importer.import_contacts_csv(_file(rows), actor=None, now=NOW).created == 60
    assert stored() == kept
    assert 1 <= sizes[0] <= 2 and sizes[1] == 0  # let go as the import went, and all of it before the indicators


@pytest.mark.parametrize(
    "header, row, message",
    [
        (HEADER.strip() + ",notes", "n-1,A-1,2026-11-02T10:00:00+00:00,phone,,0,,,,,called twice", "notes"),
        (HEADER.strip() + ",", "n-1,A-1,2026-11-02T10:00:00+00:00,phone,,0,,,,,x", "column 11 (no name)"),
        (HEADER.strip() + ",channel", "n-1,A-1,2026-11-02T10:00:00+00:00,phone,,0,,,,,email", "channel"),
    ],
)
def test_a_column_the_import_would_not_read_is_refused_naming_it(people, header, row, message):
    """Never a silently dropped field: an unknown, unnamed or repeated column refuses the file, nothing written."""
    with pytest.raises(InvalidInput) as refused:
        importer.import_contacts_csv(io.BytesIO(f"{header}\n{row}\n".encode()), actor=None, now=NOW)
    assert refused.value.field == "file" and message in refused.value.message
    assert not Contact.objects.exists()


def test_a_row_with_more_values_than_the_header_is_a_bad_row(people):
    good = _rows(2)
    spilled = "n-9,A-1,2026-11-02T10:00:00+00:00,phone,inbound,0,,,Boiler, again,\n"  # an unquoted comma
    result = importer.import_contacts_csv(_file(good + [spilled]), actor=None, now=NOW)
    assert not result.imported and not Contact.objects.exists()
    assert [(e["line"], e["field"]) for e in result.errors] == [(4, None)]
    assert "11 values but the header has 10 columns" in result.errors[0]["message"]


def test_the_scope_column_classifies_each_contact_as_the_api_does(db, use_profile):
    """002 §2 (Southwark): a contact's scope category comes in through the import too, checked by the same rule."""
    use_profile("southwark")
    Customer.objects.create(reference="S-1", name="Sam", search_name="sam")
    header = "external_id,customer,occurred_at,channel,scope\n"
    rows = "s-1,S-1,2026-11-02T10:00:00+00:00,email,vexatious_foi\ns-2,S-1,2026-11-03T10:00:00+00:00,email,\n"
    result = importer.import_contacts_csv(io.BytesIO((header + rows).encode()), actor=None, now=NOW)
    assert result.imported, result.errors
    assert dict(Contact.objects.values_list("external_id", "scope")) == {"s-1": "vexatious_foi", "s-2": ""}
    bad = importer.import_contacts_csv(
        io.BytesIO((header + "s-3,S-1,2026-11-04T10:00:00+00:00,email,gossip\n").encode()), actor=None, now=NOW
    )
    assert [(e["line"], e["field"]) for e in bad.errors] == [(2, "scope")]
    assert "Scope must be one of" in bad.errors[0]["message"]


def test_second_import_skips_stored_rows_and_duplicates_in_the_file_are_bad_rows(people, monkeypatch):
    monkeypatch.setattr(importer, "BATCH", 3)
    assert importer.import_contacts_csv(_file(_rows(5)), actor=None, now=NOW).created == 5
    again = importer.import_contacts_csv(_file(_rows(8)), actor=None, now=NOW)
    assert (again.imported, again.created, again.skipped_existing) == (True, 3, 5)
    rows = _rows(8, prefix="z")
    twice = importer.import_contacts_csv(
        _file(rows[:4] + [rows[1]] + rows[4:] + [rows[6], rows[7]]), actor=None, now=NOW
    )
    assert twice.imported is False
    assert [(e["line"], e["field"]) for e in twice.errors] == [
        (6, "external_id"),
        (11, "external_id"),
        (12, "external_id"),
    ]
    assert not Contact.objects.filter(external_id__startswith="z-").exists()
    assert Contact.objects.count() == 8


BAD = [
    ("channel", "x,A-1,2026-11-01T09:00:00Z,pigeon,,,,,,"),
    ("direction", "x,A-1,2026-11-01T09:00:00Z,phone,sideways,,,,,"),
    ("staff_minutes", "x,A-1,2026-11-01T09:00:00Z,phone,,2000,,,,"),
    ("complaint", "x,A-1,2026-11-01T09:00:00Z,phone,,,CB,,,"),
    ("behaviour", "x,A-1,2026-11-01T09:00:00Z,phone,,,,,,rude"),
    ("occurred_at", "x,A-1,2027-11-01T09:00:00Z,phone,,,,,,"),
]


@pytest.mark.parametrize(("field", "line"), BAD)
def test_bad_rows_get_the_message_one_contact_would_get(people, field, line):
    result = importer.import_contacts_csv(_file([line + "\n"]), actor=None, now=NOW)
    assert result.imported is False and Contact.objects.count() == 0
    (error,) = result.errors
    assert (error["line"], error["field"]) == (2, field)
    data = {
        "customer": people[0],
        "occurred_at": datetime(2026, 11, 1, 9, tzinfo=UTC),
        "channel": "phone",
        field: {
            "channel": "pigeon",
            "direction": "sideways",
            "staff_minutes": 2000,
            "complaint": Complaint.objects.get(reference="CB"),
            "behaviour": ["rude"],
            "occurred_at": datetime(2027, 11, 1, 9, tzinfo=UTC),
        }[field],
    }
    with pytest.raises(InvalidInput) as expected:
        validate_contact(data, now=NOW)
    assert error["message"] == expected.value.message


def test_rows_the_importer_cannot_resolve_are_named(people):
    Representative.objects.create(customer=people[1], name="Rep", relationship="advocate")
    lines = [
        "x,NOBODY,2026-11-01T09:00:00Z,phone,,,,,,\n",
        "y,A-1,yesterday,phone,,,,,,\n",
        "z,A-1,2026-13-01T09:00:00,phone,,,,,,\n",
        "w,A-1,2026-11-01T09:00:00Z,phone,,,NOPE,,,\n",
        "v,A-1,2026-11-01T09:00:00Z,phone,,1.5,,,,\n",
    ]
    result = importer.import_contacts_csv(_file(lines), actor=None, now=NOW)
    assert [(e["line"], e["field"]) for e in result.errors] == [
        (2, "customer"),
        (3, "occurred_at"),
        (4, "occurred_at"),
        (5, "complaint"),
        (6, "staff_minutes"),
    ]


def test_the_command_draws_progress_and_reports_bad_rows(people, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "".join(_rows(12)))
    call_command("fc_import_contacts", str(good))
    captured = capsys.readouterr()
    assert "Imported 12 contacts; 0 already present." in captured.out
    assert "importing" in captured.err
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "q,A-1,2026-11-01T09:00:00Z,pigeon,,,,,,\n")
    with pytest.raises(CommandError, match="1 bad row"):
        call_command("fc_import_contacts", str(bad), "--no-progress")
    assert "line 2: channel:" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_background_import_job_reports_progress_and_result(api_for, make_user, use_profile):
    use_profile("wolverhampton-homes")
    Customer.objects.create(reference="A-1", name="Ann", search_name="ann")
    Complaint.objects.create(customer=Customer.objects.get(reference="A-1"), reference="CA", summary="Boiler")
    api = api_for(make_user("manager"))
    upload = _file(_rows(30))
    upload.name = "contacts.csv"
    started = api.client.post("/api/v1/contacts/import/jobs", {"file": upload})
    assert started.status_code == 202, started.content
    job = started.json()
    for _ in range(100):
        job = api.get(f"/contacts/import/jobs/{job['id']}").json()
        if job["status"] != "running":
            break
        time.sleep(0.05)
    assert job["status"] == "imported", job
    assert (job["result"]["created"], job["rows"], job["percent"]) == (30, 30, 100.0)
    assert Contact.objects.count() == 30


def test_a_file_that_is_not_utf8_csv_is_refused_and_changes_nothing(people, api_for, make_user):
    api = api_for(make_user("manager"))
    upload = io.BytesIO((HEADER + "".join(_rows(3))).encode() + b"\x89PNG\xfd\n")
    upload.name = "contacts.csv"
    response = api.client.post("/api/v1/contacts/import", {"file": upload})
    assert response.status_code == 422, response.content
    assert response.json()["error"]["field"] == "file" and "UTF-8" in response.json()["error"]["message"]
    assert not Contact.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_background_job_with_a_file_that_is_not_csv_is_rejected(api_for, make_user, use_profile):
    use_profile("wolverhampton-homes")
    api = api_for(make_user("manager"))
    upload = io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00")
    upload.name = "picture.png"
    job = api.client.post("/api/v1/contacts/import/jobs", {"file": upload}).json()
    for _ in range(100):
        job = api.get(f"/contacts/import/jobs/{job['id']}").json()
        if job["status"] != "running":
            break
        time.sleep(0.05)
    assert job["status"] == "rejected" and job["result"]["errors"][0]["field"] == "file"


def test_a_second_background_import_while_one_runs_is_a_conflict(people, api_for, make_user, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, and no worker runs it
    api = api_for(make_user("manager"))
    first, second = _file(_rows(2)), _file(_rows(2, prefix="y"))
    first.name = second.name = "contacts.csv"
    queued = api.client.post("/api/v1/contacts/import/jobs", {"file": first})
    assert queued.status_code == 202 and queued.json()["status"] == "running"
    response = api.client.post("/api/v1/contacts/import/jobs", {"file": second})
    assert response.status_code == 409 and response.json()["error"]["code"] == "import_running"
    assert ImportJob.objects.count() == 1 and not Contact.objects.exists()


def test_a_bad_row_deep_in_a_later_batch_rolls_back_the_batches_already_written(people, monkeypatch):
    monkeypatch.setattr(importer, "BATCH", 4)
    rows = _rows(30)
    rows[21] = rows[21].replace(",phone,", ",pigeon,").replace(",email,", ",pigeon,").replace(",letter,", ",pigeon,")
    result = importer.import_contacts_csv(_file(rows[:26] + [rows[3]] + rows[26:]), actor=None, now=NOW)
    assert result.imported is False and result.created == 0
    assert [(e["line"], e["field"]) for e in result.errors] == [(23, "channel"), (28, "external_id")]
    assert not Contact.objects.exists() and not IndicatorState.objects.exists()
    assert not AuditEvent.objects.filter(action="import").exists()


def test_importing_the_same_file_again_adds_nothing(people, monkeypatch):
    monkeypatch.setattr(importer, "BATCH", 6)
    first = importer.import_contacts_csv(_file(_rows(20) + _rows(5, "B-1", "y")), actor=None, now=NOW)
    stored = list(Contact.objects.order_by("id").values_list("id", "external_id", "occurred_at"))
    again = importer.import_contacts_csv(_file(_rows(20) + _rows(5, "B-1", "y")), actor=None, now=NOW)
    assert (first.created, again.imported, again.created, again.skipped_existing) == (25, True, 0, 25)
    assert list(Contact.objects.order_by("id").values_list("id", "external_id", "occurred_at")) == stored
    assert AuditEvent.objects.filter(action="import").count() == 2


@pytest.mark.parametrize("failing_batch", [3, 8])  # one in the middle, the last
def test_a_failure_while_writing_rolls_everything_back_and_is_raised(people, monkeypatch, failing_batch):
    monkeypatch.setattr(importer, "BATCH", 5)
    write = importer._Writer._write
    calls = []

    def failing(self, batch, lines):
        calls.append(len(batch))
        if len(calls) == failing_batch:
            raise RuntimeError("disk full")
        write(self, batch, lines)

    monkeypatch.setattr(importer._Writer, "_write", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        importer.import_contacts_csv(_file(_rows(40)), actor=None, now=NOW)
    assert calls[:failing_batch] == [5] * failing_batch and not Contact.objects.exists()
    assert not AuditEvent.objects.filter(action="import").exists()


def test_dates_and_times_are_stored_as_given_whatever_their_offset(people):
    lines = [
        "t1,A-1,2026-11-01T09:30:00+00:00,phone,,,,,,\n",
        "t2,A-1,2026-11-01T09:30:00+01:00,phone,,,,,,\n",
        "t3,A-1,2026-11-01T09:30:00Z,phone,,,,,,\n",
        "t4,A-1,2026-11-01T09:30:00.250000+00:00,phone,,,,,,\n",
        "t5,A-1,,phone,,,,,,\n",
    ]
    assert importer.import_contacts_csv(_file(lines), actor=None, now=NOW).created == 5
    stored = dict(Contact.objects.values_list("external_id", "occurred_at"))
    assert stored == {
        "t1": datetime(2026, 11, 1, 9, 30, tzinfo=UTC),
        "t2": datetime(2026, 11, 1, 8, 30, tzinfo=UTC),
        "t3": datetime(2026, 11, 1, 9, 30, tzinfo=UTC),
        "t4": datetime(2026, 11, 1, 9, 30, 0, 250000, tzinfo=UTC),
        "t5": NOW,
    }


def test_contacts_of_customers_under_a_protocol_go_through_the_gate_between_batches(people, monkeypatch, make_user):
    from datetime import date

    from faircontact.cases.models import Breach, Case, Protocol, ProtocolStatus

    ann, bob = people
    spoc = make_user("officer")
    case = Case.objects.create(
        customer=bob, owner=spoc, opened_on=date(2026, 1, 5), state="restricted", grounds=["persistent"]
    )
    Protocol.objects.create(
        case=case,
        customer=bob,
        status=ProtocolStatus.IN_FORCE,
        starts_on=date(2026, 2, 1),
        review_due_on=date(2027, 8, 1),
        spoc=spoc,
        channels_allowed=["letter"],
    )
    monkeypatch.setattr(importer, "BATCH", 3)
    mixed = []
    for a, b in zip(_rows(12), _rows(6, "B-1", "y") + [""] * 6, strict=True):
        mixed += [a, b] if b else [a]
    result = importer.import_contacts_csv(_file(mixed), actor=None, now=NOW)
    assert (result.imported, result.created) == (True, 18)
    gated = Contact.objects.filter(customer=bob)
    assert gated.count() == 6
    assert {c.external_id for c in gated if c.breach} == {"y-1", "y-3", "y-4"}  # inbound, not by letter
    assert Breach.objects.filter(case=case).count() == 3
    assert not any(c.breach for c in Contact.objects.filter(customer=ann))

    twice = _rows(2, "B-1", "z")
    again = importer.import_contacts_csv(_file(twice + _rows(3, prefix="w") + twice[:1]), actor=None, now=NOW)
    assert again.imported is False and again.errors == [
        {"line": 7, "field": "external_id", "message": "z-0 appears twice in the file."}
    ]
    assert Contact.objects.count() == 18 and Breach.objects.count() == 3


def test_the_rows_the_rules_see_are_the_stored_records(people, django_assert_num_queries):
    """The importer's customers and complaints (made without ``Model.__init__``, for speed) are what the rules
    would get from the database: the fields read from the look-up tables without a query, any other field from the
    stored row, as with ``.only()``."""
    ann = people[0]
    complaint = Complaint.objects.get(reference="CA")
    lookups = importer._Lookups()
    customer, found = lookups.customer("A-1"), lookups.complaint("CA")
    assert isinstance(customer, Customer) and customer == ann and lookups.customer(str(ann.pk)) is customer
    assert isinstance(found, Complaint) and found == complaint and not found._state.adding
    with django_assert_num_queries(0):
        assert (found.customer_id, found.business_unit_id, found.reference) == (ann.pk, None, "CA")
        assert validate_contact({"customer": customer, "complaint": found, "channel": "phone"}, now=NOW)
    with django_assert_num_queries(2):
        assert (customer.name, found.summary) == ("Ann", "Boiler")


def test_the_api_documents_every_column_the_import_reads(client):
    schema = client.get("/api/v1/openapi.json").json()
    described = schema["paths"]["/api/v1/contacts/import"]["post"]["description"]
    columns = described.split("Columns, in any order")[1].split(". A header")[0]
    assert [name.strip() for name in columns.split(":", 1)[1].split(",")] == list(importer.FIELDS)


def test_text_is_stored_exactly_as_the_file_gives_it(people):
    """Quotes, backslashes, new lines, tabs, emoji, accents and JSON-like text come out as they went in (on SQLite
    the rows are bound values of statements of many rows)."""
    import csv

    texts = [
        'She said "enough" \\ and left\n\tthen rang back',
        "Gwasanaeth cwsmeriaid — ŵ ŷ é ü ß 😀 👍🏽 \u2028 end",
        '{"handling": "normal", "same_issue": null}',
        "[1, 2] null true false \\u0041",
    ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["external_id", "customer", "occurred_at", "channel", "subject", "body", "recipients"])
    for i, text in enumerate(texts):
        writer.writerow([f"t-{i}", "A-1", "2026-11-02T09:00:00+00:00", "letter", text[:40], text, f"Mr “{i}”;MP"])
    result = importer.import_contacts_csv(io.BytesIO(out.getvalue().encode()), actor=None, now=NOW)
    assert result.imported, result.errors
    stored = {c.external_id: c for c in Contact.objects.filter(external_id__startswith="t-")}
    for i, text in enumerate(texts):
        contact = stored[f"t-{i}"]
        assert (contact.body, contact.subject, contact.recipients) == (text, text[:40].strip(), [f"Mr “{i}”", "MP"])
        assert contact.urgent is False and contact.guidance["handling"]


def test_a_batch_is_written_in_several_statements_in_file_order(people, monkeypatch):
    """On SQLite a batch goes in statements of ``SQLITE_ROWS`` rows (here 4, so 9 rows make statements of 4, 4 and
    1): every row is stored once, in the file's order, and a row already stored is skipped in the middle of one."""
    monkeypatch.setattr(importer, "SQLITE_ROWS", 4)
    body = "y" * 700
    head = "external_id,customer,occurred_at,channel,direction,staff_minutes,complaint,recipients,subject,body\n"
    lines = "".join(f"long-{i},A-1,2026-11-02T09:0{i}:00+00:00,letter,inbound,0,,,Letter,{body}\n" for i in range(9))
    first = importer.import_contacts_csv(io.BytesIO((head + lines.split("\n")[5] + "\n").encode()), actor=None, now=NOW)
    assert (first.imported, first.created) == (True, 1)
    result = importer.import_contacts_csv(io.BytesIO((head + lines).encode()), actor=None, now=NOW)
    assert (result.imported, result.created, result.skipped_existing) == (True, 8, 1)
    stored = Contact.objects.filter(body=body).order_by("id").values_list("external_id", flat=True)
    assert list(stored) == ["long-5"] + [f"long-{i}" for i in range(9) if i != 5]


def test_an_import_hands_the_interpreter_lock_over_quickly_and_puts_the_interval_back(people, monkeypatch):
    """``_import_mode``: the short switch interval while a file is imported (also while another import is
    still running), the process's own again once the last ends, even when an import fails."""
    import sys

    before = sys.getswitchinterval()
    seen = []
    monkeypatch.setattr(importer, "CONTACTS_IMPORTED", [lambda ids: seen.append(sys.getswitchinterval())])
    with importer._import_mode():
        text = "external_id,customer,occurred_at,channel\nq-1,A-1,2026-11-02T09:00:00+00:00,letter\n"
        assert importer.import_contacts_csv(io.BytesIO(text.encode()), actor=None, now=NOW).imported
        assert sys.getswitchinterval() == pytest.approx(importer.SWITCH_INTERVAL)  # the outer import still running
    assert seen == [pytest.approx(importer.SWITCH_INTERVAL)] and sys.getswitchinterval() == before
    with pytest.raises(RuntimeError), importer._import_mode():
        raise RuntimeError("the import failed")
    assert sys.getswitchinterval() == before

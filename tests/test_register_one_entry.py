"""003 §19, §21, Annex D: one register entry per customer, covering every complaint they are registered on; the
14-month removal clock runs from the last contact about any of them (issue 15)."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from faircontact.cases.models import Case
from faircontact.core.models import Notification
from faircontact.core.profiles import ProfileError, parse_profile
from faircontact.register.models import RegisterEntry

from .test_register import dwp, register_customer  # noqa: F401  (the fixture)
from .test_workflow import NEEDS, act, approval, with_terms


def register_again(staff, customer_id, *, complaint="UC-2", decided_on="2026-02-09", told_on="2026-02-10"):
    """A second case registers the same customer on another complaint; returns (complaint, case id)."""
    officer, dsm = staff["officer"], staff["decision_maker"]
    second = officer.post(
        "/complaints",
        {
            "customer": customer_id,
            "reference": complaint,
            "summary": "Sanction in 2025",
            "final_response_on": "2026-02-01",
        },
    ).json()
    cid = officer.post(
        "/cases", {"customer": customer_id, "grounds": ["upcc"], "complaints": [second["id"]], "on": "2026-02-02"}
    ).json()["id"]
    act(officer, cid, "initial_warning", channel="letter", on="2026-02-02")
    act(officer, cid, "consider_needs", on="2026-02-02", **NEEDS)
    act(officer, cid, "refer", on="2026-02-03", **approval(officer))
    act(
        dsm,
        cid,
        "decide",
        outcome="register",
        reasons="UPC on a second complaint",
        on=decided_on,
        protocol=with_terms({"channels_allowed": ["letter"], "spoc": str(officer.user.pk)}, decided_on),
    )
    act(officer, cid, "notify", channel="letter", on=told_on)
    return second, cid


def _contact(staff, customer_id, complaint_id, at):
    response = staff["officer"].post(
        "/contacts", {"customer": customer_id, "complaint": complaint_id, "channel": "letter", "occurred_at": at}
    )
    assert response.status_code == 201, response.content


def test_003_s19_annex_d_one_entry_per_customer_covers_every_registered_complaint(dwp, client, settings):  # noqa: F811
    customer, first, first_case = register_customer(dwp)
    second, second_case = register_again(dwp, customer["id"])
    admin = dwp["register_admin"]
    (entry,) = admin.get("/register").json()["items"]
    assert [c["reference"] for c in entry["complaints"]] == ["UC-1", "UC-2"]
    assert [(r["case"], r["registered_on"]) for r in entry["registrations"]] == [
        (first_case, "2026-01-15"),
        (second_case, "2026-02-10"),
    ]
    assert entry["registered_on"] == "2026-01-15" and entry["customer_told_on"] == "2026-02-10"
    answer = dwp["enquirer"].get("/register/enquiry", reference="D-100").json()
    assert [c["reference"] for c in answer["complaints"]] == ["UC-1", "UC-2"]
    assert RegisterEntry.objects.filter(customer_id=customer["id"]).count() == 1
    titles = [
        e["title"]
        for e in dwp["officer"].get(f"/customers/{customer['id']}/chronology").json()["items"]
        if e["kind"] == "register"
    ]
    assert titles == ["Entered on the register", "Complaints added to the register entry"]
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []
    client.force_login(admin.user)
    page = client.post(f"/register/{entry['id']}", {"reason": "Annex E enquiry"}).content.decode()
    assert f"Case {first_case}</a>, 15 January 2026" in page and f"Case {second_case}</a>, 10 February 2026" in page


def test_003_annex_d_the_removal_clock_runs_from_the_last_contact_about_any_registered_complaint(dwp):  # noqa: F811
    customer, first, _ = register_customer(dwp)
    second, _ = register_again(dwp, customer["id"])
    admin = dwp["register_admin"]
    _contact(dwp, customer["id"], first["id"], "2026-03-01T09:00:00+00:00")
    _contact(dwp, customer["id"], second["id"], "2026-03-16T09:00:00+00:00")  # the later one is about UC-2
    (entry,) = admin.get("/register").json()["items"]
    assert (entry["last_contact_on"], entry["removal_due_on"]) == ("2026-03-16", "2027-05-16")
    # 14 months after the contact about UC-1 the entry is not due: the contact about UC-2 keeps it alive
    call_command("fc_sweep", "--as-of", "2027-05-02")
    assert not Notification.objects.filter(kind="register_removal").exists()
    call_command("fc_sweep", "--as-of", "2027-05-17")
    (proposal,) = Notification.objects.filter(kind="register_removal")
    assert proposal.user == dwp["decision_maker"].user and proposal.link == f"/register/{entry['id']}"


def test_003_s19_a_case_that_ends_takes_its_complaints_off_and_the_entry_stays_for_the_others(dwp, settings):  # noqa: F811
    customer, first, first_case = register_customer(dwp)
    second, second_case = register_again(dwp, customer["id"])
    _contact(dwp, customer["id"], second["id"], "2026-02-20T09:00:00+00:00")
    _contact(dwp, customer["id"], first["id"], "2026-03-02T09:00:00+00:00")
    act(dwp["decision_maker"], first_case, "review", outcome="end", reasons="UC-1 settled", on="2026-03-05")
    admin = dwp["register_admin"]
    (entry,) = admin.get("/register").json()["items"]
    assert entry["state"] == "active" and [c["reference"] for c in entry["complaints"]] == ["UC-2"]
    # the clock now runs from the last contact about the complaint still registered
    assert (entry["last_contact_on"], entry["removal_due_on"]) == ("2026-02-20", "2027-04-20")
    assert [(r["ended_on"], r["end_reason"]) for r in entry["registrations"]] == [("2026-03-05", "review"), (None, "")]
    # removing the entry closes every case still registering the customer
    settings.FAIRCONTACT_TODAY = "2027-04-21"
    removed = dwp["decision_maker"].post(f"/register/{entry['id']}/remove", {"on": "2027-04-21", "reasons": "Quiet"})
    assert removed.status_code == 200, removed.content
    assert removed.json()["state"] == "removed"
    assert Case.objects.get(pk=second_case).state == "ended"
    titles = [
        e["title"]
        for e in dwp["officer"].get(f"/customers/{customer['id']}/chronology").json()["items"]
        if e["kind"] == "register"
    ]
    assert titles == [
        "Entered on the register",
        "Complaints added to the register entry",
        "Complaints taken off the register entry: ended at a review",
        "Removed from the register",
    ]


def test_003_s19_the_database_keeps_one_live_entry_per_customer(dwp):  # noqa: F811
    register_customer(dwp)
    entry = RegisterEntry.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        RegisterEntry.objects.create(customer=entry.customer, outcome="register", registered_on=date(2026, 2, 1))
    # an ended entry does not count: the customer may be registered again later
    RegisterEntry.objects.filter(pk=entry.pk).update(ended_on=date(2026, 3, 1), end_reason="removed")
    RegisterEntry.objects.create(customer=entry.customer, outcome="register", registered_on=date(2026, 3, 2))


@pytest.mark.django_db(transaction=True)
def test_003_s19_migration_merges_a_customers_live_entries_into_one(settings):
    """Entries kept per case before 0002: a customer's later live entry merges into their first."""
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    before = [node for node in leaves if node[0] != "register"] + [("register", "0001_initial")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Customer, Complaint = old.get_model("records", "Customer"), old.get_model("records", "Complaint")
    Case, Entry = old.get_model("cases", "Case"), old.get_model("register", "RegisterEntry")
    Enquiry, User = old.get_model("register", "Enquiry"), old.get_model("core", "User")
    person = Customer.objects.create(reference="M-1", name="Mo Merge")
    other = Customer.objects.create(reference="M-2", name="Una Other")
    asker = User.objects.create(username="asker")
    entries = []
    for n, (who, registered, due) in enumerate(
        [
            (person, date(2026, 1, 5), date(2027, 3, 5)),
            (person, date(2026, 2, 5), date(2027, 4, 5)),
            (other, None, None),
        ]
    ):
        case = Case.objects.create(customer=who, grounds=["upcc"], opened_on=date(2026, 1, 1), owner=asker)
        entry = Entry.objects.create(
            customer=who,
            case=case,
            outcome="register",
            registered_on=registered or date(2026, 1, 9),
            removal_due_on=due,
        )
        entry.complaints.add(Complaint.objects.create(customer=who, reference=f"C-{n}", summary="x"))
        entries.append(entry)
    enquiry = Enquiry.objects.create(asked_by=asker, asked_at="2026-02-10T10:00:00Z", outcome="recorded")
    enquiry.entries.add(entries[1])
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(leaves)
    kept = RegisterEntry.objects.get(customer_id=person.pk, ended_on__isnull=True)
    assert kept.pk == entries[0].pk and kept.removal_due_on == date(2027, 4, 5)
    assert sorted(kept.complaints.values_list("reference", flat=True)) == ["C-0", "C-1"]
    assert kept.registrations.count() == 2 and list(kept.enquiries.values_list("pk", flat=True)) == [enquiry.pk]
    merged = RegisterEntry.objects.get(pk=entries[1].pk)
    assert (merged.end_reason, merged.ended_on) == ("merged", date(2026, 2, 5))
    assert RegisterEntry.objects.get(customer_id=other.pk).registrations.count() == 1


def test_003_annex_d_business_contact_points_get_the_half_yearly_prompt_as_well_as_the_quarterly_list(dwp):  # noqa: F811
    register_customer(dwp)
    manager = dwp["manager"].user  # Universal Credit's contact point
    call_command("fc_sweep", "--as-of", "2026-07-02")
    call_command("fc_sweep", "--as-of", "2026-07-20")  # once per period
    texts = sorted(Notification.objects.filter(user=manager, kind="register_review").values_list("text", flat=True))
    assert len(texts) == 2
    assert texts[0].startswith("Register content review from 1 July 2026: 1 entries for Universal Credit")
    assert texts[1].startswith("Review the 1 register entries of Universal Credit with the decision makers")
    assert "003 Annex D" in texts[1]
    prompts = dwp["register_admin"].get("/register/reviews").json()["items"]
    assert sorted((r["kind"], r["business_unit"] or "", r["reviewer"] is None) for r in prompts) == [
        ("content", "Universal Credit", True),
        ("prompt", "", False),  # the DSM's, for the entries they decided
        ("prompt", "Universal Credit", True),  # the contact points', for their unit's entries
    ]


def test_a_contact_point_opens_the_review_list_its_notification_links_to_and_nothing_more(dwp, client, settings):  # noqa: F811
    """003 Annex D: the log is issued to the business contact points (managers) to establish whether the content is
    current; their notification's link opens it (it was a 403), without the entries' own pages."""
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []  # two-factor sign-in has its own tests
    register_customer(dwp)
    call_command("fc_sweep", "--as-of", "2026-07-02")
    manager = dwp["manager"]
    links = sorted(
        Notification.objects.filter(user=manager.user, kind="register_review").values_list("link", flat=True)
    )
    client.force_login(manager.user)
    for link in links:
        page = client.get(link)
        assert page.status_code == 200, link
        html = page.content.decode()
        assert "D-100" in html and "Entry " in html and not re.search(r'href="/register/\d+"', html)
    entry = RegisterEntry.objects.get()
    assert client.get(f"/register/{entry.pk}").status_code == 403  # the entry itself is the DSM's and the admin's
    listed = manager.get("/register/reviews").json()["items"]
    assert {r["business_unit"] for r in listed} == {"Universal Credit"}  # not the DSM's own prompt
    dsm_prompt = next(r for r in dwp["register_admin"].get("/register/reviews").json()["items"] if r["reviewer"])
    assert client.get(f"/register/reviews/{dsm_prompt['id']}").status_code == 404
    assert dwp["officer"].get("/register/reviews").status_code == 403
    client.force_login(dwp["decision_maker"].user)  # their own prompt, with the entries' links
    assert f'href="/register/{entry.pk}"' in client.get(f"/register/reviews/{dsm_prompt['id']}").content.decode()


def test_the_prompt_to_contact_points_is_profile_data(use_profile):
    assert use_profile("dwp").retention["register_review_prompt_to"] == ["decision_makers", "contact_points"]
    assert use_profile("southwark").retention["register_review_prompt_to"] == ["decision_makers"]  # the default
    profile = use_profile("dwp")
    data = tomllib.loads(Path(profile.path).read_text())
    data["retention"]["register_review_prompt_to"] = ["contact_points", "everyone"]
    with pytest.raises(ProfileError) as refused:
        parse_profile(Path(profile.path), data)
    assert "retention.register_review_prompt_to: unknown recipient 'everyone'" in str(refused.value)

"""The register through the API: entries from decisions, Annex E enquiries, removal after 14 months (003 Annex D)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from faircontact.cases.models import Case
from faircontact.core.models import AuditEvent, Notification
from faircontact.records.models import Customer, Marker
from faircontact.register.models import Enquiry, RegisterEntry
from faircontact.register.selectors import removals_due_for

from .test_workflow import NEEDS, act, approval, with_terms

ANNEX_E_FIELDS = {
    "id",
    "created_at",
    "outcome",
    "recorded",
    "business_unit",
    "complaints",
    "spoc",
    "contact",
    "matches",
    "message",
    "through_administrator",
}


@pytest.fixture
def dwp(use_profile, make_user, api_for, settings):
    """DWP staff by role, as API clients; the test clock in March 2026."""
    settings.FAIRCONTACT_TODAY = "2026-03-20"
    use_profile("dwp")
    roles = ("officer", "manager", "decision_maker", "register_admin", "enquirer", "auditor")
    return {
        role: api_for(make_user(role, business_unit="Universal Credit" if role == "manager" else None))
        for role in roles
    }


def register_customer(
    staff,
    *,
    reference="D-100",
    name="Siobhán O'Brien",
    nino="QQ123456C",
    complaint="UC-1",
    decided_on="2026-01-14",
    notify=True,
):
    """A customer registered by the DSM on one complaint after its final response; returns (customer, complaint,
    case id)."""
    officer, dsm = staff["officer"], staff["decision_maker"]
    customer = officer.post(
        "/customers",
        {
            "reference": reference,
            "name": name,
            "identifiers": {"nino": nino},
            "business_unit": "Universal Credit",
            "address": "1 Mill Lane, Leeds",
        },
    ).json()
    Customer.objects.filter(pk=customer["id"]).update(ethnicity="Irish", disability="Hearing loss")  # 001 §7.1
    registered = officer.post(
        "/complaints",
        {
            "customer": customer["id"],
            "reference": complaint,
            "summary": "Overpayment recovery for 2024",
            "final_response_on": "2026-01-05",
            "final_response_by": str(officer.user.pk),  # named in the UPC notification (003 §25-26, Annex G)
        },
    ).json()
    cid = officer.post(
        "/cases",
        {"customer": customer["id"], "grounds": ["upcc"], "complaints": [registered["id"]], "on": "2026-01-10"},
    ).json()["id"]
    act(officer, cid, "initial_warning", channel="letter", on="2026-01-10")  # written-only follows it (003 Annex C)
    act(officer, cid, "consider_needs", on="2026-01-10", **NEEDS)
    act(officer, cid, "refer", on="2026-01-12", **approval(officer))
    act(
        dsm,
        cid,
        "decide",
        outcome="register",
        reasons="UPC after final response",
        on=decided_on,
        protocol=with_terms(
            {"channels_allowed": ["letter", "email"], "spoc": str(staff["officer"].user.pk)}, decided_on
        ),
    )
    if notify:
        act(officer, cid, "notify", channel="letter", on="2026-01-15")
    return customer, registered, cid


def test_dwp_register_from_decision_to_removal(dwp, settings):
    customer, registered, cid = register_customer(dwp)
    admin, dsm, enquirer = dwp["register_admin"], dwp["decision_maker"], dwp["enquirer"]
    # decision → entry
    (entry,) = admin.get("/register").json()["items"]
    assert entry["customer"]["reference"] == "D-100" and entry["state"] == "active"
    assert entry["registered_on"] == "2026-01-15" and entry["customer_told_on"] == "2026-01-15"
    assert entry["business_unit"] == "Universal Credit" and entry["decision_maker"]["id"] == str(dsm.user.pk)
    assert [c["reference"] for c in entry["complaints"]] == ["UC-1"]
    # enquiry by a view-only officer, by name without the accent: the Annex E fields and nothing more
    answer = enquirer.get("/register/enquiry", name="siobhan o brien").json()
    assert set(answer) == ANNEX_E_FIELDS
    assert answer["recorded"] is True and answer["outcome"] == "recorded"
    assert answer["business_unit"] == "Universal Credit"
    assert answer["complaints"] == [{"reference": "UC-1", "summary": "Overpayment recovery for 2024"}]
    assert answer["spoc"]["name"] == dwp["officer"].user.display_name
    assert answer["contact"]["name"] == dsm.user.display_name
    assert not answer["through_administrator"]
    # further contact on the registered complaint keeps the entry alive: removal 14 months later
    response = dwp["officer"].post(
        "/contacts",
        {
            "customer": customer["id"],
            "complaint": registered["id"],
            "channel": "letter",
            "occurred_at": "2026-03-10T09:30:00+00:00",
        },
    )
    assert response.status_code == 201, response.content
    entry = admin.get(f"/register/{entry['id']}", reason="Checking the removal date").json()
    assert entry["last_contact_on"] == "2026-03-10" and entry["removal_due_on"] == "2027-05-10"
    # the sweep on 2027-05-11 proposes removal to the DSM, once
    call_command("fc_sweep", "--as-of", "2027-05-11")
    call_command("fc_sweep", "--as-of", "2027-05-11")
    proposals = Notification.objects.filter(kind="register_removal")
    assert [(n.user_id, n.link) for n in proposals] == [(dsm.user.pk, f"/register/{entry['id']}")]
    assert RegisterEntry.objects.get().state == "removal_proposed"
    (item,) = removals_due_for(dsm.user, as_of=date(2027, 5, 11))
    assert (item["kind"], item["due_on"], item["overdue"]) == ("register_removal", date(2027, 5, 10), True)
    assert removals_due_for(dwp["officer"].user, as_of=date(2027, 5, 11)) == []
    # the DSM confirms: the entry, the case and the markers end; the enquiry answers "not recorded"
    settings.FAIRCONTACT_TODAY = "2027-05-11"
    removed = dsm.post(f"/register/{entry['id']}/remove", {"on": "2027-05-11", "reasons": "No contact for 14 months"})
    assert removed.status_code == 200, removed.content
    assert removed.json()["state"] == "removed" and removed.json()["ended_on"] == "2027-05-11"
    assert not Marker.objects.filter(customer_id=customer["id"], ended_on__isnull=True).exists()
    assert dwp["officer"].get(f"/customers/{customer['id']}").json()["markers"] == []
    assert Case.objects.get(pk=cid).state == "ended"
    after = enquirer.get("/register/enquiry", nino="QQ 12 34 56 C").json()
    assert after["recorded"] is False and after["outcome"] == "not_recorded"
    assert admin.get("/register").json()["count"] == 0
    titles = [
        e["title"]
        for e in dwp["officer"].get(f"/customers/{customer['id']}/chronology").json()["items"]
        if e["kind"] == "register"
    ]
    assert titles == ["Entered on the register", "Removed from the register"]
    # the audit trail shows it all
    trail = dwp["auditor"].get("/audit", customer=customer["id"], page_size=500).json()["items"]
    actions = [e["action"] for e in trail]
    for expected in (
        "register_entry",
        "register_enquiry",
        "register_last_contact",
        "register_removal_proposed",
        "register_remove",
        "case_close",
    ):
        assert expected in actions, expected
    assert dwp["auditor"].get("/audit/verify").json()["intact"] is True


def test_administrator_removes_only_on_a_named_dsms_confirmation(dwp):
    register_customer(dwp)
    admin, dsm = dwp["register_admin"], dwp["decision_maker"]
    entry_id = RegisterEntry.objects.get().pk
    refused = admin.post(f"/register/{entry_id}/remove", {"reasons": "Asked by e-mail"})
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "confirmed_by"
    assert RegisterEntry.objects.get().ended_on is None
    assert dwp["officer"].post(f"/register/{entry_id}/remove", {"reasons": "x"}).status_code == 403
    done = admin.post(f"/register/{entry_id}/remove", {"reasons": "Asked by e-mail", "confirmed_by": str(dsm.user.pk)})
    assert done.status_code == 200, done.content
    entry = RegisterEntry.objects.get()
    assert entry.removal_confirmed_by == dsm.user and entry.ended_by == admin.user
    again = admin.post(f"/register/{entry_id}/remove", {"reasons": "Again", "confirmed_by": str(dsm.user.pk)})
    assert again.status_code == 409


def test_enquiry_roles_and_every_enquiry_is_kept(dwp):
    register_customer(dwp)
    assert dwp["auditor"].get("/register/enquiry", reference="D-100").status_code == 403
    assert dwp["decision_maker"].get("/register/enquiry", reference="D-100").status_code == 403
    through = dwp["officer"].get("/register/enquiry", reference="d-100").json()
    assert through["recorded"] is True and through["through_administrator"] is True
    assert Notification.objects.filter(user=dwp["register_admin"].user, kind="register_enquiry").count() == 1
    missing = dwp["enquirer"].get("/register/enquiry", reference="NOBODY").json()
    assert missing == {
        "id": missing["id"],
        "created_at": missing["created_at"],
        "outcome": "not_recorded",
        "recorded": False,
        "business_unit": None,
        "complaints": None,
        "spoc": None,
        "contact": None,
        "matches": None,
        "message": None,
        "through_administrator": False,
    }
    assert dwp["enquirer"].get("/register/enquiry").status_code == 422
    assert list(Enquiry.objects.order_by("id").values_list("outcome", flat=True)) == ["recorded", "not_recorded"]
    kept = dwp["register_admin"].get("/register/enquiries").json()["items"]
    assert [(q["reference"], q["outcome"]) for q in kept] == [("NOBODY", "not_recorded"), ("d-100", "recorded")]
    assert dwp["enquirer"].get("/register/enquiries").status_code == 403
    assert dwp["enquirer"].post("/customers", {"reference": "X", "name": "Y"}).status_code == 403


def test_name_search_tolerates_misspelling_and_says_when_several_match(dwp):
    register_customer(dwp)
    register_customer(dwp, reference="D-200", name="John Smith", nino="QQ223456C", complaint="UC-2")
    register_customer(dwp, reference="D-300", name="John Smith", nino="QQ323456C", complaint="UC-3")
    enquirer = dwp["enquirer"]
    close = enquirer.get("/register/enquiry", name="Siobhan O'Brian").json()
    assert close["recorded"] is True and close["complaints"][0]["reference"] == "UC-1"
    several = enquirer.get("/register/enquiry", name="JOHN SMITH").json()
    assert several["outcome"] == "several_match" and several["recorded"] is None and several["matches"] == 2
    assert several["complaints"] is None
    one = enquirer.get("/register/enquiry", name="john smith", nino="QQ323456C").json()
    assert one["recorded"] is True and one["complaints"][0]["reference"] == "UC-3"
    assert enquirer.get("/register/enquiry", name="Jane Doe").json()["recorded"] is False


def test_opening_an_entry_needs_a_reason_which_the_audit_keeps(dwp):
    register_customer(dwp)
    admin = dwp["register_admin"]
    entry_id = RegisterEntry.objects.get().pk
    refused = admin.client.get(f"/api/v1/register/{entry_id}", HTTP_X_ACCESS_REASON="")
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "reason_required"
    response = admin.client.get(f"/api/v1/register/{entry_id}", HTTP_X_ACCESS_REASON="Annex E enquiry 12")
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="view", object_type="registerentry").latest("id")
    assert event.reason == "Annex E enquiry 12" and event.actor == admin.user


def test_review_that_ends_the_protocol_ends_the_entry_and_access_reason_is_required(dwp):
    from faircontact.register.selectors import access_reason_required

    customer, _, cid = register_customer(dwp)
    person = Customer.objects.get(pk=customer["id"])
    assert access_reason_required(person)
    act(dwp["decision_maker"], cid, "review", outcome="end", reasons="Contact has stopped", on="2026-03-01")
    entry = RegisterEntry.objects.get()
    assert entry.state == "ended" and entry.end_reason == "review" and entry.ended_on.isoformat() == "2026-03-01"
    assert not access_reason_required(person)


def test_marker_export_json_and_csv_without_names(dwp):
    register_customer(dwp)
    admin = dwp["register_admin"]
    rows = admin.get("/markers/export").json()["items"]
    assert {r["type"] for r in rows} == {"protocol_in_place", "registered"}
    assert all(
        set(r) == {"customer", "customer_reference", "type", "since", "review_due_on", "ended_on", "set_by"}
        for r in rows
    )
    text = admin.get("/markers/export", format="csv").content.decode()
    assert text.splitlines()[0] == "customer,customer_reference,type,since,review_due_on,ended_on,set_by"
    assert len(text.splitlines()) == 3 and "D-100" in text
    assert "Brien" not in text and "Irish" not in text and "Hearing" not in text
    assert dwp["officer"].get("/markers/export").status_code == 403


def test_quarterly_content_reviews_and_half_yearly_prompts_once_per_period(dwp):
    register_customer(dwp)
    call_command("fc_sweep", "--as-of", "2026-04-02")
    call_command("fc_sweep", "--as-of", "2026-04-20")
    reviews = dwp["register_admin"].get("/register/reviews").json()["items"]
    assert sorted((r["kind"], r["period_start"], r["business_unit"] or "") for r in reviews) == [
        ("content", "2026-04-01", "Universal Credit"),
        ("prompt", "2026-01-01", ""),  # the DSM's
        ("prompt", "2026-01-01", "Universal Credit"),  # the business contact points' (003 Annex D)
    ]
    assert all(len(r["entries"]) == 1 for r in reviews)
    manager = dwp["manager"].user  # the Universal Credit contact point: the quarterly list and the prompt
    assert Notification.objects.filter(user=manager, kind="register_review").count() == 2
    assert Notification.objects.filter(user=dwp["decision_maker"].user, kind="register_review").count() == 1
    call_command("fc_sweep", "--as-of", "2026-07-01")
    assert dwp["register_admin"].get("/register/reviews").json()["count"] == 6


def test_register_pages_ask_a_reason_before_showing_an_entry(dwp, client, settings):
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []  # two-factor sign-in has its own tests
    register_customer(dwp)
    entry = RegisterEntry.objects.get()
    client.force_login(dwp["register_admin"].user)
    assert "The register" in client.get("/register").content.decode()
    form = client.get(f"/register/{entry.pk}").content.decode()
    assert "Why do you need to see this record?" in form and "Siobhán" not in form
    assert "Give a reason" in client.post(f"/register/{entry.pk}", {"reason": ""}).content.decode()
    shown = client.post(f"/register/{entry.pk}", {"reason": "Quarterly content review"}).content.decode()
    assert "Siobhán O&#x27;Brien" in shown and "UC-1" in shown
    opened = AuditEvent.objects.filter(action="view", object_type="registerentry").latest("id")
    assert opened.reason == "Quarterly content review" and opened.object_id == str(entry.pk)
    refused = client.post(
        f"/register/{entry.pk}/remove",
        {"on_day": "20", "on_month": "3", "on_year": "2026", "reasons": "No longer needed"},
    ).content.decode()
    assert (
        "Name the Designated Senior Manager (DSM) who confirmed" in refused
        and RegisterEntry.objects.get().ended_on is None
    )
    assert 'href="/register/enquiry"' in client.get("/register").content.decode()
    client.force_login(dwp["decision_maker"].user)
    # a decision maker sees the register but may not make enquiries: the page does not offer them
    assert 'href="/register/enquiry"' not in client.get("/register").content.decode()
    done = client.post(
        f"/register/{entry.pk}/remove",
        {"on_day": "20", "on_month": "3", "on_year": "2026", "reasons": "No longer needed"},
    )
    assert done.status_code == 302 and RegisterEntry.objects.get().state == "removed"


def test_enquiry_page_shows_the_annex_e_answer_to_an_enquirer_only(dwp, client, settings):
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []  # two-factor sign-in has its own tests
    register_customer(dwp)
    client.force_login(dwp["enquirer"].user)
    page = client.post("/register/enquiry", {"name": "SIOBHAN OBRIEN"}).content.decode()
    assert "Recorded" in page and "Universal Credit" in page and "UC-1" in page
    assert "1 Mill Lane" not in page and "QQ123456C" not in page
    assert client.get("/register").status_code == 403
    client.force_login(dwp["auditor"].user)
    assert client.get("/register/enquiry").status_code == 403


def test_a_decision_maker_sees_only_their_entries_and_their_units(dwp, make_user, api_for):
    register_customer(dwp)
    other_dsm = api_for(make_user("decision_maker", business_unit="Pensions"))
    uc_dsm = api_for(make_user("decision_maker", business_unit="Universal Credit"))
    entry_id = RegisterEntry.objects.get().pk
    assert other_dsm.get("/register").json()["count"] == 0
    assert other_dsm.get(f"/register/{entry_id}", reason="Curious").status_code == 404
    assert other_dsm.post(f"/register/{entry_id}/remove", {"reasons": "x"}).status_code == 404
    assert uc_dsm.get("/register").json()["count"] == 1
    assert dwp["decision_maker"].get("/register").json()["count"] == 1
    assert dwp["register_admin"].get("/register").json()["count"] == 1


def test_other_profiles_register_restrictions_and_prompt_a_yearly_review(use_profile, make_user, api_for, settings):
    settings.FAIRCONTACT_TODAY = "2026-03-20"
    use_profile("southwark")
    officer, manager, ce = (api_for(make_user(r)) for r in ("officer", "manager", "chief_executive"))
    customer = officer.post("/customers", {"reference": "S-9", "name": "Sam Southwark"}).json()
    case = officer.post("/cases", {"customer": customer["id"], "grounds": ["persistent"], "on": "2026-03-02"})
    cid = case.json()["id"]
    act(manager, cid, "record_discussion", channel="phone", on="2026-03-03")  # before the report (002 §4)
    act(manager, cid, "consider_needs", on="2026-03-03", **NEEDS)
    act(manager, cid, "assess", conclusion="unacceptable", findings="Chronology of 200 e-mails", on="2026-03-04")
    act(manager, cid, "refer", on="2026-03-05")
    act(
        ce,
        cid,
        "decide",
        outcome="restrict",
        reasons="Habitual contact",
        protocol={"channels_allowed": ["letter"]},
        on="2026-03-09",
    )
    act(manager, cid, "notify", channel="letter", on="2026-03-10")
    entry = RegisterEntry.objects.get()
    assert (entry.outcome, entry.registered_on.isoformat(), entry.removal_due_on) == ("restrict", "2026-03-10", None)
    call_command("fc_sweep", "--as-of", "2026-12-31")
    call_command("fc_sweep", "--as-of", "2027-01-01")
    prompts = entry.reviews.order_by("period_start").values_list("kind", "period_start")
    assert [(k, d.isoformat()) for k, d in prompts] == [("prompt", "2026-01-01"), ("prompt", "2027-01-01")]
    assert not entry.reviews.filter(kind="content").exists()  # quarterly lists are the DWP's (003 Annex D)


def test_bulk_imported_contact_on_the_registered_complaint_moves_the_removal_date(dwp, tmp_path):
    from faircontact.cli import main

    register_customer(dwp)
    upload = tmp_path / "contacts.csv"
    upload.write_text(
        "external_id,customer,occurred_at,channel,direction,complaint,subject\n"
        "imp-1,D-100,2026-03-12T09:00:00+00:00,letter,inbound,UC-1,Again\n"
        "imp-2,D-100,2026-03-13T09:00:00+00:00,letter,outbound,UC-1,Reply\n"
    )
    assert main(["import", "contacts", str(upload)]) == 0
    entry = RegisterEntry.objects.get()
    assert (entry.last_contact_on.isoformat(), entry.removal_due_on.isoformat()) == ("2026-03-12", "2027-05-12")


def test_immediate_action_registers_at_once_and_the_later_letter_records_when_the_customer_was_told(
    use_profile, make_user, api_for, settings
):
    settings.FAIRCONTACT_TODAY = "2026-11-20"
    use_profile("housing-solutions")
    officer, director, manager = (api_for(make_user(role)) for role in ("officer", "director", "manager"))
    customer = officer.post("/customers", {"reference": "V-1", "name": "Val Threat"}).json()
    cid = officer.post("/cases", {"customer": customer["id"], "grounds": ["aggressive"], "on": "2026-11-02"}).json()[
        "id"
    ]
    act(
        director,
        cid,
        "immediate_action",
        reasons="Threatened an officer",
        police_reference="TVP-2026-77",  # always reported to the police (001 §6.3.1)
        on="2026-11-02",
        protocol=with_terms({"channels_allowed": ["letter"]}, "2026-11-02"),
    )
    entry = RegisterEntry.objects.get()
    assert (entry.outcome, entry.registered_on, entry.customer_told_on) == ("restrict", date(2026, 11, 2), None)
    act(officer, cid, "notify", channel="letter", on="2026-11-03")
    assert RegisterEntry.objects.get().customer_told_on == date(2026, 11, 3)
    act(manager, cid, "close", reasons="Withdrawn after police advice", on="2026-11-10")
    ended = RegisterEntry.objects.get()
    assert (ended.state, ended.end_reason) == ("ended", "closed")
    # the potentially-violent-person marker has its own review and stays
    assert list(
        Marker.objects.filter(customer_id=customer["id"], ended_on__isnull=True).values_list("type", flat=True)
    ) == ["potentially_violent"]


def test_only_the_complaints_after_a_final_response_are_registered(dwp):
    officer = dwp["officer"]
    customer = officer.post("/customers", {"reference": "D-5", "name": "Pat Two"}).json()
    final = officer.post(
        "/complaints",
        {"customer": customer["id"], "reference": "F-1", "summary": "Sanction", "final_response_on": "2026-01-05"},
    ).json()
    still_open = officer.post(
        "/complaints", {"customer": customer["id"], "reference": "O-1", "summary": "New claim"}
    ).json()
    cid = officer.post(
        "/cases",
        {
            "customer": customer["id"],
            "grounds": ["upcc"],
            "on": "2026-01-10",
            "complaints": [final["id"], still_open["id"]],
        },
    ).json()["id"]
    act(officer, cid, "initial_warning", channel="letter", on="2026-01-10")  # written-only follows it (003 Annex C)
    act(officer, cid, "consider_needs", on="2026-01-10", **NEEDS)
    act(officer, cid, "refer", on="2026-01-12", **approval(officer))
    act(
        dwp["decision_maker"],
        cid,
        "decide",
        outcome="register",
        reasons="UPC",
        on="2026-01-14",
        protocol={"channels_allowed": ["letter"]},
    )
    act(officer, cid, "notify", channel="letter", on="2026-01-15")
    answer = dwp["enquirer"].get("/register/enquiry", reference="D-5").json()
    assert [c["reference"] for c in answer["complaints"]] == ["F-1"]  # a new complaint is handled as normal (003 §33)


def test_a_known_customer_not_on_the_register_gets_the_unknown_answer_and_the_enquiry_is_kept(dwp, client, settings):
    """Issue 14 §1: a customer with no register entry crashed the enquiry (500, nothing kept) and name enquiries
    counted every customer of that name; the answer must be the one an unknown person gets, and be kept."""
    register_customer(dwp)  # Siobhán O'Brien is registered
    officer = dwp["officer"]
    for n in range(4):
        officer.post("/customers", {"reference": f"K-{n}", "name": "Siobhan O'Brien"})
    officer.post("/customers", {"reference": "K-9", "name": "Kim Known", "identifiers": {"nino": "QQ923456C"}})
    enquirer = dwp["enquirer"]
    unknown = enquirer.get("/register/enquiry", reference="NOBODY-AT-ALL")
    known = enquirer.get("/register/enquiry", reference="K-9")
    by_nino = enquirer.get("/register/enquiry", nino="QQ923456C")
    assert unknown.status_code == known.status_code == by_nino.status_code == 200, known.content
    strip = lambda body: {k: v for k, v in body.items() if k not in ("id", "created_at")}  # noqa: E731
    assert strip(known.json()) == strip(unknown.json()) == strip(by_nino.json())
    assert known.json()["recorded"] is False
    # one registered person of that name, however many customers share it
    named = enquirer.get("/register/enquiry", name="Siobhan O'Brien").json()
    assert named["outcome"] == "recorded" and named["matches"] is None
    kept = list(Enquiry.objects.order_by("id").values_list("reference", "outcome", "customer_id"))
    assert kept[:3] == [
        ("NOBODY-AT-ALL", "not_recorded", None),
        ("K-9", "not_recorded", None),
        ("", "not_recorded", None),
    ]
    assert AuditEvent.objects.filter(action="register_enquiry").count() == 4
    # the web form gives the same answer and keeps it too
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []
    client.force_login(enquirer.user)
    page = client.post("/register/enquiry", {"reference": "K-9"})
    assert page.status_code == 200 and "Not recorded" in page.content.decode()
    assert Enquiry.objects.count() == 5 and AuditEvent.objects.filter(action="register_enquiry").count() == 5


def test_an_import_touching_hundreds_of_customers_still_moves_the_registered_ones_removal_date(dwp, tmp_path):
    """Over 500 customers in one file, the register's customers are found in one query (``contacts_logged``)."""
    from faircontact.cli import main

    register_customer(dwp)
    Customer.objects.bulk_create(Customer(reference=f"M-{i}", name=f"Many {i}") for i in range(600))
    lines = ["external_id,customer,occurred_at,channel,direction,complaint,subject"]
    lines += [f"many-{i},M-{i},2026-03-11T09:00:00+00:00,phone,inbound,,Hello" for i in range(600)]
    lines.append("imp-1,D-100,2026-03-12T09:00:00+00:00,letter,inbound,UC-1,Again")
    upload = tmp_path / "contacts.csv"
    upload.write_text("\n".join(lines) + "\n")
    assert main(["import", "contacts", str(upload)]) == 0
    entry = RegisterEntry.objects.get()
    assert (entry.last_contact_on.isoformat(), entry.removal_due_on.isoformat()) == ("2026-03-12", "2027-05-12")

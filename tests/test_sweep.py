"""The scheduled sweep: reminders before a review, under review when due, overdue flags; idempotent."""

from __future__ import annotations

from datetime import date

from faircontact.cases.models import Case
from faircontact.cases.sweep import sweep
from faircontact.core.models import Notification

from .test_workflow import NEEDS, act, approval, with_terms


def _restricted_case(use_profile, make_user, api_for):
    use_profile("wolverhampton-homes")
    officer, manager, hos = (api_for(make_user(r)) for r in ("officer", "manager", "decision_maker"))
    customer = officer.post("/customers", {"reference": "S-1", "name": "Sid Sweep"}).json()
    cid = officer.post("/cases", {"customer": customer["id"], "grounds": ["persistent"], "on": "2026-01-05"}).json()[
        "id"
    ]
    act(officer, cid, "record_discussion", channel="phone", on="2026-01-06")
    act(officer, cid, "consider_needs", on="2026-01-06", **NEEDS)
    act(manager, cid, "assess", conclusion="unacceptable", findings="x", on="2026-01-07")
    act(manager, cid, "refer", on="2026-01-08")
    act(
        hos,
        cid,
        "decide",
        outcome="restrict",
        reasons="x",
        protocol=with_terms({"channels_allowed": ["letter"]}),
        on="2026-01-09",
    )
    act(officer, cid, "notify", channel="letter", on="2026-01-31")
    return officer, manager, cid


def test_review_reminder_then_due_then_overdue_and_idempotent(use_profile, make_user, api_for, settings):
    settings.FAIRCONTACT_TODAY = "2026-05-01"
    officer, manager, cid = _restricted_case(use_profile, make_user, api_for)  # review due 2026-04-30
    assert sweep(as_of=date(2026, 4, 1))["review_reminders"] == 0
    assert sweep(as_of=date(2026, 4, 17))["review_reminders"] == 1  # 10 working days before (Easter skipped)
    assert sweep(as_of=date(2026, 4, 17))["review_reminders"] == 0
    assert Case.objects.get(pk=cid).state == "restricted"
    done = sweep(as_of=date(2026, 4, 30))
    assert done["reviews_due"] == 1 and Case.objects.get(pk=cid).state == "under_review"
    assert sweep(as_of=date(2026, 5, 1))["reviews_overdue"] == 1
    assert sweep(as_of=date(2026, 5, 2))["reviews_overdue"] == 0
    kinds = sorted(Notification.objects.filter(user=officer.user).values_list("kind", flat=True))
    assert kinds == ["review_due", "review_overdue"]
    work = manager.get("/work", as_of="2026-05-01").json()["items"]
    assert [(w["kind"], w["overdue"], w["working_days_left"]) for w in work] == [("review", True, -1)]
    # extending with reasons (continue) clears the overdue state
    reviewed = act(manager, cid, "review", outcome="continue", reasons="Calls continue; extend", on="2026-05-01")
    assert reviewed["state"] == "restricted" and reviewed["review_overdue"] is False


def test_work_queue_shows_decisions_with_working_days_left(use_profile, make_user, api_for):
    use_profile("dwp")
    officer, dsm = api_for(make_user("officer")), api_for(make_user("decision_maker"))
    customer = officer.post("/customers", {"reference": "Q-1", "name": "Quinn Queue"}).json()
    complaint = officer.post(
        "/complaints",
        {"customer": customer["id"], "reference": "Q-C", "summary": "Benefit", "final_response_on": "2026-10-01"},
    ).json()
    cid = officer.post(
        "/cases", {"customer": customer["id"], "grounds": ["upcc"], "complaints": [complaint["id"]], "on": "2026-11-02"}
    ).json()["id"]
    act(officer, cid, "consider_needs", on="2026-11-02", **NEEDS)
    act(officer, cid, "refer", on="2026-11-16", **approval(officer))  # due Monday 23 November
    items = dsm.get("/work", as_of="2026-11-18").json()["items"]
    assert items == [
        {
            "kind": "decision",
            "case": cid,
            "customer": customer["id"],
            "customer_reference": "Q-1",
            "title": "Decision awaiting you",
            "due_on": "2026-11-23",
            "working_days_left": 3,
            "overdue": False,
        }
    ]
    assert officer.get("/work", as_of="2026-11-18").json()["items"] == []
    assert sweep(as_of=date(2026, 11, 24))["decisions_overdue"] == 1
    assert Notification.objects.filter(user=dsm.user, kind="decision_overdue").count() == 1


def test_the_work_queue_offers_managers_the_suggested_customers(use_profile, make_user, api_for):
    use_profile("wolverhampton-homes")
    officer, manager = api_for(make_user("officer")), api_for(make_user("manager"))
    customer = officer.post("/customers", {"reference": "SG-1", "name": "Sue Suggest"}).json()
    for hour in range(12):  # more than the profile's 10 contacts in 7 days
        officer.post(
            "/contacts",
            {"customer": customer["id"], "channel": "phone", "occurred_at": f"2026-11-20T{8 + hour:02d}:00:00+00:00"},
        )
    items = manager.get("/work", as_of="2026-11-21").json()["items"]
    suggested = [i for i in items if i["kind"] == "suggested_case"]
    assert [i["customer_reference"] for i in suggested] == ["SG-1"] and "Suggested for review" in suggested[0]["title"]
    assert officer.get("/work", as_of="2026-11-21").json()["items"] == []


def test_the_work_queue_lists_only_decisions_the_user_can_take(use_profile, make_user, api_for):
    """Issue 17: a decision maker outside the case's business unit, or facing a case the service would refuse them
    (here one whose referral was never recorded), is not told a decision awaits them."""
    from faircontact.core.models import BusinessUnit, Organisation

    use_profile("dwp")
    officer = api_for(make_user("officer"))
    org = Organisation.objects.first() or Organisation.objects.create(name="DWP", profile="dwp")
    credit, _ = BusinessUnit.objects.get_or_create(organisation=org, name="Universal Credit")
    pensions, _ = BusinessUnit.objects.get_or_create(organisation=org, name="Pensions")
    dsm, elsewhere = api_for(make_user("decision_maker")), api_for(make_user("decision_maker", business_unit=pensions))
    customer = officer.post("/customers", {"reference": "Q-2", "name": "Quinn Scope"}).json()
    complaint = officer.post(
        "/complaints",
        {"customer": customer["id"], "reference": "Q-D", "summary": "Benefit", "final_response_on": "2026-10-01"},
    ).json()
    cid = officer.post(
        "/cases", {"customer": customer["id"], "grounds": ["upcc"], "complaints": [complaint["id"]], "on": "2026-11-02"}
    ).json()["id"]
    act(officer, cid, "consider_needs", on="2026-11-02", **NEEDS)
    Case.objects.filter(pk=cid).update(business_unit=credit)
    act(officer, cid, "refer", on="2026-11-16", **approval(officer))
    assert [i["case"] for i in dsm.get("/work", as_of="2026-11-18").json()["items"]] == [cid]
    assert elsewhere.get("/work", as_of="2026-11-18").json()["items"] == []
    # nor is a decision maker who cannot open the case told of the referral (a link to a page they cannot see)
    assert Notification.objects.filter(user=dsm.user, kind="decision").count() == 1
    assert not Notification.objects.filter(user=elsewhere.user).exists()
    # a case that reached 'referred' without its referral recorded: the service refuses the decision, so it is not
    # offered (the case page says why)
    Case.objects.filter(pk=cid).update(business_unit=None)
    Case.objects.get(pk=cid).actions.filter(action="refer").delete()
    assert dsm.get("/work", as_of="2026-11-18").json()["items"] == []


def test_a_referral_no_decision_maker_can_open_is_refused_until_one_is_named(use_profile, make_user, api_for):
    """Issue 17: no dead ends. A case in a business unit without a decision maker is not referred to no one: the
    refusal says to name one, who is then told, can open the case and has it in their work queue."""
    from faircontact.core.models import BusinessUnit, Organisation

    use_profile("dwp")
    officer = api_for(make_user("officer"))
    org = Organisation.objects.first() or Organisation.objects.create(name="DWP", profile="dwp")
    pensions, _ = BusinessUnit.objects.get_or_create(organisation=org, name="Pensions")
    BusinessUnit.objects.get_or_create(organisation=org, name="Universal Credit")
    dsm = api_for(make_user("decision_maker", business_unit="Universal Credit"))
    customer = officer.post("/customers", {"reference": "Q-3", "name": "Quinn Nobody"}).json()
    complaint = officer.post(
        "/complaints",
        {"customer": customer["id"], "reference": "Q-E", "summary": "Pension", "final_response_on": "2026-10-01"},
    ).json()
    cid = officer.post(
        "/cases", {"customer": customer["id"], "grounds": ["upcc"], "complaints": [complaint["id"]], "on": "2026-11-02"}
    ).json()["id"]
    act(officer, cid, "consider_needs", on="2026-11-02", **NEEDS)
    Case.objects.filter(pk=cid).update(business_unit=pensions)
    refused = officer.post(f"/cases/{cid}/actions", {"action": "refer", "on": "2026-11-16", **approval(officer)})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "no_decision_maker"
    assert refused.json()["error"]["field"] == "decision_maker"  # the refer form shows it against its choice
    assert "name the decision maker" in refused.json()["error"]["message"]
    assert Case.objects.get(pk=cid).state != "referred" and not Notification.objects.exists()
    act(officer, cid, "refer", on="2026-11-16", decision_maker=str(dsm.user.pk), **approval(officer))
    assert Notification.objects.filter(user=dsm.user, kind="decision").count() == 1
    assert [i["case"] for i in dsm.get("/work", as_of="2026-11-18").json()["items"]] == [cid]
    assert dsm.get(f"/cases/{cid}").status_code == 200


def test_the_marker_is_set_by_the_decision_maker_not_the_sender_of_the_letter(use_profile, make_user, api_for):
    """Issue 17 §7: the 'protocol in place' marker names who decided, though an officer recorded the letter."""
    from faircontact.records.models import Marker

    officer, _, cid = _restricted_case(use_profile, make_user, api_for)
    case = Case.objects.get(pk=cid)
    marker = Marker.objects.get(customer=case.customer, ended_on__isnull=True)
    assert marker.set_by == case.decided_by and marker.set_by != officer.user

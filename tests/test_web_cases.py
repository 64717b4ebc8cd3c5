"""The case pages through Django's test client: opening a case, one form per action calling ``case_act``,
refusals shown with their reason and changing nothing, the work queue and notifications (Wolverhampton Homes)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from faircontact.cases.models import Breach, Case, CaseAction, Protocol, ProtocolStatus
from faircontact.cases.selectors import available_actions
from faircontact.core.models import AuditEvent, Notification
from faircontact.records.models import Complaint, Contact, Customer

from .conftest import give_reason

TODAY = date(2026, 6, 1)


#: Wolverhampton Homes records when a restriction ends, or the review date that ends it (000 §8.3)
END = {"protocol-ends_on_day": "31", "protocol-ends_on_month": "12", "protocol-ends_on_year": "2030"}


@pytest.fixture
def wh(use_profile, settings):
    settings.FAIRCONTACT_TODAY = TODAY.isoformat()
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []  # two-factor sign-in has its own tests; these are about cases
    return use_profile("wolverhampton-homes")


@pytest.fixture
def staff(wh, officer, make_user):
    return {
        "officer": officer,
        "manager": make_user("manager", name="Morgan Manager"),
        "hos": make_user("decision_maker", name="Harper Head"),
        "smt": make_user("director", name="Sasha Senior"),
    }


@pytest.fixture
def alex(customer, complaint):
    """Alex's support need relies on the telephone; complaint CMP-1 has a full and final response."""
    Complaint.objects.filter(pk=complaint["id"]).update(final_response_on=date(2026, 1, 2))
    return Customer.objects.get(pk=customer["id"])


def as_user(client, user):
    client.force_login(user)
    return give_reason(client, *Customer.objects.all())


def day(name: str, value: date) -> dict:
    return {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}


def act(client, case, action, on: date, expect_redirect=True, **fields):
    response = client.post(reverse("web:case-action", args=[case.pk, action]), {**day("on", on), **fields})
    if expect_redirect:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert response["Location"] == reverse("web:case", args=[case.pk])
    return response


def last_action(case) -> CaseAction:
    return case.actions.order_by("-id").first()


def open_case(user, customer, on=date(2026, 1, 5)) -> Case:
    from faircontact.cases.services import case_open

    return case_open(
        actor=user,
        customer=customer,
        grounds=["persistent"],
        complaints=list(customer.complaints.all()),
        on=on,
        today=TODAY,
    )


def snapshot(case) -> tuple:
    case.refresh_from_db()
    return (
        case.state,
        CaseAction.objects.count(),
        Protocol.objects.count(),
        AuditEvent.objects.exclude(action="view").count(),
    )


def test_open_a_case_from_the_customer_page(client, staff, alex):
    contact = Contact.objects.create(
        customer=alex,
        channel="phone",
        direction="inbound",
        staff_minutes=20,
        occurred_at=timezone.make_aware(datetime(2026, 5, 20, 10)),
        subject="Again",
    )
    as_user(client, staff["officer"])
    page = client.get(reverse("web:customer", args=[alex.pk])).content.decode()
    assert reverse("web:case-add", args=[alex.pk]) in page and "Open a case" in page

    form = client.get(reverse("web:case-add", args=[alex.pk])).content.decode()
    assert "CMP-1" in form and "20 May 2026 10:00, phone: Again" in form
    refused = client.post(reverse("web:case-add", args=[alex.pk]), {"summary": "Calls daily"})
    assert "Choose at least one ground." in refused.content.decode() and not Case.objects.exists()

    response = client.post(
        reverse("web:case-add", args=[alex.pk]),
        {
            "grounds": ["persistent", "unreasonable_demands"],
            "complaints": [str(alex.complaints.get().pk)],
            "evidence": [str(contact.pk)],
            "summary": "Calls daily about the boiler",
        },
    )
    case = Case.objects.get()
    assert response["Location"] == reverse("web:case", args=[case.pk])
    assert (case.grounds, case.opened_on, case.owner) == (
        ["persistent", "unreasonable_demands"],
        TODAY,
        staff["officer"],
    )
    assert list(case.evidence.all()) == [contact]
    page = client.get(response["Location"]).content.decode()
    assert "Recorded: Case opened." in page
    assert "Persistent contact; Unreasonable demands" in page and "CMP-1" in page
    assert "Case opened" in page and "Calls daily about the boiler" in page


def test_the_ladder_through_the_forms_to_a_protocol_review_and_appeal(client, staff, alex):
    officer, manager, hos, smt = staff["officer"], staff["manager"], staff["hos"], staff["smt"]
    case = open_case(officer, alex)
    as_user(client, officer)
    act(client, case, "record_discussion", date(2026, 1, 6), channel="phone", note="Explained the policy")
    assert (last_action(case).details, last_action(case).note) == ({"channel": "phone"}, "Explained the policy")
    act(
        client,
        case,
        "consider_needs",
        date(2026, 1, 7),
        support_needs_considered="on",
        safeguarding_considered="on",
        reasons_for_behaviour="Frustration at the repair",
        adjustments_offered="Relay calls\nLetters in plain English",
    )
    case.refresh_from_db()
    assert case.adjustments_offered == ["Relay calls", "Letters in plain English"]

    as_user(client, manager)
    act(client, case, "assess", date(2026, 1, 8), conclusion="unacceptable", findings="Forty calls in a month")
    assert last_action(case).details["conclusion"] == "unacceptable"
    act(client, case, "refer", date(2026, 1, 9), decision_maker=str(hos.pk))
    case.refresh_from_db()
    assert (case.state, case.decision_maker, case.decision_due_on) == ("referred", hos, date(2026, 1, 23))

    as_user(client, hos)
    act(
        client,
        case,
        "decide",
        date(2026, 1, 20),
        outcome="restrict",
        reasons="Persistent calls",
        **{
            "protocol-channels_allowed": ["letter", "email", "phone"],
            "protocol-phone_days": ["tue", "thu"],
            "protocol-phone_from": "10:00",
            "protocol-phone_to": "11:00",
            "protocol-spoc": str(officer.pk),
            "protocol-spoc_deputy": str(manager.pk),
            "protocol-acknowledge_only_complaints": [str(alex.complaints.get().pk)],
            "protocol-buildings_banned": "Civic Centre\n\nHousing Office",
            **END,
        },
    )
    protocol = Protocol.objects.get(case=case)
    assert protocol.status == ProtocolStatus.DRAFT
    assert protocol.channels_allowed == ["letter", "email", "phone"]
    assert protocol.times == [{"channel": "phone", "days": ["tue", "thu"], "from": "10:00", "to": "11:00"}]
    assert (protocol.spoc, protocol.spoc_deputy, protocol.buildings_banned) == (
        officer,
        manager,
        ["Civic Centre", "Housing Office"],
    )
    assert list(protocol.acknowledge_only_complaints.values_list("reference", flat=True)) == ["CMP-1"]

    as_user(client, officer)
    act(client, case, "notify", date(2026, 1, 31), channel="letter")
    case.refresh_from_db()
    assert (case.state, case.review_due_on) == ("restricted", date(2026, 4, 30))
    page = client.get(reverse("web:case", args=[case.pk])).content.decode()
    assert (
        "Ways of contact allowed" in page
        and "Phone on Tuesday and Thursday, 10:00 to 11:00" in page
        and "tue" not in page
    )
    assert "Civic Centre, Housing Office" in page and "Overdue" in page  # the review was due on 30 April

    as_user(client, manager)
    act(
        client,
        case,
        "review",
        date(2026, 4, 28),
        outcome="vary",
        reasons="Calls at set times work",
        **{"protocol-channels_allowed": ["letter", "email", "phone"], **END},
    )
    case.refresh_from_db()
    assert case.protocols.get(status=ProtocolStatus.IN_FORCE).times == []
    assert case.review_due_on == date(2026, 7, 28)
    as_user(client, officer)
    act(client, case, "appeal", date(2026, 5, 1), grounds="Disproportionate", **day("received_on", date(2026, 4, 30)))
    case.refresh_from_db()
    assert (case.state, case.appeal_received_on, case.appeal_due_on) == (
        "under_appeal",
        date(2026, 4, 30),
        date(2026, 5, 28),
    )
    as_user(client, smt)
    act(client, case, "decide_appeal", date(2026, 5, 20), outcome="dismissed", reasons="Proportionate")
    case.refresh_from_db()
    assert case.state == "restricted"
    assert [a.action for a in case.actions.all()] == [
        "open",
        "record_discussion",
        "consider_needs",
        "assess",
        "refer",
        "decide",
        "notify",
        "review",
        "appeal",
        "decide_appeal",
    ]


def test_breach_and_close_forms(client, staff, alex):
    case = open_case(staff["officer"], alex)
    Case.objects.filter(pk=case.pk).update(state="restricted")
    contact = Contact.objects.create(
        customer=alex, channel="phone", direction="inbound", occurred_at=timezone.make_aware(datetime(2026, 5, 3, 9))
    )
    as_user(client, staff["officer"])
    act(client, case, "record_breach", date(2026, 5, 4), contact=str(contact.pk), note="Called the Civic Centre")
    assert Breach.objects.get(case=case).contact == contact
    page = client.get(reverse("web:case", args=[case.pk])).content.decode()
    assert "Called the Civic Centre" in page and "3 May 2026, 09:00" in page
    as_user(client, staff["manager"])
    act(client, case, "close", date(2026, 5, 5), reasons="Behaviour has stopped")
    case.refresh_from_db()
    assert (case.state, case.closed_on) == ("ended", date(2026, 5, 5))


def test_immediate_action_sets_a_protocol_at_once(client, staff, alex):
    case = open_case(staff["officer"], alex)
    as_user(client, staff["smt"])
    act(
        client,
        case,
        "immediate_action",
        date(2026, 5, 10),
        reasons="Threatened staff at the office",
        police_reference="WMP-123",
        **{"protocol-channels_allowed": ["letter", "phone"], "protocol-appointment_only": "on", **END},
    )
    case.refresh_from_db()
    assert (case.state, case.police_reference) == ("restricted", "WMP-123")
    assert case.protocols.get().appointment_only is True


def test_a_refused_action_shows_the_reason_and_changes_nothing(client, staff, alex):
    case = open_case(staff["officer"], alex)
    before = snapshot(case)
    as_user(client, staff["officer"])
    response = act(
        client,
        case,
        "decide",
        date(2026, 5, 1),
        expect_redirect=False,
        outcome="restrict",
        reasons="Too many calls",
        **{"protocol-channels_allowed": ["letter"]},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "Only a Head of Service may take the step" in page
    assert "You cannot take this step now: Only a Head of Service may take the step" in page  # before submitting
    assert snapshot(case) == before


def test_a_referral_the_service_would_refuse_is_not_offered_and_the_case_page_says_why(
    client, staff, alex, use_profile, make_user, complaint
):
    """DWP refers only a complaint that had its full and final response (003 §17): the case page does not offer the
    referral while none is linked, says why in the service's own sentence, and offers it once one is."""
    use_profile("dwp")
    Complaint.objects.update(final_response_on=None)
    team_leader = make_user("manager", name="Terry Leader")
    case = open_case(team_leader, alex)
    as_user(client, team_leader)
    page = client.get(reverse("web:case", args=[case.pk])).content.decode()
    steps = page.split('id="next-steps"')[1].split('id="protocol"')[0]
    assert f'/cases/{case.pk}/refer"' not in steps
    assert "link a complaint with a final response first" in steps.split('id="blocked-steps"')[1]
    Complaint.objects.filter(pk=complaint["id"]).update(final_response_on=date(2026, 1, 2))
    page = client.get(reverse("web:case", args=[case.pk])).content.decode()
    assert f'/cases/{case.pk}/refer"' in page.split('id="next-steps"')[1].split('id="protocol"')[0]


def test_protocol_refusals_are_shown_against_their_fields(client, staff, alex):
    case = open_case(staff["officer"], alex)
    for action, user in (
        ("record_discussion", "officer"),
        ("consider_needs", "officer"),
        ("assess", "manager"),
        ("refer", "manager"),
    ):
        extra = {
            "channel": "phone",
            "support_needs_considered": "on",
            "safeguarding_considered": "on",
            "reasons_for_behaviour": "Distress",
            "conclusion": "unacceptable",
            "findings": "Many calls",
        }
        as_user(client, staff[user])
        act(client, case, action, date(2026, 5, 1), **extra)
    as_user(client, staff["hos"])
    before = snapshot(case)
    response = act(
        client,
        case,
        "decide",
        date(2026, 5, 2),
        expect_redirect=False,
        outcome="restrict",
        reasons="Too many calls",
        **{"protocol-suspended_until_day": ""},
    )
    page = response.content.decode()
    assert 'href="#id_protocol-channels_allowed_0"' in page
    assert "A protocol must leave at least one way of contact open" in page
    # written only for a customer whose recorded need is the telephone: refused without override reasons
    response = act(
        client,
        case,
        "decide",
        date(2026, 5, 2),
        expect_redirect=False,
        outcome="restrict",
        reasons="Too many calls",
        **{"protocol-channels_allowed": ["letter", "email"], **END},
    )
    page = response.content.decode()
    assert 'href="#id_protocol-override_reasons"' in page and "which the customer" in page
    assert snapshot(case) == before
    act(
        client,
        case,
        "decide",
        date(2026, 5, 2),
        outcome="restrict",
        reasons="Too many calls",
        **{
            "protocol-channels_allowed": ["letter", "email"],
            "protocol-override_reasons": "Relay calls were abusive",
            **END,
        },
    )
    assert case.protocols.get().override_reasons == "Relay calls were abusive"


def test_only_the_actions_the_user_may_take_now_are_offered(client, staff, alex):
    case = open_case(staff["officer"], alex)
    pages = {}
    for name in ("officer", "hos"):
        as_user(client, staff[name])
        page = pages[name] = client.get(reverse("web:case", args=[case.pk])).content.decode()
        offered = {
            a
            for a in (
                "record_discussion",
                "consider_needs",
                "assess",
                "refer",
                "decide",
                "immediate_action",
                "notify",
                "review",
                "appeal",
                "decide_appeal",
                "record_breach",
                "close",
            )
            if reverse("web:case-action", args=[case.pk, a]) + '"' in page
        }
        assert offered == set(available_actions(case, staff[name], on=TODAY)), name
        assert reverse("web:case-action", args=[case.pk, "decide"]) not in page, name
    assert "Initial contact to discuss behaviour" in pages["officer"]  # the profile's own label for the step
    assert "There are no steps you can take on this case now." not in pages["officer"]


def test_support_needs_are_on_the_decide_form_and_figures_on_the_assessment(client, staff, alex):
    alex.preferred_channel = "phone"
    alex.save()
    Contact.objects.create(
        customer=alex,
        channel="email",
        direction="inbound",
        staff_minutes=15,
        behaviour=["abusive"],
        occurred_at=timezone.make_aware(datetime(2026, 5, 3, 9)),
    )
    case = open_case(staff["officer"], alex)
    as_user(client, staff["hos"])
    page = client.get(reverse("web:case-action", args=[case.pk, "decide"])).content.decode()
    assert "Prefers telephone contact (hearing loss: uses relay)" in page
    assert "Preferred way to contact" in page and ">Phone<" in page and "Vulnerable" in page
    assert "No restriction can be decided until support needs are considered" in page
    # only the restriction types Wolverhampton Homes allows are offered
    assert 'name="protocol-spoc"' in page and 'name="protocol-issue_limit_count"' not in page
    assert 'name="protocol-suspended_until_day"' not in page

    as_user(client, staff["manager"])
    page = client.get(reverse("web:case-action", args=[case.pk, "assess"])).content.decode()
    assert "Contacts by channel" in page and "Abusive: 1" in page and "<strong>1</strong>" in page


def test_an_overdue_review_is_shown_on_the_case_and_in_the_work_queue(client, staff, alex):
    case = open_case(staff["officer"], alex)
    Case.objects.filter(pk=case.pk).update(state="restricted", review_due_on=date(2026, 5, 20))
    Protocol.objects.create(
        case=case,
        customer=alex,
        status=ProtocolStatus.IN_FORCE,
        starts_on=date(2026, 2, 1),
        review_due_on=date(2026, 5, 20),
        channels_allowed=["letter", "phone"],
    )
    as_user(client, staff["manager"])
    page = client.get(reverse("web:case", args=[case.pk])).content.decode()
    assert "The review of this protocol is overdue" in page and 'govuk-tag--red">Overdue' in page
    work = client.get(reverse("web:work")).content.decode()
    assert "Review overdue" in work and reverse("web:case", args=[case.pk]) in work and "-8" in work


def test_notifications_are_listed_and_marked_read(client, staff):
    officer = staff["officer"]
    mine = Notification.objects.create(user=officer, kind="breach", text="A breach on case 7", link="/cases/7")
    Notification.objects.create(user=staff["manager"], kind="breach", text="Someone else's")
    as_user(client, officer)
    page = client.get(reverse("web:notifications")).content.decode()
    assert "A breach on case 7" in page and "Someone else" not in page and "1 unread" in page
    assert 'Notifications (1<span class="govuk-visually-hidden"> unread</span>)' in page
    client.post(reverse("web:notifications-read"), {"id": str(mine.pk)})
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert "Notifications</a>" in client.get(reverse("web:work")).content.decode()
    assert Notification.objects.get(user=staff["manager"]).read_at is None


def test_case_pages_need_sign_in_and_a_casework_role(client, staff, alex, make_user):
    case = open_case(staff["officer"], alex)
    for url in (
        reverse("web:case", args=[case.pk]),
        reverse("web:case-action", args=[case.pk, "close"]),
        reverse("web:case-add", args=[alex.pk]),
        reverse("web:work"),
    ):
        assert client.get(url)["Location"].startswith(reverse("web:sign-in"))
    as_user(client, make_user("auditor"))
    assert client.get(reverse("web:case", args=[case.pk])).status_code == 403
    as_user(client, staff["officer"])
    assert client.get(reverse("web:case-action", args=[case.pk, "explode"])).status_code == 404


def test_warnings_use_the_profiles_labels_and_record_the_behaviour(
    client, use_profile, settings, officer, make_user, customer
):
    settings.FAIRCONTACT_TODAY = TODAY.isoformat()
    use_profile("housing-solutions")
    manager = make_user("manager")
    case = open_case(officer, Customer.objects.get(pk=customer["id"]))
    as_user(client, officer)
    page = client.get(reverse("web:case", args=[case.pk])).content.decode()
    assert ">Give the initial warning</a>" in page and "inal written warning" not in page  # officers: the first only
    act(client, case, "initial_warning", date(2026, 5, 1), channel="letter", behaviour=["abusive", "threatening"])
    as_user(client, manager)
    form = client.get(reverse("web:case-action", args=[case.pk, "formal_warning"])).content.decode()
    assert '<h1 class="govuk-heading-l">Final written warning</h1>' in form
    act(client, case, "formal_warning", date(2026, 5, 8), channel="letter", behaviour=["threatening"])
    case.refresh_from_db()
    assert case.state == "formal_warning"
    assert [a.details for a in case.actions.filter(action__endswith="_warning")] == [
        {"channel": "letter", "behaviour": ["abusive", "threatening"]},
        {"channel": "letter", "behaviour": ["threatening"]},
    ]
    page = client.get(reverse("web:case", args=[case.pk])).content.decode()
    assert "Final written warning" in page and "Behaviour: abusive, threatening" in page

"""Wolverhampton Homes, through the browser: a case from opening to a protocol in force and its review,
each step taken by the member of staff the policy names (000 §8.1-8.2), with axe-core on the case page and the
decision form."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from faircontact.cases.models import Case, ProtocolStatus
from faircontact.records.models import Complaint, Contact

from .conftest import give_reason, screenshot, sign_in
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

TODAY = date(2026, 6, 1)


@pytest.fixture
def wh_staff(settings, use_profile, officer, make_user):
    settings.FAIRCONTACT_TODAY = TODAY.isoformat()
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []  # two-factor sign-in has its own tests
    use_profile("wolverhampton-homes")
    return {
        "officer": officer,
        "manager": make_user("manager", username="manager", name="Morgan Manager"),
        "hos": make_user("decision_maker", username="hos", name="Harper Head"),
    }


def sign_out_and_in(page, username: str) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("Username")).to_be_visible()
    sign_in(page, username)


def take_step(page, link: str) -> None:
    """Follow the next step the profile calls ``link`` (offered in the imperative, with the profile's name under it)."""
    page.locator("#next-steps ~ ul > li", has_text=link).get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1, name=link)).to_be_visible()


def record(page, step: str) -> None:
    page.get_by_role("button", name=re.compile("^Record: ")).click()
    page.wait_for_load_state()
    if page.get_by_label("Why do you need to see this record?").count():  # now under an arrangement (issue 19)
        give_reason(page, "Recording the step I have just taken")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"Recorded: {step}.")


def test_a_case_from_opening_to_a_protocol_in_force_and_its_review(axe_page, wh_staff, customer, complaint):
    Complaint.objects.filter(pk=complaint["id"]).update(final_response_on=date(2026, 1, 2))
    for day, behaviour in ((20, []), (21, ["abusive"])):
        Contact.objects.create(
            customer_id=customer["id"],
            complaint_id=complaint["id"],
            channel="phone",
            direction="inbound",
            staff_minutes=30,
            behaviour=behaviour,
            subject="The boiler",
            occurred_at=timezone.make_aware(datetime(2026, 5, day, 9, 30)),
        )
    page = axe_page

    # a Customer Resolution Officer opens the case, records the discussion and considers support needs
    sign_in(page, "officer")
    page.goto(f"/customers/{customer['id']}")
    page.get_by_role("button", name="Open a case").click()
    page.get_by_label("Persistent contact", exact=True).check()
    page.get_by_label(re.compile("^CMP-1")).check()
    page.get_by_label("21 May 2026 09:30, phone: The boiler").check()
    page.get_by_label("Summary of the concern").fill("Calls several times a day about the boiler")
    assert_accessible(page, "case-open-form")
    page.get_by_role("button", name="Open case").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Recorded: Case opened.")
    case = Case.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Case {case.pk}")

    take_step(page, "Initial contact to discuss behaviour")
    page.get_by_label("Phone", exact=True).check()
    record(page, "Initial contact to discuss behaviour")
    take_step(page, "Support needs and reasons for behaviour considered")
    expect(page.locator("#support-needs")).to_contain_text("Prefers telephone contact")
    page.get_by_label("I have considered the customer's support needs and vulnerability").check()
    page.get_by_label(
        "I have considered safeguarding, and raised any concern under the safeguarding procedures"
    ).check()
    page.get_by_label("What is understood of the reasons for the behaviour").fill("Distress at the repair delay")
    page.get_by_label("Reasonable adjustments offered").fill("Calls through the relay service")
    record(page, "Support needs and reasons for behaviour considered")

    # the Customer Experience Manager assesses and refers to the Head of Service
    sign_out_and_in(page, "manager")
    page.goto(f"/cases/{case.pk}")
    take_step(page, "Head of Service review of the evidence")
    expect(page.get_by_text("From the contact log")).to_be_visible()
    expect(page.locator("tr", has_text="Phone")).to_contain_text("2 60 30.0")
    expect(page.locator(".govuk-summary-list__row", has_text="Language and behaviour flags")).to_contain_text(
        "Abusive: 1"
    )
    screenshot(page, "case-assess-form")
    page.get_by_label("The behaviour is unacceptable").check()
    page.get_by_label("Findings").fill("Daily calls for a month, each after the final response")
    record(page, "Head of Service review of the evidence")
    take_step(page, "Referral to the Head of Service")
    page.get_by_label("Decision maker").select_option(label="Harper Head")
    page.get_by_label("Note").fill("Calls continue daily; please decide this week")
    record(page, "Referral to the Head of Service")

    # the Head of Service finds it in their work queue, sees the support needs and decides
    sign_out_and_in(page, "hos")
    page.get_by_role("link", name=re.compile(r"^Notifications \(1\s+unread\s*\)$")).click()
    referred = (
        f"Case {case.pk} is referred for your decision, "
        "due 15 June 2026 (working days in England and Wales, bank holidays excluded)."
    )
    expect(page.get_by_role("link", name=referred)).to_be_visible()
    assert_accessible(page, "notifications")
    page.get_by_role("button", name=re.compile("^Mark as read")).click()
    expect(page.get_by_text("0 unread.")).to_be_visible()
    page.get_by_role("link", name="Home", exact=True).click()
    row = page.locator("tr", has_text="Decision awaiting you")
    expect(row).to_contain_text("Alex Example (C-1001)")
    assert_accessible(page, "work-queue")
    row.get_by_role("link", name=f"Decision awaiting you (case {case.pk})").click()
    take_step(page, "Decision to apply the policy")
    expect(page.locator("#support-needs")).to_contain_text("Prefers telephone contact (hearing loss: uses relay)")
    expect(page.locator("#support-needs")).to_contain_text("Distress at the repair delay")
    # the decision maker sees what they weigh: the assessment, the referral note and the evidence (issue 17)
    expect(page.locator("#assessment ~ dl").first).to_contain_text("Daily calls for a month, each after the final")
    expect(page.locator("#referral-note")).to_have_text("Calls continue daily; please decide this week")
    expect(page.locator("#decision-evidence ~ ul").first.get_by_role("link").first).to_be_visible()
    assert_accessible(page, "case-decide-form")
    page.set_viewport_size({"width": 320, "height": 640})
    assert_accessible(page, "case-decide-form-320")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Restrict contact with a communication protocol").check()
    page.get_by_label("Reasons for the decision").fill("Persistent calls despite the discussion")
    # a protocol that leaves no way of contact is refused, and the error summary leads to the channels
    for channel in ("Phone", "Letter", "Email", "Visit", "Social media", "Portal or journal", "Other"):
        page.get_by_label(channel, exact=True).uncheck()
    page.get_by_role("button", name=re.compile("^Record: ")).click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name=re.compile("^A protocol must leave at least one way of contact open")).click()
    expect(page.get_by_label("Phone", exact=True)).to_be_focused()
    assert_accessible(page, "case-decide-error")
    assert case.protocols.count() == 0
    for channel in ("Phone", "Letter", "Email"):
        page.get_by_label(channel, exact=True).check()
    page.get_by_label("Tuesday").check()
    page.get_by_label("Thursday").check()
    page.get_by_label("Phone calls from").fill("10:00")
    page.get_by_label("Phone calls until").fill("11:00")
    page.get_by_label("Single point of contact", exact=True).select_option(label=wh_staff["officer"].display_name)
    page.get_by_label("Deputy single point of contact").select_option(label="Morgan Manager")
    # 000 §8.3: the letter states when the restrictions end
    page.locator("#id_protocol-ends_on_day").fill("31")
    page.locator("#id_protocol-ends_on_month").fill("12")
    page.locator("#id_protocol-ends_on_year").fill("2027")
    screenshot(page, "case-decide-filled")
    record(page, "Decision to apply the policy")
    expect(page.locator("#protocol ~ dl").first).to_contain_text("Decided, customer not yet told")

    take_step(page, "Customer told in writing")
    page.get_by_label("Letter", exact=True).check()
    record(page, "Customer told in writing")
    banner = page.locator(".govuk-notification-banner", has_text="A communication protocol is in force")
    expect(banner).to_contain_text("(phone on Tuesday and Thursday, 10:00 to 11:00)")
    expect(banner).to_contain_text(wh_staff["officer"].display_name)
    expect(page.locator("h1 .govuk-tag")).to_have_text("Protocol in force")
    expect(page.locator("#review-due")).to_contain_text("1 September 2026")
    assert_accessible(page, "case-protocol-in-force")

    # three months on (000 §8.2): the review continues the protocol
    take_step(page, "Review of the arrangements")
    page.get_by_label("Continue the protocol unchanged").check()
    page.get_by_label("Reasons for the outcome").fill("Calls now within the agreed times")
    record(page, "Review of the arrangements")
    steps = page.locator("#timeline ~ .fc-table-scroll table tbody tr")
    expect(steps).to_have_count(8)
    expect(steps.last).to_contain_text("Review: continue the protocol unchanged")
    expect(steps.last).to_contain_text("Harper Head")
    screenshot(page, "case-after-review")

    case.refresh_from_db()
    assert case.state == "restricted" and case.decided_by == wh_staff["hos"]
    assert [c.occurred_at.day for c in case.evidence.all()] == [21]
    assert case.protocols.get(status=ProtocolStatus.IN_FORCE).spoc == wh_staff["officer"]

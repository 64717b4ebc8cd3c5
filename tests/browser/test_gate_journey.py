"""The contact gate at the moment it matters (003 §27-35): an officer logs a phone call from a customer who may
only write, sees the warning banner and the guidance with the script before saving, and the breach is on the case."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from faircontact.cases.models import Breach
from faircontact.cases.services import case_act, case_open
from faircontact.core.models import Notification
from faircontact.core.profiles import active_profile
from faircontact.records.models import Contact, Customer

from .conftest import give_reason, screenshot, sign_in

pytestmark = pytest.mark.browser

TODAY = date(2026, 6, 1)


@pytest.fixture
def written_only(settings, use_profile, officer, make_user, customer, complaint):
    """Wolverhampton Homes: a protocol allowing letters and email only, decided and told through the services."""
    settings.FAIRCONTACT_TODAY = TODAY.isoformat()
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []  # two-factor sign-in has its own tests
    use_profile("wolverhampton-homes")
    manager, hos = make_user("manager"), make_user("decision_maker")
    alex = Customer.objects.get(pk=customer["id"])
    case = case_open(actor=officer, customer=alex, grounds=["persistent"], on=date(2026, 3, 2), today=TODAY)
    for actor, action, on, fields in (
        (officer, "record_discussion", date(2026, 3, 3), {"channel": "phone"}),
        (
            officer,
            "consider_needs",
            date(2026, 3, 4),
            {
                "support_needs_considered": True,
                "safeguarding_considered": True,
                "reasons_for_behaviour": "Frustration at the repair",
            },
        ),
        (manager, "assess", date(2026, 3, 5), {"conclusion": "unacceptable", "findings": "Daily calls"}),
        (manager, "refer", date(2026, 3, 6), {}),
        (
            hos,
            "decide",
            date(2026, 3, 10),
            {
                "outcome": "restrict",
                "reasons": "Abusive calls",
                "protocol": {
                    "channels_allowed": ["letter", "email"],
                    "override_reasons": "Relay calls were abusive too",
                    "ends_on": "2030-12-31",  # 000 §8.3: when the restriction ends
                },
            },
        ),
        (officer, "notify", date(2026, 3, 11), {"channel": "letter"}),
    ):
        case = case_act(actor=actor, case=case, data={"action": action, "on": on, **fields}, today=TODAY)
    assert case.state == "restricted"
    return case


def test_a_phone_call_from_a_written_only_customer_is_a_breach_on_the_case(page, written_only, officer):
    case = written_only
    script = active_profile().gate["end_call_script"]
    sign_in(page, "officer")
    page.get_by_label("Reference, name or National Insurance number").fill("C-1001")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Alex Example").click()
    give_reason(page, "Customer on the phone")

    banner = page.locator(".govuk-notification-banner", has_text="A communication protocol is in force")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("The customer may contact us only by letter or email.")
    expect(banner).to_contain_text("In force from 11 March 2026")
    page.get_by_role("button", name="Log a contact").click()
    expect(page.get_by_role("heading", level=1, name="Log a contact")).to_be_visible()
    expect(page.locator(".fc-arrangement-inline")).to_contain_text("only by letter or email")

    page.get_by_label("Phone", exact=True).check()  # htmx asks the gate; nothing is saved yet
    guidance = page.locator("#gate-guidance")
    expect(
        guidance.get_by_role("heading", name="Guidance: Remind the customer of the arrangements and end the contact")
    ).to_be_visible()
    expect(guidance).to_contain_text("outside the communication protocol")
    expect(guidance.locator(".govuk-inset-text")).to_have_text(script)
    screenshot(page, "gate-remind-and-end")
    assert not Contact.objects.exists() and not Breach.objects.exists()

    page.get_by_label("Subject", exact=True).fill("Calling about the boiler again")
    page.wait_for_load_state("networkidle")  # the gate preview has answered (one DB connection in tests)
    page.get_by_role("button", name="Save contact").click()
    saved = page.locator(".govuk-notification-banner--success")
    expect(saved).to_contain_text("A breach has been recorded on the case")
    page.get_by_role("link", name=f"Case {case.pk}", exact=True).click()

    breaches = page.locator("#breaches ~ .fc-table-scroll table").first
    contact = Contact.objects.get()
    expect(breaches.locator("tbody tr")).to_have_count(1)
    expect(breaches).to_contain_text("Phone")
    expect(breaches).to_contain_text(f"{timezone.localtime(contact.occurred_at):%-d %b %Y}")  # shown in UK time
    screenshot(page, "gate-breach-on-case")
    assert Breach.objects.get().case == case and contact.breach
    assert Notification.objects.filter(user=case.owner, kind="breach").exists()
    assert page.console_errors == [], "\n".join(page.console_errors)

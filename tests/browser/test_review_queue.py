"""Through the browser: a manager opens the review queue, sees why a customer is suggested, opens their
chronology and downloads the evidence pack (001 §6.5.3; 002 §4; 004: a prompt, never a decision)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import expect

from faircontact.records.models import Customer
from faircontact.records.services import contact_record

from .conftest import screenshot, sign_in
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

TODAY = date(2026, 11, 20)


def test_a_manager_reviews_a_suggested_customer_and_downloads_the_evidence_pack(
    axe_page, settings, use_profile, make_user, officer, customer
):
    settings.FAIRCONTACT_TODAY = TODAY.isoformat()
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []
    use_profile("wolverhampton-homes")
    make_user("manager", username="manager", name="Morgan Manager")
    alex = Customer.objects.get(pk=customer["id"])
    start = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)
    for i in range(12):
        contact_record(
            actor=officer,
            now=datetime(2026, 11, 20, 7, tzinfo=UTC),
            data={
                "customer": alex,
                "channel": "phone" if i % 3 else "email",
                "occurred_at": start + timedelta(hours=5 * i),
                "subject": "The boiler",
                "staff_minutes": 10,
            },
        )
    page = axe_page
    sign_in(page, "manager")
    page.goto("/review")
    card = page.locator(f"#suggestion-{alex.pk}")
    expect(card).to_contain_text("Alex Example (C-1001)")
    expect(card.locator(".govuk-summary-list__row", has_text="Contacts in the last 7 days")).to_contain_text(
        "12 contacts from the customer in the 7 days to 20 Nov 2026 (email 4, phone 8)"
    )
    assert_accessible(page, "review-queue")
    screenshot(page, "review-queue")

    # dismissing without a reason: the error summary links to this customer's reason box (issue 17 §8)
    card.get_by_text("Dismiss this suggestion").click()
    card.get_by_role("button", name="Dismiss the suggestion for Alex Example").click()
    summary = page.locator(".govuk-error-summary")
    summary.get_by_role("link", name="Enter the reason for dismissing the suggestion.").click()
    expect(page.get_by_label("Why does this customer not need a case?")).to_be_focused()
    assert_accessible(page, "review-queue-dismiss-error")
    card = page.locator(f"#suggestion-{alex.pk}")

    with page.expect_download() as download:
        card.get_by_role("link", name="Download the evidence pack (PDF) of Alex Example").click()
    path = download.value.path()
    assert download.value.suggested_filename == "evidence-pack-C-1001.pdf"
    with open(path, "rb") as fh:
        assert fh.read(5) == b"%PDF-"

    # or prepared in the background (a long history), its page naming the file once it is ready
    card.get_by_role("button", name="Prepare the evidence pack of Alex Example").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evidence pack")
    expect(page.get_by_role("status")).to_contain_text("evidence-pack-C-1001.pdf")
    assert_accessible(page, "review-queue-prepared-pack")
    screenshot(page, "review-queue-prepared-pack")
    page.goto("/review")
    card = page.locator(f"#suggestion-{alex.pk}")

    card.get_by_role("link", name="Chronology of Alex Example").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alex Example")
    expect(page.locator("table", has_text="newest first")).to_contain_text("The boiler")
    screenshot(page, "review-queue-chronology")

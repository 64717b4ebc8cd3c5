"""A member of staff signs in, finds a customer, logs a contact with the gate's guidance and sees it recorded."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from faircontact.records.models import Contact

from .conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


def test_sign_in_search_open_customer_log_contact_and_see_it(page, officer, customer, complaint):
    sign_in(page, "officer")
    expect(page.get_by_role("heading", name="Find a customer")).to_be_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily").startswith("arial")

    page.get_by_label("Reference, name or National Insurance number").fill("alex example")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 customer matches")).to_be_visible()
    page.get_by_role("link", name="Alex Example").click()

    expect(page.get_by_role("heading", level=1, name="Alex Example")).to_be_visible()
    expect(page.get_by_role("heading", name="Support needs")).to_be_visible()
    page.get_by_role("button", name="Log a contact").click()

    expect(page.get_by_role("heading", level=1, name="Log a contact")).to_be_visible()
    guidance = page.locator("#gate-guidance")
    expect(guidance).to_contain_text("Guidance will show here")
    page.get_by_label("Email", exact=True).check()
    expect(guidance.get_by_role("heading", name="Guidance: Handle as normal")).to_be_visible()
    page.get_by_label("Complaint it is about").select_option(value=complaint["id"])
    page.get_by_label("Subject", exact=True).fill("Boiler still not repaired")
    page.get_by_label("What was said or written").fill("The boiler has broken down again.")
    page.get_by_label("Staff time spent, in minutes").fill("12")
    page.get_by_label("Abusive").check()
    expect(guidance).to_contain_text("Possible abuse")
    screenshot(page, "log-a-contact")
    assert not Contact.objects.exists(), "the guidance preview must not store the contact"

    page.wait_for_load_state("networkidle")  # the gate preview has answered (one DB connection in tests)

    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_role("heading", level=1, name="Alex Example")).to_be_visible()
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Contact saved: email")
    expect(banner).to_contain_text("Handle as normal")
    history = page.locator("table", has=page.get_by_text("newest first"))
    expect(history.locator("tbody tr").first).to_contain_text("Boiler still not repaired")
    expect(history.locator("tbody tr").first).to_contain_text("CMP-1")
    screenshot(page, "customer-after-logging")

    contact = Contact.objects.get()
    assert (contact.channel, contact.staff_minutes, contact.behaviour) == ("email", 12, ["abusive"])
    assert page.console_errors == [], "\n".join(page.console_errors)


def test_error_summary_links_to_the_field(page, officer, customer):
    sign_in(page, "officer")
    page.goto("/customers/new")
    page.get_by_label("Customer reference").fill("C-1001")
    page.get_by_label("Full name").fill("Someone Else")
    page.get_by_role("button", name="Add customer").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="A customer with reference C-1001 already exists.").click()
    expect(page.get_by_label("Customer reference")).to_be_focused()
    screenshot(page, "add-customer-error")
    assert page.console_errors == [], "\n".join(page.console_errors)


def test_skip_link_is_the_first_thing_the_keyboard_reaches(page, officer):
    sign_in(page, "officer")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()

"""The front line (issue 17): the gate's guidance where an officer looks during a call, a home for every role with
no 403 on sign-in, styled error pages with a way back, and every page state here free of axe WCAG 2.2 AA violations
and usable without sideways scrolling at 320 CSS px (tables scroll in their own box)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from faircontact.cases.models import Case, Protocol, ProtocolStatus
from faircontact.core.profiles import GENERIC_ROLES
from faircontact.records.models import Complaint, Customer

from .conftest import give_reason, sign_in
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

WIDE, NARROW = {"width": 1280, "height": 800}, {"width": 320, "height": 640}


def assert_reflows(page, name: str) -> None:
    """WCAG 1.4.10 (which axe does not check): at 320 CSS px the page never scrolls sideways; only data tables may,
    inside their own container."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{name}: the page is {width} px wide at 320 px"


def at_both_widths(page, name: str) -> None:
    """axe at 1280 and 320 px (``assert_accessible``), and no sideways scrolling at 320 px."""
    page.set_viewport_size(WIDE)
    assert_accessible(page, name)
    page.set_viewport_size(NARROW)
    assert_reflows(page, name)
    page.set_viewport_size(WIDE)


@pytest.fixture
def restricted(settings, officer, customer, complaint, make_user):
    """Alex, written contact only through a single point of contact, complaint CMP-1 acknowledge-only."""
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []
    settings.FAIRCONTACT_TODAY = "2026-06-01"
    alex = Customer.objects.get(pk=customer["id"])
    spoc = make_user("officer", name="Sam Spoc")
    case = Case.objects.create(
        customer=alex, owner=spoc, opened_on=date(2026, 1, 5), state="restricted", grounds=["persistent"]
    )
    protocol = Protocol.objects.create(
        case=case,
        customer=alex,
        status=ProtocolStatus.IN_FORCE,
        starts_on=date(2026, 2, 1),
        review_due_on=date(2026, 8, 1),
        spoc=spoc,
        channels_allowed=["email", "letter"],
    )
    protocol.acknowledge_only_complaints.add(Complaint.objects.get(pk=complaint["id"]))
    return alex


def test_the_guidance_is_in_the_first_screenful_complete_and_in_the_channels_words(axe_page, restricted):
    page = axe_page
    page.set_viewport_size(WIDE)
    sign_in(page, "officer")
    page.goto(f"/customers/{restricted.pk}")
    give_reason(page)
    banner = page.locator(".govuk-notification-banner", has_text="A communication protocol is in force")
    expect(banner).to_contain_text("The customer may contact us only by email or letter, through Sam Spoc.")
    page.get_by_role("button", name="Log a contact").click()

    # a visit: the four questions first, the guidance beside them, all in the first 1280×800 screenful
    page.get_by_label("Visit", exact=True).check()
    guidance = page.locator("#gate-guidance")
    expect(guidance).to_contain_text("Remind the customer of the arrangements")
    script = guidance.locator("#gate-script")
    expect(script).not_to_contain_text("telephone")
    expect(script).to_contain_text("conversation")
    assert page.evaluate("window.scrollY") == 0
    for box in (
        guidance.get_by_role("heading", level=2).bounding_box(),
        script.bounding_box(),
        page.get_by_label("Visit", exact=True).bounding_box(),
        page.get_by_label("It raises a new issue").bounding_box(),
    ):
        assert box["y"] + box["height"] <= WIDE["height"], box
    assert page.locator(".fc-arrangement-inline").is_visible()  # the arrangement, under the guidance
    at_both_widths(page, "log-a-contact-visit")

    # an email about the acknowledge-only complaint: the wording is complete, about an email, and copyable
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Complaint it is about").select_option(index=1)
    expect(guidance.get_by_role("heading", level=2)).to_contain_text("Acknowledge only")
    expect(script).to_contain_text("Thank you for your email of 1 June 2026.")
    assert "{" not in script.inner_text() and "your letter" not in script.inner_text()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    guidance.get_by_role("button", name="Copy the words").click()
    expect(guidance.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == script.inner_text().strip()

    # the guidance stays in view while the officer types further down the form (wide screens)
    page.get_by_label("What was said or written").fill("About the boiler")
    page.get_by_label("What was said or written").scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 200
    box = guidance.get_by_role("heading", level=2).bounding_box()
    assert 0 <= box["y"] < WIDE["height"], box


@pytest.mark.parametrize("role", GENERIC_ROLES)
def test_every_role_signs_in_to_a_home_of_its_own(axe_page, settings, make_user, role):
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []
    make_user(role, username=f"only-{role}", name="Robin Role")
    page = axe_page
    sign_in(page, f"only-{role}")
    expect(page.get_by_role("heading", level=1, name="Home")).to_be_visible()
    expect(page.get_by_role("heading", name="Waiting for you")).to_be_visible()
    expect(page.get_by_text("You cannot use this page")).to_have_count(0)
    # the navigation is one row at 1280 px, and a menu button on a small screen
    tops = page.locator(".govuk-service-navigation__item").evaluate_all("items => items.map(i => i.offsetTop)")
    assert len(set(tops)) == 1, tops
    at_both_widths(page, f"home-{role}")
    page.set_viewport_size(NARROW)
    expect(page.get_by_role("button", name="Menu")).to_be_visible()


def test_error_pages_are_styled_with_a_way_back(axe_page, settings, make_user):
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []
    make_user("officer", username="officer")
    page = axe_page
    sign_in(page, "officer")
    page.goto("/review")  # the managers' review queue
    expect(page.get_by_role("heading", level=1, name="You cannot use this page")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Customer Resolution Officer")  # the role, in the profile's words
    at_both_widths(page, "forbidden")
    page.get_by_role("link", name="Go to your home page").click()
    expect(page.get_by_role("heading", level=1, name="Home")).to_be_visible()
    page.goto("/customers/999999")
    expect(page.get_by_role("heading", level=1, name="Page not found")).to_be_visible()
    at_both_widths(page, "not-found")
    expect(page.get_by_role("link", name="Go to your home page")).to_be_visible()


def test_persistence_is_visible_to_officers(axe_page, restricted, api):
    """Indicators on the customer page (with their explanation and the contacts counted, linked to the history), a
    restriction tag in search results."""
    for day in (20, 21):
        response = api.post(
            "/contacts",
            {
                "customer": str(restricted.pk),
                "channel": "email",
                "occurred_at": f"2026-05-{day}T10:00:00+01:00",
                "subject": "You are useless",
                "behaviour": ["abusive"],
            },
        )
        assert response.status_code == 201, response.content
    page = axe_page
    sign_in(page, "officer")
    page.get_by_label("Reference, name or National Insurance number").fill("Alex")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("tbody tr", has_text="Alex Example")).to_contain_text("Protocol in force")
    at_both_widths(page, "search-with-restriction")

    page.get_by_role("link", name="Alex Example").click()
    give_reason(page)
    indicators = page.locator("#indicators ~ dl").first
    expect(indicators).to_contain_text("Contacts recorded as abusive: 2")
    expect(indicators).to_contain_text("2 contacts recorded as abusive")
    expect(indicators).not_to_contain_text("(s)")
    at_both_widths(page, "customer-indicators")
    indicators.get_by_role("link", name="See the 2 contacts counted for contacts recorded as abusive").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Indicators for Alex Example")
    counted = page.locator("#indicator-abusive_contacts ~ td details")
    expect(counted).to_have_attribute("open", "")
    at_both_widths(page, "indicators-contacts-counted")
    counted.get_by_role("link").first.click()
    give_reason(page) if page.get_by_label("Why do you need to see this record?").count() else None
    assert page.url.split("#")[1].startswith("contact-")
    expect(page.locator(f"#{page.url.split('#')[1]}")).to_contain_text("You are useless")


def test_add_customer_shows_every_error_in_one_summary(axe_page, settings, make_user):
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []
    make_user("officer", username="officer")
    page = axe_page
    sign_in(page, "officer")
    page.goto("/customers/new")
    page.get_by_label("Customer reference").fill("C-5001")
    page.get_by_label("National Insurance number").fill("123")
    page.get_by_label("Representative's name").fill("Pat Advocate")
    page.get_by_role("button", name="Add customer").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(3)  # name, National Insurance number, relationship
    summary.get_by_role(
        "link", name="The National Insurance number is not in the right format, like QQ123456C."
    ).click()
    expect(page.get_by_label("National Insurance number")).to_be_focused()
    at_both_widths(page, "add-customer-errors")

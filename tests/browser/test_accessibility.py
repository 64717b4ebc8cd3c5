"""axe-core (from node_modules) finds no WCAG 2.2 A/AA violations on the main staff pages, at 1280 and 320 CSS px."""

from __future__ import annotations

import json
from datetime import date

import pytest
from playwright.sync_api import expect

from faircontact.cases.models import Case, Protocol, ProtocolStatus
from faircontact.records.models import Customer

from .conftest import NODE_MODULES, give_reason, screenshot, sign_in

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(NODE_MODULES / "axe-core" / "axe.min.js"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


#: every page state is checked as a desktop and as a small phone shows it (issue 17: 1280 and 320 CSS px)
WIDTHS = (1280, 320)


def assert_accessible(page, name: str) -> None:
    """axe finds no WCAG 2.2 A/AA violation on the page as it is now, at 1280 and at 320 CSS px wide."""
    size = page.viewport_size
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": size["height"] if width == size["width"] else 640})
            screenshot(page, f"{name}-{width}")
            violations = axe_violations(page)
            if violations:
                print(json.dumps(violations, indent=2))
            assert violations == [], f"{name} at {width} px: {len(violations)} axe violation(s), listed above"
    finally:
        page.set_viewport_size(size)


def test_main_pages_have_no_axe_violations(axe_page, officer, customer, complaint, make_user):
    alex = Customer.objects.get(pk=customer["id"])
    spoc = make_user("officer", name="Sam Spoc")
    case = Case.objects.create(
        customer=alex, owner=spoc, opened_on=date(2026, 1, 5), state="restricted", grounds=["persistent"]
    )
    Protocol.objects.create(
        case=case,
        customer=alex,
        status=ProtocolStatus.IN_FORCE,
        starts_on=date(2026, 2, 1),
        review_due_on=date(2026, 8, 1),
        spoc=spoc,
        channels_allowed=["email", "letter"],
    )
    page = axe_page

    page.goto("/sign-in")
    assert_accessible(page, "sign-in")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "sign-in-error")

    sign_in(page, "officer")
    page.goto("/?q=Alex")
    expect(page.get_by_role("heading", name="1 customer matches")).to_be_visible()
    assert_accessible(page, "search")

    page.goto(f"/customers/{alex.pk}")
    assert_accessible(page, "reason-for-access")
    give_reason(page)
    expect(page.get_by_text("A communication protocol is in force")).to_be_visible()
    assert_accessible(page, "customer")

    page.goto(f"/customers/{alex.pk}/contacts/new")
    page.get_by_label("Phone", exact=True).check()
    expect(page.locator("#gate-guidance")).to_contain_text("Remind the customer of the arrangements")
    assert_accessible(page, "log-a-contact-guidance")
    page.get_by_label("Time of the contact").fill("25:99")
    page.wait_for_load_state("networkidle")  # the gate preview has answered (one DB connection in tests)
    page.get_by_role("button", name="Save contact").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "log-a-contact-error")

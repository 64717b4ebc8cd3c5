"""The front line (issue 17), the findings fixed after the first round, in Chromium: letters edited as plain-text
parts (never HTML), the outcome letter prompted after a review, every form error listed at once (a case step, a
complaint, an over-long field), the plain-text letter's address on its own lines, the tokens page in the menu and
the work queue listing only what the person can do. axe at 1280 and 320 px on every page state visited."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from faircontact.letters.models import Letter

from ..test_letters import REASONS, decided_case, draft, issue
from ..test_workflow import NEEDS, act
from .conftest import give_reason, sign_in
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def world(settings, use_profile, make_user, api_for):
    """Robin Example's Wolverhampton Homes case, decided (the protocol drafted) on 10 March 2026."""
    settings.FAIRCONTACT_TODAY = "2026-03-10"
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []  # two-factor sign-in has its own tests
    return decided_case("wolverhampton-homes", use_profile=use_profile, make_user=make_user, api_for=api_for)


def open_page(page, path: str) -> None:
    page.goto(path)
    if page.get_by_label("Why do you need to see this record?").count():  # under an arrangement (issue 19)
        give_reason(page, "Writing to the customer")


def test_a_letter_is_drafted_and_edited_in_plain_text_parts(axe_page, world):
    page = axe_page
    sign_in(page, world["staff"]["manager"].user.username)
    open_page(page, reverse("letters:customer-letters", args=[world["customer"]["id"]]))
    page.get_by_label("Kind of letter").select_option("decision")
    page.get_by_label("Case it is about").select_option(str(world["case"]["id"]))
    page.get_by_role("button", name="Draft the letter").click()
    expect(page.get_by_text("states everything")).to_be_visible()
    page.get_by_role("link", name="Edit the draft").click()

    expect(page.get_by_role("heading", level=1, name="Edit the draft")).to_be_visible()
    typed = page.locator("main textarea, main input[type=text]").evaluate_all("boxes => boxes.map(b => b.value)")
    assert "data-element" not in page.content() and not [t for t in typed if re.search(r"</?(p|h\d|div|ul|li)\b", t)]
    assert any(REASONS in t for t in typed)  # the words are there, as plain text
    reasons = page.locator("fieldset", has=page.get_by_text("Part 2: Why we have made this decision"))
    expect(reasons).to_contain_text("It must state why the decision was taken.")
    assert_accessible(page, "letter-edit-parts")
    body = reasons.get_by_role("textbox", name="Text of part 2")
    body.fill(body.input_value() + "\n\nWe also took into account:\n- your health\n- your <b>letters</b>")
    page.get_by_role("button", name="Save the draft").click()

    letter = page.locator("main")
    expect(letter.get_by_text("We also took into account:")).to_be_visible()
    expect(letter.locator("li", has_text="your <b>letters</b>")).to_have_count(1)  # typed markup stays words
    expect(page.get_by_text("states everything")).to_be_visible()
    # the plain-text version prints the address one line per line, as the PDF does
    text = page.request.get(page.get_by_role("link", name="Plain text").get_attribute("href")).text()
    assert "Robin Example\n2 Station Road\nWolverhampton WV2 2AA\n" in text


def test_a_review_lists_every_error_at_once_then_prompts_the_outcome_letter(axe_page, world, settings):
    manager_api, cid = world["staff"]["manager"], world["case"]["id"]
    issue(manager_api, draft(manager_api, kind="decision", case=cid)["id"], on="2026-03-10")
    settings.FAIRCONTACT_TODAY = "2026-06-08"
    page = axe_page
    sign_in(page, manager_api.user.username)
    open_page(page, reverse("web:case-action", args=[cid, "review"]))
    page.get_by_role("group", name="Date it happened").get_by_label("Day", exact=True).fill("9")  # tomorrow
    page.get_by_role("button", name=re.compile("^Record: ")).click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(3)
    for message in (
        "Choose the outcome.",
        "Give the reasons for the review outcome.",
        "The date it happened cannot be in the future.",
    ):
        expect(summary.get_by_role("link", name=message)).to_be_visible()
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", summary.inner_text())  # no field codes
    assert_accessible(page, "review-errors")
    summary.get_by_role("link", name="Give the reasons for the review outcome.").click()
    expect(page.get_by_label("Reasons for the outcome")).to_be_focused()

    page.get_by_role("group", name="Date it happened").get_by_label("Day", exact=True).fill("8")
    page.get_by_label("End the protocol").check()
    page.get_by_label("Reasons for the outcome").fill("No calls for two months.")
    page.get_by_role("button", name=re.compile("^Record: ")).click()
    page.wait_for_load_state()
    if page.get_by_label("Why do you need to see this record?").count():
        give_reason(page, "Recording the review")
    prompt = page.locator("#outcome-letter")
    expect(prompt).to_contain_text("Tell the customer the outcome of the review in writing.")
    assert_accessible(page, "case-outcome-letter-prompt")
    prompt.get_by_role("link", name=re.compile("^Draft the .* letter$")).click()
    expect(page.get_by_label("Kind of letter")).to_have_value("review_outcome")
    expect(page.get_by_label("Case it is about")).to_have_value(str(cid))
    page.get_by_role("button", name="Draft the letter").click()
    letter = Letter.objects.get(kind="review_outcome")
    open_page(page, reverse("web:case", args=[cid]))
    expect(prompt.get_by_role("link", name=re.compile("^Check and send the"))).to_have_attribute(
        "href", reverse("letters:letter", args=[letter.pk])
    )


def test_a_complaint_and_an_over_long_field_are_errors_on_the_form(axe_page, world):
    page = axe_page
    sign_in(page, world["staff"]["officer"].user.username)
    open_page(page, reverse("web:complaint-add", args=[world["customer"]["id"]]))
    page.get_by_role("button", name=re.compile("complaint", re.I)).click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Enter the complaint reference.")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter a summary of the complaint.")).to_be_visible()
    assert_accessible(page, "complaint-errors")

    page.goto(reverse("web:customer-add"))
    page.get_by_label("Customer reference").fill("F-9")
    page.get_by_label("Full name").fill("n" * 20_001)
    page.get_by_role("button", name="Add customer").click()
    link = page.locator(".govuk-error-summary").get_by_role(
        "link", name="Full name must be 200 characters or fewer; it has 20,001."
    )
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_label("Full name")).to_be_focused()
    assert_accessible(page, "customer-over-long-field")


def test_the_tokens_page_is_in_the_menu_and_work_lists_only_what_one_can_do(axe_page, world, make_user, api_for):
    from faircontact.cases.models import Case
    from faircontact.core.models import BusinessUnit, Organisation

    officer, manager = world["staff"]["officer"], world["staff"]["manager"]
    org = Organisation.objects.first() or Organisation.objects.create(name="WH", profile="wolverhampton-homes")
    repairs, _ = BusinessUnit.objects.get_or_create(organisation=org, name="Repairs")
    lettings, _ = BusinessUnit.objects.get_or_create(organisation=org, name="Lettings")
    other = officer.post("/customers", {"reference": "L-2", "name": "Sky Second"}).json()["id"]
    case = officer.post("/cases", {"customer": other, "grounds": ["persistent"]}).json()["id"]
    act(officer, case, "record_discussion", channel="phone", on="2026-03-02")
    act(officer, case, "consider_needs", on="2026-03-02", **NEEDS)
    act(manager, case, "assess", conclusion="unacceptable", findings="Daily calls", on="2026-03-03")
    act(manager, case, "refer", on="2026-03-04")
    Case.objects.filter(pk=case).update(business_unit=repairs)
    elsewhere = make_user("decision_maker", username="hos-lettings", business_unit=lettings, name="Lee Lettings")

    page = axe_page
    sign_in(page, world["staff"]["decision_maker"].user.username)
    page.goto(reverse("web:work"))
    expect(page.locator("tbody tr", has_text="Sky Second")).to_contain_text("Decision awaiting you")
    assert_accessible(page, "work-decision-maker")
    page.get_by_role("link", name="API tokens").click()
    expect(page).to_have_url(re.compile("/tokens$"))
    assert_accessible(page, "tokens")
    # a decision maker of another business unit is not offered a decision they could not open
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, elsewhere.username)
    page.goto(reverse("web:work"))
    expect(page.get_by_text("Sky Second")).to_have_count(0)
    expect(page.get_by_text("Decision awaiting you")).to_have_count(0)

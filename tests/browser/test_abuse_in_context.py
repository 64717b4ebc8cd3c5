"""An officer logging a letter whose hostility no single word gives away sees it suggested as possible abuse, with
the sentence that carried the score (issue 16, fifth round: read in context; sixth round: violence read in
context), on a desktop and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import log_a_contact_for_alex, screenshot

pytestmark = pytest.mark.browser

LETTERS = {
    "abuse": (
        "Dear Sir, I wrote in March about the leak. You people are parasites living off honest taxpayers.",
        "‘you people are parasites living off honest taxpayers’",
    ),
    "violence": (
        "Dear Sir, the lift has been broken for a month. We need to take up arms against these people.",
        "‘we need to take up arms against these people’",
    ),
}


@pytest.mark.parametrize("kind", sorted(LETTERS))
@pytest.mark.parametrize("width", [1280, 320])
def test_a_sentence_read_in_context_is_suggested_with_the_sentence_shown(page, officer, customer, width, kind):
    letter, shown = LETTERS[kind]
    guidance = log_a_contact_for_alex(page, width)
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("What was said or written").fill(letter)
    page.get_by_label("What was said or written").blur()  # the guidance is asked for on change
    expect(guidance).to_contain_text("Possible abuse")
    expect(guidance).to_contain_text("not a finding about the customer")
    expect(guidance).to_contain_text(shown)
    screenshot(page, f"{kind}-read-in-context-{width}")
    assert page.console_errors == [], "\n".join(page.console_errors)

"""An officer logging a letter sees a complaint suggested as the same issue only for what the letter shares with it
beyond the organisation's everyday words (issue 16, sixth round: scores less the organisation's typical complaint),
on a desktop and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from faircontact.records.models import Complaint, Customer

from ..test_text_analysis import EVERYDAY, LARCHFIELD, THE_LOCK
from .conftest import log_a_contact_for_alex, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def organisation(customer):
    """Forty complaints of other customers saying "Larchfield Housing tenancy", and two of Alex Example's."""
    others = [
        Customer.objects.create(reference=f"L-{i}", name=f"Other {i}", search_name=f"other {i}") for i in range(4)
    ]
    for i, summary in enumerate(LARCHFIELD):
        Complaint.objects.create(customer=others[i % 4], reference=f"L-C{i}", summary=summary)
    Complaint.objects.create(
        customer_id=customer["id"],
        reference="CMP-LOCK",
        summary="Larchfield Housing tenancy repair: the front door lock",
    )
    Complaint.objects.create(customer_id=customer["id"], reference="CMP-TAX", summary="Council tax band appeal")


@pytest.mark.parametrize("width", [1280, 320])
def test_only_what_a_letter_shares_beyond_the_organisations_words_makes_it_the_same_issue(
    page, officer, organisation, width
):
    guidance = log_a_contact_for_alex(page, width)
    page.get_by_label("Letter", exact=True).check()
    said = page.get_by_label("What was said or written")
    said.fill(THE_LOCK)
    said.blur()  # the guidance is asked for on change
    expect(guidance).to_contain_text("same issue as complaint CMP-LOCK")
    screenshot(page, f"same-issue-the-lock-{width}")
    said.fill(EVERYDAY)
    said.blur()
    expect(guidance).not_to_contain_text("same issue as complaint")  # waits for the new guidance to replace it
    expect(guidance).to_contain_text("Handle as normal")
    screenshot(page, f"same-issue-everyday-words-{width}")
    assert page.console_errors == [], "\n".join(page.console_errors)

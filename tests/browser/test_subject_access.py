"""The subject access page in Chromium: find, preview, withhold a third party, produce the zip; no axe violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import sign_in
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_the_data_protection_officer_finds_previews_redacts_and_produces_the_pack(
    axe_page, customer, make_user, settings
):
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []  # two-factor sign-in has its own tests
    make_user("register_admin", username="dpo")
    page = axe_page
    sign_in(page, "dpo")
    page.goto("/subject-access?q=Alex")
    link = page.get_by_role("link", name="C-1001")
    expect(link).to_be_visible()
    assert_accessible(page, "subject-access-find")
    link.click()
    expect(page.get_by_role("heading", name="Alex Example (C-1001)")).to_be_visible()
    page.get_by_label("Names of other people to withhold").fill("Wolverhampton")
    page.get_by_role("button", name="Update the preview").click()
    expect(page.get_by_role("status")).to_contain_text("withheld in the preview")
    expect(page.locator(".app-subject-access-preview")).to_contain_text("[third party]")
    assert_accessible(page, "subject-access-preview")
    with page.expect_download() as download:
        page.get_by_role("button", name="Produce the pack (zip)").click()
    assert download.value.suggested_filename == "subject-access-C-1001.zip"

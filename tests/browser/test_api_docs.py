"""The API docs page works under the site's Content-Security-Policy (no unsafe-inline): Swagger UI renders every
operation from its static files, and Chromium reports no blocked script or style (issue 14 §10)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_swagger_ui_renders_under_the_csp(page):
    response = page.goto("/api/v1/docs")
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock-summary", timeout=60_000)
    assert page.locator(".opblock-summary").count() >= 30
    page.locator(".opblock-summary").first.click()  # expands with Swagger's own scripts and styles
    page.wait_for_selector(".opblock-body")
    assert page.console_errors == []

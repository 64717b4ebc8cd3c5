"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Needs ``npm ci`` (GOV.UK Frontend, htmx and axe-core come from node_modules); the static files are built with
``src/faircontact/web/build_static.sh`` when they are missing. Playwright never downloads a browser of its own:
the browser is Debian's ``/usr/bin/chromium``.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "node_modules"
VENDOR = REPO / "src/faircontact/web/static/vendor"
SCREENSHOTS = REPO / "test-results" / "browser"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct horse battery"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def static_built():
    if not (NODE_MODULES / "govuk-frontend").is_dir() or not (NODE_MODULES / "axe-core").is_dir():
        pytest.fail(f"{NODE_MODULES} is missing or incomplete: run `npm ci` in {REPO} before the browser tests.")
    if not (VENDOR / "govuk" / "faircontact.css").is_file():
        subprocess.run(["bash", str(REPO / "src/faircontact/web/build_static.sh")], check=True)
    return VENDOR


@pytest.fixture(scope="session")
def chromium_browser(static_built):
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium_browser, live_server, transactional_db):
    """A fresh browser page; console errors (a blocked inline script or style, a failed module) fail the test."""
    context = chromium_browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)  # a shared, busy machine: slow, not broken
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def axe_page(chromium_browser, live_server, transactional_db):
    """A page whose context lets axe-core be injected (an inline script the site's CSP would otherwise block)."""
    context = chromium_browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)  # a shared, busy machine: slow, not broken
    yield page
    context.close()


def sign_in(page, username: str) -> None:
    page.goto("/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def give_reason(page, reason: str = "Customer phoned about their repair") -> None:
    """Answer the reason-for-access question asked before a customer under an arrangement is shown."""
    page.get_by_label("Why do you need to see this record?").fill(reason)
    page.get_by_role("button", name="Continue").click()


def log_a_contact_for_alex(page, width: int):
    """Signed in as the officer at ``width`` pixels, the log-a-contact form for Alex Example (the ``customer``
    fixture) open; its guidance box."""
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "officer")
    page.get_by_label("Reference, name or National Insurance number").fill("alex example")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Alex Example").click()
    page.get_by_role("button", name="Log a contact").click()
    return page.locator("#gate-guidance")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

"""Screenshots of the staff pages for docs/screens/, at 1280 and 320 CSS px, from a running demo.

    faircontact migrate && faircontact demo && FAIRCONTACT_OTP_REQUIRED_ROLES=, faircontact serve --port 8017
    python docs/screens/take.py http://127.0.0.1:8017

Uses Debian's Chromium (/usr/bin/chromium) through Playwright, as the browser tests do. Every screenshot is of the
first screenful (what a person sees before scrolling) except where the name ends in -full.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
PASSWORD = "demo-password-2026"
WIDTHS = {"1280": {"width": 1280, "height": 800}, "320": {"width": 320, "height": 640}}
HOMES = {
    "officer": "customer_resolution_officer1",
    "manager": "customer_experience_manager1",
    "decision-maker": "head_of_service2",
    "director": "senior_management_team1",
    "auditor": "auditor1",
    "admin": "admin1",
}


def session(browser, base: str, username: str, viewport: dict):
    page = browser.new_page(viewport=viewport, base_url=base)
    page.set_default_timeout(60_000)
    page.goto("/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    return page


def open_customer(page, reference: str) -> str:
    page.goto(f"/?q={reference}")
    href = page.locator("tbody th a").first.get_attribute("href")
    page.goto(href)
    if page.get_by_label("Why do you need to see this record?").count():
        page.get_by_label("Why do you need to see this record?").fill("Customer phoned about their complaint")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
    return href


def shoot(page, name: str, full: bool = False) -> None:
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(HERE / f"{name}.png"), full_page=full)
    print(name)


def main(base: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for width, viewport in WIDTHS.items():
            for role, username in HOMES.items():
                page = session(browser, base, username, viewport)
                shoot(page, f"home-{role}-{width}")
                page.close()
            page = session(browser, base, "demo", viewport)
            href = open_customer(page, "WH100718")  # written contact only, through a single point of contact
            page.goto(f"{href}/contacts/new")
            page.get_by_label("Email", exact=True).check()
            page.get_by_label("Complaint it is about").select_option(index=1)
            page.wait_for_load_state("networkidle")
            shoot(page, f"log-a-contact-guidance-{width}")
            page.get_by_label("Phone", exact=True).check()
            page.wait_for_load_state("networkidle")
            shoot(page, f"log-a-contact-phone-{width}")
            open_customer(page, "WH101057")  # a burst of contacts in the last week
            page.locator("#indicators").scroll_into_view_if_needed()
            page.screenshot(path=str(HERE / f"customer-indicators-{width}.png"))
            print(f"customer-indicators-{width}")
            page.close()
            page = session(browser, base, "head_of_service2", viewport)
            page.get_by_role("link", name="Decision awaiting you").first.click()
            page.locator("#next-steps ~ ul > li").get_by_role("link").first.click()
            shoot(page, f"decide-{width}")
            shoot(page, f"decide-{width}-full", full=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8017")

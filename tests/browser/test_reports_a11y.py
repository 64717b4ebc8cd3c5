"""The report pages in Chromium: axe-core finds no WCAG 2.2 A/AA violations, and the CSP blocks nothing (the charts
are server-rendered SVG with presentation attributes, no inline style or script)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from faircontact.cases.services import case_act, case_open
from faircontact.records.services import customer_create

from .conftest import sign_in
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

TODAY = date(2026, 6, 30)
PAGES = (
    ("/reports/?from=2026-01-01&to=2026-06-30", "How the policy is used"),
    ("/reports/equality?as_of=2026-06-30", "Equality monitoring"),
    ("/reports/board?from=2026-01-01&to=2026-06-30", "Use of the"),
)


@pytest.fixture
def reporting(settings, make_user, officer):
    """A manager (who may see reports and equality data) and twelve customers, eleven under arrangements."""
    settings.FAIRCONTACT_TODAY = TODAY.isoformat()
    manager, hos = make_user("manager", username="manager"), make_user("decision_maker")
    for n in range(12):
        customer = customer_create(
            actor=officer,
            data={
                "reference": f"A-{n}",
                "name": f"Person {n}",
                "ethnicity": "White: Irish" if n < 11 else "White: Roma",
                "vulnerable": n % 2 == 0,
            },
        )
        if n < 11:
            case = case_open(actor=officer, customer=customer, grounds=["abusive"], on=date(2026, 2, 2), today=TODAY)
            case_act(
                actor=officer,
                case=case,
                today=TODAY,
                data={
                    "action": "consider_needs",
                    "on": date(2026, 2, 2),
                    "support_needs_considered": True,
                    "safeguarding_considered": True,
                    "reasons_for_behaviour": "Distress",
                    "adjustments_offered": [],
                },
            )
            case_act(
                actor=hos,
                case=case,
                today=TODAY,
                data={
                    "action": "immediate_action",
                    "on": date(2026, 2, 3),
                    "reasons": "Threats",
                    "protocol": {"channels_allowed": ["letter", "email"], "ends_on": "2030-12-31"},  # 000 §8.3
                },
            )
    return manager


def test_report_pages_have_no_axe_violations(axe_page, reporting):
    sign_in(axe_page, "manager")
    for url, heading in PAGES:
        axe_page.goto(url)
        expect(axe_page.get_by_role("heading", level=1)).to_contain_text(heading)
        expect(
            axe_page.get_by_role("img", name="Customers under arrangements at the end of each month")
            if "equality" not in url
            else axe_page.get_by_role("img").first
        ).to_be_visible()
        assert_accessible(axe_page, "reports-" + url.split("?")[0].strip("/").replace("/", "-"))


def test_report_pages_run_under_the_csp(page, reporting):
    sign_in(page, "manager")
    for url, heading in PAGES:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    assert page.console_errors == []

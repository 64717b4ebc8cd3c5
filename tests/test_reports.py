"""Summary report: every figure checked against counts worked out by hand from a scenario built with the services,
and against counts recomputed independently from the raw rows; the API, CSV, dashboard and board report agree."""

from __future__ import annotations

import csv
import importlib
import io
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
from django.apps import apps as django_apps
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from faircontact.cases.models import Breach, CaseAction, Protocol, ProtocolStatus
from faircontact.cases.services import case_act, case_open
from faircontact.core.profiles import active_profile
from faircontact.demo.generator import demo_load
from faircontact.records.models import Contact, Customer
from faircontact.records.services import complaint_create, contact_record, customer_create
from faircontact.register.models import RegisterEntry
from faircontact.register.services import register_remove
from faircontact.reports import panels, selectors
from faircontact.web.auth.testing import verified_login

from .test_workflow import approval, with_terms

TODAY = date(2026, 6, 30)
NEEDS = {
    "support_needs_considered": True,
    "safeguarding_considered": True,
    "reasons_for_behaviour": "Frustration at a long repair",
    "adjustments_offered": ["Letters in plain English"],
}
WRITTEN_ONLY = {"channels_allowed": ["letter", "email"]}
OVERRIDE = "Writing stays open; a named officer replies within five working days"


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


class Scenario:
    """Staff of the Wolverhampton Homes profile and helpers that drive cases through the services."""

    def __init__(self, make_user):
        self.officer = make_user("officer", username="s-officer")
        self.manager = make_user("manager", username="s-manager")
        self.hos = make_user("decision_maker", username="s-hos")
        self.director = make_user("director", username="s-director")
        self.n = 0

    def customer(self, **fields):
        self.n += 1
        return customer_create(
            actor=self.officer, data={"reference": f"R-{self.n}", "name": f"Person {self.n}", **fields}
        )

    def contact(self, customer, day, minutes, **fields):
        contact, _ = contact_record(
            actor=self.officer,
            now=at(TODAY, 17),
            data={"customer": customer, "occurred_at": at(day), "channel": "phone", "staff_minutes": minutes, **fields},
        )
        return contact

    def act(self, case, action, on, actor=None, **data):
        actor = actor or {
            "assess": self.manager,
            "refer": self.manager,
            "decide": self.hos,
            "review": self.manager,
            "decide_appeal": self.director,
            "immediate_action": self.hos,
        }.get(action, self.officer)
        if "protocol" in data:  # what the profile says a protocol must state ([restrictions] must_state)
            data["protocol"] = with_terms(data["protocol"])
        return case_act(actor=actor, case=case, data={"action": action, "on": on, **data}, today=TODAY)

    def open(self, customer, on):
        return case_open(actor=self.officer, customer=customer, grounds=["persistent"], on=on, today=TODAY)

    def to_referral(self, customer, opened):
        """Open, discuss, consider needs, assess and refer on consecutive days from ``opened``."""
        case = self.open(customer, opened)
        day = opened
        for action, data in (
            ("record_discussion", {"channel": "phone"}),
            ("consider_needs", NEEDS),
            ("assess", {"conclusion": "unacceptable", "findings": "Many calls"}),
            ("refer", {}),
        ):
            day += timedelta(days=1)
            case = self.act(case, action, day, **data)
        return case


@pytest.fixture
def scenario(use_profile, make_user):
    """Five cases in January to June 2026 (Wolverhampton Homes: 10 working days to decide, 28 days for appeals,
    reviews every three months). What each figure must be is worked out in the comments."""
    use_profile("wolverhampton-homes")
    s = Scenario(make_user)
    # A: referred Fri 9 Jan → due 23 Jan; decided 20 Jan (on time, 7 working days); told 31 Jan, so in force
    # from 31 Jan with review due 30 Apr; reviewed late on 5 May; appeal 10 May upheld 20 May (due 7 Jun).
    a_customer = s.customer(ethnicity="White: Irish")
    for day, minutes in ((date(2026, 1, 2), 30), (date(2026, 1, 20), 50), (date(2026, 2, 10), 10)):
        s.contact(a_customer, day, minutes)
    a = s.to_referral(a_customer, date(2026, 1, 5))
    a = s.act(a, "decide", date(2026, 1, 20), outcome="restrict", reasons="Calls daily", protocol=WRITTEN_ONLY)
    a = s.act(a, "notify", date(2026, 1, 31), channel="letter")
    a = s.act(a, "review", date(2026, 5, 5), outcome="continue", reasons="Still calling")
    a = s.act(a, "appeal", date(2026, 5, 10), grounds="Unfair", received_on=date(2026, 5, 10))
    a = s.act(a, "decide_appeal", date(2026, 5, 20), outcome="upheld", reasons="Disproportionate")
    # B: referred 5 Feb → due 19 Feb; decided 5 Mar (late, 20 working days); told 9 Mar; 3 breaches in April.
    b_customer = s.customer()
    b = s.to_referral(b_customer, date(2026, 2, 1))
    b = s.act(
        b,
        "decide",
        date(2026, 3, 5),
        outcome="restrict",
        reasons="Abuse",
        protocol={
            "channels_allowed": ["phone", "letter"],
            "spoc": str(s.officer.pk),
            "times": [{"channel": "phone", "days": ["tue"], "from": "10:00", "to": "11:00"}],
        },
    )
    b = s.act(b, "notify", date(2026, 3, 9), channel="letter")
    for day in (date(2026, 4, 7), date(2026, 4, 14), date(2026, 4, 21)):
        contact = s.contact(b_customer, day, 5, channel="visit")
        if not Breach.objects.filter(contact=contact).exists():
            b = s.act(b, "record_breach", day, contact=str(contact.pk))
    # C: referred 5 Mar → decided 10 Mar, no action (on time, 3 working days).
    c = s.to_referral(s.customer(), date(2026, 3, 1))
    s.act(c, "decide", date(2026, 3, 10), outcome="no_action", reasons="Improved")
    # D: immediate action on 2 April (violence): in force from that day, not referred.
    d = s.open(s.customer(), date(2026, 4, 1))
    s.act(d, "consider_needs", date(2026, 4, 1), **NEEDS)
    s.act(d, "immediate_action", date(2026, 4, 2), reasons="Threats", police_reference="WM-1", protocol=WRITTEN_ONLY)
    # E: referred 5 May (after the bank holiday on 4 May) → due 19 May; still waiting on 30 June, so overdue.
    s.to_referral(s.customer(), date(2026, 5, 1))
    return s


def summary(start=date(2026, 1, 1), end=TODAY):
    return selectors.summary(selectors.Period(start, end), profile=active_profile())


def test_activity_per_month_matches_the_scenario(scenario):
    s = summary()
    rows = {r["month"]: r for r in s["activity"]["rows"]}
    assert list(rows) == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
    assert [rows[m]["cases_opened"] for m in rows] == [1, 1, 1, 1, 1, 0]
    assert [rows[m]["discussions"] for m in rows] == [1, 1, 1, 0, 1, 0]
    assert [rows[m]["decisions"] for m in rows] == [1, 0, 2, 1, 0, 0]
    assert [rows[m]["reviews"] for m in rows] == [0, 0, 0, 0, 1, 0]
    assert [rows[m]["appeals"] for m in rows] == [0, 0, 0, 0, 1, 0]
    assert [rows[m]["breaches"] for m in rows] == [0, 0, 0, 3, 0, 0]
    assert s["activity"]["totals"] == {
        "cases_opened": 5,
        "discussions": 4,
        "warnings": 0,
        "decisions": 4,
        "reviews": 1,
        "appeals": 1,
        "breaches": 3,
        "removals": 0,
    }


def test_arrangements_now_and_over_time(scenario):
    s = summary()
    over = {o["month"]: o["customers"] for o in s["arrangements"]["over_time"]}
    # A from 31 Jan to 20 May, B from 9 Mar, D from 2 Apr
    assert over == {"2026-01": 1, "2026-02": 1, "2026-03": 2, "2026-04": 3, "2026-05": 2, "2026-06": 2}
    by_kind = {k["kind"]: k["customers"] for k in s["arrangements"]["by_kind"]}
    assert by_kind["written_only"] == 1 and by_kind["limited_channels"] == 1
    assert by_kind["spoc"] == 1 and by_kind["scheduled_times"] == 1 and by_kind["acknowledge_only"] == 0
    assert s["arrangements"]["customers"] == 2 and s["arrangements"]["started"] == 3
    # on 30 January nothing was in force yet: the decided protocol only counts once the customer was told
    early = summary(date(2026, 1, 1), date(2026, 1, 30))
    assert early["arrangements"]["customers"] == 0


def test_a_protocol_varied_on_review_is_not_a_new_arrangement(scenario):
    """Issue 17 §11: a review that varies B's protocol replaces it; the report must not say a third customer's
    worth of arrangements began (three came into force for three customers, one was varied)."""
    b = Breach.objects.select_related("case").first().case
    scenario.act(
        b,
        "review",
        date(2026, 6, 9),
        outcome="vary",
        reasons="Fewer visits; phone on Tuesdays only",
        protocol={"channels_allowed": ["phone", "letter"], "spoc": str(scenario.officer.pk)},
    )
    s = summary()
    arrangements = s["arrangements"]
    assert (arrangements["customers"], arrangements["started"], arrangements["varied"]) == (2, 3, 1)
    notes = [n for p in panels.summary_panels(s, profile=active_profile()) for n in p.notes]
    assert "3 arrangements came into force in the period; 1 arrangement was varied." in notes
    # the report reads when each protocol came into force and what it varied from the protocols themselves
    varied = Protocol.objects.get(case=b, status=ProtocolStatus.IN_FORCE)
    assert (varied.in_force_from, varied.replaces.status) == (date(2026, 6, 9), ProtocolStatus.SUPERSEDED)
    # and the migration fills both for protocols stored before the fields existed, from the case steps
    before = {p.pk: (p.in_force_from, p.replaces_id) for p in Protocol.objects.all()}
    Protocol.objects.update(in_force_from=None, replaces=None)
    importlib.import_module("faircontact.cases.migrations.0008_protocol_in_force_from").backfill(django_apps, None)
    assert {p.pk: (p.in_force_from, p.replaces_id) for p in Protocol.objects.all()} == before
    assert summary()["arrangements"] == s["arrangements"]


def test_outcomes_breaches_and_deadlines(scenario):
    s = summary()
    assert s["outcomes"]["decisions"] == {"restrict": 2, "register": 0, "no_action": 1, "immediate_action": 1}
    assert s["outcomes"]["reviews"] == {"continue": 1, "vary": 0, "end": 0}
    assert s["outcomes"]["appeals"] == {"upheld": 1, "dismissed": 0, "varied": 0}
    assert (s["outcomes"]["protocols_ended"], s["outcomes"]["protocols_ended_early"]) == (1, 1)
    b = s["breaches_per_protocol"]
    assert (b["protocols"], b["with_breaches"], b["breaches"], b["most"]) == (3, 1, 3, 3)
    assert {d["band"]: d["protocols"] for d in b["distribution"]}["2 to 4"] == 1
    d = s["deadlines"]["decision"]
    assert d["deadline_working_days"] == 10
    assert (d["decisions"], d["on_time"], d["late"]) == (3, 2, 1)
    assert d["median_working_days"] == 7
    assert {x["band"]: x["decisions"] for x in d["distribution"]} == {
        "0 to 5": 1,
        "6 to 10": 1,
        "11 to 15": 0,
        "16 to 20": 1,
        "21 or more": 0,
    }
    assert (d["waiting_at_end"], d["overdue_at_end"]) == (1, 1)
    assert s["deadlines"]["reviews"] == {"done": 1, "on_time": 0, "late": 1}
    a = s["deadlines"]["appeals"]
    assert (a["decided"], a["on_time"], a["late"], a["waiting_at_end"]) == (1, 1, 0, 0)


def test_staff_minutes_before_and_after_the_first_arrangement(scenario):
    m = summary()["staff_minutes"]
    # A (31 Jan) and B (9 Mar) began at least 90 days before 30 June; D (2 Apr) did not.
    assert m["customers"] == 2
    assert (m["minutes_before"], m["contacts_before"]) == (80, 2)  # A: 2 and 20 Jan
    assert (m["minutes_after"], m["contacts_after"]) == (25, 4)  # A: 10 Feb; B: three visits
    assert m["change_percent"] == -68.8


def _independent(start: date, end: date) -> dict:
    """The same figures recomputed from every row in plain Python, without the selectors' queries."""
    months = Counter()
    kinds = {
        "open": "cases_opened",
        "record_discussion": "discussions",
        "initial_warning": "warnings",
        "formal_warning": "warnings",
        "decide": "decisions",
        "immediate_action": "decisions",
        "review": "reviews",
        "appeal": "appeals",
    }
    told = set()
    for a in CaseAction.objects.all():
        if start <= a.on <= end and a.action in kinds:
            months[(f"{a.on:%Y-%m}", kinds[a.action])] += 1
        if (
            a.action in ("notify", "immediate_action", "review", "decide_appeal")
            and a.details.get("protocol")
            and a.on <= end
        ):
            told.add(a.details["protocol"])
    for b in Breach.objects.select_related("contact"):
        happened = timezone.localtime(b.contact.occurred_at).date()
        if start <= happened <= end:
            months[(f"{happened:%Y-%m}", "breaches")] += 1
    for entry in RegisterEntry.objects.filter(end_reason="removed"):
        if start <= entry.ended_on <= end:
            months[(f"{entry.ended_on:%Y-%m}", "removals")] += 1
    in_force = {
        p.customer_id
        for p in Protocol.objects.filter(pk__in=told)
        if p.starts_on <= end and (p.ended_on is None or p.ended_on > end)
    }
    return {"months": months, "in_force": in_force}


def _check_against_independent(start: date, end: date) -> dict:
    s = summary(start, end)
    expected = _independent(start, end)
    got = Counter({(r["month"], k): v for r in s["activity"]["rows"] for k, v in r.items() if k != "month" and v})
    assert got == +expected["months"]
    assert s["arrangements"]["customers"] == len(expected["in_force"])
    return expected


def test_figures_agree_with_an_independent_count(scenario):
    for start, end in ((date(2026, 1, 1), TODAY), (date(2026, 3, 15), date(2026, 4, 20))):
        _check_against_independent(start, end)


def test_figures_over_the_demo_agree_with_an_independent_count(use_profile, make_user):
    """The demo organisation (`faircontact demo`, here 200 customers) with 30 cases taken through the services."""
    use_profile("wolverhampton-homes")
    demo_load(now=at(TODAY, 18), customers=200)
    s = Scenario(make_user)
    busiest = Customer.objects.annotate(n=Count("contacts")).order_by("-n", "id")[:30]
    for i, customer in enumerate(busiest):
        opened = date(2026, 1, 5) + timedelta(days=5 * i)
        if i % 3 == 1:
            case = s.open(customer, opened)
            s.act(case, "consider_needs", opened, **NEEDS)
            s.act(
                case,
                "immediate_action",
                opened + timedelta(days=1),
                reasons="Threats",
                protocol=WRITTEN_ONLY,
                override_reasons=OVERRIDE,
            )
            continue
        case = s.to_referral(customer, opened)
        decided = opened + timedelta(days=6 + i % 11)
        if i % 3 == 0:
            s.act(
                case,
                "decide",
                decided,
                outcome="restrict",
                reasons="Calls daily",
                protocol=WRITTEN_ONLY,
                override_reasons=OVERRIDE,
            )
            s.act(case, "notify", decided + timedelta(days=2), channel="letter")
        else:
            s.act(case, "decide", decided, outcome="no_action", reasons="Improved")
    for start, end in ((date(2026, 2, 1), date(2026, 3, 31)), (date(2025, 12, 1), TODAY)):
        in_force = _check_against_independent(start, end)["in_force"]
    assert len(in_force) == 20
    e = selectors.equality(as_of=TODAY)
    for d in e["dimensions"]:
        everyone, arranged = Counter(), Counter()
        for customer in Customer.objects.all():
            value = getattr(customer, d["dimension"])
            group = (
                {True: "Recorded as vulnerable", False: "Not recorded as vulnerable"}[value]
                if d["dimension"] == "vulnerable"
                else value.strip() or "Not recorded"
            )
            everyone[group] += 1
            arranged[group] += customer.pk in in_force
        for g in d["groups"]:
            for figure, expected in (
                (g["all_customers"], everyone[g["group"]]),
                (g["under_arrangements"], arranged[g["group"]]),
            ):
                assert figure["count"] in (None, expected)
                assert figure["suppressed"] or expected >= 10


def test_register_removals_are_counted(use_profile, make_user):
    """DWP: a registration (acknowledge only) and its removal by the DSM (003 Annex D) in April."""
    use_profile("dwp")
    officer, dsm = make_user("officer"), make_user("decision_maker")
    customer = customer_create(actor=officer, data={"reference": "D-1", "name": "Sam Writer"})
    complaint = complaint_create(
        actor=officer,
        today=TODAY,
        data={
            "customer": customer,
            "reference": "DC-1",
            "summary": "Benefit decision",
            "final_response_on": date(2026, 1, 2),
        },
    )
    case = case_open(
        actor=officer, customer=customer, grounds=["upcc"], complaints=[complaint], on=date(2026, 1, 5), today=TODAY
    )
    for action, data, actor, day in (
        ("consider_needs", NEEDS, officer, date(2026, 1, 6)),
        ("refer", approval(officer), officer, date(2026, 1, 6)),
        ("decide", {"outcome": "register", "reasons": "Repeated letters"}, dsm, date(2026, 1, 9)),
        ("notify", {"channel": "letter"}, officer, date(2026, 1, 12)),
    ):
        case = case_act(actor=actor, case=case, data={"action": action, "on": day, **data}, today=TODAY)
    register_remove(
        actor=dsm,
        entry=RegisterEntry.objects.get(cases=case),
        on=date(2026, 4, 14),
        reasons="No contact on the complaint",
        today=TODAY,
    )
    s = summary()
    assert {r["month"]: r["removals"] for r in s["activity"]["rows"]} == {
        "2026-01": 0,
        "2026-02": 0,
        "2026-03": 0,
        "2026-04": 1,
        "2026-05": 0,
        "2026-06": 0,
    }
    assert s["arrangements"]["over_time"][1]["by_kind"]["acknowledge_only"] == 1
    assert s["arrangements"]["customers"] == 0
    assert s["deadlines"]["decision"]["deadline_working_days"] == 5
    assert s["deadlines"]["decision"]["on_time"] == 1
    assert "Removals from the register" in " ".join(
        p.heading + " ".join(p.columns) for p in panels.summary_panels(s, profile=active_profile())
    )


def test_period_is_checked(db):
    with pytest.raises(Exception) as refused:
        selectors.period(date(2026, 5, 1), date(2026, 4, 1), today=TODAY)
    assert refused.value.field == "from"
    assert selectors.period(None, date(2026, 6, 15), today=TODAY).start == date(2025, 7, 1)
    assert len(selectors.period(None, None, today=TODAY).months) == 12


# --- the same figures through the API and as CSV -------------------------------------------------------------


def test_summary_api_and_csv_agree_with_the_selector(scenario, api_for, settings):
    settings.FAIRCONTACT_TODAY = TODAY.isoformat()
    api = api_for(scenario.director)
    body = api.get("/reports/summary", **{"from": "2026-01-01", "to": "2026-06-30"})
    assert body.status_code == 200, body.content
    data = body.json()
    assert data["from"] == "2026-01-01" and data["activity"]["totals"]["decisions"] == 4
    assert data["deadlines"]["decision"]["late"] == 1
    response = api.get("/reports/summary", **{"from": "2026-01-01", "to": "2026-06-30", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    value = {(r["section"], r["measure"], r["month"]): r["value"] for r in rows}
    assert value[("activity", "breaches", "2026-04")] == "3"
    assert value[("arrangements", "customers_under_any", "2026-04")] == "3"
    assert value[("deadlines", "decision_overdue_at_end", "2026-01-01/2026-06-30")] == "1"
    assert value[("staff_minutes", "minutes_before", "2026-01-01/2026-06-30")] == "80"
    refused = api.get("/reports/summary", **{"from": "2026-07-01", "to": "2026-06-30"})
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "from"


@pytest.mark.parametrize(
    "role,status",
    [
        ("manager", 200),
        ("director", 200),
        ("auditor", 200),
        ("admin", 200),
        ("officer", 403),
        ("enquirer", 403),
        ("register_admin", 403),
    ],
)
def test_who_may_see_the_summary(db, make_user, api_for, role, status):
    assert api_for(make_user(role)).get("/reports/summary").status_code == status


# --- the pages ----------------------------------------------------------------------------------------------


def _signed_in(user) -> Client:
    client = Client()
    verified_login(client, user)
    return client


def test_dashboard_shows_every_chart_with_its_table(scenario, settings):
    settings.FAIRCONTACT_TODAY = TODAY.isoformat()
    page = _signed_in(scenario.director).get("/reports/", {"from": "2026-01-01", "to": "2026-06-30"})
    assert page.status_code == 200
    html = page.content.decode()
    for chart in (
        "cases-per-month",
        "reviews-per-month",
        "arrangements-now",
        "arrangements-over-time",
        "outcomes",
        "breaches-per-protocol",
        "decision-time",
        "on-time",
        "staff-minutes",
    ):
        assert f'id="{chart}" role="img" aria-labelledby="{chart}-title {chart}-desc"' in html
        assert f'<section class="fc-report-panel" aria-labelledby="{chart}-heading">' in html
    assert html.count("<table") >= 9 and "style=" not in html
    assert "Written contact only" in html and "Equality monitoring" in html


def test_dashboard_refuses_roles_without_reports(scenario):
    assert _signed_in(scenario.officer).get("/reports/").status_code == 403
    assert Client().get("/reports/").status_code == 302


def test_bad_period_on_the_dashboard_shows_an_error_and_the_default(scenario, settings):
    settings.FAIRCONTACT_TODAY = TODAY.isoformat()
    page = _signed_in(scenario.manager).get("/reports/", {"from": "2026-07-01", "to": "2026-06-01"})
    assert page.status_code == 200
    assert "There is a problem" in page.content.decode()
    assert page.context["period"] == selectors.period(None, None, today=TODAY)


def test_board_report_html_and_pdf(scenario, settings, tmp_path):
    settings.FAIRCONTACT_TODAY = TODAY.isoformat()
    client = _signed_in(scenario.director)
    page = client.get("/reports/board", {"from": "2026-01-01", "to": "2026-06-30"})
    html = page.content.decode()
    assert page.status_code == 200 and '<html lang="en-GB">' in html
    assert (
        "Between 1 January 2026 and 30 June 2026, 5 cases were opened, 4 discussions were held with customers "
        "and 4 decisions were made."
    ) in html
    assert "2 of 3 decisions (67%) were made within the 10-working-day deadline" in html
    assert "Equality monitoring on 30 June 2026" in html and "among the 2 customers under an arrangement" in html
    # on 1 March only A was under an arrangement: one customer, in the singular
    march = client.get("/reports/board", {"from": "2026-01-01", "to": "2026-03-01"}).content.decode()
    assert "among the 1 customer under an arrangement" in march
    pdf = client.get("/reports/board.pdf", {"from": "2026-01-01", "to": "2026-06-30"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    # an officer's manager without equality rights gets the report without the equality section
    scenario.manager.roles = ["decision_maker"]
    scenario.manager.save()
    assert "Equality monitoring on" not in _signed_in(scenario.manager).get("/reports/board").content.decode()


def test_summary_csv_download_from_the_dashboard(scenario, settings):
    settings.FAIRCONTACT_TODAY = TODAY.isoformat()
    response = _signed_in(scenario.manager).get("/reports/summary.csv", {"from": "2026-01-01", "to": "2026-06-30"})
    assert response.status_code == 200
    assert 'filename="summary-2026-01-01-to-2026-06-30.csv"' in response["Content-Disposition"]
    assert "activity,decisions,2026-03,2" in response.content.decode()


def test_contacts_are_counted_in_local_days(scenario):
    """A contact at 00:30 on 31 January (UK time) falls after the start of A's arrangement."""
    customer = Contact.objects.filter(staff_minutes=10).first().customer
    scenario.contact(customer, date(2026, 1, 31), 7)
    Contact.objects.filter(staff_minutes=7).update(occurred_at=at(date(2026, 1, 31), 0) + timedelta(minutes=30))
    assert summary()["staff_minutes"]["minutes_after"] == 32

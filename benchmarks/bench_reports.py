"""Benchmark the reports over the whole demo data set on SQLite (target: under 2 seconds).

    .venv/bin/python benchmarks/bench_reports.py [--cases 300] [--runs 5] [--docs]
    FAIRCONTACT_PROFILE=dwp .venv/bin/python benchmarks/bench_reports.py

Builds a throwaway SQLite file under benchmarks/out/: the demo organisation of the active profile
(``faircontact demo``: 3,000 customers with equality monitoring answers, about 40,000 contacts over 18 months), then
drives ``--cases`` cases through the real services — warnings, referrals, decisions on time and late, customers
told, reviews, appeals, and contacts that breach the protocols (the gate records them) — spread over the 18 months.
It then times the summary report (last 12 months and the whole 18), equality monitoring, the dashboard page, the
CSV export and the board report (HTML, and the PDF layout separately), and prints the figures. ``--docs`` writes the
board report for the last 12 months as PNG pages to docs/reports/ (needs ``pdftoppm``).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from scratch import OUT, setup_database  # noqa: E402

DOCS = ROOT / "docs" / "reports"
NEEDS = {
    "support_needs_considered": True,
    "safeguarding_considered": True,
    "reasons_for_behaviour": "Distress about the outcome of a complaint",
    "adjustments_offered": ["Letters in plain English"],
}
END = {"ends_on": "2030-12-31"}  # 000 §8.3: a restriction records when it ends
PROTOCOLS = (
    {"channels_allowed": ["letter", "email"], **END},
    {
        "channels_allowed": ["phone", "letter"],
        "times": [{"channel": "phone", "days": ["tue", "thu"], "from": "10:00", "to": "11:00"}],
        **END,
    },
    {"channels_allowed": ["letter", "email"], "buildings_banned": ["Civic Centre"], **END},
    {"channels_allowed": ["letter"], "third_party_only": True, "third_party": "Advocacy service", **END},
)


class Driver:
    """Takes each case as far as its dates allow, choosing staff whose role the profile allows for each step."""

    def __init__(self, profile, today: date, rng: random.Random):
        from faircontact.core.models import User

        self.profile, self.today, self.rng = profile, today, rng
        self.staff = list(User.objects.filter(is_active=True).order_by("id"))
        self.done = 0

    def act(self, case, action: str, on: date, **data):
        """The case after ``action`` by the first allowed member of staff, or ``None`` if nobody may take it."""
        from faircontact.cases.services import case_act
        from faircontact.core.errors import DomainError

        if on > self.today:
            return None
        roles = self.profile.steps[action].roles if action in self.profile.steps else ()
        for user in self.staff:
            if not user.has_role(*roles):
                continue
            try:
                case = case_act(actor=user, case=case, data={"action": action, "on": on, **data}, today=self.today)
            except DomainError:
                continue
            self.done += 1
            return case
        return None

    def protocol(self) -> dict:
        allowed = set(self.profile.restrictions["allowed"])
        fits = [
            p
            for p in PROTOCOLS
            if not (
                ("buildings_banned" in p and "building_ban" not in allowed)
                or ("third_party_only" in p and "third_party_only" not in allowed)
                or ("times" in p and "scheduled_times" not in allowed)
            )
        ]
        return self.rng.choice(fits)

    def run(self, customer, opened: date) -> None:
        from faircontact.cases.services import case_open
        from faircontact.core.deadlines import add_working_days

        rng, profile = self.rng, self.profile
        complaints = list(customer.complaints.filter(final_response_on__isnull=False)[:1])
        opener = next(u for u in self.staff if u.has_role("officer"))
        case = case_open(
            actor=opener, customer=customer, grounds=["persistent"], complaints=complaints, on=opened, today=self.today
        )
        day = opened
        if rng.random() < 0.05 and "immediate_action" in profile.steps:
            self.act(case, "consider_needs", day, **NEEDS)
            case = self.act(
                case,
                "immediate_action",
                day + timedelta(days=1),
                reasons="Threats to staff",
                police_reference="PR-1",
                protocol=PROTOCOLS[0],
            )
            if case is not None:
                self.after_protocol(case, day + timedelta(days=1))
            return
        for action, data in (
            ("record_discussion", {"channel": "phone"}),
            ("initial_warning", {"channel": "letter", "behaviour": []}),
            ("formal_warning", {"channel": "letter", "behaviour": []}),
            ("consider_needs", NEEDS),
            ("assess", {"conclusion": "unacceptable", "findings": "Contact log reviewed"}),
            ("refer", {}),
        ):
            if action in profile.steps:
                day += timedelta(days=rng.randint(3, 21) if "warning" in action else rng.randint(1, 4))
                case = self.act(case, action, day, **data) or case
        if case.state != "referred" or rng.random() < 0.08:
            return
        day = add_working_days(day, rng.choice((2, 4, 5, 7, 9, 10, 12, 15, 22)))
        outcome = rng.choice([o for o in profile.decision["outcomes"] if o != "no_action"] * 4 + ["no_action"])
        case = self.act(
            case,
            "decide",
            day,
            outcome=outcome,
            reasons="Contact is unreasonably persistent",
            protocol=self.protocol(),
            override_reasons="Writing remains open",
        )
        if case is None or case.state != "decided":
            return
        day += timedelta(days=rng.randint(1, 6))
        if self.act(case, "notify", day, channel="letter") is not None:
            self.after_protocol(case, day)

    def after_protocol(self, case, started: date) -> None:
        """Breaching contacts, reviews (some late), and now and then an appeal (some decided late)."""
        from django.utils import timezone

        from faircontact.records.services import contact_record

        rng = self.rng
        for _ in range(rng.choice((0, 0, 1, 2, 3, 5, 8, 13))):
            when = started + timedelta(days=rng.randint(1, 150))
            if when < self.today:
                contact_record(
                    actor=None,
                    now=timezone.now(),
                    data={
                        "customer": case.customer,
                        "channel": "visit",
                        "staff_minutes": rng.randint(5, 30),
                        "occurred_at": timezone.make_aware(
                            datetime.combine(when, datetime.min.time()) + timedelta(hours=11)
                        ),
                    },
                )
        case.refresh_from_db()
        if self.profile.has_appeal and "appeal" in self.profile.steps and rng.random() < 0.2:
            received = started + timedelta(days=rng.randint(5, 40))
            case = self.act(case, "appeal", received, grounds="Disproportionate", received_on=received) or case
            if case.state == "under_appeal":
                case = (
                    self.act(
                        case,
                        "decide_appeal",
                        received + timedelta(days=rng.randint(5, 40)),
                        outcome=rng.choice(("upheld", "dismissed", "dismissed", "varied")),
                        reasons="Considered by a senior manager",
                        protocol=PROTOCOLS[0],
                    )
                    or case
                )
        while case.state == "restricted" and case.review_due_on:
            on = case.review_due_on + timedelta(days=rng.randint(-14, 21))
            outcome = rng.choice(("continue", "continue", "continue", "end"))
            reviewed = self.act(case, "review", on, outcome=outcome, reasons="Reviewed with the evidence")
            if reviewed is None:
                return
            case = reviewed


def _build(cases: int) -> dict:
    from django.db.models import Count

    from faircontact.core import clock
    from faircontact.core.profiles import active_profile
    from faircontact.demo.generator import demo_load
    from faircontact.records.models import Customer

    t0 = time.perf_counter()
    result = demo_load(now=clock.now())
    loaded = time.perf_counter() - t0
    profile, today = active_profile(), clock.today()
    rng = random.Random(8)
    driver = Driver(profile, today, rng)
    customers = Customer.objects.annotate(n=Count("contacts", distinct=True))
    if profile.decision["requires_final_response"]:  # DWP: only after a full and final response (003 §17)
        customers = customers.filter(complaints__final_response_on__isnull=False).distinct()
    customers = list(customers.order_by("-n", "id")[:cases])
    t1 = time.perf_counter()
    for customer in customers:
        driver.run(customer, today - timedelta(days=rng.randint(30, 500)))
    return {
        "demo": result.counts,
        "demo_seconds": loaded,
        "cases": len(customers),
        "actions": driver.done,
        "case_seconds": time.perf_counter() - t1,
    }


def _time(fn, runs: int) -> tuple[float, float]:
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - began)
    return statistics.median(timings), max(timings)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--docs", action="store_true", help="write the board report's pages to docs/reports/")
    opts = parser.parse_args()
    setup_database("reports")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faircontact.config.settings.base")
    os.environ.setdefault("FAIRCONTACT_PROFILE", "wolverhampton-homes")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from faircontact.cases.models import Breach, CaseAction, Protocol
    from faircontact.core import clock
    from faircontact.core.profiles import active_profile
    from faircontact.core.users import user_create
    from faircontact.records.models import Contact, Customer
    from faircontact.reports import selectors
    from faircontact.web.auth.testing import verified_login

    call_command("migrate", verbosity=0)
    built = _build(opts.cases)
    demo = built["demo"]
    print(
        f"sqlite ({active_profile().slug}): demo of {demo['customers']:,} customers and {demo['contacts']:,} "
        f"contacts in {built['demo_seconds']:.1f} s; {built['cases']} cases, {built['actions']:,} actions through "
        f"the services in {built['case_seconds']:.1f} s"
    )
    print(
        f"  database: {Customer.objects.count():,} customers, {Contact.objects.count():,} contacts, "
        f"{CaseAction.objects.count():,} case actions, {Protocol.objects.count():,} protocols, "
        f"{Breach.objects.count():,} breaches"
    )
    profile, today = active_profile(), clock.today()
    year = selectors.period(None, today, today=today)
    whole = selectors.period(today - timedelta(days=548), today, today=today)
    director = user_create(actor=None, username="bench-director", roles=["director"], full_name="Bench Director")
    client = Client()
    verified_login(client, director)
    query = {"from": whole.start.isoformat(), "to": whole.end.isoformat()}
    measures = {
        "summary, last 12 months": lambda: selectors.summary(year, profile=profile),
        "summary, whole 18 months": lambda: selectors.summary(whole, profile=profile),
        "equality monitoring": lambda: selectors.equality(as_of=today),
        "GET /reports/ (dashboard page)": lambda: client.get("/reports/", query),
        "GET /reports/summary.csv": lambda: client.get("/reports/summary.csv", query),
        "GET /reports/equality.csv": lambda: client.get("/reports/equality.csv"),
        "GET /reports/board (HTML, with equality)": lambda: client.get("/reports/board", query),
        "GET /reports/board.pdf (WeasyPrint)": lambda: client.get("/reports/board.pdf", query),
    }
    results = {}
    assert client.get("/reports/", query).status_code == 200
    for name, fn in measures.items():
        results[name] = _time(fn, opts.runs)
        print(f"  {name:<42} median {results[name][0] * 1000:7.0f} ms   max {results[name][1] * 1000:7.0f} ms")
    both = results["summary, whole 18 months"][1] + results["equality monitoring"][1]
    print(f"  summary + equality over the whole demo: {both:.2f} s (target < 2 s: {'met' if both < 2 else 'NOT met'})")
    s = selectors.summary(whole, profile=profile)
    print(
        f"  figures: {s['activity']['totals']}; {s['arrangements']['customers']} under arrangements on {today}; "
        f"decisions on time {s['deadlines']['decision']['on_time']}/{s['deadlines']['decision']['decisions']}"
    )
    if opts.docs:
        response = client.get("/reports/board.pdf", {"from": year.start.isoformat(), "to": year.end.isoformat()})
        pdf = OUT / "board-report.pdf"
        pdf.write_bytes(response.content)
        DOCS.mkdir(parents=True, exist_ok=True)
        for old in DOCS.glob("board-report-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(DOCS / "board-report")], check=True)
        print(f"  board report: {pdf} -> {', '.join(p.name for p in sorted(DOCS.glob('board-report-*.png')))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Indicators against a plain-Python reference over the same rows, incrementally and in bulk; suggestions."""

from __future__ import annotations

import random
import re
import statistics
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from faircontact.cases.models import Case
from faircontact.core import clock
from faircontact.core.models import AuditEvent
from faircontact.indicators import bulk, services
from faircontact.indicators.models import Dismissal, IndicatorState
from faircontact.indicators.selectors import indicators_for, suggestions
from faircontact.records.models import Complaint, Contact, Customer
from faircontact.records.services import contact_record

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
TODAY = date(2026, 11, 20)
FLAGGED = {"abusive", "aggressive", "threatening", "harassment", "discriminatory"}
SUBJECTS = ["Boiler", "RE: boiler", "Fw:  Boiler ", "Rent arrears", "Complaint about staff", "boiler"]
RECIPIENTS = [
    "Chief Executive",
    "chief  executive",
    "MP Office",
    "Housing Team",
    "Mayor",
    "Legal",
    "Press Office",
]
CHANNELS = ["phone", "letter", "email", "visit", "portal"]


# --- the reference: each indicator from the rows, written independently of the product's code -------------
def ref_local_day(c):
    return c.occurred_at.astimezone(LONDON).date()


def ref_values(customer_id: int, as_of: date, all_totals: dict[int, int]) -> dict[str, tuple]:
    """``name -> (value, set of contact ids)`` for one customer, by brute force."""
    rows = [c for c in Contact.objects.filter(customer_id=customer_id) if ref_local_day(c) <= as_of]
    inbound = [c for c in rows if c.direction == "inbound"]
    out = {}
    for days in (7, 30, 90):
        hits = [c for c in inbound if as_of - timedelta(days=days - 1) <= ref_local_day(c) <= as_of]
        out[f"contacts_{days}_days"] = (len(hits), {c.pk for c in hits})
    best, best_ids = 0, set()
    for first in sorted(inbound, key=lambda c: (c.occurred_at, c.pk)):
        base = int(first.occurred_at.timestamp() // 1)
        inside = {c.pk for c in inbound if 0 <= int(c.occurred_at.timestamp() // 1) - base < 7 * 86400}
        if len(inside) > best:
            best, best_ids = len(inside), inside
    out["max_contacts_in_7_day_window"] = (best, best_ids)
    median = max(statistics.median(all_totals.values()), 1)
    minutes = sum(c.staff_minutes for c in rows)
    longest = sorted((c for c in rows if c.staff_minutes), key=lambda c: (-c.staff_minutes, c.pk))[:20]
    out["staff_minutes_ratio_to_median"] = (round(minutes / median, 2), {c.pk for c in longest})
    finals = dict(Complaint.objects.filter(final_response_on__isnull=False).values_list("pk", "final_response_on"))
    late = [c for c in inbound if c.complaint_id in finals and ref_local_day(c) > finals[c.complaint_id]]
    out["contacts_after_final_response"] = (len(late), {c.pk for c in late})
    first_named: dict[str, tuple] = {}
    for c in sorted(inbound, key=lambda c: (c.occurred_at, c.pk)):
        for r in c.recipients:
            first_named.setdefault(" ".join(r.casefold().split()), (c.occurred_at, c.pk))
    out["distinct_recipients"] = (len(first_named), {pk for _, pk in first_named.values()})

    def key(subject):
        text = " ".join(subject.lower().split())
        while re.match(r"^(re|fw|fwd)\s*:", text):
            text = text.split(":", 1)[1].strip()
        return text

    per_complaint = {}
    for c in sorted(inbound, key=lambda c: (c.occurred_at, c.pk)):
        if c.complaint_id and key(c.subject):
            per_complaint.setdefault(c.complaint_id, []).append(c)
    changes = {
        cid: [b.pk for a, b in zip(items, items[1:], strict=False) if key(a.subject) != key(b.subject)]
        for cid, items in per_complaint.items()
    }
    most = max(changes.items(), key=lambda kv: (len(kv[1]), -kv[0]), default=(None, []))
    out["subject_changes_on_one_complaint"] = (len(most[1]), set(most[1]))
    flagged = [c for c in inbound if FLAGGED & set(c.behaviour)]
    out["abusive_contacts"] = (len(flagged), {c.pk for c in flagged})
    return out


def totals() -> dict[int, int]:
    result: dict[int, int] = {}
    for customer_id, minutes in Contact.objects.values_list("customer_id", "staff_minutes"):
        result[customer_id] = result.get(customer_id, 0) + minutes
    return result


def assert_matches_reference(customer_id: int, as_of: date):
    reference = ref_values(customer_id, as_of, totals())
    product = {i["name"]: i for i in indicators_for(customer_id, as_of=as_of)}
    assert set(product) == set(reference)
    for name, (value, ids) in reference.items():
        assert product[name]["value"] == value, name
        assert {int(i) for i in product[name]["contacts"]} == ids, name


@pytest.fixture
def population(make_user, use_profile):
    """Three customers with 260 random contacts logged through the service, some recorded after the fact."""
    use_profile("wolverhampton-homes")
    officer = make_user("officer")
    rng = random.Random(6)
    customers = [
        Customer.objects.create(reference=f"C-{i}", name=f"Person {i}", search_name=f"person {i}") for i in range(3)
    ]
    complaints = {
        c.pk: [
            Complaint.objects.create(customer=c, reference=f"{c.reference}-{k}", summary="Repairs") for k in range(3)
        ]
        for c in customers
    }
    Complaint.objects.filter(pk=complaints[customers[0].pk][0].pk).update(final_response_on=date(2026, 9, 1))
    Complaint.objects.filter(pk=complaints[customers[1].pk][1].pk).update(final_response_on=date(2026, 11, 1))
    for n in range(260):
        customer = customers[0] if n % 2 else rng.choice(customers)
        # clustered times (bursts) and times either side of the clocks changing (25 Oct 2026)
        at = NOW - timedelta(days=rng.choice([rng.uniform(0, 200), rng.uniform(26, 28), rng.uniform(0, 9)]))
        complaint = rng.choice([None, *complaints[customer.pk]])
        contact_record(
            actor=officer,
            now=NOW,
            data={
                "customer": customer,
                "occurred_at": at,
                "channel": rng.choice(CHANNELS),
                "direction": "outbound" if rng.random() < 0.2 else "inbound",
                "staff_minutes": rng.choice([0, 5, 10, 30, 90]),
                "complaint": complaint,
                "subject": rng.choice(SUBJECTS + [""]),
                "recipients": rng.sample(RECIPIENTS, rng.choice([0, 0, 1, 2])),
                "behaviour": rng.choice([[], [], [], ["abusive"], ["recording_without_consent"], ["threatening"]]),
            },
        )
    return customers


def test_every_indicator_matches_the_reference_from_incremental_state(population):
    for customer in population:
        assert_matches_reference(customer.pk, TODAY)


def test_past_as_of_is_computed_from_the_rows_up_to_that_day(population):
    for as_of in (date(2026, 10, 25), date(2026, 8, 1), date(2026, 11, 13)):
        assert_matches_reference(population[0].pk, as_of)


def snapshot():
    return {
        s.customer_id: (
            s.contacts,
            s.staff_minutes,
            s.max_window,
            s.max_window_start,
            s.abusive,
            s.abusive_count,
            s.recipients,
            s.recipient_count,
            s.subjects,
            s.subject_changes,
            s.last_contact_at,
        )
        for s in IndicatorState.objects.all()
    }


def test_bulk_recompute_gives_the_incremental_state(population, monkeypatch):
    incremental = snapshot()
    assert {s[5] for s in incremental.values()} != {0} and {s[9] for s in incremental.values()} != {0}
    monkeypatch.setattr(bulk, "RANGE", 37)  # many id ranges, a customer's contacts across them
    IndicatorState.objects.all().delete()
    assert services.recompute() == 3
    assert snapshot() == incremental
    IndicatorState.objects.filter(customer=population[1]).update(contacts=0, abusive=[], subjects={})
    assert services.recompute([population[1].pk, population[1].pk]) == 1  # read range by range
    assert snapshot() == incremental
    for i in range(30):  # now a few customers among many: read through the customer index
        Customer.objects.create(reference=f"E-{i}", name=f"Empty {i}", search_name=f"empty {i}")
    IndicatorState.objects.filter(customer__in=population[:2]).delete()
    IndicatorState.objects.create(customer=Customer.objects.get(reference="E-3"), contacts=4)
    quiet = Customer.objects.get(reference="E-3").pk
    assert services.recompute([population[0].pk, quiet, population[1].pk]) == 2
    assert snapshot() == incremental
    for customer in population:
        assert_matches_reference(customer.pk, TODAY)
    assert services.recompute([]) == 0 and snapshot() == incremental


@pytest.mark.django_db(transaction=True)
def test_full_recompute_outside_a_transaction(population, monkeypatch):
    """On SQLite the customers are shared between processes that read the file on their own; on PostgreSQL
    everything runs on Django's connection."""
    incremental = snapshot()
    monkeypatch.setattr(bulk, "RANGE", 50)
    pools = []

    class Pool(bulk.ProcessPoolExecutor):
        def __init__(self, workers, **options):
            pools.append(workers)
            super().__init__(workers, **options)

    monkeypatch.setattr(bulk, "ProcessPoolExecutor", Pool)
    Contact.objects.filter(customer=population[2]).update(staff_minutes=0)  # behind the state's back
    assert services.recompute() == 3
    changed = incremental[population[2].pk]
    assert snapshot() == {**incremental, population[2].pk: (changed[0], 0, *changed[2:])}
    assert pools == ([bulk.PARTS] if _sqlite() else [])


def _sqlite() -> bool:
    from django.db import connection

    return connection.vendor == "sqlite"


def test_a_customer_without_contacts_has_zero_indicators(use_profile, db):
    use_profile("dwp")
    quiet = Customer.objects.create(reference="Q-1", name="Quiet", search_name="quiet")
    items = indicators_for(quiet, as_of=TODAY)
    assert {i["value"] for i in items} == {0}
    assert not any(i["crossed"] for i in items)
    assert items[0]["threshold"] == 10  # dwp.toml [indicators] contacts_7_days


# --- the API and the review queue -----------------------------------------------------------------------
def _log(api, customer_id, n, *, start, **extra):
    for i in range(n):
        at = start + timedelta(hours=3 * i)
        response = api.post(
            "/contacts", {"customer": customer_id, "channel": "phone", "occurred_at": at.isoformat(), **extra}
        )
        assert response.status_code == 201, response.content


@pytest.fixture
def busy(api, customer, settings):
    settings.FAIRCONTACT_TODAY = "2026-11-20"
    _log(api, customer["id"], 12, start=datetime(2026, 11, 16, 8, 0, tzinfo=UTC))
    return customer


def test_indicators_endpoint_explains_each_indicator(api, busy):
    response = api.get(f"/customers/{busy['id']}/indicators", as_of="2026-11-20")
    assert response.status_code == 200, response.content
    body = response.json()
    by_name = {i["name"]: i for i in body["items"]}
    week = by_name["contacts_7_days"]
    assert (week["value"], week["threshold"], week["crossed"]) == (12, 10, True)
    assert "12 contacts from the customer in the 7 days to 20 Nov 2026 (phone 12)" in week["explanation"]
    assert len(week["contacts"]) == 12
    earlier = api.get(f"/customers/{busy['id']}/indicators", as_of="2026-11-16").json()
    assert {i["name"]: i for i in earlier["items"]}["contacts_7_days"]["value"] == 6
    assert api.get("/customers/999/indicators").status_code == 404


def test_enquirers_cannot_see_indicators(api_for, make_user, busy):
    enquirer = api_for(make_user("enquirer"))
    assert enquirer.get(f"/customers/{busy['id']}/indicators").status_code == 403


def test_suggestion_dismissed_with_reason_stays_dismissed_until_new_evidence(api, api_for, make_user, busy):
    manager = api_for(make_user("manager"))
    queue = manager.get("/suggestions", as_of="2026-11-20").json()
    assert [s["customer"] for s in queue["items"]] == [busy["id"]]
    reasons = {r["name"] for r in queue["items"][0]["reasons"]}
    assert "contacts_7_days" in reasons
    assert api.get("/suggestions").status_code == 403
    assert api.post(f"/suggestions/{busy['id']}/dismiss", {"reason": "x"}).status_code == 403
    empty = manager.post(f"/suggestions/{busy['id']}/dismiss", {"reason": "  "})
    assert empty.status_code == 422 and empty.json()["error"]["field"] == "reason"
    dismissed = manager.post(
        f"/suggestions/{busy['id']}/dismiss",
        {"reason": "Contacts were about a boiler failure in cold weather."},
    )
    assert dismissed.status_code == 201, dismissed.content
    assert AuditEvent.objects.filter(action="dismiss_suggestion", customer_id=int(busy["id"])).count() == 1
    assert manager.get("/suggestions", as_of="2026-11-20").json()["count"] == 0
    _log(api, busy["id"], 1, start=clock.now())  # new evidence, after the dismissal
    again = manager.get("/suggestions", as_of="2026-11-20").json()["items"]
    assert again[0]["customer"] == busy["id"] and again[0]["last_dismissed_on"] == "2026-11-20"


def test_customers_with_a_live_case_are_not_suggested(make_user, busy):
    assert [s["customer"] for s in suggestions(date(2026, 11, 20))] == [busy["id"]]
    Case.objects.create(customer_id=int(busy["id"]), owner=make_user("manager"), opened_on=TODAY)
    assert suggestions(date(2026, 11, 20)) == []
    assert not Dismissal.objects.exists()


def test_evidence_pack_is_a_pdf_with_needs_indicators_chart_and_days(api, busy, make_user, api_for):
    from faircontact.indicators.evidence import evidence_context

    response = api.get(f"/customers/{busy['id']}/evidence-pack.pdf")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    event = AuditEvent.objects.filter(action="view", customer_id=int(busy["id"])).latest("id")
    assert event.object_type == "evidence_pack" and event.changes["shown"] == {"evidence_pack": [busy["id"]]}
    context = evidence_context(Customer.objects.get(pk=busy["id"]), today=TODAY)
    assert context["customer"].support_needs and context["contact_count"] == 12
    assert [(d["day"], d["count"]) for d in context["days"]][:2] == [(date(2026, 11, 16), 6), (date(2026, 11, 17), 6)]
    assert context["chart"]["legend"] == [{"channel": "Phone", "colour": "#1d70b8"}]
    assert api_for(make_user("enquirer")).get(f"/customers/{busy['id']}/evidence-pack.pdf").status_code == 403


def test_chronology_format_pdf_is_the_evidence_pack(api, busy):
    response = api.get(f"/customers/{busy['id']}/chronology", format="pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert api.get(f"/customers/{busy['id']}/chronology").json()["count"] == 12


@pytest.fixture
def manager_client(client, make_user, settings):
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []
    client.force_login(make_user("manager", username="morgan"))
    return client


def test_review_page_shows_reasons_and_a_manager_dismisses_with_a_reason(manager_client, busy):
    page = manager_client.get("/review")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Alex Example (C-1001)" in html and "Contacts in the last 7 days" in html
    assert f"/customers/{busy['id']}/cases/new" in html and f"/customers/{busy['id']}/evidence-pack.pdf" in html
    refused = manager_client.post(f"/review/{busy['id']}/dismiss", {"reason": " "})
    html = refused.content.decode()
    assert refused.status_code == 422 and not Dismissal.objects.exists()
    # the error summary links to this customer's reason box, which is open and shows the error (GOV.UK pattern)
    assert f'<a href="#reason-{busy["id"]}">Enter the reason for dismissing the suggestion.</a>' in html
    assert f'id="reason-{busy["id"]}-error"' in html and '<details class="govuk-details" open>' in html
    done = manager_client.post(f"/review/{busy['id']}/dismiss", {"reason": "Cold weather boiler failure."}, follow=True)
    assert "No customer is suggested for review today." in done.content.decode()
    assert Dismissal.objects.get().reason == "Cold weather boiler failure."


def test_indicator_and_evidence_pages_need_the_permission(manager_client, client, make_user, busy):
    assert "Most contacts in any 7 days" in manager_client.get(f"/customers/{busy['id']}/indicators").content.decode()
    pdf = manager_client.get(f"/customers/{busy['id']}/evidence-pack.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.force_login(make_user("enquirer", username="eddie"))
    assert client.get("/review").status_code == 403
    assert client.get(f"/customers/{busy['id']}/indicators").status_code == 403


def test_one_recipient_is_said_in_words(api, customer, settings):
    """Issue 17 §7: not "1 different people" (nor "1 different person"): one person or team only."""
    settings.FAIRCONTACT_TODAY = "2026-11-20"
    _log(api, customer["id"], 2, start=datetime(2026, 11, 16, 8, 0, tzinfo=UTC), recipients=["Repairs team"])
    items = api.get(f"/customers/{customer['id']}/indicators", as_of="2026-11-20").json()["items"]
    explanation = {i["name"]: i for i in items}["distinct_recipients"]["explanation"]
    assert explanation.startswith("Contacts were addressed or copied to one person or team only")

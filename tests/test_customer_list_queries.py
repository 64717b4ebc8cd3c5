"""Lists of customers cost a fixed number of queries however many customers they hold (no query per row).

``GET /api/v1/customers`` returns full records: each customer's business unit, representatives and live markers
(with who set them). Each is read for the whole page at once (``records.selectors.customer_records``); the search
page of the staff site shows only the customers' own fields and marks arrangements in two queries.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from faircontact.core.models import BusinessUnit, Organisation
from faircontact.records.models import Customer, Marker, Representative


def _customers(n: int, *, officer, start: int = 0) -> list[Customer]:
    """``n`` customers, each in a business unit, with two representatives, a live potentially violent person
    marker set by ``officer`` and an ended one (which the record must leave out)."""
    org = Organisation.objects.first() or Organisation.objects.create(name="DWP", profile="dwp")
    unit, _ = BusinessUnit.objects.get_or_create(organisation=org, name="North")
    made = []
    for i in range(start, start + n):
        customer = Customer.objects.create(
            reference=f"Q-{i:04d}", name=f"Sam Listed {i}", search_name=f"sam listed {i}", business_unit=unit
        )
        for name in ("Pat Advocate", "Lee Relative"):
            Representative.objects.create(customer=customer, name=name, relationship="advocate")
        Marker.objects.create(
            customer=customer, type="potentially_violent", since=date(2026, 1, 5), set_by=officer, incident="Shouted"
        )
        Marker.objects.create(
            customer=customer,
            type="potentially_violent",
            since=date(2025, 1, 5),
            ended_on=date(2025, 7, 5),
            set_by=officer,
            incident="Ended",
        )
        made.append(customer)
    return made


def _queries(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return len(captured), result


@pytest.mark.parametrize("query", [{}, {"q": "sam listed"}], ids=["list", "search"])
def test_the_customer_list_costs_the_same_queries_for_2_customers_as_for_20(
    api, officer, django_assert_max_num_queries, query
):
    _customers(2, officer=officer)
    api.get("/customers", page_size=50, **query)  # once first: what a first request reads once (the token's user)
    small, response = _queries(lambda: api.get("/customers", page_size=50, **query))
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 2

    _customers(18, officer=officer, start=2)
    with django_assert_max_num_queries(small):
        response = api.get("/customers", page_size=50, **query)
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    assert len(items) == 20
    # what the prefetched record holds is what the per-customer queries returned: live markers only, with who set them
    for item in items:
        assert [m["incident"] for m in item["markers"]] == ["Shouted"]
        assert item["markers"][0]["set_by"] == officer.display_name
        assert sorted(r["name"] for r in item["representatives"]) == ["Lee Relative", "Pat Advocate"]
        assert item["business_unit"] == "North"


def test_one_customer_holds_the_same_record_as_the_list(api, officer):
    (customer,) = _customers(1, officer=officer)
    one = api.get(f"/customers/{customer.pk}")
    listed = api.get("/customers")
    assert one.status_code == listed.status_code == 200
    assert listed.json()["items"] == [one.json()]


def test_the_staff_search_page_costs_the_same_queries_for_2_matches_as_for_20(
    client, officer, django_assert_max_num_queries
):
    client.force_login(officer)
    _customers(2, officer=officer)
    client.get("/", {"q": "sam listed"})  # once first, as above
    small, response = _queries(lambda: client.get("/", {"q": "sam listed"}))
    assert response.status_code == 200
    assert response.content.decode().count("Sam Listed") == 2

    _customers(18, officer=officer, start=2)
    with django_assert_max_num_queries(small):
        response = client.get("/", {"q": "sam listed"})
    assert response.content.decode().count("Sam Listed") == 20

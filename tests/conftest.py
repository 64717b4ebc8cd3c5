"""Shared fixtures: staff with roles, API clients with tokens, a customer and a complaint."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import Client

from faircontact.core import profiles
from faircontact.core.models import ApiToken
from faircontact.core.organisation import ensure_organisation
from faircontact.core.users import user_create


@pytest.fixture(autouse=True)
def _fresh_profile_cache():
    profiles.clear_cache()
    yield
    profiles.clear_cache()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: its counters (the API's rate limit per token, sign-in throttles) are
    keyed on row ids, which SQLite gives out again after each test's rollback, so without this a fast run passed
    1,200 requests a minute on one token id and later tests were refused with 429 (CI, 6 December)."""
    caches["default"].clear()


@pytest.fixture
def use_profile(settings, db):
    """Switch the active profile for one test: ``use_profile("dwp")``."""

    def switch(slug: str):
        settings.FAIRCONTACT_PROFILE = slug
        profiles.clear_cache()
        ensure_organisation()
        return profiles.active_profile()

    return switch


#: the reason for access the suite's API clients give on every call, as an acceptance test or integration would;
#: tests of the reason itself override it (``HTTP_X_ACCESS_REASON=""``) or use ``Api(..., reason="")``
TEST_REASON = "Test suite: checking this record"


def give_reason(client, *customers, reason="Test suite: working on this record"):
    """Give the web's reason for access for ``customers`` (objects or ids) in ``client``'s sign-in, as the
    reason form does (``web:access-reason``)."""
    ids = ",".join(str(getattr(c, "pk", None) or (c["id"] if isinstance(c, dict) else c)) for c in customers)
    if not ids:
        return client
    response = client.post("/access-reason", {"customers": ids, "reason": reason, "next": "/"})
    assert response.status_code == 302, response.content
    return client


class Api:
    """A JSON client for ``/api/v1`` acting as one member of staff."""

    def __init__(self, user, key, *, reason=TEST_REASON):
        self.user = user
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
        if reason:
            headers["HTTP_X_ACCESS_REASON"] = reason
        self.client = Client(**headers)

    def _url(self, path):
        return path if path.startswith("/api/") else "/api/v1" + path

    def get(self, path, **params):
        return self.client.get(self._url(path), params)

    def post(self, path, data=None):
        return self.client.post(self._url(path), data or {}, content_type="application/json")

    def patch(self, path, data):
        return self.client.patch(self._url(path), data, content_type="application/json")


@pytest.fixture
def make_user(db):
    counter = {"n": 0}

    def make(*roles, username=None, business_unit=None, name=""):
        counter["n"] += 1
        return user_create(
            actor=None,
            username=username or f"{roles[0] if roles else 'staff'}{counter['n']}",
            roles=list(roles) or ["officer"],
            business_unit=business_unit,
            full_name=name or f"Staff Member{counter['n']}",
            password="correct horse battery",
        )

    return make


@pytest.fixture
def api_for(db):
    def make(user):
        _, key = ApiToken.issue(user)
        return Api(user, key)

    return make


@pytest.fixture
def officer(make_user):
    return make_user("officer", username="officer")


@pytest.fixture
def api(api_for, officer):
    return api_for(officer)


@pytest.fixture
def customer(api):
    response = api.post(
        "/customers",
        {
            "reference": "C-1001",
            "name": "Alex Example",
            "address": "1 High Street, Wolverhampton",
            "identifiers": {"nino": "QQ123456C"},
            "support_needs": ["Prefers telephone contact (hearing loss: uses relay)"],
            "vulnerable": True,
            "representatives": [{"name": "Pat Advocate", "relationship": "advocate", "may_act": True}],
        },
    )
    assert response.status_code == 201, response.content
    return response.json()


@pytest.fixture
def complaint(api, customer):
    response = api.post(
        "/complaints",
        {
            "customer": customer["id"],
            "reference": "CMP-1",
            "summary": "Repair to the kitchen boiler not completed after three visits",
        },
    )
    assert response.status_code == 201, response.content
    return response.json()

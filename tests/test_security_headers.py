"""Security headers on every kind of response, CSRF on forms, and the cookies' flags."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from faircontact.records.models import Customer

SIGN_IN = reverse("web:sign-in")
PASSWORD = "correct horse battery"


def assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_the_sign_in_page_sends_the_security_headers(client, db):
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    assert_security_headers(response)


def test_signed_in_pages_send_the_security_headers_and_are_not_cached(client, make_user):
    client.force_login(make_user("officer"))
    response = client.get(reverse("web:customer-add"))
    assert response.status_code == 200
    assert_security_headers(response)
    assert response["Cache-Control"] == "no-store"


def test_error_and_lock_out_pages_send_the_security_headers(client, make_user):
    make_user("officer", username="kim")
    assert_security_headers(client.get("/no-such-page"))
    for _ in range(5):
        locked = client.post(SIGN_IN, {"username": "kim", "password": "wrong password"})
    assert locked.status_code == 429
    assert_security_headers(locked)


def test_redirects_to_sign_in_send_the_security_headers(client, db):
    response = client.get(reverse("web:customer-add"))
    assert response.status_code == 302
    assert_security_headers(response)


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def form_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_signing_in_without_the_csrf_token_is_refused(csrf_client, make_user):
    make_user("officer", username="kim")
    refused = csrf_client.post(SIGN_IN, {"username": "kim", "password": PASSWORD})
    assert refused.status_code == 403 and "_auth_user_id" not in csrf_client.session
    token = form_token(csrf_client.get(SIGN_IN).content.decode())
    accepted = csrf_client.post(SIGN_IN, {"username": "kim", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert accepted.status_code == 302 and "_auth_user_id" in csrf_client.session


def test_adding_a_customer_without_the_csrf_token_is_refused(csrf_client, make_user):
    csrf_client.force_login(make_user("officer"))
    data = {"reference": "CSRF-1", "name": "Robin Example", "preferred_format": "standard"}
    assert csrf_client.post(reverse("web:customer-add"), data).status_code == 403
    assert not Customer.objects.filter(reference="CSRF-1").exists()
    html = csrf_client.get(reverse("web:customer-add")).content.decode()
    assert 'name="csrfmiddlewaretoken"' in html


def test_every_form_on_the_staff_pages_carries_the_csrf_token(client, make_user, customer):
    client.force_login(make_user("officer", "manager"))
    pages = [
        reverse("web:home"),
        reverse("web:customer-add"),
        reverse("web:customer", args=[customer["id"]]),
        reverse("web:contact-add", args=[customer["id"]]),
        reverse("web:complaint-add", args=[customer["id"]]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        for form in re.findall(r"<form\b[^>]*>.*?</form>", html, flags=re.S):
            if re.search(r'method="post"', form, flags=re.I):
                assert 'name="csrfmiddlewaretoken"' in form, (url, form[:80])


def test_session_and_csrf_cookies_are_http_only(client, make_user):
    make_user("officer", username="kim")
    client.get(SIGN_IN)
    response = client.post(SIGN_IN, {"username": "kim", "password": PASSWORD})
    assert response.cookies["sessionid"]["httponly"] is True
    assert response.cookies["sessionid"]["samesite"] == "Lax"
    assert client.cookies["csrftoken"]["httponly"] is True


def test_in_production_the_api_docs_and_schema_need_a_session_or_a_token(client, api, officer, settings, monkeypatch):
    """Issue 14 §10: the schema and the Swagger page were open to anyone in production, the page without the CSP."""
    import runpy

    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 64)
    monkeypatch.setenv("FAIRCONTACT_AUDIT_KEY", "k" * 40)
    monkeypatch.delenv("FAIRCONTACT_TODAY", raising=False)
    assert runpy.run_module("faircontact.config.settings.production")["FAIRCONTACT_API_DOCS_PUBLIC"] is False
    settings.FAIRCONTACT_API_DOCS_PUBLIC = False
    for path in ("/api/v1/openapi.json", "/api/v1/docs"):
        refused = client.get(path)
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthenticated", path
        assert client.get(path, HTTP_AUTHORIZATION="Bearer not-a-token").status_code == 401
        assert api.client.get(path).status_code == 200, path
    client.force_login(officer)
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and "swagger-ui-bundle.js" in page.content.decode()
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "<script>" not in page.content.decode()  # no inline script the CSP would have to allow

"""Web pages follow the same permission matrix as the API, and each person's menu shows only what they may use."""

from __future__ import annotations

import pytest
from django.urls import reverse

from faircontact.core.permissions import allowed
from faircontact.core.profiles import GENERIC_ROLES
from faircontact.web.permissions import MENU


@pytest.fixture
def signed_in(client, make_user, settings):
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []

    def as_role(role):
        client.force_login(make_user(role, username=f"only-{role}"))
        return client

    return as_role


@pytest.mark.parametrize("role", GENERIC_ROLES)
def test_each_menu_page_is_open_exactly_to_the_roles_the_matrix_allows(signed_in, role):
    client = signed_in(role)
    for _label, name, permission, _what in MENU:
        status = client.get(reverse(name)).status_code
        assert (status == 403) == (not allowed([role], permission)), (role, name, status)


def test_an_enquirer_sees_only_the_enquiry_and_cannot_open_a_customer(signed_in, customer):
    client = signed_in("enquirer")
    page = client.get(reverse("register:enquiry")).content.decode()
    menu = page.split('id="navigation"')[1].split("</ul>")[0]
    assert "Register enquiry" in menu and "Add a customer" not in menu and "Reports" not in menu
    assert "Find a customer" not in client.get("/").content.decode()  # a home, without the search
    assert client.get(reverse("web:customer", args=[customer["id"]])).status_code == 403
    assert client.post(reverse("web:customer-add"), {"reference": "X-1", "name": "Nope"}).status_code == 403

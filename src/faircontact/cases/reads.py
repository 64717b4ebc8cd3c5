"""Reads of cases, their protocols and assessments, and the work queue (see ``records/reads.py``).

Cases are row-scoped (``selectors.case_scope``, registered for ``cases.view`` and ``cases.act``): a case outside
the user's rows is a 404.
"""

from __future__ import annotations

from datetime import date

from faircontact.core.access import Access
from faircontact.core.profiles import active_profile

from . import selectors
from .assessment import assessment_for
from .models import Case, State


def case(access: Access, case_id, *, permission: str = "cases.view") -> Case:
    found = access.get(permission, Case.objects.select_related("customer"), case_id, name="case")
    access.shown("case", [found.pk], customers=[found.customer_id])
    return found


def cases(access: Access, *, customer=None, state: str | None = None, page: int = 1, page_size: int = 50):
    items = access.scoped("cases.view", Case.objects.order_by("-id"))
    if customer is not None:
        items = items.filter(customer=customer)
    if state:
        items = items.filter(state=state)
    return access.page("case", items, page=page, page_size=page_size)


def customer_cases(access: Access, customer, *, live_only: bool = True) -> list[Case]:
    """The cases shown on a customer's page, within the user's rows."""
    items = access.scoped("cases.view", Case.objects.filter(customer=customer).select_related("owner"))
    if live_only:
        items = items.exclude(state__in=[State.ENDED, State.NO_ACTION])
    return access.shown_objects("case", items)


def assessment(access: Access, case_id, *, on: date) -> dict:
    found = case(access, case_id)
    return assessment_for(found, profile=active_profile(), on=on)


def work(access: Access, *, as_of: date) -> list[dict]:
    """The user's own work queue: customer references and titles, recorded, no reason asked."""
    access.require("work.view")
    items = selectors.work_for(access.user, as_of=as_of)
    customers = [int(i["customer"]) for i in items]
    access.shown("work_item", customers, customers=customers, identify_only=True)
    return items

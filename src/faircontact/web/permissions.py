"""The permission matrix (``core/permissions.MATRIX``) for web pages: one view decorator and the menu."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from faircontact.core.access import ReasonRequired
from faircontact.core.errors import Forbidden, NotFound
from faircontact.core.permissions import allowed
from faircontact.records.models import Customer
from faircontact.register.forms import ReasonForm


def needs(permission: str):
    """Signed in, and one of the user's roles has ``permission``; otherwise 403.

    The read services' refusals become pages: a record outside the user's rows is 404, a role refusal 403, and a
    record that needs a reason for access shows the reason form (``web/access_reason.html``), which returns here.
    """

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not allowed(request.user.roles, permission):
                raise PermissionDenied
            try:
                return view(request, *args, **kwargs)
            except ReasonRequired as asked:
                return ask_reason(request, asked.customer_ids)
            except NotFound as error:
                raise Http404(error.message) from None
            except Forbidden as error:
                if error.code != "role_not_permitted":
                    raise
                raise PermissionDenied(error.message) from None

        return wrapped

    return decorate


def ask_reason(request, customer_ids, form=None):
    """The form asking why these customers' records are being opened; it posts to ``web:access-reason``."""
    customers = Customer.objects.filter(pk__in=customer_ids).order_by("pk")
    back = request.get_full_path() if request.method == "GET" else request.META.get("HTTP_REFERER", "/")
    return render(
        request,
        "web/access_reason.html",
        {
            "form": form or ReasonForm(),
            "customers": customers,
            "customer": customers.first(),
            "action": reverse("web:access-reason"),
            "ids": ",".join(str(c.pk) for c in customers),
            "next": back if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) else "/",
        },
    )


#: The service navigation: (label, URL name, permission, what it is for). Each person sees the items their roles
#: allow, in one row on a wide screen; their home page lists the same items as their tools.
MENU = (
    ("Home", "web:home", "work.view", "What is waiting for you, and finding a customer"),
    ("Add a customer", "web:customer-add", "records.edit", "Record a new customer and their representative"),
    ("Review queue", "indicators:queue", "suggestions.manage", "Customers whose contact patterns suggest a review"),
    ("Letters to read", "letters:reading", "letters.view", "New letters on acknowledge-only complaints"),
    ("Register", "register:list", "register.view", "The register of restricted customers and its reviews"),
    ("Register enquiry", "register:enquiry", "register.enquire", "Ask whether a person is on the register"),
    ("Reports", "reports:dashboard", "reports.view", "How the policy is used, and equality monitoring"),
    ("Audit", "register:audit", "audit.view", "Who saw or changed what, and whether the trail is intact"),
    ("Letter templates", "letters:templates", "letters.templates", "The wording of each kind of letter"),
)
#: Menu items that are tools on the home page but not in the navigation row (reached from the home page).
NOT_IN_ROW = frozenset({"web:customer-add"})


def tools_for(user) -> list[dict]:
    """Every tool ``user``'s roles allow, with what it is for (the home page's list)."""
    return [
        {"label": label, "url": reverse(name), "description": text}
        for label, name, permission, text in MENU
        if name != "web:home" and allowed(user.roles, permission)
    ]


def menu_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for label, name, permission, _ in MENU:
        if name not in NOT_IN_ROW and allowed(user.roles, permission):
            url = reverse(name)
            current = request.path == url if name == "web:home" else request.path.startswith(url)
            items.append({"label": label, "url": url, "current": current})
    return items

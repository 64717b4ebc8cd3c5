"""The permission matrix (``core/permissions.MATRIX``) for web pages: one view decorator and the menu."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from faircontact.core.permissions import allowed


def needs(permission: str):
    """Signed in, and one of the user's roles has ``permission``; otherwise 403."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not allowed(request.user.roles, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


#: The service navigation: (label, URL name, permission). Each person sees the items their roles allow.
MENU = (
    ("Find a customer", "web:home", "records.view"),
    ("Add a customer", "web:customer-add", "records.edit"),
    ("Your work", "web:work", "work.view"),
    ("Review queue", "indicators:queue", "suggestions.manage"),
    ("Letters to read", "letters:reading", "letters.view"),
    ("Register", "register:list", "register.view"),
    ("Register enquiry", "register:enquiry", "register.enquire"),
    ("Reports", "reports:dashboard", "reports.view"),
    ("Audit", "register:audit", "audit.view"),
    ("Letter templates", "letters:templates", "letters.templates"),
)


def menu_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for label, name, permission in MENU:
        if allowed(user.roles, permission):
            url = reverse(name)
            items.append({"label": label, "url": url, "current": request.path == url})
    return items

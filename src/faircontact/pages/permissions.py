"""The permission matrix (``core/permissions.MATRIX``) and the read services' refusals, for every app's pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from faircontact.core.access import ReasonRequired, refusal_audited
from faircontact.core.errors import Forbidden, NotFound
from faircontact.core.permissions import allowed

from .forms import LimitedForm

#: ``(customer_ids) -> customers`` in id order, for the reason-for-access form to name them by reference. The pages
#: toolkit sits below ``records`` (whose pages use it), so ``records`` sets the one function in its ``ready``.
REASON_SUBJECTS: list[Callable] = []


class ReasonForm(LimitedForm):
    reason = forms.CharField(
        label="Why do you need to see this record?",
        max_length=500,
        error_messages={"required": "Give a reason for looking at this record."},
    )


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
                refusal_audited(request.user, permission, path=request.path, source="web")
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
    (subjects,) = REASON_SUBJECTS
    customers = list(subjects(customer_ids))
    back = request.get_full_path() if request.method == "GET" else request.META.get("HTTP_REFERER", "/")
    return render(
        request,
        "web/access_reason.html",
        {
            "form": form or ReasonForm(),
            "customers": customers,
            "customer": customers[0] if customers else None,
            "action": reverse("web:access-reason"),
            "ids": ",".join(str(c.pk) for c in customers),
            "next": back if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) else "/",
        },
    )

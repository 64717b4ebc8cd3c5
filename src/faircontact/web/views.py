"""The staff site's own pages: everyone's home and the customer search, the reason for access, notifications.
The records and cases pages live in their apps (``records/views.py``, ``cases/views.py``), as the other apps' do."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from faircontact.core import clock
from faircontact.core.access import SESSION_REASONS, access_for, clean_reason
from faircontact.core.models import Notification
from faircontact.core.permissions import allowed
from faircontact.pages.permissions import ReasonForm, ask_reason, needs
from faircontact.records import reads

from .forms import SearchForm
from .permissions import tools_for
from .selectors import SEARCH_HINT, home_for, mark_arrangements


@needs("work.view")
def home(request):
    """Everyone's home page: what is waiting for them and their tools (``web.selectors.home_for``); for those who
    may see customers, the search (reference, name or National Insurance number; several matches all listed)."""
    can_search = allowed(request.user.roles, "records.view")
    form = SearchForm(request.GET or None) if can_search else None
    if form is not None and form.is_valid() and form.cleaned_data["q"]:
        results = mark_arrangements(reads.search(access_for(request), form.cleaned_data["q"]))
        return render(request, "web/search.html", {"form": form, "results": results, "search_hint": SEARCH_HINT})
    today = clock.today()
    return render(
        request,
        "web/home.html",
        {
            "form": form,
            "search_hint": SEARCH_HINT,
            "today": today,
            "tools": tools_for(request.user),
            **home_for(request.user, today),
        },
    )


@needs("work.view")  # any member of staff: the pages that ask have checked their own permission
@require_POST
def access_reason(request):
    """Keep, for this sign-in, the reason given for opening these customers' records, and go back."""
    ids = [int(i) for i in request.POST.get("customers", "").split(",") if i.strip().isdigit()]
    form = ReasonForm(request.POST)
    reason = clean_reason(form.data.get("reason"))
    if not ids or not reason:
        if form.is_valid():
            form.add_error("reason", "Give a reason for looking at this record; it is kept in the audit log.")
        return ask_reason(request, ids, form)
    reasons = request.session.get(SESSION_REASONS, {})
    reasons.update({str(i): reason for i in ids})
    request.session[SESSION_REASONS] = reasons
    back = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return redirect(back)


@needs("work.view")
def notifications(request):
    items = Notification.objects.filter(user=request.user)[:200]
    return render(
        request, "web/notifications.html", {"items": items, "unread": sum(1 for n in items if n.read_at is None)}
    )


@needs("work.view")
@require_POST
def notifications_read(request):
    """Mark one of the user's notifications (``id``), or all of them, as read."""
    mine = Notification.objects.filter(user=request.user, read_at__isnull=True)
    if request.POST.get("id"):
        mine = mine.filter(pk=request.POST["id"]) if request.POST["id"].isdigit() else mine.none()
    mine.update(read_at=timezone.now())
    return redirect("web:notifications")

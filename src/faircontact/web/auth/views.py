"""Sign-in, the two-factor code, authenticator-app set-up and the lock-out page."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from faircontact.core.audit import record_event
from faircontact.core.models import ApiToken

from . import two_factor
from .forms import CodeForm

WRONG_CODE = "The code is not correct or has expired. Enter the code your app shows now."


def _next_url(request) -> str:
    """The page asked for before sign-in, if it is on this site; otherwise the home page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def step_url(step: str, next_url: str) -> str:
    name = {"code": "web:two-factor", "set-up": "web:two-factor-set-up"}[step]
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


class SignInView(auth_views.LoginView):
    """The password step; axes counts failures through the authentication backend and locks out."""

    template_name = "web/sign_in.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        step = two_factor.next_step(form.get_user(), verified=False)
        return redirect(step_url(step, self.get_success_url())) if step else response


def _verified(request, device: TOTPDevice) -> None:
    """Mark the session verified by ``device`` under a new session key (as Django does at sign-in)."""
    otp_login(request, device)
    request.session.cycle_key()


@login_required
def code(request):
    """Second step for anyone with an authenticator app: the current code from it."""
    next_url = _next_url(request)
    if request.user.is_verified():
        return redirect(next_url)
    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    if not devices:
        return redirect(step_url("set-up", next_url))
    form = CodeForm(request.POST or None, label="Enter the code from your authenticator app")
    if request.method == "POST" and form.is_valid():
        device = next((d for d in devices if d.verify_token(form.cleaned_data["code"])), None)
        if device is not None:
            _verified(request, device)
            return redirect(next_url)
        form.add_error("code", WRONG_CODE)
    return render(request, "web/auth/code.html", {"form": form, "next": next_url})


@login_required
def set_up(request):
    """Set up an authenticator app: scan the QR code or type the key, then confirm with a code from the app.

    Someone who already has an app must give its code first, so a password alone cannot add a device.
    Confirming replaces any app set up before.
    """
    next_url = _next_url(request)
    if two_factor.has_device(request.user) and not request.user.is_verified():
        return redirect(step_url("code", next_url))
    device = two_factor.pending_device(request.user)
    form = CodeForm(request.POST or None, label="Code from your app")
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                record_event(actor=request.user, action="two_factor_set_up", obj=device)
            _verified(request, device)
            return redirect(next_url)
        form.add_error("code", WRONG_CODE)
    return render(
        request,
        "web/auth/set_up.html",
        {
            "form": form,
            "next": next_url,
            "required": two_factor.required_for(request.user),
            "qr_code": two_factor.qr_code_data_uri(device),
            "secret": two_factor.secret_for_typing(device),
        },
    )


def locked_out(request, original_response=None, credentials=None):
    """The page axes shows (status 429) once sign-in is locked for this username from this address."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "web/auth/locked_out.html", {"minutes": minutes}, status=settings.AXES_HTTP_RESPONSE_CODE)


@login_required
def tokens(request):
    """Your API tokens, and a new one shown once. A user whose role needs two-factor sign-in creates one only in a
    session verified with their code, and it expires within ``FAIRCONTACT_PRIVILEGED_TOKEN_HOURS``."""
    new_key, refused = None, ""
    if request.method == "POST":
        if two_factor.required_for(request.user) and not request.user.is_verified():
            refused = "Sign in with your authenticator app code before creating a token."
        else:
            token, new_key = ApiToken.issue(request.user)
            record_event(
                actor=request.user, action="create", obj=token, changes={"user": request.user.pk}, source="web"
            )
    mine = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    return render(
        request,
        "web/auth/tokens.html",
        {
            "tokens": mine,
            "new_key": new_key,
            "refused": refused,
            "privileged": ApiToken.privileged(request.user),
            "hours": settings.FAIRCONTACT_PRIVILEGED_TOKEN_HOURS,
            "days": settings.FAIRCONTACT_TOKEN_DAYS,
        },
        status=403 if refused else 200,
    )

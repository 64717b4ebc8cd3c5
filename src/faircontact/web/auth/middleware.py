"""Every web page needs the second factor first, where the user has or must have one.

Runs after django-otp's ``OTPMiddleware``. The sign-in, code, set-up and sign-out pages stay open; the API
(``/api/``) is left alone because it authenticates with tokens, not sessions.
"""

from __future__ import annotations

from django.shortcuts import redirect

from . import two_factor
from .views import step_url

OPEN_VIEWS = frozenset({"web:sign-in", "web:sign-out", "web:two-factor", "web:two-factor-set-up"})


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/") or request.resolver_match.view_name in OPEN_VIEWS:
            return None
        user = request.user
        if not user.is_authenticated:
            return None
        step = two_factor.next_step(user, verified=user.is_verified())
        return redirect(step_url(step, request.get_full_path())) if step else None

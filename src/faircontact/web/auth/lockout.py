"""The client address axes keys lock-outs on (``REMOTE_ADDR``, or behind trusted proxies ``X-Forwarded-For``), and
the per-address limit on failed sign-ins across every username (password spraying; issue 14 §8).

With ``FAIRCONTACT_TRUSTED_PROXIES=N`` (the number of reverse proxies in front of gunicorn, each appending to
``X-Forwarded-For``) the address is the one the outermost trusted proxy saw; anything further left was sent by
the client and is ignored, so a forged header cannot dodge a lock-out.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def client_ip(request) -> str | None:
    proxies = settings.FAIRCONTACT_TRUSTED_PROXIES
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


class AddressAwareHandler(AxesDatabaseHandler):
    """axes' database handler with a second limit: ``FAIRCONTACT_SIGN_IN_ADDRESS_ATTEMPTS`` failed sign-ins from one
    address, whatever the usernames, within the cool-off lock that address out for the cool-off.

    The lock-out per username and address (``AXES_FAILURE_LIMIT``) stops guessing one password; this stops trying
    a few common passwords against many accounts, which never reaches the per-username limit. The address limit is
    higher, since a whole office may sign in from one address.
    """

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or self.address_failures(request) >= (
            settings.FAIRCONTACT_SIGN_IN_ADDRESS_ATTEMPTS
        )

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        """Record the failure as axes does; the failure that reaches the address limit is answered as a lock-out."""
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and self.address_failures(request) >= settings.FAIRCONTACT_SIGN_IN_ADDRESS_ATTEMPTS:
            request.axes_locked_out = True
            request.axes_credentials = credentials

    @staticmethod
    def address_failures(request) -> int:
        recent = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
        )
        return recent.aggregate(n=Sum("failures_since_start"))["n"] or 0

"""The client address axes keys lock-outs on: ``REMOTE_ADDR``, or behind trusted proxies ``X-Forwarded-For``.

With ``FAIRCONTACT_TRUSTED_PROXIES=N`` (the number of reverse proxies in front of gunicorn, each appending to
``X-Forwarded-For``) the address is the one the outermost trusted proxy saw; anything further left was sent by
the client and is ignored, so a forged header cannot dodge a lock-out.
"""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str | None:
    proxies = settings.FAIRCONTACT_TRUSTED_PROXIES
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")

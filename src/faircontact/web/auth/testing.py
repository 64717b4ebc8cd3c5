"""For tests: sign a user in as if they had given their two-factor code.

``verified_login(client, user)`` is ``client.force_login(user)`` plus a confirmed authenticator app and an
OTP-verified session, so pages open for roles that require two-factor sign-in.
"""

from __future__ import annotations

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from .two_factor import DEVICE_NAME


def verified_login(client, user) -> TOTPDevice:
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device

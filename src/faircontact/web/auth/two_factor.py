"""Who needs a second factor, and the authenticator-app devices that provide it."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator app"


def required_for(user) -> bool:
    """Whether the user's roles require two-factor sign-in (``FAIRCONTACT_OTP_REQUIRED_ROLES``)."""
    return user.has_role(*settings.FAIRCONTACT_OTP_REQUIRED_ROLES)


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def next_step(user, *, verified: bool) -> str | None:
    """What a signed-in user must do before any other page: ``"code"``, ``"set-up"`` or nothing.

    Anyone with an authenticator app set up gives a code, whatever their roles; anyone whose roles require it
    and who has none sets one up before seeing any other page.
    """
    if verified:
        return None
    if has_device(user):
        return "code"
    if required_for(user):
        return "set-up"
    return None


def pending_device(user) -> TOTPDevice:
    """The user's unconfirmed device (one at most), created with a fresh secret if there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_for_typing(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for people who type it into their app instead of scanning."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The ``otpauth://`` URI as an SVG QR code in a ``data:`` URI (allowed by the CSP's ``img-src``)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()

"""Notifications that must reach a person once, however often the check that raises them runs."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from .models import Notification, User


def notify_once(user: User, *, key: str, kind: str, text: str, link: str = "") -> bool:
    """Create the notification unless ``user`` already has one with ``key``; True when created."""
    if Notification.objects.filter(user=user, dedupe_key=key).exists():
        return False
    try:
        with transaction.atomic():
            Notification.objects.create(user=user, dedupe_key=key, kind=kind, text=text, link=link)
    except IntegrityError:
        return False
    return True

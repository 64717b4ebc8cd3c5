"""Template tags for the case pages and the service navigation."""

from django import template

from faircontact.core.models import Notification

register = template.Library()


@register.simple_tag
def unread_notifications(user) -> int:
    """How many of ``user``'s notifications are unread (shown in the service navigation)."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count() if user.is_authenticated else 0

"""Stored indicator state per customer and dismissed suggestions."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from faircontact.records.models import Customer


class IndicatorState(models.Model):
    """The cumulative indicators of one customer, kept current as contacts are logged or imported.

    Time-window counts and contacts after a full and final response are computed when read, because
    they change with the date and with complaints rather than with contacts (see ``services``).
    """

    customer = models.OneToOneField(
        Customer, primary_key=True, on_delete=models.CASCADE, related_name="indicator_state"
    )
    contacts = models.PositiveIntegerField(default=0)
    staff_minutes = models.PositiveBigIntegerField(default=0, db_index=True)
    max_window = models.PositiveIntegerField(default=0)
    max_window_start = models.DateTimeField(null=True, blank=True)
    abusive = models.JSONField(default=list, blank=True)
    abusive_count = models.PositiveIntegerField(default=0)
    recipients = models.JSONField(default=dict, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)
    subjects = models.JSONField(default=dict, blank=True)
    subject_changes = models.PositiveIntegerField(default=0)
    last_contact_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"indicators of customer {self.customer_id}"


class Dismissal(models.Model):
    """A manager's decision that a suggestion needs no case, remembered with the evidence it covered."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="suggestion_dismissals")
    indicators = models.JSONField(default=list)
    last_contact_id = models.BigIntegerField(default=0)
    reason = models.TextField()
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dismissed_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"dismissal {self.pk} for customer {self.customer_id}"

"""What the gate leaves behind: contacts waiting to be read and acknowledged (003 §30-31)."""

from django.conf import settings
from django.db import models

from faircontact.records.models import Complaint, Contact


class ReadingStatus(models.TextChoices):
    TO_READ = "to_read", "To read"
    NO_NEW_ISSUE = "no_new_issue", "Read: no new issue, acknowledge"
    NEW_COMPLAINT = "new_complaint", "Read: raises a new issue"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    FILED = "filed", "Read: nothing new, placed on file without reply"


class ReadingItem(models.Model):
    """A written contact about an acknowledge-only complaint: read by a person, then acknowledged.

    "Acknowledge only" never means "unread": someone confirms it raises no new issue and no safeguarding
    or urgent concern, or turns it into a new complaint (003 §30-33).
    """

    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="reading")
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=ReadingStatus.choices, default=ReadingStatus.TO_READ)
    #: file without reply (000 §6.3): read for new evidence, worsening conditions or a linked issue, never acknowledged
    file_only = models.BooleanField(default=False)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    read_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "complaint"])]

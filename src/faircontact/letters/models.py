"""Letters and the versioned templates they are drafted from.

A letter is drafted from the organisation's template for its kind, may be edited while a draft, and is frozen
when issued: the date and channel it was sent by are recorded with the exact document sent (its HTML, from which
the PDF is made, with its SHA-256, and the plain text).
A correction is a new letter that ``supersedes`` the old one (a sent letter is never changed).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from faircontact.cases.models import Case
from faircontact.core.profiles import LETTER_LABELS
from faircontact.records.models import Contact, Customer, PreferredFormat, Representative


class Kind(models.TextChoices):
    """Kinds of letter, in the product's words (``core.profiles.LETTER_LABELS``; a profile's ``[labels.letters]``
    gives its own, through ``Profile.letter_label``)."""

    INITIAL_WARNING = "initial_warning", LETTER_LABELS["initial_warning"]
    FORMAL_WARNING = "formal_warning", LETTER_LABELS["formal_warning"]
    DECISION = "decision", LETTER_LABELS["decision"]
    ACKNOWLEDGEMENT = "acknowledgement", LETTER_LABELS["acknowledgement"]
    CIRCULAR_COMPLAINT = "circular_complaint", LETTER_LABELS["circular_complaint"]
    REVIEW_OUTCOME = "review_outcome", LETTER_LABELS["review_outcome"]
    APPEAL_ACKNOWLEDGEMENT = "appeal_acknowledgement", LETTER_LABELS["appeal_acknowledgement"]
    APPEAL_OUTCOME = "appeal_outcome", LETTER_LABELS["appeal_outcome"]
    MP_REPLY = "mp_reply", LETTER_LABELS["mp_reply"]
    COPY_TO = "copy_to", LETTER_LABELS["copy_to"]


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Sent"


class LetterTemplate(models.Model):
    """One version of an organisation's template for a kind of letter; versions are never changed."""

    profile = models.CharField(max_length=60)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    version = models.PositiveIntegerField()
    body = models.TextField()
    source = models.CharField(max_length=10, choices=[("file", "Policy file"), ("admin", "Edited by an admin")])
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["profile", "kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["profile", "kind", "version"], name="one_template_version")]


class Letter(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="letters")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="letters")
    version = models.PositiveIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    # who it goes to: the customer, or a representative (acting for them, an MP, someone sent a copy)
    representative = models.ForeignKey(
        Representative, null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )
    recipient_name = models.CharField(max_length=200)
    recipient_address = models.TextField(blank=True)
    recipient_email = models.EmailField(blank=True)
    format = models.CharField(max_length=20, choices=PreferredFormat.choices, default=PreferredFormat.STANDARD)
    subject = models.CharField(max_length=300)
    text = models.TextField(help_text="The body, as sanitised HTML.")
    facts = models.JSONField(default=dict, blank=True, help_text="The values the letter was drafted from.")
    attachments = models.JSONField(default=list, blank=True)
    enclosures = models.JSONField(default=list, blank=True)
    copies = models.JSONField(default=list, blank=True, help_text="Names of those sent a copy (002 §4).")
    covers = models.ManyToManyField(Contact, blank=True, related_name="acknowledged_by")
    encloses = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="copies_sent")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # set once, when issued
    issued_on = models.DateField(null=True, blank=True)
    channel = models.CharField(max_length=20, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    document_html = models.TextField(blank=True)
    plain_text = models.TextField(blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["customer", "created_at"]), models.Index(fields=["case", "kind"])]

    @property
    def is_issued(self) -> bool:
        return self.status == Status.ISSUED

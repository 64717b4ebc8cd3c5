"""The register of designated customers, the enquiries made of it, its scheduled reviews and anonymisations.

Every policy keeps a secure list of the customers it has designated (000 §8.3, 002 §3-4, 003 §18-22 and
Annexes D-E: the DWP "UPC database"). A customer has at most one live entry, covering every complaint they are
registered on (003 §19, §21, Annex D); each case whose decision came into force adds a :class:`Registration` to
it. An entry is ended only by a review, an appeal or closing of its last case, or by a removal.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from faircontact.cases.models import Case
from faircontact.core.models import BusinessUnit
from faircontact.records.models import Complaint, Customer, Representative


class EndReason(models.TextChoices):
    REVIEW = "review", "Ended at a review"
    APPEAL = "appeal", "Ended on appeal"
    REMOVED = "removed", "Removed from the register"
    CLOSED = "closed", "Case closed"
    #: only from migration 0002: a customer's second live entry, kept from before one entry per customer
    MERGED = "merged", "Merged into the customer's one entry"


class RegisterEntry(models.Model):
    """One customer on the register: every complaint they are registered on, from any case (003 §19, §21), the
    business unit, SPOC and decision maker of the latest registration, and the dates that keep it alive — the
    removal clock runs from the last contact about any of the complaints (003 Annex D)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="register_entries")
    #: the cases whose decisions registered the customer, through :class:`Registration`
    cases = models.ManyToManyField(Case, through="Registration", related_name="register_entries")
    #: the complaints of the entry's live registrations (kept in step by ``services.entry_sync``)
    complaints = models.ManyToManyField(Complaint, blank=True, related_name="register_entries")
    business_unit = models.ForeignKey(BusinessUnit, null=True, blank=True, on_delete=models.SET_NULL)
    spoc = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_maker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="register_entries_decided",
    )
    #: representatives recorded as writing or calling for the customer in the evidence (000 §8.3 "aids")
    aided_by = models.ManyToManyField(Representative, blank=True, related_name="+")
    outcome = models.CharField(max_length=20)
    registered_on = models.DateField()
    customer_told_on = models.DateField(null=True, blank=True)
    last_contact_on = models.DateField(null=True, blank=True)
    removal_due_on = models.DateField(null=True, blank=True, db_index=True)
    removal_proposed_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_reason = models.CharField(max_length=10, choices=EndReason.choices, blank=True)
    end_reasons = models.TextField(blank=True)
    removal_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name_plural = "register entries"
        indexes = [models.Index(fields=["customer", "ended_on"])]
        constraints = [
            # 003 §19, Annex D: one entry per customer, so two decisions at once cannot make a second one
            models.UniqueConstraint(
                fields=["customer"], condition=models.Q(ended_on__isnull=True), name="register_one_live_entry"
            )
        ]

    @property
    def state(self) -> str:
        if self.ended_on:
            return "removed" if self.end_reason == EndReason.REMOVED else "ended"
        return "removal_proposed" if self.removal_proposed_on else "active"


class Registration(models.Model):
    """One case's decision on the customer's entry: the complaints it registered (003 §21: those only
    acknowledged from then on) and, once its case ends, when and why they came off the register."""

    entry = models.ForeignKey(RegisterEntry, on_delete=models.CASCADE, related_name="registrations")
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="registration")
    complaints = models.ManyToManyField(Complaint, blank=True, related_name="+")
    registered_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=10, choices=EndReason.choices, blank=True)

    class Meta:
        ordering = ["registered_on", "id"]


class Enquiry(models.Model):
    """'Is this person recorded?' and the answer given (003 §19-22, Annex E); every one is kept."""

    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField()
    #: an officer without view access asks through the register administrator (003 §19)
    through_administrator = models.BooleanField(default=False)
    reference = models.CharField(max_length=40, blank=True)
    name = models.CharField(max_length=200, blank=True)
    nino = models.CharField(max_length=9, blank=True)
    outcome = models.CharField(max_length=20)
    answer = models.JSONField(default=dict)
    customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.CASCADE, related_name="enquiries")
    entries = models.ManyToManyField(RegisterEntry, blank=True, related_name="enquiries")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-asked_at", "-id"]
        verbose_name_plural = "enquiries"


class ReviewKind(models.TextChoices):
    CONTENT = "content", "Content review list for a business contact point"
    PROMPT = "prompt", "Review prompt to the decision maker"


class RegisterReview(models.Model):
    """A scheduled review list the sweep issues once per period: the entries current on ``period_start``."""

    kind = models.CharField(max_length=10, choices=ReviewKind.choices)
    period_start = models.DateField()
    business_unit = models.ForeignKey(BusinessUnit, null=True, blank=True, on_delete=models.SET_NULL)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entries = models.ManyToManyField(RegisterEntry, related_name="reviews")
    #: ``kind:period_start:unit:reviewer`` — unique, so a second sweep issues nothing more
    key = models.CharField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "id"]


class Anonymisation(models.Model):
    """A customer whose record was anonymised after its retention period (aggregate figures kept)."""

    customer = models.OneToOneField(Customer, on_delete=models.CASCADE, related_name="anonymisation")
    on = models.DateField()
    retention_months = models.PositiveIntegerField()
    counts = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

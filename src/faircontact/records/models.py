"""The record: customers, their representatives and markers, their complaints and every contact."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from faircontact.core.models import BusinessUnit


class Channel(models.TextChoices):
    PHONE = "phone", "Phone"
    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"
    VISIT = "visit", "Visit"
    SOCIAL_MEDIA = "social_media", "Social media"
    PORTAL = "portal", "Portal or journal"
    OTHER = "other", "Other"


WRITTEN_CHANNELS = frozenset({Channel.LETTER, Channel.EMAIL, Channel.PORTAL})


class Direction(models.TextChoices):
    INBOUND = "inbound", "From the customer"
    OUTBOUND = "outbound", "To the customer"


class Behaviour(models.TextChoices):
    ABUSIVE = "abusive", "Abusive"
    AGGRESSIVE = "aggressive", "Aggressive"
    THREATENING = "threatening", "Threatening"
    HARASSMENT = "harassment", "Harassment"
    DISCRIMINATORY = "discriminatory", "Discriminatory"
    RECORDING_WITHOUT_CONSENT = "recording_without_consent", "Recording without consent"


class RequestType(models.TextChoices):
    FOI = "foi", "Freedom of information request"
    SAR = "sar", "Subject access request"


class Relationship(models.TextChoices):
    ADVOCATE = "advocate", "Advocate"
    RELATIVE = "relative", "Relative"
    MP = "mp", "Member of Parliament"
    MSP = "msp", "Member of the Scottish Parliament"
    MS = "ms", "Member of the Senedd"
    MLA = "mla", "Member of the Legislative Assembly"
    COUNCILLOR = "councillor", "Councillor"
    SOLICITOR = "solicitor", "Solicitor"
    OTHER = "other", "Other"


class PreferredFormat(models.TextChoices):
    STANDARD = "standard", "Standard print"
    LARGE_PRINT = "large_print", "Large print"
    PLAIN_TEXT = "plain_text", "Plain text (e-mail, screen reader)"


class Stage(models.TextChoices):
    STAGE1 = "stage1", "Stage 1"
    STAGE2 = "stage2", "Stage 2"
    FINAL = "final", "Final response"


class Customer(models.Model):
    reference = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    address = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    identifiers = models.JSONField(default=dict, blank=True)
    #: the National Insurance number from ``identifiers``, without spaces and in capitals (``normalise_nino``)
    nino = models.CharField(max_length=9, blank=True, db_index=True, editable=False)
    business_unit = models.ForeignKey(BusinessUnit, null=True, blank=True, on_delete=models.SET_NULL)
    support_needs = models.JSONField(default=list, blank=True)
    vulnerable = models.BooleanField(default=False)
    preferred_format = models.CharField(max_length=20, choices=PreferredFormat.choices, default="standard")
    #: the language letters are drafted in, where the profile has a template in it (``letters/<slug>/cy/``)
    language = models.CharField(max_length=2, choices=[("en", "English"), ("cy", "Welsh")], default="en")
    preferred_channel = models.CharField(max_length=20, choices=Channel.choices, blank=True)
    # Equality monitoring (001 §7.1): readable only by reporting roles, aggregated elsewhere.
    ethnicity = models.CharField(max_length=80, blank=True)
    disability = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            # 003 §20-21: one record per person; ``nino`` holds the number without spaces, in capitals, so two
            # creates at once with "qq 12 34 56 c" and "QQ123456C" cannot both succeed
            models.UniqueConstraint(fields=["nino"], condition=~models.Q(nino=""), name="customer_one_record_per_nino")
        ]

    def __str__(self) -> str:
        return self.reference


class Representative(models.Model):
    """Someone acting for the customer; ``may_act`` records their authority to act."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="representatives")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    may_act = models.BooleanField(default=False)
    address = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class Complaint(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="complaints")
    reference = models.CharField(max_length=40, unique=True)
    summary = models.TextField()
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.STAGE1)
    business_unit = models.ForeignKey(BusinessUnit, null=True, blank=True, on_delete=models.SET_NULL)
    received_on = models.DateField(null=True, blank=True)
    final_response_on = models.DateField(null=True, blank=True)
    final_response_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalation_route = models.CharField(max_length=300, blank=True)
    # the profile's service standard for a response ([complaints] response_working_days) and when it was sent
    response_due_on = models.DateField(null=True, blank=True)
    response_sent_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.reference


class Contact(models.Model):
    """One contact with the customer, as the contract defines it, and the guidance the gate gave."""

    # no single-column indexes on customer and complaint: the (customer, occurred_at) and (complaint, occurred_at)
    # indexes below serve those lookups, and every index slows the bulk import
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contacts", db_index=False)
    occurred_at = models.DateTimeField()
    channel = models.CharField(max_length=20, choices=Channel.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.INBOUND)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    staff_minutes = models.PositiveIntegerField(default=0)
    complaint = models.ForeignKey(
        Complaint, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts", db_index=False
    )
    recipients = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    urgent = models.BooleanField(default=False)
    health_and_safety = models.BooleanField(default=False)
    from_representative = models.ForeignKey(
        Representative, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    request_type = models.CharField(max_length=3, choices=RequestType.choices, blank=True)
    behaviour = models.JSONField(default=list, blank=True)
    #: the profile's ``[contact_scope]`` category staff gave (002 §2); blank: not classified (in scope)
    scope = models.CharField(max_length=40, blank=True)
    external_id = models.CharField(max_length=100, null=True, blank=True, unique=True)
    guidance = models.JSONField(null=True, blank=True)
    breach = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "occurred_at"]),
            models.Index(fields=["complaint", "occurred_at"]),
            models.Index(fields=["occurred_at"]),
        ]


class MarkerType(models.TextChoices):
    PROTOCOL_IN_PLACE = "protocol_in_place", "Communication protocol in place"
    POTENTIALLY_VIOLENT = "potentially_violent", "Potentially violent person"
    REGISTERED = "registered", "On the register"


class Marker(models.Model):
    """A staff-only flag on a person that other systems and every screen read (000 §6.5, 003 §22 eCase)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="markers")
    type = models.CharField(max_length=30, choices=MarkerType.choices)
    since = models.DateField()
    review_due_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    source_case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    # a potentially violent person marker recorded on its own (000 §7.2, 001 §6.3.1): the incident and police ref
    incident = models.TextField(blank=True)
    police_reference = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["since", "id"]
        indexes = [models.Index(fields=["customer", "ended_on"])]


class ImportStatus(models.TextChoices):
    RUNNING = "running", "Running"
    IMPORTED = "imported", "Imported"
    REJECTED = "rejected", "Rejected: bad rows"
    FAILED = "failed", "Failed"


class ImportJob(models.Model):
    """A contacts import run in the background by a task worker (``imports.run_import``); ``rows`` and
    ``bytes_read`` are filled in when it ends (live progress is in the shared cache meanwhile). Its table was
    ``indicators_importjob`` until the model moved here with the importer (migration ``records.0008``)."""

    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.RUNNING)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=200, blank=True)
    size_bytes = models.BigIntegerField(default=0)
    bytes_read = models.BigIntegerField(default=0)
    rows = models.PositiveBigIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True, help_text="the task queue's id of the run")

    def __str__(self) -> str:
        return f"import {self.pk} ({self.status})"


class ImportChunk(models.Model):
    """One piece of an import's uploaded file, kept in the database (not on one server's disk) until the import
    ends, so that any worker on any server can run it, and run it again if its worker dies."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "number"], name="import_chunk_once")]

    def __str__(self) -> str:
        return f"chunk {self.number} of import {self.job_id}"

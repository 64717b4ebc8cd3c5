"""The organisation, its staff and the cross-cutting records: audit trail, API tokens, notifications."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .profiles import GENERIC_ROLES


class Organisation(models.Model):
    """The one organisation a deployment serves, under its active policy profile."""

    name = models.CharField(max_length=200)
    profile = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class BusinessUnit(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="business_units")
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unique_unit_name")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff. ``roles`` holds generic role names (see ``profiles.GENERIC_ROLES``)."""

    roles = models.JSONField(default=list, blank=True)
    business_unit = models.ForeignKey(BusinessUnit, null=True, blank=True, on_delete=models.SET_NULL)
    job_title = models.CharField(max_length=200, blank=True)
    absent_from = models.DateField(null=True, blank=True)
    absent_until = models.DateField(null=True, blank=True)

    def has_role(self, *roles: str) -> bool:
        return any(r in self.roles for r in roles)

    def is_absent_on(self, day) -> bool:
        """Recorded leave covers ``day`` (SPOC deputy, 003 §28; monitoring officer, 002 §4)."""
        return bool(self.absent_from and self.absent_until and self.absent_from <= day <= self.absent_until)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def clean(self):
        unknown = [r for r in self.roles if r not in GENERIC_ROLES]
        if unknown:
            raise ValidationError(
                {"roles": f"unknown {'role' if len(unknown) == 1 else 'roles'}: {', '.join(unknown)}"}
            )


class ApiToken(models.Model):
    """An API token: only its SHA-256 is stored; the key is shown once when created."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def privileged(user: User) -> bool:
        """A user whose roles need two-factor sign-in (``FAIRCONTACT_OTP_REQUIRED_ROLES``): their tokens are short."""
        return user.has_role(*settings.FAIRCONTACT_OTP_REQUIRED_ROLES)

    @classmethod
    def lifetime(cls, user: User, days: int | None = None) -> tuple[timedelta, bool]:
        """How long a new token of ``user`` lives, and whether ``days`` was cut to the privileged limit
        (``FAIRCONTACT_PRIVILEGED_TOKEN_HOURS``, default 12)."""
        wanted = timedelta(days=days if days is not None else settings.FAIRCONTACT_TOKEN_DAYS)
        if cls.privileged(user):
            limit = timedelta(hours=settings.FAIRCONTACT_PRIVILEGED_TOKEN_HOURS)
            if wanted > limit:
                return limit, days is not None
        return wanted, False

    @classmethod
    def issue(cls, user: User, *, days: int | None = None) -> tuple[ApiToken, str]:
        """A new token; its expiry is on the wall clock (never the test clock ``FAIRCONTACT_TODAY``)."""
        key = "fc_" + secrets.token_urlsafe(32)
        life, _ = cls.lifetime(user, days)
        token = cls.objects.create(
            user=user, digest=cls.digest_of(key), prefix=key[:8], expires_at=timezone.now() + life
        )
        return token, key


class AuditEvent(models.Model):
    """Append-only audit trail: who did or saw what, when, from where, and why.

    Each row carries a keyed HMAC of its content and of the row before it, so that a changed, deleted or
    re-sealed row breaks the chain (see ``core.audit.check_chain``).
    """

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    customer_id = models.BigIntegerField(null=True, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    reason_digest = models.CharField(max_length=64, blank=True)  # sealed in place of the reason (core.audit)
    source = models.CharField(max_length=100, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=16, blank=True)  # which FAIRCONTACT_AUDIT_KEY sealed it (core.audit)

    class Meta:
        indexes = [
            models.Index(fields=["customer_id", "at"]),
            models.Index(fields=["actor", "at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]


class AuditHead(models.Model):
    """A single row holding the last audit hash and the number of rows; locking it serialises appends."""

    last_hash = models.CharField(max_length=64, default="0" * 64)
    count = models.BigIntegerField(default=0)


class Notification(models.Model):
    """An in-app message for one member of staff (breaches, reviews due, decisions awaiting them)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    text = models.CharField(max_length=500)
    link = models.CharField(max_length=300, blank=True)
    dedupe_key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"], condition=~models.Q(dedupe_key=""), name="unique_notification_key"
            )
        ]


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Being prepared"
    DONE = "done", "Ready to download"
    FAILED = "failed", "Could not be prepared"


class PreparedDocument(models.Model):
    """A document (evidence pack, board report) prepared in the background for the member of staff who asked for
    it, stored in the database until it expires (``core.documents``; docs/decisions/0019-prepared-documents.md).

    ``kind`` names a :class:`core.documents.DocumentKind` registered by the app that builds it; ``parameters`` are
    ids and dates only; ``reason`` is the reason for access the requester gave, carried over to the task's audited
    read and to each download; ``customer_id`` (no foreign key: core looks down on no app) is the customer whose
    records it holds, if any. Rows are deleted when they expire (``documents.expired_delete``, in the sweep)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40)
    requested_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    parameters = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    customer_id = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED)
    failure = models.CharField(max_length=500, blank=True)
    content = models.BinaryField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    size_bytes = models.BigIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "created_at"], name="prepared_by_user")]

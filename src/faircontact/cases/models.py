"""Cases about a customer's behaviour, every step taken on them, and the communication protocols they set."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from faircontact.core.models import BusinessUnit
from faircontact.records.models import Complaint, Contact, Customer, Representative


class Ground(models.TextChoices):
    PERSISTENT = "persistent", "Persistent contact"
    UNREASONABLE_DEMANDS = "unreasonable_demands", "Unreasonable demands"
    VEXATIOUS = "vexatious", "Vexatious"
    ABUSIVE = "abusive", "Abusive"
    AGGRESSIVE = "aggressive", "Aggressive"
    HARASSMENT = "harassment", "Harassment"
    NON_COOPERATION = "non_cooperation", "Non-co-operation"
    UPCC = "upcc", "Unreasonably persistent contact after a final response"


class State(models.TextChoices):
    OPEN = "open", "Open"
    DISCUSSED = "discussed", "Discussed with the customer"
    INITIAL_WARNING = "initial_warning", "Initial warning given"
    FORMAL_WARNING = "formal_warning", "Formal warning given"
    ASSESSMENT = "assessment", "Assessed"
    REFERRED = "referred", "Referred for a decision"
    DECIDED = "decided", "Decided: customer to be told"
    NO_ACTION = "no_action", "Decided: no action"
    RESTRICTED = "restricted", "Protocol in force"
    UNDER_REVIEW = "under_review", "Under review"
    UNDER_APPEAL = "under_appeal", "Under appeal"
    ENDED = "ended", "Ended"


class Outcome(models.TextChoices):
    """What a decision may be (a profile's ``[decision] outcomes`` picks among them)."""

    RESTRICT = "restrict", "Restrict contact"
    REGISTER = "register", "Place on the register"
    NO_ACTION = "no_action", "No action"


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", "Continue the arrangements"
    VARY = "vary", "Vary the arrangements"
    END = "end", "End the arrangements"


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", "Appeal upheld"
    DISMISSED = "dismissed", "Appeal dismissed"
    VARIED = "varied", "Appeal upheld in part: arrangements varied"


class Case(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="cases")
    grounds = models.JSONField(default=list)
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN, db_index=True)
    complaints = models.ManyToManyField(Complaint, blank=True, related_name="cases")
    evidence = models.ManyToManyField(Contact, blank=True, related_name="evidence_for")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_cases")
    business_unit = models.ForeignKey(BusinessUnit, null=True, blank=True, on_delete=models.SET_NULL)
    summary = models.TextField(blank=True)
    opened_on = models.DateField()
    # fairness before restriction (000 §8.2, 003 §4, Annex A)
    needs_considered_on = models.DateField(null=True, blank=True)
    reasons_for_behaviour = models.TextField(blank=True)
    adjustments_offered = models.JSONField(default=list, blank=True)
    # safeguarding and any support agency already involved (000 §6, 001 §5, 002 §1 Safeguarding, 003 Annex A)
    safeguarding_considered = models.BooleanField(default=False)
    safeguarding_notes = models.TextField(blank=True)
    support_agency = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    # referral and decision
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referred_on = models.DateField(null=True, blank=True)
    decision_maker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="cases_to_decide"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, blank=True, choices=Outcome.choices)
    decision_reasons = models.TextField(blank=True)
    police_reference = models.CharField(max_length=60, blank=True)
    notified_on = models.DateField(null=True, blank=True)
    appeal_received_on = models.DateField(null=True, blank=True)
    appeal_grounds = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    # computed deadlines, kept current by the services so queues can query them
    decision_due_on = models.DateField(null=True, blank=True, db_index=True)
    review_due_on = models.DateField(null=True, blank=True, db_index=True)
    appeal_due_on = models.DateField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["customer", "state"])]


class CaseAction(models.Model):
    """One step taken on a case: who, when it happened (``on``), the state before and after, and its details."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=30)
    actor = models.ForeignKey(  # null: the scheduled sweep
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField()
    from_state = models.CharField(max_length=20)
    to_state = models.CharField(max_length=20)
    note = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]


class ProtocolStatus(models.TextChoices):
    DRAFT = "draft", "Decided, customer not yet told"
    IN_FORCE = "in_force", "In force"
    ENDED = "ended", "Ended"
    SUPERSEDED = "superseded", "Replaced by a varied protocol"


class Protocol(models.Model):
    """The restrictions a decision sets (001 §6.4, 002 §4, 003 §28-31), with scope, dates and review."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="protocols")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="protocols")
    representative = models.ForeignKey(Representative, null=True, blank=True, on_delete=models.CASCADE)
    business_unit = models.ForeignKey(BusinessUnit, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=12, choices=ProtocolStatus.choices, default=ProtocolStatus.DRAFT)
    channels_allowed = models.JSONField(default=list)
    times = models.JSONField(default=list, blank=True)
    spoc = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    spoc_deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledge_only_complaints = models.ManyToManyField(Complaint, blank=True, related_name="+")
    third_party_only = models.BooleanField(default=False)
    third_party = models.CharField(max_length=200, blank=True)
    appointment_only = models.BooleanField(default=False)
    buildings_banned = models.JSONField(default=list, blank=True)
    issue_limit = models.JSONField(null=True, blank=True)
    health_and_safety_only_until = models.DateField(null=True, blank=True)
    suspended_until = models.DateField(null=True, blank=True)
    behaviour_agreement = models.BooleanField(default=False)
    #: ``{"calls_per_week": N, "max_minutes": M}``: inbound calls counted Monday to Sunday (LGSCO guidance part 6)
    call_limits = models.JSONField(null=True, blank=True)
    #: meetings and visits only with a second officer present (000 §6.3)
    meetings_witnessed = models.BooleanField(default=False)
    #: correspondence about these complaints is read and placed on file, not acknowledged (000 §6.3)
    file_without_reply_complaints = models.ManyToManyField(Complaint, blank=True, related_name="+")
    override_reasons = models.TextField(blank=True)
    frequency = models.CharField(max_length=300, blank=True)  # how often contact and updates take place (001 §6.5.4)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    review_due_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    #: the day it came into force: the notify, immediate action, review or appeal that brought it in (empty for a
    #: draft, and for a draft that never came into force)
    in_force_from = models.DateField(null=True, blank=True)
    #: the protocol in force that this one varied (a review's ``vary``, an appeal's ``varied``; 000 §8.2, §9.1)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["customer", "status"])]


class Breach(models.Model):
    """Contact outside a protocol (000 §8.4, 003 §35), linked to the case and counted in reviews."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="breaches")
    protocol = models.ForeignKey(Protocol, null=True, blank=True, on_delete=models.SET_NULL)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="breaches")
    reasons = models.JSONField(default=list)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]
        constraints = [models.UniqueConstraint(fields=["case", "contact"], name="one_breach_per_contact")]

"""Forms for cases: opening one, one form per action, and the reusable communication protocol form.

Each action form's :meth:`ActionForm.action_data` builds the same ``data`` dict that ``POST /cases/{id}/actions``
passes to :func:`faircontact.cases.services.case_act`; the services decide what is allowed. A refusal naming a
field (``reasons``, ``protocol.channels_allowed``) is shown against that field by :func:`add_case_error`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from django import forms
from django.utils import timezone

from faircontact.cases.models import Ground
from faircontact.cases.protocols import DAY_NAMES, DAYS
from faircontact.core.errors import DomainError
from faircontact.core.models import BusinessUnit, User
from faircontact.core.profiles import active_profile
from faircontact.pages.forms import DateField, LimitedForm, lines
from faircontact.records.models import Behaviour, Channel

#: ``(case) -> letters``: the case's issued letters, newest first, for "notify" to name the one that told the
#: customer. ``letters`` sits above ``cases`` and sets the one function in its ``ready``.
ISSUED_LETTERS: list[Callable] = []

OUTCOME_LABELS = {
    "restrict": "Restrict contact with a communication protocol",
    "register": "Register the customer: acknowledge-only complaints and a communication protocol",
    "no_action": "Take no action",
    "continue": "Continue the protocol unchanged",
    "vary": "Vary the protocol",
    "end": "End the protocol",
    "upheld": "Uphold the appeal: the protocol ends",
    "dismissed": "Dismiss the appeal: the protocol continues",
    "varied": "Vary the protocol",
    "unacceptable": "The behaviour is unacceptable",
    "not_unacceptable": "The behaviour is not unacceptable",
}
#: the outcome of each action that carries a new protocol (``None``: every outcome does)
PROTOCOL_OUTCOMES = {
    "decide": ("restrict", "register"),
    "immediate_action": None,
    "review": ("vary",),
    "decide_appeal": ("varied",),
}


def _staff_choices(*, empty: str, roles: tuple[str, ...] = (), exclude=None) -> list[tuple[str, str]]:
    staff = [
        u
        for u in User.objects.filter(is_active=True).order_by("last_name", "first_name", "username")
        if (not roles or u.has_role(*roles)) and u != exclude
    ]
    return [("", empty)] + [(str(u.pk), u.display_name) for u in staff]


def _contact_label(contact) -> str:
    return f"{timezone.localtime(contact.occurred_at):%-d %b %Y %H:%M}, {contact.get_channel_display().lower()}" + (
        f": {contact.subject[:60]}" if contact.subject else ""
    )


def recent_contacts(customer, limit: int = 50):
    return customer.contacts.order_by("-occurred_at", "-id")[:limit]


class CaseOpenForm(LimitedForm):
    grounds = forms.MultipleChoiceField(
        label="Grounds for the case",
        choices=Ground.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one ground."},
    )
    complaints = forms.MultipleChoiceField(
        label="Complaints concerned", widget=forms.CheckboxSelectMultiple, required=False
    )
    evidence = forms.MultipleChoiceField(
        label="Evidence: the contacts that show the behaviour", widget=forms.CheckboxSelectMultiple, required=False
    )
    summary = forms.CharField(label="Summary of the concern", widget=forms.Textarea, required=False)

    def __init__(self, *args, customer, **kwargs):
        super().__init__(*args, **kwargs)
        profile = active_profile()
        self.fields["grounds"].choices = [(g, profile.ground_label(g)) for g in profile.grounds_allowed]
        self.complaints = {str(c.pk): c for c in customer.complaints.all()}
        self.contacts = {str(c.pk): c for c in recent_contacts(customer)}
        self.fields["complaints"].choices = [
            (pk, f"{c.reference}: {c.summary[:60]}") for pk, c in self.complaints.items()
        ]
        self.fields["evidence"].choices = [(pk, _contact_label(c)) for pk, c in self.contacts.items()]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "grounds": d["grounds"],
            "complaints": [self.complaints[pk] for pk in d["complaints"]],
            "evidence": [self.contacts[pk] for pk in d["evidence"]],
            "summary": d["summary"],
        }


class ProtocolForm(LimitedForm):
    """The terms of a communication protocol (``ProtocolIn`` of the API), offering only the restriction types
    the active profile allows (000 §6.3, 001 §6.4, 002 §4, 003 §28-31)."""

    prefix = "protocol"

    channels_allowed = forms.MultipleChoiceField(
        label="Ways the customer may contact us",
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    phone_days = forms.MultipleChoiceField(
        label="Days phone calls are taken",
        choices=list(DAY_NAMES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    phone_from = forms.CharField(label="Phone calls from", max_length=5, required=False)
    phone_to = forms.CharField(label="Phone calls until", max_length=5, required=False)
    spoc = forms.ChoiceField(label="Single point of contact", required=False)
    spoc_deputy = forms.ChoiceField(label="Deputy single point of contact", required=False)
    acknowledge_only_complaints = forms.MultipleChoiceField(
        label="Acknowledge-only complaints", widget=forms.CheckboxSelectMultiple, required=False
    )
    file_without_reply_complaints = forms.MultipleChoiceField(
        label="Complaints whose correspondence is filed without reply",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    calls_per_week = forms.IntegerField(
        label="Most calls a week (Monday to Sunday)",
        min_value=1,
        required=False,
        error_messages={"invalid": "Calls a week must be a whole number.", "min_value": "Allow at least 1 call."},
    )
    call_max_minutes = forms.IntegerField(
        label="Longest call, in minutes",
        min_value=1,
        required=False,
        error_messages={"invalid": "Minutes must be a whole number.", "min_value": "Allow at least 1 minute."},
    )
    meetings_witnessed = forms.BooleanField(label="Meetings only with a second officer present", required=False)
    third_party_only = forms.BooleanField(label="Contact only through a third party", required=False)
    third_party = forms.CharField(label="Name of the third party", max_length=200, required=False)
    appointment_only = forms.BooleanField(label="Visits by appointment only", required=False)
    frequency = forms.CharField(
        label="How often contact and updates will take place", max_length=300, required=False
    )  # 001 §6.5.4
    buildings_banned = forms.CharField(
        label="Buildings the customer may not visit", widget=forms.Textarea, required=False
    )
    issue_limit_count = forms.IntegerField(
        label="Most new issues in a period",
        min_value=1,
        required=False,
        error_messages={
            "invalid": "The issue limit must be a whole number.",
            "min_value": "The issue limit must be at least 1.",
        },
    )
    issue_limit_days = forms.IntegerField(
        label="Period, in days",
        min_value=1,
        required=False,
        initial=30,
        error_messages={
            "invalid": "The period must be a whole number of days.",
            "min_value": "The period must be at least 1 day.",
        },
    )
    health_and_safety_only_until = DateField(label="Health and safety matters only until")
    suspended_until = DateField(label="Contact suspended pending legal advice until")
    behaviour_agreement = forms.BooleanField(
        label="The customer has signed an acceptable behaviour agreement", required=False
    )
    representative = forms.ChoiceField(label="Applies to", required=False)
    business_unit = forms.ChoiceField(label="Scope", required=False)
    starts_on = DateField(label="Start date")
    ends_on = DateField(label="End date")
    review_due_on = DateField(label="Review date")
    override_reasons = forms.CharField(
        label="Reasons for overriding an agreed adjustment", widget=forms.Textarea, required=False
    )

    #: restriction type (profile ``[restrictions].allowed``) -> the fields that set it
    RESTRICTION_FIELDS = {
        "scheduled_times": ("phone_days", "phone_from", "phone_to"),
        "spoc": ("spoc", "spoc_deputy"),
        "acknowledge_only": ("acknowledge_only_complaints",),
        "third_party_only": ("third_party_only", "third_party"),
        "appointment_only": ("appointment_only",),
        "building_ban": ("buildings_banned",),
        "issue_limit": ("issue_limit_count", "issue_limit_days"),
        "health_and_safety_only": ("health_and_safety_only_until",),
        "suspension_pending_legal_advice": ("suspended_until",),
        "behaviour_agreement": ("behaviour_agreement",),
        "call_limits": ("calls_per_week", "call_max_minutes"),
        "witnessed_meetings": ("meetings_witnessed",),
        "file_without_reply": ("file_without_reply_complaints",),
    }
    #: error fields of ``parse_protocol`` / ``check_protocol`` that are not this form's own names
    FIELD_MAP = {"times": "phone_from", "issue_limit": "issue_limit_count", "call_limits": "calls_per_week", "": None}

    def __init__(self, *args, customer, profile, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("channels_allowed", list(Channel.values))
        super().__init__(*args, **kwargs)
        allowed = set(profile.restrictions["allowed"])
        for kind, names in self.RESTRICTION_FIELDS.items():
            if kind not in allowed:
                for name in names:
                    del self.fields[name]
        if "spoc" in self.fields:
            self.fields["spoc"].choices = _staff_choices(empty="None")
            self.fields["spoc_deputy"].choices = _staff_choices(empty="None")
        if "acknowledge_only_complaints" in self.fields:
            self.fields["acknowledge_only_complaints"].choices = [
                (str(c.pk), f"{c.reference}: full and final response {c.final_response_on:%-d %B %Y}")
                for c in customer.complaints.filter(final_response_on__isnull=False)
            ]
        if "file_without_reply_complaints" in self.fields:
            self.fields["file_without_reply_complaints"].choices = [
                (str(c.pk), f"{c.reference}: {c.summary[:60]}") for c in customer.complaints.all()
            ]
        self.fields["representative"].choices = [("", f"{customer.name} (the customer)")] + [
            (str(r.pk), f"{r.name}, in their own right") for r in customer.representatives.all()
        ]
        self.fields["business_unit"].choices = [("", "The whole organisation")] + [
            (u.name, u.name) for u in BusinessUnit.objects.order_by("name")
        ]

    def field_for(self, error_field: str) -> str | None:
        """This form's field for an error named like ``protocol.times[0].days``; ``None`` for the whole form."""
        name = re.sub(r"\[\d+\].*$", "", error_field.removeprefix(self.prefix).lstrip("."))
        name = self.FIELD_MAP.get(name, name)
        return name if name in self.fields else None

    def clean(self):
        data = super().clean()
        if "phone_days" in self.fields and (data.get("phone_from") or data.get("phone_to")):
            if "phone" not in (data.get("channels_allowed") or []):
                self.add_error("phone_from", "Allow phone calls before setting the times they are taken.")
            elif not (data.get("phone_from") and data.get("phone_to")):
                self.add_error(
                    "phone_to" if data.get("phone_from") else "phone_from", "Give both times, like 10:00 and 12:00."
                )
        return data

    def protocol_data(self) -> dict:
        """The ``protocol`` object of the action payload, with only the terms that were set."""
        d = self.cleaned_data
        data: dict = {"channels_allowed": d["channels_allowed"]}
        if d.get("phone_from"):
            data["times"] = [
                {
                    "channel": "phone",
                    "days": d["phone_days"] or list(DAYS),
                    "from": d["phone_from"],
                    "to": d["phone_to"],
                }
            ]
        for name in ("spoc", "spoc_deputy", "representative", "business_unit", "third_party", "override_reasons"):
            if d.get(name):
                data[name] = d[name]
        if d.get("file_without_reply_complaints"):
            data["file_without_reply_complaints"] = d["file_without_reply_complaints"]
        if d.get("calls_per_week"):
            data["call_limits"] = {"calls_per_week": d["calls_per_week"]}
            if d.get("call_max_minutes"):
                data["call_limits"]["max_minutes"] = d["call_max_minutes"]
        for name in ("third_party_only", "behaviour_agreement", "meetings_witnessed"):
            if d.get(name):
                data[name] = True
        if "appointment_only" in self.fields:  # the box states it either way (001 §6.5.4)
            data["appointment_only"] = bool(d.get("appointment_only"))
        if d.get("frequency"):
            data["frequency"] = d["frequency"]
        if d.get("acknowledge_only_complaints"):
            data["acknowledge_only_complaints"] = d["acknowledge_only_complaints"]
        if d.get("buildings_banned"):
            data["buildings_banned"] = lines(d["buildings_banned"])
        if d.get("issue_limit_count"):
            data["issue_limit"] = {"count": d["issue_limit_count"], "period_days": d.get("issue_limit_days") or 30}
        for name in ("health_and_safety_only_until", "suspended_until", "starts_on", "ends_on", "review_due_on"):
            if d.get(name):
                data[name] = d[name]
        return data


class ActionForm(LimitedForm):
    """What every action records: the date it happened (not in the future) and an optional note."""

    action = ""
    on = DateField(label="Date it happened", required=True)
    note = forms.CharField(label="Note", widget=forms.Textarea, required=False)

    def __init__(self, *args, case, user, profile, today: date, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("on", today)
        super().__init__(*args, **kwargs)
        self.case, self.user, self.profile, self.today = case, user, profile, today

    def clean_on(self):
        value = self.cleaned_data["on"]
        if value and value > self.today:
            raise forms.ValidationError("The date it happened cannot be in the future.")
        return value

    def action_data(self) -> dict:
        """The payload for ``case_act`` (as ``ActionIn`` gives it): the action and every field of this form."""
        data = {"action": self.action}
        for name, value in self.cleaned_data.items():
            if name == "adjustments_offered":
                value = lines(value)
            elif name.startswith("support_agency_"):
                if value not in (None, ""):
                    data.setdefault("support_agency", {})[name.removeprefix("support_agency_")] = value
                continue
            elif name in ("decision_maker", "contact", "received_on", "letter") and not value:
                continue
            data[name] = value
        return data

    def needs_protocol(self) -> bool:
        """Whether this action, with the outcome chosen, sets a new protocol (validated with this form)."""
        if self.action not in PROTOCOL_OUTCOMES:
            return False
        outcomes = PROTOCOL_OUTCOMES[self.action]
        return outcomes is None or self.data.get("outcome") in outcomes


def _channel_field(label="How the customer was contacted"):
    return forms.ChoiceField(
        label=label,
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the customer was contacted."},
    )


def _reasons_field(label="Reasons", message="Give the reasons."):
    return forms.CharField(label=label, widget=forms.Textarea, error_messages={"required": message})


def _outcome_field(label: str, outcomes: tuple[str, ...] = ()):
    return forms.ChoiceField(
        label=label,
        widget=forms.RadioSelect,
        choices=[(o, OUTCOME_LABELS[o]) for o in outcomes],
        error_messages={"required": "Choose the outcome."},
    )


class RecordDiscussionForm(ActionForm):
    action = "record_discussion"
    channel = _channel_field()


class WarningForm(ActionForm):
    action = "initial_warning"
    channel = _channel_field("How the warning was given")
    behaviour = forms.MultipleChoiceField(
        label="Behaviour the warning is about",
        choices=Behaviour.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class FormalWarningForm(WarningForm):
    action = "formal_warning"


class ConsiderNeedsForm(ActionForm):
    """Support needs, vulnerability, safeguarding, any support agency and the reasons for the behaviour considered
    (000 §6, §8.2; 001 §5; 002 §1 Safeguarding; 003 §4, Annex A)."""

    action = "consider_needs"
    support_needs_considered = forms.BooleanField(
        label="I have considered the customer's support needs and vulnerability",
        error_messages={"required": "Confirm that the customer's support needs and vulnerability were considered."},
    )
    safeguarding_considered = forms.BooleanField(
        label="I have considered safeguarding, and raised any concern under the safeguarding procedures",
        error_messages={"required": "Confirm that safeguarding was considered."},
    )
    safeguarding_notes = forms.CharField(label="Safeguarding notes", widget=forms.Textarea, required=False)
    support_agency_name = forms.CharField(label="Support agency already involved", required=False, max_length=200)
    support_agency_contacted_on = DateField(label="Date the agency was contacted", required=False)
    support_agency_outcome = forms.CharField(label="Outcome of the contact", widget=forms.Textarea, required=False)
    reasons_for_behaviour = _reasons_field(
        "What is understood of the reasons for the behaviour",
        "Record what is understood of the reasons for the behaviour.",
    )
    adjustments_offered = forms.CharField(label="Reasonable adjustments offered", widget=forms.Textarea, required=False)


class AssessForm(ActionForm):
    """Unacceptable Behaviour Assessment (001 §6.5.3); the figures from the contact log are shown with it."""

    action = "assess"
    conclusion = forms.ChoiceField(
        label="Conclusion",
        widget=forms.RadioSelect,
        choices=[(o, OUTCOME_LABELS[o]) for o in ("unacceptable", "not_unacceptable")],
        error_messages={"required": "Choose the conclusion."},
    )
    findings = _reasons_field("Findings", "Record the findings of the assessment.")


class ReferForm(ActionForm):
    action = "refer"
    decision_maker = forms.ChoiceField(label="Decision maker", required=False)
    approved_by = forms.ChoiceField(label="Approved by", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_maker"].choices = _staff_choices(
            empty="Anyone who may decide", roles=self.profile.steps["decide"].roles, exclude=self.user
        )
        approvers = self.profile.steps["refer"].approved_by  # 003 §22: the line manager's approval
        if approvers:
            self.fields["approved_by"] = forms.ChoiceField(
                label="Approved by",
                choices=_staff_choices(empty="Choose", roles=approvers, exclude=self.user),
                error_messages={"required": "Choose who approved the referral."},
            )
        else:
            del self.fields["approved_by"]


class DecideForm(ActionForm):
    """A decision by the authorised senior person (000 §8.1, 001 §6.5.4, 002 §4, 003 §23-24), with the outcomes
    the profile allows."""

    action = "decide"
    outcome = _outcome_field("Decision")
    reasons = _reasons_field("Reasons for the decision", "Give the reasons for the decision.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o, OUTCOME_LABELS[o]) for o in self.profile.decision["outcomes"]]


class ImmediateActionForm(ActionForm):
    """Violence or threats: a protocol at once with senior sign-off (000 §7, 001 §6.5)."""

    action = "immediate_action"
    reasons = _reasons_field(
        "What happened and why immediate action is needed", "Give the reasons for immediate action."
    )
    police_reference = forms.CharField(label="Police reference", max_length=60, required=False)


class NotifyForm(ActionForm):
    action = "notify"
    channel = _channel_field("How the customer was told")
    letter = forms.ChoiceField(label="The letter that told them", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        (issued,) = ISSUED_LETTERS
        letters = issued(self.case)
        self.fields["letter"].choices = [("", "Not recorded here")] + [
            (str(letter.pk), f"{self.profile.letter_label(letter.kind)}, letter {letter.pk}") for letter in letters
        ]


class ReviewForm(ActionForm):
    """Continue, vary or end the protocol (000 §8.2, 001 §6.5.6, 002 §4, 003 Annex C)."""

    action = "review"
    outcome = _outcome_field("Outcome of the review", ("continue", "vary", "end"))
    reasons = _reasons_field("Reasons for the outcome", "Give the reasons for the review outcome.")


class AppealForm(ActionForm):
    action = "appeal"
    grounds = _reasons_field("Grounds of the appeal", "Record the grounds of the appeal.")
    received_on = DateField(label="Date the appeal was received")


class DecideAppealForm(ActionForm):
    action = "decide_appeal"
    outcome = _outcome_field("Outcome of the appeal", ("upheld", "dismissed", "varied"))
    reasons = _reasons_field("Reasons for the outcome", "Give the reasons for the appeal outcome.")


class RecordBreachForm(ActionForm):
    action = "record_breach"
    contact = forms.ChoiceField(
        label="The contact that breached the protocol",
        error_messages={"required": "Choose the contact that breached the protocol."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].choices = [("", "Choose a contact")] + [
            (str(c.pk), _contact_label(c)) for c in recent_contacts(self.case.customer)
        ]


class CloseForm(ActionForm):
    action = "close"
    reasons = _reasons_field("Reasons for closing the case", "Give the reasons for closing the case.")


ACTION_FORMS: dict[str, type[ActionForm]] = {
    form.action: form
    for form in (
        RecordDiscussionForm,
        WarningForm,
        FormalWarningForm,
        ConsiderNeedsForm,
        AssessForm,
        ReferForm,
        DecideForm,
        ImmediateActionForm,
        NotifyForm,
        ReviewForm,
        AppealForm,
        DecideAppealForm,
        RecordBreachForm,
        CloseForm,
    )
}


def add_case_error(form: forms.Form, protocol_form: ProtocolForm | None, error: DomainError) -> None:
    """Show a refusal against the field it names: ``protocol.*`` on the protocol form, others on the action form;
    a refusal about no field (409: not allowed now or not by this user) at the top."""
    name = error.field or ""
    if protocol_form is not None and (name == "protocol" or name.startswith("protocol.")):
        protocol_form.add_error(protocol_form.field_for(name), error.message)
        return
    form.add_error(name if name in form.fields else None, error.message)

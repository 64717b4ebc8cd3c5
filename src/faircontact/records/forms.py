"""Forms of the records pages (customers, representatives, complaints, contacts): they parse what staff type; the
services decide what is allowed.

Each form names its fields after the service's keys where it can, so a :class:`DomainError` naming a field
is shown against that field (``pages.forms.add_domain_error``). Dates use the GOV.UK three-part date input.
"""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.utils import timezone

from faircontact.core import clock
from faircontact.core.errors import DomainError
from faircontact.core.models import BusinessUnit, User
from faircontact.core.profiles import active_profile
from faircontact.pages.forms import DateField, LimitedForm, lines
from faircontact.records import equality
from faircontact.records.models import (
    Behaviour,
    Channel,
    Direction,
    PreferredFormat,
    Relationship,
    RequestType,
    Stage,
)


def _unit_choices():
    return [("", "None")] + [(u.name, u.name) for u in BusinessUnit.objects.order_by("name")]


class CustomerForm(LimitedForm):
    reference = forms.CharField(
        label="Customer reference", max_length=40, error_messages={"required": "Enter the customer's reference."}
    )
    name = forms.CharField(label="Full name", max_length=200, error_messages={"required": "Enter the customer's name."})
    address = forms.CharField(label="Address", widget=forms.Textarea, required=False)
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address in the right format, like name@example.com."},
    )
    phone = forms.CharField(label="Phone number", max_length=40, required=False)
    nino = forms.CharField(label="National Insurance number", max_length=13, required=False)
    business_unit = forms.ChoiceField(label="Business unit", required=False)
    support_needs = forms.CharField(
        label="Support needs and reasonable adjustments", widget=forms.Textarea, required=False
    )
    vulnerable = forms.BooleanField(label="The customer is vulnerable", required=False)
    preferred_format = forms.ChoiceField(
        label="Preferred format for letters", choices=PreferredFormat.choices, initial=PreferredFormat.STANDARD
    )
    preferred_channel = forms.ChoiceField(
        label="Preferred way to contact them", choices=[("", "No preference")] + Channel.choices, required=False
    )
    # equality monitoring (001 §7.1): optional, in the categories the equality report uses
    ethnicity = forms.ChoiceField(
        label="Ethnic group (optional)",
        choices=[("", "Not asked or not recorded")] + [(e, e) for e in equality.ETHNICITIES],
        required=False,
    )
    disability = forms.ChoiceField(
        label="Are their day-to-day activities limited by a health problem or disability? (optional)",
        choices=[("", "Not asked or not recorded")] + [(d, d) for d in equality.DISABILITIES],
        widget=forms.RadioSelect,
        required=False,
        initial="",
    )
    language = forms.ChoiceField(
        label="Language for letters",
        choices=[("en", "English"), ("cy", "Welsh (Cymraeg)")],
        initial="en",
        required=False,
        help_text="Letters are drafted in Welsh where the organisation has a Welsh template, and say so where not.",
    )

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or "en"

    # an optional first representative, only when adding a customer
    rep_name = forms.CharField(label="Representative's name", max_length=200, required=False)
    rep_relationship = forms.ChoiceField(
        label="Relationship", choices=[("", "Choose")] + Relationship.choices, required=False
    )
    rep_may_act = forms.BooleanField(label="They have the customer's authority to act for them", required=False)

    FIELD_MAP = {
        "identifiers.nino": "nino",
        "representatives[0].name": "rep_name",
        "representatives[0].relationship": "rep_relationship",
    }

    def __init__(self, *args, with_representative: bool = True, equality_shown: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.equality_shown = equality_shown
        self.fields["business_unit"].choices = _unit_choices()
        if not with_representative:
            for name in ("rep_name", "rep_relationship", "rep_may_act"):
                del self.fields[name]

    @classmethod
    def initial_for(cls, customer, *, equality_shown: bool = False) -> dict:
        """The customer's values; equality monitoring only for those whose role may see it (least privilege)."""
        shown = {"ethnicity": customer.ethnicity, "disability": customer.disability} if equality_shown else {}
        return shown | {
            "reference": customer.reference,
            "name": customer.name,
            "address": customer.address,
            "email": customer.email,
            "phone": customer.phone,
            "nino": customer.identifiers.get("nino", ""),
            "business_unit": customer.business_unit.name if customer.business_unit_id else "",
            "support_needs": "\n".join(customer.support_needs),
            "vulnerable": customer.vulnerable,
            "preferred_format": customer.preferred_format,
            "preferred_channel": customer.preferred_channel,
            "language": customer.language,
        }

    def partial_data(self) -> dict:
        """The values the form accepted so far, as the service checks them (for ``customer_problems``)."""
        d = self.cleaned_data
        data = {"identifiers": {"nino": d["nino"]} if d.get("nino") else {}}
        data.update({k: d[k] for k in ("ethnicity", "disability") if d.get(k)})
        if d.get("rep_name") or d.get("rep_relationship"):
            data["representatives"] = [{"name": d.get("rep_name", ""), "relationship": d.get("rep_relationship", "")}]
        return data

    def service_data(self, *, identifiers: dict | None = None) -> dict:
        """The cleaned values as ``customer_create`` / ``customer_update`` take them."""
        d = self.cleaned_data
        data = {
            k: d[k]
            for k in (
                "reference",
                "name",
                "address",
                "email",
                "phone",
                "vulnerable",
                "preferred_format",
                "preferred_channel",
                "language",
                "business_unit",
            )
        }
        data["support_needs"] = lines(d["support_needs"])
        data["identifiers"] = dict(identifiers or {}, nino=d["nino"])
        for key in ("ethnicity", "disability"):  # unseen and left blank on a change: kept as recorded
            if d.get(key) or self.equality_shown:
                data[key] = d.get(key) or ""
        if d.get("rep_name") or d.get("rep_relationship"):
            data["representatives"] = [
                {"name": d["rep_name"], "relationship": d["rep_relationship"], "may_act": d["rep_may_act"]}
            ]
        return data


class RepresentativeForm(LimitedForm):
    name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter the representative's name."}
    )
    relationship = forms.ChoiceField(
        label="Relationship to the customer",
        choices=Relationship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the relationship to the customer."},
    )
    may_act = forms.BooleanField(label="They have the customer's authority to act for them", required=False)
    address = forms.CharField(label="Address", widget=forms.Textarea, required=False)
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address in the right format, like name@example.com."},
    )

    FIELD_MAP = {"representatives[0].name": "name", "representatives[0].relationship": "relationship"}


class ComplaintForm(LimitedForm):
    reference = forms.CharField(
        label="Complaint reference", max_length=40, error_messages={"required": "Enter the complaint reference."}
    )
    summary = forms.CharField(
        label="What the complaint is about",
        widget=forms.Textarea,
        error_messages={"required": "Enter a summary of the complaint."},
    )
    stage = forms.ChoiceField(label="Stage", choices=Stage.choices, widget=forms.RadioSelect, initial=Stage.STAGE1)
    business_unit = forms.ChoiceField(label="Business unit", required=False)
    received_on = DateField(label="Date received")
    escalation_route = forms.CharField(label="Escalation route", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business_unit"].choices = _unit_choices()


class ComplaintEditForm(LimitedForm):
    summary = forms.CharField(
        label="What the complaint is about",
        widget=forms.Textarea,
        error_messages={"required": "Enter a summary of the complaint."},
    )
    stage = forms.ChoiceField(label="Stage", choices=Stage.choices, widget=forms.RadioSelect)
    escalation_route = forms.CharField(label="Escalation route", max_length=300, required=False)
    final_response_on = DateField(label="Date of the full and final response")
    final_response_by = forms.ChoiceField(label="Full and final response given by", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(is_active=True).order_by("last_name", "first_name", "username")
        self.fields["final_response_by"].choices = [("", "Choose")] + [(str(u.pk), u.display_name) for u in staff]

    def clean(self):
        data = super().clean()
        if data.get("final_response_on") and not data.get("final_response_by"):
            self.add_error("final_response_by", "Choose who gave the full and final response.")
        return data

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        data.setdefault("escalation_route", "")
        return data


class ContactForm(LimitedForm):
    """Every field of a contact in the API contract, plus the officer's own judgements for the gate."""

    channel = forms.ChoiceField(
        label="How was the contact made?",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the contact was made."},
    )
    direction = forms.ChoiceField(
        label="Who made the contact?", choices=Direction.choices, widget=forms.RadioSelect, initial=Direction.INBOUND
    )
    occurred_on = DateField(label="Date of the contact", required=True)
    occurred_time = forms.CharField(
        label="Time of the contact", max_length=5, error_messages={"required": "Enter the time of the contact."}
    )
    staff_minutes = forms.IntegerField(
        label="Staff time spent, in minutes",
        min_value=0,
        max_value=24 * 60,
        initial=0,
        required=False,
        error_messages={
            "invalid": "Staff minutes must be a whole number.",
            "min_value": "Staff minutes cannot be negative.",
            "max_value": "Staff minutes must be 1440 or fewer.",
        },
    )
    complaint = forms.ChoiceField(label="Complaint it is about", required=False)
    from_representative = forms.ChoiceField(label="Who actually wrote or called", required=False)
    recipients = forms.CharField(label="Recipients", widget=forms.Textarea, required=False)
    subject = forms.CharField(label="Subject", max_length=300, required=False)
    body = forms.CharField(label="What was said or written", widget=forms.Textarea, required=False)
    urgent = forms.BooleanField(label="It is urgent", required=False)
    health_and_safety = forms.BooleanField(label="It is about health and safety", required=False)
    new_issue = forms.BooleanField(label="It raises a new issue", required=False)
    appointment = forms.BooleanField(label="The visit was by appointment", required=False)
    request_type = forms.ChoiceField(
        label="Is it a request for information?",
        choices=[("", "No")] + RequestType.choices,
        widget=forms.RadioSelect,
        required=False,
        initial="",
    )
    behaviour = forms.MultipleChoiceField(
        label="Behaviour during the contact",
        choices=Behaviour.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    scope = forms.ChoiceField(label="Is it within the policy?", widget=forms.RadioSelect, required=False, initial="")

    FIELD_MAP = {"occurred_at": "occurred_on"}

    def __init__(self, *args, customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.customer = customer
        self.complaints = {str(c.pk): c for c in customer.complaints.all()}
        self.representatives = {str(r.pk): r for r in customer.representatives.all()}
        self.fields["complaint"].choices = [("", "Not about a recorded complaint")] + [
            (pk, f"{c.reference}: {c.summary[:60]}") for pk, c in self.complaints.items()
        ]
        self.fields["from_representative"].choices = [("", "The customer")] + [
            (pk, f"{r.name} ({r.get_relationship_display()})") for pk, r in self.representatives.items()
        ]
        # the profile's scope categories (002 §2); without them the question is not asked
        categories = active_profile().scope_categories()
        if categories:
            self.fields["scope"].choices = [("", "Not classified")] + list(categories.items())
        else:
            del self.fields["scope"]

    @classmethod
    def initial_at(cls, now: datetime) -> dict:
        local = timezone.localtime(now)
        return {"occurred_on": local.date(), "occurred_time": local.strftime("%H:%M")}

    def clean_occurred_time(self):
        value = self.cleaned_data["occurred_time"].strip().replace(".", ":")
        try:
            return time.fromisoformat(value if len(value) == 5 else value.zfill(5))
        except ValueError:
            raise forms.ValidationError("Enter the time in 24-hour format, like 14:30.")

    def clean(self):
        data = super().clean()
        if data.get("occurred_on") and data.get("occurred_time"):
            try:
                clock.aware(datetime.combine(data["occurred_on"], data["occurred_time"]), field="occurred_time")
            except DomainError as error:
                self.add_error("occurred_time", error.message)
        return data

    def partial_data(self) -> dict:
        """What the form accepted so far, for the service's own checks (such as "cannot be in the future")."""
        d = self.cleaned_data
        data = {"customer": self.customer, "channel": d.get("channel")}
        if d.get("occurred_on") and d.get("occurred_time"):
            data["occurred_at"] = timezone.make_aware(datetime.combine(d["occurred_on"], d["occurred_time"]))
        return data

    def contact_data(self) -> dict:
        """The values as ``records.services.validate_contact`` takes them (objects resolved, time made aware)."""
        d = self.cleaned_data
        occurred_at = clock.aware(datetime.combine(d["occurred_on"], d["occurred_time"]), field="occurred_time")
        return {
            "customer": self.customer,
            "occurred_at": occurred_at,
            "channel": d["channel"],
            "direction": d["direction"] or Direction.INBOUND,
            "staff_minutes": d["staff_minutes"] or 0,
            "complaint": self.complaints.get(d["complaint"]),
            "recipients": lines(d["recipients"]),
            "subject": d["subject"],
            "body": d["body"],
            "urgent": d["urgent"],
            "health_and_safety": d["health_and_safety"],
            "new_issue": d["new_issue"],
            "appointment": d["appointment"],
            "from_representative": self.representatives.get(d["from_representative"]),
            "request_type": d["request_type"],
            "behaviour": d["behaviour"],
            "scope": d.get("scope") or "",
        }


class ChronologyFilterForm(LimitedForm):
    complaint = forms.ChoiceField(label="Complaint", required=False)
    start = DateField(label="From")
    end = DateField(label="To")

    def __init__(self, *args, customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complaint"].choices = [("", "All")] + [(str(c.pk), c.reference) for c in customer.complaints.all()]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "The ‘to’ date must be the same as or after the ‘from’ date.")
        return data


class ImportForm(LimitedForm):
    """A CSV file of contacts to import (``records.imports.job_start``); what is in it is the importer's to judge."""

    file = forms.FileField(
        label="CSV file of contacts",
        error_messages={"required": "Choose a CSV file to import.", "empty": "The file is empty: choose another."},
    )

"""Forms of the letters pages: they parse what staff choose; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from faircontact.core.profiles import active_profile
from faircontact.pages.forms import DateField, LimitedForm
from faircontact.records.models import WRITTEN_CHANNELS, Channel, Direction, PreferredFormat

from .models import Letter, Status

AUTO = ""


class DraftForm(LimitedForm):
    kind = forms.ChoiceField(label="Kind of letter", error_messages={"required": "Choose the kind of letter."})
    case = forms.ChoiceField(label="Case it is about", required=False)
    addressed_to = forms.ChoiceField(label="Who it goes to", widget=forms.RadioSelect, required=False)
    format = forms.ChoiceField(label="Format", widget=forms.RadioSelect, required=False)
    covers = forms.MultipleChoiceField(
        label="Letters it acknowledges", widget=forms.CheckboxSelectMultiple, required=False
    )
    encloses = forms.ChoiceField(label="Letter copied (for a copy to someone involved)", required=False)

    FIELD_MAP = {"customer": "kind"}

    def __init__(self, *args, customer, kinds, acknowledge=(), **kwargs):
        super().__init__(*args, **kwargs)
        profile = active_profile()
        self.fields["kind"].choices = [(k, profile.letter_label(k)) for k in kinds]
        self.fields["case"].choices = [("", "None")] + [
            (str(c.pk), f"Case {c.pk}: {c.get_state_display()}") for c in customer.cases.all()
        ]
        self.fields["addressed_to"].choices = [
            (AUTO, "Automatically: the representative who acts for the customer, if any, otherwise the customer"),
            ("customer", f"{customer.name} (the customer)"),
        ] + [
            (
                str(r.pk),
                f"{r.name} ({r.get_relationship_display()}" + (", acts for the customer)" if r.may_act else ")"),
            )
            for r in customer.representatives.all()
        ]
        self.fields["format"].choices = [
            (AUTO, f"The customer's preferred format ({customer.get_preferred_format_display().lower()})")
        ] + list(PreferredFormat.choices)
        contacts = (
            customer.contacts.filter(direction=Direction.INBOUND, channel__in=WRITTEN_CHANNELS)
            .select_related("complaint")
            .order_by("-occurred_at")[:50]
        )
        self.fields["covers"].choices = [
            (
                str(c.pk),
                f"{Channel(c.channel).label} of {timezone.localtime(c.occurred_at):%-d %B %Y}"
                + (f" about {c.complaint.reference}" if c.complaint_id else ""),
            )
            for c in contacts
        ]
        self.fields["covers"].initial = [str(pk) for pk in acknowledge]
        self.fields["encloses"].choices = [("", "None")] + [
            (
                str(letter.pk),
                f"{profile.letter_label(letter.kind)} letter of {letter.issued_on:%-d %B %Y} "
                f"to {letter.recipient_name}",
            )
            for letter in Letter.objects.filter(customer=customer, status=Status.ISSUED)
        ]


class EditForm(LimitedForm):
    text = forms.CharField(label="Text of the letter", widget=forms.Textarea, required=False)
    format = forms.ChoiceField(label="Format", choices=PreferredFormat.choices, widget=forms.RadioSelect)
    enclosures = forms.CharField(label="Enclosures, one a line", widget=forms.Textarea, required=False)

    def enclosure_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["enclosures"].splitlines() if line.strip()]


class IssueForm(LimitedForm):
    on = DateField(label="Date sent", required=True)
    channel = forms.ChoiceField(
        label="Sent by",
        choices=[(c, Channel(c).label) for c in ("letter", "email", "portal", "visit", "other")],
        widget=forms.RadioSelect,
        initial="letter",
        error_messages={"required": "Choose how the letter was sent."},
    )


class TemplateForm(LimitedForm):
    body = forms.CharField(label="Template", widget=forms.Textarea, error_messages={"required": "Enter the template."})
    note = forms.CharField(label="What changed (for the version history)", max_length=300, required=False)


class ReadingForm(LimitedForm):
    status = forms.ChoiceField(
        label="Having read it",
        widget=forms.RadioSelect,
        choices=[
            ("no_new_issue", "No new issue: acknowledge it"),
            ("new_complaint", "It raises a new issue: a new complaint"),
            ("filed", "Nothing new: place it on file without reply"),
        ],
        error_messages={"required": "Choose what the letter raises."},
    )
    note = forms.CharField(label="Note", max_length=500, required=False)

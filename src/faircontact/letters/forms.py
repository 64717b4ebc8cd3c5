"""Forms of the letters pages: they parse what staff choose; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from faircontact.core.profiles import active_profile
from faircontact.pages.forms import DateField, LimitedForm
from faircontact.records.models import WRITTEN_CHANNELS, Channel, Direction, PreferredFormat

from .models import Letter, Status
from .sections import ELEMENT_NAME, HEADINGS, Section

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
    """A draft's wording as sections of plain text (``sections``: a heading and a text each, the parts the letter
    must state marked by hidden fields), its format, its enclosures and its copy list (002 §4). Staff never see or
    type HTML."""

    #: more sections than any letter has; a form claiming more is refused
    MAX_SECTIONS = 60

    count = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_SECTIONS)
    format = forms.ChoiceField(label="Format", choices=PreferredFormat.choices, widget=forms.RadioSelect)
    enclosures = forms.CharField(label="Enclosures, one a line", widget=forms.Textarea, required=False)
    copies = forms.CharField(label="Copy to, one a line", widget=forms.Textarea, required=False)

    def __init__(self, data=None, *, sections: list[Section], elements: dict, **kwargs):
        try:
            count = int(data.get("count")) if data is not None else len(sections)
        except (TypeError, ValueError):
            count = 0
        count = max(0, min(count, self.MAX_SECTIONS))
        super().__init__(data, **kwargs)
        self.fields["count"].initial = len(sections)
        self.parts = []
        for i in range(count):
            section = sections[i] if i < len(sections) else Section()
            element = elements.get(section.element)
            n = i + 1
            self.fields[f"s{i}-element"] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=section.element, max_length=40
            )
            self.fields[f"s{i}-level"] = forms.ChoiceField(
                widget=forms.HiddenInput, choices=[(h, h) for h in HEADINGS], initial=section.level
            )
            self.fields[f"s{i}-heading"] = forms.CharField(
                label=f"Heading of part {n}", required=False, max_length=300, initial=section.heading
            )
            self.fields[f"s{i}-body"] = forms.CharField(
                label=f"Text of part {n}", widget=forms.Textarea, required=False, initial=section.body
            )
            self.parts.append(
                {
                    "number": n,
                    "title": section.heading or ("Opening" if i == 0 and not section.element else "Text"),
                    "must_state": element.description if element else "",
                    "element": self[f"s{i}-element"],
                    "level": self[f"s{i}-level"],
                    "heading": self[f"s{i}-heading"],
                    "body": self[f"s{i}-body"],
                }
            )

    def clean(self):
        data = super().clean()
        for i in range(len(self.parts)):
            element = data.get(f"s{i}-element") or ""
            if element and not ELEMENT_NAME.fullmatch(element):
                raise forms.ValidationError("The letter's parts could not be read: open the draft again.")
        return data

    def sections(self) -> list[Section]:
        d = self.cleaned_data
        return [
            Section(
                element=d.get(f"s{i}-element") or "",
                level=d.get(f"s{i}-level") or "h2",
                heading=d.get(f"s{i}-heading") or "",
                body=d.get(f"s{i}-body") or "",
            )
            for i in range(len(self.parts))
        ]

    def enclosure_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["enclosures"].splitlines() if line.strip()]

    def copy_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["copies"].splitlines() if line.strip()]


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

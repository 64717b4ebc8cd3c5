"""Forms for the register pages: the reason for access, an enquiry, a removal and the auditor's filter."""

from __future__ import annotations

from django import forms

from faircontact.core.models import User
from faircontact.core.profiles import active_profile
from faircontact.core.users import staff_with_roles
from faircontact.pages.forms import DateField, LimitedForm


class EnquiryForm(LimitedForm):
    reference = forms.CharField(label="Customer reference", max_length=40, required=False)
    name = forms.CharField(label="Full name", max_length=200, required=False)
    nino = forms.CharField(label="National Insurance number", max_length=13, required=False)

    def clean(self):
        data = super().clean()
        if not any(data.get(k) for k in ("reference", "name", "nino")):
            raise forms.ValidationError("Give a reference, a name or a National Insurance number.")
        return data


class SubjectAccessFindForm(LimitedForm):
    q = forms.CharField(
        label="Customer reference, name or National Insurance number",
        max_length=200,
        error_messages={"required": "Give a reference, a name or a National Insurance number."},
    )


class RedactionForm(LimitedForm):
    """What to withhold from the pack: each line a name or a passage (UK GDPR Art. 15(4), DPA 2018 Sch. 2 para 16)."""

    third_parties = forms.CharField(
        label="Names of other people to withhold",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
    )
    passages = forms.CharField(
        label="Passages to withhold",
        widget=forms.Textarea,
        required=False,
        max_length=20000,
    )


class RemoveForm(LimitedForm):
    on = DateField(label="Date of removal", required=True)
    reasons = forms.CharField(
        label="Reasons for the removal",
        widget=forms.Textarea,
        error_messages={"required": "Give the reasons for the removal."},
    )
    confirmed_by = forms.ModelChoiceField(
        label="Decision maker (DSM) who confirmed the removal",
        required=False,
        queryset=User.objects.none(),
        empty_label="Choose the decision maker",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [u.pk for u in staff_with_roles(active_profile().steps["decide"].roles)]
        self.fields["confirmed_by"].queryset = User.objects.filter(pk__in=ids).order_by("last_name", "username")
        self.fields["confirmed_by"].label_from_instance = lambda u: u.display_name


class AuditFilterForm(LimitedForm):
    customer = forms.IntegerField(label="Customer id", required=False, min_value=1)
    actor = forms.CharField(label="Member of staff (username or id)", max_length=150, required=False)
    start = DateField(label="From")
    end = DateField(label="To")

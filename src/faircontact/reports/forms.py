"""The period and date choices on the report pages (ISO dates, as in the API's ``from``, ``to`` and ``as_of``)."""

from __future__ import annotations

from datetime import date

from django import forms

from faircontact.core.errors import InvalidInput

from .selectors import Period, period


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={
            "invalid": f"Enter the {label.lower()} as a real date in the format YYYY-MM-DD, like 2026-03-10."
        },
    )


class PeriodForm(forms.Form):
    """``from`` and ``to``; an empty or invalid form gives the twelve months to today."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = _date_field("From")
        self.fields["to"] = _date_field("To")

    def period(self, *, today: date) -> Period:
        if self.is_bound and self.is_valid():
            try:
                return period(self.cleaned_data["from"], self.cleaned_data["to"], today=today)
            except InvalidInput as error:
                self.add_error("from", error.message)
        return period(None, None, today=today)


class AsOfForm(forms.Form):
    as_of = _date_field("On")

    def as_of_date(self, *, today: date) -> date:
        if self.is_bound and self.is_valid() and self.cleaned_data["as_of"]:
            return self.cleaned_data["as_of"]
        return today

"""What every app's forms share: the GOV.UK date input, and a service's refusal shown against the field it names.

Each form names its fields after the service's keys where it can, so a :class:`DomainError` naming a field is shown
against that field (:func:`add_domain_error`).
"""

from __future__ import annotations

from datetime import date

from django import forms

from faircontact.core import clock
from faircontact.core.errors import DomainError


class DateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes named ``<name>_day``, ``_month`` and ``_year``."""

    def __init__(self):
        super().__init__({"day": forms.TextInput(), "month": forms.TextInput(), "year": forms.TextInput()})

    def decompress(self, value):
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]


class DateField(forms.MultiValueField):
    widget = DateInput

    def __init__(self, *, label: str, required: bool = False, **kwargs):
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(parts, label=label, required=required, require_all_fields=False, **kwargs)
        self.error_messages["required"] = f"Enter the {label.lower()}."

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(v or "").strip() for v in data_list)
        if not (day and month and year):
            raise forms.ValidationError(f"The {self.label.lower()} must include a day, month and year, like 27 3 2026.")
        try:
            value = date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"The {self.label.lower()} must be a real date, like 27 3 2026.")
        if value < clock.floor():
            raise forms.ValidationError(f"The {self.label.lower()} cannot be before {clock.floor():%-d %B %Y}.")
        return value

    def clean(self, value):
        if self.required and not any(value or []):
            raise forms.ValidationError(self.error_messages["required"])
        return self.compress(value)


def add_domain_error(form: forms.Form, error: DomainError, field_map: dict[str, str] | None = None) -> None:
    """Show a service's refusal on the form: against its field when the form has it, otherwise at the top."""
    name = (field_map or {}).get(error.field or "", error.field)
    form.add_error(name if name in form.fields else None, error.message)


def add_service_problems(form: forms.Form, problems, field_map: dict[str, str] | None = None) -> None:
    """A service's problems with the fields the form itself accepted, so that the error summary lists every error
    in one go rather than one per submit; a field that already has an error keeps only its own."""
    for problem in problems:
        name = (field_map or {}).get(problem.field or "", problem.field)
        if name in form.fields and name not in form.errors:
            form.add_error(name, problem.message)

"""What every app's forms share: the GOV.UK date input, the field length limits as form errors (:class:`LimitedForm`,
the base of every staff form), and a service's refusal shown against the field it names.

Each form names its fields after the service's keys where it can, so a :class:`DomainError` naming a field is shown
against that field (:func:`add_domain_error`).
"""

from __future__ import annotations

from datetime import date

from django import forms

from faircontact.core import clock
from faircontact.core.errors import DomainError
from faircontact.core.limits import field_limit


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


class LimitedForm(forms.Form):
    """Every staff form: a field longer than its limit (its own ``max_length``, at most ``core.limits.field_limit``,
    the rule the API's input boundary applies) is an error on that field in plain words, listed in the error summary
    with the others, instead of a bare 422 page (the middleware leaves staff pages' forms to this). The field's other
    errors are replaced: they could quote the text."""

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        for name, field in self.fields.items():
            value = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            values = value if isinstance(value, (list, tuple)) else [value]
            longest = max((len(v) for v in values if isinstance(v, str)), default=0)
            limit = min(field_limit(name), getattr(field, "max_length", None) or field_limit(name))
            if longest > limit:
                self._errors[name] = self.error_class(
                    [f"{field.label or name.capitalize()} must be {limit:,} characters or fewer; it has {longest:,}."]
                )
                self.cleaned_data.pop(name, None)


def lines(text: str) -> list[str]:
    """The non-blank lines of a text box, trimmed: one item each (support needs, recipients, buildings)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


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

"""Helpers for rendering Django forms with GOV.UK Design System markup."""

from datetime import date

from django import forms, template

from faircontact.pages.forms import DateField

register = template.Library()


def _anchor(bound) -> str:
    """The id the error summary links to: the first box of a date, the first option of radios/checkboxes."""
    if isinstance(bound.field, DateField):
        return f"{bound.auto_id}_day"
    if isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound.auto_id}_0"
    return bound.auto_id


@register.inclusion_tag("web/fields/error_summary.html")
def error_summary(*forms_):
    """The GOV.UK error summary for one or more forms; errors not about a field link to the main heading."""
    errors = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            errors.append(("main-content", message))
        for name, field_errors in form.errors.items():
            if name == "__all__":
                continue
            for message in field_errors:
                errors.append((_anchor(form[name]), message))
    return {"errors": errors}


@register.filter
def date_parts(bound) -> dict:
    """Day, month and year as typed (a bound form) or from the initial date."""
    value = bound.value()
    if isinstance(value, date):
        return {"day": value.day, "month": value.month, "year": value.year}
    value = list(value or []) + [None, None, None]
    return {"day": value[0] or "", "month": value[1] or "", "year": value[2] or ""}


@register.simple_tag
def described_by(bound, hint: str = "") -> str:
    """The ``aria-describedby`` ids for a field's hint and error message."""
    ids = []
    if hint:
        ids.append(f"{bound.auto_id}-hint")
    if bound.errors:
        ids.append(f"{bound.auto_id}-error")
    return " ".join(ids)

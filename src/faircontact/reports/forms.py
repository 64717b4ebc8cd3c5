"""The period and date choices on the report pages: GOV.UK date inputs (day, month, year), as on every other
page; a link may still give an ISO date (``?from=2026-01-01``, as in the API's ``from``, ``to`` and ``as_of``)."""

from __future__ import annotations

from datetime import date

from faircontact.core.errors import InvalidInput
from faircontact.pages.forms import DateField, LimitedForm

from .selectors import Period, period


def _date_field(label: str) -> DateField:
    return DateField(label=label)


def _with_parts(data, names: tuple[str, ...]):
    """A query with ISO dates (``from=2026-01-01``) also as the GOV.UK date input's day, month and year."""
    if data is None:
        return None
    data = data.copy()
    for name in names:
        value = data.get(name, "")
        if value and not any(data.get(f"{name}_{part}") for part in ("day", "month", "year")):
            year, _, rest = value.partition("-")
            month, _, day = rest.partition("-")
            data[f"{name}_day"], data[f"{name}_month"], data[f"{name}_year"] = day, month, year
    return data


class PeriodForm(LimitedForm):
    """``from`` and ``to``; an empty or invalid form gives the twelve months to today."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(_with_parts(data, ("from", "to")), *args, **kwargs)
        self.fields["from"] = _date_field("From")
        self.fields["to"] = _date_field("To")

    def period(self, *, today: date) -> Period:
        if self.is_bound and self.is_valid():
            try:
                return period(self.cleaned_data["from"], self.cleaned_data["to"], today=today)
            except InvalidInput as error:
                self.add_error("from", error.message)
        chosen = period(None, None, today=today)
        self.initial = {"from": chosen.start, "to": chosen.end}  # shown in the boxes when nothing was asked for
        return chosen


class AsOfForm(LimitedForm):
    as_of = _date_field("On")

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(_with_parts(data, ("as_of",)), *args, **kwargs)

    def as_of_date(self, *, today: date) -> date:
        if self.is_bound and self.is_valid() and self.cleaned_data["as_of"]:
            return self.cleaned_data["as_of"]
        self.initial = {"as_of": today}
        return today

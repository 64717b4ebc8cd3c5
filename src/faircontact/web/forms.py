"""Forms of the staff site's own pages (the records and cases forms are in their apps)."""

from __future__ import annotations

from django import forms

from faircontact.pages.forms import LimitedForm


class SearchForm(LimitedForm):
    q = forms.CharField(label="Reference, name or National Insurance number", max_length=200, required=False)

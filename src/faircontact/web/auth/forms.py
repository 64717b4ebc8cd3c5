"""The six-digit code form shared by the code and set-up pages."""

from __future__ import annotations

from django import forms

from faircontact.pages.forms import LimitedForm


class CodeForm(LimitedForm):
    code = forms.CharField(error_messages={"required": "Enter the 6-digit code from your app."})

    def __init__(self, *args, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = label

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != 6 or not code.isdigit():
            raise forms.ValidationError("The code must be 6 digits, like 123456.")
        return code

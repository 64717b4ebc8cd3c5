"""Equality monitoring categories for a customer (001 §7.1: monitor the policy's use against protected
characteristics). Optional for the customer: "Prefer not to say" is an answer, and a blank means not asked.

Ethnicity uses the Office for National Statistics' 2021 census groups for England and Wales; disability the
census question "Are your day-to-day activities limited because of a health problem or disability?". The equality
report (``reports.selectors.equality``) groups customers by exactly these stored values.
"""

from __future__ import annotations

from faircontact.core.errors import InvalidInput

PREFER_NOT_TO_SAY = "Prefer not to say"

ETHNICITIES = (
    "Asian or Asian British: Bangladeshi",
    "Asian or Asian British: Chinese",
    "Asian or Asian British: Indian",
    "Asian or Asian British: Pakistani",
    "Asian or Asian British: Other Asian",
    "Black or Black British: African",
    "Black or Black British: Caribbean",
    "Black or Black British: Other Black",
    "Mixed: White and Asian",
    "Mixed: White and Black African",
    "Mixed: White and Black Caribbean",
    "Mixed: Other Mixed",
    "White: English, Welsh, Scottish, Northern Irish or British",
    "White: Irish",
    "White: Gypsy or Irish Traveller",
    "White: Roma",
    "White: Other White",
    "Other ethnic group: Arab",
    "Other ethnic group: Any other ethnic group",
    PREFER_NOT_TO_SAY,
)

DISABILITIES = ("No", "Yes, limited a little", "Yes, limited a lot", PREFER_NOT_TO_SAY)

CATEGORIES = {"ethnicity": ("ethnic group", ETHNICITIES), "disability": ("disability", DISABILITIES)}


def check(data: dict) -> None:
    """Refuse an equality answer that is not one of the categories (a blank is allowed: not asked)."""
    for field, (words, allowed) in CATEGORIES.items():
        value = data.get(field)
        if value and value not in allowed:
            raise InvalidInput(
                f"Choose the customer's {words} from the list, ‘{PREFER_NOT_TO_SAY}’, or leave it blank.", field=field
            )

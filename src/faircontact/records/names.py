"""How a person is told apart: names folded for tolerant search, National Insurance numbers written one way."""

from __future__ import annotations

import re
import unicodedata

#: A National Insurance number once spaces are removed and letters made capital (like QQ123456C).
NINO_RE = re.compile(r"^[A-Z]{2}\d{6}[A-D]$")


def normalise_name(name: str) -> str:
    """Lower case without accents or punctuation, for tolerant search."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def normalise_nino(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()

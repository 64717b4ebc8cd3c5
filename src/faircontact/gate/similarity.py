"""Same issue or new: which of the customer's complaints an incoming contact is most likely about.

A suggestion with its score and the shared terms, for a person to confirm (003 §21, §33, Annex H step 3).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

STOPWORDS = frozenset(
    "a an and are as at be been but by for from has have i if in into is it its me my no not of on or our "
    "so that the their them there this to was we were what when which with you your about again still".split()
)
THRESHOLD = 0.55


def terms(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z']{2,}", text.lower()) if w not in STOPWORDS}


def same_issue(text: str, complaints: list[tuple[int, str]]) -> dict | None:
    """Best match of ``text`` against ``(complaint_id, summary)`` pairs, or None when nothing is close."""
    text = text.strip()
    if not text or not complaints:
        return None
    best = None
    for complaint_id, summary in complaints:
        score = fuzz.token_set_ratio(text.lower(), summary.lower()) / 100
        if best is None or score > best[1]:
            best = (complaint_id, score, summary)
    if best[1] < THRESHOLD:
        return None
    shared = sorted(terms(text) & terms(best[2]))[:10]
    return {"complaint": str(best[0]), "score": round(best[1], 3), "shared_terms": shared}

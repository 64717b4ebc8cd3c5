"""Possible abuse in a letter, e-mail or call note: a suggestion for a person to confirm (001 §6.3.3).

Two signals, both offline. (1) A model learned from public labelled corpora of abusive and ordinary text
(:mod:`faircontact.indicators.abuse_model`, shipped as arrays in ``models/abuse.npz``), applied sentence by
sentence: the text takes its most abusive sentence, so one abusive sentence in a long letter counts and a long
angry letter is not more suspect for being long. (2) Sentence patterns for threats of violence and menace idioms
(:mod:`faircontact.indicators.abuse_threats`), which public data teaches a model too rarely. Either flags the
text; the words shown are the threat's phrase or the words that carried the model's score, never stop words or
pleasantries. docs/text-analysis.md gives the measured false alarms and recall.
"""

from __future__ import annotations

from faircontact.core.limits import ANALYSED_CHARS
from faircontact.indicators import abuse_model
from faircontact.indicators.abuse_text import normalise, sentences
from faircontact.indicators.abuse_threats import threats


def possible_abuse(text: str) -> dict | None:
    """``{"categories", "triggers", "score"}`` when ``text`` may be abusive, otherwise None.

    ``categories`` is ``["threatening"]`` when a threat pattern matched, otherwise ``["abusive"]``;
    ``triggers`` lists the threat phrases, then the words behind the model's score; ``score`` is the model's
    probability for the most abusive sentence (1.0 when only a threat pattern flagged it).
    """
    text = (text or "")[:ANALYSED_CHARS]  # a bounded prefix (issue 14 §3)
    if not text.strip():
        return None
    model = abuse_model.load()
    normalised = sentences(normalise(text))
    found = threats(normalised)
    probability, piece = abuse_model.score(model, text, normalised)
    learned = probability >= model.threshold
    if not found and not learned:
        return None
    words = abuse_model.reasons(model, piece) if learned else []
    return {
        "categories": ["threatening"] if found else ["abusive"],
        "triggers": list(dict.fromkeys(found + words)) or [piece[:80]],
        "score": round(max(probability, 1.0 if found else 0.0), 3),
    }

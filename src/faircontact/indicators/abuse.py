"""Possible abuse in a letter, e-mail or call note: a suggestion for a person to confirm (001 §6.3.3).

Three signals, all offline. (1) Sentence rules over concept classes (:mod:`faircontact.indicators.abuse_rules`):
the structure of a threat, of harassment, of discrimination and of an insult aimed at a person, written from
general knowledge of English, over text whose hidden swearing, contractions and repeated letters are
normalised first (:mod:`faircontact.indicators.abuse_text`); guards keep quiet a customer reporting someone
else's threats, a hazard in the building, saying who one is or what one needs, and going to an MP, a
solicitor, the press or the Ombudsman (004: a legitimate issue is not unreasonableness). (2)
``alt-profanity-check``'s linear model (trained on public toxic-comment data, shipped inside the package) over
the whole text, and word by word to show the words that triggered it. (3) A small model learned from the
labelled sentences shipped with the package (:mod:`faircontact.indicators.abuse_model`), for the wordings the
rules did not anticipate; it shows the words that weighed most. Any one of them flags the text.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np

from faircontact.core.limits import ANALYSED_CHARS
from faircontact.indicators import abuse_model
from faircontact.indicators.abuse_rules import rule_hits
from faircontact.indicators.abuse_text import normalise, sentences

#: Profanity model score over which a text (or a word) is called possibly abusive.
MODEL_THRESHOLD = 0.8
#: Words the model scores high that are strong language about a situation, not abuse of a person ("bloody
#: hell", "the smell is disgusting", "the wiring could kill"): the model alone flags a text only through
#: another word.
MILD_WORDS = frozenset(
    "bloody hell damn damned crap crappy shit shite shitty bollocks disgusting disgraceful kill killed killing "
    "kills die died dies dying dead death hate hated sick stupid rubbish pathetic useless ridiculous sucks "
    "piss pissed arse ass god christ jesus".split()
)


def lexicon_hits(text: str) -> dict[str, list[str]]:
    """The words that the sentence rules of each category matched in ``text``."""
    return rule_hits(sentences(normalise(text)))


@cache
def _profanity_model() -> tuple:
    """``alt-profanity-check``'s vectoriser and its five sigmoid-calibrated linear SVMs as arrays: weights (one
    column per SVM), intercepts and the calibrations' ``a`` and ``b``."""
    from profanity_check.profanity_check import model, vectorizer

    parts = model.calibrated_classifiers_
    return (
        vectorizer,
        np.column_stack([p.estimator.coef_.ravel() for p in parts]),
        np.array([p.estimator.intercept_[0] for p in parts]),
        np.array([p.calibrators[0].a_ for p in parts]),
        np.array([p.calibrators[0].b_ for p in parts]),
    )


def profanity_probabilities(texts: list[str]) -> np.ndarray:
    """``profanity_check.predict_prob(texts)`` computed directly from the model's arrays: the mean over the
    calibrated SVMs of ``1 / (1 + exp(a * decision + b))`` — the same figures, without scikit-learn's per-call
    checks (0.4 ms instead of 3.3 ms for a short contact and its words)."""
    vectorizer, weights, intercepts, a, b = _profanity_model()
    decision = vectorizer.transform(texts) @ weights + intercepts
    return (1.0 / (1.0 + np.exp(a * decision + b))).mean(axis=1)


def model_scores(text: str) -> tuple[float, list[str]]:
    """The profanity model's score for ``text`` and the words, other than :data:`MILD_WORDS`, it scores over
    :data:`MODEL_THRESHOLD` alone."""
    text = normalise(text)
    words = list(dict.fromkeys(re.findall(r"[a-z*][a-z*']+", text)))
    if not words:
        return 0.0, []
    scores = profanity_probabilities([text, *words])
    return float(scores[0]), [
        w for w, s in zip(words, scores[1:], strict=True) if s >= MODEL_THRESHOLD and w not in MILD_WORDS
    ]


def possible_abuse(text: str) -> dict | None:
    """``{"categories", "triggers", "score"}`` when ``text`` may be abusive, otherwise None.

    Flagged when a sentence rule matches, or the profanity model scores the text at :data:`MODEL_THRESHOLD` or
    more through a word that is not mild, or the learned model scores a part of it at
    :data:`~faircontact.indicators.abuse_model.THRESHOLD` or more; ``triggers`` lists the words behind it (the
    rules' first), for the person who confirms or rejects it; ``score`` is the higher of the models' scores.
    """
    text = (text or "")[:ANALYSED_CHARS]  # a bounded prefix (issue 14 §3)
    if not text.strip():
        return None
    hits = lexicon_hits(text)
    score, words = model_scores(text)
    profane = score >= MODEL_THRESHOLD and bool(words)
    learned, weighed = abuse_model.score(abuse_model.trained(), text)
    if not hits and not profane and learned < abuse_model.THRESHOLD:
        return None
    categories = sorted(hits) or ["abusive"]
    matched = [phrase for phrases in hits.values() for phrase in phrases]
    triggers = list(dict.fromkeys(matched + words + (weighed if learned >= abuse_model.THRESHOLD else [])))
    return {"categories": categories, "triggers": triggers, "score": round(max(score, learned), 3)}

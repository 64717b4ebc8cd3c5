"""A small learned model of abusive sentences, trained in process on the labelled corpus shipped with the package.

TF-IDF word (1–2) and character (2–4, within words) n-grams of normalised text, logistic regression with
balanced classes, fitted on the sentences of :mod:`faircontact.indicators.abuse_corpus` the first time it is
needed (well under a second; no pickle, nothing downloaded, the same model every time). A text is scored
sentence by sentence and as a whole, and takes its most abusive part, so a threat in a long letter is not
diluted by the rest of it. The words shown are the word n-grams that pushed that part's score up most.
Choices (features, ``C``, :data:`THRESHOLD`) were made leave-one-set-out on the development sets only: see
docs/text-analysis.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from faircontact.indicators.abuse_corpus import NEUTRAL, SETS
from faircontact.indicators.abuse_text import normalise, sentences

#: Probability from which the model calls a part of a text possibly abusive (recall first: a missed threat
#: costs more than a second look).
THRESHOLD = 0.4
#: Inverse regularisation strength of the logistic regression.
C = 3.0
#: Most word n-grams shown as the words that triggered the model.
SHOWN = 3
#: Characters of the most abusive part shown instead when no word n-gram raised its score.
SHOWN_PART = 80


@dataclass(frozen=True)
class Model:
    """Fitted vectorisers and the regression's weights, split between word and character features."""

    words: object
    chars: object
    word_weights: object
    char_weights: object
    intercept: float
    word_names: object
    stop_words: frozenset[str]


def corpus(exclude: Iterable[str] = ()) -> list[tuple[str, bool]]:
    """``(sentence, abusive)`` pairs of every corpus set except those named in ``exclude``, and the ordinary
    sentences."""
    skip = set(exclude)
    pairs = [(s, True) for name, (bad, _) in SETS.items() if name not in skip for s in bad]
    pairs += [(s, False) for name, (_, good) in SETS.items() if name not in skip for s in good]
    return pairs + [(s, False) for s in NEUTRAL]


def fit(examples: list[tuple[str, bool]]) -> Model:
    """The model fitted on ``examples`` (``(text, abusive)``)."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [normalise(text) for text, _ in examples]
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(texts)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True).fit(texts)
    features = hstack([words.transform(texts), chars.transform(texts)]).tocsr()
    regression = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
    regression.fit(features, [bool(label) for _, label in examples])
    weights = regression.coef_[0]
    split = len(words.vocabulary_)
    return Model(
        words,
        chars,
        weights[:split],
        weights[split:],
        float(regression.intercept_[0]),
        words.get_feature_names_out(),
        frozenset(ENGLISH_STOP_WORDS),
    )


def score(model: Model, text: str) -> tuple[float, list[str]]:
    """The probability that the most abusive part of ``text`` (a sentence, or the whole) is abusive, and the
    word n-grams in that part, not all stop words, that raised it most (or, if none did, the start of that
    part)."""
    whole = normalise(text)
    parts = list(dict.fromkeys([whole, *sentences(whole)]))
    word_x = model.words.transform(parts)
    logits = word_x @ model.word_weights + model.chars.transform(parts) @ model.char_weights + model.intercept
    best = int(logits.argmax())
    row = word_x.getrow(best)
    raised = sorted(
        ((value * model.word_weights[i], i) for i, value in zip(row.indices, row.data, strict=True)), reverse=True
    )
    shown = [
        name
        for contribution, i in raised
        if contribution > 0
        if not model.stop_words.issuperset((name := str(model.word_names[i])).split())
    ][:SHOWN]
    return 1 / (1 + math.exp(-float(logits[best]))), shown or [parts[best][:SHOWN_PART]]


@cache
def trained() -> Model:
    """The product's model, fitted once per process on the whole corpus."""
    return fit(corpus())

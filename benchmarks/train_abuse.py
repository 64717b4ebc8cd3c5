"""Train the possible-abuse model shipped in ``src/faircontact/indicators/models/abuse.npz``.

    nice -n 10 .venv/bin/python benchmarks/train_abuse.py      # ~1 minute on 2 cores

Public corpora only (``benchmarks/text_corpora.py`` says where each comes from; they are not committed):
abusive = Davidson et al.'s hate speech and offensive tweets, ConvAbuse's abusive messages (train split) and
HateCheck's hateful cases (threats among them); ordinary = Davidson's "neither" tweets, ConvAbuse's non-abusive
messages, HateCheck's non-hateful contrasts, BANKING77 requests, and the sentences of Amazon product reviews and
of 35 % of the Comcast FCC complaints (angry letters). Issue 16's fourth round added comment-form hate about
groups of people and violence urged on them (``EXTRA``): HateXplain's Gab posts and tweets (offensive or hate
speech against normal), Fox News comments (hateful or not) and Latent Hatred's posts (explicit or implicit hate
against not hate), each less a held-back share for development (``EXTRA_SHARE``; ``benchmarks/dev_abuse.py``
reports it), never a sentence of the Stormfront development set. The Gab Hate Corpus can be added with
``--extras`` for experiments; it is not trained on (it did worse on development data and its licence could not
be confirmed here). Held out, never trained or tuned on: ConvAbuse's test
split, ETHOS, BANKING77's test split and half of the Comcast complaints (measured by ``benchmarks/eval_text.py``).
Tuned on the development part: ConvAbuse's validation split, 15 % of Davidson, 20 % of the Amazon reviews and 15 %
of the Comcast complaints (whole reviews and letters, for the threshold).

Features: TF-IDF word 1-2-grams and character 2-5-grams within words, of normalised text
(:func:`faircontact.indicators.abuse_text.normalise`), words and character n-grams seen in at least 3 texts;
logistic regression with balanced classes. The threshold is the lowest whose false alarms on the development
reviews and letters (whole texts, scored sentence by sentence, the most abusive sentence taken) stay at most
0.5 %.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

import text_corpora as corpora  # noqa: E402

from faircontact.indicators.abuse_text import normalise, sentences  # noqa: E402

MODEL = ROOT / "src" / "faircontact" / "indicators" / "models" / "abuse.npz"
C = 4.0
MIN_DF = 3
FALSE_ALARMS = 0.005


def review_sentences(reviews: list[str]) -> list[str]:
    return [s for text in reviews for s in sentences(normalise(text)) if len(s.split()) >= 2]


#: Corpora added in issue 16's fourth round (comment-form hate about groups of people, violence urged on them),
#: each with the share held back for development.
EXTRA_SHARE = {"hatexplain": 0.2, "fox_news": 0.3, "implicit_hate": 0.2, "gab_hate": 0.2}
EXTRA = ("hatexplain", "fox_news", "implicit_hate")
SOURCE_NAME = {
    "hatexplain": "hatexplain.csv",
    "fox_news": "fox_news_comments.json",
    "implicit_hate": "implicit_hate.tsv",
    "gab_hate": "ghc_train.tsv + ghc_test.tsv",
}


def extra(name: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """``(trained, held back)`` of a fourth-round corpus."""
    if name == "hatexplain":
        items = [(text, abusive) for text, abusive, _ in corpora.hatexplain()]
    elif name == "gab_hate":
        items = [(text, hateful) for split in ("train", "test") for text, hateful, _ in corpora.gab_hate(split)]
    else:
        items = getattr(corpora, name)()
    return corpora.split(items, EXTRA_SHARE[name])


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def data(extras: tuple[str, ...] = EXTRA):
    davidson_train, davidson_dev = corpora.split(corpora.davidson(), 0.15)
    reviews = [text for text, _ in corpora.amazon()]
    reviews_train, reviews_dev = corpora.split(reviews, 0.2)
    train = davidson_train + corpora.convabuse("train")
    train += [(text, hateful) for text, hateful, _ in corpora.hatecheck()]
    train += [(text, False) for text, _ in corpora.banking("train")]
    train += [(s, False) for s in review_sentences(reviews_train)]
    letters, _ = comcast_halves()
    letters_train, letters_dev = corpora.split(letters, 0.3)
    train += [(s, False) for s in review_sentences(letters_train)]
    if extras:  # never a sentence of the Stormfront development set (two of Latent Hatred's posts are)
        storm = {_key(text) for text, _ in corpora.stormfront()}
        for name in extras:
            train += [(text, y) for text, y in extra(name)[0] if _key(text) not in storm]
    dev = davidson_dev + corpora.convabuse("valid")
    return train, dev, reviews_dev + letters_dev


def comcast_halves() -> tuple[list[str], list[str]]:
    """The Comcast complaints cut in two: of the first half 70 % are trained on and 30 % set the threshold; the
    second half is only measured."""
    return corpora.split([story for _, story in corpora.comcast()], 0.5)


def fit(train):
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [normalise(t) for t, _ in train]
    labels = np.array([bool(y) for _, y in train])
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=MIN_DF, token_pattern=r"(?u)\b\w[\w']*\b")
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=MIN_DF)
    x = hstack([words.fit_transform(texts), chars.fit_transform(texts)]).tocsr()
    regression = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
    regression.fit(x, labels)
    return words, chars, regression


def save(words, chars, regression, threshold: float, meta: dict) -> None:
    split = len(words.vocabulary_)
    coef = regression.coef_[0]
    word_names = words.get_feature_names_out()
    char_names = chars.get_feature_names_out()
    MODEL.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        MODEL,
        word_names=word_names.astype(str),
        word_idf=words.idf_.astype(np.float32),
        word_coef=coef[:split].astype(np.float32),
        char_names=char_names.astype(str),
        char_idf=chars.idf_.astype(np.float32),
        char_coef=coef[split:].astype(np.float32),
        intercept=np.float32(regression.intercept_[0]),
        threshold=np.float32(threshold),
        meta=np.array(json.dumps(meta)),
    )


def main() -> None:
    import argparse

    global MODEL, C
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=MODEL, help="where to write the model (experiments)")
    parser.add_argument("--extras", default=",".join(EXTRA), help="fourth-round corpora to add, comma-separated")
    parser.add_argument("--c", type=float, default=C, help="the regression's inverse regularisation (experiments)")
    args = parser.parse_args()
    MODEL, C = args.out, args.c
    extras = tuple(e for e in args.extras.split(",") if e)
    started = time.time()
    train, dev, reviews_dev = data(extras)
    print(f"training on {len(train)} texts ({sum(y for _, y in train)} abusive)")
    words, chars, regression = fit(train)
    save(words, chars, regression, 0.5, {})
    from faircontact.indicators import abuse_model

    abuse_model.load.cache_clear()
    model = abuse_model.load(MODEL)
    review_scores = np.array([abuse_model.score(model, r)[0] for r in reviews_dev])
    dev_scores = np.array([abuse_model.score(model, t)[0] for t, _ in dev])
    dev_labels = np.array([y for _, y in dev])
    candidates = np.round(np.arange(0.30, 0.99, 0.01), 2)
    allowed = [t for t in candidates if (review_scores >= t).mean() <= FALSE_ALARMS]
    threshold = float(min(allowed))
    flagged = dev_scores >= threshold
    tp = int((flagged & dev_labels).sum())
    precision = tp / max(1, flagged.sum())
    recall = tp / max(1, dev_labels.sum())
    print(
        f"threshold {threshold:.2f}: development reviews flagged {(review_scores >= threshold).mean():.3%}; "
        f"development abuse precision {precision:.3f} recall {recall:.3f}"
    )
    meta = {
        "trained_on": [
            "davidson.csv (85 %)",
            "convabuse_train.csv",
            "banking77_train.csv",
            "amazon_reviews.csv (80 %, sentences)",
            "hatecheck_cases.csv",
            "comcast_fcc.csv (35 %, sentences)",
        ]
        + [f"{SOURCE_NAME[e]} ({1 - EXTRA_SHARE[e]:.0%})" for e in extras],
        "sources": {n: f"{s.repo}@{s.commit}:{s.path}" for n, s in corpora.SOURCES.items()},
        "C": C,
        "min_df": MIN_DF,
        "threshold_rule": f"lowest with development review and letter false alarms <= {FALSE_ALARMS:.1%}",
    }
    save(words, chars, regression, threshold, meta)
    print(f"saved {MODEL} ({MODEL.stat().st_size / 1e6:.1f} MB) in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()

